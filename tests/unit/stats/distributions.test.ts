import { describe, expect, it } from 'vitest';
import {
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSurvival,
  gammaP,
  logGamma,
  normalQuantile,
} from '../../../src/stats/distributions';

/** Relative closeness, with an absolute floor for values near 0. */
function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  const tol = Math.max(rel * Math.abs(expected), abs);
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`expected ${expected}, got ${actual} (diff ${actual - expected}, tol ${tol})`);
  }
}

// An independent standard normal CDF: Taylor series near 0, Laplace's continued fraction in the tails.
function normalCdf(z: number): number {
  const phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
  if (Math.abs(z) < 3) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 500; n++) {
      term *= (z * z) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
    }
    return 0.5 + phi * sum;
  }
  const x = Math.abs(z);
  let cf = x;
  for (let k = 200; k >= 1; k--) cf = x + k / cf;
  const tail = phi / cf;
  return z < 0 ? tail : 1 - tail;
}

// 2Φ(z) − 1 for |z| < 3 without the cancellation of subtracting 1.
function normalCentral(z: number): number {
  const phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
  let term = z;
  let sum = z;
  for (let n = 1; n < 500; n++) {
    term *= (z * z) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return 2 * phi * sum;
}

// χ² with even df = 2k is a Poisson sum with mean m = x/2:
// P(X > x) = Σ_{j<k} e^{−m} m^j / j!,  P(X ≤ x) = Σ_{j≥k} e^{−m} m^j / j!  (each summed in logs).
function poissonTerm(m: number, j: number): number {
  return Math.exp(-m + j * Math.log(m) - logFactorial(j));
}
function chiSquareSurvivalEven(x: number, k: number): number {
  const m = x / 2;
  let s = 0;
  for (let j = 0; j < k; j++) s += poissonTerm(m, j);
  return s;
}
function chiSquareCdfEven(x: number, k: number): number {
  const m = x / 2;
  let s = 0;
  for (let j = k; j < k + 100000; j++) {
    const t = poissonTerm(m, j);
    s += t;
    if (j > m && t < 1e-18 * s) break;
  }
  return s;
}

const LOG_FACTORIALS = [0];
function logFactorial(n: number): number {
  for (let k = LOG_FACTORIALS.length; k <= n; k++) LOG_FACTORIALS.push(LOG_FACTORIALS[k - 1]! + Math.log(k));
  return LOG_FACTORIALS[n]!;
}

describe('normalQuantile', () => {
  it('matches published quantiles', () => {
    expectClose(normalQuantile(0.975), 1.959963984540054, 1e-14);
    expectClose(normalQuantile(0.995), 2.5758293035489, 1e-12);
    expectClose(normalQuantile(0.5), 0, 0, 1e-16);
    expectClose(normalQuantile(0.025), -1.959963984540054, 1e-14);
  });

  it('inverts an independent normal CDF across the whole range (all three AS241 branches)', () => {
    for (const p of [1e-300, 1e-100, 1e-20, 1e-12, 1e-6, 0.001, 0.01, 0.07, 0.2, 0.4, 0.5, 0.6, 0.9, 0.99, 0.999999]) {
      const z = normalQuantile(p);
      const back = normalCdf(z);
      if (p < 0.5) expectClose(back, p, 1e-12);
      else expectClose(1 - back, 1 - p, 1e-9);
    }
  });

  it('is symmetric and handles the ends', () => {
    for (const p of [2 ** -40, 0.01, 0.3]) expectClose(normalQuantile(1 - p), -normalQuantile(p), 1e-9);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('logGamma', () => {
  it('gives log factorials at the integers', () => {
    for (const n of [1, 2, 3, 5, 10, 20, 50, 171, 1000]) expectClose(logGamma(n), logFactorial(n - 1), 1e-13, 1e-14);
  });

  it('gives Γ(n + 1/2) = (2n)! √π / (4^n n!)', () => {
    for (const n of [0, 1, 2, 7, 30]) {
      const expected = logFactorial(2 * n) + 0.5 * Math.log(Math.PI) - n * Math.log(4) - logFactorial(n);
      expectClose(logGamma(n + 0.5), expected, 1e-13, 1e-14);
    }
  });

  it('satisfies Γ(x + 1) = x Γ(x) for small and fractional x', () => {
    for (const x of [1e-8, 0.01, 0.1, 0.3, 0.49, 0.51, 1.7, 12.25]) {
      expectClose(logGamma(x + 1), logGamma(x) + Math.log(x), 1e-13, 1e-14);
    }
    expectClose(Math.exp(logGamma(0.1)), 9.513507698668732, 1e-13);
  });
});

describe('gammaP', () => {
  it('is 1 − e^{−x} at a = 1', () => {
    for (const x of [1e-9, 0.3, 1, 2, 10, 50]) expectClose(gammaP(1, x), -Math.expm1(-x), 1e-13);
  });

  it('is erf(√x) = 2Φ(√(2x)) − 1 at a = 1/2', () => {
    expectClose(gammaP(0.5, 1), 0.8427007929497149, 1e-13);
    expectClose(gammaP(0.5, 0.25), 0.5204998778130465, 1e-13);
    for (const x of [0.01, 0.7, 3, 8]) expectClose(gammaP(0.5, x), 2 * normalCdf(Math.sqrt(2 * x)) - 1, 1e-12);
  });

  it('matches the Poisson sum at integer a on both sides of a + 1', () => {
    for (const k of [2, 5, 30, 400]) {
      for (const x of [k * 0.3, k - 1, k + 0.5, k + 2, k * 2]) {
        expectClose(1 - gammaP(k, x), chiSquareSurvivalEven(2 * x, k), 1e-10, 1e-15);
      }
    }
  });

  it('handles the edges', () => {
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaP(0, 1)).toBe(1);
    expect(gammaP(-1, 1)).toBeNaN();
  });
});

describe('chiSquare', () => {
  it('matches textbook table values', () => {
    expectClose(chiSquareQuantile(0.95, 1), 1.959963984540054 ** 2, 1e-12);
    expectClose(chiSquareQuantile(0.95, 10), 18.307038, 1e-7);
    expectClose(chiSquareQuantile(0.05, 10), 3.940299, 1e-6);
    expectClose(chiSquareQuantile(0.975, 1), 5.023886, 1e-6);
    expectClose(chiSquareQuantile(0.99, 100), 135.806723, 1e-7);
  });

  it('has the closed form −2 ln(1 − p) at df = 2', () => {
    for (const p of [1e-12, 1e-5, 0.025, 0.5, 0.975, 1 - 1e-9]) {
      expectClose(chiSquareQuantile(p, 2), -2 * Math.log1p(-p), 1e-11);
    }
  });

  it('inverts the independent Poisson-sum CDF for even df, small to large, in both tails', () => {
    for (const k of [1, 2, 3, 10, 57, 500, 3000]) {
      for (const p of [1e-10, 0.001, 0.025, 0.5, 0.975, 0.999, 1 - 1e-8]) {
        const x = chiSquareQuantile(p, 2 * k);
        if (p <= 0.5) expectClose(chiSquareCdfEven(x, k), p, 1e-9);
        else expectClose(chiSquareSurvivalEven(x, k), 1 - p, 1e-9);
      }
    }
  });

  it('inverts 2Φ(√x) − 1 at df = 1', () => {
    for (const p of [1e-8, 0.01, 0.5, 0.95, 0.9999]) {
      const x = chiSquareQuantile(p, 1);
      const z = Math.sqrt(x);
      if (z < 3) expectClose(normalCentral(z), p, 1e-9);
      else expectClose(2 * normalCdf(-z), 1 - p, 1e-9);
    }
  });

  it('stays consistent for fractional and tiny df', () => {
    for (const df of [1e-3, 0.01, 0.1, 0.5, 1.5, 7.3]) {
      for (const p of [1e-6, 0.025, 0.5, 0.975]) {
        const x = chiSquareQuantile(p, df);
        expect(x).toBeGreaterThanOrEqual(0);
        // With df → 0 the lower quantiles sink below the smallest double (e.g. 1e−320000 at df = 0.001).
        if (x > 1e-300) expectClose(chiSquareCdf(x, df), p, 1e-9);
        else expect(x).toBeLessThan(1e-300);
      }
    }
  });

  it('returns 0 for df = 0 and for p = 0, Infinity for p = 1', () => {
    expect(chiSquareQuantile(0.025, 0)).toBe(0);
    expect(chiSquareQuantile(0, 4)).toBe(0);
    expect(chiSquareQuantile(1, 4)).toBe(Infinity);
    expect(chiSquareCdf(0.5, 0)).toBe(1);
  });

  it('has survival = 1 − cdf, with the tail kept accurate', () => {
    for (const [x, df] of [[3, 4], [0.2, 1], [40, 10]] as const) {
      expectClose(chiSquareSurvival(x, df) + chiSquareCdf(x, df), 1, 1e-14);
    }
    // Far tail: 1 − cdf would round to 0; the survival keeps relative accuracy.
    expectClose(chiSquareSurvival(200, 4), chiSquareSurvivalEven(200, 2), 1e-12);
  });
});
