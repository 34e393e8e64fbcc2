/**
 * tsx scripts/redraw-probe.ts <profile dir> [--pages person,over-time] [--changes 20] [--cpu file.cpuprofile] [--data dir] [--port n] [--shot file-stem]
 *
 * Where a page's filter change to redrawn goes in the browser (issue 18, item 4), lighter than
 * `npm run bench`: the built app (dist/, or PBS_LENS_DIST) in headless Chromium on a browser
 * profile that is kept between runs. The first run imports W-L (sample-data/large) through the
 * file input and waits for the app's snapshot; later runs (any build with the same definitions)
 * reopen it from that snapshot in a couple of seconds. Then, for each page, the bench's changes
 * (src/cli/benchBrowser.ts FILTER_CHANGE: a unit, a person, a start date, Clear), printing per
 * change: change to redrawn, the analysis call, what came after its answer (the drawing), the
 * main thread's long tasks and the number of elements in the results. --cpu writes a CPU profile
 * of the changes (main thread) and prints its heaviest functions by self time. Numbers, not
 * pass/fail; run it inside `flock /work/wt/bench.lock` (a W-L browser).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ANALYSIS_VIEWS, FILTER_CHANGE, PAGE_READY, quantile } from '../src/cli/benchBrowser';
import { CHROMIUM, DIST, ROOT, serveStatic, type StaticServer } from '../src/cli/browserJourney';

const args = process.argv.slice(2);
const profile = args.find((a) => !a.startsWith('--') && !args[args.indexOf(a) - 1]?.startsWith('--'));
if (!profile) throw new Error('usage: tsx scripts/redraw-probe.ts <profile dir> [--pages person,over-time] [--changes 20] [--cpu file]');
const opt = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1]! : null);
const testids = (opt('--pages') ?? 'person,over-time').split(',');
const CHANGES = Number(opt('--changes') ?? 20);
const cpuFile = opt('--cpu');
/** The service imported into a fresh profile (default W-L). */
const dataDir = opt('--data') ?? path.join(ROOT, 'sample-data', 'large');
const ACTIONS = ["unit", "person", "from", "clear"] as const;
const FILES = ['people.csv', 'staffing_requirements.csv', 'shifts.csv', 'incidents.csv', 'restrictive_interventions.csv', 'plan_delivery.csv', 'events.csv'];

/** In the page: one change (FILTER_CHANGE), then what the app's timeline and the DOM say about it. */
const PROBED_CHANGE = `async ({ change, testid }) => {
  window.__longTasks = window.__longTasks || [];
  if (!window.__longObserver) {
    window.__longObserver = new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => ({ start: e.startTime, ms: e.duration }))));
    window.__longObserver.observe({ type: 'longtask' });
  }
  const t0 = performance.now();
  const r = await (${FILTER_CHANGE})(change);
  const answers = performance.getEntriesByName('analysis ' + testid).filter((m) => m.startTime >= t0);
  const a = answers[answers.length - 1];
  const long = window.__longTasks.filter((t) => t.start >= t0);
  const results = document.querySelector('[data-testid="' + testid + '-results"]');
  return {
    ...r,
    analysis: a ? a.duration : null,
    afterAnswer: a && r.ms !== undefined ? r.ms - (a.startTime + a.duration - t0) : null,
    longTasks: long.map((t) => Math.round(t.ms)),
    elements: results ? results.getElementsByTagName('*').length : null,
    svg: results ? results.querySelectorAll('svg *').length : null,
  };
}`;


// A fixed port: the kept workspace belongs to the page's origin (port included).
const PORT = Number(opt('--port') ?? 47318);
const server = await fixedPort(await serveStatic(DIST), PORT);
const fresh = !fs.existsSync(profile);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1280, height: 900 },
  locale: 'en-GB',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=en-GB'],
});
const page = context.pages()[0] ?? (await context.newPage());
page.on('pageerror', (e) => process.stdout.write(`page error: ${e.message}\n`));
page.on('crash', () => {
  process.stdout.write('the page crashed\n');
  process.exit(1);
});
const started = Date.now();
const log = (s: string) => process.stdout.write(`${s}\n`);
const step = (s: string) => log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${s}`);
try {
  log(`build ${DIST}`);
  if (fresh) {
    step('fresh profile: importing W-L through the file input …');
    await page.goto(`${server.origin}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel('Import your files').setInputFiles(FILES.map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f)));
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, 'snapshot save', { timeout: 30 * 60_000, polling: 1000 });
    step('snapshot kept; reloading from it');
  }
  step('opening Staffing');
  await page.goto(`${server.origin}/?view=staffing`);
  step('waiting for the restore');
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, 'snapshot restore rest', { timeout: 5 * 60_000, polling: 500 }).catch(async (e: unknown) => {
    log(`no restore: ${await page.evaluate(() => document.body.innerText.slice(0, 1500))}`);
    log(`timeline: ${await page.evaluate(() => performance.getEntriesByType('measure').map((m) => m.name).join(', '))}`);
    throw e;
  });
  const rebuilt = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('import ') || m.name === 'exposure build').length);
  if (rebuilt > 0) log('NOTE: the snapshot was not used (files imported again)');
  step('restored');
  await page.evaluate(`(${PAGE_READY})('staffing')`);
  const cdp = await context.newCDPSession(page);
  if (cpuFile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  }
  for (const testid of testids) {
    const view = ANALYSIS_VIEWS.find((v) => v.testid === testid);
    if (!view) throw new Error(`no page ${testid}`);
    await page.getByRole('navigation').getByRole('link', { name: view.label, exact: true }).click();
    const opened = (await page.evaluate(`(${PAGE_READY})(${JSON.stringify(testid)})`)) as { ms: number };
    await page.locator('form[aria-label="Filters"][aria-busy="false"]').waitFor({ timeout: 300_000 });
    log(`\n${view.label}: opened in ${Math.round(opened.ms)} ms`);
    const shot = opt('--shot');
    const chartShot = async (n: string) => {
      if (shot) await page.locator('.results .chart').first().screenshot({ path: `${shot}-${testid}-${n}.png`, timeout: 2000 }).catch(() => undefined);
    };
    await chartShot('open');
    if (cpuFile) await cdp.send('Profiler.start');
    const times: number[] = [];
    const draws: number[] = [];
    for (let i = 0; times.length < CHANGES && i < CHANGES * 3; i++) {
      const change = { action: ACTIONS[i % ACTIONS.length], pick: i };
      const r = (await page.evaluate(`(${PROBED_CHANGE})(${JSON.stringify({ change, testid })})`)) as {
        ms?: number;
        skipped?: boolean;
        error?: string;
        analysis: number | null;
        afterAnswer: number | null;
        longTasks: number[];
        elements: number | null;
        svg: number | null;
      };
      if (r.skipped) continue;
      if (i < 3 || change.action === "person") await chartShot(`${i}-${String(change.action)}`);
      times.push(r.ms!);
      if (r.afterAnswer !== null) draws.push(r.afterAnswer);
      const n = (v: number | null) => (v === null ? '–' : String(Math.round(v))).padStart(5);
      log(
        `  ${String(i).padStart(2)} ${String(change.action).padEnd(6)} ${n(r.ms!)} ms  analysis ${n(r.analysis)}  after answer ${n(r.afterAnswer)}  elements ${n(r.elements)} (svg ${n(r.svg)})  long tasks [${r.longTasks.join(', ')}]${r.error ? `  ERROR ${r.error}` : ''}`,
      );
    }
    if (cpuFile) {
      const { profile: cpu } = await cdp.send('Profiler.stop');
      const file = cpuFile.replace(/(\.cpuprofile)?$/, `-${testid}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(cpu));
      log(`  CPU profile: ${file}`);
      topSelf(cpu as unknown as CpuProfile).forEach((l) => log(`    ${l}`));
    }
    await page.evaluate(`(${FILTER_CHANGE})({ action: 'clear', pick: 0 })`);
    log(`  change to redrawn p50 / p95 ${Math.round(quantile(times, 0.5))} / ${Math.round(quantile(times, 0.95))} ms (n ${times.length}); after the answer p50 / p95 ${Math.round(quantile(draws, 0.5))} / ${Math.round(quantile(draws, 0.95))} ms`);
  }
} finally {
  await context.close();
  await server.close();
}

/** `server` behind a proxy on 127.0.0.1:port. */
async function fixedPort(inner: StaticServer, port: number): Promise<StaticServer> {
  const proxy = http.createServer((req, res) => {
    const up = http.request(`${inner.origin}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await inner.close();
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The 25 functions with the most self time, in ms. */
function topSelf(p: CpuProfile): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${k}`);
}
