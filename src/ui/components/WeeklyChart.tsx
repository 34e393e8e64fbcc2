/** A chart by ISO week: bars (stacked when they share a stack id) and lines, events as numbered lines. */
import type { RefObject } from 'react';
import { Bar, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { periodLabel, type Grain } from '../../analysis/grain';
import { monthTicks, valueAxis } from '../axisTicks';
import { formatNumber } from '../format';
import { AXIS_LABEL, TICK } from './chartStyle';
import { GridLines } from './GridLines';
import { EventLines, type Marker } from './markers';
import { drawnHeights } from './timelinePaths';

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

/** At most 2,000 weeks come from the engine. */
export function WeeklyChart<W extends { week: string }>(props: {
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
}) {
  const grain = props.grain ?? 'week';
  const data = props.weeks.map((w) => Object.fromEntries([['week', w.week], ...props.series.map((s) => [s.key, s.value(w)])]));
  // Round ticks over what each axis draws: stacked bars count as their stack's total.
  const values = props.series.map((s) => ({ ...s, values: props.weeks.map(s.value) }));
  const heights = (right: boolean) => drawnHeights(values, right);
  const left = valueAxis(props.yMax !== undefined ? [0, props.yMax] : heights(false));
  const right = valueAxis(heights(true));
  const xAxis = monthTicks(props.weeks.map((w) => w.week), undefined, grain);
  return (
    <div className="chart" ref={props.chartRef} role="img" tabIndex={0} aria-label={`Chart by ${grain}. ${props.sentence} The table gives the numbers.`}>
      <ResponsiveContainer width="100%" height={props.height ?? 280}>
        <ComposedChart data={data} margin={{ top: 20, right: 16, bottom: 8, left: 8 }}>
          <GridLines ticks={left.ticks} />
          <XAxis dataKey="week" tick={TICK} ticks={xAxis.ticks} tickFormatter={xAxis.label} interval={0} />
          <YAxis
            tick={TICK}
            width={60}
            interval={0}
            ticks={left.ticks}
            domain={left.domain}
            label={{ value: props.yLabel, angle: -90, position: 'insideLeft', offset: 4, style: AXIS_LABEL }}
          />
          {props.yRightLabel && (
            <YAxis
              yAxisId="right"
              orientation="right"
              tick={TICK}
              width={60}
              interval={0}
              ticks={right.ticks}
              domain={right.domain}
              label={{ value: props.yRightLabel, angle: 90, position: 'insideRight', offset: 4, style: AXIS_LABEL }}
            />
          )}
          <Tooltip labelFormatter={(x) => periodLabel(grain, String(x))} formatter={(v) => (typeof v === 'number' ? formatNumber(v, 1) : String(v))} />
          <Legend formatter={(v) => <span style={{ color: '#1f2933' }}>{v}</span>} />
          {props.series.map((s) =>
            s.kind === 'bar' ? (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId={s.stack} fill={s.colour} isAnimationActive={false} />
            ) : (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                yAxisId={s.right ? 'right' : 0}
                stroke={s.colour}
                strokeWidth={2}
                strokeDasharray={s.right ? '6 3' : undefined}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            ),
          )}
          <EventLines markers={props.markers ?? []} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
