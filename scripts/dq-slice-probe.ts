/**
 * tsx scripts/dq-slice-probe.ts <snapshot> [tables] [--sliced] [--rounds n] [--rebuild]
 *
 * What each of the tables built on Data quality's (and Commissioned's) first open costs at W-L,
 * in Node on duckdb-wasm's blocking build: restores a workspace saved by
 * `scripts/memory-probe.ts --save` (with --rebuild: drops its model tables and builds the exposure), then builds
 * each table in turn, timed, with memory-probe's order-free checksum. With --sliced, each table
 * that has slices (model/table.ts) is then built again slice by slice as the background build
 * does (model/slicedBuild.ts): its slices' count, longest and total time, and whether its rows
 * equal the one-statement build's (EXCEPT ALL both ways). Numbers, not pass/fail.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openNodeDatabase } from '../src/db/node';
import { createEngine } from '../src/engine';
import { buildOrder, CATALOG } from '../src/model/catalog';
import { DEFAULT_SETTINGS } from '../src/model/settings';
import { SlicedBuild } from '../src/model/slicedBuild';
import { savedSnapshot } from './savedSnapshot';

const args = process.argv.slice(2);
const [snapshot, list] = args.filter((a) => !a.startsWith('--'));
if (!snapshot) throw new Error('usage: tsx scripts/dq-slice-probe.ts <snapshot> [tables] [--sliced] [--rounds n] [--rebuild]');
const sliced = args.includes('--sliced');
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 1;
const wanted = (list ?? 'incident_force_days,incident_force_totals,recording_gaps,possible_duplicates,workspace_checks,staff_recording,commissioned_days,commissioned_weeks,commissioned_people').split(',');
const db = await openNodeDatabase();
const engine = createEngine(db);
await engine.restore(savedSnapshot(snapshot), { app: 'memory-probe', definitions: 'memory-probe' });
// The saved snapshot carries the exposure as built (engine.snapshot); with --rebuild it is built again here.
if (args.includes('--rebuild')) {
  for (const table of CATALOG) await db.exec(`DROP TABLE IF EXISTS "${table.name}"`);
  engine.model.invalidate();
}
let t = performance.now();
await engine.ready();
process.stdout.write(`exposure ${Math.round(performance.now() - t)} ms\n`);
const checksum = async (name: string) => {
  const [{ rows, sum }] = (await db.query(`SELECT count(*)::DOUBLE AS rows, coalesce(sum(hash(t) % 1000000007), 0)::DOUBLE AS sum FROM "${name}" t`)) as [{ rows: number; sum: number }];
  return `rows ${rows} checksum ${sum}`;
};
const ms = (x: number) => String(Math.round(x)).padStart(7);
interface ProfileNode { operator_name?: string; operator_type?: string; operator_timing?: number; operator_cardinality?: number; extra_info?: unknown; children?: ProfileNode[] }
/** DuckDB's profile (EXPLAIN=json), one operator a line with its time, those over MIN seconds (default 0.01). */
function printProfile(node: ProfileNode, depth: number): void {
  const t = node.operator_timing ?? 0;
  if (t >= Number(process.env['MIN'] ?? 0.01)) {
    process.stdout.write(`${t.toFixed(3).padStart(7)}s ${'  '.repeat(depth)}${node.operator_name ?? node.operator_type ?? '?'} rows=${node.operator_cardinality ?? '-'} ${JSON.stringify(node.extra_info ?? {}).slice(0, 140)}\n`);
  }
  for (const c of node.children ?? []) printProfile(c, depth + 1);
}
// --files a.sql,b.sql: each SELECT built into a scratch table, alternating, `rounds` times, with its wall and CPU time
// (CPU is steadier on a busy machine); --prepare name=p.sql,…: tables made first (a slice's shared tables).
const list2 = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1]!.split(',') : []);
for (const pair of list2('--prepare')) {
  const [name, file] = pair.split('=') as [string, string];
  await db.exec(`CREATE OR REPLACE TABLE ${name} AS ${fs.readFileSync(file, 'utf8')}`);
}
if (list2('--files').length > 0) await engine.model.ensure(wanted);
for (let round = 0; round < rounds && list2('--files').length > 0; round++) {
  for (const file of list2('--files')) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    if (process.env['EXPLAIN'] === 'json') {
      const rows = await db.query<Record<string, string>>(`EXPLAIN (ANALYZE, FORMAT json) CREATE OR REPLACE TABLE probe_file AS ${fs.readFileSync(file, 'utf8')}`);
      for (const v of rows.flatMap((r) => Object.values(r))) {
        try {
          printProfile(JSON.parse(v) as ProfileNode, 0);
        } catch {
          // not the JSON column
        }
      }
    } else await db.exec(`CREATE OR REPLACE TABLE probe_file AS ${fs.readFileSync(file, 'utf8')}`);
    const used = process.cpuUsage(cpu);
    process.stdout.write(`${file.padEnd(44)} ${ms(performance.now() - start)} ms wall ${ms((used.user + used.system) / 1000)} ms cpu  ${await checksum('probe_file')}\n`);
  }
}
if (list2('--files').length > 0) process.exit(0);
for (const table of buildOrder(wanted)) {
  t = performance.now();
  const cpu = process.cpuUsage();
  await engine.model.ensure([table.name]);
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${table.name.padEnd(28)} ${ms(performance.now() - t)} ms  cpu ${ms((used.user + used.system) / 1000)} ms  ${await checksum(table.name)}\n`);
  if (!sliced || !table.slices || !wanted.includes(table.name)) continue;
  for (let round = 0; round < rounds; round++) {
    if (round > 0) {
      await db.exec(`CREATE OR REPLACE TABLE probe_whole AS SELECT * FROM "${table.name}" LIMIT 0`);
      t = performance.now();
      await db.exec(`CREATE OR REPLACE TABLE probe_whole AS ${table.select({ settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk: false }).text}`);
      process.stdout.write(`  whole again                ${ms(performance.now() - t)} ms\n`);
    }
    await db.exec(`ALTER TABLE "${table.name}" RENAME TO probe_main`);
    const build = new SlicedBuild(table, 0, { settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk: false });
    const steps: number[] = [];
    const cpuSteps: number[] = [];
    for (let done = false; !done; ) {
      const s = performance.now();
      const cpu = process.cpuUsage();
      done = await build.step(db);
      const used = process.cpuUsage(cpu);
      steps.push(performance.now() - s);
      cpuSteps.push((used.user + used.system) / 1000);
    }
    const total = steps.reduce((a, b) => a + b, 0);
    const sorted = [...steps].sort((a, b) => a - b);
    const [{ a, b }] = (await db.query(
      `SELECT (SELECT count(*) FROM (SELECT * FROM probe_main EXCEPT ALL SELECT * FROM "${table.name}"))::DOUBLE AS a, (SELECT count(*) FROM (SELECT * FROM "${table.name}" EXCEPT ALL SELECT * FROM probe_main))::DOUBLE AS b`,
    )) as [{ a: number; b: number }];
    process.stdout.write(
      `  sliced: ${steps.length} steps, total ${Math.round(total)} ms, longest ${Math.round(sorted.at(-1)!)} ms, median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms; ${await checksum(table.name)}; EXCEPT ALL ${a} / ${b}\n`,
    );
    if (args.includes('--steps')) process.stdout.write(`  steps: ${steps.map((x) => Math.round(x)).join(' ')}\n  cpu:   ${cpuSteps.map((x) => Math.round(x)).join(' ')} (total ${Math.round(cpuSteps.reduce((a, b) => a + b, 0))} ms)\n`);
    await db.exec(`DROP TABLE "${table.name}"; ALTER TABLE probe_main RENAME TO "${table.name}"`);
  }
}
await db.close();
