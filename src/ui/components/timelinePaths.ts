/**
 * The geometry of a timeline drawn as plain SVG (WeeklyChart): a band per week or month,
 * stacked bars as one path per series, lines as one path per series broken at missing values.
 * Recharts drew the same charts with a store entry and a React element per bar; this is what it
 * drew, in a few paths (issue 18: a person's story mounted four Recharts charts on every person
 * chosen, 200–350 ms). Pure, so the tests read the path data without a browser.
 */
import type { ValueAxis } from '../axisTicks';

export interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One series' values in bucket order (null: no value, drawn as a gap). */
export interface SeriesValues {
  key: string;
  kind: 'bar' | 'line';
  /** Bars with the same stack id are stacked, in series order, from zero upwards. */
  stack?: string;
  right?: boolean;
  values: (number | null)[];
}

/** Round to a tenth of a pixel: shorter path text, no visible change. */
const r = (v: number) => Math.round(v * 10) / 10;

/** A linear scale from an axis's domain onto the plot's height (the domain's top at the plot's top). */
export function yScale(axis: ValueAxis, plot: PlotArea): (v: number) => number {
  const [lo, hi] = axis.domain;
  const span = hi - lo || 1;
  return (v) => plot.y + plot.height - ((v - lo) / span) * plot.height;
}

/** The centre of bucket i of n across the plot (Recharts' band scale, no padding). */
export const bandCentre = (plot: PlotArea, n: number, i: number): number => plot.x + ((i + 0.5) * plot.width) / Math.max(1, n);

/**
 * Stacked bars: per series, one path of rectangles, one per bucket with a value above zero, as
 * wide as 80 % of the band (Recharts' default 10 % gap each side), each on top of the series
 * before it in the same stack. Bars outside a stack are drawn from zero.
 */
export function barPaths(series: SeriesValues[], plot: PlotArea, y: (v: number) => number): Map<string, string> {
  const n = series[0]?.values.length ?? 0;
  const band = plot.width / Math.max(1, n);
  const width = band * 0.8;
  const tops = new Map<string, number[]>();
  const out = new Map<string, string>();
  for (const s of series) {
    if (s.kind !== 'bar') continue;
    const base = s.stack ? (tops.get(s.stack) ?? new Array<number>(n).fill(0)) : new Array<number>(n).fill(0);
    let d = '';
    s.values.forEach((v, i) => {
      if (v === null || !(v > 0)) return;
      const x = plot.x + i * band + band * 0.1;
      const top = y(base[i]! + v);
      const bottom = y(base[i]!);
      d += `M${r(x)},${r(bottom)}V${r(top)}H${r(x + width)}V${r(bottom)}Z`;
      base[i] = base[i]! + v;
    });
    if (s.stack) tops.set(s.stack, base);
    out.set(s.key, d);
  }
  return out;
}

/** A line through each bucket's centre, broken where a value is missing (Recharts' connectNulls false). */
export function linePath(values: (number | null)[], plot: PlotArea, y: (v: number) => number): string {
  let d = '';
  let drawing = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      drawing = false;
      return;
    }
    d += `${drawing ? 'L' : 'M'}${r(bandCentre(plot, values.length, i))},${r(y(v))}`;
    drawing = true;
  });
  return d;
}

/**
 * What an axis must reach, bucket by bucket: each line's value and each stack's total (bars outside
 * a stack count alone), for the series on the left axis or (`right`) the right one.
 */
export function drawnHeights(series: SeriesValues[], right: boolean): (number | null)[] {
  const own = series.filter((s) => Boolean(s.right) === right);
  const n = series[0]?.values.length ?? 0;
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const stacks = new Map<string, number>();
    for (const s of own) {
      const v = s.values[i] ?? null;
      if (s.kind === 'bar' && s.stack) stacks.set(s.stack, (stacks.get(s.stack) ?? 0) + (v ?? 0));
      else out.push(v);
    }
    out.push(...stacks.values());
  }
  return out;
}
