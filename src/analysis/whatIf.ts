/**
 * Analysis 7 of the issue — what if. From the staffing model (analysis/staffing.ts: incidents ~
 * shortfall band + agency band + person + shift + weekday), the incidents expected for the same
 * people and periods had every period been staffed to requirement, or had agency share stayed at
 * or under a chosen band, or both. Observed vs expected vs counterfactual, with 95 % intervals.
 *
 * Each model cell c has a fitted mean μ_c. Changing its staffing band changes its design row by
 * Δ_c, so its counterfactual mean is μ_c·exp(Δ_c·β). The total C = Σ μ_c exp(Δ_c·β) has gradient
 * g = Σ μ_c exp(Δ_c·β) Δ_c, and by the delta method var(C) = gᵀ Σ_β g, times the dispersion when
 * the model widened its intervals. The fitted means are taken as given: the interval carries the
 * uncertainty of the rate ratios, which dominates.
 */
import type { Connector } from '../db/connector';
import { SHARE_BAND_LABELS, SHARE_BANDS, type Settings, type ShareBand } from '../model/settings';
import { Z95 } from '../stats/intervals';
import { exposureWhere } from './filters';
import { fmt } from './sentences';
import { cellSource, fitStaffingModel, MODEL_CELLS, type ModelCell, type ModelDesign, type StaffingModel } from './staffing';
import type { Estimate, Filters, StaffingResult } from './types';

export type ScenarioKey = 'fullStaffing' | 'agencyCap' | 'both';

export interface WhatIfOptions {
  /** Agency share is capped at this band: periods in higher bands are moved to it. Default upTo25. */
  agencyCap?: ShareBand;
}

export interface Scenario {
  key: ScenarioKey;
  /** "every period fully staffed", … */
  label: string;
  /** Incidents in the person-periods the model uses. */
  observed: number;
  /** The model's expected incidents as they were staffed (equal to observed, up to rounding, with the person in the model). */
  expected: number;
  /** Expected incidents under the scenario, with a 95 % interval; null when it cannot be estimated. */
  counterfactual: Estimate | null;
  /** expected − counterfactual: incidents the scenario would have avoided (negative: added). */
  fewer: Estimate | null;
  /** Why it cannot be estimated. */
  message: string | null;
  sentence: string;
}

export interface PersonWhatIf {
  personId: string;
  label: string;
  observed: number;
  expected: number;
  fullStaffing: Estimate | null;
  agencyCap: Estimate | null;
  both: Estimate | null;
}

export interface WhatIfResult {
  filters: Filters;
  agencyCap: ShareBand;
  /** Whom the model was fitted on: every person under the unit and date filters. */
  fittedOn: string;
  model: StaffingResult['model'];
  rateRatios: StaffingResult['rateRatios'];
  scenarios: Record<ScenarioKey, Scenario>;
  /** One row per person in the selection (data-table ready). */
  people: PersonWhatIf[];
  /** Incidents in person-periods without a shortfall or agency band, left out of the model. */
  incidentsOutsideModel: number;
  /** The headline: the full-staffing sentence. */
  sentence: string;
  note: string;
  warnings: string[];
}

export const WHAT_IF_NOTE =
  'These are model estimates. They take the rate ratios for shortfall and agency share as the effect of ' +
  'staffing, comparing like with like (same person, shift and weekday); the data show an association and ' +
  'cannot prove it is cause. Staff added because a unit was unsettled would make the estimates too small. ' +
  'The model is fitted on everyone in the selected unit and dates, and its rate ratios then applied to the ' +
  'chosen person’s own periods and incidents.';

const LEFT_OUT = (where: string) => `
SELECT coalesce(sum(incidents), 0)::DOUBLE AS n FROM person_periods pp
WHERE ${where} AND (shortfall_band IS NULL OR agency_band IS NULL)`;

const PEOPLE = `SELECT person_idx, person_id AS "personId", label FROM person_spans ORDER BY label`;

export async function whatIfAnalysis(
  db: Connector,
  filters: Filters,
  settings: Settings,
  options: WhatIfOptions = {},
): Promise<WhatIfResult> {
  // The rate ratios come from everyone under the unit and date filters; the person filter picks whose periods are projected.
  const source = cellSource({ ...filters, personId: null });
  const cells = await db.query<ModelCell>(MODEL_CELLS(source.sql), source.params);
  const people = await db.query<{ person_idx: number; personId: string; label: string }>(PEOPLE);
  const pw = exposureWhere(filters);
  const [leftOut] = await db.query<{ n: number }>(LEFT_OUT(pw.sql), pw.params);
  const chosen = filters.personId ? people.filter((p) => p.personId === filters.personId) : null;
  const result = whatIfFromCells(cells, settings, {
    ...options,
    people: chosen ?? people,
    personLabel: chosen?.[0]?.label ?? null,
  });
  const warnings = [...result.warnings];
  if ((leftOut?.n ?? 0) > 0) {
    warnings.push(`${leftOut!.n} incidents are in periods without a known shortfall or agency share and are left out of these estimates.`);
  }
  return { ...result, filters, incidentsOutsideModel: leftOut?.n ?? 0, warnings };
}

/** The scenarios from model cells; `people` are the ones projected (all in the cells when not narrowed). */
export function whatIfFromCells(
  cells: ModelCell[],
  settings: Settings,
  options: WhatIfOptions & { people?: { person_idx: number; personId: string; label: string }[]; personLabel?: string | null } = {},
): Omit<WhatIfResult, 'filters' | 'incidentsOutsideModel'> {
  const cap = options.agencyCap ?? 'upTo25';
  const model = fitStaffingModel(cells, settings);
  const chosenIdx = options.people ? new Set(options.people.map((p) => p.person_idx)) : null;
  const selected = cells.map((_, i) => i).filter((i) => !chosenIdx || chosenIdx.has(cells[i]!.person_idx));
  const who = options.personLabel ? `For ${options.personLabel}, had` : 'Had';

  const scenarios = {} as Record<ScenarioKey, Scenario>;
  for (const key of ['fullStaffing', 'agencyCap', 'both'] as const) {
    scenarios[key] = scenario(key, cells, selected, model, cap, who);
  }
  const byPerson = new Map<number, number[]>();
  for (const i of selected) {
    const list = byPerson.get(cells[i]!.person_idx);
    if (list) list.push(i);
    else byPerson.set(cells[i]!.person_idx, [i]);
  }
  const people = (options.people ?? [])
    .map((p) => {
      const mine = byPerson.get(p.person_idx);
      if (!mine) return null;
      const run = (key: ScenarioKey) => scenario(key, cells, mine, model, cap, who).counterfactual;
      return {
        personId: p.personId,
        label: p.label,
        observed: mine.reduce((t, i) => t + cells[i]!.y, 0),
        expected: model.design ? mine.reduce((t, i) => t + model.design!.fitted[i]!, 0) : mine.reduce((t, i) => t + cells[i]!.y, 0),
        fullStaffing: run('fullStaffing'),
        agencyCap: run('agencyCap'),
        both: run('both'),
      };
    })
    .filter((p): p is PersonWhatIf => p !== null);

  return {
    agencyCap: cap,
    fittedOn: 'everyone in the selected unit and dates',
    model: model.summary,
    rateRatios: model.rateRatios,
    scenarios,
    people,
    sentence: scenarios.fullStaffing.sentence,
    note: WHAT_IF_NOTE,
    warnings: model.warnings,
  };
}

/** How each cap reads after "Had …" and as a short label. */
const CAP_WORDS: Record<ShareBand, { condition: string; label: string }> = {
  none: { condition: 'there been no agency staff in any period', label: 'no agency staff' },
  upTo25: { condition: 'agency staff worked no more than 25 % of staff-hours in any period', label: 'agency share at most 25 %' },
  from25To50: { condition: 'agency staff worked no more than 50 % of staff-hours in any period', label: 'agency share at most 50 %' },
  over50: { condition: 'agency share been left as it was', label: 'agency share unchanged' },
};

function scenario(key: ScenarioKey, cells: ModelCell[], selected: number[], model: StaffingModel, cap: ShareBand, who: string): Scenario {
  const capWords = CAP_WORDS[cap];
  const label =
    key === 'fullStaffing' ? 'every period fully staffed' : key === 'agencyCap' ? capWords.label : `fully staffed and ${capWords.label}`;
  const condition =
    key === 'fullStaffing'
      ? 'every period been fully staffed'
      : key === 'agencyCap'
        ? capWords.condition
        : `every period been fully staffed, and had ${capWords.condition}`;
  const observed = selected.reduce((t, i) => t + cells[i]!.y, 0);
  const base = { key, label, observed };
  const d = model.design;
  if (selected.length === 0) {
    const message = 'There are no periods with known staffing in this selection, so there is nothing to project.';
    return { ...base, expected: 0, counterfactual: null, fewer: null, message, sentence: message };
  }
  if (!d) {
    const message = model.summary.message ?? 'The staffing model could not be fitted for this selection.';
    return { ...base, expected: observed, counterfactual: null, fewer: null, message, sentence: message };
  }
  const expected = selected.reduce((t, i) => t + d.fitted[i]!, 0);
  // The design change depends only on a cell's pair of bands: sum the fitted means per pair first.
  const change = deltas(d, cap);
  const byPair = new Map<string, { cell: ModelCell; mu: number }>();
  for (const i of selected) {
    const c = cells[i]!;
    const mu = d.fitted[i]!;
    if (mu === 0) continue;
    const k = `${c.shortfall_band}|${c.agency_band}`;
    const pair = byPair.get(k);
    if (pair) pair.mu += mu;
    else byPair.set(k, { cell: c, mu });
  }
  let failure: string | null = null;
  let total = 0;
  const g = new Float64Array(d.columns.length);
  for (const { cell, mu } of byPair.values()) {
    const terms: [number, number][] = [];
    if (key !== 'agencyCap') {
      const t = change.shortfall(cell);
      if (typeof t === 'string') failure ??= t;
      else terms.push(...t);
    }
    if (key !== 'fullStaffing') {
      const t = change.agency(cell);
      if (typeof t === 'string') failure ??= t;
      else terms.push(...t);
    }
    const shifted = mu * Math.exp(terms.reduce((sum, [j, sign]) => sum + sign * d.coefficients[j]!, 0));
    total += shifted;
    for (const [j, sign] of terms) g[j] = g[j]! + sign * shifted;
  }
  if (failure) return { ...base, expected, counterfactual: null, fewer: null, message: failure, sentence: failure };
  let variance = 0;
  for (let j = 0; j < g.length; j++) {
    if (g[j] === 0) continue;
    for (let k = 0; k < g.length; k++) if (g[k] !== 0) variance += g[j]! * g[k]! * d.covariance[j]![k]!;
  }
  const half = Z95 * Math.sqrt(Math.max(0, variance) * d.varianceFactor);
  if (!Number.isFinite(half)) {
    const message = 'The interval for this scenario cannot be estimated from this selection.';
    return { ...base, expected, counterfactual: null, fewer: null, message, sentence: message };
  }
  const counterfactual = { estimate: total, lower: Math.max(0, total - half), upper: total + half };
  const fewer = { estimate: expected - total, lower: expected - total - half, upper: expected - total + half };
  return { ...base, expected, counterfactual, fewer, message: null, sentence: scenarioSentence(who, condition, fewer, observed) };
}

/**
 * The design change of each scenario for a cell, as (column, ±1) terms; a string when a needed
 * rate ratio is not estimable. Shortfall: the cell's band → none (its dummy goes from 1 to 0).
 * Agency: a band above the cap → the cap (its dummy off, the cap's dummy on unless the cap is the reference).
 */
function deltas(d: ModelDesign, cap: ShareBand) {
  const column = (name: string) => d.columns.indexOf(name);
  const usable = (j: number) => j >= 0 && Number.isFinite(d.coefficients[j]!);
  const capRank = SHARE_BANDS.indexOf(cap);
  const refRank = SHARE_BANDS.indexOf(d.agencyReference);
  return {
    shortfall(c: ModelCell): [number, number][] | string {
      if (c.shortfall_band === 'none') return [];
      const j = column(`shortfall:${c.shortfall_band}`);
      return usable(j) ? [[j, -1]] : `The rate ratio for periods ${c.shortfall_band === 'one' ? 'about one' : 'two or more'} staff short cannot be estimated from this selection, so neither can full staffing.`;
    },
    agency(c: ModelCell): [number, number][] | string {
      if (SHARE_BANDS.indexOf(c.agency_band) <= capRank) return [];
      if (capRank < refRank) return `There are no periods with agency share ${SHARE_BAND_LABELS[cap].toLowerCase()} in this selection to compare with.`;
      const terms: [number, number][] = [];
      const from = column(`agency:${c.agency_band}`);
      if (!usable(from)) return `The rate ratio for agency share ${SHARE_BAND_LABELS[c.agency_band].toLowerCase()} cannot be estimated from this selection.`;
      terms.push([from, -1]);
      if (cap !== d.agencyReference) {
        const to = column(`agency:${cap}`);
        if (!usable(to)) return `There are no periods with agency share ${SHARE_BAND_LABELS[cap].toLowerCase()} in this selection to compare with.`;
        terms.push([to, 1]);
      }
      return terms;
    },
  };
}

function scenarioSentence(who: string, condition: string, fewer: Estimate, observed: number): string {
  const range = (a: number, b: number) => `95 % CI ${fmt(a, 0)} to ${fmt(b, 0)}`;
  const small = observed < 10 ? ` These are small numbers (${fmt(observed, 0)} incidents).` : '';
  if (fewer.lower <= 0 && fewer.upper >= 0) {
    return `${who} ${condition}, the model does not show a clear change in the number of incidents (${fmt(fewer.estimate, 0)} fewer, ${range(fewer.lower, fewer.upper)}).${small}`;
  }
  if (fewer.estimate < 0) {
    return `${who} ${condition}, about ${fmt(-fewer.estimate, 0)} more incidents would be expected (${range(-fewer.upper, -fewer.lower)}), against ${fmt(observed, 0)} recorded.${small}`;
  }
  return `${who} ${condition}, about ${fmt(fewer.estimate, 0)} fewer incidents would be expected (${range(fewer.lower, fewer.upper)}), out of ${fmt(observed, 0)} recorded.${small}`;
}
