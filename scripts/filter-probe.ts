/**
 * tsx scripts/filter-probe.ts <snapshot> [--pages staffing,personStory] [--changes 20] [--dump file.sql] [--serve dir]
 *
 * Where a page's filter change goes (issue 18, item 4), in Node on duckdb-wasm's blocking build
 * (the browser's engine): restores a workspace saved by `scripts/memory-probe.ts --save`, then
 * for each page does what the browser bench does (src/cli/benchBrowser.ts): the first answer with
 * no filters, the page's tables warmed (analysis/tables.ts), then the bench's changes in turn (a
 * unit, a person, a start date, Clear, picked as the bench picks them), printing per change the
 * analysis call and every named statement it ran (the app's own Performance timeline). --dump
 * writes each statement with its parameters written in (for EXPLAIN ANALYZE); --serve then runs
 * the statements of each dir/*.sql dropped in (';;' between them) on the restored workspace, into
 * *.sql.out. Numbers, not pass/fail.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openNodeDatabase } from '../src/db/node';
import { createEngine } from '../src/engine';
import { REPORT_ANALYSES } from '../src/analysis/index';
import { staffingAnalysis } from '../src/analysis/staffing';
import { tablesToWarm, type AnalysisWithTables } from '../src/analysis/tables';
import type { Filters } from '../src/analysis/types';
import { savedSnapshot } from './savedSnapshot';

const args = process.argv.slice(2);
const snapshot = args.find((a) => !a.startsWith('--'));
if (!snapshot) throw new Error('usage: tsx scripts/filter-probe.ts <snapshot> [--pages a,b] [--changes n]');
const opt = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1]! : null);
const PAGES = (opt('--pages') ?? 'staffing,restrictivePractice,when,overTime,planDelivery,commissionedVsDelivered,personStory,whatIf,dataQuality').split(',');
const CHANGES = Number(opt('--changes') ?? 20);

const db = await openNodeDatabase();
const engine = createEngine(db);
const t0 = performance.now();
await engine.restore(savedSnapshot(snapshot), { app: 'memory-probe', definitions: 'memory-probe' });
await engine.ready();
process.stdout.write(`restored in ${Math.round(performance.now() - t0)} ms\n`);
const options = await engine.filterOptions();

/** The bench's change i (benchBrowser.ts FILTER_CHANGE) applied to `f`. */
function change(f: Filters, i: number): Filters | null {
  const action = (['unit', 'person', 'from', 'clear'] as const)[i % 4];
  if (action === 'unit') {
    const choices = options.units.filter((u) => u !== f.unit);
    const unit = choices[i % choices.length]!;
    const keep = options.people.some((p) => p.personId === f.personId && p.unit === unit);
    return { ...f, unit, personId: keep ? f.personId : null };
  }
  if (action === 'person') {
    const choices = options.people.filter((p) => (!f.unit || p.unit === f.unit) && p.personId !== f.personId);
    if (choices.length === 0) return null;
    return { ...f, personId: choices[i % choices.length]!.personId };
  }
  if (action === 'from') {
    const year = Number((options.maxDate ?? '2025-12-31').slice(0, 4)) - (i % 2);
    const from = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
    return from === f.from ? null : { ...f, from };
  }
  return f.from || f.to || f.unit || f.personId ? { from: null, to: null, unit: null, personId: null } : null;
}

const WARM: Record<string, AnalysisWithTables> = { commissionedVsDelivered: 'commissionedVsDelivered' };
const run = (page: string, filters: Filters) =>
  page === 'staffing' ? staffingAnalysis(engine.model, filters, engine.settings) : REPORT_ANALYSES[page]!({ model: engine.model, filters, settings: engine.settings });

/** Time `work`, printing the named statements (and builds) it ran. */
async function timedStep(label: string, work: () => Promise<unknown>): Promise<number> {
  performance.clearMeasures();
  const t = performance.now();
  await work();
  const ms = performance.now() - t;
  const parts = performance
    .getEntriesByType('measure')
    .map((m) => `${m.name} ${Math.round(m.duration)}`)
    .join(', ');
  process.stdout.write(`  ${label.padEnd(52)} ${String(Math.round(ms)).padStart(6)} ms   ${parts}\n`);
  return ms;
}

/** Statement text with its parameters written in (for EXPLAIN ANALYZE by hand). */
const inline = (text: string, params: unknown[]) => {
  let k = 0;
  return text.replace(/\?/g, () => {
    const v = params[k++];
    return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
  });
};
if (args.includes('--dump')) {
  engine.model.onQuery = (s) => fs.appendFileSync(opt('--dump')!, `${inline(s.text, s.params)};;\n`);
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i));
};

for (const page of PAGES) {
  process.stdout.write(`${page}\n`);
  let f: Filters = { from: null, to: null, unit: null, personId: null };
  await timedStep('open', () => run(page, f));
  await timedStep('warm', () => engine.model.ensure(tablesToWarm(WARM[page] ?? (page as AnalysisWithTables))));
  const times: number[] = [];
  for (let i = 0; times.length < CHANGES && i < CHANGES * 3; i++) {
    const next = change(f, i);
    if (!next) continue;
    f = next;
    const label = [f.unit, f.personId, f.from].map((x) => x ?? '-').join(' ');
    times.push(await timedStep(label, () => run(page, f)));
  }
  process.stdout.write(`  ${page}: p50 ${Math.round(q(times, 0.5))} ms, p95 ${Math.round(q(times, 0.95))} ms, max ${Math.round(Math.max(...times))} ms\n`);
}
// --serve dir: run the statements of each dir/*.sql (separated by ';;') as they appear, timings and rows into *.out.
const serve = opt('--serve');
while (serve) {
  for (const f of fs.readdirSync(serve).filter((n) => n.endsWith('.sql'))) {
    const file = `${serve}/${f}`;
    const text = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    let out = '';
    for (const statement of text.split(';;').map((x) => x.trim()).filter(Boolean)) {
      const t = performance.now();
      try {
        const rows = (await db.query(statement)) as object[];
        out += `-- ${Math.round(performance.now() - t)} ms, ${rows.length} rows: ${statement.slice(0, 80).replace(/\s+/g, ' ')}\n`;
        for (const r of rows.slice(0, 60)) out += Object.values(r).map((v) => String(v)).join(' | ') + '\n';
      } catch (e) {
        out += `-- error: ${(e as Error).message}\n`;
      }
    }
    fs.writeFileSync(`${file}.out`, out);
  }
  await new Promise((r) => setTimeout(r, 200));
}
await db.close();
