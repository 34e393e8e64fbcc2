/**
 * Installable and offline: after one visit the service worker holds the app shell, its code, the
 * DuckDB wasm and the sample files, so the app starts with the network off — the wasm compiled
 * from the cache — and the sample service is analysed as it is online. Nothing, online or off,
 * goes to another origin (the harness fails the test if anything does).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Request, Response } from 'playwright-core';
import { startJourney, valueOf, type Journey } from './harness';

let j: Journey;
/** Every response to a request made offline, with whether the service worker answered it. */
const responses: { url: string; fromServiceWorker: boolean }[] = [];
/** Requests made once the network is off that failed for want of it. */
const failed: string[] = [];
const madeOffline = new Set<Request>();
let offline = false;

beforeAll(async () => {
  j = await startJourney();
  j.context.on('response', (r: Response) => {
    if (madeOffline.has(r.request())) responses.push({ url: r.url(), fromServiceWorker: r.fromServiceWorker() });
  });
  j.context.on('request', (r) => {
    if (offline) madeOffline.add(r);
  });
  j.context.on('requestfailed', (r) => {
    // A request cancelled in the browser (net::ERR_ABORTED: now and then one of the wasm's fetches,
    // while another is answered by the service worker) is not one that wanted the network.
    if (madeOffline.has(r) && r.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(r.url());
  });
});
afterAll(async () => {
  await j?.context.setOffline(false);
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

/**
 * The first visit, online: the sample analysed (so nothing of this page is still loading when the
 * network goes off), and the service worker active, in control and holding this build.
 */
async function firstVisit(): Promise<{ cache: string; files: string[] }> {
  await j.goto('/?sample=1');
  await j.page.getByTestId('headline').waitFor({ timeout: 120_000 });
  await j.page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
  return j.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
    const names = await caches.keys();
    const cache = names.find((n) => n.startsWith('pbs-lens-shell-')) ?? '';
    const files = (await (await caches.open(cache)).keys()).map((r) => new URL(r.url).pathname);
    return { cache, files };
  });
}

describe('offline', () => {
  test('the web app manifest is linked, allowed by the policy and names the app', async () => {
    await j.goto('/');
    const href = await j.page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const manifest = await j.page.evaluate(async (url) => (await fetch(url)).json(), href!);
    expect(manifest).toMatchObject({ name: 'PBS Lens', start_url: '/', display: 'standalone' });
    expect(manifest.icons.length).toBeGreaterThan(0);
  });

  test('after one visit the app starts with the network off and analyses the sample, the wasm from the cache', async () => {
    const { cache, files } = await firstVisit();
    expect(cache).toMatch(/^pbs-lens-shell-/);
    // The shell, the DuckDB wasm and worker, and the sample files are all kept.
    expect(files).toContain('/index.html');
    expect(files.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(files.some((f) => /duckdb-browser-eh\.worker.*\.js$/.test(f))).toBe(true);
    expect(files.some((f) => /\/incidents-.*\.csv$/.test(f))).toBe(true);

    await j.context.setOffline(true);
    offline = true;
    // The network is really off: a request the service worker does not answer fails.
    await expect(j.page.evaluate(async () => (await fetch('/not-kept.txt')).status)).rejects.toThrow();
    // That failure's console message is the probe's own, not the app's.
    await expect.poll(() => j.consoleErrors.some((e) => e.includes('ERR_INTERNET_DISCONNECTED'))).toBe(true);
    j.consoleErrors.splice(0, j.consoleErrors.length);
    failed.length = 0;
    responses.length = 0;
    madeOffline.clear();

    await j.goto('/?sample=1');
    await j.page.getByTestId('headline').waitFor({ timeout: 120_000 });
    await j.page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
    expect(await valueOf(j.page, 'person-periods')).toBeGreaterThan(0);
    expect(await valueOf(j.page, 'incidents')).toBeGreaterThan(0);
    // Everything the page and the DuckDB worker asked for came from the service worker.
    const wasm = responses.filter((r) => r.url.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThan(0);
    expect(wasm.every((r) => r.fromServiceWorker)).toBe(true);
    expect(responses.filter((r) => !r.fromServiceWorker && !r.url.startsWith('blob:') && !r.url.startsWith('data:'))).toEqual([]);
    // The one request that failed is the service worker's try of the network for the page itself.
    expect(failed).toEqual([`${j.origin}/?sample=1`]);
  });
});
