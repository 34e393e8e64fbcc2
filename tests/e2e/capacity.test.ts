/**
 * Before an import starts, a file too large for the browser's memory is said so plainly, and
 * nothing is imported until the user chooses to go ahead. The device is made small (the browser's
 * navigator.deviceMemory, overridden before the app loads) so a real sample file is "too large".
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startJourney, ROOT, type Journey } from './harness';

const SHIFTS = path.join(ROOT, 'sample-data', 'shifts.csv');
let j: Journey;

beforeAll(async () => {
  j = await startJourney();
  // 0.001 GB of device memory: PBS Lens may use half, about 0.5 MB; the sample rota is 0.84 MB.
  await j.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.001 }));
}, 120_000);
afterAll(async () => j?.close());

describe('a file too large for this browser', () => {
  test('is refused in words until the user chooses to import anyway', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles([SHIFTS]);
    const warning = page.getByTestId('too-large');
    await warning.waitFor({ timeout: 60_000 });
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain('Too large for this browser');
    expect(text).toMatch(/This file holds 1 MB of data and would need about \d+ MB of memory once imported/);
    expect(text).toContain('one year at a time');
    await j.screenshot('import-too-large');
    // The canonical rota would go straight through once read; here it waits, and Import is not
    // offered. Read means the card says canonical; two frames later its effects have run.
    await expect.poll(() => page.getByTestId('wizard-file').getAttribute('data-status'), { timeout: 60_000 }).toBe('canonical');
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await expect(page.getByTestId('import-wizard').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('start-import').isDisabled()).resolves.toBe(true);
    // The user goes ahead: the import runs and reports every row.
    await page.getByTestId('import-anyway').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    const read = Number((await page.getByTestId('import-read').first().textContent())!.replace(/,/g, ''));
    expect(read).toBe(fs.readFileSync(SHIFTS, 'utf8').trim().split('\n').length - 1);
    j.assertClean();
  }, 180_000);
});
