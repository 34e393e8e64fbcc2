/**
 * Distribution functions the intervals and models rest on. Pure numbers, no dependencies,
 * identical in Node and the browser.
 */

// Wichura (1988) Algorithm AS 241, PPND16: relative accuracy about 1e-16.
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
  0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

function poly(c: readonly number[], x: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * x + c[i]!;
  return s;
}

/** Standard normal quantile: the z with Φ(z) = p. ±Infinity at p = 0 or 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = poly(C, r) / poly(D, r);
  } else {
    r -= 5;
    z = poly(E, r) / poly(F, r);
  }
  return q < 0 ? -z : z;
}

// Lanczos approximation, g = 7, n = 9: relative error below 1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (NaN otherwise). */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 0.5) {
    // Reflection keeps accuracy near 0: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 1_000_000;

/** ln of x^a e^−x / Γ(a), the common prefactor of both incomplete gamma forms. */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - logGamma(a);
}

/** Series for P(a, x), good for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < MAX_TERMS; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/** Continued fraction (modified Lentz) for Q(a, x), good for x ≥ a + 1. */
function gammaQFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefactor(a, x)) * h;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). a = 0 is the point mass at 0. */
export function gammaP(a: number, x: number): number {
  if (!(a >= 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (a === 0 || x === Infinity) return 1;
  return x < a + 1 ? gammaPSeries(a, x) : 1 - gammaQFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly for accuracy in the tail. */
export function gammaQ(a: number, x: number): number {
  if (!(a >= 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (a === 0 || x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQFraction(a, x);
}

/** P(X ≤ x) for X ~ χ²(df). df = 0 is the point mass at 0. */
export function chiSquareCdf(x: number, df: number): number {
  return gammaP(df / 2, x / 2);
}

/** P(X > x) for X ~ χ²(df). */
export function chiSquareSurvival(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/**
 * The x with P(χ²(df) ≤ x) = p. Works on the gamma scale (g = x/2, a = df/2) with Newton steps on
 * ln g, kept inside a bracket by bisection, solving ln P = ln p in the lower half and ln Q = ln(1−p)
 * in the upper half so both tails keep full relative accuracy. Robust from df → 0 to large df.
 */
export function chiSquareQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df >= 0)) return NaN;
  if (df === 0 || p === 0) return 0;
  if (p === 1) return Infinity;
  const a = df / 2;
  const lgA = logGamma(a);
  const upperTail = p > 0.5;
  const target = upperTail ? Math.log1p(-p) : Math.log(p);

  // h(u) is increasing in u = ln g; its root is the quantile.
  const h = (u: number): number => {
    const g = Math.exp(u);
    return upperTail ? target - Math.log(gammaQ(a, g)) : Math.log(gammaP(a, g)) - target;
  };
  const slope = (u: number): number => {
    const g = Math.exp(u);
    const logDensityTimesG = a * u - g - lgA;
    const tail = upperTail ? gammaQ(a, g) : gammaP(a, g);
    return Math.exp(logDensityTimesG - Math.log(tail));
  };

  // P(a, g) ≤ g^a / Γ(a+1), so this u never exceeds the root: a safe lower bracket.
  let lo = (Math.log(p) + logGamma(a + 1)) / a;
  if (lo < -745) return 0; // below the smallest double on the gamma scale
  // Wilson–Hilferty as a first guess.
  const z = normalQuantile(p);
  const k = 2 / (9 * df);
  const wh = df * Math.pow(1 - k + z * Math.sqrt(k), 3);
  let u = wh > 0 ? Math.max(lo, Math.log(wh / 2)) : lo;
  let hu = h(u);
  if (hu === 0) return 2 * Math.exp(u);
  let hi: number;
  if (hu < 0) {
    lo = u;
    let step = 1;
    hi = u + step;
    while (h(hi) < 0) {
      lo = hi;
      step *= 2;
      hi += step;
    }
  } else {
    hi = u;
    if (!(h(lo) <= 0)) return 2 * Math.exp(lo);
  }
  u = Number.isFinite(hu) && u > lo && u < hi ? u : (lo + hi) / 2;

  for (let iter = 0; iter < 200; iter++) {
    hu = h(u);
    if (hu === 0) break;
    if (hu < 0) lo = u;
    else hi = u;
    const d = slope(u);
    let next = u - hu / d;
    if (!Number.isFinite(next) || next <= lo || next >= hi) next = (lo + hi) / 2;
    const moved = Math.abs(next - u);
    u = next;
    if (moved <= 1e-15 * Math.max(1, Math.abs(u)) || hi - lo <= 1e-15 * Math.max(1, Math.abs(u))) break;
  }
  return 2 * Math.exp(u);
}
