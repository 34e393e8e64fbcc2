/**
 * Small-number suppression for sharing findings outside the team, after NHS Digital's secondary
 * care disclosure control (HES/ECDS, 2018) with the threshold the BRIEF gives (5):
 *
 * 1. Counts of events or people: 0 is shown as 0; 1 to 4 are shown as "fewer than 5" (`*` in
 *    tables); 5 or more are rounded to the nearest 5 (and read "about 60" in sentences).
 * 2. Percentages, shares and rates are computed from the rounded counts, never the true ones, so
 *    they cannot give a suppressed or rounded count away; where the numerator or the denominator
 *    count is suppressed, the percentage or rate is suppressed too. A rate's exact interval is the
 *    interval of the rounded count (the true count's interval would reveal it).
 * 3. A simple 2 × 2 comparison (a risk ratio) is recomputed from the rounded counts, and
 *    suppressed when any of its four counts is.
 * 4. Simple summaries over a few events (a median duration of 1 to 4 restraints) are suppressed.
 * 5. Model estimates (rate ratios from the Poisson regression) are not counts; they are shown
 *    as they are, unless a band they compare holds 1 to 4 incidents, then they are withheld.
 *    Model estimates that are counts (incidents full staffing might have avoided) are rounded
 *    to the nearest 5 like counts.
 * 6. Exposure — person-periods, bed days, hours — is time, not people or events: not suppressed.
 *
 * Every number the evidence pack shows (text, charts, tables, CSV and JSON exports) goes through
 * one NumberPolicy, so the same count reads the same everywhere. With suppression off the policy
 * passes numbers through unchanged.
 */
import { rateInterval, riskRatio } from '../stats/intervals';
import type { BarDatum } from './evidencePack';

export const SUPPRESS_BELOW = 5;
export const ROUND_TO = 5;
/** What a suppressed value reads as in a table cell and in a sentence. */
export const SUPPRESSED_CELL = '*';
export const SUPPRESSED_TEXT = `fewer than ${SUPPRESS_BELOW}`;
/** A suppressed cell ("*") as a screen reader says it: in a table (ShownCell) and when a chart's keys reach it (chartKeys.announcement). */
export const SUPPRESSED_SAID = `${SUPPRESSED_TEXT}, suppressed`;
export const WITHHELD_TEXT = 'not shown (small numbers)';

/** One number as the report shows it. `value` is what charts and exports use (null = hidden). */
export interface Shown {
  value: number | null;
  /** For sentences: "136", "about 135", "fewer than 5", "0". */
  text: string;
  /** For table cells: "136", "135", "*". */
  cell: string;
  /** Hidden because it is, or derives from, a count of 1 to 4. */
  suppressed: boolean;
  /** Rounded to the nearest 5 (its value differs from the true one, or might). */
  rounded: boolean;
}

export interface ShownRate {
  rate: Shown;
  lower: Shown;
  upper: Shown;
  count: Shown;
}

/** A shown rate as a table cell of its 95 % interval: "a to b", `*` when suppressed, – when there is none. */
export function rateIntervalCell(r: ShownRate): string {
  if (r.lower.value === null || r.upper.value === null) return r.rate.suppressed ? SUPPRESSED_CELL : '–';
  return `${r.lower.cell} to ${r.upper.cell}`;
}

/** A shown rate as a bar with its interval (null where hidden). */
export function rateBar(label: string, r: ShownRate): BarDatum {
  return { label, value: r.rate.value, lower: r.lower.value, upper: r.upper.value, cell: r.rate.cell || '–' };
}

export interface ShownRatio {
  estimate: number;
  lower: number;
  upper: number;
}

/** A comparison as shown: the estimate, or why it is not there. */
export type ShownComparison = { shown: true; ratio: ShownRatio } | { shown: false; reason: 'withheld' | 'not estimable' };

const num = (x: number, digits: number) => x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A true count under the NHS rule: null when suppressed, else rounded to the nearest 5. */
export function roundedCount(n: number): number | null {
  if (n === 0) return 0;
  if (n < SUPPRESS_BELOW) return null;
  return ROUND_TO * Math.round(n / ROUND_TO);
}

export function isSuppressedCount(n: number): boolean {
  return n > 0 && n < SUPPRESS_BELOW;
}

export interface NumberPolicy {
  readonly suppress: boolean;
  /** A count of events or people. */
  count(n: number): Shown;
  /** part / whole as a percentage (whole number of per cent by default). Both are counts. */
  percent(part: number, whole: number, digits?: number): Shown;
  /** part / whole where the whole is exposure (time), not a count: only the part is suppressed. */
  shareOfExposure(part: number, whole: number, digits?: number): Shown;
  /** A rate per `per` units of exposure, with its exact 95 % interval, from the (rounded) count. */
  rate(count: number, exposure: number, per?: number, digits?: number): ShownRate;
  /** A plain measure (e.g. a median) summarising `basedOn` events: hidden over 1 to 4 of them. */
  summary(value: number | null, basedOn: number, digits?: number): Shown;
  /** A model estimate comparing bands whose event counts are `guards`. */
  modelRatio(e: ShownRatio | null, guards: number[]): ShownComparison;
  /** (a/n1) / (c/n2): the engine's estimate as it is, or recomputed from the rounded counts. */
  riskRatio(a: number, n1: number, c: number, n2: number, given?: ShownRatio | null): ShownComparison;
  /** An estimated number of events (possibly negative), rounded like a count. */
  estimatedCount(x: number): Shown;
  /** A bound of an estimated count's interval: rounded to the nearest 5, never suppressed. */
  estimateBound(x: number): Shown;
  /** Exposure: never suppressed. */
  exposure(x: number, digits?: number): Shown;
}

function plain(value: number | null, digits = 0): Shown {
  if (value === null || !Number.isFinite(value)) return { value: null, text: '–', cell: '', suppressed: false, rounded: false };
  const t = num(value, digits);
  return { value, text: t, cell: t, suppressed: false, rounded: false };
}

const SUPPRESSED: Shown = { value: null, text: SUPPRESSED_TEXT, cell: SUPPRESSED_CELL, suppressed: true, rounded: false };
const WITHHELD: Shown = { value: null, text: WITHHELD_TEXT, cell: SUPPRESSED_CELL, suppressed: true, rounded: false };

function roundedShown(n: number): Shown {
  const r = roundedCount(Math.abs(n));
  if (r === null) return SUPPRESSED;
  const value = Math.sign(n) * r;
  if (r === 0) return plain(0);
  const t = num(value, 0);
  return { value, text: `about ${t}`, cell: t, suppressed: false, rounded: true };
}

function percentShown(part: number | null, whole: number | null, digits: number, rounded: boolean): Shown {
  if (part === null || whole === null) return WITHHELD;
  if (!(whole > 0)) return plain(null);
  const value = (100 * part) / whole;
  const t = `${num(value, digits)} %`;
  return { value, text: t, cell: t, suppressed: false, rounded };
}

export function numberPolicy(suppress: boolean): NumberPolicy {
  // The count a derived number is computed from: the true one, or the rounded one (null = suppressed).
  const basis = (n: number): number | null => (suppress ? roundedCount(n) : n);
  const count = (n: number): Shown => (suppress ? roundedShown(n) : plain(n));

  return {
    suppress,
    count,
    percent: (part, whole, digits = 0) => percentShown(basis(part), basis(whole), digits, suppress),
    shareOfExposure: (part, whole, digits = 0) => percentShown(part, whole, digits, false),
    rate(events, exposure, per = 100, digits = 1) {
      const c = basis(events);
      if (c === null) return { rate: WITHHELD, lower: WITHHELD, upper: WITHHELD, count: SUPPRESSED };
      const r = rateInterval(c, exposure, per);
      return { rate: plain(r.rate, digits), lower: plain(r.lower, digits), upper: plain(r.upper, digits), count: count(events) };
    },
    summary: (value, basedOn, digits = 0) => (suppress && isSuppressedCount(basedOn) ? WITHHELD : plain(value, digits)),
    modelRatio(e, guards) {
      if (suppress && guards.some(isSuppressedCount)) return { shown: false, reason: 'withheld' };
      return e ? { shown: true, ratio: e } : { shown: false, reason: 'not estimable' };
    },
    riskRatio(a, n1, c, n2, given) {
      if (!suppress && given !== undefined) return given ? { shown: true, ratio: given } : { shown: false, reason: 'not estimable' };
      const counts = [a, n1, c, n2].map(basis);
      if (counts.some((x) => x === null)) return { shown: false, reason: 'withheld' };
      const [ra, rn1, rc, rn2] = counts as number[];
      const rr = riskRatio(ra!, rn1!, rc!, rn2!);
      return rr ? { shown: true, ratio: rr } : { shown: false, reason: 'not estimable' };
    },
    estimatedCount: (x) => (suppress ? roundedShown(Math.round(x)) : plain(x, 0)),
    estimateBound: (x) => (suppress ? { ...plain(ROUND_TO * Math.round(x / ROUND_TO) || 0), rounded: true } : plain(x, 0)),
    exposure: (x, digits = 0) => plain(x, digits),
  };
}

/** The rule in words, for the report's "sharing safely" note. */
export function suppressionRuleText(): string {
  return (
    `Small numbers are suppressed the way NHS statistics do it: counts of 1 to ${SUPPRESS_BELOW - 1} are shown as ` +
    `"${SUPPRESSED_TEXT}" (${SUPPRESSED_CELL} in tables), other counts are rounded to the nearest ${ROUND_TO}, and zero is shown as 0. ` +
    `Percentages, rates and their intervals are worked out from the rounded counts, and are not shown where a count they rest on is suppressed. ` +
    `Model estimates (rate ratios) are shown unless a group they compare has fewer than ${SUPPRESS_BELOW} incidents. ` +
    `Time at risk (person-periods, days) is not suppressed.`
  );
}
