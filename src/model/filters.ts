/**
 * The filters every view and analysis is cut by (kept in the URL, never the data), and the one
 * builder of their SQL: conditions on the model tables' integer keys (KeyedFilters, from
 * `model.filters(f)`), and on the raw incidents for incidents that have no person-period.
 */
import { and, raw, sql, type Sql } from '../db/sql';

export interface Filters {
  /** Inclusive ISO dates (YYYY-MM-DD); null = open. */
  from: string | null;
  to: string | null;
  unit: string | null;
  personId: string | null;
}
export const NO_FILTERS: Filters = { from: null, to: null, unit: null, personId: null };

/** The unit and person of some filters as the small-integer keys the model tables carry. */
export interface FilterKeys {
  /** unit_idx of filters.unit (null: no such unit, or no unit chosen). */
  unitIdx: number | null;
  personIdx: number | null;
}

/**
 * Filters with their keys. The unit and person go in as INTEGER parameters: a lookup per
 * condition (`unit_idx = (SELECT …)`) costs the planner milliseconds each, and a JS number binds
 * as DOUBLE, which the scan cannot compare with its integer statistics.
 */
export class KeyedFilters {
  constructor(
    readonly filters: Filters,
    readonly keys: FilterKeys,
  ) {}

  /**
   * The filters on a table with `date`, `unit_idx` and `person_idx` columns, under `alias`.
   * A unit or person that does not exist selects nothing.
   */
  on(alias: string): Sql {
    const f = this.filters;
    const a = raw(alias);
    const parts: Sql[] = [];
    if (f.from) parts.push(sql`${a}.date >= ${f.from}::DATE`);
    if (f.to) parts.push(sql`${a}.date <= ${f.to}::DATE`);
    if (f.unit) parts.push(this.keys.unitIdx === null ? raw('FALSE') : sql`${a}.unit_idx = ${this.keys.unitIdx}::INTEGER`);
    if (f.personId) parts.push(this.keys.personIdx === null ? raw('FALSE') : sql`${a}.person_idx = ${this.keys.personIdx}::INTEGER`);
    return and(parts);
  }

  /** The same filters with some cleared or changed (e.g. without the person); the keys stay. */
  with(change: Partial<Filters>): KeyedFilters {
    return new KeyedFilters({ ...this.filters, ...change }, this.keys);
  }
}

/** The filters on the incidents table itself (for incidents that have no person-period). */
export function incidentWhere(f: Filters, alias = 'i'): Sql {
  const a = raw(alias);
  const parts: Sql[] = [];
  if (f.from) parts.push(sql`${a}.occurred_at >= ${f.from}::DATE`);
  if (f.to) parts.push(sql`${a}.occurred_at < ${f.to}::DATE + 1`);
  if (f.unit) parts.push(sql`${a}.unit = ${f.unit}`);
  if (f.personId) parts.push(sql`${a}.person_id = ${f.personId}`);
  return and(parts);
}
