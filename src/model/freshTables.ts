/**
 * Make sure some model/extra.ts tables are built from the current exposure, with one query to
 * find the fresh ones (in the browser every query is a round trip to the database worker).
 */
import type { Connector } from '../db/connector';
import { ensureExtraTable } from './extra';

const FRESH = `
SELECT name FROM model_extra_builds
WHERE source_oid = (SELECT table_oid FROM duckdb_tables() WHERE table_name = 'person_periods' AND schema_name = 'main')`;

/** Build whichever of `names` are missing or stale, in the order given (a table after those it reads). */
export async function ensureFreshTables(db: Connector, names: readonly string[]): Promise<void> {
  let fresh = new Set<string>();
  try {
    fresh = new Set((await db.query<{ name: string }>(FRESH)).map((r) => r.name));
  } catch {
    // No table built yet in this database.
  }
  for (const name of names) if (!fresh.has(name)) await ensureExtraTable(db, name);
}
