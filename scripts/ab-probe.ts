/**
 * tsx scripts/ab-probe.ts <snapshot> <tables> <a.sql> <b.sql> [rounds]
 *
 * A/B of two SELECTs for one table at W-L, in Node on duckdb-wasm's blocking build (the browser's
 * engine): restores a workspace saved by `scripts/memory-probe.ts --save`, builds `tables` (comma
 * separated: what both read), then builds each SELECT in turn, alternating, printing the time and
 * an order-free checksum of the result (memory-probe's). Numbers, not pass/fail.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openNodeDatabase } from '../src/db/node';
import { createEngine } from '../src/engine';
import { savedSnapshot } from './savedSnapshot';

const [snapshot, tables, a, b, rounds] = process.argv.slice(2);
if (!snapshot || !tables || !a || !b) throw new Error('usage: tsx scripts/ab-probe.ts <snapshot> <tables> <a.sql> <b.sql> [rounds]');
const db = await openNodeDatabase();
const engine = createEngine(db);
await engine.restore(savedSnapshot(snapshot), { app: 'memory-probe', definitions: 'memory-probe' });
await engine.model.ensure(tables.split(','));
for (let i = 0; i < Number(rounds ?? 3); i++) {
  for (const file of [a, b]) {
    const t = performance.now();
    await db.exec(`CREATE OR REPLACE TABLE ab_probe AS ${fs.readFileSync(file, 'utf8')}`);
    const ms = performance.now() - t;
    const [{ rows, sum }] = (await db.query('SELECT count(*)::DOUBLE AS rows, coalesce(sum(hash(t) % 1000000007), 0)::DOUBLE AS sum FROM ab_probe t')) as [{ rows: number; sum: number }];
    process.stdout.write(`${file.padEnd(30)} ${String(Math.round(ms)).padStart(7)} ms  rows ${rows} checksum ${sum}\n`);
    await db.exec('DROP TABLE ab_probe');
  }
}
await db.close();
