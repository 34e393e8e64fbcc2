/**
 * The summary tables the analyses read (model/extra.ts builds them with the exposure), checked
 * for freshness in one query: a page refresh in the browser pays for one round trip to the
 * database worker, not several per table. A table found stale is rebuilt with its dependencies
 * first (each is built after the tables it reads, so a fresh table was built from fresh ones).
 */
import type { Connector } from '../db/connector';
import { ensureExtraTable } from './extra';

/** Summary tables that read other summary tables. */
const READS: Record<string, string[]> = {
  unit_days: ['person_days', 'exposure_incidents'],
  person_weeks: ['person_days'],
  commissioned_weeks: ['commissioned_days'],
  plan_reason_weeks: ['plan_reasons'],
  delivery_weeks: ['person_days'],
  setting_event_periods: ['person_days'],
};

/** The exposure build (person_periods' catalog oid) and the tables built from it. */
const FRESH = `
WITH source AS (SELECT table_oid::BIGINT AS oid FROM duckdb_tables() WHERE table_name = 'person_periods' AND schema_name = 'main')
SELECT s.oid, m.name FROM source s LEFT JOIN model_extra_builds m ON m.source_oid = s.oid`;
const SOURCE = `SELECT table_oid::BIGINT AS oid FROM duckdb_tables() WHERE table_name = 'person_periods' AND schema_name = 'main'`;

/** Every table in `names` and what they read, dependencies first. */
function inBuildOrder(names: string[]): string[] {
  const order: string[] = [];
  const visit = (n: string) => {
    if (order.includes(n)) return;
    for (const d of READS[n] ?? []) visit(d);
    order.push(n);
  };
  names.forEach(visit);
  return order;
}

/**
 * Build whichever of these tables are missing or older than the exposure. Call before reading
 * them. Returns the exposure build's identity (person_periods' catalog oid: a new one at every
 * build), for caching what a build and a filter determine.
 */
export async function ensureModelTables(db: Connector, names: string[]): Promise<number | null> {
  const wanted = inBuildOrder(names);
  let rows: { oid: number | null; name: string | null }[] = [];
  try {
    rows = await db.query<{ oid: number | null; name: string | null }>(FRESH);
  } catch {
    // No table built yet in this database: every one is stale.
  }
  const fresh = new Set(rows.map((r) => r.name));
  const stale = wanted.filter((name) => !fresh.has(name));
  for (const name of stale) await ensureExtraTable(db, name);
  if (rows.length > 0 && stale.length === 0) return rows[0]!.oid;
  return (await db.query<{ oid: number }>(SOURCE))[0]?.oid ?? null;
}
