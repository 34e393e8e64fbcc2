/** Bars with interval whiskers drawn as plain SVG (CiBarChart): the path data of each bar and whisker. */
import { describe, expect, test } from 'vitest';
import { ciBarShapes } from '../../../src/ui/components/ciBarPaths';
import { yScale } from '../../../src/ui/components/timelinePaths';

// A plot 100 px wide from x = 10, 100 px high from y = 0, four bars in bands of 25 px; the axis
// −5 to 15, so y = 75 − 5 × value (zero at y = 75). The expected path data is written out by hand.
const plot = { x: 10, y: 0, width: 100, height: 100 };
const y = yScale({ domain: [-5, 15], ticks: [-5, 0, 5, 10, 15] }, plot);

describe('bars with interval whiskers', () => {
  test('each bar 80 % of its band from zero to its value, its whisker from the lower to the upper limit with 10 px caps', () => {
    const shapes = ciBarShapes(
      [
        { value: 10, lower: 8, upper: 12 },
        { value: -2, lower: -4, upper: 1 },
        { value: 0, lower: 0, upper: 3 },
        { value: 6, lower: null, upper: null },
      ],
      plot,
      y,
    );
    expect(shapes.map((s) => s.centre)).toEqual([22.5, 47.5, 72.5, 97.5]);
    // Bar 0: x 12.5 to 32.5, y 75 (zero) up to 25 (10); whisker at x 22.5 from y 35 (8) to 15 (12).
    expect(shapes[0]).toEqual({ bar: 'M12.5,75V25H32.5V75Z', whisker: 'M17.5,15H27.5M22.5,15V35M17.5,35H27.5', centre: 22.5 });
    // Below zero the bar hangs from the zero line: y 75 down to 85.
    expect(shapes[1]!.bar).toBe('M37.5,85V75H57.5V85Z');
    expect(shapes[1]!.whisker).toBe('M42.5,70H52.5M47.5,70V95M42.5,95H52.5');
    // A bar with no height is not drawn; its interval still is.
    expect(shapes[2]!.bar).toBeNull();
    expect(shapes[2]!.whisker).toBe('M67.5,60H77.5M72.5,60V75M67.5,75H77.5');
    // No interval, no whisker.
    expect(shapes[3]).toEqual({ bar: 'M87.5,75V45H107.5V75Z', whisker: null, centre: 97.5 });
  });

  test('a bar without a value draws nothing', () => {
    expect(ciBarShapes([{ value: null, lower: 1, upper: 2 }], plot, y)).toEqual([{ bar: null, whisker: null, centre: 60 }]);
  });

  test('a limit that is not a number draws the bar without a whisker, never a "NaN" path', () => {
    for (const [lower, upper] of [[Number.NaN, 2], [1, Number.POSITIVE_INFINITY]] as const) {
      const [shape] = ciBarShapes([{ value: 1.5, lower, upper }], plot, y);
      expect(shape!.whisker).toBeNull();
      expect(shape!.bar).toMatch(/^M[\d.,VHMZ-]+$/);
    }
  });
});
