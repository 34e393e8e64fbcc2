/**
 * Ratio of two Poisson rates with the exact conditional interval (as R's poisson.test for two
 * samples): given n = a + b events, a ~ Binomial(n, p) with p = r·T1 / (r·T1 + T2), so the
 * Clopper–Pearson interval for p turns into one for the rate ratio r = (p / (1 − p)) · T2 / T1.
 */
import { logGamma } from './distributions';

const EPS = 1e-15;
const TINY = 1e-300;

/** Continued fraction for the incomplete beta (modified Lentz), good for x < (a + 1) / (a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b), a, b > 0. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaFraction(b, a, 1 - x)) / b;
}

/** The x with I_x(a, b) = p, by bisection (monotone, so always converges). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Clopper–Pearson interval for a binomial share k / n. */
export function clopperPearson(k: number, n: number, level = 0.95): { lower: number; upper: number } {
  if (!(n > 0) || k < 0 || k > n) throw new RangeError(`need 0 ≤ k ≤ n and n > 0, got ${k} of ${n}`);
  const alpha = 1 - level;
  return {
    lower: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1),
    upper: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k),
  };
}

export interface RateRatioEstimate {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * (a / t1) / (b / t2) with its exact conditional interval. Null when either exposure is empty or
 * b is 0 (no finite ratio); with a = 0 the estimate and lower limit are 0.
 */
export function rateRatioExact(a: number, t1: number, b: number, t2: number, level = 0.95): RateRatioEstimate | null {
  if (!(t1 > 0 && t2 > 0) || b === 0 || a < 0 || b < 0) return null;
  const { lower, upper } = clopperPearson(a, a + b, level);
  const toRatio = (p: number) => (p / (1 - p)) * (t2 / t1);
  return { estimate: a / t1 / (b / t2), lower: toRatio(lower), upper: toRatio(upper) };
}
