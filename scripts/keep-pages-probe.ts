/**
 * tsx scripts/keep-pages-probe.ts <snapshot> [--restore]
 *
 * What keeping the pages' tables costs at W-L (issue 18, item 4), in Node on duckdb-wasm's
 * blocking build (the browser's engine, one statement at a time): restores a workspace saved by
 * `scripts/memory-probe.ts --save`, builds every page's tables (analysis/tables.ts, in the order of
 * the menu), then writes them as one snapshot part (Engine.snapshotPart) with nothing else
 * running, printing each table's rows and bytes and the longest the database was held for one
 * piece of the write (`snapshot part hold`: in Node each piece is the engine's own work alone).
 * With --restore, a new engine then restores the snapshot with the part and opens each page's
 * tables: what is built again (nothing, if every table was kept). Numbers, not pass/fail.
 */
import { performance } from 'node:perf_hooks';
import { openNodeDatabase } from '../src/db/node';
import { concatBytes, bytesSource, createEngine } from '../src/engine';
import { MENU_PAGES } from '../src/analysis/pages';
import { tablesToWarm } from '../src/analysis/tables';
import { savedSnapshot } from './savedSnapshot';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) throw new Error('usage: tsx scripts/keep-pages-probe.ts <snapshot> [--restore]');
const APP = { app: 'memory-probe', definitions: 'memory-probe' };
const say = (s: string) => process.stdout.write(`${s}\n`);
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

const engine = createEngine(await openNodeDatabase());
let t0 = performance.now();
await engine.restore(savedSnapshot(file), APP);
say(`restored in ${Math.round(performance.now() - t0)} ms`);
for (const { analysis } of MENU_PAGES) {
  t0 = performance.now();
  const before = engine.model.tablesBuilt;
  await engine.model.ensure(tablesToWarm(analysis));
  say(`${analysis}: ${engine.model.tablesBuilt - before} tables built in ${Math.round(performance.now() - t0)} ms`);
}
performance.clearMeasures();
t0 = performance.now();
const part = await engine.snapshotPart(APP);
const writeMs = performance.now() - t0;
if (!part) throw new Error('nothing to keep');
const holds = performance.getEntriesByName('snapshot part hold').map((m) => m.duration);
say(`part: ${part.manifest.tables.length} tables, ${mb(part.bytes)}, written in ${Math.round(writeMs)} ms; longest hold for one piece ${holds.length ? Math.max(...holds).toFixed(1) : '–'} ms`);
part.manifest.tables.forEach((t, i) => say(`  ${t.name}: ${t.rows} rows, ${mb(t.segments.reduce((n, s) => n + s.bytes, 0))}, longest piece ${holds[i]?.toFixed(1) ?? '–'} ms`));

if (args.includes('--restore')) {
  const bytes = concatBytes(part.parts);
  await engine.db.close();
  const next = createEngine(await openNodeDatabase());
  t0 = performance.now();
  await next.restore(savedSnapshot(file), APP, { parts: [bytesSource(bytes)] });
  say(`restored with the part in ${Math.round(performance.now() - t0)} ms`);
  for (const { analysis } of MENU_PAGES) {
    const before = next.model.tablesBuilt;
    await next.model.ensure(tablesToWarm(analysis));
    say(`${analysis}: ${next.model.tablesBuilt - before} tables built again`);
  }
  await next.db.close();
} else {
  await engine.db.close();
}
