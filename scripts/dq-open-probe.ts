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
import { dataQualityChecks, dataQualityStaffReferences } from '../src/analysis/dataQuality';
import { NO_FILTERS } from '../src/analysis/types';
import { restoredEngine, timedStep } from './savedSnapshot';

const snapshot = process.argv[2];
if (!snapshot) throw new Error('usage: tsx scripts/dq-open-probe.ts <snapshot>');
const { db, engine } = await restoredEngine(snapshot);

const step = timedStep;
await step('checks (first)', () => dataQualityChecks(engine.model, NO_FILTERS, engine.settings));
await step('staff references', () => dataQualityStaffReferences(engine.model, NO_FILTERS));
await db.close();
