/**
 * The geometry of bars with interval whiskers drawn as plain SVG (CiBarChart), as Recharts drew
 * them: one band per bar, the bar 80 % of its band (a 10 % gap each side) from zero to its value,
 * none when it has no height; the whisker from the lower to the upper limit at the band's centre,
 * with caps 10 px across. Pure, so the tests read the path data without a browser.
 */
import { bandCentre, type PlotArea } from './timelinePaths';

export interface CiBarShape {
  /** The rectangle's path; null without a value or a height. */
  bar: string | null;
  /** The whisker's path; null without a value or either limit. */
  whisker: string | null;
  /** The band's centre across: the x-axis label's place. */
  centre: number;
}

/** Round to a tenth of a pixel: shorter path text, no visible change. */
export const r = (v: number) => Math.round(v * 10) / 10;
const CAP = 5;

export function ciBarShapes(bars: readonly { value: number | null; lower: number | null; upper: number | null }[], plot: PlotArea, y: (v: number) => number): CiBarShape[] {
  const band = plot.width / Math.max(1, bars.length);
  return bars.map((b, i) => {
    const centre = r(bandCentre(plot, bars.length, i));
    if (b.value === null || !Number.isFinite(b.value)) return { bar: null, whisker: null, centre };
    const [left, right] = [r(plot.x + i * band + band * 0.1), r(plot.x + i * band + band * 0.9)];
    const [zero, top] = [r(y(0)), r(y(b.value))];
    const [lo, hi] = [Math.max(zero, top), Math.min(zero, top)];
    const bar = lo === hi ? null : `M${left},${lo}V${hi}H${right}V${lo}Z`;
    // A limit that is not a finite number (an interval the engine could not give) has no whisker, as a missing one.
    if (b.lower === null || b.upper === null || !Number.isFinite(b.lower) || !Number.isFinite(b.upper)) return { bar, whisker: null, centre };
    const [low, high] = [r(y(b.lower)), r(y(b.upper))];
    return { bar, whisker: `M${r(centre - CAP)},${high}H${r(centre + CAP)}M${centre},${high}V${low}M${r(centre - CAP)},${low}H${r(centre + CAP)}`, centre };
  });
}
