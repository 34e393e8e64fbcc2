/**
 * tsx scripts/memory-probe.ts [dir] [--tables a,b] [--skip c,d] [--files x.csv,y.csv] [--save f | --restore f]
 *
 * --save f writes the imported workspace as a snapshot (f.head, f.body) and stops; --restore f
 * starts from it instead of importing (the reload path: no import peak under the builds). — where the memory of duckdb-wasm goes (issue 18, item 3).
 *
 * duckdb-wasm's blocking build in Node (the browser's engine, the same wasm memory that only
 * grows): imports the service in `dir` (default sample-data/large, W-L) from disk, then builds
 * every catalog table one at a time in build order. After each step it prints DuckDB's own
 * accounting (duckdb_memory()), the wasm memory's size (its high-water mark: the peak of any step
 * stays), what the step added to it, the table's estimated size and the process's peak resident
 * size. Numbers, not pass/fail; docs/performance.md records them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { localFile, openNodeDatabase, wasmHeapBytes } from '../src/db/node';
import { createEngine } from '../src/engine';
import { buildOrder, CATALOG } from '../src/model/catalog';
import { savedSnapshot } from './savedSnapshot';

const args = process.argv.slice(2);
const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'sample-data/large');
const list = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1]!.split(',') : null);
const only = list('--tables');
const skip = new Set(list('--skip') ?? []);
const FILES = list('--files') ?? ['people.csv', 'staffing_requirements.csv', 'shifts.csv', 'incidents.csv', 'restrictive_interventions.csv', 'plan_delivery.csv', 'events.csv'];
const GiB = 2 ** 30;
const gb = (b: number) => (b / GiB).toFixed(2);

const db = await openNodeDatabase();
const engine = createEngine(db);
const heap = wasmHeapBytes;
let lastHeap = heap();

async function report(step: string, ms: number, table?: string): Promise<void> {
  const [{ bytes }] = (await db.query('SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS bytes FROM duckdb_memory()')) as [{ bytes: number }];
  let est = '';
  if (table) {
    const rows = (await db.query(`SELECT estimated_size::DOUBLE AS n, column_count::INTEGER AS c FROM duckdb_tables() WHERE table_name = '${table}'`)) as { n: number; c: number }[];
    // An order-free checksum of every value, to show a change of SQL left the table the same.
    const [{ rows: count, sum }] = (await db.query(`SELECT count(*)::DOUBLE AS rows, coalesce(sum(hash(t) % 1000000007), 0)::DOUBLE AS sum FROM "${table}" t`)) as [{ rows: number; sum: number }];
    est = ` rows ${count} cols ${rows[0]?.c ?? '-'} checksum ${sum}`;
  }
  const h = heap();
  const line = `${step.padEnd(34)} ${String(Math.round(ms)).padStart(7)} ms  duckdb ${gb(bytes)} GiB  wasm ${gb(h)} GiB (+${gb(h - lastHeap)})  maxRSS ${gb(process.resourceUsage().maxRSS * 1024)} GiB${est}`;
  lastHeap = h;
  process.stdout.write(line + '\n');
}

const save = list('--save')?.[0];
const restore = list('--restore')?.[0];
const TAG = { app: 'memory-probe', definitions: 'memory-probe' };
await report('opened', 0);
if (restore) {
  const t = performance.now();
  await engine.restore(savedSnapshot(restore), TAG);
  // The snapshot carries the exposure (engine.snapshot builds it first): dropped, to be built again here.
  for (const table of CATALOG) await db.exec(`DROP TABLE IF EXISTS "${table.name}"`);
  engine.model.invalidate();
  await report('restore', performance.now() - t);
}
for (const file of restore ? [] : FILES) {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) continue;
  const t = performance.now();
  const r = await engine.importFile(file, await localFile(full));
  if (r.error) throw new Error(`${file}: ${r.error}`);
  await report(`import ${file}`, performance.now() - t);
}
if (save) {
  const body = fs.openSync(`${save}.body`, 'w');
  const snap = await engine.snapshot(TAG, null, (pieces) => {
    for (const p of pieces) fs.writeSync(body, p);
    return null;
  });
  fs.closeSync(body);
  fs.writeFileSync(`${save}.head`, Buffer.concat(snap.parts.filter((p): p is Uint8Array => p instanceof Uint8Array)));
  process.stdout.write(`saved ${snap.bytes} bytes\n`);
  process.exit(0);
}
const order = buildOrder((only ?? CATALOG.map((t) => t.name)).filter((n) => !skip.has(n)));
const t0 = performance.now();
for (const t of order) {
  const t1 = performance.now();
  await engine.model.ensure([t.name]);
  await report(t.name, performance.now() - t1, t.name);
}
// --sql file: statements (separated by ';;') run after the builds, each with its memory, e.g. EXPLAINs or variants.
const extra = list('--sql')?.[0];
for (const statement of extra ? fs.readFileSync(extra, 'utf8').split(';;').map((x) => x.trim()).filter(Boolean) : []) {
  const t = performance.now();
  const rows = await db.query(statement);
  for (const r of rows.slice(0, 40)) process.stdout.write(Object.values(r as object).join(' | ') + '\n');
  await report(statement.slice(0, 34).replace(/\s+/g, ' '), performance.now() - t);
}
const [{ size }] = (await db.query("SELECT memory_usage::VARCHAR AS size FROM pragma_database_size()")) as [{ size: string }];
process.stdout.write(`all ${order.length} tables built in ${Math.round(performance.now() - t0)} ms; database_size memory_usage ${size}\n`);
const tables = (await db.query('SELECT table_name AS t, estimated_size::DOUBLE AS n, column_count::INTEGER AS c FROM duckdb_tables() ORDER BY estimated_size DESC LIMIT 25')) as { t: string; n: number; c: number }[];
for (const r of tables) process.stdout.write(`  ${r.t.padEnd(32)} ${r.n} rows, ${r.c} cols\n`);
const mem = (await db.query('SELECT tag, memory_usage_bytes::DOUBLE AS b FROM duckdb_memory() WHERE memory_usage_bytes > 0')) as { tag: string; b: number }[];
for (const r of mem) process.stdout.write(`  ${r.tag.padEnd(32)} ${gb(r.b)} GiB\n`);
await db.close();
