/**
 * tsx scripts/dq-explain.ts <snapshot> [tables] <select.sql | table:name>...
 *
 * One build's cost at W-L in Node on duckdb-wasm's blocking build (the browser's engine): restores
 * a workspace saved by `scripts/memory-probe.ts --save`, builds the exposure and `tables` (comma
 * separated, may be empty: ""), then builds each SELECT (a file, or a catalog table's own SQL as
 * `table:<name>`) into a scratch table, printing its wall and CPU time (CPU is steadier on a busy
 * machine), how much the wasm memory grew and an order-free checksum (memory-probe's). With
 * EXPLAIN=json, DuckDB's profile instead, one operator a line with its time (those over MIN
 * seconds, default 0.05). Numbers, not pass/fail.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openNodeDatabase, wasmHeapBytes } from '../src/db/node';
import { CATALOG_BY_NAME } from '../src/model/catalog';
import { DEFAULT_SETTINGS } from '../src/model/settings';
import { restoredEngine } from './savedSnapshot';

const [snapshot, tables, ...items] = process.argv.slice(2);
if (!snapshot || items.length === 0) throw new Error('usage: tsx scripts/dq-explain.ts <snapshot> [tables] <select.sql | table:name>...');
const { db, engine } = await restoredEngine(snapshot);
if (tables) await engine.model.ensure(tables.split(',').filter(Boolean));
const profile = process.env['EXPLAIN'] === 'json';
const minSeconds = Number(process.env['MIN'] ?? 0.05);

interface ProfileNode { operator_name?: string; operator_type?: string; operator_timing?: number; operator_cardinality?: number; extra_info?: unknown; children?: ProfileNode[] }
function printProfile(node: ProfileNode, depth: number): void {
  const t = node.operator_timing ?? 0;
  if (t >= minSeconds) {
    const name = node.operator_name ?? node.operator_type ?? '?';
    process.stdout.write(`${t.toFixed(2).padStart(6)}s ${'  '.repeat(depth)}${name} rows=${node.operator_cardinality ?? '-'} ${JSON.stringify(node.extra_info ?? {}).slice(0, 160)}\n`);
  }
  for (const c of node.children ?? []) printProfile(c, depth + 1);
}

for (const item of items) {
  const select = item.startsWith('table:')
    ? CATALOG_BY_NAME.get(item.slice(6))!.select({ settings: DEFAULT_SETTINGS, pseudonymKey: 'probe', spillsToDisk: false }).text
    : fs.readFileSync(item, 'utf8');
  const heap = wasmHeapBytes();
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  if (profile) {
    const rows = await db.query<Record<string, string>>(`EXPLAIN (ANALYZE, FORMAT json) CREATE OR REPLACE TABLE probe_t AS ${select}`);
    for (const v of rows.flatMap((r) => Object.values(r))) {
      try {
        printProfile(JSON.parse(v) as ProfileNode, 0);
      } catch {
        // not the JSON column
      }
    }
  } else await db.exec(`CREATE OR REPLACE TABLE probe_t AS ${select}`);
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const [{ rows, sum }] = (await db.query('SELECT count(*)::DOUBLE AS rows, coalesce(sum(hash(t) % 1000000007), 0)::DOUBLE AS sum FROM probe_t t')) as [{ rows: number; sum: number }];
  const grew = ((wasmHeapBytes() - heap) / 2 ** 30).toFixed(2);
  process.stdout.write(`${item.padEnd(40)} ${String(Math.round(ms)).padStart(7)} ms  cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms  wasm +${grew} GiB  rows ${rows} checksum ${sum}\n`);
}
await db.close();
