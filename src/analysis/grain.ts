/**
 * How finely a timeline is drawn: by ISO week, or by calendar month once the span shown is longer
 * than two years (a five-year weekly chart is 260 points per series, slow to draw and too dense to
 * read). The one definition of the switch-over: the SQL (`bucketOf`, `monthOf`, `isLong`), the
 * sentences, the tables' labels, the evidence pack and the Methods page all read it from here.
 *
 * What a month holds, decided before any page was drawn by month (tests/unit/analysis/monthlyViews.test.ts
 * checks each against hand-worked values):
 * - a calendar month, 1st to last day, never the weeks whose Monday falls in it (an ISO week
 *   across two months is split between them by its days);
 * - only its days inside the dates shown: a month cut by the date filter or by the first or last
 *   day of the data is a part month, and its label in a table says so ("January 2022 (from 15 Jan)":
 *   `bucketLabel`);
 * - counts (incidents, person-periods, commissioned, short and full hours, staff-hours short,
 *   commissioned and delivered staff-hours, strategies planned and delivered, PRN given) summed
 *   over those days, so the months add up to the same totals as the weeks;
 * - rates and shares (share delivered, per 100 person-periods) as the ratio of the month's sums,
 *   never the mean of its weeks' ratios (a week with 2 strategies planned weighs as little as 2);
 * - averages over periods (a person's mean shortfall) over every period of the month.
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
  `(more than ${MONTHLY_AFTER_DAYS} days from the first to the last), timelines and their tables are drawn ` +
  `by calendar month instead (a person's story, commissioned hours, plan delivery, PRN use): counts and hours are summed over the month, ` +
  `so the totals are the same as by week; shares and rates are the month's sums divided (delivered of planned, PRN per person-period), ` +
  `not an average of weekly shares; averages are taken over every period in the month. A month at either end of the dates shown ` +
  `holds only the days inside them (the tables and tooltips of a person's story, commissioned hours, plan delivery and PRN use say so, e.g. "January 2022 (from 15 Jan)"). The statistical process control charts of Over time stay weekly whatever the ` +
  `span, because their rules (7 points in a row, 2 of 3 near a limit, fewer than 12 points) are defined on weekly points.`;

/** SQL: true when the dates from `first` to `last` (DATE expressions) span more than two years. */
export const isLong = (first: Sql, last: Sql): Sql => sql`coalesce(${last} - ${first} + 1 > ${MONTHLY_AFTER_DAYS}, false)`;

/** SQL: the first day of the calendar month holding `date`. */
export const monthOf = (date: Sql): Sql => sql`date_trunc('month', ${date})::DATE`;

/** SQL: the DATE a row is drawn at: the first of its month when `monthly`, else the Monday of its ISO week. */
export const bucketOf = (date: Sql, monthly: Sql): Sql =>
  sql`(CASE WHEN ${monthly} THEN ${monthOf(date)} ELSE date_trunc('week', ${date})::DATE END)`;

/** SQL: `month` when `monthly`, else `week` (both DATE: a table holding both splits an ISO week across two months). */
export const bucketColumn = (week: Sql, month: Sql, monthly: Sql): Sql => sql`(CASE WHEN ${monthly} THEN ${month} ELSE ${week} END)`;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "w/c 3 Mar 2025" for a week, "March 2025" for a month (its first day). */
export function periodLabel(grain: Grain, iso: string): string {
  if (grain === 'week') return weekLabel(iso);
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(iso);
  return m ? `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}` : dayLabel(iso);
}

/** The dates a timeline shows (first and last day with data under the filters, ISO). */
export interface Span {
  first: string;
  last: string;
}

/**
 * A month's label in a table, said to be a part month when the dates shown start after its first
 * day or end before its last ("January 2022 (from 15 Jan)", "March 2024 (to 10 Mar)", "March 2024 (5 to 10 Mar)"); a week's as `periodLabel`.
 */
export function bucketLabel(grain: Grain, iso: string, span: Span | null): string {
  const label = periodLabel(grain, iso);
  if (grain === 'week' || !span || iso.length !== 10) return label;
  const end = lastOfMonth(iso);
  const from = span.first > iso ? span.first : iso;
  const to = span.last < end ? span.last : end;
  if (from === iso && to === end) return label;
  const day = (d: string) => Number(d.slice(8, 10));
  const mon = MONTH_NAMES[Number(iso.slice(5, 7)) - 1]!.slice(0, 3);
  if (to === end) return `${label} (from ${day(from)} ${mon})`;
  if (from === iso) return `${label} (to ${day(to)} ${mon})`;
  return `${label} (${day(from)} to ${day(to)} ${mon})`;
}

/** The last day of the month starting at `first` (YYYY-MM-01). */
function lastOfMonth(first: string): string {
  const [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The point (Monday or first of the month) a dated event falls in. */
export function bucketOfDate(grain: Grain, iso: string, monday: string): string {
  return grain === 'week' ? monday : `${iso.slice(0, 7)}-01`;
}
