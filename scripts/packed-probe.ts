/**
 * PACKED=0|1 tsx scripts/packed-probe.ts [dir] — issue 18 item 3: the workspace's tables in a
 * compressed in-memory database (PACKED=1, the connector's default now) or the default
 * uncompressed one (PACKED=0: USE memory right after opening). Import, exposure build, a few
 * analyses with a filter change; DuckDB's memory and the wasm heap after each step. SKIP=a,b
 * leaves analyses out; CHECKPOINT=1 times a CHECKPOINT of the workspace at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { localFile, openNodeDatabase, wasmHeapBytes } from '../src/db/node';
import { createEngine } from '../src/engine';
import { REPORT_ANALYSES } from '../src/analysis';
import { NO_FILTERS } from '../src/model/filters';

const dir = path.resolve(process.argv[2] ?? 'sample-data/large');
const packed = process.env.PACKED !== '0';
const FILES = ['people.csv', 'staffing_requirements.csv', 'shifts.csv', 'incidents.csv', 'restrictive_interventions.csv', 'plan_delivery.csv', 'events.csv'];
const gb = (b: number) => (b / 2 ** 30).toFixed(2);
const db = await openNodeDatabase();
if (!packed) await db.exec('USE memory');
const engine = createEngine(db);
const out: string[] = [];
async function report(step: string, ms: number) {
  const [{ bytes }] = (await db.query<{ bytes: number }>('SELECT coalesce(sum(memory_usage_bytes), 0)::DOUBLE AS bytes FROM duckdb_memory()')) as [{ bytes: number }];
  const line = `${step.padEnd(30)} ${String(Math.round(ms)).padStart(7)} ms  duckdb ${gb(bytes)} GiB  wasm ${gb(wasmHeapBytes())} GiB  load ${os.loadavg()[0]!.toFixed(1)}`;
  out.push(line);
  process.stdout.write(line + '\n');
}
const time = async (step: string, f: () => Promise<unknown>) => { const t = performance.now(); await f(); await report(step, performance.now() - t); };
process.stdout.write(`packed=${packed} dir=${dir} current_database=${JSON.stringify(await db.query('SELECT current_database() AS d'))}\n`);
let importMs = 0;
for (const file of FILES) {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) continue;
  const t = performance.now();
  const r = await engine.importFile(file, await localFile(full));
  if (r.error) throw new Error(`${file}: ${r.error}`);
  importMs += performance.now() - t;
  await report(`import ${file}`, performance.now() - t);
}
await report('import total', importMs);
await time('exposure build (rebuild)', () => engine.rebuild());
const [{ unit }] = (await db.query<{ unit: string }>('SELECT unit FROM shifts GROUP BY unit ORDER BY count(*) DESC LIMIT 1')) as [{ unit: string }];
const byUnit = { ...NO_FILTERS, unit };
const ctx = (filters: typeof NO_FILTERS) => ({ model: engine.model, filters, settings: engine.settings });
await time('staffing, first', () => engine.staffing(NO_FILTERS));
await time('staffing, unit filter', () => engine.staffing(byUnit));
await time('staffing, back to all', () => engine.staffing(NO_FILTERS));
// SKIP=staffInvolvement: its build runs out of wasm memory at W-L either way (docs/performance.md).
const skip = new Set((process.env.SKIP ?? '').split(','));
for (const key of ['overTime', 'when', 'restrictivePractice', 'personStory', 'staffInvolvement'].filter((k) => !skip.has(k))) {
  await time(`${key}, first`, () => REPORT_ANALYSES[key]!(ctx(NO_FILTERS)));
  await time(`${key}, unit filter`, () => REPORT_ANALYSES[key]!(ctx(byUnit)));
}
if (packed && process.env.CHECKPOINT === '1') await time('CHECKPOINT workspace', () => db.exec('CHECKPOINT workspace'));
const sizes = await db.query<{ d: string; n: number; t: number }>(`SELECT database_name AS d, count(*)::INT AS t, sum(estimated_size)::DOUBLE AS n FROM duckdb_tables() GROUP BY 1 ORDER BY 1`);
process.stdout.write(`tables by database: ${JSON.stringify(sizes)}\n`);
const mem = await db.query<{ tag: string; b: number }>('SELECT tag, memory_usage_bytes::DOUBLE AS b FROM duckdb_memory() WHERE memory_usage_bytes > 0');
for (const r of mem) process.stdout.write(`  ${r.tag.padEnd(24)} ${gb(r.b)} GiB\n`);
process.stdout.write(`maxRSS ${gb(process.resourceUsage().maxRSS * 1024)} GiB\n`);
await db.close();
