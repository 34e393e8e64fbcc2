/**
 * npm run bench [-- --scales 1,10] [--no-browser] [--no-record]
 *
 * Prints, and appends to docs/performance.md with the date and machine:
 *  - Node (duckdb-wasm blocking, same engine as the browser): import time and MB/s per file,
 *    exposure build, staffing analysis after a filter change (p50 / p95 over 20 changes),
 *    and every other analysis of the dashboard over the same 20 changes (what a page waits
 *    for when a filter changes), for the committed sample service and for generated services
 *    N× its size;
 *  - browser (built app in headless Chromium): DuckDB start and time to first chart for the
 *    sample service after page load.
 * Numbers, not pass/fail: targets live in the issues and docs/performance.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openNodeDatabase } from '../db/node';
import { createEngine } from '../engine';
import { NO_FILTERS, type Filters } from '../analysis/types';
import { REPORT_ANALYSES } from '../analysis';

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
}

interface Timing {
  p50: number;
  p95: number;
  n: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

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

async function benchService(label: string, dir: string): Promise<ServiceBench> {
  const db = await openNodeDatabase();
  const engine = createEngine(db);
  const imports: ServiceBench['imports'] = [];
  let bytes = 0;
  let rows = 0;
  for (const file of FILES) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) continue;
    const data = new Uint8Array(fs.readFileSync(full));
    bytes += data.byteLength;
    const t0 = performance.now();
    const report = await engine.importFile(file, data);
    const ms = performance.now() - t0;
    if (report.error) throw new Error(`${file}: ${report.error}`);
    rows += report.read;
    imports.push({ file, ms, mbPerS: data.byteLength / 1e6 / (ms / 1000), rows: report.read });
  }
  const t1 = performance.now();
  const summary = await engine.rebuild();
  const exposureMs = performance.now() - t1;
  const t2 = performance.now();
  await engine.staffing(NO_FILTERS);
  const firstAnalysisMs = performance.now() - t2;

  // 20 filter changes: each unit, each of a few people, date ranges.
  const options = await engine.filterOptions();
  const changes: Filters[] = [];
  for (let i = 0; changes.length < 20; i++) {
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
    return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), n: times.length };
  };
  const filterChange = await timed((f) => engine.staffing(f));
  const perAnalysis: Record<string, Timing> = {};
  for (const [key, run] of Object.entries(REPORT_ANALYSES)) {
    perAnalysis[key] = await timed((filters) => run({ db, filters, settings: engine.settings }));
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
  };
}

interface BrowserBench {
  firstChartMs: number;
  headlineMs: number;
}

/** The built app in headless Chromium: page load with ?sample=1 until the first chart is drawn. */
async function benchBrowser(): Promise<BrowserBench | string> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.html'))) return 'skipped: no dist/ (run npm run build)';
  if (!fs.existsSync('/usr/bin/chromium')) return 'skipped: no /usr/bin/chromium';
  const { startJourney } = await import('../../tests/e2e/harness');
  const journey = await startJourney();
  try {
    const t0 = performance.now();
    await journey.goto('/?sample=1');
    await journey.page.waitForSelector('[data-testid="chart-shortfall"] svg', { timeout: 120_000 });
    const firstChartMs = performance.now() - t0;
    await journey.page.waitForSelector('[data-testid="headline"]', { timeout: 120_000 });
    const headlineMs = performance.now() - t0;
    journey.assertClean();
    return { firstChartMs, headlineMs };
  } finally {
    await journey.close();
  }
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  // The load average says whether other work shared the two cores during the run.
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  return `${os.cpus().length} × ${cpu.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}, load average ${load}`;
}

function render(services: ServiceBench[], browser: BrowserBench | string): string {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const lines: string[] = [];
  lines.push(`### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine()}`, '');
  if (typeof browser === 'string') lines.push(`Browser: ${browser}`, '');
  else lines.push(`Browser (headless Chromium, built app): sample service first chart ${ms(browser.firstChartMs)} after page load; headline ${ms(browser.headlineMs)}.`, '');
  lines.push('| service | MB | rows | import | MB/s | exposure build | person-periods | first analysis | filter change p50 / p95 (n) |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
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
  lines.push('', 'Import per file (Node):', '');
  for (const s of services) {
    lines.push(`- ${s.label}: ` + s.imports.map((i) => `${i.file} ${ms(i.ms)} (${i.mbPerS.toFixed(1)} MB/s, ${i.rows.toLocaleString('en-GB')} rows)`).join('; '));
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { scales: { type: 'string', default: '1,10' }, 'no-browser': { type: 'boolean', default: false }, 'no-record': { type: 'boolean', default: false } },
  });
  const scales = String(values.scales).split(',').map(Number).filter((n) => n >= 1);
  const services: ServiceBench[] = [];
  for (const scale of scales) {
    const label = scale === 1 ? 'sample (1×)' : `${scale}× sample`;
    process.stdout.write(`benchmarking ${label} …\n`);
    services.push(await benchService(label, serviceDir(scale)));
  }
  const browser = values['no-browser'] ? 'skipped (--no-browser)' : await benchBrowser();
  const text = render(services, browser);
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
