/** Bars with 95 % interval whiskers, drawn as SVG inside the ref'd element (what the PNG/SVG downloads take). */
import type { RefObject } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { valueAxis } from '../axisTicks';
import { formatInterval, formatNumber } from '../format';
import { ChartFrame, rechartsPlace } from './ChartFrame';
import { announcement } from './chartKeys';
import { AXIS_LABEL, TICK } from './chartStyle';

export interface CiBar {
  key: string;
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  colour: string;
}

export function CiBarChart(props: {
  bars: CiBar[];
  sentence: string;
  yLabel: string;
  chartRef: RefObject<HTMLDivElement | null>;
  digits?: number;
  height?: number;
  /** What the tooltip calls a value; default the axis label. */
  valueName?: string;
}) {
  const data = props.bars.map((b) => ({
    ...b,
    ci: b.value !== null && b.lower !== null && b.upper !== null ? [b.value - b.lower, b.upper - b.value] : null,
  }));
  const digits = props.digits ?? 1;
  const yAxis = valueAxis(props.bars.flatMap((b) => [b.value, b.upper, b.lower]));
  const name = props.valueName ?? props.yLabel;
  // The tooltip's value: the bar's, with its interval when it has one.
  const shown = (b: CiBar) => `${formatNumber(b.value, digits)}${b.lower === null || b.upper === null ? '' : ` (95 % CI ${formatInterval(b.lower, b.upper, digits)})`}`;
  const bars = props.bars;
  return (
    <ChartFrame
      chartRef={props.chartRef}
      kind="Bar chart"
      sentence={props.sentence}
      things="bars"
      count={bars.length}
      page={4}
      tip={(i) => [bars[i]!.label, `${name}: ${shown(bars[i]!)}`]}
      spoken={(i) => announcement(bars[i]!.label, [{ label: name, value: bars[i]!.value === null ? '–' : shown(bars[i]!) }])}
      place={rechartsPlace(bars.length, 'band')}
    >
      <ResponsiveContainer width="100%" height={props.height ?? 260}>
        {/* No accessibility layer: the frame is the chart's one tab stop and steps through it. */}
        <BarChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d0d4da" />
          <XAxis dataKey="label" tick={TICK} interval={0} />
          <YAxis tick={TICK} width={60} ticks={yAxis.ticks} domain={yAxis.domain} label={{ value: props.yLabel, angle: -90, position: 'insideLeft', offset: 4, style: AXIS_LABEL }} />
          <Tooltip formatter={(_v, _n, item) => [shown(item.payload as CiBar), name]} />
          <Bar dataKey="value" isAnimationActive={false} stroke="#1f2933" strokeWidth={1}>
            {data.map((d) => (
              <Cell key={d.key} fill={d.colour} />
            ))}
            {/* No animation: a download or a screenshot must never catch the whiskers half drawn. */}
            <ErrorBar dataKey="ci" width={10} stroke="#000000" strokeWidth={1.5} direction="y" isAnimationActive={false} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
