/**
 * tsx scripts/import-profile.ts [dir] [files…] — where an import's time goes (issue 18, item 1):
 * imports a service's files from disk (W-L by default) through the app's import on duckdb-wasm's
 * blocking build (the browser's engine, one thread) and prints every statement the import sends,
 * with its wall and CPU time; then, in the same database, a bare `CREATE TABLE AS SELECT * FROM
 * read_csv(file)` of each file into DuckDB's default (uncompressed) database and into the
 * compressed workspace — the bench's two baselines. ONLY=import|bare runs one half.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileSlot, type Connector } from '../src/db/connector';
import { localFile, openNodeDatabase } from '../src/db/node';
import { createEngine } from '../src/engine';

const dir = path.resolve(process.argv[2] ?? 'sample-data/large');
const ALL = ['people.csv', 'staffing_requirements.csv', 'shifts.csv', 'incidents.csv', 'restrictive_interventions.csv', 'plan_delivery.csv', 'events.csv'];
const files = process.argv.length > 3 ? process.argv.slice(3) : ALL;
const only = process.env.ONLY;

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);

interface Step {
  sql: string;
  wall: number;
  cpu: number;
}
let steps: Step[] = [];

/** The connector with every query and exec timed. */
function timed(db: Connector): Connector {
  const time =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      try {
        return await f(...a);
      } finally {
        steps.push({ sql: String(a[0]), wall: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c0)) });
      }
    };
  return { ...db, query: time(db.query.bind(db)), exec: time(db.exec.bind(db)) } as Connector;
}

const db = await openNodeDatabase();
const out: string[] = [];
if (only !== 'bare') {
  const engine = createEngine(timed(db));
  for (const f of files) {
    steps = [];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await engine.importFile(f, await localFile(path.join(dir, f)));
    const wall = performance.now() - t0;
    const cpu = cpuMs(process.cpuUsage(c0));
    out.push(`## ${f}: ${Math.round(wall)} ms wall, ${Math.round(cpu)} ms cpu, ${steps.length} statements; read ${r.read} accepted ${r.accepted} rejected ${r.rejected}`);
    for (const s of steps) out.push(`  ${String(Math.round(s.wall)).padStart(7)} ${String(Math.round(s.cpu)).padStart(7)}  ${label(s.sql)}`);
    out.push(`  ${String(Math.round(wall - steps.reduce((a, s) => a + s.wall, 0))).padStart(7)}          (outside statements: registering, preview, JS)`);
    console.log(out.splice(0).join('\n'));
  }
}
if (only !== 'import') {
  await db.exec("ATTACH IF NOT EXISTS ':memory:' AS bench_plain");
  for (const f of files) {
    const slot = fileSlot('bench_bare.csv');
    await db.registerFile(slot, await localFile(path.join(dir, f)));
    const times: string[] = [];
    for (const table of ['bench_plain.bench_bare', 'workspace.bench_bare']) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await db.exec(`CREATE TABLE ${table} AS SELECT * FROM read_csv('${slot}')`);
      times.push(`${table.split('.')[0]} ${Math.round(performance.now() - t0)} ms wall ${Math.round(cpuMs(process.cpuUsage(c0)))} ms cpu`);
      await db.exec(`DROP TABLE ${table}`);
    }
    await db.dropFile(slot);
    console.log(`bare ${f}: ${times.join('; ')}`);
  }
}
await db.close();
