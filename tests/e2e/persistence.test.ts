/**
 * The workspace survives a reload and a browser restart (same profile, same origin): the files
 * come back with the same numbers and the same pseudonyms. Opening the app stores nothing;
 * "Delete all data" leaves the origin's storage empty.
 *
 * The harness gives one browser per journey and deletes its profile on close, so the restart is
 * done here: one static server (one origin), one profile directory, Chromium launched twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM, ROOT, serveStatic, valueOf, personOptions, type StaticServer } from './harness';
import { samplePersonValue } from './people';

const SAMPLE = path.join(ROOT, 'sample-data');
const FILES = ['people.csv', 'incidents.csv', 'shifts.csv'].map((f) => path.join(SAMPLE, f));

interface Browser {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

let server: StaticServer;
let profile: string;
let browser: Browser | null = null;

/** Chromium on the shared profile; anything off the origin is blocked and counted as a problem. */
async function launch(): Promise<Browser> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems: string[] = [];
  const own = (url: string) => url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === server.origin;
  context.on('request', (r) => {
    if (!own(r.url())) problems.push(`request left the origin: ${r.url()}`);
  });
  context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`failed response: ${r.status()} ${r.url()}`);
  });
  await context.route((u) => !own(u.href), (route) => route.abort('blockedbyclient'));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems };
}

async function open(page: Page, pathAndQuery = '/'): Promise<void> {
  await page.goto(server.origin + pathAndQuery);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** What the origin holds, read with the browser's own APIs (not the app's code). */
async function storageContents(page: Page) {
  return page.evaluate(async () => {
    const dbs = (await indexedDB.databases()).map((d) => d.name);
    const root = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };
    const opfs: string[] = [];
    for await (const k of root.keys()) opfs.push(k);
    const estimate = await navigator.storage.estimate();
    return {
      indexedDB: dbs,
      opfs,
      // The service worker's copy of the app itself (src/offline) holds no data.
      caches: (await caches.keys()).filter((n) => !n.startsWith('pbs-lens-shell-')),
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      usage: estimate.usage ?? 0,
    };
  });
}

function dataRows(file: string): number {
  return Papa.parse(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data.length;
}

interface Snapshot {
  cards: { file: string | null; read: string | null; accepted: string | null; rejected: string | null }[];
  personPeriods: number | null;
  incidents: number | null;
  people: string[];
}

/** The import summary's counts and the staffing view's numbers and pseudonyms. */
async function snapshot(page: Page): Promise<Snapshot> {
  await page.getByRole('link', { name: 'Import summary' }).click();
  await page.getByTestId('import-card').first().waitFor({ timeout: 120_000 });
  const cards = await page.getByTestId('import-card').evaluateAll((els) =>
    els.map((el) => ({
      file: el.getAttribute('data-file'),
      read: el.querySelector('[data-testid="import-read"]')?.textContent ?? null,
      accepted: el.querySelector('[data-testid="import-accepted"]')?.textContent ?? null,
      rejected: el.querySelector('[data-testid="import-rejected"]')?.textContent ?? null,
    })),
  );
  await page.getByRole('link', { name: 'Staffing and incidents' }).click();
  await page.getByTestId('headline').waitFor({ timeout: 120_000 });
  const people = await personOptions(page);
  return { cards, personPeriods: await valueOf(page, 'person-periods'), incidents: await valueOf(page, 'incidents'), people };
}

beforeAll(async () => {
  server = await serveStatic();
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-profile-'));
});

afterAll(async () => {
  await browser?.context.close();
  await server?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

describe('the workspace persists in the browser', () => {
  let before: Snapshot;

  test('opening the app stores nothing; imported files are kept', async () => {
    browser = await launch();
    const { page } = browser;
    await open(page);
    const empty = await storageContents(page);
    expect(empty).toMatchObject({ indexedDB: [], opfs: [], caches: [], localStorage: 0, sessionStorage: 0 });

    await page.getByLabel('Import your files').setInputFiles(FILES);
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    before = await snapshot(page);
    expect(before.cards.map((c) => c.file)).toEqual(FILES.map((f) => path.basename(f)));
    expect(before.incidents).toBe(dataRows(path.join(SAMPLE, 'incidents.csv')));
    expect(before.personPeriods).toBeGreaterThan(0);
    expect(before.people.length).toBeGreaterThan(1);
    for (const label of before.people) expect(label).toMatch(/^Person [0-9A-F]{6}(-\d+)?$/);
    const stored = await storageContents(page);
    expect(stored.indexedDB).toEqual(['pbs-lens']);
    expect(browser.problems).toEqual([]);
  });

  test('a reload restores the same files, numbers and pseudonyms', async () => {
    const { page } = browser!;
    // The restore says what it is doing while it works: seen by an observer set up before the
    // page's own scripts run (a sample's restore can be over before a poll would look).
    await page.addInitScript(() => {
      const w = window as unknown as { sawRestoreProgress?: boolean };
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="import-progress"]')) w.sawRestoreProgress = true;
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByTestId('headline').waitFor({ timeout: 120_000 });
    await expect(page.evaluate(() => (window as unknown as { sawRestoreProgress?: boolean }).sawRestoreProgress === true)).resolves.toBe(true);
    expect(await snapshot(page)).toEqual(before);
    await browser!.page.screenshot({ path: path.join(ROOT, 'tests', 'artifacts', 'persistence-reloaded.png'), fullPage: true });
    expect(browser!.problems).toEqual([]);
  });

  test('a browser restart restores them too', async () => {
    await browser!.context.close();
    browser = await launch();
    await open(browser.page, '/?view=staffing');
    expect(await snapshot(browser.page)).toEqual(before);
    expect(browser.problems).toEqual([]);
  });

  test('real names only by choice on this computer; the URL carries the pseudonym, never the id or the name', async () => {
    const { page } = browser!;
    const people = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(SAMPLE, 'people.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const named = people.find((p) => p.name)!;
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    await page.getByTestId('headline').waitFor({ timeout: 120_000 });
    await expect(page.locator('body').textContent()).resolves.not.toContain(named.name);

    const person = page.getByLabel('Person', { exact: true });
    // The list's value is the pseudonym too: found with real names shown for a moment.
    const value = await samplePersonValue(page, named.person_id!);
    await person.selectOption(value);
    await expect.poll(() => new URL(page.url()).searchParams.get('person')).toMatch(/^Person [0-9A-F]{6}(-\d+)?$/);
    const token = new URL(page.url()).searchParams.get('person')!;
    expect(token).toBe(value);
    expect(before.people).toContain(token);

    await page.getByTestId('show-real-names').check();
    await expect.poll(() => person.locator('option:checked').textContent(), { timeout: 60_000 }).toBe(`${named.name} (${token})`);
    expect(page.url()).not.toContain(encodeURIComponent(named.name!).slice(0, 6));
    expect(new URL(page.url()).searchParams.get('person')).toBe(token);

    // The choice is kept on this computer; the person chosen in the URL is found again after a reload.
    await page.reload();
    await page.getByTestId('headline').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('show-real-names').isChecked()).resolves.toBe(true);
    await expect.poll(() => person.locator('option:checked').textContent(), { timeout: 60_000 }).toBe(`${named.name} (${token})`);
    await page.getByTestId('show-real-names').uncheck();
    await expect.poll(() => person.locator('option:checked').textContent(), { timeout: 60_000 }).toBe(token);
    expect(browser!.problems).toEqual([]);
  });

  test('Delete all data empties the browser storage and the workspace stays empty after a reload', async () => {
    const { page } = browser!;
    await page.getByTestId('delete-all').click();
    await page.getByTestId('confirm-delete').click();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await expect.poll(() => page.getByTestId('delete-all').isEnabled(), { timeout: 60_000 }).toBe(true);
    const after = await storageContents(page);
    expect(after).toMatchObject({ indexedDB: [], opfs: [], caches: [], localStorage: 0, sessionStorage: 0 });

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await page.getByRole('link', { name: 'Import summary' }).click();
    await expect(page.getByText('Nothing has been imported yet.').isVisible()).resolves.toBe(true);
    expect(await storageContents(page)).toMatchObject({ indexedDB: [], opfs: [], localStorage: 0 });
    expect(browser!.problems).toEqual([]);
  });
});
