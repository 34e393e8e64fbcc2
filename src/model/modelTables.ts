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
};

const FRESH = `
SELECT m.name FROM model_extra_builds m
WHERE m.source_oid = (SELECT table_oid FROM duckdb_tables() WHERE table_name = 'person_periods' AND schema_name = 'main')`;

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

/** Build whichever of these tables are missing or older than the exposure. Call before reading them. */
export async function ensureModelTables(db: Connector, names: string[]): Promise<void> {
  const wanted = inBuildOrder(names);
  let fresh = new Set<string>();
  try {
    fresh = new Set((await db.query<{ name: string }>(FRESH)).map((r) => r.name));
  } catch {
    // No table built yet in this database: every one is stale.
  }
  for (const name of wanted) if (!fresh.has(name)) await ensureExtraTable(db, name);
}
