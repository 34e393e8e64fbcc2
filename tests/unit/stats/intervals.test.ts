import { describe, expect, it } from 'vitest';
import { poissonExactInterval, proportionInterval, rateInterval, riskRatio, Z95 } from '../../../src/stats/intervals';

// Independent Poisson tail: P(X ≤ k | μ).
function poissonCdf(k: number, mu: number): number {
  let term = Math.exp(-mu);
  let s = term;
  for (let j = 1; j <= k; j++) {
    term *= mu / j;
    s += term;
  }
  return s;
}

describe('poissonExactInterval (Garwood)', () => {
  it('has closed forms at 0 and 1 events', () => {
    // k = 0: e^{−U} = 0.025 → U = ln 40.
    expect(poissonExactInterval(0)).toEqual({ lower: 0, upper: expect.closeTo(Math.log(40), 12) });
    // k = 1: P(X ≥ 1 | L) = 1 − e^{−L} = 0.025 → L = −ln 0.975.
    expect(poissonExactInterval(1).lower).toBeCloseTo(-Math.log(0.975), 12);
  });

  it('matches published values', () => {
    const one = poissonExactInterval(1);
    expect(one.upper).toBeCloseTo(5.571643, 5);
    const ten = poissonExactInterval(10);
    expect(ten.lower).toBeCloseTo(4.795389, 5);
    expect(ten.upper).toBeCloseTo(18.390356, 5);
  });

  it('puts 2.5 % in each tail by the Poisson definition', () => {
    for (const k of [1, 2, 7, 30, 250]) {
      const { lower, upper } = poissonExactInterval(k);
      expect(poissonCdf(k, upper)).toBeCloseTo(0.025, 11); // P(X ≤ k | upper) = α/2
      expect(1 - poissonCdf(k - 1, lower)).toBeCloseTo(0.025, 11); // P(X ≥ k | lower) = α/2
    }
    const { upper } = poissonExactInterval(4, 0.9);
    expect(poissonCdf(4, upper)).toBeCloseTo(0.05, 11);
  });

  it('rejects negative counts', () => {
    expect(() => poissonExactInterval(-1)).toThrow(RangeError);
  });
});

describe('rateInterval', () => {
  it('scales the count interval by per / exposure', () => {
    const r = rateInterval(5, 200, 100);
    expect(r.rate).toBe(2.5);
    // Garwood for 5 events: 1.623486 – 11.668332, halved for 200 exposure per 100.
    expect(r.lower).toBeCloseTo(1.623486 / 2, 5);
    expect(r.upper).toBeCloseTo(11.668332 / 2, 5);
    const perThousand = rateInterval(3, 50, 1000);
    expect(perThousand.rate).toBe(60);
  });

  it('is null without exposure, and has an upper limit with no events', () => {
    expect(rateInterval(3, 0)).toEqual({ rate: null, lower: null, upper: null });
    const none = rateInterval(0, 100);
    expect(none).toEqual({ rate: 0, lower: 0, upper: expect.closeTo(Math.log(40), 10) });
  });
});

describe('riskRatio', () => {
  it('matches a hand computation', () => {
    // 20/100 vs 10/100: RR = 2; se² = 1/20 − 1/100 + 1/10 − 1/100 = 0.13;
    // limits 2·exp(∓1.959964·√0.13) = 0.986563, 4.054479.
    const rr = riskRatio(20, 100, 10, 100)!;
    expect(rr.estimate).toBeCloseTo(2, 14);
    expect(rr.lower).toBeCloseTo(0.9865632012, 9);
    expect(rr.upper).toBeCloseTo(4.0544792214, 9);
  });

  it('is null when either group has no events or no members', () => {
    expect(riskRatio(0, 10, 3, 10)).toBeNull();
    expect(riskRatio(3, 10, 0, 10)).toBeNull();
    expect(riskRatio(0, 0, 3, 10)).toBeNull();
    expect(riskRatio(3, 10, 2, 0)).toBeNull();
  });
});

describe('proportionInterval (Wilson)', () => {
  it('matches Newcombe (1998) table I', () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lo, hi] of cases) {
      const s = proportionInterval(x, n);
      expect(s.share).toBeCloseTo(x / n, 14);
      expect(s.lower).toBeCloseTo(lo, 4);
      expect(s.upper).toBeCloseTo(hi, 4);
    }
  });

  it('has the closed form z²/(n + z²) at 0 successes and is symmetric', () => {
    expect(proportionInterval(0, 10).upper).toBeCloseTo((Z95 * Z95) / (10 + Z95 * Z95), 14);
    const a = proportionInterval(3, 17);
    const b = proportionInterval(14, 17);
    expect(a.lower!).toBeCloseTo(1 - b.upper!, 14);
    expect(proportionInterval(17, 17).upper).toBe(1);
    expect(proportionInterval(0, 0)).toEqual({ share: null, lower: null, upper: null });
  });
});
