/**
 * A statistical process control chart in the Making Data Count style: the values joined by a grey
 * line, the centre line and process limits of each phase (separate lines, so a re-baseline shows
 * as a step), special-cause points marked orange (concern) or blue (improvement) with a distinct
 * shape, and dated events as numbered vertical lines. The numbers are in a table beneath.
 */
import { Fragment, memo, useId } from 'react';
import { ComposedChart, Line, LineDrawShape, ResponsiveContainer, Tooltip, XAxis, YAxis, usePlotArea, useYAxisScale, type LineDrawShapeProps } from 'recharts';
import type { VariationIcon } from '../../analysis/variationIcon';
import type { SpcRule } from '../../stats/spc';
import { monthTicks, valueAxis } from '../axisTicks';
import { formatNumber } from '../format';
import { ChartCard } from './ChartCard';
import { ChartFrame, rechartsPlace } from './ChartFrame';
import { announcement, spokenRange } from './chartKeys';
import { VariationBadge } from './VariationBadge';
import { GridLines } from './GridLines';
import { phasePaths } from './spcPaths';
import { EventLine, type Marker } from './markers';
import { OKABE_ITO } from './palette';

export type Variation = 'common' | 'concern' | 'improvement';

export interface SpcDatum {
  /** Category on the x axis (a week's Monday, or a gap's end date). */
  x: string;
  value: number;
  mean: number;
  lower: number | null;
  upper: number | null;
  rules: SpcRule[];
  variation: Variation;
  phase: number;
}

export const VARIATION_COLOURS: Record<Variation, string> = {
  common: '#7b8794',
  concern: OKABE_ITO.orange,
  improvement: OKABE_ITO.blue,
};
const VARIATION_WORDS: Record<Variation, string> = { common: 'common cause', concern: 'special cause: concern', improvement: 'special cause: improvement' };
const RULE_WORDS: Record<SpcRule, string> = {
  outsideLimits: 'outside limits',
  shift: 'run of 7',
  trend: 'trend of 7',
  twoOfThree: '2 of 3 near a limit',
};

interface Props {
  id: string;
  title: string;
  sentence: string;
  points: SpcDatum[];
  /** How an x value reads in the table and tooltip. */
  xLabel: (x: string) => string;
  xHeader: string;
  valueHeader: string;
  /** What a point is, for the keyboard's hint ("weeks", default; "gaps"). */
  things?: string;
  digits?: number;
  /** Counts and shares cannot go below 0: draw a negative lower limit at 0. */
  floorAtZero?: boolean;
  /** Numbered event lines (see weekMarkers). */
  markers?: Marker[];
  warnings?: string[];
  /** The Making Data Count variation icon for the latest point, with its improvement direction. */
  icon?: VariationIcon | null;
}

interface Row {
  x: string;
  value: number;
  variation: Variation;
  rules: SpcRule[];
  [key: string]: unknown;
}

/**
 * A point: common cause a small grey dot; special cause a larger diamond (concern) or square
 * (improvement), so colour is not the only cue. The common-cause dots of a line are one SVG marker
 * the browser repeats at every vertex of the value line (commonDot below), and the special ones are
 * drawn by the line's own shape: against a dot element per point through Recharts (hundreds per
 * chart, each with its per-point props), a redraw of the Over time page costs far less, for the
 * same picture.
 */
function PointDot(props: { cx?: number; cy?: number; variation: Variation }) {
  const { cx, cy, variation } = props;
  if (cx === undefined || cy === undefined) return <g />;
  const colour = VARIATION_COLOURS[variation];
  if (variation === 'common') return <circle cx={cx} cy={cy} r={3} fill={colour} stroke="none" />;
  return variation === 'concern' ? (
    <path d={`M${cx},${cy - 6} L${cx + 6},${cy} L${cx},${cy + 6} L${cx - 6},${cy} Z`} fill={colour} stroke="#1f2933" strokeWidth={1} />
  ) : (
    <rect x={cx - 5} y={cy - 5} width={10} height={10} fill={colour} stroke="#1f2933" strokeWidth={1} />
  );
}

/**
 * The centre line and the process limits of each phase, as three paths per phase at the value
 * line's own x positions (`xs`, from its shape) on the chart's y scale; a new phase starts new
 * paths, so a re-baseline shows as a step, and a missing limit breaks its path. Drawn here rather
 * than as three Recharts lines per phase: each of those is a series with its own selectors and
 * per-point work on every redraw (the Over time page draws five charts of up to 260 weeks).
 */
function PhaseLines(props: { xs: (number | null)[]; points: SpcDatum[]; floor: (v: number | null) => number | null }) {
  const y = useYAxisScale();
  if (!y) return null;
  const { xs, points, floor } = props;
  const paths = phasePaths(points, xs, (v) => y(v), floor);
  return (
    <g className="spc-phase-lines">
      {paths.map((p) =>
        p.d === '' ? null : p.mean ? (
          <path key={p.key} d={p.d} fill="none" stroke="#1f2933" strokeWidth={1.5} />
        ) : (
          <path key={p.key} d={p.d} fill="none" stroke="#52606d" strokeWidth={1} strokeDasharray="6 4" />
        ),
      )}
    </g>
  );
}

/** The events as numbered vertical lines at their weeks (markers.tsx's look), over the plot's height. */
function EventMarks(props: { xs: (number | null)[]; points: SpcDatum[]; markers: Marker[] }) {
  const plot = usePlotArea();
  if (!plot || props.markers.length === 0) return null;
  const index = new Map(props.points.map((p, i) => [p.x, i]));
  return (
    <g className="spc-events">
      {props.markers.map((m, i) => {
        const at = index.get(m.x);
        const x = at === undefined ? null : props.xs[at];
        if (x === null || x === undefined) return null;
        return <EventLine key={`${m.x}-${i}`} x={x} top={plot.y} bottom={plot.y + plot.height} label={m.label} />;
      })}
    </g>
  );
}

/** A point's tooltip: its x, then its value, mean and limits (as a hover and the keyboard show it). */
function tipLines(p: SpcDatum, xLabel: (x: string) => string, valueHeader: string, n: (v: number | null) => string, floor: (v: number | null) => number | null): string[] {
  return [xLabel(p.x), `${valueHeader}: ${n(p.value)}`, `mean: ${n(p.mean)}`, `limits: ${n(floor(p.lower))} to ${n(p.upper)}`];
}

/** The hovered point's value, mean and limits (the phase lines are not Recharts series, so the tooltip reads the point itself). */
function SpcTooltip(props: {
  active?: boolean;
  index?: string | number | null;
  points: SpcDatum[];
  xLabel: (x: string) => string;
  valueHeader: string;
  digits: number;
  floor: (v: number | null) => number | null;
}) {
  const p = props.active && props.index !== null && props.index !== undefined ? props.points[Number(props.index)] : undefined;
  if (!p) return null;
  const [head, ...rest] = tipLines(p, props.xLabel, props.valueHeader, (v) => formatNumber(v, props.digits), props.floor);
  return (
    <div className="recharts-default-tooltip" style={{ background: '#fff', border: '1px solid #ccc', padding: '6px 10px' }}>
      <p style={{ margin: 0 }}>{head}</p>
      <p style={{ margin: 0 }}>
        {rest.map((l, i) => (
          <Fragment key={i}>
            {i > 0 && <br />}
            {l}
          </Fragment>
        ))}
      </p>
    </div>
  );
}

/** The common-cause dot (radius 3, grey) as a marker for every vertex of the value line. */
function commonDot(markerId: string) {
  return (
    <defs>
      <marker id={markerId} viewBox="0 0 6 6" refX={3} refY={3} markerWidth={6} markerHeight={6} markerUnits="userSpaceOnUse">
        <circle cx={3} cy={3} r={3} fill={VARIATION_COLOURS.common} stroke="none" />
      </marker>
    </defs>
  );
}

function SpcChartView(props: Props) {
  const { id, title, sentence, points, xLabel, xHeader, valueHeader, markers = [], warnings = [] } = props;
  // A document-unique id for the marker (a chart's id can appear twice: a page and the evidence pack).
  const markerId = `spc-dot-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const dotAt = `url(#${markerId})`;
  const digits = props.digits ?? 1;
  const floor = (v: number | null) => (v === null ? null : props.floorAtZero ? Math.max(0, v) : v);
  const data: Row[] = points.map((p) => ({ x: p.x, value: p.value, variation: p.variation, rules: p.rules }));
  const last = points[points.length - 1];
  // Round y ticks over everything drawn; x ticks name each month once (x values are ISO dates in order).
  const yAxis = valueAxis(points.flatMap((p) => [p.value, p.mean, p.upper, floor(p.lower)]));
  const xAxis = monthTicks(points.map((p) => p.x));
  const special = points.filter((p) => p.variation !== 'common').length;
  const ruleText = (p: SpcDatum) => (p.rules.length === 0 ? '–' : `${VARIATION_WORDS[p.variation]} (${p.rules.map((r) => RULE_WORDS[r]).join(', ')})`);
  const n = (v: number | null) => formatNumber(v, digits);
  // Said on a key: the tooltip's values, then a special cause in words (on screen its shape and colour say it).
  const spoken = (i: number) => {
    const p = points[i]!;
    const said = announcement(xLabel(p.x), [
      { label: valueHeader, value: n(p.value) },
      { label: 'mean', value: n(p.mean) },
      { label: 'limits', value: spokenRange(n(floor(p.lower)), n(p.upper)) },
    ]);
    return p.rules.length === 0 ? said : `${said}; ${ruleText(p)}`;
  };
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={sentence}
      testid={`spc-${id}`}
      sentenceTestid={`summary-${id}`}
      json={() => points}
      before={props.icon ? <VariationBadge icon={props.icon} testid={`${id}-icon`} /> : undefined}
      chart={
        points.length > 0
          ? (ref) => (
              <ChartFrame
                chartRef={ref}
                label={`Control chart. ${sentence} The table below gives the numbers.`}
                things={props.things ?? 'weeks'}
                count={points.length}
                page={4}
                tip={(i) => tipLines(points[i]!, xLabel, valueHeader, n, floor)}
                spoken={spoken}
                place={rechartsPlace(points.length, 'point')}
              >
                <ResponsiveContainer width="100%" height={300}>
                  {/* No accessibility layer: the frame is the chart's one tab stop and steps through it. */}
                  <ComposedChart data={data} margin={{ top: 20, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
                    <XAxis dataKey="x" tick={{ fill: '#1f2933', fontSize: 12 }} ticks={xAxis.ticks} tickFormatter={xAxis.label} interval={0} />
                    <YAxis tick={{ fill: '#1f2933', fontSize: 12 }} width={56} ticks={yAxis.ticks} domain={yAxis.domain} allowDataOverflow={false} />
                    <Tooltip content={(t) => <SpcTooltip active={t.active} index={t.activeIndex} points={points} xLabel={xLabel} valueHeader={valueHeader} digits={digits} floor={floor} />} />
                    {commonDot(markerId)}
                    <Line
                      dataKey="value"
                      name={valueHeader}
                      stroke="#9aa5b1"
                      strokeWidth={1.5}
                      // A single point draws no line (so no marker, no shape): a dot element for it alone.
                      dot={points.length === 1 ? (d: { cx?: number; cy?: number }) => <PointDot key="only" cx={d.cx} cy={d.cy} variation={points[0]!.variation} /> : false}
                      markerStart={dotAt}
                      markerMid={dotAt}
                      markerEnd={dotAt}
                      shape={(line: LineDrawShapeProps) => (
                        <g>
                          <GridLines ticks={yAxis.ticks} />
                          <PhaseLines xs={(line.points ?? []).map((at) => at.x ?? null)} points={points} floor={floor} />
                          <LineDrawShape {...line} />
                          {line.points?.map((at, i) =>
                            points[i] && points[i].variation !== 'common' ? <PointDot key={i} cx={at.x ?? undefined} cy={at.y ?? undefined} variation={points[i].variation} /> : null,
                          )}
                          <EventMarks xs={(line.points ?? []).map((at) => at.x ?? null)} points={points} markers={markers} />
                        </g>
                      )}
                      activeDot={false}
                      isAnimationActive={false}
                    />
                  </ComposedChart>
                </ResponsiveContainer>
              </ChartFrame>
            )
          : undefined
      }
      table={
        points.length > 0
          ? {
              summary: 'Numbers behind the chart',
              caption: `${title}: numbers behind the chart`,
              rows: points,
              columns: [
                { key: 'x', label: xHeader, value: (p) => p.x, show: (p) => xLabel(p.x) },
                { key: 'value', label: valueHeader, value: (p) => p.value, show: (p) => formatNumber(p.value, digits), testid: (_p, i) => `${id}-value-${i}` },
                { key: 'mean', label: 'Mean', value: (p) => p.mean, show: (p) => formatNumber(p.mean, digits), testid: (_p, i) => `${id}-mean-${i}` },
                { key: 'lower', label: 'Lower limit', value: (p) => p.lower, show: (p) => formatNumber(floor(p.lower), digits), testid: (_p, i) => `${id}-lower-${i}` },
                { key: 'upper', label: 'Upper limit', value: (p) => p.upper, show: (p) => formatNumber(p.upper, digits), testid: (_p, i) => `${id}-upper-${i}` },
                {
                  key: 'rules',
                  label: 'Special cause',
                  value: (p) => ruleText(p),
                  show: (p) => <span data-rules={p.rules.join(',')}>{ruleText(p)}</span>,
                  left: true,
                  testid: (_p, i) => `${id}-rules-${i}`,
                },
              ],
            }
          : undefined
      }
    >
      {points.length > 0 && (
        <>
          <p className="note">
            <span className="swatch" style={{ background: VARIATION_COLOURS.concern }} aria-hidden="true" />
            diamond: special cause, a concern ·{' '}
            <span className="swatch" style={{ background: VARIATION_COLOURS.improvement }} aria-hidden="true" />
            square: special cause, an improvement · solid line: mean · dashed: process limits
            {markers.length > 0 && ' · numbered lines: events (listed on the page)'}. Latest mean{' '}
            <span data-testid={`${id}-mean`} data-value={last?.mean ?? ''}>
              {formatNumber(last?.mean ?? null, digits)}
            </span>
            , limits{' '}
            <span data-testid={`${id}-lower`} data-value={last?.lower ?? ''}>
              {formatNumber(floor(last?.lower ?? null), digits)}
            </span>{' '}
            to{' '}
            <span data-testid={`${id}-upper`} data-value={last?.upper ?? ''}>
              {formatNumber(last?.upper ?? null, digits)}
            </span>
            ; <span data-testid={`${id}-special`} data-value={special}>{special}</span> special-cause point{special === 1 ? '' : 's'} of{' '}
            <span data-testid={`${id}-points`} data-value={points.length}>
              {points.length}
            </span>
            .
          </p>
          {warnings.length > 0 && (
            <ul className="note" data-testid={`${id}-warnings`}>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </ChartCard>
  );
}

/** Two values the same for the chart: equal, or arrays/plain objects with the same entries (one level down for arrays of values). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return false;
}

/** Points with the same fields and values, every field of every point (the JSON download carries them all). */
function samePoints(a: readonly SpcDatum[], b: readonly SpcDatum[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] as unknown as Record<string, unknown>;
    const q = b[i] as unknown as Record<string, unknown>;
    const keys = Object.keys(p);
    if (keys.length !== Object.keys(q).length || !keys.every((k) => same(p[k], q[k]))) return false;
  }
  return true;
}

/**
 * Props that draw the same chart. A page's new answer is new objects throughout: without this
 * every chart of the page is drawn again even when only one changed (the G chart's choice, a
 * re-baseline in one phase).
 */
function sameChart(a: Props, b: Props): boolean {
  const scalars: (keyof Props)[] = ['id', 'title', 'sentence', 'xLabel', 'xHeader', 'valueHeader', 'things', 'digits', 'floorAtZero'];
  return (
    scalars.every((k) => a[k] === b[k]) &&
    samePoints(a.points, b.points) &&
    JSON.stringify([a.markers ?? [], a.warnings ?? [], a.icon ?? null]) === JSON.stringify([b.markers ?? [], b.warnings ?? [], b.icon ?? null])
  );
}

export const SpcChart = memo(SpcChartView, sameChart);
