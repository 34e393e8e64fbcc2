/**
 * tsx scripts/comm-open-probe.ts <snapshot> [rounds]
 *
 * Commissioned hours' first open at W-L in Node on duckdb-wasm's blocking build (issue 18):
 * restores a workspace saved by `scripts/memory-probe.ts --save`, builds the exposure and what the
 * pages before it in the bench's tour have built (person_days, person_weeks), then times the
 * commissioned tables' build (each named build) and the page's first analysis; with `rounds` > 1
 * drops the commissioned tables and does it again. Prints each step's CPU time and a checksum of
 * commissioned_days, commissioned_weeks and commissioned_people. Numbers, not pass/fail.
 */
import { REPORT_ANALYSES } from '../src/analysis/index';
import { NO_FILTERS } from '../src/analysis/types';
import { restoredEngine, timedStep } from './savedSnapshot';

const [snapshot, rounds] = process.argv.slice(2);
if (!snapshot) throw new Error('usage: tsx scripts/comm-open-probe.ts <snapshot> [rounds]');
const { db, engine } = await restoredEngine(snapshot);
await engine.model.ensure(['person_days', 'person_weeks', 'person_spans', 'units']);

/** timedStep with the Node process's CPU time (user + system) of the step: the machine is shared, wall-clock is noisy. */
const step = async (label: string, work: () => Promise<unknown>) => {
  const cpu = process.cpuUsage();
  await timedStep(label, work);
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${''.padEnd(20)} cpu ${Math.round((used.user + used.system) / 1000)} ms\n`);
};
const CHECK = (t: string) => `SELECT '${t}' AS t, count(*)::DOUBLE AS rows, coalesce(sum(hash(x) % 1000000007), 0)::DOUBLE AS sum FROM ${t} x`;
for (let i = 0; i < Number(rounds ?? 1); i++) {
  if (i > 0) engine.model.forget(['commissioned_days', 'commissioned_weeks', 'commissioned_people']);
  await step('tables', () => engine.model.ensure(['commissioned_days', 'commissioned_weeks', 'commissioned_people']));
  await step('first analysis', () => REPORT_ANALYSES.commissionedVsDelivered!({ model: engine.model, filters: NO_FILTERS, settings: engine.settings }));
  for (const t of ['commissioned_days', 'commissioned_weeks', 'commissioned_people']) process.stdout.write(`${JSON.stringify(await db.query(CHECK(t)))}\n`);
}
await db.close();
