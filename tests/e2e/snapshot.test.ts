/**
 * Reopening without re-importing (ui/snapshots.ts) in the built app: files imported, the first
 * chart drawn, the page reloaded in the same profile. A person would expect the same numbers and
 * people after the reload, and the app's own timeline (src/timing.ts) to show the tables read
 * from the snapshot with no `import <file>` and no `exposure build`. "Delete all data" then
 * leaves the empty start. The sample service loads from the snapshot shipped with the build.
 *
 * The times printed (first chart after page load) are measurements for docs/performance.md,
 * never assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ROOT, startJourney, valueOf, personOptions, type Journey } from './harness';

const SAMPLE = path.join(ROOT, 'sample-data');
const FILES = ['people.csv', 'incidents.csv', 'shifts.csv'].map((f) => path.join(SAMPLE, f));

let j: Journey;

/** The app's warnings (a snapshot not used says why there). */
const warnings: string[] = [];
/** Everything the app said on its console, printed when a test fails (what the app was doing). */
const said: string[] = [];

beforeAll(async () => {
  j = await startJourney();
  j.page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
    said.push(`${new Date().toISOString()} ${m.type()}: ${m.text()}`);
  });
});

afterAll(async () => {
  await j?.context.close();
});

beforeEach(({ onTestFailed }) => {
  said.length = 0;
  onTestFailed(() => console.log(`[snapshot] the app's console during the failed test:\n${said.join('\n')}`));
});

/** The app's timeline: every performance.measure the app made since this page loaded. */
const timeline = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('measure').map((m) => ({ name: m.name, ms: Math.round(m.duration), at: Math.round(m.startTime) })));

/** The staffing view's first chart, its numbers and the people list; and when it showed (ms after the page's navigation start). */
async function firstChart(page: Page) {
  await page.getByTestId('headline').waitFor({ timeout: 180_000 });
  await page.getByTestId('chart-shortfall').locator('.ci-bar').first().waitFor({ timeout: 180_000 });
  const shownAt = await page.evaluate(() => Math.round(performance.now()));
  await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 180_000 });
  const people = await personOptions(page);
  return {
    shownAt,
    numbers: {
      headline: await page.getByTestId('headline').textContent(),
      personPeriods: await valueOf(page, 'person-periods'),
      incidents: await valueOf(page, 'incidents'),
      people,
    },
  };
}

/** Whether a snapshot pointer is kept in the app's IndexedDB database (read with the browser's own API, creating nothing). */
const snapshotKept = (page: Page) =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'pbs-lens')) return false;
    return new Promise<boolean>((resolve) => {
      const open = indexedDB.open('pbs-lens');
      open.onupgradeneeded = () => open.transaction?.abort();
      open.onerror = () => resolve(false);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('meta')) {
          db.close();
          return resolve(false);
        }
        const get = db.transaction('meta').objectStore('meta').get('extra:snapshot');
        get.onsuccess = () => {
          db.close();
          resolve(get.result !== undefined);
        };
        get.onerror = () => resolve(false);
      };
    });
  });

/** The machine's load (1, 5, 15 minutes), printed with each measurement. */
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

describe('reopening without re-importing', () => {
  let before: Awaited<ReturnType<typeof firstChart>>['numbers'];

  test('imported files: the reload reads the snapshot, shows the same numbers and imports nothing', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles(FILES);
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 180_000 });
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    before = (await firstChart(page)).numbers;
    expect(before.personPeriods).toBeGreaterThan(0);
    expect(before.people.length).toBeGreaterThan(1);
    const imported = await timeline(page);
    expect(imported.map((m) => m.name)).toEqual(expect.arrayContaining(['import people.csv', 'import incidents.csv', 'import shifts.csv', 'exposure build']));
    // The snapshot is written after the build, in the background.
    await page.waitForFunction(() => performance.getEntriesByName('snapshot save').length > 0, undefined, { timeout: 180_000 });
    await expect.poll(() => snapshotKept(page), { timeout: 60_000 }).toBe(true);

    await page.reload();
    const after = await firstChart(page);
    expect(after.numbers).toEqual(before);
    const names = (await timeline(page)).map((m) => m.name);
    expect(warnings).toEqual([]);
    expect(names).toContain('snapshot restore');
    expect(names.filter((n) => n.startsWith('import ') || n === 'exposure build')).toEqual([]);
    console.log(`[snapshot] files reload: first chart ${after.shownAt} ms after page load; timeline ${JSON.stringify(await timeline(page))}; load ${load()}`);

    // The import summary comes back from the snapshot too.
    await page.getByRole('link', { name: 'Import summary' }).click();
    await expect(page.getByTestId('import-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))).resolves.toEqual(FILES.map((f) => path.basename(f)));
    j.assertClean();
  });

  test('a damaged snapshot is not used: the files are imported again, with the same numbers, and a new snapshot is kept', async () => {
    const { page } = j;
    // Overwrite the kept snapshot's bytes (not the pointer) with the browser's own API.
    const damaged = await page.evaluate(
      () =>
        new Promise<boolean>((resolve, reject) => {
          const open = indexedDB.open('pbs-lens');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction('meta', 'readwrite');
            const meta = tx.objectStore('meta');
            const get = meta.get('extra:snapshot');
            get.onsuccess = () => {
              const pointer = get.result as { id: string };
              meta.put({ blob: new Blob(['PBS-LENS-SNAPSHOT 1\n', new Uint8Array(64)]) }, `extra:snapshot:${pointer.id}`);
            };
            tx.oncomplete = () => {
              db.close();
              resolve(true);
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    expect(damaged).toBe(true);
    warnings.length = 0;
    await page.reload();
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    const after = await firstChart(page);
    expect(after.numbers).toEqual(before);
    const names = (await timeline(page)).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['snapshot restore', 'import people.csv', 'import incidents.csv', 'import shifts.csv', 'exposure build']));
    expect(warnings.join('\n')).toMatch(/snapshot kept in this browser was not used \(The stored snapshot is (cut short|damaged)/);
    await page.waitForFunction(() => performance.getEntriesByName('snapshot save').length > 0, undefined, { timeout: 180_000 });
    await expect.poll(() => snapshotKept(page), { timeout: 60_000 }).toBe(true);
    j.assertClean();
  });

  test('Delete all data removes the snapshot with the files: a reload shows the empty start', async () => {
    const { page } = j;
    await page.getByTestId('delete-all').click();
    await page.getByTestId('confirm-delete').click();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await expect.poll(() => page.getByTestId('delete-all').isEnabled(), { timeout: 60_000 }).toBe(true);
    expect(await snapshotKept(page)).toBe(false);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await page.getByRole('link', { name: 'Import summary' }).click();
    await expect(page.getByText('Nothing has been imported yet.').isVisible()).resolves.toBe(true);
    expect((await timeline(page)).map((m) => m.name)).not.toContain('snapshot restore');
    j.assertClean();
  });

  test('the sample service loads from the snapshot shipped with the app', async () => {
    const { page } = j;
    await j.goto('/?sample=1');
    const shown = await firstChart(page);
    const names = (await timeline(page)).map((m) => m.name);
    expect(names).toContain('snapshot restore');
    expect(names.filter((n) => n.startsWith('import ') || n === 'exposure build')).toEqual([]);
    for (const label of shown.numbers.people) expect(label).toMatch(/^Person [0-9A-F]{6}(-\d+)?$/);
    console.log(`[snapshot] sample: first chart ${shown.shownAt} ms after page load; timeline ${JSON.stringify(await timeline(page))}; load ${load()}`);
    // A reload of the sample: the same numbers again.
    await page.reload();
    await page.screenshot({ path: path.join(ROOT, 'tests', 'artifacts', 'snapshot-sample-reload.png'), fullPage: true });
    const again = await firstChart(page);
    expect(again.numbers).toEqual(shown.numbers);
    console.log(`[snapshot] sample reload: first chart ${again.shownAt} ms after page load; load ${load()}`);
    j.assertClean();

    // Without its snapshot (not served), the sample is imported from its CSVs: the same numbers
    // and people, so the snapshot made at build time holds what the CSVs hold.
    await page.evaluate(async () => {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const req of await cache.keys()) if (req.url.endsWith('.snapshot')) await cache.delete(req);
      }
    });
    await j.context.route('**/*.snapshot', (route) => route.abort());
    warnings.length = 0;
    await page.reload();
    const fromCsv = await firstChart(page);
    expect(fromCsv.numbers).toEqual(shown.numbers);
    const csvNames = (await timeline(page)).map((m) => m.name);
    expect(csvNames).toEqual(expect.arrayContaining(['import people.csv', 'import incidents.csv', 'import shifts.csv', 'exposure build']));
    expect(warnings.join('\n')).toMatch(/sample service snapshot was not used/);
    console.log(`[snapshot] sample from its CSVs (snapshot withheld): first chart ${fromCsv.shownAt} ms after page load; load ${load()}`);
    await j.context.unroute('**/*.snapshot');
  });
});

/** A moderate workspace for docs/performance.md: `PBS_LENS_MEASURE_DIR=dir` with canonical CSVs (sample-data/generate.ts). */
const MEASURE = process.env.PBS_LENS_MEASURE_DIR;

describe.skipIf(!MEASURE)('measured at a moderate size', () => {
  test('import to first chart, snapshot, reload to first chart', async () => {
    const { page } = j;
    const files = fs.readdirSync(MEASURE!).filter((f) => f.endsWith('.csv')).map((f) => path.join(MEASURE!, f));
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    await j.goto('/');
    await page.getByTestId('delete-all').click();
    await page.getByTestId('confirm-delete').click();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await expect.poll(() => page.getByTestId('delete-all').isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.reload();
    await page.getByLabel('Import your files').setInputFiles(files);
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 900_000 });
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    const first = await firstChart(page);
    await page.waitForFunction(() => performance.getEntriesByName('snapshot save').length > 0, undefined, { timeout: 900_000 });
    const imported = await timeline(page);
    await page.reload();
    const reloaded = await firstChart(page);
    expect(reloaded.numbers).toEqual(first.numbers);
    const names = (await timeline(page)).map((m) => m.name);
    expect(names.filter((n) => n.startsWith('import ') || n === 'exposure build')).toEqual([]);
    console.log(
      `[snapshot] moderate (${files.length} files, ${(bytes / 1e6).toFixed(1)} MB): first chart after import at ${first.shownAt} ms; ` +
        `timeline ${JSON.stringify(imported)}; reload: first chart ${reloaded.shownAt} ms after page load; timeline ${JSON.stringify(await timeline(page))}; load ${load()}`,
    );
    // The rest of the snapshot, restored in the background after the first chart.
    await page.waitForFunction(() => performance.getEntriesByName('snapshot restore rest').length > 0, undefined, { timeout: 900_000 });
    const rest = (await timeline(page)).find((m) => m.name === 'snapshot restore rest');
    console.log(`[snapshot] moderate reload: every table in ${rest!.at + rest!.ms} ms after page load (the rest ${rest!.ms} ms); load ${load()}`);
  }, 1_800_000);
});
