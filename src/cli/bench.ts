/**
 * npm run bench [-- --scales 1,10] [--workload large|N|<dir>|none] [--changes 20 (browser and native)] [--quality-first] [--native large,large10,wasm-large|none] [--memory-limit 1GB] [--no-node] [--no-browser] [--no-record] [--roster-only]
 *
 * Prints, and appends to docs/performance.md with the date and machine:
 *  - browser (the built app in headless Chromium, src/cli/benchBrowser.ts): DuckDB instantiate
 *    and the sample service's first chart after page load; then the workload (by default W-L,
 *    issue 6: 1M incidents, 5M shift rows — generated into sample-data/large/ on first use)
 *    imported through the real file input, with a bare read_csv of the same Files in the same
 *    worker as the baseline; the exposure build; every analysis page through 20 filter changes
 *    (p50 / p95); DuckDB's memory, the page's JS heap peak and the renderer's peak resident size;
 *  - Node (duckdb-wasm blocking, same engine): import, exposure build and every analysis over 20
 *    filter changes for the sample service and generated services N× its size; the snapshot the
 *    app keeps (written after the first page, read back whole and in the background: the time to
 *    the first page answered; with --native wasm-large, for W-L); and a vendor-style
 *    roster made from the largest service's shifts, once as CSV and once as .xlsx (a title row,
 *    real date-time cells), each inspected and imported through its mapping: the xlsx/CSV ratio
 *    (target: at most 2, issue 13); with a build, the same two files through the app's import
 *    wizard in Chromium as well.
 *  - Node, native DuckDB (@duckdb/node-api, every core, spilling to disk; --native): the same for
 *    W-L and 10× W-L (10M incidents, 50M rota rows, generated into sample-data/large-x10/ on
 *    first use, several GB and tens of minutes), with the process's peak resident memory.
 * Numbers, not pass/fail: targets live in the issues and docs/performance.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { localFile, openNodeDatabase } from '../db/node';
import { openNativeDatabase } from '../db/native';
import { bytesSource, concatBytes, createEngine, FIRST_TABLES } from '../engine';
import { NO_FILTERS, type Filters } from '../analysis/types';
import { REPORT_ANALYSES } from '../analysis';
import { benchWorkload, sampleFirstChart, timing, wizardImport, type SampleBench, type Timing, type WorkloadBench } from './benchBrowser';
import { writeXlsx, type WriteCell } from './xlsxWriter';
import Papa from 'papaparse';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const FILES = ['people.csv', 'staffing_requirements.csv', 'shifts.csv', 'incidents.csv', 'restrictive_interventions.csv', 'plan_delivery.csv', 'events.csv'];

interface ServiceBench {
  label: string;
  megabytes: number;
  rows: number;
  imports: { file: string; ms: number; mbPerS: number; rows: number }[];
  importMs: number;
  exposureMs: number;
  personPeriods: number;
  firstAnalysisMs: number;
  filterChange: Timing;
  /** The other analyses (report keys) over the same filter changes. */
  perAnalysis: Record<string, Timing>;
  /** The process's peak resident memory by the end of the run (native runs; grows monotonically). */
  peakRssBytes?: number;
}

interface SnapshotBench {
  bytes: number;
  writeMs: number;
  /** Restored whole, then the first page (as before issue 18). */
  wholeMs: number;
  wholeFirstPageMs: number;
  /** Restored in the background (ui/snapshots.ts): the first tables, the first page answered, every table in. */
  firstStageMs: number;
  firstPageMs: number;
  allInMs: number;
  tables: { name: string; rows: number; bytes: number; first: boolean }[];
}


function serviceDir(scale: number): string {
  if (scale === 1) return path.join(ROOT, 'sample-data');
  const dir = path.join(ROOT, 'sample-data', 'large', `x${scale}`);
  if (!fs.existsSync(path.join(dir, 'incidents.csv'))) {
    process.stdout.write(`generating the ${scale}× service into ${path.relative(ROOT, dir)} …\n`);
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'sample-data', 'generate.ts'), '--scale', String(scale), '--out', dir, '--quiet'], {
      stdio: 'inherit',
    });
  }
  return dir;
}

interface RunOptions {
  /** Native DuckDB instead of duckdb-wasm's blocking build. */
  native?: boolean;
  /** Hand DuckDB the files on disk (localFile) instead of buffers read into JS. */
  fromDisk?: boolean;
  changes?: number;
  /** Native DuckDB's memory limit (e.g. 1GB): past it, it spills to disk. */
  memoryLimit?: string;
}

/** What benchService is doing, so a run that fails says where (e.g. which import ran out of memory). */
let currentStep = '';
/** Every run's snapshot figures, in order: reported even when a later step of the run fails (W-L in wasm). */
const snapshotRuns: { label: string; snapshot: SnapshotBench }[] = [];

async function benchService(label: string, dir: string, { native = false, fromDisk = native, changes: changeCount = 20, memoryLimit }: RunOptions = {}): Promise<ServiceBench> {
  const db = native ? await openNativeDatabase(memoryLimit ? { memoryLimit } : {}) : await openNodeDatabase();
  const engine = createEngine(db);
  const imports: ServiceBench['imports'] = [];
  let bytes = 0;
  let rows = 0;
  for (const file of FILES) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) continue;
    // Native DuckDB reads the file where it lies (10× W-L's rota is past Node's 2 GB buffer limit).
    const data = fromDisk ? await localFile(full) : new Uint8Array(fs.readFileSync(full));
    const size = fs.statSync(full).size;
    bytes += size;
    currentStep = `import ${file}`;
    const t0 = performance.now();
    const report = await engine.importFile(file, data);
    const ms = performance.now() - t0;
    if (report.error) throw new Error(`${file}: ${report.error}`);
    rows += report.read;
    imports.push({ file, ms, mbPerS: size / 1e6 / (ms / 1000), rows: report.read });
  }
  currentStep = 'exposure build';
  const t1 = performance.now();
  const summary = await engine.rebuild();
  const exposureMs = performance.now() - t1;
  const t2 = performance.now();
  await engine.staffing(NO_FILTERS);
  const firstAnalysisMs = performance.now() - t2;
  // What the app keeps after the first chart: the snapshot, taken with the first page's tables built.
  if (!native) {
    currentStep = 'snapshot write';
    await engine.filterOptions();
    const t = performance.now();
    const snap = await engine.snapshot(SNAPSHOT_APP, { imports: [] });
    const writeMs = performance.now() - t;
    const tables = snap.manifest.tables.map((e) => ({ name: e.name, rows: e.rows, bytes: e.segments.reduce((n, x) => n + x.bytes, 0), first: FIRST_TABLES.includes(e.name) }));
    // Read back now, into databases of their own: a later page running out of memory (W-L in wasm) leaves this figure standing.
    snapshotRuns.push({ label, snapshot: await benchRestore({ parts: snap.parts, bytes: snap.bytes, writeMs, tables }) });
  }

  // 20 filter changes (by default): each unit, each of a few people, date ranges.
  const options = await engine.filterOptions();
  const changes: Filters[] = [];
  for (let i = 0; changes.length < changeCount; i++) {
    const unit = options.units[i % options.units.length] ?? null;
    const person = options.people[(i * 7) % Math.max(1, options.people.length)];
    const month = String(1 + (i % 12)).padStart(2, '0');
    if (i % 3 === 0) changes.push({ ...NO_FILTERS, unit });
    else if (i % 3 === 1) changes.push({ ...NO_FILTERS, personId: person?.personId ?? null });
    else changes.push({ ...NO_FILTERS, from: `${options.maxDate?.slice(0, 4)}-${month}-01`, to: options.maxDate });
  }
  const timed = async (run: (f: Filters) => Promise<unknown>): Promise<Timing> => {
    const times: number[] = [];
    for (const f of changes) {
      const t = performance.now();
      await run(f);
      times.push(performance.now() - t);
    }
    return timing(times);
  };
  currentStep = 'staffing analysis';
  const filterChange = await timed((f) => engine.staffing(f));
  const perAnalysis: Record<string, Timing> = {};
  for (const [key, run] of Object.entries(REPORT_ANALYSES)) {
    currentStep = `${key} analysis`;
    perAnalysis[key] = await timed((filters) => run({ model: engine.model, filters, settings: engine.settings }));
  }
  await db.close();
  return {
    label,
    megabytes: bytes / 1e6,
    rows,
    imports,
    importMs: imports.reduce((t, i) => t + i.ms, 0),
    exposureMs,
    personPeriods: summary.personPeriods,
    firstAnalysisMs,
    filterChange,
    perAnalysis,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

const SNAPSHOT_APP = { app: 'bench', definitions: 'bench' };

/** The first page as the app opens it: the staffing analysis, the filter options and the real names. */
async function firstPage(engine: ReturnType<typeof createEngine>): Promise<void> {
  await engine.staffing(NO_FILTERS);
  await engine.filterOptions();
  await engine.realNames();
}

/** Read a snapshot back into fresh engines: whole (as before) and in the background (as the app does now). */
async function benchRestore(kept: { parts: Uint8Array[]; bytes: number; writeMs: number; tables: SnapshotBench['tables'] }): Promise<SnapshotBench> {
  currentStep = 'snapshot restore';
  const source = bytesSource(concatBytes(kept.parts));
  const run = async (inBackground: boolean) => {
    const db = await openNodeDatabase();
    const engine = createEngine(db);
    const t0 = performance.now();
    await engine.restore(source, SNAPSHOT_APP, { inBackground });
    const t1 = performance.now();
    await firstPage(engine);
    const t2 = performance.now();
    await engine.restoring;
    const t3 = performance.now();
    await db.close();
    return { restoreMs: t1 - t0, firstPageMs: t2 - t0, allInMs: t3 - t0 };
  };
  const whole = await run(false);
  const staged = await run(true);
  return {
    bytes: kept.bytes,
    writeMs: kept.writeMs,
    wholeMs: whole.restoreMs,
    wholeFirstPageMs: whole.firstPageMs,
    firstStageMs: staged.restoreMs,
    firstPageMs: staged.firstPageMs,
    allInMs: staged.allInMs,
    tables: kept.tables,
  };
}

function renderSnapshots(withSnapshot: { label: string; snapshot: SnapshotBench }[]): string[] {
  if (withSnapshot.length === 0) return [];
  const mb = (b: number) => (b / 1e6).toFixed(1);
  const lines = [
    '',
    'Snapshot write / restore (Node, duckdb-wasm; written after the first page, as the app does; times from the start of the restore):',
    '',
    '| service | MB | write | restored whole | → first page | first tables (MB) | → first page answered | → every table in |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { label, snapshot: s } of withSnapshot) {
    const first = s.tables.filter((t) => t.first).reduce((n, t) => n + t.bytes, 0);
    lines.push(`| ${label} | ${mb(s.bytes)} | ${ms(s.writeMs)} | ${ms(s.wholeMs)} | ${ms(s.wholeFirstPageMs)} | ${ms(s.firstStageMs)} (${mb(first)}) | ${ms(s.firstPageMs)} | ${ms(s.allInMs)} |`);
  }
  for (const { label, snapshot: s } of withSnapshot) {
    const big = [...s.tables].sort((a, b) => b.bytes - a.bytes).slice(0, 12);
    lines.push('', `- ${label}, MB by table (the 12 largest; * restored first): ` + big.map((t) => `${t.name}${t.first ? '*' : ''} ${mb(t.bytes)} (${t.rows.toLocaleString('en-GB')} rows)`).join(', '));
  }
  return lines;
}

interface RosterRun {
  megabytes: number;
  inspectMs: number;
  importMs: number;
}

interface RosterBench {
  label: string;
  rows: number;
  csv: RosterRun;
  xlsx: RosterRun;
  /** The same files through the built app's import wizard in Chromium, or why not. */
  browser: { csv: RosterRun; xlsx: RosterRun } | string;
}

const ROSTER_HEADER = ['Shift Ref', 'Employee Number', 'Ward', 'Shift Start', 'Shift End', 'Role', 'Staff Type', 'Shift Status'];
const STAFF_TYPE: Record<string, string> = { permanent: 'Substantive', bank: 'Bank', agency: 'Agency' };

/** "2025-01-01 07:00:00" as a UK date-time and as the Date Excel would store. */
const ukDateTime = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
const excelDateTime = (iso: string) => new Date(`${iso.slice(0, 19).replace(' ', 'T')}Z`);

/** The service's shifts as a vendor roster with the same rows as CSV and as .xlsx (a title row, date-time cells). */
function rosterFiles(dir: string): { rows: number; csv: Uint8Array; xlsx: Uint8Array } {
  const shifts = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(dir, 'shifts.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const row = (s: Record<string, string>) => [s.shift_id!, s.staff_id ?? '', s.unit!, s.start!, s.end!, s.role ?? '', STAFF_TYPE[s.contract!] ?? '', s.status!];
  const csvText = [ROSTER_HEADER, ...shifts.map((s) => row(s).map((v, i) => (i === 3 || i === 4 ? ukDateTime(v) : v)))].map((r) => r.join(',')).join('\r\n') + '\r\n';
  const sheet: WriteCell[][] = [['Roster export – all wards'], [], ROSTER_HEADER];
  for (const s of shifts) {
    const r: WriteCell[] = row(s);
    r[3] = { value: excelDateTime(s.start!), format: 'dd/mm/yyyy hh:mm' };
    r[4] = { value: excelDateTime(s.end!), format: 'dd/mm/yyyy hh:mm' };
    sheet.push(r);
  }
  return { rows: shifts.length, csv: new TextEncoder().encode(csvText), xlsx: writeXlsx([{ name: 'Roster', rows: sheet, merges: ['A1:H1'] }]) };
}

/**
 * The roster as CSV and as .xlsx, each inspected and imported (with the mapping its inspection
 * proposes) into a fresh database, as the wizard does; in Node, and (with a build) in Chromium.
 */
async function benchRoster(label: string, dir: string, browser: boolean): Promise<RosterBench> {
  const files = rosterFiles(dir);
  const result: Partial<RosterBench> = { label, rows: files.rows };
  // Each format twice, alternating; the faster run of each counts (the first pays for warming up).
  for (const format of ['csv', 'xlsx', 'csv', 'xlsx'] as const) {
    const db = await openNodeDatabase();
    const engine = createEngine(db);
    const name = `roster.${format}`;
    const t0 = performance.now();
    // The first rows may all fall on days 1–12: the UK order is said, as a user would answer.
    const inspection = await engine.inspectFile(name, files[format], { dateOrder: 'dmy' });
    const t1 = performance.now();
    if (inspection.error || !inspection.mapping || inspection.questions.length > 0) {
      throw new Error(`${name}: ${inspection.error ?? (inspection.questions.map((q) => q.type).join(', ') || 'no mapping')}`);
    }
    const report = await engine.importFile(name, files[format], { mapping: inspection.mapping });
    const t2 = performance.now();
    if (report.error || report.read !== files.rows || report.accepted !== files.rows) {
      throw new Error(`${name}: ${report.error ?? `read ${report.read}, accepted ${report.accepted} of ${files.rows}`}`);
    }
    const run = { megabytes: files[format].byteLength / 1e6, inspectMs: t1 - t0, importMs: t2 - t1 };
    const before = result[format];
    if (!before || run.inspectMs + run.importMs < before.inspectMs + before.importMs) result[format] = run;
    await db.close();
  }
  result.browser = 'skipped (--no-browser)';
  if (browser) {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'index.html'))) result.browser = 'skipped: no dist/ (run npm run build)';
    else if (!fs.existsSync('/usr/bin/chromium')) result.browser = 'skipped: no /usr/bin/chromium';
    else {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-roster-'));
      try {
        const write = (f: 'csv' | 'xlsx') => {
          const file = path.join(tmp, `roster.${f}`);
          fs.writeFileSync(file, files[f]);
          return file;
        };
        const [csv, xlsx] = [write('csv'), write('xlsx')];
        process.stdout.write('benchmarking the roster as CSV and as .xlsx in the browser …\n');
        const mb = (f: 'csv' | 'xlsx') => files[f].byteLength / 1e6;
        result.browser = {
          csv: { megabytes: mb('csv'), ...(await wizardImport(csv)) },
          xlsx: { megabytes: mb('xlsx'), ...(await wizardImport(xlsx)) },
        };
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
  }
  return result as RosterBench;
}

function renderRoster(r: RosterBench): string[] {
  const total = (x: RosterRun) => x.inspectMs + x.importMs;
  const line = (what: string, x: RosterRun) => `| ${what} | ${x.megabytes.toFixed(1)} | ${ms(x.inspectMs)} | ${ms(x.importMs)} | ${ms(total(x))} |`;
  const ratio = (b: { csv: RosterRun; xlsx: RosterRun }) => `xlsx / CSV = ${(total(b.xlsx) / total(b.csv)).toFixed(2)} × (target ≤ 2 ×).`;
  const out = [
    '',
    `Excel against CSV: a vendor roster of ${r.rows.toLocaleString('en-GB')} shifts (${r.label}), inspected and imported through its mapping. Node:`,
    '',
    '| format | MB | inspect | import | total |',
    '|---|---|---|---|---|',
    line('CSV', r.csv),
    line('.xlsx', r.xlsx),
    '',
    ratio(r),
    '',
  ];
  if (typeof r.browser === 'string') return [...out, `Browser: ${r.browser}`];
  return [
    ...out,
    'Browser (the import wizard of the built app; inspect = dropped to ready, import = the app\'s own timing):',
    '',
    '| format | MB | inspect | import | total |',
    '|---|---|---|---|---|',
    line('CSV', r.browser.csv),
    line('.xlsx', r.browser.xlsx),
    '',
    ratio(r.browser),
  ];
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  // The load average says whether other work shared the two cores during the run.
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  return `${os.cpus().length} × ${cpu.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}, load average ${load}`;
}

interface BrowserResults {
  sample: SampleBench | string;
  workload: WorkloadBench | string;
}

const ms = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : `${x.toFixed(0)} ms`);
/** A first open: its first sections drawn / the whole page (a section filled when its table is built: Data quality's staff references). */
const openCell = (first: number, whole: number | undefined) => `${ms(first)} / ${ms(whole ?? first)}`;
const gb = (b: number | null) => (b === null ? '–' : `${(b / 2 ** 30).toFixed(2)} GiB`);

function renderBrowser(b: BrowserResults): string[] {
  const lines: string[] = [];
  if (typeof b.sample === 'string') lines.push(`Browser, sample service: ${b.sample}`, '');
  else
    lines.push(
      `Browser (headless Chromium, built app): DuckDB instantiate ${ms(b.sample.instantiateMs)}; sample service first chart ${ms(b.sample.firstChartMs)} after page load; headline ${ms(b.sample.headlineMs)}.`,
      '',
    );
  const w = b.workload;
  if (typeof w === 'string') {
    lines.push(`Browser, large workload: ${w}`, '');
    return lines;
  }
  lines.push(`Browser, ${w.label}, imported through the file input of a fresh profile (DuckDB instantiate ${ms(w.instantiateMs)}):`, '');
  lines.push(
    '| file | MB | rows | import | MB/s | bare read_csv, same worker | import ÷ bare | bare read_csv into a compressed database | import ÷ that | kept in browser storage |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  const ratio = (a: number, c: number | null) => (c ? `${(a / c).toFixed(2)} ×` : '–');
  for (const f of w.files) {
    lines.push(
      `| ${f.file} | ${f.megabytes.toFixed(1)} | ${f.rows.toLocaleString('en-GB')} | ${ms(f.importMs)} | ${(f.megabytes / (f.importMs / 1000)).toFixed(1)} | ${ms(f.bareMs)} | ${ratio(f.importMs, f.bareMs)} | ${ms(f.bareCompressedMs)} | ${ratio(f.importMs, f.bareCompressedMs)} | ${ms(f.keepMs)} |`,
    );
  }
  const sum = (xs: (number | null)[]) => xs.reduce<number>((t, x) => t + (x ?? 0), 0);
  const [imp, bare, packed, mb] = [sum(w.files.map((f) => f.importMs)), sum(w.files.map((f) => f.bareMs)), sum(w.files.map((f) => f.bareCompressedMs)), sum(w.files.map((f) => f.megabytes))];
  lines.push(`| all | ${mb.toFixed(1)} | ${sum(w.files.map((f) => f.rows)).toLocaleString('en-GB')} | ${ms(imp)} | ${(mb / (imp / 1000)).toFixed(1)} | ${ms(bare)} | ${ratio(imp, bare)} | ${ms(packed)} | ${ratio(imp, packed)} | ${ms(sum(w.files.map((f) => f.keepMs)))} |`);
  lines.push('', `Exposure build: ${ms(w.exposureMs)}.`, '');
  lines.push('| page | first open (first sections drawn / whole page) | filter change to redrawn (every section), p50 / p95 (n) | of which the analysis call, p50 / p95 | errors |', '|---|---|---|---|---|');
  for (const p of w.pages)
    lines.push(
      `| ${p.label} | ${openCell(p.openMs, p.wholeMs)} | ${ms(p.change.p50)} / ${ms(p.change.p95)} (${p.change.n}) | ${ms(p.query.p50)} / ${ms(p.query.p95)} | ${p.errors.length === 0 ? '' : p.errors.join('; ')} |`,
    );
  lines.push(
    '',
    `Built in the background after the import before the tour opened Data quality: ${w.background.tablesBefore.join(', ') || 'nothing'} (${w.background.slices} slices by then, the longest ${ms(w.background.longestSliceMs)}${
      w.background.lastSliceEndMs !== null && w.background.tourStartMs !== null
        ? `; the last ended ${ms(Math.abs(w.background.tourStartMs - w.background.lastSliceEndMs))} ${w.background.lastSliceEndMs <= w.background.tourStartMs ? 'before' : 'after'} the tour's first page`
        : ''
    }).`,
  );
  if (w.qualityFirst)
    lines.push(
      '',
      `Data quality opened straight after the import (as soon as its exposure build was done; its tables were then built before the tour reached it): ${openCell(w.qualityFirst.ms, w.qualityFirst.wholeMs)}${w.qualityFirst.error ? ` (error: ${w.qualityFirst.error})` : ''}.`,
    );
  lines.push(
    '',
    `Memory: DuckDB's own accounting ${gb(w.duckdbBytes.afterBuild)} after the build, ${gb(w.duckdbBytes.afterPages)} after the pages; page JS heap peak ${gb(w.jsHeapPeakBytes)} (after a garbage collection: ${gb(w.jsHeapAfterGc.afterBuild)} once built, ${gb(w.jsHeapAfterGc.afterPages)} after the pages); renderer process peak resident ${gb(w.rendererPeakBytes)} over the import, the build and every page (page, worker and wasm memory), ${gb(w.rendererPeakWithBareBytes)} once the bench's bare read_csv baseline has run in the same worker too (its tables uncompressed in DuckDB's default database).`,
    '',
  );
  lines.push(...renderReload(w.reload));
  return lines;
}

function renderReload(r: WorkloadBench['reload']): string[] {
  if (typeof r === 'string') return [`Reload from the kept snapshot: ${r}`, ''];
  return [
    `Reload from the kept snapshot (saved in ${ms(r.snapshotSaveMs)} after the build; the page left for about:blank, then Staffing opened again on the same profile): ` +
      `first chart ${ms(r.firstChartMs)} after page load (DuckDB instantiate ${ms(r.instantiateMs)}, snapshot restore ${ms(r.restoreMs)}, staffing analysis ${ms(r.analysisMs)})` +
      `${r.rebuilt.length === 0 ? '' : `; imported or built again: ${r.rebuilt.join(', ')}`}; ` +
      `renderer peak resident over the reload ${gb(r.rendererPeakAtFirstChartBytes)} at the first chart, ${gb(r.rendererPeakAfterOpensBytes)} after opening every page ` +
      `(VmHWM reset before the reload, when the renderers still held ${gb(r.rendererAtResetBytes)}).`,
    '',
    `First open after the reload: ${r.opens.map((o) => `${o.label} ${openCell(o.ms, o.wholeMs)}${o.error ? ` (error: ${o.error})` : ''}`).join('; ')}; ` +
      `model tables built after the reload: ${r.builtAfterReload.length === 0 ? 'none' : r.builtAfterReload.join(', ')}.`,
    '',
    typeof r.pagesKept === 'string'
      ? `The pages' tables kept before the reload: ${r.pagesKept}.`
      : `The pages' tables kept before the reload in ${r.pagesKept.writeMs.length} part(s): written in ${r.pagesKept.writeMs.map(ms).join(', ')}, stored in ${r.pagesKept.saveMs.map(ms).join(', ')}; the longest the worker was held for one piece of a write: ${ms(r.pagesKept.longestHoldMs)}.`,
    '',
  ];
}

function render(services: ServiceBench[], browser: BrowserResults, roster: RosterBench | null, native: (ServiceBench | string)[] = []): string {
  const lines: string[] = [];
  lines.push(`### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine()}`, '');
  lines.push(...renderBrowser(browser));
  lines.push(...renderNative(native));
  if (services.length > 0) {
    lines.push('Node (duckdb-wasm blocking build):', '');
    lines.push('| service | MB | rows | import | MB/s | exposure build | person-periods | first analysis | filter change p50 / p95 (n) |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
  }
  for (const s of services) {
    lines.push(
      `| ${s.label} | ${s.megabytes.toFixed(1)} | ${s.rows.toLocaleString('en-GB')} | ${ms(s.importMs)} | ${(s.megabytes / (s.importMs / 1000)).toFixed(1)} | ${ms(s.exposureMs)} | ${s.personPeriods.toLocaleString('en-GB')} | ${ms(s.firstAnalysisMs)} | ${ms(s.filterChange.p50)} / ${ms(s.filterChange.p95)} (${s.filterChange.n}) |`,
    );
  }
  const keys = Object.keys(services[0]?.perAnalysis ?? {});
  if (keys.length > 0) {
    lines.push('', 'Filter change per dashboard analysis (Node, p50 / p95 over the same changes):', '');
    lines.push(`| service | ${keys.join(' | ')} |`, `|---|${keys.map(() => '---|').join('')}`);
    for (const s of services) lines.push(`| ${s.label} | ${keys.map((k) => `${ms(s.perAnalysis[k]!.p50)} / ${ms(s.perAnalysis[k]!.p95)}`).join(' | ')} |`);
  }
  if (services.length > 0) lines.push('', 'Import per file (Node):', '');
  for (const s of services) {
    lines.push(`- ${s.label}: ` + s.imports.map((i) => `${i.file} ${ms(i.ms)} (${i.mbPerS.toFixed(1)} MB/s, ${i.rows.toLocaleString('en-GB')} rows)`).join('; '));
  }
  lines.push(...renderSnapshots(snapshotRuns));
  if (roster) lines.push(...renderRoster(roster));
  return lines.join('\n') + '\n';
}

function renderNative(runs: (ServiceBench | string)[]): string[] {
  if (runs.length === 0) return [];
  const lines = [
    `Node, large workloads: native DuckDB (@duckdb/node-api, ${os.cpus().length} threads, memory limit DuckDB's default 80 % of RAM unless the row names one, spilling to a temporary folder) unless the row says duckdb-wasm; files read from disk; peak resident memory is the process's so far:`,
    '',
  ];
  lines.push('| service | MB | rows | import | MB/s | exposure build | person-periods | first analysis | filter change p50 / p95 (n) | slowest analysis p95 | process peak resident |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const s of runs) {
    if (typeof s === 'string') {
      lines.push(`| ${s} |||||||||||`);
      continue;
    }
    const slowest = Object.entries(s.perAnalysis).sort((a, b) => b[1].p95 - a[1].p95)[0];
    lines.push(
      `| ${s.label} | ${s.megabytes.toFixed(0)} | ${s.rows.toLocaleString('en-GB')} | ${ms(s.importMs)} | ${(s.megabytes / (s.importMs / 1000)).toFixed(1)} | ${ms(s.exposureMs)} | ${s.personPeriods.toLocaleString('en-GB')} | ${ms(s.firstAnalysisMs)} | ${ms(s.filterChange.p50)} / ${ms(s.filterChange.p95)} (${s.filterChange.n}) | ${slowest ? `${slowest[0]} ${ms(slowest[1].p95)}` : '–'} | ${gb(s.peakRssBytes ?? null)} |`,
    );
  }
  const first = runs.find((s): s is ServiceBench => typeof s !== 'string');
  if (first) {
    lines.push('', 'Import per file (large runs):', '');
    for (const s of runs) if (typeof s !== 'string') lines.push(`- ${s.label}: ` + s.imports.map((i) => `${i.file} ${ms(i.ms)} (${i.mbPerS.toFixed(1)} MB/s)`).join('; '));
  }
  return [...lines, ''];
}

/** 10× W-L: W-L's people and units ten times over (sample-data/generate.ts --preset large --scale 10), generated once. */
function largeX10Dir(): string {
  const dir = path.join(ROOT, 'sample-data', 'large-x10');
  if (!fs.existsSync(path.join(dir, 'shifts.csv'))) {
    process.stdout.write(`generating 10× W-L into ${path.relative(ROOT, dir)} (several GB; tens of minutes) …\n`);
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'sample-data', 'generate.ts'), '--preset', 'large', '--scale', '10', '--out', dir, '--quiet'], {
      stdio: 'inherit',
    });
  }
  return dir;
}

/**
 * The large runs (--native large,large10,wasm-large): W-L and 10× W-L on native DuckDB, and W-L on
 * duckdb-wasm in Node (files read from disk) for comparison. The peak resident memory is the
 * process's so far: run one per process (e.g. --native large) for each run's own peak.
 */
async function benchNative(which: string[], changes: number, memoryLimit?: string): Promise<(ServiceBench | string)[]> {
  const out: (ServiceBench | string)[] = [];
  const runs: Record<string, { label: string; dir: () => string; native: boolean }> = {
    large: { label: 'W-L', dir: largeDir, native: true },
    large10: { label: '10× W-L', dir: largeX10Dir, native: true },
    'wasm-large': { label: 'W-L on duckdb-wasm (Node, for comparison)', dir: largeDir, native: false },
  };
  for (const w of which) {
    const run = runs[w];
    if (!run) {
      out.push(`${w}: unknown (${Object.keys(runs).join(', ')})`);
      continue;
    }
    const label = run.native && memoryLimit ? `${run.label}, memory limit ${memoryLimit}` : run.label;
    process.stdout.write(`benchmarking ${label} …\n`);
    try {
      out.push(await benchService(label, run.dir(), { native: run.native, fromDisk: true, changes, ...(memoryLimit ? { memoryLimit } : {}) }));
    } catch (e) {
      out.push(`${label}: failed at ${currentStep} — ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return out;
}

/** The W-L workload of issue 6 (sample-data/generate.ts --preset large), generated once. */
function largeDir(): string {
  const dir = path.join(ROOT, 'sample-data', 'large');
  if (!fs.existsSync(path.join(dir, 'shifts.csv'))) {
    process.stdout.write(`generating the large workload into ${path.relative(ROOT, dir)} (a few minutes) …\n`);
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'sample-data', 'generate.ts'), '--preset', 'large', '--out', dir, '--quiet'], { stdio: 'inherit' });
  }
  return dir;
}

async function benchBrowser(workload: string, changes: number, qualityFirst: boolean): Promise<BrowserResults> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.html'))) return { sample: 'skipped: no dist/ (run npm run build)', workload: 'skipped' };
  if (!fs.existsSync('/usr/bin/chromium')) return { sample: 'skipped: no /usr/bin/chromium', workload: 'skipped' };
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log('browser: sample service, first chart …');
  const sample = await sampleFirstChart();
  if (workload === 'none') return { sample, workload: 'skipped (--workload none)' };
  // --workload <dir>: that folder's service files (e.g. one made by sample-data/generate.ts --out <dir>).
  const isDir = fs.existsSync(workload) && fs.statSync(workload).isDirectory();
  const dir = workload === 'large' ? largeDir() : isDir ? path.resolve(workload) : serviceDir(Number(workload));
  const label = workload === 'large' ? 'W-L (1M incidents, 5M shift rows, 500 people, 5 years)' : isDir ? path.basename(dir) : `${workload}× sample`;
  const files = FILES.map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
  return { sample, workload: await benchWorkload(label, files, changes, log, { qualityFirst }) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      scales: { type: 'string', default: '1,10' },
      workload: { type: 'string', default: 'large' },
      changes: { type: 'string', default: '20' },
      native: { type: 'string', default: 'large,large10' },
      'memory-limit': { type: 'string' },
      'no-browser': { type: 'boolean', default: false },
      'no-node': { type: 'boolean', default: false },
      'no-record': { type: 'boolean', default: false },
      /** Open Data quality as soon as the import's exposure build is done (its worst first open), before the tour. */
      'quality-first': { type: 'boolean', default: false },
      /** Only the xlsx/CSV roster comparison (at the largest scale; in the browser too unless --no-browser). */
      'roster-only': { type: 'boolean', default: false },
    },
  });
  const scales = values['no-node'] ? [] : String(values.scales).split(',').map(Number).filter((n) => n >= 1);
  const services: ServiceBench[] = [];
  for (const scale of values['roster-only'] ? [] : scales) {
    const label = scale === 1 ? 'sample (1×)' : `${scale}× sample`;
    process.stdout.write(`benchmarking ${label} in Node …\n`);
    services.push(await benchService(label, serviceDir(scale)));
  }
  const largest = Math.max(...scales);
  let roster: RosterBench | null = null;
  if (scales.length > 0) {
    process.stdout.write('benchmarking a roster as CSV and as .xlsx in Node …\n');
    roster = await benchRoster(largest === 1 ? 'sample (1×)' : `${largest}× sample`, serviceDir(largest), !values['no-browser']);
  }
  const browser: BrowserResults = values['no-browser'] || values['roster-only']
    ? { sample: `skipped (${values['no-browser'] ? '--no-browser' : '--roster-only'})`, workload: `skipped (${values['no-browser'] ? '--no-browser' : '--roster-only'})` }
    : await benchBrowser(String(values.workload), Number(values.changes), values['quality-first']);
  const nativeRuns = values.native === 'none' ? [] : await benchNative(String(values.native).split(',').filter(Boolean), Number(values.changes), values['memory-limit']);
  const text = render(services, browser, roster, nativeRuns);
  process.stdout.write('\n' + text);
  if (!values['no-record']) {
    const doc = path.join(ROOT, 'docs', 'performance.md');
    fs.appendFileSync(doc, '\n' + text);
    process.stdout.write(`\nappended to ${path.relative(ROOT, doc)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
