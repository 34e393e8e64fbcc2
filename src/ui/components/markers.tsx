/**
 * Dated events as numbered vertical lines on a weekly chart. Events are numbered as in the list
 * beside the chart; events in the same week share one line labelled with all their numbers
 * ("4, 5"), so labels never sit on top of each other.
 */
import { OKABE_ITO } from './palette';
import { formatCount } from '../format';
import { dayLabel } from '../../analysis/overTime';

export interface Marker {
  /** The week (Monday) on the x axis. */
  x: string;
  label: string;
}

/** The colour of an event's line. */
export const MARKER_COLOUR = OKABE_ITO.reddishPurple;

/** More events than this are not listed one by one, nor marked on the charts. */
export const MAX_LISTED_EVENTS = 200;
/** More marked weeks than this would hide the data behind the lines (and cost seconds to draw). */
export const MAX_MARKED_WEEKS = 40;

/**
 * Events of the charted weeks as the page shows them: the first MAX_LISTED_EVENTS listed, and
 * marked on the charts only when all are listed and they fall in at most MAX_MARKED_WEEKS weeks.
 */
export function eventsShown<E extends { week: string }>(events: E[]): { listed: E[]; more: number; markers: Marker[] } {
  const listed = events.slice(0, MAX_LISTED_EVENTS);
  const markers = weekMarkers(events);
  const markable = events.length <= MAX_LISTED_EVENTS && markers.length <= MAX_MARKED_WEEKS;
  return { listed, more: events.length - listed.length, markers: markable ? markers : [] };
}

export function weekMarkers(events: { week: string }[]): Marker[] {
  const byWeek = new Map<string, number[]>();
  events.forEach((e, i) => byWeek.set(e.week, [...(byWeek.get(e.week) ?? []), i + 1]));
  return [...byWeek].map(([x, numbers]) => ({ x, label: numbers.join(', ') }));
}

/** One event's line and its numbers. */
export function EventLine(props: { x: number; top: number; bottom: number; label: string }) {
  return (
    <g>
      <line x1={props.x} x2={props.x} y1={props.top} y2={props.bottom} stroke={MARKER_COLOUR} strokeDasharray="2 3" />
      <text x={props.x} y={props.top - 5} textAnchor="middle" fill="#1f2933" fontSize={11}>
        {props.label}
      </text>
    </g>
  );
}

/** The note under an events list when some events are not listed or none are marked on the charts. */
export function EventsNotMarked({ more, marked }: { more: number; marked: number }) {
  if (more <= 0 && marked > 0) return null;
  return (
    <p className="note" data-testid="events-not-marked">
      {more > 0 ? `${formatCount(more)} more events in these weeks are not listed. ` : ''}
      Too many to mark on the charts: choose a shorter period, a unit or a person to see them as numbered lines.
    </p>
  );
}

/** One event in an events list: its day, its type and, when there is one, its description. */
export function EventText({ date, type, description }: { date: string; type: string; description: string | null }) {
  return (
    <>
      {dayLabel(date)}: <bdi>{type}</bdi>
      {description && (
        <>
          {' — '}
          <bdi>{description}</bdi>
        </>
      )}
    </>
  );
}
