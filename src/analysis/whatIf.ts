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
import { SHARE_BAND_LABELS, SHARE_BANDS, SHORTFALL_BANDS, type Settings, type ShareBand } from '../model/settings';
import { Z95 } from '../stats/intervals';
import { fmt } from './sentences';
import { cellSource, fitStaffingModel, staffingModel, type ModelCell, type ModelDesign, type StaffingModel } from './staffing';
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

/** Incidents in periods without a shortfall or agency band (left out of the model), from the band sums; and the people, one row each. */
const PEOPLE = (bands: string) => `
SELECT ps.person_idx, ps.person_id AS "personId", ps.label,
       (SELECT coalesce(sum(incidents) FILTER (WHERE sf IS NULL OR ag IS NULL), 0) FROM (${bands}) b)::DOUBLE AS left_out
FROM person_spans ps ORDER BY ps.label`;

export async function whatIfAnalysis(
  db: Connector,
  filters: Filters,
  settings: Settings,
  options: WhatIfOptions = {},
): Promise<WhatIfResult> {
  // The rate ratios come from everyone under the unit and date filters (the same fit as the
  // staffing page's for that selection); the person filter picks whose periods are projected.
  const { cells, model } = await staffingModel(db, { ...filters, personId: null }, settings);
  const bands = cellSource(filters).bands;
  const rows = await db.query<{ person_idx: number; personId: string; label: string; left_out: number }>(PEOPLE(bands.sql), bands.params);
  const people = rows.map(({ person_idx, personId, label }) => ({ person_idx, personId, label }));
  const leftOut = { n: rows[0]?.left_out ?? 0 };
  const chosen = filters.personId ? people.filter((p) => p.personId === filters.personId) : null;
  const result = whatIfFromCells(cells, settings, {
    ...options,
    people: chosen ?? people,
    personLabel: chosen?.[0]?.label ?? null,
    model,
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
  options: WhatIfOptions & {
    people?: { person_idx: number; personId: string; label: string }[];
    personLabel?: string | null;
    /** The model already fitted on these cells, if it was. */
    model?: StaffingModel;
  } = {},
): Omit<WhatIfResult, 'filters' | 'incidentsOutsideModel'> {
  const cap = options.agencyCap ?? 'upTo25';
  const model = options.model ?? fitStaffingModel(cells, settings);
  const chosenIdx = options.people ? new Set(options.people.map((p) => p.person_idx)) : null;
  const who = options.personLabel ? `For ${options.personLabel}, ` : '';

  // One pass over the cells: the selection's and each person's totals, fitted means per pair of bands.
  const fitted = model.design?.fitted ?? null;
  const all = emptyTotals();
  const byPerson = new Map<number, Totals>();
  cells.forEach((c, i) => {
    if (chosenIdx && !chosenIdx.has(c.person_idx)) return;
    let mine = byPerson.get(c.person_idx);
    if (!mine) byPerson.set(c.person_idx, (mine = emptyTotals()));
    const mu = fitted ? fitted[i]! : 0;
    const pair = SHARE_BANDS.length * SHORTFALL_INDEX[c.shortfall_band] + SHARE_INDEX[c.agency_band];
    add(all, c, mu, pair);
    add(mine, c, mu, pair);
  });

  const scenarios = {} as Record<ScenarioKey, Scenario>;
  for (const key of ['fullStaffing', 'agencyCap', 'both'] as const) {
    scenarios[key] = scenario(key, all, model, cap, who);
  }
  const people = (options.people ?? [])
    .map((p) => {
      const mine = byPerson.get(p.person_idx);
      if (!mine) return null;
      // Only the numbers: a sentence per person and scenario would cost more than the arithmetic.
      const run = (key: ScenarioKey) => scenario(key, mine, model, cap, who, false).counterfactual;
      return {
        personId: p.personId,
        label: p.label,
        observed: mine.observed,
        expected: model.design ? mine.expected : mine.observed,
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

/** How each cap reads: the periods it predicts from, the change it would mean, and a short label. */
const CAP_WORDS: Record<ShareBand, { periods: string; change: string; label: string }> = {
  none: { periods: 'periods with no agency staff', change: 'having no agency staff', label: 'no agency staff' },
  upTo25: { periods: 'periods with agency staff on at most 25 % of staff-hours', change: 'keeping agency staff to at most 25 % of staff-hours', label: 'agency share at most 25 %' },
  from25To50: { periods: 'periods with agency staff on at most 50 % of staff-hours', change: 'keeping agency staff to at most 50 % of staff-hours', label: 'agency share at most 50 %' },
  over50: { periods: 'periods with the agency share left as it was', change: 'leaving the agency share as it was', label: 'agency share unchanged' },
};

const SHORTFALL_INDEX = Object.fromEntries(SHORTFALL_BANDS.map((b, i) => [b, i])) as Record<ModelCell['shortfall_band'], number>;
const SHARE_INDEX = Object.fromEntries(SHARE_BANDS.map((b, i) => [b, i])) as Record<ShareBand, number>;

/**
 * What a scenario needs from a set of cells: their number, observed and fitted incidents, and the
 * fitted means summed per pair of shortfall and agency bands (the design change depends only on
 * the pair), pairs in the order first met with a fitted mean above zero.
 */
interface Totals {
  cells: number;
  observed: number;
  expected: number;
  mu: Float64Array;
  pairs: number[];
}
const emptyTotals = (): Totals => ({ cells: 0, observed: 0, expected: 0, mu: new Float64Array(SHORTFALL_BANDS.length * SHARE_BANDS.length), pairs: [] });
function add(t: Totals, c: ModelCell, mu: number, pair: number): void {
  t.cells++;
  t.observed += c.y;
  t.expected += mu;
  if (mu === 0) return;
  if (t.mu[pair] === 0) t.pairs.push(pair);
  t.mu[pair] = t.mu[pair]! + mu;
}
const pairBands = (pair: number) => ({
  shortfall_band: SHORTFALL_BANDS[Math.floor(pair / SHARE_BANDS.length)]!,
  agency_band: SHARE_BANDS[pair % SHARE_BANDS.length]!,
});

function scenario(key: ScenarioKey, sel: Totals, model: StaffingModel, cap: ShareBand, who: string, withSentence = true): Scenario {
  const capWords = CAP_WORDS[cap];
  const label =
    key === 'fullStaffing' ? 'every period fully staffed' : key === 'agencyCap' ? capWords.label : `fully staffed and ${capWords.label}`;
  const words: ScenarioWords =
    key === 'fullStaffing'
      ? { periods: 'fully staffed periods', change: 'full staffing' }
      : key === 'agencyCap'
        ? capWords
        : { periods: `fully staffed ${capWords.periods}`, change: `full staffing and ${capWords.change}` };
  const observed = sel.observed;
  const base = { key, label, observed };
  const d = model.design;
  if (sel.cells === 0) {
    const message = 'There are no periods with known staffing in this selection, so there is nothing to project.';
    return { ...base, expected: 0, counterfactual: null, fewer: null, message, sentence: message };
  }
  if (!d) {
    const message = model.summary.message ?? 'The staffing model could not be fitted for this selection.';
    return { ...base, expected: observed, counterfactual: null, fewer: null, message, sentence: message };
  }
  const expected = sel.expected;
  const change = deltas(d, cap);
  const byPair = sel.pairs.map((pair) => ({ cell: pairBands(pair), mu: sel.mu[pair]! }));
  let failure: string | null = null;
  let total = 0;
  const g = new Float64Array(d.columns.length);
  for (const { cell, mu } of byPair) {
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
  return { ...base, expected, counterfactual, fewer, message: null, sentence: withSentence ? scenarioSentence(who, words, fewer, observed) : '' };
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
    shortfall(c: Pick<ModelCell, 'shortfall_band'>): [number, number][] | string {
      if (c.shortfall_band === 'none') return [];
      const j = column(`shortfall:${c.shortfall_band}`);
      return usable(j) ? [[j, -1]] : `The rate ratio for periods ${c.shortfall_band === 'one' ? 'about one' : 'two or more'} staff short cannot be estimated from this selection, so neither can full staffing.`;
    },
    agency(c: Pick<ModelCell, 'agency_band'>): [number, number][] | string {
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

/** What a scenario's sentence names: the periods it predicts from and the change it would mean. */
interface ScenarioWords {
  periods: string;
  change: string;
}

/**
 * Not causal: the number of incidents above (or below) what the scenario's periods would predict,
 * with "if the link is causal" beside it.
 */
function scenarioSentence(who: string, words: ScenarioWords, fewer: Estimate, observed: number): string {
  const range = (a: number, b: number) => `95 % CI ${fmt(a, 0)} to ${fmt(b, 0)}`;
  const small = observed < 10 ? ` These are small numbers (${fmt(observed, 0)} incidents).` : '';
  const lead = (text: string) => (who ? `${who}${text.charAt(0).toLowerCase()}${text.slice(1)}` : text);
  if (fewer.lower <= 0 && fewer.upper >= 0) {
    return lead(`The model does not show whether more or fewer incidents happened than ${words.periods} would predict (its estimate: ${fewer.estimate >= 0 ? `${fmt(fewer.estimate, 0)} more` : `${fmt(-fewer.estimate, 0)} fewer`}, ${range(fewer.lower, fewer.upper)}).${small}`);
  }
  if (fewer.estimate < 0) {
    return lead(`About ${fmt(-fewer.estimate, 0)} fewer incidents happened than ${words.periods} would predict (${range(-fewer.upper, -fewer.lower)}), out of ${fmt(observed, 0)} recorded: these numbers do not suggest that ${words.change} would have meant fewer.${small}`);
  }
  return lead(`About ${fmt(fewer.estimate, 0)} more incidents happened than ${words.periods} would predict (${range(fewer.lower, fewer.upper)}), out of ${fmt(observed, 0)} recorded. If the link is causal, ${words.change} would have meant about that many fewer.${small}`);
}
