import { describe, expect, it } from 'vitest';
import { betaCdf, clopperPearson, rateRatioExact } from '../../../src/stats/rateRatio';

// Independent binomial tail by direct summation: P(X ≤ k | n, p).
function binomCdf(k: number, n: number, p: number): number {
  let s = 0;
  let term = Math.pow(1 - p, n); // P(X = 0)
  for (let j = 0; j <= k; j++) {
    s += term;
    term *= ((n - j) / (j + 1)) * (p / (1 - p));
  }
  return s;
}

describe('incomplete beta', () => {
  it('has closed forms for integer shapes', () => {
    // I_x(1, b) = 1 − (1 − x)^b; I_x(a, 1) = x^a; I_x(2, 2) = 3x² − 2x³.
    expect(betaCdf(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 13);
    expect(betaCdf(0.8, 5, 1)).toBeCloseTo(0.8 ** 5, 13);
    expect(betaCdf(0.6, 2, 2)).toBeCloseTo(3 * 0.36 - 2 * 0.216, 13);
  });
});

describe('Clopper–Pearson', () => {
  it('has closed forms at 0 and n', () => {
    // k = 0: (1 − U)^n = 0.025; k = n: L^n = 0.025.
    expect(clopperPearson(0, 10)).toEqual({ lower: 0, upper: expect.closeTo(1 - 0.025 ** (1 / 10), 12) });
    expect(clopperPearson(10, 10)).toEqual({ lower: expect.closeTo(0.025 ** (1 / 10), 12), upper: 1 });
  });

  it('matches R binom.test(5, 20)', () => {
    const { lower, upper } = clopperPearson(5, 20);
    expect(lower).toBeCloseTo(0.08657147, 7);
    expect(upper).toBeCloseTo(0.49104587, 7);
  });

  it('puts 2.5 % in each tail by the binomial definition', () => {
    for (const [k, n] of [[1, 3], [7, 40], [30, 31], [120, 500]] as const) {
      const { lower, upper } = clopperPearson(k, n);
      expect(binomCdf(k, n, upper)).toBeCloseTo(0.025, 10); // P(X ≤ k | U) = α/2
      expect(1 - binomCdf(k - 1, n, lower)).toBeCloseTo(0.025, 10); // P(X ≥ k | L) = α/2
    }
  });
});

describe('exact rate ratio', () => {
  it('matches the R poisson.test two-sample example', () => {
    // poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878)): 1.971488 (0.8584264, 4.2772659)
    const r = rateRatioExact(11, 800, 21, 3011)!;
    expect(r.estimate).toBeCloseTo((11 / 800) / (21 / 3011), 12);
    expect(r.estimate).toBeCloseTo(1.971488, 6);
    expect(r.lower).toBeCloseTo(0.8584264, 6);
    expect(r.upper).toBeCloseTo(4.2772659, 6);
  });

  it('is symmetric on the log scale for equal counts and exposures, and scales with exposure', () => {
    const r = rateRatioExact(6, 10, 6, 10)!;
    expect(r.estimate).toBe(1);
    expect(r.lower * r.upper).toBeCloseTo(1, 10);
    const s = rateRatioExact(6, 20, 6, 10)!; // half the rate in group 1
    expect(s.estimate).toBe(0.5);
    expect(s.lower).toBeCloseTo(r.lower / 2, 10);
  });

  it('gives 0 with a finite upper limit when the first group has no events, and null without a comparator', () => {
    const r = rateRatioExact(0, 10, 4, 10)!;
    // p upper = 1 − 0.025^(1/4); ratio = p / (1 − p)
    const pu = 1 - 0.025 ** (1 / 4);
    expect(r).toEqual({ estimate: 0, lower: 0, upper: expect.closeTo(pu / (1 - pu), 10) });
    expect(rateRatioExact(3, 10, 0, 10)).toBeNull();
    expect(rateRatioExact(3, 0, 2, 10)).toBeNull();
  });
});
