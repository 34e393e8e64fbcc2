/**
 * Analysis 7 of the issue — what if. From the staffing model (analysis/staffing.ts: incidents ~
 * shortfall band + agency band + person + shift + weekday), the incidents expected for the same
 * people and periods had every period been staffed to requirement, or had agency share stayed at
 * or under a chosen band, or both. Observed vs expected vs counterfactual, with 95 % intervals.
 *
 * Each model cell c has a fitted mean μ_c. Changing its staffing band changes its design row by
 * Δ_c, so its counterfactual mean is μ_c·exp(Δ_c·β). The totals and their delta-method intervals
 * (over every coefficient — person, shift, weekday and the bands — with the full covariance, times
 * the dispersion when the model widened its intervals) are in analysis/counterfactual.ts; the
 * counterfactual total and the change each get their own interval.
 */
import { named, sql, table, type Sql } from '../db/sql';
import type { Model } from '../model/model';
import { SHARE_BAND_LABELS, SHARE_BANDS, type Settings, type ShareBand } from '../model/settings';
import { Z95 } from '../stats/intervals';
import { counterfactualTotalsEach, type BandChange, type CounterfactualTotals } from './counterfactual';
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
const PEOPLE = (bands: Sql) => named('whatIf.people', sql`
SELECT ps.person_idx, ps.person_id AS "personId", ps.label,
       (SELECT coalesce(sum(incidents) FILTER (WHERE sf IS NULL OR ag IS NULL), 0) FROM (${bands}) b)::DOUBLE AS left_out
FROM ${table('person_spans')} ps ORDER BY ps.label`);

export async function whatIfAnalysis(
  m: Model,
  filters: Filters,
  settings: Settings,
  options: WhatIfOptions = {},
): Promise<WhatIfResult> {
  // The rate ratios come from everyone under the unit and date filters (the same fit as the
  // staffing page's for that selection); the person filter picks whose periods are projected.
  // The fit and the people asked together: one wait for both, not two round trips in a row.
  const [{ cells, model }, rows] = await Promise.all([
    staffingModel(m, { ...filters, personId: null }, settings),
    m.filters(filters).then((kf) => m.query<{ person_idx: number; personId: string; label: string; left_out: number }>(PEOPLE(cellSource(kf).bands))),
  ]);
  const leftOut = { n: rows[0]?.left_out ?? 0 };
  const result = scenariosOf(cells, model, settings, options, rows, filters.personId);
  const warnings = [...result.warnings];
  if ((leftOut?.n ?? 0) > 0) {
    warnings.push(`${leftOut!.n} incidents are in periods without a known shortfall or agency share and are left out of these estimates.`);
  }
  return { ...result, filters, incidentsOutsideModel: leftOut?.n ?? 0, warnings };
}

type Scenarios = Omit<WhatIfResult, 'filters' | 'incidentsOutsideModel'>;

/**
 * The scenarios for one fit, cap and chosen person, kept with the fit's cells (staffingModel keeps
 * the last few fits): every scenario for each of 500 people is about 50 ms of arithmetic, and a
 * filter change back to a selection seen before (Clear, above all) asks for the same numbers.
 */
const scenariosKept = new WeakMap<ModelCell[], { people: string; byChoice: Map<string, Scenarios> }>();
/** Cap × chosen person selections kept per fit (the oldest goes first): a user clicking through people keeps memory bounded. */
const KEPT_CHOICES = 16;

function scenariosOf(
  cells: ModelCell[],
  model: StaffingModel,
  settings: Settings,
  options: WhatIfOptions,
  rows: { person_idx: number; personId: string; label: string }[],
  personId: string | null,
): Scenarios {
  const people = rows.map(({ person_idx, personId, label }) => ({ person_idx, personId, label }));
  // The people list is checked once per fit, not carried in every key: a new build brings new
  // cells, but a list asked while a build ran may differ from the one the fit was made with.
  const list = JSON.stringify(people.map((p) => [p.person_idx, p.personId, p.label]));
  let kept = scenariosKept.get(cells);
  if (!kept || kept.people !== list) scenariosKept.set(cells, (kept = { people: list, byChoice: new Map() }));
  const key = JSON.stringify([options.agencyCap ?? null, personId]);
  const found = kept.byChoice.get(key);
  if (found) {
    // Most recently used last.
    kept.byChoice.delete(key);
    kept.byChoice.set(key, found);
    return found;
  }
  const chosen = personId ? people.filter((p) => p.personId === personId) : null;
  const result = whatIfFromCells(cells, settings, { ...options, people: chosen ?? people, personLabel: chosen?.[0]?.label ?? null, model });
  kept.byChoice.set(key, result);
  if (kept.byChoice.size > KEPT_CHOICES) kept.byChoice.delete(kept.byChoice.keys().next().value!);
  return result;
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

  // The cells projected: the selection's, and each person's.
  const all: number[] = [];
  const byPerson = new Map<number, number[]>();
  cells.forEach((c, i) => {
    if (chosenIdx && !chosenIdx.has(c.person_idx)) return;
    let mine = byPerson.get(c.person_idx);
    if (!mine) byPerson.set(c.person_idx, (mine = []));
    all.push(i);
    mine.push(i);
  });
  const totalsOf = (indices: number[]) => ({ cells, indices, observed: indices.reduce((t, i) => t + cells[i]!.y, 0) });

  // Every scenario's totals, for the selection and for each person, from one pass over the cells.
  const d = model.design;
  const each = d && all.length > 0 ? counterfactualTotalsEach(cells, all, d, SCENARIOS.map((key) => scenarioChange(d, cap, key))) : null;
  const scenarios = {} as Record<ScenarioKey, Scenario>;
  const selection = totalsOf(all);
  SCENARIOS.forEach((key, s) => {
    scenarios[key] = scenario(key, selection, model, cap, who, each?.all[s] ?? null);
  });
  const people = (options.people ?? [])
    .map((p) => {
      const indices = byPerson.get(p.person_idx);
      if (!indices) return null;
      const mine = totalsOf(indices);
      // A person none of whose cells is in the fit (no incidents) has totals of 0.
      const totals = d && each ? (each.byLevel.get(d.group[indices[0]!]!) ?? SCENARIOS.map(() => NOTHING)) : null;
      // Only the numbers: a sentence per person and scenario would cost more than the arithmetic.
      const run = (key: ScenarioKey) => scenario(key, mine, model, cap, who, totals?.[SCENARIOS.indexOf(key)] ?? null, false);
      const full = run('fullStaffing');
      return {
        personId: p.personId,
        label: p.label,
        observed: mine.observed,
        expected: model.design ? full.expected : mine.observed,
        fullStaffing: full.counterfactual,
        agencyCap: run('agencyCap').counterfactual,
        both: run('both').counterfactual,
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

/** The cells a scenario projects (indexes into `cells`) and their observed incidents. */
interface Selection {
  cells: readonly ModelCell[];
  indices: number[];
  observed: number;
}

const SCENARIOS: readonly ScenarioKey[] = ['fullStaffing', 'agencyCap', 'both'];

/** The totals over cells that are all out of the fit (what counterfactualTotals gives for them). */
const NOTHING: CounterfactualTotals = { expected: 0, counterfactual: 0, counterfactualVariance: 0, fewerVariance: 0 };

/** A scenario's design change for a cell: full staffing, the agency cap, or both. */
function scenarioChange(d: ModelDesign, cap: ShareBand, key: ScenarioKey): BandChange {
  const change = deltas(d, cap);
  return (cell) => {
    const terms: [number, number][] = [];
    for (const part of [key !== 'agencyCap' ? change.shortfall(cell) : [], key !== 'fullStaffing' ? change.agency(cell) : []]) {
      if (typeof part === 'string') return part;
      terms.push(...part);
    }
    return terms;
  };
}

/** A scenario from its totals over the selection's cells (counterfactualTotalsEach; null when there is no design or no cell). */
function scenario(
  key: ScenarioKey,
  sel: Selection,
  model: StaffingModel,
  cap: ShareBand,
  who: string,
  totals: CounterfactualTotals | string | null,
  withSentence = true,
): Scenario {
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
  if (sel.indices.length === 0) {
    const message = 'There are no periods with known staffing in this selection, so there is nothing to project.';
    return { ...base, expected: 0, counterfactual: null, fewer: null, message, sentence: message };
  }
  if (!d || totals === null) {
    const message = model.summary.message ?? 'The staffing model could not be fitted for this selection.';
    return { ...base, expected: observed, counterfactual: null, fewer: null, message, sentence: message };
  }
  if (typeof totals === 'string') {
    const expected = sel.indices.reduce((t, i) => t + d.fitted[i]!, 0);
    return { ...base, expected, counterfactual: null, fewer: null, message: totals, sentence: totals };
  }
  const { expected, counterfactual: total } = totals;
  const half = (variance: number) => Z95 * Math.sqrt(Math.max(0, variance) * d.varianceFactor);
  const cfHalf = half(totals.counterfactualVariance);
  const fewerHalf = half(totals.fewerVariance);
  if (!Number.isFinite(cfHalf) || !Number.isFinite(fewerHalf)) {
    const message = 'The interval for this scenario cannot be estimated from this selection.';
    return { ...base, expected, counterfactual: null, fewer: null, message, sentence: message };
  }
  const counterfactual = { estimate: total, lower: Math.max(0, total - cfHalf), upper: total + cfHalf };
  const fewer = { estimate: expected - total, lower: expected - total - fewerHalf, upper: expected - total + fewerHalf };
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
