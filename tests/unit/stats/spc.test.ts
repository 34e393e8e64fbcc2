import { describe, expect, it } from 'vitest';
import { gChart, specialCauses, xmr, type SpcRule } from '../../../src/stats/spc';

/** Indexes of the points carrying a rule. */
function flagged(rules: SpcRule[][], rule: SpcRule): number[] {
  return rules.flatMap((r, i) => (r.includes(rule) ? [i] : []));
}

// Mean 0, limits ±3, 2σ lines ±2 for the rule tests; wide lines where only runs matter.
const LINES = { mean: 0, lower: -3, upper: 3, lower2s: -2, upper2s: 2 };
const WIDE = { mean: 0, lower: -100, upper: 100, lower2s: -66, upper2s: 66 };

describe('special-cause rules', () => {
  it('outsideLimits: strictly beyond a limit, not on it', () => {
    const r = specialCauses([0, 3, 3.0001, -3, -3.5, 1], LINES);
    expect(flagged(r, 'outsideLimits')).toEqual([2, 4]);
  });

  it('shift: 7 on one side is a shift, 6 is not', () => {
    expect(flagged(specialCauses([1, 1, 1, 1, 1, 1, -1], WIDE), 'shift')).toEqual([]);
    expect(flagged(specialCauses([1, 1, 1, 1, 1, 1, 1, -1], WIDE), 'shift')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(flagged(specialCauses([-1, -2, -1, -2, -1, -2, -1, -2, 1], WIDE), 'shift')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('shift: a point exactly on the mean breaks the run', () => {
    expect(flagged(specialCauses([1, 1, 1, 0, 1, 1, 1, 1], WIDE), 'shift')).toEqual([]);
    // The run after the point on the mean is 7 long: only it is flagged.
    expect(flagged(specialCauses([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1], WIDE), 'shift')).toEqual([4, 5, 6, 7, 8, 9, 10]);
    // A constant series sits on its mean: no shift.
    expect(flagged(specialCauses([0, 0, 0, 0, 0, 0, 0, 0], WIDE), 'shift')).toEqual([]);
  });

  it('trend: 7 points with 6 increases is a trend, 6 points are not', () => {
    // Crossing the mean so no shift interferes.
    expect(flagged(specialCauses([-3, -2, -1, 1, 2, 3, 4], WIDE), 'trend')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(flagged(specialCauses([-3, -2, -1, 1, 2, 3], WIDE), 'trend')).toEqual([]);
    expect(flagged(specialCauses([9, -3, -2, -1, 1, 2, 3], WIDE), 'trend')).toEqual([]);
    // Falling, 8 points.
    expect(flagged(specialCauses([5, 4, 3, 2, 1, -1, -2, -3, 0], WIDE), 'trend')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('trend: equal neighbours (a plateau) break it', () => {
    expect(flagged(specialCauses([-3, -2, -1, 1, 1, 2, 3, 4], WIDE), 'trend')).toEqual([]);
    // After the plateau a fresh 7-point trend starts at the second equal point.
    expect(flagged(specialCauses([-5, -4, -4, -3, -2, -1, 1, 2, 3], WIDE), 'trend')).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('twoOfThree: two of three beyond a 2σ line, all three on that side; flags only those beyond', () => {
    expect(flagged(specialCauses([2.5, 1, 2.5], LINES), 'twoOfThree')).toEqual([0, 2]);
    expect(flagged(specialCauses([-2.5, -2.6, -1], LINES), 'twoOfThree')).toEqual([0, 1]);
    expect(flagged(specialCauses([1, 2.5, 2.5], LINES), 'twoOfThree')).toEqual([1, 2]);
  });

  it('twoOfThree: not on mixed sides, not with one beyond, not exactly on the 2σ line', () => {
    expect(flagged(specialCauses([2.5, -1, 2.5], LINES), 'twoOfThree')).toEqual([]);
    expect(flagged(specialCauses([2.5, 2.5, 0], LINES), 'twoOfThree')).toEqual([]); // 0 is on the mean
    expect(flagged(specialCauses([2.5, -2.5, 1], LINES), 'twoOfThree')).toEqual([]);
    expect(flagged(specialCauses([2.5, 1, 1], LINES), 'twoOfThree')).toEqual([]);
    expect(flagged(specialCauses([2, 2, 1], LINES), 'twoOfThree')).toEqual([]);
  });

  it('twoOfThree counts only points between the 2σ line and the limit (NHSRplotthedots close_to_limits)', () => {
    // 3.5 is beyond the limit: its own rule, not one of the two.
    const r = specialCauses([3.5, 2.5, 1], LINES);
    expect(flagged(r, 'twoOfThree')).toEqual([]);
    expect(flagged(r, 'outsideLimits')).toEqual([0]);
    expect(flagged(specialCauses([-3.5, -2.5, -2.2], LINES), 'twoOfThree')).toEqual([1, 2]);
    // Exactly on the limit is not outside it, so it is close to it.
    expect(flagged(specialCauses([3, 2.5, 1], LINES), 'twoOfThree')).toEqual([0, 1]);
  });

  it('the issue-14 series: the 14 next to a 19 beyond the limit carries no rule', () => {
    // By hand: mean 113/12 = 9.41667. MRs 1,1,1,1,1,7,5,9,2,1,1 (mean 30/11 = 2.727); the 9 is
    // ≥ 3.267 × 2.727 = 8.91 and left out, so mean MR = 21/10 = 2.1. UCL = 9.41667 + 2.66·2.1 =
    // 15.0027, upper 2σ line = 9.41667 + (2/3)·5.586 = 13.1407. The 19 is outside the limit; the
    // 14 is the only point between the line and the limit in any window of three all above the
    // mean (7,14,19 / 14,19,10 / 19,10,8), so no two-of-three.
    const chart = xmr([8, 7, 8, 9, 8, 7, 14, 19, 10, 8, 7, 8]);
    expect(chart.points[0]!.upper).toBeCloseTo(113 / 12 + 2.66 * 2.1, 10);
    expect(chart.points[6]!.rules).toEqual([]);
    expect(chart.points[7]!.rules).toEqual(['outsideLimits']);
    expect(chart.points.flatMap((p) => p.rules.filter((r) => r === 'twoOfThree'))).toEqual([]);
  });
});

describe('xmr', () => {
  const alternating = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b));

  it('computes mean, moving ranges and limits', () => {
    // 10, 12, … (12 points): mean 11; every MR is 2, so mean MR 2; limits 11 ± 2.66·2 = 5.68, 16.32;
    // 2σ lines 11 ± (2/3)·5.32 = 7.4533…, 14.5466….
    const chart = xmr(alternating(10, 12, 12));
    const p = chart.points[3]!;
    expect(p.mean).toBeCloseTo(11, 12);
    expect(p.lower).toBeCloseTo(5.68, 12);
    expect(p.upper).toBeCloseTo(16.32, 12);
    expect(p.lower2s).toBeCloseTo(11 - 5.32 * (2 / 3), 12);
    expect(p.upper2s).toBeCloseTo(11 + 5.32 * (2 / 3), 12);
    expect(chart.points[0]!.movingRange).toBeNull();
    expect(p.movingRange).toBe(2);
    expect(chart.points.every((q) => q.rules.length === 0)).toBe(true);
    expect(chart.phases).toHaveLength(1);
    expect(chart.phases[0]).toMatchObject({ start: 0, end: 11, n: 12, meanMovingRange: 2, movingRangesExcluded: 0 });
    expect(chart.warnings).toEqual([]);
  });

  it('leaves a huge moving range out of the mean MR by default', () => {
    // 10, 12, …, 10 (11 points) then 30. Sum = 6·10 + 5·12 + 30 = 150, mean 12.5.
    // MRs: ten of 2 and one of 20 → initial mean MR 40/11 = 3.636; screen at 3.267·3.636 = 11.88,
    // so the 20 is left out and the mean MR is 2: limits 12.5 ± 5.32 = 7.18, 17.82.
    const values = [...alternating(10, 12, 11), 30];
    const chart = xmr(values);
    expect(chart.phases[0]!.meanMovingRange).toBeCloseTo(2, 12);
    expect(chart.phases[0]!.movingRangesExcluded).toBe(1);
    expect(chart.points[0]!.lower).toBeCloseTo(7.18, 12);
    expect(chart.points[0]!.upper).toBeCloseTo(17.82, 12);
    expect(chart.points[11]!.rules).toContain('outsideLimits');
    expect(chart.points[11]!.movingRange).toBe(20);
    // The first 11 points all sit below 12.5: a shift.
    expect(chart.points.slice(0, 11).every((q) => q.rules.includes('shift'))).toBe(true);

    // Without screening: mean MR 40/11, limits 12.5 ± 2.66·40/11 = 2.8273, 22.1727.
    const raw = xmr(values, { excludeMovingRangeOutliers: false });
    expect(raw.phases[0]!.meanMovingRange).toBeCloseTo(40 / 11, 12);
    expect(raw.points[0]!.lower).toBeCloseTo(12.5 - (2.66 * 40) / 11, 12);
    expect(raw.points[0]!.upper).toBeCloseTo(22.172727272727, 10);
  });

  it('re-baselines at a break: separate means, moving ranges and limits', () => {
    // Phase 1: 10, 12, … (mean 11, MR 2); phase 2: 20, 24, … (mean 22, MR 4, limits 22 ± 10.64).
    const values = [...alternating(10, 12, 12), ...alternating(20, 24, 12)];
    const chart = xmr(values, { breaks: [12] });
    expect(chart.phases.map((ph) => [ph.start, ph.end, ph.mean, ph.meanMovingRange])).toEqual([
      [0, 11, 11, 2],
      [12, 23, 22, 4],
    ]);
    const second = chart.points[12]!;
    expect(second.phase).toBe(1);
    expect(second.movingRange).toBeNull(); // the jump across the break is not a moving range
    expect(second.lower).toBeCloseTo(22 - 10.64, 12);
    expect(second.upper).toBeCloseTo(22 + 10.64, 12);
    expect(chart.points.every((q) => q.rules.length === 0)).toBe(true);
    // One baseline over both: the first 12 sit below the mean of 16.5 → shift.
    const single = xmr(values);
    expect(single.points[0]!.rules).toContain('shift');
  });

  it('does not run rules across a break', () => {
    // One baseline: mean 102/19 = 5.37, and points 5–12 (a 10, then seven 6s) sit above it → shift.
    // Break at 10: phase 1 mean 5.4 (run above: 5 points), phase 2 mean 48/9 = 5.33 (run: 3) → none.
    const values = [0, 10, 0, 10, 0, 10, 6, 6, 6, 6, 6, 6, 6, 0, 10, 0, 10, 0, 10];
    expect(flagged(xmr(values).points.map((q) => q.rules), 'shift')).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(flagged(xmr(values, { breaks: [10] }).points.map((q) => q.rules), 'shift')).toEqual([]);
  });

  it('warns under 12 points, per phase', () => {
    expect(xmr(alternating(1, 2, 11)).warnings).toEqual([
      'The chart has only 11 points; limits from fewer than 12 are unreliable.',
    ]);
    expect(xmr(alternating(1, 2, 12)).warnings).toEqual([]);
    const phased = xmr(alternating(1, 2, 17), { breaks: [12] });
    expect(phased.warnings).toHaveLength(1);
    expect(phased.warnings[0]).toMatch(/^Phase 2 \(points 13–17\) has only 5 points/);
  });

  it('handles one-point phases, constant series, stray breaks and bad input', () => {
    const one = xmr([4, 5, 4, 7], { breaks: [3] });
    expect(one.points[3]!.lower).toBeNull();
    expect(one.points[3]!.rules).toEqual([]);
    const flat = xmr(new Array(14).fill(3));
    expect(flat.points.every((q) => q.lower === 3 && q.upper === 3 && q.rules.length === 0)).toBe(true);
    const stray = xmr(alternating(1, 2, 12), { breaks: [0, 40] });
    expect(stray.phases).toHaveLength(1);
    expect(stray.warnings[0]).toMatch(/Break at index 40 ignored/);
    expect(xmr([]).points).toEqual([]);
    expect(() => xmr([1, NaN])).toThrow(RangeError);
  });
});

describe('gChart', () => {
  // Gaps 3, 2, 7, 1, 7, 4, 3, 5, 2, 6, 4, 60 days between 13 events.
  const gaps = [3, 2, 7, 1, 7, 4, 3, 5, 2, 6, 4, 60];
  const start = Date.UTC(2024, 0, 1);
  const dates: string[] = [new Date(start).toISOString().slice(0, 10)];
  gaps.reduce((day, g) => {
    const next = day + g;
    dates.push(new Date(start + next * 86_400_000).toISOString().slice(0, 10));
    return next;
  }, 0);

  it('counts days between events (unsorted input) and sets geometric limits', () => {
    const shuffled = [...dates].reverse();
    const chart = gChart(shuffled);
    expect(chart.events).toBe(13);
    expect(chart.points.map((p) => p.value)).toEqual(gaps);
    expect(chart.points[0]).toMatchObject({ from: '2024-01-01', to: '2024-01-04' });
    // Mean = 104/12 = 8.6667; sd = √(m(m + 1)) = √(8.6667 · 9.6667) = 9.1530; UCL = m + 3 sd = 36.126.
    const m = 104 / 12;
    expect(chart.phases[0]!.mean).toBeCloseTo(m, 12);
    expect(chart.phases[0]!.upper).toBeCloseTo(36.1258, 3);
    expect(chart.phases[0]!.lower).toBe(0);
    expect(chart.points[11]!.rules).toContain('outsideLimits'); // the long gap: an improvement
    // Eleven gaps in a row below the mean: a shift.
    expect(chart.points.slice(0, 11).every((p) => p.rules.includes('shift'))).toBe(true);
    expect(chart.warnings).toEqual([]);
  });

  it('offers probability limits: P(gap > UCL) = 0.135 % under the geometric', () => {
    // Four gaps of 4 days, mean 4: P(X > u) = (4/5)^(u+1) = 0.00135 → u = ln 0.00135 / ln 0.8 − 1 = 28.6117.
    const chart = gChart(['2024-03-01', '2024-03-05', '2024-03-09', '2024-03-13', '2024-03-17'], { limits: 'probability' });
    expect(chart.phases[0]!.mean).toBe(4);
    expect(chart.phases[0]!.upper).toBeCloseTo(28.6117, 3);
    expect(Math.pow(0.8, chart.phases[0]!.upper! + 1)).toBeCloseTo(0.00135, 12);
    expect(chart.warnings[0]).toMatch(/only 4 gaps/);
  });

  it('accepts same-day events and timestamps, rejects bad dates, needs two events', () => {
    const chart = gChart(['2024-05-02T10:00', '2024-05-02 18:30', '2024-05-09']);
    expect(chart.points.map((p) => p.value)).toEqual([0, 7]);
    expect(() => gChart(['2024-02-30'])).toThrow(RangeError);
    expect(gChart(['2024-01-01']).warnings).toEqual(['A G chart needs at least two events.']);
  });
});
