/** Confidence intervals for counts, rates, shares and risk ratios. */
import { chiSquareQuantile, normalQuantile } from './distributions';

/** The two-sided 95 % normal critical value, as used throughout the reports. */
export const Z95 = 1.959964;

function zFor(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return level === 0.95 ? Z95 : normalQuantile(1 - (1 - level) / 2);
}

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Exact (Garwood) interval for a Poisson mean given an observed count k:
 * lower = χ²(α/2; 2k)/2 (0 when k = 0), upper = χ²(1 − α/2; 2k + 2)/2.
 */
export function poissonExactInterval(count: number, level = 0.95): Interval {
  if (!(count >= 0) || !Number.isFinite(count)) throw new RangeError(`count must be a finite number ≥ 0, got ${count}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const alpha = 1 - level;
  return {
    lower: count === 0 ? 0 : chiSquareQuantile(alpha / 2, 2 * count) / 2,
    upper: chiSquareQuantile(1 - alpha / 2, 2 * count + 2) / 2,
  };
}

export interface RateEstimate {
  /** Events per `per` units of exposure; null when there is no exposure. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
}

/** A rate per `per` units of exposure (e.g. per 100 person-periods) with its exact Poisson interval. */
export function rateInterval(count: number, exposure: number, per = 100, level = 0.95): RateEstimate {
  if (!(exposure > 0)) return { rate: null, lower: null, upper: null };
  const { lower, upper } = poissonExactInterval(count, level);
  const scale = per / exposure;
  return { rate: count * scale, lower: lower * scale, upper: upper * scale };
}

export interface RatioEstimate {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * Risk ratio (a/n1) / (c/n2) with a Wald interval on the log scale,
 * se = √(1/a − 1/n1 + 1/c − 1/n2). Null when a or c is 0 or either group is empty:
 * the log ratio has no finite estimate there.
 */
export function riskRatio(a: number, n1: number, c: number, n2: number, level = 0.95): RatioEstimate | null {
  if (!(a > 0 && c > 0 && n1 > 0 && n2 > 0)) return null;
  if (a > n1 || c > n2) throw new RangeError('events cannot exceed group size');
  const estimate = a / n1 / (c / n2);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  const z = zFor(level);
  return { estimate, lower: estimate * Math.exp(-z * se), upper: estimate * Math.exp(z * se) };
}

export interface ShareEstimate {
  /** successes / n; null when n is 0. */
  share: number | null;
  lower: number | null;
  upper: number | null;
}

/** Wilson score interval for a share: well behaved at 0 and n, unlike the Wald interval. */
export function proportionInterval(successes: number, n: number, level = 0.95): ShareEstimate {
  if (!(n > 0)) return { share: null, lower: null, upper: null };
  if (!(successes >= 0 && successes <= n)) throw new RangeError(`successes must be in [0, n], got ${successes} of ${n}`);
  const z = zFor(level);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
  return {
    share: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}
