/** Filters as SQL over the exposure tables: values only ever as parameters. */
import type { SqlParam } from '../db/connector';
import type { Filters } from './types';

export interface Where {
  sql: string;
  params: SqlParam[];
}

/**
 * Conditions on a table with `date`, `unit_idx` and `person_idx` columns (person_periods and
 * friends). Unit and person are matched through their small-integer keys.
 */
export function exposureWhere(f: Filters, alias = 'pp'): Where {
  const parts: string[] = ['TRUE'];
  const params: SqlParam[] = [];
  if (f.from) {
    parts.push(`${alias}.date >= ?::DATE`);
    params.push(f.from);
  }
  if (f.to) {
    parts.push(`${alias}.date <= ?::DATE`);
    params.push(f.to);
  }
  if (f.unit) {
    parts.push(`${alias}.unit_idx = (SELECT unit_idx FROM units WHERE unit = ?)`);
    params.push(f.unit);
  }
  if (f.personId) {
    parts.push(`${alias}.person_idx = (SELECT person_idx FROM person_spans WHERE person_id = ?)`);
    params.push(f.personId);
  }
  return { sql: parts.join(' AND '), params };
}

/** The same filters on the incidents table itself (for incidents that have no person-period). */
export function incidentWhere(f: Filters, alias = 'i'): Where {
  const parts: string[] = ['TRUE'];
  const params: SqlParam[] = [];
  if (f.from) {
    parts.push(`${alias}.occurred_at >= ?::DATE`);
    params.push(f.from);
  }
  if (f.to) {
    parts.push(`${alias}.occurred_at < ?::DATE + 1`);
    params.push(f.to);
  }
  if (f.unit) {
    parts.push(`${alias}.unit = ?`);
    params.push(f.unit);
  }
  if (f.personId) {
    parts.push(`${alias}.person_id = ?`);
    params.push(f.personId);
  }
  return { sql: parts.join(' AND '), params };
}

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
  f: Filters,
  weeks: { table: string; columns: string },
  days: { table: string; columns: string; where?: string },
): Where {
  const d = exposureWhere(f, 'd');
  const dayWhere = days.where ? `${d.sql} AND ${days.where}` : d.sql;
  const fromDays = { sql: `SELECT ${days.columns} FROM ${days.table} d WHERE ${dayWhere}`, params: d.params };
  const whole = wholeWeeks(f);
  if (!whole) return fromDays;
  const w = exposureWhere({ ...f, from: null, to: null }, 'w');
  const inWhole: string[] = [];
  const params = [...w.params];
  if (whole.first) {
    inWhole.push('w.week >= ?::DATE');
    params.push(whole.first);
  }
  if (whole.last) {
    inWhole.push('w.week <= ?::DATE');
    params.push(whole.last);
  }
  const fromWeeks = `SELECT ${weeks.columns} FROM ${weeks.table} w WHERE ${[w.sql, ...inWhole].join(' AND ')}`;
  if (inWhole.length === 0) return { sql: fromWeeks, params };
  const ends = [whole.first ? 'd.week < ?::DATE' : null, whole.last ? 'd.week > ?::DATE' : null].filter((x) => x !== null);
  return {
    sql: `${fromWeeks} UNION ALL SELECT ${days.columns} FROM ${days.table} d WHERE ${dayWhere} AND (${ends.join(' OR ')})`,
    params: [...params, ...d.params, ...[whole.first, whole.last].filter((x): x is string => x !== null)],
  };
}

/**
 * Person-weeks under the filters as rows of (person_idx, unit_idx, week, periods, incidents,
 * planned, delivered) to be summed (model/personWeeks.ts, personDays.ts).
 */
export function personWeekRows(f: Filters): Where {
  const columns = 'person_idx, unit_idx, week, periods, incidents, planned, delivered';
  return weekRows(f, { table: 'person_weeks', columns }, { table: 'person_days', columns });
}
