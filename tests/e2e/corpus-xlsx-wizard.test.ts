/**
 * The corpus workbooks through the wizard in Chromium (issue 13): the six `.xlsx` layouts of
 * tests/fixtures/corpus/xlsx (a Datix-style listing under merged title rows, the ward's restraint
 * log keyed by its references, a patient list with a hidden Notes sheet, a HealthRoster report
 * with a header block and date-time cells, a SafeCare requirement, a care app's ABC export under a
 * merged group-header row) dropped in together. Each card's first proposal is the kind
 * expected.json gives and is Ready with no correction; on the Import summary every file's rows
 * are accounted for (read = accepted + rejected), the counts a person reads off the sheets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { corpusSet, dropAndCheckKinds } from './corpusWizard';
import { startJourney, type Journey } from './harness';

const SET = corpusSet('xlsx');
const FILES = SET.files;
/**
 * Data rows of the sheets (generate-xlsx.ts writes them): 44 incidents, 30 restraint log lines
 * (16 restraints, 14 seclusions — every one goes in, the seclusions with no position too),
 * 8 patients, 3 wards × 3 shifts, 46 ABC charts. The roster's count is drawn at random: only its
 * sum is checked.
 */
const ROWS: Record<string, number> = {
  'datix-listing.xlsx': 44,
  'restraint-log.xlsx': 30,
  'patient-list.xlsx': 8,
  'safecare-requirements.xlsx': 9,
  'careapp-abc.xlsx': 46,
};

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});
afterEach(() => j.assertClean());

describe('corpus workbooks in the wizard together', () => {
  test('each is Ready as its expected kind, and every row is accounted for', async () => {
    const { page } = j;
    const card = await dropAndCheckKinds(j, SET, FILES);
    for (const file of FILES) await expect.poll(() => card(file).getAttribute('data-status'), { message: file }).toBe('ready');
    // The restraint log's type is the intervention, its positions kept beside it.
    const log = card('restraint-log.xlsx');
    await expect(log.getByTestId('mapping-table').locator('tr[data-field="type"] select').first().inputValue()).resolves.toBe('Intervention');
    await expect(log.textContent()).resolves.toMatch(/“?"?Position"?”? holds restraint positions/);

    await page.getByTestId('start-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    const counts = async (file: string) => {
      const c = page.locator(`[data-testid="import-card"][data-file="${file}"]`);
      await c.waitFor({ timeout: 120_000 });
      const n = async (id: string) => Number((await c.getByTestId(id).textContent())!.replace(/,/g, ''));
      return { read: await n('import-read'), accepted: await n('import-accepted'), rejected: await n('import-rejected') };
    };
    for (const file of FILES) {
      const c = await counts(file);
      expect(c.read, file).toBeGreaterThan(0);
      expect(c.read, file).toBe(c.accepted + c.rejected);
      if (ROWS[file] !== undefined) expect(c, file).toEqual({ read: ROWS[file], accepted: ROWS[file], rejected: 0 });
    }
  });
});
