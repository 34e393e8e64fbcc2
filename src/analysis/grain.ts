/**
 * How finely a timeline is drawn: by ISO week, or by calendar month once the span shown is longer
 * than two years (a five-year weekly chart is 260 points per series, slow to draw and too dense to
 * read). The one definition of the switch-over: the SQL (`bucketOf`, `isLong`), the sentences and
 * the Methods page all read it from here.
 */
import { sql, type Sql } from '../db/sql';
import { dayLabel, weekLabel } from './overTime';

export type Grain = 'week' | 'month';

/** A span of more than this many days (first to last date, both counted) is drawn by month. */
export const MONTHLY_AFTER_DAYS = 731;

/** Said with every chart drawn by month. */
export const MONTHLY_REASON = 'Shown by month: the range is longer than two years.';

/** The rule in words, for the Methods page. */
export const GRAIN_METHOD =
  `Timelines are drawn by ISO week (Monday to Sunday). When the dates shown span more than two years ` +
  `(more than ${MONTHLY_AFTER_DAYS} days from the first to the last), the person's timelines and their tables are drawn ` +
  `by calendar month instead: counts are summed over the month and averages are taken over every period in the month, ` +
  `so the totals are the same as by week. The statistical process control charts of Over time stay weekly whatever the ` +
  `span, because their rules (7 points in a row, 2 of 3 near a limit, fewer than 12 points) are defined on weekly points.`;

/** SQL: true when the dates from `first` to `last` (DATE expressions) span more than two years. */
export const isLong = (first: Sql, last: Sql): Sql => sql`coalesce(${last} - ${first} + 1 > ${MONTHLY_AFTER_DAYS}, false)`;

/** SQL: the DATE a row is drawn at: the first of its month when `monthly`, else the Monday of its ISO week. */
export const bucketOf = (date: Sql, monthly: Sql): Sql =>
  sql`(CASE WHEN ${monthly} THEN date_trunc('month', ${date}) ELSE date_trunc('week', ${date}) END)::DATE`;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "w/c 3 Mar 2025" for a week, "March 2025" for a month (its first day). */
export function periodLabel(grain: Grain, iso: string): string {
  if (grain === 'week') return weekLabel(iso);
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(iso);
  return m ? `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}` : dayLabel(iso);
}

/** The point (Monday or first of the month) a dated event falls in. */
export function bucketOfDate(grain: Grain, iso: string, monday: string): string {
  return grain === 'week' ? monday : `${iso.slice(0, 7)}-01`;
}
