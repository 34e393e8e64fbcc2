/**
 * tsx scripts/import-checksum.ts [dir] — imports a service's seven files from disk (W-L by
 * default) through the app's import and prints, for every table the import writes, its row count
 * and sum(hash(column) % 1000000007) of each column (imported_at left out: it is the clock), and each file's
 * import time. Run on two builds to show an import change left every table the same (issue 18).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { localFile, openNodeDatabase } from '../src/db/node';
import { createEngine } from '../src/engine';

const dir = path.resolve(process.argv[2] ?? 'sample-data/large');
const FILES = ['people.csv', 'staffing_requirements.csv', 'shifts.csv', 'incidents.csv', 'restrictive_interventions.csv', 'plan_delivery.csv', 'events.csv'];
const TABLES = ['people', 'staffing_requirements', 'shifts', 'incidents', 'restrictive_interventions', 'plan_delivery', 'events', 'rejects', 'imports'];

const db = await openNodeDatabase();
const engine = createEngine(db);
for (const f of FILES) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const r = await engine.importFile(f, await localFile(path.join(dir, f)));
  const used = process.cpuUsage(cpu);
  console.log(`${f.padEnd(32)} ${String(Math.round(performance.now() - t)).padStart(7)} ms wall ${String(Math.round((used.user + used.system) / 1000)).padStart(7)} ms cpu  read ${r.read} accepted ${r.accepted} rejected ${r.rejected}`);
}
for (const t of TABLES) {
  const cols = (await db.query<{ column_name: string }>(`SELECT column_name FROM duckdb_columns() WHERE table_name = '${t}' AND database_name = current_database() ORDER BY column_index`))
    .map((c) => c.column_name)
    .filter((c) => c !== 'imported_at');
  const [row] = await db.query<Record<string, number>>(`SELECT count(*)::DOUBLE AS "rows", ${cols.map((c) => `coalesce(sum(hash("${c}") % 1000000007), 0)::BIGINT AS "${c}"`).join(', ')} FROM "${t}"`);
  console.log(`${t}: ${JSON.stringify(row)}`);
}
await db.close();
