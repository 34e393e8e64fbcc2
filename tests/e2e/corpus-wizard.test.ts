/**
 * Corpus files dropped into the wizard together (issue 13): a raw Datix incidents extract and its
 * restraint table keyed by `inc_ourref`, a HealthRoster-style rota and a ward's patient list, as
 * written in tests/fixtures/corpus/dev. Each card's first proposal is the kind a person reading
 * the file chose (expected.json), the restraint → incident link is shown, the one genuinely open
 * question (what the Datix severity codes SEV and MOD mean) is answered, and on the Import
 * summary every file's rows are accounted for: read = accepted + rejected.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { corpusSet, dropAndCheckKinds } from './corpusWizard';
import { startJourney, type Journey } from './harness';

const SET = corpusSet('dev');
const FILES = ['datix-raw-incidents.csv', 'datix-raw-restraint.csv', 'healthroster-roster.csv', 'patients.csv'];

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});
afterEach(() => j.assertClean());

describe('corpus files in the wizard together', () => {
  test('first proposals are the expected kinds, the link is shown, and every row is accounted for', async () => {
    const { page } = j;
    const card = await dropAndCheckKinds(j, SET, FILES);
    // Only the incidents have a question; the others are ready as proposed.
    for (const file of FILES.filter((f) => f !== 'datix-raw-incidents.csv')) await expect.poll(() => card(file).getAttribute('data-status')).toBe('ready');

    // The restraint rows quote the incident reference: shown on the restraint card.
    const links = card('datix-raw-restraint.csv').getByTestId('file-links');
    await expect(links.textContent()).resolves.toMatch(/“inc_ourref” of datix-raw-restraint\.csv refers to “inc_ourref” of datix-raw-incidents\.csv: 100 %/);
    await expect(card('datix-raw-restraint.csv').getByTestId('mapping-table').locator('tr[data-field="incident_id"] select').inputValue()).resolves.toBe('inc_ourref');

    // The genuinely open question: Datix's own severity codes.
    const incidents = card('datix-raw-incidents.csv');
    await expect.poll(() => incidents.getAttribute('data-status')).toBe('open');
    const severity = incidents.locator('fieldset.question').filter({ hasText: 'inc_severity' });
    await severity.getByLabel(/“SEV”/).selectOption('4');
    await severity.getByLabel(/“MOD”/).selectOption('3');
    await expect.poll(() => incidents.getAttribute('data-status')).toBe('ready');

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
    }
    // 60 incident rows and 30 restraint rows (the files' lines less the header), none refused.
    await expect(counts('datix-raw-incidents.csv')).resolves.toEqual({ read: 60, accepted: 60, rejected: 0 });
    await expect(counts('datix-raw-restraint.csv')).resolves.toEqual({ read: 30, accepted: 30, rejected: 0 });
  });
});
