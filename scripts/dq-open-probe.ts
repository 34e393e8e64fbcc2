/**
 * tsx scripts/dq-open-probe.ts <snapshot>
 *
 * Data quality's first open at W-L in Node on duckdb-wasm's blocking build (issue 18): restores a
 * workspace saved by `scripts/memory-probe.ts --save`, builds the exposure (engine.ready(), as the
 * app has before any page opens), then times the page's two asks as it makes them — the checks
 * drawn first (dataQualityChecks, building their tables), then the staff references
 * (dataQualityStaffReferences, building staff_recording) — with every named statement and build.
 * Numbers, not pass/fail.
 */
import { performance } from 'node:perf_hooks';
import { dataQualityChecks, dataQualityStaffReferences } from '../src/analysis/dataQuality';
import { NO_FILTERS } from '../src/analysis/types';
import { openNodeDatabase } from '../src/db/node';
import { createEngine } from '../src/engine';
import { savedSnapshot } from './savedSnapshot';

const snapshot = process.argv[2];
if (!snapshot) throw new Error('usage: tsx scripts/dq-open-probe.ts <snapshot>');
const db = await openNodeDatabase();
const engine = createEngine(db);
await engine.restore(savedSnapshot(snapshot), { app: 'memory-probe', definitions: 'memory-probe' });
await engine.ready();

async function step(label: string, work: () => Promise<unknown>): Promise<void> {
  performance.clearMeasures();
  const t = performance.now();
  await work();
  const parts = performance.getEntriesByType('measure').map((m) => `${m.name} ${Math.round(m.duration)}`).join(', ');
  process.stdout.write(`${label.padEnd(20)} ${String(Math.round(performance.now() - t)).padStart(7)} ms   ${parts}\n`);
}
await step('checks (first)', () => dataQualityChecks(engine.model, NO_FILTERS, engine.settings));
await step('staff references', () => dataQualityStaffReferences(engine.model, NO_FILTERS));
await db.close();
