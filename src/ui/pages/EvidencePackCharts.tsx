/**
 * The evidence pack's charts: fixed-size Recharts drawings (print does not resize, and A4's text
 * column is about 170 mm ≈ 640 CSS px), no animation, values only from the report model, so a
 * suppressed value is simply not drawn. Recharts' own accessibility layer is off: each chart sits
 * in a ChartFrame, as the dashboard's do, its one tab stop whose arrow keys step through its bars
 * or weeks, each said (and shown in a tooltip) as its row of the table beside the chart.
 */
import type { RefObject } from 'react';
import type { Grain } from '../../analysis/grain';
import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, ErrorBar, LabelList, Line, LineChart, XAxis, YAxis } from 'recharts';
import type { ReportChart, ReportFigure, SpcDatum } from '../../report/evidencePack';
import { monthTicks, valueAxis } from '../axisTicks';
import { ChartFrame, rechartsPlace } from '../components/ChartFrame';
import { announcement, bucketsPerPage, rowBucket } from '../components/chartKeys';
import { VARIATION_COLOURS } from '../components/SpcChart';

export const CHART_WIDTH = 620;
const HEIGHT = 230;
const INK = '#1f2933';
const GRID = '#d0d4da';
const tick = { fill: INK, fontSize: 12 };

/** A weekly (or monthly: analysis/grain.ts) x axis naming each month once, and a y axis at round values. */
function weekAxis(weeks: string[], grain: Grain = 'week') {
  const m = monthTicks(weeks, 12, grain);
  return { ticks: m.ticks, tickFormatter: m.label, interval: 0 as const };
}
function roundAxis(values: (number | null)[]) {
  const a = valueAxis(values);
  return { ticks: a.ticks, domain: a.domain };
}

function yLabel(text: string) {
  return { value: text, angle: -90, position: 'insideLeft' as const, offset: 2, style: { fill: '#3e4c59', fontSize: 11, textAnchor: 'middle' as const } };
}

/** What a chart is, said first on reaching it. */
const KIND_WORDS: Record<ReportChart['kind'], string> = { bars: 'Bar chart', spc: 'Control chart', line: 'Chart' };

/**
 * A figure's chart in its frame: the keys step its buckets, one a row of the figure's table. Named
 * by its kind and the figure's title; its sentence is the figure's caption, `describedBy` (said
 * once: a name holding it too made a screen reader read it twice).
 */
export function PackChartFrame(props: { figure: ReportFigure; chart: ReportChart; chartRef: RefObject<HTMLDivElement | null>; describedBy: string }) {
  const { figure, chart, chartRef } = props;
  const { table } = figure;
  const grain: Grain | null = chart.kind === 'bars' ? null : chart.kind === 'line' ? chart.grain : 'week';
  const bucket = (i: number) => {
    const b = rowBucket(table.columns, table.rows[i] ?? {});
    // A week's row starts with its Monday as a date: said with its heading ("Week from 2025-01-06").
    return grain === 'week' ? { ...b, period: `${table.columns[0]!.label} ${b.period}` } : b;
  };
  const kind = chart.kind === 'line' ? `${KIND_WORDS.line} by ${grain}` : KIND_WORDS[chart.kind];
  const count = chart.data.length;
  return (
    <div className="pack-chart">
      <ChartFrame
        chartRef={chartRef}
        kind={kind}
        sentence={figure.sentence}
        caption={{ title: figure.title, describedBy: props.describedBy }}
        things={grain === null ? 'bars' : `${grain}s`}
        count={count}
        page={bucketsPerPage(grain)}
        tip={(i) => {
          const b = bucket(i);
          return [b.period, ...b.values.map((v) => `${v.label}: ${v.value}`)];
        }}
        spoken={(i) => {
          const b = bucket(i);
          return announcement(b.period, b.values);
        }}
        place={rechartsPlace(count, chart.kind === 'bars' ? 'band' : 'point')}
      >
        <PackChart chart={chart} />
      </ChartFrame>
    </div>
  );
}

function PackChart({ chart }: { chart: ReportChart }) {
  if (chart.kind === 'bars') return <Bars chart={chart} />;
  if (chart.kind === 'spc') return <Spc chart={chart} />;
  return <DeliveryLine chart={chart} />;
}

function Bars({ chart }: { chart: Extract<ReportChart, { kind: 'bars' }> }) {
  const data = chart.data.map((d) => ({
    ...d,
    // The axis says when a bar is missing because it is suppressed.
    axis: d.value === null && d.cell === '*' ? `${d.label} (*)` : d.label,
    ci: d.value !== null && d.lower !== null && d.upper !== null ? [d.value - d.lower, d.upper - d.value] : null,
  }));
  const hasCi = data.some((d) => d.ci !== null);
  return (
    <BarChart width={CHART_WIDTH} height={HEIGHT} data={data} accessibilityLayer={false} margin={{ top: 18, right: 12, bottom: 4, left: 12 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={GRID} />
      <XAxis dataKey="axis" tick={tick} interval={0} />
      <YAxis tick={tick} width={52} {...roundAxis(chart.data.flatMap((d) => [d.value, d.lower, d.upper]))} label={yLabel(chart.yLabel)} />
      <Bar dataKey="value" isAnimationActive={false} stroke={INK} strokeWidth={1}>
        {data.map((d, i) => (
          <Cell key={d.label} fill={chart.colours[i % chart.colours.length]} />
        ))}
        {hasCi ? (
          <ErrorBar dataKey="ci" width={10} stroke="#000000" strokeWidth={1.5} direction="y" isAnimationActive={false} />
        ) : (
          <LabelList dataKey="cell" position="top" fill={INK} fontSize={12} />
        )}
      </Bar>
    </BarChart>
  );
}

/** A point as on the app's control charts (SpcChart.tsx): a grey dot, or a diamond (concern) or square (improvement), so colour is not the only cue, in print too. */
function SpcDot(props: { cx?: number; cy?: number; payload?: SpcDatum }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload) return null;
  return <SpcShape variation={payload.variation} cx={cx} cy={cy} />;
}

function SpcShape({ variation, cx, cy }: { variation: SpcDatum['variation']; cx: number; cy: number }) {
  const fill = VARIATION_COLOURS[variation];
  if (variation === 'common') return <circle cx={cx} cy={cy} r={3} fill={fill} stroke="none" />;
  return variation === 'concern' ? (
    <path d={`M${cx},${cy - 5.5} L${cx + 5.5},${cy} L${cx},${cy + 5.5} L${cx - 5.5},${cy} Z`} fill={fill} stroke={INK} strokeWidth={1} />
  ) : (
    <rect x={cx - 4.5} y={cy - 4.5} width={9} height={9} fill={fill} stroke={INK} strokeWidth={1} />
  );
}

/** A point's shape in the key, in words' place. */
function KeyShape({ variation }: { variation: SpcDatum['variation'] }) {
  return (
    <svg width={14} height={14} aria-hidden="true" style={{ verticalAlign: '-0.1rem' }}>
      <SpcShape variation={variation} cx={7} cy={7} />
    </svg>
  );
}

function Spc({ chart }: { chart: Extract<ReportChart, { kind: 'spc' }> }) {
  const data = chart.data.map((d) => ({ ...d, lowerShown: d.lower === null ? null : Math.max(0, d.lower) }));
  return (
    <ComposedChart width={CHART_WIDTH} height={HEIGHT} data={data} accessibilityLayer={false} margin={{ top: 12, right: 12, bottom: 4, left: 12 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={GRID} />
      <XAxis dataKey="week" tick={tick} {...weekAxis(data.map((d) => d.week))} />
      <YAxis tick={tick} width={52} {...roundAxis(data.flatMap((d) => [d.value, d.mean, d.upper, d.lowerShown]))} label={yLabel(chart.yLabel)} />
      <Line dataKey="upper" stroke="#52606d" strokeDasharray="5 4" dot={false} isAnimationActive={false} name="Upper process limit" />
      <Line dataKey="lowerShown" stroke="#52606d" strokeDasharray="5 4" dot={false} isAnimationActive={false} name="Lower process limit" />
      <Line dataKey="mean" stroke={INK} strokeWidth={1.5} dot={false} isAnimationActive={false} name="Centre line" />
      <Line dataKey="value" stroke="#7b8794" strokeWidth={1.5} dot={<SpcDot />} isAnimationActive={false} name="Incidents" />
    </ComposedChart>
  );
}

function DeliveryLine({ chart }: { chart: Extract<ReportChart, { kind: 'line' }> }) {
  return (
    <LineChart width={CHART_WIDTH} height={HEIGHT} data={chart.data} accessibilityLayer={false} margin={{ top: 12, right: 12, bottom: 4, left: 12 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={GRID} />
      <XAxis dataKey="week" tick={tick} {...weekAxis(chart.data.map((d) => d.week), chart.grain)} />
      <YAxis tick={tick} width={52} {...roundAxis([0, chart.max])} label={yLabel(chart.yLabel)} />
      <Line dataKey="value" stroke={chart.colour} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
    </LineChart>
  );
}

/** The key to the SPC chart's points, in words: shape and colour. */
export function SpcKey() {
  return (
    <p className="note spc-key">
      <KeyShape variation="common" /> dot: usual week <KeyShape variation="concern" /> diamond: more incidents than usual{' '}
      <KeyShape variation="improvement" /> square: fewer incidents than usual. Solid line: centre line; dashed lines: process limits.
    </p>
  );
}
