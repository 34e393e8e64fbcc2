/**
 * A card with a chart by week and, in a disclosure, the numbers behind it (the week first, every
 * cell with its test id): one sentence serves the card and the chart.
 */
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
}) {
  const { id, title, sentence, weeks } = props;
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={sentence}
      chart={(ref) => <WeeklyChart chartRef={ref} weeks={weeks} sentence={sentence} yLabel={props.yLabel} yMax={props.yMax} series={props.series} />}
      table={{ summary: 'Numbers behind the chart', caption: props.caption, testids: true, rows: weeks, columns: [weekColumn(), ...props.columns] }}
    />
  );
}
