/** A timeline drawn as plain SVG (PlainWeeklyChart): stacked bars and lines as path data, axes' reach. */
import { describe, expect, test } from 'vitest';
import { bandCentre, barPaths, drawnHeights, linePath, yScale, type SeriesValues } from '../../../src/ui/components/timelinePaths';

// A plot 100 px wide from x = 10, 100 px high from y = 0, four buckets of 25 px; the axis 0–10,
// so y = 100 - 10 × value. The expected path data is written out by hand.
const plot = { x: 10, y: 0, width: 100, height: 100 };
const y = yScale({ domain: [0, 10], ticks: [0, 5, 10] }, plot);

describe('timeline paths', () => {
  test('the y scale puts the domain on the plot, top at the top', () => {
    expect([y(0), y(5), y(10)]).toEqual([100, 50, 0]);
  });

  test('buckets are centred in equal bands', () => {
    expect([0, 1, 2, 3].map((i) => bandCentre(plot, 4, i))).toEqual([22.5, 47.5, 72.5, 97.5]);
  });

  test('stacked bars: 80 % of the band, each series on top of the one before; zero, null and negative values draw nothing', () => {
    const series: SeriesValues[] = [
      { key: 'a', kind: 'bar', stack: 's', values: [2, 0, 1, null] },
      { key: 'b', kind: 'bar', stack: 's', values: [3, 4, -1, 5] },
      { key: 'line', kind: 'line', values: [1, 1, 1, 1] },
    ];
    const paths = barPaths(series, plot, y);
    // Bucket 0: x 12.5 to 32.5; a from 0 to 2 (y 100 to 80), b from 2 to 5 (y 80 to 50).
    expect(paths.get('a')).toBe('M12.5,100V80H32.5V100Z' + 'M62.5,100V90H82.5V100Z');
    expect(paths.get('b')).toBe('M12.5,80V50H32.5V80Z' + 'M37.5,100V60H57.5V100Z' + 'M87.5,100V50H107.5V100Z');
    expect(paths.has('line')).toBe(false);
  });

  test('a line through the bucket centres, broken at a missing value', () => {
    expect(linePath([1, 2, null, 4], plot, y)).toBe('M22.5,90L47.5,80M97.5,60');
    expect(linePath([], plot, y)).toBe('');
  });

  test('what each axis must reach: stacks by their totals, lines by their values, left and right apart', () => {
    const series: SeriesValues[] = [
      { key: 'a', kind: 'bar', stack: 's', values: [2, 1] },
      { key: 'b', kind: 'bar', stack: 's', values: [3, null] },
      { key: 'l', kind: 'line', values: [7, null] },
      { key: 'r', kind: 'line', right: true, values: [40, 60] },
    ];
    expect(drawnHeights(series, false)).toEqual([7, 5, null, 1]);
    expect(drawnHeights(series, true)).toEqual([40, 60]);
  });
});
