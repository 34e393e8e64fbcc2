/**
 * The browser half of `npm run bench`: the built app in headless Chromium, driven as a user
 * drives it.
 *  - sampleFirstChart: page load with ?sample=1 until the first chart is drawn;
 *  - benchWorkload: a service's CSV files through the real file input, then every analysis page
 *    through 20 filter changes each, and, in the same page and DuckDB worker, a bare
 *    `read_csv` of the very same File objects as the baseline for the import.
 * Times inside the app come from its own Performance timeline (src/timing.ts); page refreshes are
 * timed in the page from the filter change to the redrawn results; memory from DuckDB's own
 * accounting, the page's JS heap (sampled through the DevTools protocol) and the renderer
 * process's peak resident size (VmHWM, which includes the worker's wasm memory).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { Journey } from './browserJourney';

export interface Timing {
  p50: number;
  p95: number;
  n: number;
}

export const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
export const timing = (xs: number[]): Timing => (xs.length === 0 ? { p50: NaN, p95: NaN, n: 0 } : { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), n: xs.length });

export interface SampleBench {
  instantiateMs: number;
  firstChartMs: number;
  headlineMs: number;
}

export interface FileBench {
  file: string;
  megabytes: number;
  rows: number;
  importMs: number;
  /** Writing the file into the browser's storage (IndexedDB) so the workspace survives a reload. */
  keepMs: number | null;
  /** `CREATE TABLE … AS SELECT * FROM read_csv(file)` in the same worker, same File (DuckDB's default database: uncompressed). */
  bareMs: number | null;
  /** The same into a compressed in-memory database, as the app's workspace is (db/connector.ts WORKSPACE_SQL). */
  bareCompressedMs: number | null;
}

export interface PageBench {
  view: string;
  label: string;
  /** Opening the page with no filters (its first query after the build): its results drawn… */
  openMs: number;
  /** …and every section of them (a page may fill one when its table is built: Data quality's staff references). */
  wholeMs: number;
  change: Timing;
  /** The analysis call alone (queries in the worker and the statistics), from the app's own timeline. */
  query: Timing;
  errors: string[];
}

export interface WorkloadBench {
  label: string;
  instantiateMs: number;
  files: FileBench[];
  exposureMs: number;
  pages: PageBench[];
  duckdbBytes: { afterBuild: number; afterPages: number };
  jsHeapPeakBytes: number;
  /** The page's JS heap after a garbage collection, once the model is built and after the pages. */
  jsHeapAfterGc: { afterBuild: number; afterPages: number };
  /** The renderer's peak over the app's own work: the import, the build and every page (read before the bare read_csv below). */
  rendererPeakBytes: number | null;
  /**
   * The same once the bench's own baseline has run too: its bare read_csv of every file into a table of DuckDB's default
   * in-memory database (uncompressed, unlike the app's workspace) in the same worker, after the app's work.
   */
  rendererPeakWithBareBytes: number | null;
  /** The page reloaded once the workspace's snapshot is kept; a string says why it was not measured. */
  reload: ReloadBench | string;
  /**
   * With `qualityFirst`: Data quality opened as soon as the import's exposure build was done
   * (the worst case for its first open: nothing built in the background yet).
   */
  qualityFirst?: { ms: number; wholeMs: number; error?: string };
  /**
   * The tables built in the background (EngineOptions.backgroundTables) before the tour opened
   * Data quality, the slices run by then, and the longest of them (the app's `model.<table> slice`
   * entries: the longest a page's statement could wait behind one).
   */
  background: { tablesBefore: string[]; slices: number; longestSliceMs: number; lastSliceEndMs: number | null; tourStartMs: number | null };
}

export interface ReloadBench {
  /** The app's `snapshot save` (written in the background after the build). */
  snapshotSaveMs: number;
  /** Page load (navigation start) to the Staffing page's first chart drawn. */
  firstChartMs: number;
  /** Parts of it, from the app's timeline: DuckDB instantiate (from the worker's start), snapshot restore, the Staffing analysis. */
  instantiateMs: number;
  restoreMs: number;
  analysisMs: number;
  /** Whether anything was imported or built again (it should not be). */
  rebuilt: string[];
  /** What the renderer processes still held (the largest VmRSS) when their peaks were reset, before the reload. */
  rendererAtResetBytes: number | null;
  /** Peak resident size of the renderer processes over the reload: at the first chart, and after the first open of every page. */
  rendererPeakAtFirstChartBytes: number | null;
  rendererPeakAfterOpensBytes: number | null;
  /** First open of each other analysis page after the reload. */
  opens: { label: string; ms: number; wholeMs: number; error?: string }[];
  /** The model tables built after the reload, over the first chart and every first open (kept tables are restored instead). */
  builtAfterReload: string[];
  /**
   * The pages' tables kept before the reload (snapshot parts, written once the app is idle after a
   * build): each part's write and save, and the longest the worker was held for one piece of a
   * write (`snapshot part hold`); a string when the app kept none.
   */
  pagesKept: { writeMs: number[]; saveMs: number[]; longestHoldMs: number } | string;
}

/** The analysis pages, in the order of the navigation. */
export const ANALYSIS_VIEWS: { view: string; label: string; testid: string }[] = [
  { view: 'staffing', label: 'Staffing and incidents', testid: 'staffing' },
  { view: 'restrictive', label: 'Restrictive practice', testid: 'restrictive' },
  { view: 'when', label: 'When', testid: 'when' },
  { view: 'overTime', label: 'Over time', testid: 'over-time' },
  { view: 'plan', label: 'Plan delivery', testid: 'plan' },
  { view: 'commissioned', label: 'Commissioned hours', testid: 'commissioned' },
  { view: 'person', label: "Person's story", testid: 'person' },
  { view: 'whatIf', label: 'What if', testid: 'what-if' },
  { view: 'dataQuality', label: 'Data quality', testid: 'quality' },
];

async function measures(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name, m.duration])));
}

async function waitForMeasure(page: Page, name: string, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = await measures(page);
    if (m[name] !== undefined) return m[name]!;
    if (Date.now() > until) throw new Error(`the app never reported "${name}" within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function sampleFirstChart(): Promise<SampleBench> {
  const { startJourney } = await import('./browserJourney');
  const journey = await startJourney();
  try {
    const t0 = performance.now();
    await journey.goto('/?sample=1');
    await journey.page.waitForSelector('[data-testid="chart-shortfall"] svg', { timeout: 120_000 });
    const firstChartMs = performance.now() - t0;
    await journey.page.waitForSelector('[data-testid="headline"]', { timeout: 120_000 });
    const headlineMs = performance.now() - t0;
    const instantiateMs = await waitForMeasure(journey.page, 'duckdb instantiate', 10_000);
    journey.assertClean();
    return { instantiateMs, firstChartMs, headlineMs };
  } finally {
    await journey.close();
  }
}

/**
 * In the worker: keep every File the app registers with DuckDB, by file name, so the baseline
 * reads the same object. Plain JavaScript (it runs in the worker's global scope).
 */
const CAPTURE_FILES = `() => {
  const g = globalThis;
  if (g.__benchFiles) return;
  g.__benchFiles = {};
  const handle = g.onmessage;
  g.onmessage = (event) => {
    const m = event && event.data;
    if (m && m.type === 'REGISTER_FILE_HANDLE' && m.data && m.data[1] instanceof Blob) {
      g.__benchFiles[m.data[1].name || m.data[0]] = m.data[1];
    }
    return handle(event);
  };
}`;

/**
 * In the worker: bare read_csv of each kept File into a table, timed, then dropped; into DuckDB's
 * default database (uncompressed: the baseline) and into a compressed in-memory one like
 * the app's workspace, whose compression is part of any write there.
 */
const BARE_READ = `async (ask, names) => {
  const g = globalThis;
  const out = {};
  const conn = await ask('CONNECT', null);
  if (conn.type === 'ERROR') throw new Error(conn.data.message);
  const run = async (sql) => {
    const r = await ask('RUN_QUERY', [conn.data, sql]);
    if (r.type === 'ERROR') throw new Error(r.data.message);
  };
  await run("ATTACH ':memory:' AS bench_packed (COMPRESS)");
  for (const name of names) {
    const file = g.__benchFiles && g.__benchFiles[name];
    if (!file) { out[name] = null; continue; }
    const reg = 'pbs-lens-files/bench_bare.csv';
    await ask('REGISTER_FILE_HANDLE', [reg, file, 2, true]);
    // A warm-up read first, so neither timed read is the one that pulls the file in.
    await run("CREATE TABLE bench_bare AS SELECT * FROM read_csv('" + reg + "')");
    await run('DROP TABLE bench_bare');
    const times = {};
    for (const [key, table] of [['plain', 'bench_bare'], ['compressed', 'bench_packed.bench_bare']]) {
      const t0 = performance.now();
      await run('CREATE TABLE ' + table + " AS SELECT * FROM read_csv('" + reg + "')");
      times[key] = performance.now() - t0;
      await run('DROP TABLE ' + table);
    }
    out[name] = times;
    await ask('DROP_FILE', reg);
  }
  await run('DETACH bench_packed');
  await ask('DISCONNECT', conn.data);
  return out;
}`;

/**
 * In the page: make one filter change as a user would (a select, a date, the Clear button) and
 * wait until the page's results carry the new filters, are no longer busy, and two frames have
 * been drawn. Returns the milliseconds, or an error the page showed.
 */
export const FILTER_CHANGE = `async ({ action, pick }) => {
  const results = () => document.querySelector('[data-testid$="-results"][aria-busy]');
  const before = results() ? results().getAttribute('data-filters') : null;
  const t0 = performance.now();
  if (action === 'unit' || action === 'person') {
    const select = document.getElementById('filter-' + action);
    const choices = Array.from(select.options).map((o) => o.value).filter((v) => v && v !== select.value);
    if (choices.length === 0) return { skipped: true };
    select.value = choices[pick % choices.length];
    select.dispatchEvent(new Event('change', { bubbles: true }));
  } else if (action === 'from') {
    const input = document.getElementById('filter-from');
    const max = input.max || '2025-12-31';
    const year = Number(max.slice(0, 4));
    const value = (year - (pick % 2)) + '-' + String(1 + (pick % 12)).padStart(2, '0') + '-01';
    if (value === input.value) return { skipped: true };
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  } else {
    const clear = Array.from(document.querySelectorAll('form.filters button')).find((b) => b.textContent.includes('Clear filters'));
    if (!clear) return { skipped: true };
    clear.click();
  }
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    const error = document.querySelector('[role="alert"][data-testid$="-error"]');
    if (error) return { ms: performance.now() - t0, error: error.textContent };
    const el = results();
    // Every section redrawn: none of the results (a section filled on its own included) still busy.
    if (el && el.getAttribute('aria-busy') === 'false' && el.getAttribute('data-filters') !== before && !document.querySelector('[data-testid="calculating"]') && !el.querySelector('[aria-busy="true"]')) break;
    if (performance.now() - t0 > 300000) return { ms: performance.now() - t0, error: 'no new results within 300 s' };
  }
  // Seen in a frame callback: that frame paints it; the next callback comes after the paint.
  await new Promise((r) => requestAnimationFrame(r));
  return { ms: performance.now() - t0 };
}`;

/**
 * In the page: wait until a freshly opened analysis page shows results (or an error): `ms`. A page
 * may draw some sections first and fill others when their tables are built (Data quality's staff
 * references, each marked aria-busy until then): `wholeMs` is when nothing in the results is busy.
 */
export const PAGE_READY = `async (testid) => {
  const t0 = performance.now();
  let ms = null;
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    const error = document.querySelector('[role="alert"][data-testid$="-error"]');
    if (error) return { ms: performance.now() - t0, wholeMs: performance.now() - t0, error: error.textContent };
    const el = document.querySelector('[data-testid="' + testid + '-results"][aria-busy="false"]');
    if (el && !document.querySelector('[data-testid="calculating"]')) {
      if (ms === null) ms = performance.now() - t0;
      if (!el.querySelector('[aria-busy="true"]')) break;
    }
    if (performance.now() - t0 > 300000) return { ms: performance.now() - t0, wholeMs: performance.now() - t0, error: 'no results within 300 s' };
  }
  return { ms, wholeMs: performance.now() - t0 };
}`;

/** The browser profile whose renderers are measured (set by each journey below): other Chromiums on the machine (tests, other benches) are not this app. */
let profileDir: string | null = null;

/** Peak resident size (VmHWM) of each renderer process of this bench's Chromium (the page and its workers live there), by pid. */
function rendererPeaks(): Map<number, number> {
  const peaks = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
      // Chromium rewrites its command line as one space-separated string.
      if (profileDir && !cmd.includes(`--user-data-dir=${profileDir}`)) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peaks.set(Number(pid), Number(hwm[1]) * 1024);
    } catch {
      // The process ended while we looked.
    }
  }
  return peaks;
}

/** Reset every renderer's VmHWM to its current resident size (Linux ≥ 4.0); false if any refused. */
function resetRendererPeaks(): boolean {
  let ok = true;
  for (const pid of rendererPeaks().keys()) {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      ok = false;
    }
  }
  return ok;
}

/** The largest resident size (VmRSS) among the renderers, once it has stopped falling (at most 20 s). */
async function settledRendererResident(): Promise<number | null> {
  const resident = () => {
    let max: number | null = null;
    for (const pid of rendererPeaks().keys()) {
      try {
        const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (rss) max = Math.max(max ?? 0, Number(rss[1]) * 1024);
      } catch {
        // The process ended while we looked.
      }
    }
    return max;
  };
  let last = resident();
  for (let i = 0; i < 80; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const now = resident();
    if (last === null || now === null || now > last * 0.99) return now;
    last = now;
  }
  return last;
}

/** The highest peak resident size among the renderer processes. */
function rendererPeakBytes(): number | null {
  const peaks = [...rendererPeaks().values()];
  return peaks.length === 0 ? null : Math.max(...peaks);
}

const CHANGES = ['unit', 'person', 'from', 'clear'] as const;

/** Import `files` through the file input of a fresh profile and time everything after it. */
export async function benchWorkload(label: string, files: string[], changes = 20, log: (s: string) => void = () => undefined, options: { qualityFirst?: boolean } = {}): Promise<WorkloadBench> {
  const { startJourney } = await import('./browserJourney');
  const { inAppWorker, sqlInAppWorker, appWorker } = await import('./appWorker');
  const journey = await startJourney();
  profileDir = journey.userDataDir;
  const { page } = journey;
  // The app says why a snapshot was not kept in a console warning.
  const warnings: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'warning') warnings.push(msg.text());
  });
  let jsHeapPeakBytes = 0;
  const cdp = await journey.context.newCDPSession(page);
  const sampler = setInterval(() => {
    cdp.send('Runtime.getHeapUsage').then(
      (h) => (jsHeapPeakBytes = Math.max(jsHeapPeakBytes, h.usedSize)),
      () => undefined,
    );
  }, 500);
  try {
    await journey.goto('/');
    const instantiateMs = await waitForMeasure(page, 'duckdb instantiate', 60_000);
    await (await appWorker(page)).evaluate(`(${CAPTURE_FILES})()`);

    log(`${label}: importing ${files.length} files through the file input …`);
    await page.getByLabel('Import your files').setInputFiles(files);
    const exposureMs = await waitForMeasure(page, 'exposure build', 60 * 60_000);
    let qualityFirst: WorkloadBench['qualityFirst'];
    if (options.qualityFirst) {
      // As a user who goes to Data quality the moment the import is done (the app shows the import's summary).
      log(`${label}: Data quality straight after the import …`);
      await page.getByRole('navigation').getByRole('link', { name: 'Data quality', exact: true }).click();
      qualityFirst = (await page.evaluate(`(${PAGE_READY})("quality")`)) as NonNullable<WorkloadBench['qualityFirst']>;
    }
    // The app writes the workspace's snapshot about a second after the build, in the background,
    // while the user is on the import summary. Pages opened meanwhile build summary tables, which
    // makes the write start again (at most three times, then it gives up): wait for it first, as a
    // user reading the summary would, so the reload below has it and the pages' times do not
    // include it.
    log(`${label}: waiting for the app to keep its snapshot …`);
    const snapshotSaveMs = await waitForMeasure(page, 'snapshot save', 60 * 60_000);
    const heapAfterGc = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const heapAfterBuild = await heapAfterGc();
    const m = await measures(page);
    const [{ bytes: afterBuild }] = (await sqlInAppWorker(page, 'SELECT sum(memory_usage_bytes)::DOUBLE AS bytes FROM duckdb_memory()')) as [{ bytes: number }];
    const rowCounts = Object.fromEntries(
      (await sqlInAppWorker(page, 'SELECT file_name AS f, "read"::DOUBLE AS n FROM imports')).map((r) => [String(r['f']), Number(r['n'])]),
    );

    const pages: PageBench[] = [];
    let background: WorkloadBench['background'] = { tablesBefore: [], slices: 0, longestSliceMs: 0, lastSliceEndMs: null, tourStartMs: null };
    // When the tour begins, on the page's clock: the background's last slice is compared with it.
    const tourStartMs = (await page.evaluate('performance.now()')) as number;
    for (const { view, label: pageLabel, testid } of ANALYSIS_VIEWS) {
      log(`${label}: ${pageLabel} …`);
      if (view === 'dataQuality') background = { ...((await page.evaluate(`(${BACKGROUND_SO_FAR})()`)) as WorkloadBench['background']), tourStartMs };
      await page.getByRole('navigation').getByRole('link', { name: pageLabel, exact: true }).click();
      const opened = (await page.evaluate(`(${PAGE_READY})(${JSON.stringify(testid)})`)) as { ms: number; wholeMs: number; error?: string };
      const errors = opened.error ? [opened.error] : [];
      // The filter choices come after the page's first answer: the changes below pick from them.
      await page.locator('form[aria-label="Filters"][aria-busy="false"]').waitFor({ timeout: 300_000 });
      const times: number[] = [];
      const queryTimes: number[] = [];
      const lastQuery = async () => (await measures(page))[`analysis ${testid}`] ?? null;
      for (let i = 0; times.length < changes && i < changes * 3; i++) {
        const r = (await page.evaluate(`(${FILTER_CHANGE})(${JSON.stringify({ action: CHANGES[i % CHANGES.length], pick: i })})`)) as {
          ms?: number;
          error?: string;
          skipped?: boolean;
        };
        if (r.skipped) continue;
        if (r.error) errors.push(r.error);
        times.push(r.ms!);
        const q = await lastQuery();
        if (q !== null) queryTimes.push(q);
        // Each change logged: with 20 changes the p95 is the slowest one, so which one it was matters.
        log(`  ${CHANGES[i % CHANGES.length]} ${Math.round(r.ms!)} ms (analysis ${q === null ? '-' : Math.round(q)} ms)${r.error ? ' error' : ''}`);
      }
      // Leave the next page unfiltered.
      await page.evaluate(`(${FILTER_CHANGE})({ action: 'clear', pick: 0 })`);
      pages.push({ view, label: pageLabel, openMs: opened.ms, wholeMs: opened.wholeMs, change: timing(times), query: timing(queryTimes), errors });
    }
    const heapAfterPages = await heapAfterGc();
    const [{ bytes: afterPages }] = (await sqlInAppWorker(page, 'SELECT sum(memory_usage_bytes)::DOUBLE AS bytes FROM duckdb_memory()')) as [{ bytes: number }];

    // As a user who stays a moment after the last page: the app keeps the pages' tables (waited for
    // on its timeline, never a sleep), before the baseline below shares the worker with it.
    log(`${label}: waiting for the app to keep the pages' tables …`);
    const pagesKept = (await page.evaluate(`(${PAGES_KEPT})({ limitMs: 300000, quietMs: 15000 })`)) as ReloadBench['pagesKept'];
    // The app's peak, before the baseline below adds the bench's own tables to the same worker.
    const rendererPeak = rendererPeakBytes();
    log(`${label}: bare read_csv of the same files in the same worker …`);
    const names = files.map((f) => path.basename(f));
    const bare = await inAppWorker<Record<string, { plain: number; compressed: number } | null>>(page, BARE_READ, names);
    const rendererPeakWithBare = rendererPeakBytes();
    journey.assertClean();
    log(`${label}: reload from the kept snapshot …`);
    let reload: ReloadBench | string;
    try {
      reload = await benchReload(journey, page, snapshotSaveMs, pagesKept, warnings);
      journey.assertClean();
    } catch (e) {
      reload = `failed: ${(e as Error).message.split('\n')[0]}`;
    }
    return {
      label,
      instantiateMs,
      files: files.map((f) => {
        const name = path.basename(f);
        return {
          file: name,
          megabytes: fs.statSync(f).size / 1e6,
          rows: rowCounts[name] ?? 0,
          importMs: m[`import ${name}`] ?? NaN,
          keepMs: m[`keep ${name}`] ?? null,
          bareMs: bare[name]?.plain ?? null,
          bareCompressedMs: bare[name]?.compressed ?? null,
        };
      }),
      exposureMs,
      pages,
      duckdbBytes: { afterBuild, afterPages },
      jsHeapPeakBytes,
      jsHeapAfterGc: { afterBuild: heapAfterBuild, afterPages: heapAfterPages },
      rendererPeakBytes: rendererPeak,
      rendererPeakWithBareBytes: rendererPeakWithBare,
      reload,
      ...(qualityFirst ? { qualityFirst } : {}),
      background,
    };
  } finally {
    clearInterval(sampler);
    await journey.close();
  }
}

/**
 * In the page: what the background build (EngineOptions.backgroundTables) has done so far, from
 * the app's timeline: the tables it finished (a `model.<table>` entry for a table built whole, the
 * rename after a sliced one's last `model.<table> slice` is not timed, so a sliced table counts
 * once its slices are all in: see Model.buildInBackground), the slices and the longest.
 */
const BACKGROUND_SO_FAR = `() => {
  const slices = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('model.') && m.name.endsWith(' slice'));
  const tables = [...new Set(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('background built ')).map((m) => m.name.slice('background built '.length)))];
  const ends = slices.map((m) => m.startTime + m.duration);
  return { tablesBefore: tables, slices: slices.length, longestSliceMs: Math.max(0, ...slices.map((m) => m.duration)), lastSliceEndMs: ends.length ? Math.max(...ends) : null };
}`;

/** In the page: whether the app's IndexedDB holds a snapshot pointer (read with the browser's own API, creating nothing). */
const SNAPSHOT_KEPT = `async () => {
  if (!(await indexedDB.databases()).some((d) => d.name === 'pbs-lens')) return false;
  return new Promise((resolve) => {
    const open = indexedDB.open('pbs-lens');
    open.onupgradeneeded = () => open.transaction && open.transaction.abort();
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('meta')) { db.close(); resolve(false); return; }
      const get = db.transaction('meta').objectStore('meta').get('extra:snapshot');
      get.onsuccess = () => { db.close(); resolve(get.result !== undefined); };
      get.onerror = () => { db.close(); resolve(false); };
    };
  });
}`;

/** In the page: performance.now() (ms since this page's navigation started) once the Staffing page's first chart is drawn. */
const FIRST_CHART_AT = `async () => {
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    const error = document.querySelector('[role="alert"][data-testid$="-error"]');
    if (error) throw new Error(error.textContent);
    if (document.querySelector('[data-testid="chart-shortfall"] svg')) return performance.now();
    if (performance.now() > 600000) throw new Error('no first chart within 600 s');
  }
}`;

/**
 * Reopen the imported workspace as a user does the next day: once the app has kept its snapshot
 * (the timeline's `snapshot save`, waited for after the build, and the stored pointer, never a
 * sleep), the page leaves the app (about:blank: its DuckDB worker ends and gives its memory back)
 * and opens the Staffing page again, on the same profile, with the service worker in control.
 * The renderer's peak over the reload: Chromium may well host the new page in the same renderer
 * process (the service worker lives there), whose VmHWM still holds the import's high-water mark,
 * so once the old page's memory is given back every renderer's VmHWM is reset to its current
 * resident size (Linux's /proc/<pid>/clear_refs, "5") and read again after the first chart and
 * after the pages; what the renderers still held at the reset is reported beside it.
 */
/**
 * In the page: once the app has kept the tables built last (a `snapshot part save` that began
 * after its last `model.*` build ended, itself ended), each part's write and save and the longest
 * hold; a string when no part is kept within the limit (a build without parts: then after
 * `quietMs` of no part write).
 */
const PAGES_KEPT = `async ({ limitMs, quietMs }) => {
  const t0 = performance.now();
  const ends = (test) => performance.getEntriesByType('measure').filter((m) => test(m.name)).map((m) => m.startTime + m.duration);
  for (;;) {
    const built = Math.max(0, ...ends((n) => n.startsWith('model.')));
    if (performance.getEntriesByName('snapshot part save', 'measure').some((m) => m.startTime >= built)) {
      const all = (name) => performance.getEntriesByName(name, 'measure').map((m) => m.duration);
      return { writeMs: all('snapshot part write'), saveMs: all('snapshot part save'), longestHoldMs: Math.max(0, ...all('snapshot part hold')) };
    }
    const writes = ends((n) => n === 'snapshot part write').length;
    if (performance.now() - t0 > (writes > 0 ? limitMs : quietMs)) return writes > 0 ? 'the last tables built were not kept within the limit' : 'no part written (this build keeps none)';
    await new Promise((r) => setTimeout(r, 250));
  }
}`;

async function benchReload(journey: Journey, page: Page, snapshotSaveMs: number, pagesKept: ReloadBench['pagesKept'], warnings: string[]): Promise<ReloadBench> {
  if (!(await page.evaluate(`(${SNAPSHOT_KEPT})()`))) throw new Error(`the app timed a snapshot save (${snapshotSaveMs.toFixed(0)} ms) but kept no snapshot (${warnings.filter((w) => /snapshot/i.test(w)).join(' / ') || 'no warning'})`);
  await page.goto('about:blank');
  const rendererAtResetBytes = await settledRendererResident();
  // Without the reset the peaks would be the import's: none is reported then.
  const reset = resetRendererPeaks();
  const peak = () => (reset ? rendererPeakBytes() : null);
  await page.goto(`${journey.origin}/?view=staffing`);
  const firstChartMs = (await page.evaluate(`(${FIRST_CHART_AT})()`)) as number;
  const rendererPeakAtFirstChartBytes = peak();
  const m = await measures(page);
  const rebuilt = Object.keys(m).filter((n) => n.startsWith('import ') || n === 'exposure build');
  await page.evaluate(`(${PAGE_READY})('staffing')`);
  const opens: ReloadBench['opens'] = [];
  for (const { label, testid } of ANALYSIS_VIEWS.filter((v) => v.view !== 'staffing')) {
    await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
    const opened = (await page.evaluate(`(${PAGE_READY})(${JSON.stringify(testid)})`)) as { ms: number; wholeMs: number; error?: string };
    opens.push({ label, ms: opened.ms, wholeMs: opened.wholeMs, ...(opened.error ? { error: opened.error } : {}) });
  }
  const builtAfterReload = Object.keys(await measures(page)).filter((n) => n.startsWith('model.')).map((n) => n.slice('model.'.length));
  return {
    snapshotSaveMs,
    firstChartMs,
    instantiateMs: m['duckdb instantiate'] ?? NaN,
    restoreMs: m['snapshot restore'] ?? NaN,
    analysisMs: m['analysis staffing'] ?? NaN,
    rebuilt,
    rendererAtResetBytes,
    rendererPeakAtFirstChartBytes,
    rendererPeakAfterOpensBytes: peak(),
    opens,
    builtAfterReload,
    pagesKept,
  };
}

/**
 * One vendor export through the import wizard of a fresh page, as a user imports it: dropped on
 * the file input until its card is ready (a day/month question answered day first), then Start
 * import until the summary. inspectMs is dropped → ready; importMs the app's own "import <name>".
 */
export async function wizardImport(file: string): Promise<{ inspectMs: number; importMs: number }> {
  const { startJourney } = await import('./browserJourney');
  const journey = await startJourney();
  const { page } = journey;
  const name = path.basename(file);
  try {
    await journey.goto('/');
    await waitForMeasure(page, 'duckdb instantiate', 60_000);
    const card = page.locator(`[data-testid="wizard-file"][data-file="${name}"]`);
    const t0 = performance.now();
    await page.getByLabel('Import your files').setInputFiles([file]);
    await card.and(page.locator('[data-status="ready"], [data-status="open"], [data-status="refused"]')).waitFor({ timeout: 10 * 60_000 });
    if ((await card.getAttribute('data-status')) === 'open') {
      await card.getByLabel(/day first/).first().check();
      await card.and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    }
    const status = await card.getAttribute('data-status');
    if (status !== 'ready') throw new Error(`${name}: the wizard says "${status}": ${await card.textContent()}`);
    const inspectMs = performance.now() - t0;
    await page.getByTestId('start-import').click();
    const importMs = await waitForMeasure(page, `import ${name}`, 30 * 60_000);
    journey.assertClean();
    return { inspectMs, importMs };
  } finally {
    await journey.close();
  }
}
