/**
 * Issue 15, item 11, in the browser: the app's DuckDB worker has external access switched off, so
 * even with the Content-Security-Policy bypassed (as if it were missing or mis-served) DuckDB's own
 * HTTP reader cannot fetch from another origin — the engine refuses before any request is made.
 * The app's own files, registered under FILES_DIR, are read as before (the sample loads). And
 * (issue 15, item 6) the Methods page states the limits of what an import believes.
 */
import http from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM, serveStatic, snapshotWhole, type StaticServer } from './harness';
import { sqlInAppWorker } from '../../src/cli/appWorker';

let app: StaticServer;
let browser: Browser;
let page: Page;
const hits: string[] = [];
let server: http.Server;
let foreign = '';

beforeAll(async () => {
  app = await serveStatic();
  server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('a,b\n1,2\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  foreign = `http://localhost:${(server.address() as { port: number }).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext({ bypassCSP: true });
  page = await context.newPage();
  await page.goto(`${app.origin}/?sample=1`);
  await page.getByTestId('headline').waitFor({ timeout: 120_000 });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe("the app's DuckDB engine", () => {
  test('has external access off, and the sample it read is there', async () => {
    expect(await sqlInAppWorker(page, `SELECT value FROM duckdb_settings() WHERE name = 'enable_external_access'`)).toEqual([{ value: 'false' }]);
    await snapshotWhole(page);
    const [row] = await sqlInAppWorker(page, 'SELECT count(*)::INTEGER AS n FROM incidents');
    expect(row!.n).toBeGreaterThan(0);
  });

  test('refuses read_csv of another origin by itself, with no policy in the way', async () => {
    // The control: without the policy, the page itself can reach the other origin.
    expect(await page.evaluate((u) => fetch(u).then(() => 'loaded', () => 'refused'), `${foreign}/control`)).toBe('loaded');
    expect(hits).toEqual(['GET /control']);
    await expect(sqlInAppWorker(page, `SELECT * FROM read_csv('${foreign}/from-duckdb.csv')`)).rejects.toThrow(/disabled by configuration|Permission/);
    await expect(sqlInAppWorker(page, 'SET enable_external_access = true')).rejects.toThrow();
    expect(hits).toEqual(['GET /control']);
  });
});

describe('the Methods page', () => {
  test('states the plausibility limits the import applies', async () => {
    await page.getByRole('link', { name: 'Methods' }).click();
    const section = page.getByRole('region', { name: 'Values that are not believed' });
    await section.waitFor();
    const text = (await section.textContent()) ?? '';
    expect(text).toContain('before 2000-01-01');
    expect(text).toContain('more than 365 days after the day of the import');
    expect(text).toContain('exceed 527,040 minutes');
    expect(text).toContain('above 200 staff on one shift');
  });
});
