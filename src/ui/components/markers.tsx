/**
 * Dated events as numbered vertical lines on a weekly chart. Events are numbered as in the list
 * beside the chart; events in the same week share one line labelled with all their numbers
 * ("4, 5"), so labels never sit on top of each other.
 */
import { ReferenceLine } from 'recharts';
import { OKABE_ITO } from './palette';

export interface Marker {
  /** The week (Monday) on the x axis. */
  x: string;
  label: string;
}

export function weekMarkers(events: { week: string }[]): Marker[] {
  const byWeek = new Map<string, number[]>();
  events.forEach((e, i) => byWeek.set(e.week, [...(byWeek.get(e.week) ?? []), i + 1]));
  return [...byWeek].map(([x, numbers]) => ({ x, label: numbers.join(', ') }));
}

/** The event lines of a chart by week (children of a Recharts chart). */
export function eventLines(markers: Marker[]) {
  return markers.map((m, i) => (
    <ReferenceLine
      key={`${m.x}-${i}`}
      x={m.x}
      stroke={OKABE_ITO.reddishPurple}
      strokeDasharray="2 3"
      // A week at the very start of the axis is still drawn.
      ifOverflow="visible"
      label={{ value: m.label, position: 'top', fill: '#1f2933', fontSize: 11 }}
    />
  ));
}
