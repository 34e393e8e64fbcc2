/**
 * Importing files through the start page's file input, as a user would: the canonical sample
 * files, then a file with bad rows and a file that is not a PBS Lens file at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FILE_KINDS, TABLES } from '../../src/ingest/canonical';
import { ROOT, startJourney, valueOf, type Journey } from './harness';

const SAMPLE = path.join(ROOT, 'sample-data');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

/** Data rows of a CSV counted by PapaParse, independently of the app's own reader. */
function dataRows(file: string): number {
  const parsed = Papa.parse(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  return parsed.data.length;
}

function counts(card: ReturnType<Journey['page']['getByTestId']>) {
  const n = async (id: string) => Number((await card.getByTestId(id).textContent())!.replace(/,/g, ''));
  return Promise.all([n('import-read'), n('import-accepted'), n('import-rejected')]);
}

describe('importing files through the file input', () => {
  test('the canonical sample files import, are summarised and feed the staffing view', async () => {
    await j.goto('/');
    const { page } = j;
    const files = FILE_KINDS.map((k) => path.join(SAMPLE, `${TABLES[k].table}.csv`));
    await page.getByLabel('Import your files').setInputFiles(files);
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    expect(new URL(page.url()).searchParams.get('view')).toBe('import');
    const cards = page.getByTestId('import-card');
    await expect(cards.count()).resolves.toBe(files.length);
    for (const [i, file] of files.entries()) {
      const card = cards.nth(i);
      await expect(card.getAttribute('data-file')).resolves.toBe(path.basename(file));
      const [read, accepted, rejected] = await counts(card);
      expect(read).toBe(dataRows(file));
      expect(accepted + rejected).toBe(read);
      expect(accepted).toBeGreaterThan(0);
    }
    await j.screenshot('import-files');

    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    await page.getByTestId('headline').waitFor({ timeout: 120_000 });
    expect(await valueOf(page, 'person-periods')).toBeGreaterThan(0);
    expect(await valueOf(page, 'incidents')).toBe(dataRows(path.join(SAMPLE, 'incidents.csv')));
  });

  test('rejected rows are listed with line, column, value and reason, and download as CSV; a foreign file is refused plainly', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Start' }).click();
    await page
      .getByLabel('Import your files')
      .setInputFiles([path.join(FIXTURES, 'incidents_with_problems.csv'), path.join(FIXTURES, 'not_a_pbs_file.csv')]);
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });

    const bad = page.locator('[data-testid="import-card"][data-file="incidents_with_problems.csv"]');
    // The fixture has 5 rows: 1 good, then an impossible date, a missing person, a severity of 9 and a repeated id.
    await expect(counts(bad)).resolves.toEqual([5, 1, 4]);
    await expect(bad.getByTestId('import-duplicates').textContent()).resolves.toBe('1');
    const rows = await bad.locator('table.rejects tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
    );
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['3', 'occurred_at', '2025-02-31 09:00'],
      ['4', 'person_id', 'blank'],
      ['5', 'severity', '9'],
      ['6', 'incident_id', 'I1'],
    ]);
    for (const r of rows) expect(r[3]!.length).toBeGreaterThan(5);
    await expect(bad.getByTestId('import-reasons').locator('li').count()).resolves.toBe(4);

    const [download] = await Promise.all([page.waitForEvent('download'), bad.getByTestId('download-rejects').click()]);
    expect(download.suggestedFilename()).toBe('incidents_with_problems-rejected.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.data.map((r) => [r.line, r.column])).toEqual([
      ['3', 'occurred_at'],
      ['4', 'person_id'],
      ['5', 'severity'],
      ['6', 'incident_id'],
    ]);

    const foreign = page.locator('[data-testid="import-card"][data-file="not_a_pbs_file.csv"]');
    await expect(foreign.getByTestId('import-error').textContent()).resolves.toMatch(/could not tell what kind of file/i);
    await expect(foreign.getByTestId('import-read').count()).resolves.toBe(0);
    await j.screenshot('import-problems');
  });
});
