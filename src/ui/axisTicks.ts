/**
 * Axis ticks a reader can take in at a glance: values at round steps (0, 0.5, 1, 1.5 — never
 * 0.55, 1.1, 1.65) and weekly date axes that name each month once. Pure functions, so every chart
 * (dashboard and evidence pack) draws the same ticks and the tests read them without a browser.
 */
import type { Grain } from '../analysis/grain';

/** Round steps: 1, 2 or 5 times a power of ten. */
const STEPS = [1, 2, 5, 10];

/** The round step that cuts [0, span] into about `target` intervals (never more than target + 2). */
export function roundStep(span: number, target = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = STEPS.find((s) => s * power >= raw - 1e-12 * power) ?? 10;
  return step * power;
}

/** Decimal places a step needs (0.5 → 1, 0.25 → 2, 20 → 0). */
function decimals(step: number): number {
  let d = 0;
  while (d < 10 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9) d++;
  return d;
}

export interface ValueAxis {
  /** [first tick, last tick]: the axis ends on a labelled round value. */
  domain: [number, number];
  ticks: number[];
}

/**
 * Ticks covering every value given (nulls and non-finite values ignored), from 0 unless a value
 * is negative. With nothing to show, 0 to 1.
 */
export function valueAxis(values: readonly (number | null | undefined)[], target = 5): ValueAxis {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  if (hi === lo) return { domain: [lo, lo + 1], ticks: [lo, lo + 1] };
  const step = roundStep(hi - lo, target);
  const d = decimals(step);
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let k = 0; first + k * step <= last + step / 2; k++) ticks.push(Number((first + k * step).toFixed(d)));
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface MonthAxis {
  /** The weeks (ISO dates, as on the axis) that carry a label. */
  ticks: string[];
  /** The label of a ticked week: "May", or "Jan 2026" / the first tick with its year. */
  label: (iso: string) => string;
}

/**
 * Ticks for a weekly axis (ISO Mondays, in order; or firsts of months, `grain` month): the first week starting in each month carries
 * the month's name, once (not a first month with a single week, which would crowd the next label).
 * The first tick and each January also say the year. Over long spans only
 * every 2nd, 3rd, 6th or 12th month is named, so no more than `maxTicks` labels crowd the axis.
 */
export function monthTicks(weeks: readonly string[], maxTicks = 13, grain: Grain = 'week'): MonthAxis {
  const firsts: string[] = [];
  let previous = '';
  for (const w of weeks) {
    const month = w.slice(0, 7);
    if (month !== previous) firsts.push(w);
    previous = month;
  }
  // A first month with a single week (w/c 30 Dec before January) would print on top of the next label.
  // Points by month (analysis/grain.ts) are each their own month: the first is named like the rest.
  if (grain === 'week' && firsts.length > 1 && weeks[1]?.slice(0, 7) !== weeks[0]!.slice(0, 7)) firsts.shift();
  const every = [1, 2, 3, 6, 12].find((n) => Math.ceil(firsts.length / n) <= maxTicks) ?? Math.ceil(firsts.length / maxTicks);
  // Keep months on a regular calendar grid (Jan, Apr, Jul, Oct for every 3rd), not every nth week.
  const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
  const ticks = every === 1 ? firsts : firsts.filter((w) => monthIndex(w) % every === 0);
  const first = ticks[0];
  const label = (iso: string) => {
    const m = Number(iso.slice(5, 7));
    const name = MONTHS[m - 1] ?? iso;
    return iso === first || m === 1 ? `${name} ${iso.slice(0, 4)}` : name;
  };
  return { ticks, label };
}
