/**
 * A grid rota (staff as rows, days as columns) through the import wizard in Chromium: the wizard
 * recognises the grid, asks the times of the one code it cannot settle ("Sick"), imports every
 * cell accounted for, and a reload imports the kept file the same way (its answer remembered).
 * The sheet and the rows a person reads from it: tests/unit/ingest/grid/fixtures.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DEVELOPMENT_CASES } from '../unit/ingest/grid/fixtures';
import { writeXlsx } from '../../src/cli/xlsxWriter';
import { startJourney, type Journey } from './harness';

let j: Journey;
let tmp: string;
let file: string;
beforeAll(async () => {
  j = await startJourney();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-grid-'));
  file = path.join(tmp, 'oak-week-1.csv');
  fs.writeFileSync(file, DEVELOPMENT_CASES[0]!.cells.map((r) => r.join(',')).join('\r\n'));
});
afterAll(async () => {
  await j?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  j.assertClean();
});

describe('a grid rota in the wizard', () => {
  test('asks the times of "Sick", imports 16 shifts from 28 cells, and a reload gives the same', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles([file]);
    const card = page.locator('[data-testid="wizard-file"][data-file="oak-week-1.csv"]');
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 30_000 }).toBe('open');
    await expect(card.getByTestId('grid-rota').textContent()).resolves.toMatch(/7 days as columns \(2025-01-06 to 2025-01-12\)\. 28 day cells: 15\s+shifts, 1 not readable yet, 12 with no shift/);
    const q = card.locator('[data-testid="grid-code-question"][data-code="Sick"]');
    await expect(q.locator('legend').textContent()).resolves.toMatch(/What times is “Sick”\? \(1 cell, e\.g\. Cara Dunn, Thu 09\/01\)/);
    await q.getByLabel('Start').fill('07:00');
    await q.getByLabel('End').fill('19:30');
    await q.getByRole('button', { name: 'Use these times' }).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('ready');

    await page.getByTestId('start-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    const counts = async () => {
      const c = page.locator('[data-testid="import-card"][data-file="oak-week-1.csv"]');
      const n = async (id: string) => Number((await c.getByTestId(id).textContent())!.replace(/,/g, ''));
      return { read: await n('import-read'), accepted: await n('import-accepted'), rejected: await n('import-rejected') };
    };
    await expect(counts()).resolves.toEqual({ read: 16, accepted: 16, rejected: 0 });

    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Import summary' }).click();
    await page.locator('[data-testid="import-card"][data-file="oak-week-1.csv"]').waitFor({ timeout: 120_000 });
    await expect(counts()).resolves.toEqual({ read: 16, accepted: 16, rejected: 0 });
  });

  test('a workbook of week sheets with a Key sheet: asks only the code neither settles, imports both weeks', async () => {
    const { page } = j;
    // Two week sheets and a Key sheet (T = 08:00-16:00); "SD" on week 2 is what nobody has said.
    const week = (title: string, days: string[], rows: string[][]) => [[title], ['Name', ...days], ...rows];
    const book = path.join(tmp, 'willow.xlsx');
    fs.writeFileSync(
      book,
      writeXlsx([
        { name: 'Week 1', rows: week('Willow Ward w/c 5 May 2025', ['Mon 05/05', 'Tue 06/05', 'Wed 07/05', 'Thu 08/05', 'Fri 09/05'], [['Amy Brown', 'E', 'T', 'L', 'OFF', 'N'], ['Ben Cole', 'L', 'L', 'T', 'E', 'E']]) },
        { name: 'Week 2', rows: week('Willow Ward w/c 12 May 2025', ['Mon 12/05', 'Tue 13/05', 'Wed 14/05', 'Thu 15/05', 'Fri 16/05'], [['Amy Brown', 'E', 'SD', 'L', 'T', 'N'], ['Ben Cole', 'L', 'L', 'E', 'E', 'E']]) },
        { name: 'Key', rows: [['Key'], ['T = 08:00-16:00']] },
      ]),
    );
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles([book]);
    const card = page.locator('[data-testid="wizard-file"][data-file="willow.xlsx"]');
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 30_000 }).toBe('open');
    // 2 sheets × 2 staff × 5 days = 20 cells: 18 shifts (9 a week), OFF no shift, SD not readable yet.
    await expect(card.getByTestId('grid-rota').textContent()).resolves.toMatch(/20 day cells: 18\s+shifts, 1 not readable yet, 1 with no shift/);
    await expect(card.locator('[data-testid="grid-code-question"]').evaluateAll((qs) => qs.map((q) => q.getAttribute('data-code')))).resolves.toEqual(['SD']);
    const q = card.locator('[data-testid="grid-code-question"][data-code="SD"]');
    await expect(q.locator('legend').textContent()).resolves.toMatch(/“SD”\? \(1 cell, e\.g\. Amy Brown, Week 2: Tue 13\/05\)/);
    await q.getByRole('button', { name: 'Not a shift' }).click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('ready');

    await page.getByTestId('start-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    const c = page.locator('[data-testid="import-card"][data-file="willow.xlsx"]');
    await c.waitFor({ timeout: 120_000 });
    const n = async (id: string) => Number((await c.getByTestId(id).textContent())!.replace(/,/g, ''));
    await expect(Promise.all([n('import-read'), n('import-accepted'), n('import-rejected')])).resolves.toEqual([18, 18, 0]);
  });
});
