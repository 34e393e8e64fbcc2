/** Filters as SQL over the model tables: week tables and their day tables summed together. */
import { join, raw, sql, table, type Sql } from '../db/sql';
import type { KeyedFilters } from '../model/filters';
import type { Filters } from './types';

/** Monday of the ISO week holding an ISO date, as an ISO date. */
function monday(iso: string, plusDays = 0): string {
  const ms = Date.parse(`${iso}T00:00:00Z`) + plusDays * 86_400_000;
  const back = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - back * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A date range as whole ISO weeks (Mondays `first` … `last`, every day inside the range) and the
 * part weeks at its ends: week tables answer the whole weeks, day tables only the ends. Open ends
 * are whole; null when no whole week fits (then everything comes from the days).
 */
export function wholeWeeks(f: Filters): { first: string | null; last: string | null } | null {
  const first = f.from ? monday(f.from, 6) : null; // the first Monday on or after `from`
  const last = f.to ? monday(f.to, -6) : null; // the Monday of the last week ending on or before `to`
  if (first && last && first > last) return null;
  return { first, last };
}

/**
 * Rows of a per-week table and its per-day table under the filters, to be summed: whole weeks of
 * a date range from the week table, the part weeks at its ends from the day table. Both tables
 * have `week` and `unit_idx` (and `person_idx` when the filters name a person); the day table
 * also `date`. Each table has its own column list (the same columns in the same order), and the
 * day table may have a condition of its own. A week may come as several rows (a part week's days).
 */
export function weekRows(
  kf: KeyedFilters,
  weeks: { table: string; columns: string | Sql },
  days: { table: string; columns: string | Sql; where?: string },
): Sql {
  const list = (columns: string | Sql) => (typeof columns === 'string' ? raw(columns) : columns);
  const d = kf.on('d');
  const dayWhere = days.where ? sql`${d} AND ${raw(days.where)}` : d;
  const dayTable = table(days.table);
  const fromDays = sql`SELECT ${list(days.columns)} FROM ${dayTable} d WHERE ${dayWhere}`;
  const whole = wholeWeeks(kf.filters);
  if (!whole) return fromDays;
  const inWhole = [kf.with({ from: null, to: null }).on('w')];
  if (whole.first) inWhole.push(sql`w.week >= ${whole.first}::DATE`);
  if (whole.last) inWhole.push(sql`w.week <= ${whole.last}::DATE`);
  const fromWeeks = sql`SELECT ${list(weeks.columns)} FROM ${table(weeks.table)} w WHERE ${join(inWhole, ' AND ')}`;
  if (inWhole.length === 1) return fromWeeks;
  const ends = [whole.first ? sql`d.week < ${whole.first}::DATE` : null, whole.last ? sql`d.week > ${whole.last}::DATE` : null].filter((x) => x !== null);
  return sql`${fromWeeks} UNION ALL SELECT ${list(days.columns)} FROM ${dayTable} d WHERE ${dayWhere} AND (${join(ends, ' OR ')})`;
}

/**
 * Person-weeks under the filters as rows of (person_idx, unit_idx, week, periods, incidents,
 * planned, delivered) to be summed (model/personWeeks.ts, personDays.ts).
 */
export function personWeekRows(kf: KeyedFilters): Sql {
  const columns = 'person_idx, unit_idx, week, periods, incidents, planned, delivered';
  return weekRows(kf, { table: 'person_weeks', columns }, { table: 'person_days', columns });
}
