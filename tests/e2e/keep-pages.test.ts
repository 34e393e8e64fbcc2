/**
 * The pages' tables kept across a reload (ui/snapshots.ts saveKeptPart) in the built app: files
 * imported, the snapshot saved, then When opened (its tables built after the save and kept as a
 * part once the app is idle), and the page reloaded in the same profile. A person would expect
 * When to open after the reload from its kept tables — the app's timeline shows no `model.*`
 * build of them — with the same numbers; and a reload in the middle of the next part's save to
 * leave a workspace that still restores, with the same numbers, the part read whole or not at all.
 * Assertions are about what the app built and restored, never about times.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ROOT, startJourney, type Journey } from './harness';
import { PAGE_READY } from '../../src/cli/benchBrowser';

const FILES = ['people.csv', 'incidents.csv', 'shifts.csv'].map((f) => path.join(ROOT, 'sample-data', f));

let j: Journey;
const said: string[] = [];

beforeAll(async () => {
  j = await startJourney();
  j.page.on('console', (m) => said.push(`${new Date().toISOString()} ${m.type()}: ${m.text()}`));
});

afterAll(async () => {
  await j?.context.close();
});

beforeEach(({ onTestFailed }) => {
  said.length = 0;
  onTestFailed(() => console.log(`[keep-pages] the app's console during the failed test:\n${said.join('\n')}`));
});

/** The model tables the app built since this page loaded (its timeline's `model.<table>`). */
const built = (page: Page) => page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('model.')).map((m) => m.name.slice('model.'.length)));

/** Open an analysis page from the menu and read its results once drawn. */
async function open(page: Page, label: string, testid: string): Promise<string> {
  await page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
  const ready = (await page.evaluate(`(${PAGE_READY})(${JSON.stringify(testid)})`)) as { error?: string };
  expect(ready.error).toBeUndefined();
  // Its words and numbers; the charts' axes are left out (drawn in their own time).
  return page.getByTestId(`${testid}-results`).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('svg').forEach((svg) => svg.remove());
    return copy.textContent ?? '';
  });
}

/** Resolves once the app has saved the pages' tables it built last (a part save begun after its last build ended, itself ended). */
const pagesKept = (page: Page) =>
  page.waitForFunction(
    () => {
      const built = Math.max(0, ...performance.getEntriesByType('measure').filter((m) => m.name.startsWith('model.')).map((m) => m.startTime + m.duration));
      return performance.getEntriesByName('snapshot part save', 'measure').some((m) => m.startTime >= built);
    },
    undefined,
    { timeout: 180_000, polling: 250 },
  );

/** The kept snapshot's pointer (read with the browser's own API): the parts it lists. */
const keptParts = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ tables: string[] }[] | null>((resolve, reject) => {
        const req = indexedDB.open('pbs-lens');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('meta').objectStore('meta').get('extra:snapshot');
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { parts?: { tables: string[] }[] } | undefined)?.parts ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );

/** The part records in the browser's store, and those the pointer lists or notes as being written (stored before listed). */
const partRecords = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ stored: string[]; named: string[] }>((resolve, reject) => {
        const req = indexedDB.open('pbs-lens');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const meta = db.transaction('meta').objectStore('meta');
          const keys = meta.getAllKeys();
          const pointer = meta.get('extra:snapshot');
          keys.onerror = pointer.onerror = () => reject(keys.error ?? pointer.error);
          pointer.onsuccess = () => {
            db.close();
            const p = pointer.result as { parts?: { key: string }[]; writing?: string[] } | undefined;
            const stored = (keys.result as string[]).filter((k) => /^extra:snapshot:[^:]+:part/.test(k)).map((k) => k.slice('extra:'.length));
            resolve({ stored: stored.sort(), named: [...(p?.parts ?? []).map((x) => x.key), ...(p?.writing ?? [])].sort() });
          };
        };
      }),
  );

describe("keeping the pages' tables across a reload", () => {
  let when: string;

  test('a page opened after the snapshot was saved opens after the reload from its kept tables: no build, the same numbers', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles(FILES);
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 180_000 });
    await page.waitForFunction(() => performance.getEntriesByName('snapshot save').length > 0, undefined, { timeout: 180_000 });
    when = await open(page, 'When', 'when');
    expect(await built(page)).toContain('exposure_incidents');
    await pagesKept(page);
    const parts = await keptParts(page);
    expect(parts?.flatMap((p) => p.tables)).toContain('exposure_incidents');

    await page.reload();
    expect(await open(page, 'When', 'when')).toBe(when);
    expect(await built(page)).toEqual([]);
    const names = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => m.name));
    expect(names).toContain('snapshot restore');
    expect(names.filter((n) => n.startsWith('import ') || n === 'exposure build')).toEqual([]);
    j.assertClean();
  });

  test('a reload in the middle of the next save (its part stored, the pointer not yet moved) still restores: the unlisted part is ignored, and kept by the next save', async () => {
    const { page } = j;
    // The page goes away just as the app would list the second part: its bytes are stored, the pointer never written.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
        const parts = (value as { parts?: unknown[] } | null)?.parts;
        if (key === 'extra:snapshot' && Array.isArray(parts) && parts.length === 2) {
          (window as unknown as { cut: boolean }).cut = true;
          throw new DOMException('the page was closed', 'AbortError');
        }
        return put.call(this, value, key);
      };
    });
    const overTime = await open(page, 'Over time', 'over-time');
    const overTimeBuilt = await built(page);
    expect(overTimeBuilt).toContain('unit_days');
    await page.waitForFunction(() => (window as unknown as { cut?: boolean }).cut === true, undefined, { timeout: 180_000 });
    await page.reload();
    // A part no pointer names (as one of a pointer from before parts had keys): the next listing deletes it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open('pbs-lens');
          req.onsuccess = () => {
            const tx = req.result.transaction('meta', 'readwrite');
            tx.objectStore('meta').put({ blob: new Blob([new Uint8Array(8)]) }, 'extra:snapshot:old:part0');
            tx.oncomplete = () => (req.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
          req.onerror = () => reject(req.error);
        }),
    );
    expect((await partRecords(page)).stored).toContain('snapshot:old:part0');
    expect((await keptParts(page))?.length).toBe(1);
    expect(await open(page, 'When', 'when')).toBe(when);
    expect(await open(page, 'Over time', 'over-time')).toBe(overTime);
    // When's tables came from the listed part; Over time's, in the unlisted one, are built again.
    expect((await built(page)).sort()).toEqual(overTimeBuilt.sort());
    // The next save keeps it (under a new key; the unlisted bytes are deleted); the reload after that builds nothing.
    await pagesKept(page);
    expect((await keptParts(page))?.flatMap((p) => p.tables)).toContain('unit_days');
    // Every part's bytes in the store are listed: the cut one (noted as being written, its page gone) and the planted one are deleted.
    const records = await partRecords(page);
    expect(records.stored).toEqual(records.named);
    expect(records.stored).toHaveLength(2);
    await page.reload();
    expect(await open(page, 'Over time', 'over-time')).toBe(overTime);
    expect(await built(page)).toEqual([]);
    j.assertClean();
  });
});
