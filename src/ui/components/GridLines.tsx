/**
 * Horizontal grid lines at a chart's y ticks, dashed, across the plot: what Recharts'
 * CartesianGrid draws, as one path, without its store subscriptions (redrawn with every chart on
 * every filter change). A child of a Recharts chart (it reads the chart's y scale and plot area).
 */
import { usePlotArea, useYAxisScale } from 'recharts';

export function GridLines(props: { ticks: number[] }) {
  const y = useYAxisScale();
  const plot = usePlotArea();
  if (!y || !plot) return null;
  const d = props.ticks
    .map((t) => y(t))
    .filter((at): at is number => at !== undefined)
    .map((at) => `M${plot.x},${at}H${plot.x + plot.width}`)
    .join('');
  return <path className="chart-grid" d={d} fill="none" stroke="#d0d4da" strokeDasharray="3 3" />;
}
