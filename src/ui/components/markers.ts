/**
 * Dated events as numbered vertical lines on a weekly chart. Events are numbered as in the list
 * beside the chart; events in the same week share one line labelled with all their numbers
 * ("4, 5"), so labels never sit on top of each other.
 */
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
