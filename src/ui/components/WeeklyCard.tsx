/**
 * A card with a chart by week (or by month past two years: analysis/grain.ts) and, in a
 * disclosure, the numbers behind it (the week or month first, every cell with its test id): one
 * sentence serves the card and the chart.
 */
import type { Grain, Span } from '../../analysis/grain';
import { ChartCard } from './ChartCard';
import { weekColumn, type Column } from './DataTable';
import { WeeklyChart, type WeeklySeries } from './WeeklyChart';

export function WeeklyCard<W extends { week: string }>(props: {
  id: string;
  title: string;
  sentence: string;
  weeks: W[];
  series: WeeklySeries<W>[];
  yLabel: string;
  yMax?: number;
  /** The table's caption and its columns after the week. */
  caption: string;
  columns: Column<W>[];
  /** By week (default) or by calendar month, with the dates shown (part months labelled). */
  grain?: Grain;
  span?: Span | null;
}) {
  const { id, title, sentence, weeks } = props;
  const grain = props.grain ?? 'week';
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={sentence}
      chart={(ref) => <WeeklyChart chartRef={ref} weeks={weeks} sentence={sentence} yLabel={props.yLabel} yMax={props.yMax} series={props.series} grain={grain} span={props.span ?? null} />}
      table={{ summary: 'Numbers behind the chart', caption: props.caption, testids: true, rows: weeks, columns: [weekColumn(false, grain, props.span ?? null), ...props.columns] }}
    />
  );
}
