/**
 * The Content-Security-Policy of the built app, in Chromium: the page refuses to load or send
 * anything to another origin (fetch, image, script, style sheet, <style>, eval), and so does the
 * DuckDB worker, which inherits the page's policy. A second server on another port stands for
 * "another origin" and counts what reaches it: nothing may. The browser here has no request
 * blocking of its own (unlike the harness's journeys), so the policy is the only line tested.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM, DIST, serveStatic, snapshotWhole, type StaticServer } from './harness';
import { sqlInAppWorker } from '../../src/cli/appWorker';
import { policyOf } from '../unit/security/policy';

let app: StaticServer;
let foreign: { origin: string; hits: string[]; close(): Promise<void> };
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

/** Another origin that answers everything with 200 and records what reached it. */
async function foreignServer() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('a,b\n1,2\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    // localhost, not 127.0.0.1: a different host as well as a different port.
    origin: `http://localhost:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Violations the document reports, collected from before the app's first script runs. */
const RECORD_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
  });
`;
type Violation = { directive: string; blocked: string };
const violations = (): Promise<Violation[]> => page.evaluate('window.__violations');

beforeAll(async () => {
  app = await serveStatic();
  foreign = await foreignServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext();
  await context.addInitScript(RECORD_VIOLATIONS);
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(`${app.origin}/?sample=1`);
  await page.getByTestId('headline').waitFor({ timeout: 120_000 });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await foreign?.close();
});

describe('the Content-Security-Policy', () => {
  test('the built page carries the policy in a meta tag, before any script, with nothing inline', () => {
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta[^>]+http-equiv="Content-Security-Policy"[^>]*>/gi)];
    expect(metas).toHaveLength(1);
    expect(html.indexOf(metas[0]![0])).toBeLessThan(html.search(/<script/i));
    // Inline code or styles would need 'unsafe-inline'; the page has none.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    const policy = policyOf(html)!;
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
  });

  test('the app itself ran with no violation: sample loaded, charts drawn', async () => {
    expect(await violations()).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  test('the page cannot fetch, load an image, script or style sheet from another origin, nor run eval or a <style>', async () => {
    const url = (what: string) => `${foreign.origin}/${what}`;
    const outcome = await page.evaluate(
      async ({ fetchUrl, imgUrl, scriptUrl, cssUrl }) => {
        const result: Record<string, string> = {};
        try {
          await fetch(fetchUrl);
          result.fetch = 'loaded';
        } catch {
          result.fetch = 'refused';
        }
        const load = (el: HTMLImageElement | HTMLScriptElement | HTMLLinkElement) =>
          new Promise<string>((resolve) => {
            el.onload = () => resolve('loaded');
            el.onerror = () => resolve('refused');
          });
        const img = new Image();
        const imgDone = load(img);
        img.src = imgUrl;
        result.image = await imgDone;
        const script = document.createElement('script');
        const scriptDone = load(script);
        script.src = scriptUrl;
        document.head.append(script);
        result.script = await scriptDone;
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        const linkDone = load(link);
        link.href = cssUrl;
        document.head.append(link);
        result.stylesheet = await linkDone;
        try {
          // eslint-disable-next-line no-eval
          (0, eval)('1 + 1');
          result.eval = 'ran';
        } catch {
          result.eval = 'refused';
        }
        const style = document.createElement('style');
        style.textContent = 'body { outline: 7px solid rgb(1, 2, 3) }';
        document.head.append(style);
        result.inlineStyle = getComputedStyle(document.body).outlineWidth === '7px' ? 'applied' : 'refused';
        style.remove();
        return result;
      },
      { fetchUrl: url('fetch'), imgUrl: url('img.png'), scriptUrl: url('script.js'), cssUrl: url('style.css') },
    );
    expect(outcome).toEqual({ fetch: 'refused', image: 'refused', script: 'refused', stylesheet: 'refused', eval: 'refused', inlineStyle: 'refused' });
    await expect.poll(async () => (await violations()).map((v) => v.directive).sort()).toEqual(
      ['connect-src', 'img-src', 'script-src', 'script-src-elem', 'style-src-elem', 'style-src-elem'].sort(),
    );
    const blocked = (await violations()).map((v) => v.blocked);
    for (const what of ['fetch', 'img.png', 'script.js', 'style.css']) expect(blocked).toContain(url(what));
    expect(blocked).toContain('eval');
    expect(blocked).toContain('inline');
    expect(foreign.hits).toEqual([]);
  });

  test("the DuckDB worker is under the page's policy: its fetch and DuckDB's own HTTP reader are refused", async () => {
    const worker = page.workers().find((w) => w.url().startsWith('blob:'));
    expect(worker, 'the DuckDB worker boots from a blob: URL').toBeDefined();
    const fetched = await worker!.evaluate(`fetch(${JSON.stringify(`${foreign.origin}/from-worker`)}).then(() => 'loaded', () => 'refused')`);
    expect(fetched).toBe('refused');
    // duckdb-wasm reads http(s) URLs itself (XHR in the worker), no extension needed.
    await expect(sqlInAppWorker(page, `SELECT * FROM read_csv('${foreign.origin}/from-duckdb.csv')`)).rejects.toThrow();
    expect(foreign.hits).toEqual([]);
    // The app's own work still goes through.
    await snapshotWhole(page);
    const [row] = (await sqlInAppWorker(page, 'SELECT count(*)::INTEGER AS n FROM incidents')) as [{ n: number }];
    expect(row.n).toBeGreaterThan(0);
  });

  test('without the policy the same requests would reach the other origin (the test can see a leak)', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const open = await context.newPage();
    try {
      await open.goto(`${app.origin}/`);
      await open.getByRole('heading', { level: 1 }).waitFor();
      const fetched = await open.evaluate((u) => fetch(u).then(() => 'loaded', () => 'refused'), `${foreign.origin}/control`);
      expect(fetched).toBe('loaded');
      expect(foreign.hits).toEqual(['GET /control']);
    } finally {
      await context.close();
      foreign.hits.length = 0;
    }
  });
});
