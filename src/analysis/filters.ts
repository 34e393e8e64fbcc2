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
