/**
 * Statistical process control in the NHS "Making Data Count" style: XmR charts with re-baselining,
 * and a G chart (days between events) for rare events. Pure numbers in, plain objects out.
 */

export type SpcRule = 'outsideLimits' | 'shift' | 'trend' | 'twoOfThree';

/** Run lengths that make a special cause. */
export const SHIFT_RUN = 7;
export const TREND_RUN = 7;
/** Fewer points than this in a phase and the limits are flagged as unreliable. */
export const MIN_POINTS = 12;
/** XmR constants: limits at mean ± 2.66 × mean MR; MRs at or above 3.267 × their mean are screened out. */
export const XMR_LIMIT = 2.66;
export const MR_SCREEN = 3.267;

export interface SpcPoint {
  index: number;
  value: number;
  /** Centre line of the point's phase. */
  mean: number;
  /** Process limits; null when the phase is too short to have a moving range. */
  lower: number | null;
  upper: number | null;
  /** The 2σ lines, two thirds of the way from the mean to each limit. */
  lower2s: number | null;
  upper2s: number | null;
  /** |x_i − x_{i−1}| within the phase; null for a phase's first point. */
  movingRange: number | null;
  rules: SpcRule[];
  phase: number;
}

export interface SpcPhase {
  phase: number;
  /** First and last point index, inclusive. */
  start: number;
  end: number;
  n: number;
  mean: number;
  /** Mean moving range after screening (XmR) — null for a one-point phase or a G chart. */
  meanMovingRange: number | null;
  movingRangesExcluded: number;
  lower: number | null;
  upper: number | null;
  lower2s: number | null;
  upper2s: number | null;
}

export interface SpcResult<P extends SpcPoint = SpcPoint> {
  points: P[];
  phases: SpcPhase[];
  warnings: string[];
}

export interface XmrOptions {
  /** Indexes where a new phase (re-baselined mean and limits) starts. */
  breaks?: number[];
  /** Leave moving ranges ≥ 3.267 × their mean out of the mean MR (default true, as NHSRplotthedots). */
  excludeMovingRangeOutliers?: boolean;
}

interface Segment {
  start: number;
  end: number; // exclusive
}

function phaseSegments(n: number, breaks: number[] | undefined, warnings: string[]): Segment[] {
  const cuts = new Set<number>();
  for (const b of breaks ?? []) {
    if (Number.isInteger(b) && b > 0 && b < n) cuts.add(b);
    else if (b !== 0) warnings.push(`Break at index ${b} ignored: it is not inside the series (0–${n - 1}).`);
  }
  const starts = [0, ...[...cuts].sort((a, b) => a - b)];
  return starts.map((start, k) => ({ start, end: starts[k + 1] ?? n }));
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export interface SpcLines {
  mean: number;
  lower: number | null;
  upper: number | null;
  lower2s: number | null;
  upper2s: number | null;
}

/**
 * The four special-cause rules on one phase. Values strictly beyond a limit; runs strictly on one
 * side of the mean (a point on the mean breaks a run); trends strictly rising or falling (a tie
 * breaks one); two of three consecutive points between a 2σ line and its limit, all three on that
 * side of the mean.
 */
export function specialCauses(values: readonly number[], lines: SpcLines): SpcRule[][] {
  const n = values.length;
  const rules: SpcRule[][] = values.map(() => []);
  const { mean: centre, lower, upper, lower2s, upper2s } = lines;

  if (lower !== null && upper !== null) {
    values.forEach((x, i) => {
      if (x > upper || x < lower) rules[i]!.push('outsideLimits');
    });
  }

  // Shift: maximal runs of the same strict side.
  for (let i = 0; i < n; ) {
    const side = Math.sign(values[i]! - centre);
    let j = i + 1;
    while (j < n && side !== 0 && Math.sign(values[j]! - centre) === side) j++;
    if (side !== 0 && j - i >= SHIFT_RUN) for (let k = i; k < j; k++) rules[k]!.push('shift');
    i = j;
  }

  // Trend: maximal runs of same-direction steps; a run of s steps covers s + 1 points.
  for (let i = 1; i < n; ) {
    const dir = Math.sign(values[i]! - values[i - 1]!);
    let j = i + 1;
    while (j < n && dir !== 0 && Math.sign(values[j]! - values[j - 1]!) === dir) j++;
    if (dir !== 0 && j - i + 1 >= TREND_RUN) for (let k = i - 1; k < j; k++) rules[k]!.push('trend');
    i = j;
  }

  // Two of three between the 2σ line and the limit (strictly beyond the line, not beyond the
  // limit: a point outside the limit is its own rule and does not count here, as NHSRplotthedots'
  // close_to_limits), with all three strictly on that side of the mean.
  if (lower2s !== null && upper2s !== null) {
    const outside = (x: number) => (upper !== null && x > upper) || (lower !== null && x < lower);
    const close = (x: number) => !outside(x) && (x > upper2s || x < lower2s);
    const flagged = new Uint8Array(n);
    for (let i = 0; i + 2 < n; i++) {
      const w = [values[i]!, values[i + 1]!, values[i + 2]!];
      if (!w.every((x) => x > centre) && !w.every((x) => x < centre)) continue;
      const near = w.map(close);
      if (near.filter(Boolean).length >= 2) near.forEach((b, k) => b && (flagged[i + k] = 1));
    }
    flagged.forEach((f, i) => f && rules[i]!.push('twoOfThree'));
  }
  return rules;
}

function phaseWarning(phase: SpcPhase, phases: number, unit: string): string | null {
  if (phase.n >= MIN_POINTS) return null;
  const where = phases > 1 ? `Phase ${phase.phase + 1} (points ${phase.start + 1}–${phase.end + 1})` : 'The chart';
  return `${where} has only ${phase.n} ${unit}${phase.n === 1 ? '' : 's'}; limits from fewer than ${MIN_POINTS} are unreliable.`;
}

function checkValues(values: readonly number[]): void {
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`value ${i} is not a finite number: ${v}`);
  });
}

/**
 * XmR (individuals) chart. Per phase: centre = mean; moving ranges |x_i − x_{i−1}| (none across a
 * break); mean MR after leaving out MRs ≥ 3.267 × the initial mean MR; limits mean ± 2.66 × mean MR;
 * 2σ lines at mean ± (2/3)(2.66 × mean MR).
 */
export function xmr(values: readonly number[], options: XmrOptions = {}): SpcResult {
  checkValues(values);
  const warnings: string[] = [];
  const exclude = options.excludeMovingRangeOutliers ?? true;
  const points: SpcPoint[] = [];
  const phases: SpcPhase[] = [];
  if (values.length === 0) return { points, phases, warnings: ['No points to chart.'] };

  const segments = phaseSegments(values.length, options.breaks, warnings);
  segments.forEach(({ start, end }, phase) => {
    const xs = values.slice(start, end);
    const centre = mean(xs);
    const ranges = xs.slice(1).map((x, k) => Math.abs(x - xs[k]!));
    let meanMr: number | null = null;
    let excluded = 0;
    if (ranges.length > 0) {
      const initial = mean(ranges);
      const kept = exclude && initial > 0 ? ranges.filter((r) => r < MR_SCREEN * initial) : ranges;
      excluded = ranges.length - kept.length;
      meanMr = mean(kept);
    }
    const half = meanMr === null ? null : XMR_LIMIT * meanMr;
    const lines: SpcLines = {
      mean: centre,
      lower: half === null ? null : centre - half,
      upper: half === null ? null : centre + half,
      lower2s: half === null ? null : centre - (2 / 3) * half,
      upper2s: half === null ? null : centre + (2 / 3) * half,
    };
    const summary: SpcPhase = { phase, start, end: end - 1, n: xs.length, meanMovingRange: meanMr, movingRangesExcluded: excluded, ...lines };
    phases.push(summary);
    const rules = specialCauses(xs, lines);
    xs.forEach((value, k) => {
      points.push({ index: start + k, value, ...lines, movingRange: k === 0 ? null : ranges[k - 1]!, rules: rules[k]!, phase });
    });
    const w = phaseWarning(summary, segments.length, 'point');
    if (w) warnings.push(w);
  });
  return { points, phases, warnings };
}

export interface GChartPoint extends SpcPoint {
  /** The event that opens the gap and the one that closes it (ISO dates). */
  from: string;
  to: string;
}

export interface GChartOptions {
  /** Gap indexes where a new phase starts. */
  breaks?: number[];
  /**
   * 'sigma' (default): geometric-distribution 3σ limits, mean ± 3√(mean(mean + 1)).
   * 'probability': the geometric quantiles with 0.135 % in each tail (2σ lines at 2.275 %).
   */
  limits?: 'sigma' | 'probability';
}

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(m[3])) {
    throw new RangeError(`not an ISO date: ${iso}`);
  }
  return Math.round(ms / DAY_MS);
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Upper quantile u of a geometric count of days (0, 1, 2, …) with mean m: P(X > u) = tail. */
function geometricUpper(m: number, tail: number): number {
  return m === 0 ? 0 : Math.log(tail) / Math.log(m / (m + 1)) - 1;
}

/**
 * G chart of days between consecutive events (Benneyan). The days between events of a process with
 * a constant daily probability p are geometric with mean m = (1 − p)/p and variance
 * (1 − p)/p² = m(m + 1), so: centre = mean gap, UCL = m + 3√(m(m + 1)),
 * LCL = max(0, m − 3√(m(m + 1))) — which is always 0. A point above the UCL is an unusually long
 * gap: an improvement. The run rules apply as on an XmR chart; note that a geometric distribution
 * is skewed, so gaps below the mean are the commoner side.
 */
export function gChart(eventDates: readonly string[], options: GChartOptions = {}): SpcResult<GChartPoint> & { events: number } {
  const days = eventDates.map(dayNumber).sort((a, b) => a - b);
  const warnings: string[] = [];
  const points: GChartPoint[] = [];
  const phases: SpcPhase[] = [];
  if (days.length < 2) {
    return { points, phases, warnings: ['A G chart needs at least two events.'], events: days.length };
  }
  const gaps = days.slice(1).map((d, k) => d - days[k]!);
  const segments = phaseSegments(gaps.length, options.breaks, warnings);
  segments.forEach(({ start, end }, phase) => {
    const xs = gaps.slice(start, end);
    const m = mean(xs);
    let lines: SpcLines;
    if (options.limits === 'probability') {
      lines = {
        mean: m,
        lower: 0,
        upper: geometricUpper(m, 0.00135),
        lower2s: 0,
        upper2s: geometricUpper(m, 0.02275),
      };
    } else {
      const sd = Math.sqrt(m * (m + 1));
      lines = { mean: m, lower: Math.max(0, m - 3 * sd), upper: m + 3 * sd, lower2s: Math.max(0, m - 2 * sd), upper2s: m + 2 * sd };
    }
    const summary: SpcPhase = { phase, start, end: end - 1, n: xs.length, meanMovingRange: null, movingRangesExcluded: 0, ...lines };
    phases.push(summary);
    const rules = specialCauses(xs, lines);
    xs.forEach((value, k) => {
      const i = start + k;
      points.push({
        index: i,
        value,
        ...lines,
        movingRange: null,
        rules: rules[k]!,
        phase,
        from: isoDate(days[i]!),
        to: isoDate(days[i + 1]!),
      });
    });
    const w = phaseWarning(summary, segments.length, 'gap');
    if (w) warnings.push(w);
  });
  return { points, phases, warnings, events: days.length };
}
