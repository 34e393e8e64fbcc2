/**
 * Where the sample's first chart spends its time: opens /?sample=1 in a fresh Chromium profile (as
 * the bench's sampleFirstChart does: a first visit, no service worker, no code cache) and prints
 * the page's and the DuckDB worker's Performance timelines on one clock (ms since navigation
 * start), plus the first chart as the bench times it. Not a benchmark of record (npm run bench is).
 *
 *   npx vite build && tsx scripts/startup-probe.ts [runs=3] [--dist other/dist] [--trace out.json] [--second]
 *
 * --second: the same profile opened a second time (service worker in control, code cache warm).
 * --trace: a Chromium Performance trace of the (last) load, for chrome://tracing or DevTools.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dist: { type: 'string' }, trace: { type: 'string' }, second: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, requests: { type: 'boolean', default: false } },
});
if (values.dist) process.env.PBS_LENS_DIST = path.resolve(values.dist);
const { startJourney } = await import('../src/cli/browserJourney');
const { appWorker } = await import('../src/cli/appWorker');

interface Entry {
  at: number;
  end: number;
  name: string;
  where: 'page' | 'worker';
}

/**
 * --requests: every request the page sends the DuckDB worker (duckdb-wasm's { messageId, type, data }) and when its answer came,
 * on the page's clock; SQL text shortened.
 */
const WATCH_REQUESTS = `(() => {
  const sent = new Map();
  globalThis.__probeRequests = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (m, t) {
    if (m && typeof m === 'object' && 'messageId' in m) {
      if (!this.__probeWatched) {
        this.__probeWatched = true;
        this.addEventListener('message', (e) => {
          const r = e.data && sent.get(e.data.requestId);
          if (r) { r.end = performance.now(); r.answer = e.data.type; sent.delete(e.data.requestId); }
        });
      }
      const d = m.data;
      const text = typeof d === 'string' ? d : Array.isArray(d) ? d.map((x) => typeof x === 'string' ? x : x && x.byteLength !== undefined ? '[' + x.byteLength + ' bytes]' : typeof x === 'object' ? '{…}' : String(x)).join(' | ') : '';
      const r = { type: m.type, text: text.replace(/\\s+/g, ' ').slice(0, 90), start: performance.now(), end: NaN, answer: '' };
      globalThis.__probeRequests.push(r);
      sent.set(m.messageId, r);
    }
    return post.call(this, m, t);
  };
})()`;

const TIMELINE = `() => ({ origin: performance.timeOrigin, entries: performance.getEntries().filter((e) => e.entryType === 'mark' || e.entryType === 'measure' || e.entryType === 'resource' || e.entryType === 'paint' || e.entryType === 'navigation').map((e) => ({ type: e.entryType, name: e.name, start: e.startTime, duration: e.duration })) })`;

async function once(trace: string | undefined): Promise<{ firstChartMs: number; chartAt: number; entries: Entry[] }> {
  const journey = await startJourney();
  try {
    const { page } = journey;
    if (values.second) {
      await journey.goto('/?sample=1');
      await page.waitForSelector('[data-testid="chart-shortfall"] svg', { timeout: 120_000 });
      await page.evaluate('navigator.serviceWorker.ready');
      await page.goto('about:blank');
    }
    if (values.requests) await page.addInitScript(WATCH_REQUESTS);
    const cdp = trace ? await journey.context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Tracing.start', {
        transferMode: 'ReturnAsStream',
        traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.compile', 'blink.user_timing', 'loading', 'toplevel', 'v8.wasm', 'disabled-by-default-v8.cpu_profiler'] },
      });
    }
    const t0 = performance.now();
    await journey.goto('/?sample=1');
    await page.waitForSelector('[data-testid="chart-shortfall"] svg', { timeout: 120_000 });
    const firstChartMs = performance.now() - t0;
    const chartAt = (await page.evaluate('performance.now()')) as number;
    if (cdp) {
      const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream!)));
      await cdp.send('Tracing.end');
      const stream = await done;
      const chunks: string[] = [];
      for (;;) {
        const r = await cdp.send('IO.read', { handle: stream });
        chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString() : r.data);
        if (r.eof) break;
      }
      fs.writeFileSync(trace!, chunks.join(''));
    }
    type Raw = { origin: number; entries: { type: string; name: string; start: number; duration: number }[] };
    const p = (await page.evaluate(`(${TIMELINE})()`)) as Raw;
    const w = (await (await appWorker(page)).evaluate(`(${TIMELINE})()`)) as Raw;
    const shift = w.origin - p.origin;
    const entries: Entry[] = [
      ...p.entries.map((e) => ({ at: e.start, end: e.start + e.duration, name: `${e.type === 'measure' || e.type === 'mark' ? '' : e.type + ' '}${e.type === 'resource' ? e.name.replace(/^.*\//, '') : e.name}`, where: 'page' as const })),
      ...w.entries.map((e) => ({ at: e.start + shift, end: e.start + e.duration + shift, name: `${e.type === 'resource' ? 'resource ' + e.name.replace(/^.*\//, '') : e.name}`, where: 'worker' as const })),
    ].sort((a, b) => a.at - b.at);
    if (values.requests) {
      const reqs = (await page.evaluate('globalThis.__probeRequests')) as { type: string; text: string; start: number; end: number; answer: string }[];
      for (const r of reqs) entries.push({ at: r.start, end: r.end, name: `${r.type} ${r.text}${r.answer && !r.answer.startsWith('OK') && !r.answer.endsWith('RESULT') ? ' → ' + r.answer : ''}`, where: 'page' });
      entries.sort((a, b) => a.at - b.at);
    }
    journey.assertClean();
    return { firstChartMs, chartAt, entries };
  } finally {
    await journey.close();
  }
}

const runs = Number(positionals[0] ?? 3);
const firsts: number[] = [];
for (let i = 0; i < runs; i++) {
  const r = await once(i === runs - 1 ? values.trace : undefined);
  firsts.push(r.firstChartMs);
  if (!values.quiet) {
    process.stdout.write(`\nrun ${i + 1}: first chart ${r.firstChartMs.toFixed(0)} ms (bench's clock), drawn at ${r.chartAt.toFixed(0)} ms after navigation start\n`);
    for (const e of r.entries) {
      if (e.name.startsWith('model.')) continue;
      process.stdout.write(`  ${e.at.toFixed(0).padStart(6)} → ${e.end.toFixed(0).padStart(6)}  ${e.where.padEnd(6)} ${e.name}\n`);
    }
  }
}
const sorted = [...firsts].sort((a, b) => a - b);
process.stdout.write(`\nfirst chart over ${runs} runs: ${firsts.map((x) => x.toFixed(0)).join(', ')} ms; median ${sorted[Math.floor(runs / 2)]!.toFixed(0)} ms\n`);
