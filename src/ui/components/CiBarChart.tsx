/**
 * Bars with 95 % interval whiskers, drawn as plain SVG inside the ref'd element (what the PNG/SVG
 * downloads take): a path per bar and per whisker (ciBarPaths.ts), the axes and grid, as Recharts drew them, but
 * without its store entry, selectors and effects per bar. These charts are redrawn on every filter
 * change on most pages (issue 18: Recharts was a quarter to a third of the main thread's time of a
 * change on Plan delivery, Staffing and Restrictive practice). Each bar carries a native tooltip;
 * focused, the arrow keys step through the bars (ChartFrame.tsx).
 */
import type { RefObject } from 'react';
import { valueAxis } from '../axisTicks';
import { formatInterval, formatNumber } from '../format';
import { ChartFrame, plainChartPlace } from './ChartFrame';
import { announcement } from './chartKeys';
import { AxisTitle, BottomTick, ValueTicks } from './axes';
import { AXIS_COLOUR, TICK } from './chartStyle';
import { ciBarShapes, r } from './ciBarPaths';
import { yScale, type PlotArea } from './timelinePaths';
import { useChartFrame } from './useChartWidth';

export interface CiBar {
  key: string;
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  colour: string;
}

interface Props {
  bars: CiBar[];
  sentence: string;
  yLabel: string;
  chartRef: RefObject<HTMLDivElement | null>;
  digits?: number;
  height?: number;
  /** What the tooltip calls a value; default the axis label. */
  valueName?: string;
}

const MARGIN = { top: 16, right: 16, bottom: 8, left: 8 };
const AXIS_WIDTH = 60;
const X_AXIS_HEIGHT = 30;

/** The plot inside the axes, for a drawing `width` by `height`. */
function plotArea(width: number, height: number): PlotArea {
  return {
    x: MARGIN.left + AXIS_WIDTH,
    y: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - AXIS_WIDTH - MARGIN.right),
    height: Math.max(1, height - MARGIN.top - MARGIN.bottom - X_AXIS_HEIGHT),
  };
}


export function CiBarChart(props: Props) {
  const [frameRef, width] = useChartFrame(props.chartRef);
  const { bars } = props;
  const digits = props.digits ?? 1;
  const name = props.valueName ?? props.yLabel;
  const height = props.height ?? 260;
  // The tooltip's value: the bar's, with its interval when it has one.
  const shown = (b: CiBar) => `${formatNumber(b.value, digits)}${b.lower === null || b.upper === null ? '' : ` (95 % CI ${formatInterval(b.lower, b.upper, digits)})`}`;
  return (
    <ChartFrame
      chartRef={frameRef}
      kind="Bar chart"
      sentence={props.sentence}
      things="bars"
      count={bars.length}
      page={4}
      tip={(i) => [bars[i]!.label, `${name}: ${shown(bars[i]!)}`]}
      spoken={(i) => announcement(bars[i]!.label, [{ label: name, value: bars[i]!.value === null ? '–' : shown(bars[i]!) }])}
      place={plainChartPlace(bars.length, (svgWidth) => plotArea(svgWidth, height))}
    >
      {width > 0 && <Drawing bars={bars} width={width} height={height} yLabel={props.yLabel} tip={(b) => `${b.label}\n${name}: ${shown(b)}`} />}
    </ChartFrame>
  );
}

function Drawing(props: { bars: CiBar[]; width: number; height: number; yLabel: string; tip: (b: CiBar) => string }) {
  const { bars, width, height } = props;
  const axis = valueAxis(bars.flatMap((b) => [b.value, b.upper, b.lower]));
  const plot = plotArea(width, height);
  const y = yScale(axis, plot);
  const band = plot.width / Math.max(1, bars.length);
  const bottom = plot.y + plot.height;
  const rightEdge = plot.x + plot.width;
  const shapes = ciBarShapes(bars, plot, y);
  return (
    <svg width={width} height={height} className="plain-chart" style={{ display: 'block' }}>
      <path className="chart-grid" d={axis.ticks.map((t) => `M${plot.x},${r(y(t))}H${rightEdge}`).join('')} fill="none" stroke="#d0d4da" strokeDasharray="3 3" />
      {/* A group per bar, its rectangle only when it has a height (as Recharts drew them). */}
      {bars.map((b, i) => (
        <g key={b.key} className="ci-bar">
          {shapes[i]!.bar && <path className="ci-rectangle" d={shapes[i]!.bar!} fill={b.colour} stroke="#1f2933" strokeWidth={1} />}
        </g>
      ))}
      {bars.map((b, i) => shapes[i]!.whisker && <path key={b.key} className="ci-whisker" d={shapes[i]!.whisker!} fill="none" stroke="#000000" strokeWidth={1.5} />)}
      <g fontSize={TICK.fontSize} fill={TICK.fill}>
        <path d={`M${plot.x},${bottom}H${rightEdge}M${plot.x},${plot.y}V${bottom}`} stroke={AXIS_COLOUR} fill="none" />
        {bars.map((b, i) => (
          <BottomTick key={b.key} x={shapes[i]!.centre} bottom={bottom} label={b.label} />
        ))}
        <ValueTicks ticks={axis.ticks} y={(t) => r(y(t))} edge={plot.x} side="left" />
      </g>
      <AxisTitle x={MARGIN.left + 12} y={plot.y + plot.height / 2} side="left">
        {props.yLabel}
      </AxisTitle>
      <g fill="transparent">
        {bars.map((b, i) => (
          <rect key={b.key} x={plot.x + i * band} y={plot.y} width={band} height={plot.height}>
            <title>{props.tip(b)}</title>
          </rect>
        ))}
      </g>
    </svg>
  );
}
