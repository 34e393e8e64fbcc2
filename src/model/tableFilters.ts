/**
 * Filters on the summary tables model/extra.ts builds, answered in one query per filter change
 * (in the browser every query is a round trip to the database worker).
 *
 * The unit and person go in as their small-integer keys, INTEGER parameters: a lookup per
 * condition (`unit_idx = (SELECT …)`) costs the planner milliseconds each, and a JS number binds
 * as DOUBLE, which the scan cannot compare with its integer statistics. The keys are read once
 * per exposure build and kept per database. Each query also returns the exposure's catalog oid
 * and which tables were built from it: when the exposure has been rebuilt since, or a table is
 * missing or stale, the tables are (re)built and the query runs again.
 */
import type { Connector, SqlParam } from '../db/connector';
import type { Filters } from './filters';
import { ensureExtraTable } from './extra';

export interface TableKeys {
  /** unit_idx of filters.unit (null: no such unit, or no unit chosen). */
  unitIdx: number | null;
  personIdx: number | null;
}

export interface Where {
  sql: string;
  params: SqlParam[];
}

interface Catalog {
  oid: number | null;
  units: Map<string, number>;
  people: Map<string, number>;
}
const catalogs = new WeakMap<Connector, Catalog>();

const EXPOSURE_OID = `SELECT table_oid FROM duckdb_tables() WHERE table_name = 'person_periods' AND schema_name = 'main'`;

async function readCatalog(db: Connector): Promise<Catalog> {
  const [row] = await db.query<{ oid: number | null; units: string[] | null; unit_idx: unknown; people: string[] | null; person_idx: unknown }>(`
    SELECT * FROM (SELECT (${EXPOSURE_OID})::DOUBLE AS oid) o
    POSITIONAL JOIN (SELECT list(unit) AS units, list(unit_idx::DOUBLE) AS unit_idx FROM units) u
    POSITIONAL JOIN (SELECT list(person_id) AS people, list(person_idx::DOUBLE) AS person_idx FROM person_spans) p`);
  const pairs = (names: string[] | null, idx: unknown) => new Map((names ?? []).map((n, i) => [n, (idx as ArrayLike<number>)[i]!]));
  const catalog = { oid: row?.oid ?? null, units: pairs(row?.units ?? null, row?.unit_idx), people: pairs(row?.people ?? null, row?.person_idx) };
  catalogs.set(db, catalog);
  return catalog;
}

/**
 * Run the one-row statement `make(keys)` over the tables `names` (in build order: a table after
 * those it reads), building whichever are missing or older than the exposure first.
 */
export async function queryTables<T>(db: Connector, names: readonly string[], f: Filters, make: (keys: TableKeys) => Where): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const catalog = catalogs.get(db) ?? (await readCatalog(db));
    const keys = {
      unitIdx: f.unit ? (catalog.units.get(f.unit) ?? null) : null,
      personIdx: f.personId ? (catalog.people.get(f.personId) ?? null) : null,
    };
    const q = make(keys);
    let row: (T & { exposure_oid: number | null; fresh: string[] | null }) | undefined;
    try {
      [row] = await db.query<NonNullable<typeof row>>(
        `SELECT * FROM (${q.sql}) POSITIONAL JOIN (
           SELECT max(t.table_oid)::DOUBLE AS exposure_oid, list(m.name) AS fresh
           FROM (${EXPOSURE_OID}) t LEFT JOIN model_extra_builds m ON m.source_oid = t.table_oid)`,
        q.params,
      );
    } catch (error) {
      // A table (or the build markers) not made yet in this database.
      if (attempt > 0) throw error;
    }
    if (row && row.exposure_oid === catalog.oid && names.every((n) => row.fresh?.includes(n))) {
      const { exposure_oid: _o, fresh: _f, ...rest } = row;
      return rest as T;
    }
    if (attempt > 0) throw new Error('The summary tables could not be brought up to date with the exposure.');
    // Rebuilds only the tables older than the exposure (or missing).
    for (const name of names) await ensureExtraTable(db, name);
    catalogs.delete(db);
  }
}

/**
 * The filters on a table with `date`, `unit_idx` and `person_idx` columns. A unit or person that
 * does not exist selects nothing.
 */
export function keyWhere(f: Filters, keys: TableKeys, alias: string): Where {
  const parts = ['TRUE'];
  const params: SqlParam[] = [];
  if (f.from) (parts.push(`${alias}.date >= ?::DATE`), params.push(f.from));
  if (f.to) (parts.push(`${alias}.date <= ?::DATE`), params.push(f.to));
  if (f.unit) {
    if (keys.unitIdx === null) parts.push('FALSE');
    else (parts.push(`${alias}.unit_idx = ?::INTEGER`), params.push(keys.unitIdx));
  }
  if (f.personId) {
    if (keys.personIdx === null) parts.push('FALSE');
    else (parts.push(`${alias}.person_idx = ?::INTEGER`), params.push(keys.personIdx));
  }
  return { sql: parts.join(' AND '), params };
}
