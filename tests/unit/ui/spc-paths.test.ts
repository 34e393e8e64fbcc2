/** The control chart's centre line and limits as drawn (SpcChart): one path per phase and line, gaps where a limit is missing. */
import { describe, expect, test } from 'vitest';
import { phasePaths } from '../../../src/ui/components/spcPaths';

// x at 10 px per point, y = 100 - 10 × value: the expected path data is written out by hand.
const xs = [0, 10, 20, 30];
const y = (v: number) => 100 - 10 * v;

describe('phasePaths', () => {
  test('one phase: mean, upper and lower limit through every point', () => {
    const points = [0, 1, 2, 3].map(() => ({ phase: 0, mean: 2, upper: 5, lower: -1 }));
    expect(phasePaths(points, xs, y)).toEqual([
      { key: 'm0', d: 'M0,80L10,80L20,80L30,80', mean: true },
      { key: 'u0', d: 'M0,50L10,50L20,50L30,50', mean: false },
      { key: 'l0', d: 'M0,110L10,110L20,110L30,110', mean: false },
    ]);
  });

  test('a re-baseline starts new paths at its first point (a step, not a slope); floor applies to the lower limit', () => {
    const points = [
      { phase: 0, mean: 2, upper: 5, lower: -1 },
      { phase: 0, mean: 2, upper: 5, lower: -1 },
      { phase: 1, mean: 4, upper: 8, lower: 1 },
      { phase: 1, mean: 4, upper: 8, lower: 1 },
    ];
    const paths = phasePaths(points, xs, y, (v) => (v === null ? null : Math.max(0, v)));
    expect(paths.map((p) => [p.key, p.d])).toEqual([
      ['m0', 'M0,80L10,80'],
      ['u0', 'M0,50L10,50'],
      ['l0', 'M0,100L10,100'],
      ['m1', 'M20,60L30,60'],
      ['u1', 'M20,20L30,20'],
      ['l1', 'M20,90L30,90'],
    ]);
  });

  test('a missing limit, or a point with no position, lifts the pen', () => {
    const points = [
      { phase: 0, mean: 1, upper: 3, lower: null },
      { phase: 0, mean: 1, upper: null, lower: null },
      { phase: 0, mean: 1, upper: 3, lower: null },
      { phase: 0, mean: 1, upper: 3, lower: null },
    ];
    const paths = phasePaths(points, [0, 10, null, 30], y);
    expect(paths).toEqual([
      { key: 'm0', d: 'M0,90L10,90M30,90', mean: true },
      { key: 'u0', d: 'M0,70M30,70', mean: false },
      { key: 'l0', d: '', mean: false },
    ]);
  });
});
