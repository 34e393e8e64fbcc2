/**
 * A card with a chart by week and, in a disclosure, the numbers behind it (the week first, every
 * cell with its test id): one sentence serves the card and the chart.
 */
import { ChartCard } from './ChartCard';
import { weekColumn, type Column } from './DataTable';
import { PlainWeeklyChart } from './PlainWeeklyChart';
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
  /** Drawn as plain SVG (PlainWeeklyChart: lighter to redraw on a filter change) instead of Recharts. */
  plain?: boolean;
}) {
  const { id, title, sentence, weeks } = props;
  const Chart = props.plain ? PlainWeeklyChart : WeeklyChart;
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={sentence}
      chart={(ref) => <Chart chartRef={ref} weeks={weeks} sentence={sentence} yLabel={props.yLabel} yMax={props.yMax} series={props.series} />}
      table={{ summary: 'Numbers behind the chart', caption: props.caption, testids: true, rows: weeks, columns: [weekColumn(), ...props.columns] }}
    />
  );
}
