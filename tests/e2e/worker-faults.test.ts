/**
 * Faults of the database worker that the app once did not survive (issue 15, items 2 and 3):
 *
 * - A poisoned workspace: kept files whose model build stops the database. The app must not load
 *   them again blindly (it did, on every reload); it says so and offers a retry and "Delete all
 *   data", and that deletion leaves no IndexedDB database behind.
 * - A worker that dies without an error event (it closes itself) while the page waits for it: the
 *   page must notice and recover as from a crash, not sit on "Calculating…".
 * - A worker that hangs: "Delete all data" still deletes everything and starts a fresh database.
 *
 * No hook in the app. The poison is injected from outside, the way a real out-of-memory failure
 * reaches the app: a page script (addInitScript) wraps Worker.prototype.postMessage and, while
 * localStorage holds `test:poisoned-workspace`, answers the model build's first statement (the
 * one creating `periods`) by raising an `error` event on the worker with DuckDB's out-of-memory
 * message instead of sending it. The flag stands for the kept data that poisons the build: it
 * lives in the origin's storage, so "Delete all data" removes it with the rest.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT, startJourney, type Journey } from './harness';
import { appWorker } from '../../src/cli/appWorker';

const SAMPLE = path.join(ROOT, 'sample-data');
const FILES = ['people.csv', 'incidents.csv', 'shifts.csv'].map((f) => path.join(SAMPLE, f));
const POISON = 'test:poisoned-workspace';

const POISON_SCRIPT = `(() => {
  // Every worker the page makes, so a test can terminate the app's from the page, as the browser would kill it.
  const Native = Worker;
  window.__workers = [];
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.__workers.push(this);
    }
  };
  const post = Worker.prototype.postMessage;
  window.__buildAttempts = 0;
  Worker.prototype.postMessage = function (msg, transfer) {
    const sql = msg && (msg.type === 'RUN_QUERY' || msg.type === 'CREATE_PREPARED') ? String(msg.data && msg.data[1]) : '';
    if (localStorage.getItem(${JSON.stringify(POISON)}) && /CREATE OR REPLACE TABLE periods\\b/.test(sql)) {
      window.__buildAttempts++;
      setTimeout(() => this.dispatchEvent(new ErrorEvent('error', { message: 'Out of Memory Error: could not allocate block of size 256 KiB (simulated)' })), 0);
      return;
    }
    return post.call(this, msg, transfer);
  };
})();`;

const buildAttempts = (page: Page) => page.evaluate(() => (window as unknown as { __buildAttempts: number }).__buildAttempts);
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
const workerUrl = async (page: Page) => (await appWorker(page)).url();

/** What a failure legitimately logs (duckdb-wasm's own error logging); anything else is a problem. */
function forgiveFailureLogs(j: Journey): void {
  const expected = /error in duckdb worker|Out of Memory Error|^ErrorEvent$|unassociated response/;
  for (const list of [j.consoleErrors, j.pageErrors]) {
    const keep = list.filter((e) => !expected.test(e));
    list.splice(0, list.length, ...keep);
  }
}

async function importSample(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Start', exact: true }).click();
  await page.getByLabel('Import your files').setInputFiles(FILES);
  await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
  await page.getByTestId('import-card').first().waitFor({ timeout: 120_000 });
}

async function deleteAllData(page: Page): Promise<void> {
  await page.getByTestId('delete-all').click();
  await page.getByTestId('confirm-delete').click();
  await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
}

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
  await j.context.addInitScript(POISON_SCRIPT);
  await j.goto('/');
});
afterAll(async () => {
  await j?.close();
});

describe('a workspace whose kept files stop the database', () => {
  test('is loaded once, then held back with a retry and "Delete all data" — not loaded again on every reload', async () => {
    const { page } = j;
    await importSample(page);
    expect(await databases(page)).toContain('pbs-lens');
    await page.evaluate((key) => localStorage.setItem(key, '1'), POISON);

    // The reload loads the kept files; the build stops the database.
    await page.reload();
    const notice = page.getByTestId('restore-stopped');
    await notice.waitFor({ timeout: 120_000 });
    expect(await notice.textContent()).toContain('ran out of memory');
    expect(await notice.textContent()).toContain('was not loaded');
    expect(await buildAttempts(page)).toBe(1);
    await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
    // No second attempt behind the notice: the workspace stays empty.
    expect(await buildAttempts(page)).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Try loading the kept files again' }).isEnabled()).toBe(true);

    // The next reload does not load them at all, and says why.
    await page.reload();
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toContain('ran out of memory');
    expect(await buildAttempts(page)).toBe(0);
    await j.screenshot('worker-faults-restore-stopped');

    // A retry is the user's choice; it fails once and is held back again.
    await page.getByTestId('retry-restore').click();
    await expect.poll(() => buildAttempts(page), { timeout: 120_000 }).toBe(1);
    await notice.waitFor({ timeout: 120_000 });
    await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
    expect(await buildAttempts(page)).toBe(1);

    // "Delete all data" deletes the stored database, whatever the engine went through.
    await deleteAllData(page);
    await expect.poll(() => databases(page)).not.toContain('pbs-lens');
    expect(await page.evaluate((key) => localStorage.getItem(key), POISON)).toBeNull();
    expect(await notice.count()).toBe(0);
    expect(await page.getByTestId('action-error').count()).toBe(0);

    // A fresh start works: the app is usable again.
    await importSample(page);
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    await page.getByTestId('headline').waitFor({ timeout: 120_000 });
    forgiveFailureLogs(j);
    j.assertClean();
  });
});

describe('a worker that ends without an error event', () => {
  test('is noticed while the page waits for it, and the workspace recovers as from a crash', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    await page.getByTestId('headline').waitFor({ timeout: 120_000 });
    const before = await workerUrl(page);
    // The next statement the worker is sent, it closes itself instead: no error event, no reply.
    const worker = await appWorker(page);
    await worker.evaluate(`(() => {
      const handle = globalThis.onmessage;
      globalThis.onmessage = (e) => {
        if (e.data && (e.data.type === 'RUN_QUERY' || e.data.type === 'CREATE_PREPARED')) { close(); return; }
        return handle(e);
      };
    })()`);
    await page.getByRole('link', { name: 'When', exact: true }).click();
    const notice = page.getByTestId('action-error');
    await expect.poll(() => notice.textContent().catch(() => ''), { timeout: 120_000 }).toContain('loaded your workspace back');
    expect(await notice.textContent()).toContain('stopped working unexpectedly');
    expect(await workerUrl(page)).not.toBe(before);
    // The page that was waiting gets its numbers from the new worker.
    await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
    await page.getByRole('heading', { level: 1, name: 'When incidents happen' }).waitFor();
    await j.screenshot('worker-faults-silent-death-recovered');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    forgiveFailureLogs(j);
    j.assertClean();
  });

  test('is noticed when the page terminates it (no event at all), and the workspace recovers', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    await page.getByTestId('headline').waitFor({ timeout: 120_000 });
    await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
    const before = await workerUrl(page);
    await page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.at(-1)!.terminate());
    const notice = page.getByTestId('action-error');
    await expect.poll(() => notice.textContent().catch(() => ''), { timeout: 120_000 }).toContain('loaded your workspace back');
    expect(await workerUrl(page)).not.toBe(before);
    await page.getByRole('link', { name: 'Over time' }).click();
    await page.getByTestId('over-time-results').waitFor({ timeout: 120_000 });
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    forgiveFailureLogs(j);
    j.assertClean();
  });

  test('"Delete all data" finishes while the worker hangs, and leaves no stored database', async () => {
    const { page } = j;
    expect(await databases(page)).toContain('pbs-lens');
    const worker = await appWorker(page);
    // The worker's thread spins for ever: alive (no error, its lock held) but never answering.
    await worker.evaluate('setTimeout(() => { for (;;) {} }, 0)');
    await page.getByRole('link', { name: 'Restrictive practice' }).click();
    await page.getByTestId('calculating').waitFor({ timeout: 60_000 });
    await deleteAllData(page);
    await expect.poll(() => databases(page)).not.toContain('pbs-lens');
    expect(await page.getByTestId('action-error').count()).toBe(0);
    // The fresh database answers.
    await importSample(page);
    expect(await page.getByTestId('import-card').count()).toBe(FILES.length);
    forgiveFailureLogs(j);
    j.assertClean();
  });
});
