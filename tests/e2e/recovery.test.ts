/**
 * The DuckDB worker fails and the workspace comes back. Files are imported through the start page
 * (so they are kept in IndexedDB); then the worker is made to fail in two real ways, with no hook
 * in the app: an uncaught error in the worker (its `error` event, as a wasm abort would raise),
 * and DuckDB running out of memory (its memory limit lowered below what the next query needs,
 * through the worker's own message protocol). Each time the app must say so in plain words, start
 * a fresh worker and import the kept files again: the same counts, numbers and pseudonyms.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT, startJourney, personOptions, snapshotWhole, type Journey } from './harness';
import { appWorker, sqlInAppWorker } from '../../src/cli/appWorker';

const SAMPLE = path.join(ROOT, 'sample-data');
const FILES = ['people.csv', 'incidents.csv', 'restrictive_interventions.csv', 'shifts.csv', 'staffing_requirements.csv'].map((f) => path.join(SAMPLE, f));

interface Snapshot {
  cards: string[];
  staffing: Record<string, string>;
  people: string[];
}

/** The import summary's counts, every number the staffing view exposes, and its people list. */
async function snapshot(page: Page): Promise<Snapshot> {
  await page.getByRole('link', { name: 'Import summary' }).click();
  await page.getByTestId('import-card').first().waitFor({ timeout: 120_000 });
  const cards = await page
    .getByTestId('import-card')
    .evaluateAll((els) =>
      els.map((el) => ['import-read', 'import-accepted', 'import-rejected'].map((id) => el.querySelector(`[data-testid="${id}"]`)?.textContent).join(' ') + ` ${el.getAttribute('data-file')}`),
    );
  await page.getByRole('link', { name: 'Staffing and incidents' }).click();
  await page.getByTestId('headline').waitFor({ timeout: 120_000 });
  await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
  const staffing = await page
    .locator('main [data-testid][data-value]')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!, e.getAttribute('data-value')!])));
  const people = await personOptions(page);
  return { cards, staffing, people };
}

/** The notice the app shows once it has started the database again. */
async function recoveryNotice(page: Page): Promise<string> {
  const notice = page.getByTestId('action-error');
  await notice.waitFor({ timeout: 120_000 });
  await expect.poll(() => notice.textContent(), { timeout: 120_000 }).toContain('loaded your workspace back');
  const text = (await notice.textContent())!;
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  return text;
}

/** The database's identity: a new worker answers with a new blob: URL. */
const workerUrl = async (page: Page) => (await appWorker(page)).url();

let j: Journey;
let before: Snapshot;
beforeAll(async () => {
  j = await startJourney();
  await j.goto('/');
  await j.page.getByLabel('Import your files').setInputFiles(FILES);
  await j.page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
  before = await snapshot(j.page);
});
afterAll(async () => {
  await j?.close();
});

/** What a failure legitimately logs (duckdb-wasm's own error logging); anything else is a problem. */
function forgiveFailureLogs(): void {
  const expected = /error in duckdb worker|simulated crash|Out of Memory Error|^ErrorEvent$/;
  for (const list of [j.consoleErrors, j.pageErrors]) {
    const keep = list.filter((e) => !expected.test(e));
    list.splice(0, list.length, ...keep);
  }
}

describe('when the database worker fails', () => {
  test('the workspace to recover is real: files imported, numbers shown', () => {
    expect(before.cards).toHaveLength(FILES.length);
    expect(Number(before.staffing['person-periods'])).toBeGreaterThan(0);
    expect(Number(before.staffing['incidents'])).toBeGreaterThan(0);
    expect(before.people.length).toBeGreaterThan(1);
  });

  test('a crash of the worker is said in words, a new worker starts and the same workspace is back', async () => {
    const { page } = j;
    const oldWorker = await workerUrl(page);
    const worker = await appWorker(page);
    // An uncaught error in the worker's global scope: the Worker's `error` event on the page.
    await worker.evaluate("setTimeout(() => { throw new Error('simulated crash'); }, 0)");
    const text = await recoveryNotice(page);
    expect(text).toContain('The in-browser database stopped working unexpectedly.');
    expect(text).toContain('nothing that was kept is lost');
    expect(await workerUrl(page)).not.toBe(oldWorker);
    expect(await snapshot(page)).toEqual(before);
    forgiveFailureLogs();
    j.assertClean();
  });

  test('running out of memory is said in words, with what to do, and the same workspace is back', async () => {
    const { page } = j;
    const oldWorker = await workerUrl(page);
    // The workspace brought back after the crash comes from its snapshot, the later tables in the
    // background: running out of memory while those load is a failed load (held back, rightly),
    // not the failed analysis this test is about.
    await snapshotWhole(page);
    // Leave DuckDB a few hundred kilobytes above what it holds: the next analysis cannot get its memory.
    const [{ used }] = (await sqlInAppWorker(page, 'SELECT sum(memory_usage_bytes)::BIGINT AS used FROM duckdb_memory()')) as [{ used: number }];
    await sqlInAppWorker(page, `SET memory_limit = '${used + 256 * 1024}B'`);
    await page.getByRole('link', { name: 'When', exact: true }).click();
    const text = await recoveryNotice(page);
    expect(text).toContain('The in-browser database ran out of memory and had to stop.');
    expect(text).toContain('close other tabs');
    expect(await workerUrl(page)).not.toBe(oldWorker);
    // A fresh database, with DuckDB's default limit again.
    const [{ limit }] = (await sqlInAppWorker(page, "SELECT current_setting('memory_limit') AS limit")) as [{ limit: string }];
    expect(limit).not.toMatch(/^\d+(\.\d+)? ?(B|KiB|KB)$/);
    expect(await snapshot(page)).toEqual(before);
    forgiveFailureLogs();
    j.assertClean();
  });

  test('the recovered workspace is still the kept one after a reload', async () => {
    await j.page.reload();
    await j.page.getByRole('heading', { level: 1 }).waitFor();
    expect(await snapshot(j.page)).toEqual(before);
    j.assertClean();
  });
});
