/**
 * A control chart's picture as plain SVG (SpcChart holds the card, the note and the table): the
 * grid, each phase's centre line and limits, the values joined by a grey line with a dot at every
 * point, special-cause points as a diamond (concern) or a square (improvement), numbered event
 * lines, the axes, and the hovered point's value, mean and limits.
 *
 * Drawn without Recharts: Over time redraws five of these (up to 260 weeks each) on every filter
 * change, and through Recharts each chart's store, axes and line re-ran their selectors and
 * measured the line on every redraw — most of the page's time after its answer (issue 18). The
 * same geometry as WeeklyChart (timelinePaths.ts): a band per point, the point at its centre.
 */
import { Fragment, useState } from 'react';
import { monthTicks, valueAxis } from '../axisTicks';
import { plainChartPlace } from './ChartFrame';
import { TICK } from './chartStyle';
import { EventLine, type Marker } from './markers';
import { phasePaths } from './spcPaths';
import { bandCentre, linePath, yScale, type PlotArea } from './timelinePaths';
import { useChartWidth } from './useChartWidth';
import type { SpcDatum, Variation } from './SpcChart';

const HEIGHT = 300;
const MARGIN = { top: 20, right: 16, bottom: 8, left: 8 };
const AXIS_WIDTH = 56;
const X_AXIS_HEIGHT = 30;
const AXIS_COLOUR = '#666';

export interface SpcDrawingProps {
  points: SpcDatum[];
  colours: Record<Variation, string>;
  /** The hovered point's tooltip lines (its week first), as the keyboard's tooltip shows them (SpcChart's tipLines). */
  tip: (i: number) => string[];
  floor: (v: number | null) => number | null;
  markers: Marker[];
  /** The common-cause dot's marker id (unique in the document: a chart can appear twice). */
  markerId: string;
}

/** A point: common cause a small grey dot; special cause a larger diamond (concern) or square (improvement), so colour is not the only cue. */
export function PointDot(props: { cx: number; cy: number; variation: Variation; colour: string }) {
  const { cx, cy, variation, colour } = props;
  if (variation === 'common') return <circle cx={cx} cy={cy} r={3} fill={colour} stroke="none" />;
  return variation === 'concern' ? (
    <path d={`M${cx},${cy - 6} L${cx + 6},${cy} L${cx},${cy + 6} L${cx - 6},${cy} Z`} fill={colour} stroke="#1f2933" strokeWidth={1} />
  ) : (
    <rect x={cx - 5} y={cy - 5} width={10} height={10} fill={colour} stroke="#1f2933" strokeWidth={1} />
  );
}

/** The chart at its box's width (measured before the first paint); the box sits in the chart's ChartFrame, its tab stop and keyboard. */
export function SpcDrawing(props: SpcDrawingProps) {
  const [box, width] = useChartWidth();
  return (
    <div ref={box} style={{ position: 'relative' }}>
      {width > 0 && <Drawing {...props} width={width} />}
    </div>
  );
}

/** The plot area of a drawing `width` wide: a band per point, the point at its centre. */
function spcPlot(width: number): PlotArea {
  return {
    x: MARGIN.left + AXIS_WIDTH,
    y: MARGIN.top,
    width: Math.max(1, width - MARGIN.left - AXIS_WIDTH - MARGIN.right),
    height: Math.max(1, HEIGHT - MARGIN.top - MARGIN.bottom - X_AXIS_HEIGHT),
  };
}

/** Where point i of `count` is drawn in the frame, for the keyboard's mark: its band. */
export const spcPlace = (count: number) => plainChartPlace(count, spcPlot);

function Drawing(props: SpcDrawingProps & { width: number }) {
  const { points, colours, floor, markers, markerId, width } = props;
  const [hovered, setHovered] = useState<number | null>(null);
  const yAxis = valueAxis(points.flatMap((p) => [p.value, p.mean, p.upper, floor(p.lower)]));
  const xs = points.map((p) => p.x);
  const xAxis = monthTicks(xs);
  const plot = spcPlot(width);
  const bottom = plot.y + plot.height;
  const rightEdge = plot.x + plot.width;
  const y = yScale(yAxis, plot);
  const at = (i: number) => bandCentre(plot, points.length, i);
  const centres = points.map((_, i) => at(i));
  const firstIndex = new Map<string, number>();
  xs.forEach((x, i) => {
    if (!firstIndex.has(x)) firstIndex.set(x, i);
  });
  const band = plot.width / Math.max(1, points.length);
  const dotAt = `url(#${markerId})`;
  const shown = hovered === null ? undefined : points[hovered];
  return (
    <>
      <svg width={width} height={HEIGHT} className="plain-chart" style={{ display: 'block' }}>
        <defs>
          <marker id={markerId} viewBox="0 0 6 6" refX={3} refY={3} markerWidth={6} markerHeight={6} markerUnits="userSpaceOnUse">
            <circle cx={3} cy={3} r={3} fill={colours.common} stroke="none" />
          </marker>
        </defs>
        <path className="chart-grid" d={yAxis.ticks.map((t) => `M${plot.x},${y(t)}H${rightEdge}`).join('')} fill="none" stroke="#d0d4da" strokeDasharray="3 3" />
        <g className="spc-phase-lines">
          {phasePaths(points, centres, y, floor).map((p) =>
            p.d === '' ? null : p.mean ? (
              <path key={p.key} d={p.d} fill="none" stroke="#1f2933" strokeWidth={1.5} />
            ) : (
              <path key={p.key} d={p.d} fill="none" stroke="#52606d" strokeWidth={1} strokeDasharray="6 4" />
            ),
          )}
        </g>
        {points.length === 1 ? (
          <PointDot cx={centres[0]!} cy={y(points[0]!.value)} variation={points[0]!.variation} colour={colours[points[0]!.variation]} />
        ) : (
          <path
            className="spc-values"
            d={linePath(points.map((p) => p.value), plot, y)}
            fill="none"
            stroke="#9aa5b1"
            strokeWidth={1.5}
            markerStart={dotAt}
            markerMid={dotAt}
            markerEnd={dotAt}
          />
        )}
        {points.length > 1 &&
          points.map((p, i) => (p.variation === 'common' ? null : <PointDot key={i} cx={centres[i]!} cy={y(p.value)} variation={p.variation} colour={colours[p.variation]} />))}
        <g className="spc-events">
          {markers.map((m, i) => {
            const index = firstIndex.get(m.x);
            return index === undefined ? null : <EventLine key={`${m.x}-${i}`} x={centres[index]!} top={plot.y} bottom={bottom} label={m.label} />;
          })}
        </g>
        <g fontSize={TICK.fontSize} fill={TICK.fill}>
          <path d={`M${plot.x},${bottom}H${rightEdge}M${plot.x},${plot.y}V${bottom}`} stroke={AXIS_COLOUR} fill="none" />
          {xAxis.ticks.map((x, k) => {
            const index = firstIndex.get(x);
            if (index === undefined) return null;
            const cx = centres[index]!;
            return (
              <g key={`${x}-${k}`}>
                <line x1={cx} x2={cx} y1={bottom} y2={bottom + 6} stroke={AXIS_COLOUR} />
                <text x={cx} y={bottom + 20} textAnchor="middle">
                  {xAxis.label(x)}
                </text>
              </g>
            );
          })}
          {yAxis.ticks.map((t) => (
            <g key={t}>
              <line x1={plot.x - 6} x2={plot.x} y1={y(t)} y2={y(t)} stroke={AXIS_COLOUR} />
              <text x={plot.x - 9} y={y(t)} dy="0.355em" textAnchor="end">
                {String(t)}
              </text>
            </g>
          ))}
        </g>
        {shown && hovered !== null && <line className="spc-cursor" x1={centres[hovered]} x2={centres[hovered]} y1={plot.y} y2={bottom} stroke="#ccc" />}
        <rect
          x={plot.x}
          y={plot.y}
          width={plot.width}
          height={plot.height}
          fill="transparent"
          onMouseMove={(e) => {
            const left = e.currentTarget.getBoundingClientRect().left;
            const i = Math.floor((e.clientX - left) / band);
            setHovered(i >= 0 && i < points.length ? i : null);
          }}
          onMouseLeave={() => setHovered(null)}
        />
      </svg>
      {shown && hovered !== null && <SpcTooltip lines={props.tip(hovered)} left={Math.min(centres[hovered]! + 12, Math.max(0, width - 200))} top={plot.y} />}
    </>
  );
}

/** The hovered point's value, mean and limits: its week, then a line each. */
function SpcTooltip({ lines, left, top }: { lines: string[]; left: number; top: number }) {
  const [head, ...rest] = lines;
  return (
    <div className="spc-tooltip" style={{ position: 'absolute', left, top, pointerEvents: 'none', background: '#fff', border: '1px solid #ccc', padding: '6px 10px' }}>
      <p style={{ margin: 0 }}>{head}</p>
      <p style={{ margin: 0 }}>
        {rest.map((line, i) => (
          <Fragment key={i}>
            {i > 0 && <br />}
            {line}
          </Fragment>
        ))}
      </p>
    </div>
  );
}
