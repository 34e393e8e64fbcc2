/**
 * A chart by ISO week or by month (analysis/grain.ts): bars (stacked when they share a stack id)
 * and lines, events as numbered lines, axes, grid, legend — drawn as plain SVG, a few paths per
 * chart instead of Recharts' element and store entry per bar: the weekly charts are redrawn on
 * every filter change and Person's story mounts four whenever a person is chosen (issue 18: 196–253
 * ms in Recharts, 23–60 ms so; timelinePaths.ts holds the geometry).
 * Each bucket carries a native tooltip (its period and values); the card's table gives the numbers.
 * Focused, the arrow keys step through the buckets with the same values (ChartFrame.tsx).
 */
import type { RefObject } from 'react';
import { bucketLabel, type Grain, type Span } from '../../analysis/grain';
import { monthTicks, valueAxis } from '../axisTicks';
import { formatNumber } from '../format';
import { ChartFrame, plainChartPlace } from './ChartFrame';
import { announcement, bucketsPerPage, seriesDigits } from './chartKeys';
import { AxisTitle, BottomTick, ValueTicks } from './axes';
import { AXIS_COLOUR, TICK } from './chartStyle';
import { EventLine, type Marker } from './markers';
import { barPaths, bandCentre, drawnHeights, linePath, yScale, type PlotArea } from './timelinePaths';
import { useChartFrame } from './useChartWidth';

export interface WeeklySeries<W> {
  key: string;
  label: string;
  colour: string;
  value: (w: W) => number | null;
  kind: 'bar' | 'line';
  /** Bars with the same stack id are stacked. */
  stack?: string;
  /** Drawn dashed against the right-hand axis (a measure on another scale). */
  right?: boolean;
}

type Props<W extends { week: string }> = {
  weeks: W[];
  series: WeeklySeries<W>[];
  sentence: string;
  yLabel: string;
  chartRef: RefObject<HTMLDivElement | null>;
  yMax?: number;
  /** Label of the right-hand axis, when a series uses it. */
  yRightLabel?: string;
  /** Numbered event lines (see weekMarkers). */
  markers?: Marker[];
  height?: number;
  /** By week (default) or by month (a span longer than two years; analysis/grain.ts). */
  grain?: Grain;
  /** The dates shown: a month they cut is said to be a part month in its tooltip, as in the table. */
  span?: Span | null;
};

const AXIS_WIDTH = 60;
const MARGIN = { top: 20, right: 16, bottom: 8, left: 8 };
const X_AXIS_HEIGHT = 30;

/** The plot inside the axes, for a drawing `width` by `height` (the SVG's), with or without a right-hand axis. */
function plotArea(width: number, height: number, hasRight: boolean): PlotArea {
  return {
    x: MARGIN.left + AXIS_WIDTH,
    y: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - AXIS_WIDTH - MARGIN.right - (hasRight ? AXIS_WIDTH : 0)),
    height: Math.max(1, height - MARGIN.top - MARGIN.bottom - X_AXIS_HEIGHT),
  };
}

/** The SVG's height: the chart's less the legend's line. */
const drawingHeight = (height: number | undefined) => (height ?? 280) - 24;

/** A value as the tooltip shows it ("–": none), with its series' decimals (seriesDigits). */
const valueText = (v: number | null, digits: number) => (v === null ? '–' : formatNumber(v, digits));

/** At most 2,000 weeks come from the engine. */
export function WeeklyChart<W extends { week: string }>(props: Props<W>) {
  const grain = props.grain ?? 'week';
  const [frameRef, width] = useChartFrame(props.chartRef);
  const { weeks, series } = props;
  const period = (i: number) => bucketLabel(grain, weeks[i]!.week, props.span ?? null);
  // Worked out on a key press, not on every draw.
  const values = (i: number) => series.map((s) => ({ label: s.label, value: valueText(s.value(weeks[i]!), seriesDigits(weeks.map(s.value))) }));
  const place = plainChartPlace(weeks.length, (svgWidth) => plotArea(svgWidth, drawingHeight(props.height), Boolean(props.yRightLabel)));
  return (
    <ChartFrame
      chartRef={frameRef}
      kind={`Chart by ${grain}`}
      sentence={props.sentence}
      things={`${grain}s`}
      count={weeks.length}
      page={bucketsPerPage(grain)}
      tip={(i) => [period(i), ...values(i).map((v) => `${v.label}: ${v.value}`)]}
      spoken={(i) => announcement(period(i), values(i))}
      place={place}
    >
      {width > 0 && <Drawing {...props} width={width} />}
      <ul style={{ listStyle: 'none', display: 'flex', flexWrap: 'wrap', justifyContent: 'center', gap: '0.25rem 1rem', margin: 0, padding: 0, fontSize: 14 }}>
        {props.series.map((s) => (
          <li key={s.key} style={{ color: '#1f2933', display: 'flex', alignItems: 'center', gap: '0.3rem' }}>
            <svg width={14} height={14} aria-hidden="true">
              {s.kind === 'bar' ? (
                <rect width={14} height={14} fill={s.colour} />
              ) : (
                <line x1={0} x2={14} y1={7} y2={7} stroke={s.colour} strokeWidth={3} strokeDasharray={s.right ? '4 2' : undefined} />
              )}
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
    </ChartFrame>
  );
}

function Drawing<W extends { week: string }>(props: Props<W> & { width: number }) {
  const grain = props.grain ?? 'week';
  const height = drawingHeight(props.height);
  const weeks = props.weeks.map((w) => w.week);
  const series = props.series.map((s) => ({ ...s, values: props.weeks.map((w) => s.value(w)) }));
  const left = valueAxis(props.yMax !== undefined ? [0, props.yMax] : drawnHeights(series, false));
  const hasRight = Boolean(props.yRightLabel);
  const right = valueAxis(drawnHeights(series, true));
  const plot = plotArea(props.width, height, hasRight);
  const bottom = plot.y + plot.height;
  const yLeft = yScale(left, plot);
  const yRight = yScale(right, plot);
  const bars = barPaths(series, plot, yLeft);
  const xAxis = monthTicks(weeks, undefined, grain);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const at = (w: string) => {
    const i = index.get(w);
    return i === undefined ? null : bandCentre(plot, weeks.length, i);
  };
  const band = plot.width / Math.max(1, weeks.length);
  const digits = series.map((s) => seriesDigits(s.values));
  const tip = (i: number) =>
    [bucketLabel(grain, weeks[i]!, props.span ?? null), ...series.map((s, k) => `${s.label}: ${valueText(s.values[i] ?? null, digits[k]!)}`)].join('\n');
  const rightEdge = plot.x + plot.width;
  return (
    <svg width={props.width} height={height} className="plain-chart" style={{ display: 'block' }}>
      <path
        className="chart-grid"
        d={left.ticks.map((t) => `M${plot.x},${yLeft(t)}H${rightEdge}`).join('')}
        fill="none"
        stroke="#d0d4da"
        strokeDasharray="3 3"
      />
      {series.map((s) =>
        s.kind === 'bar' ? (
          <path key={s.key} d={bars.get(s.key)} fill={s.colour} />
        ) : (
          <path
            key={s.key}
            d={linePath(s.values, plot, s.right ? yRight : yLeft)}
            fill="none"
            stroke={s.colour}
            strokeWidth={2}
            strokeDasharray={s.right ? '6 3' : undefined}
          />
        ),
      )}
      <g className="chart-events">
        {(props.markers ?? []).map((m, i) => {
          const x = at(m.x);
          return x === null ? null : <EventLine key={`${m.x}-${i}`} x={x} top={plot.y} bottom={bottom} label={m.label} />;
        })}
      </g>
      <g fontSize={TICK.fontSize} fill={TICK.fill}>
        <path d={`M${plot.x},${bottom}H${rightEdge}M${plot.x},${plot.y}V${bottom}${hasRight ? `M${rightEdge},${plot.y}V${bottom}` : ''}`} stroke={AXIS_COLOUR} fill="none" />
        {xAxis.ticks.map((w) => {
          const x = at(w);
          return x === null ? null : <BottomTick key={w} x={x} bottom={bottom} label={xAxis.label(w)} />;
        })}
        <ValueTicks ticks={left.ticks} y={yLeft} edge={plot.x} side="left" />
        {hasRight && <ValueTicks ticks={right.ticks} y={yRight} edge={rightEdge} side="right" />}
      </g>
      <AxisTitle x={MARGIN.left + 12} y={plot.y + plot.height / 2} side="left">
        {props.yLabel}
      </AxisTitle>
      {hasRight && (
        <AxisTitle x={props.width - MARGIN.right - 12} y={plot.y + plot.height / 2} side="right">
          {props.yRightLabel}
        </AxisTitle>
      )}
      <g fill="transparent">
        {weeks.map((w, i) => (
          <rect key={w} x={plot.x + i * band} y={plot.y} width={band} height={plot.height}>
            <title>{tip(i)}</title>
          </rect>
        ))}
      </g>
    </svg>
  );
}
