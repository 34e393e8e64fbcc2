/**
 * The ABC page on the sample service in Chromium: the planted pattern (after a demand, more
 * physical aggression and the demand withdrawn: sample-data/effects.ts PLANTED.abc) is said in the
 * page's sentences and tables, and every number equals the headless engine's (analyze() in Node,
 * same files); the controls are reached and used with the keyboard alone; the incidents behind a
 * cell are listed on request by pseudonym, without descriptions or staff ids.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { comparisonGroup, groupSentence, type AbcResult } from '../../src/analysis/abc';
import type { FileKind } from '../../src/ingest/canonical';
import { SAMPLE_DIR } from '../fixtures/sampleFiles';
import { ROOT, startJourney, valueOf, type Journey } from './harness';
import { samplePersonValue } from './people';
import { sampleResult } from './sampleEngine';

const SAMPLE = SAMPLE_DIR;

const NO_FILTERS = { from: null, to: null, unit: null, personId: null };

let j: Journey;
let expected: Promise<AbcResult>;
beforeAll(async () => {
  // The Node engine's result (made once per run) while the browser loads.
  expected = sampleResult(NO_FILTERS).then((r) => r.analyses.abc as AbcResult);
  expected.catch(() => undefined);
  j = await startJourney();
}, 120_000);
afterAll(async () => {
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

/** Equal up to floating-point noise between the two DuckDB builds. */
function same(actual: number | null, want: number | null | undefined): void {
  if (want === null || want === undefined) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
}

/** Press Tab until the element with this test id has focus (at most `limit` presses). */
async function tabTo(page: Page, testid: string, limit = 400): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testid)) return i;
  }
  throw new Error(`Tab never reached ${testid}`);
}

describe('the ABC page on the sample service', () => {
  test('says the planted pattern, with the same numbers as the headless engine', async () => {
    await j.goto('/?view=abc&sample=1');
    const { page } = j;
    await page.getByTestId('abc-results').waitFor({ timeout: 120_000 });
    await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
    const r = await expected;

    same(await valueOf(page, 'abc-incidents'), r.incidents);
    // The hedged sentence of the planted escape-like pattern leads.
    await expect(page.getByTestId('abc-finding-0').textContent()).resolves.toBe(r.findings[0]);
    expect(r.findings[0]).toMatch(/^After “demand placed”, the consequence recorded was “demand withdrawn” .* escape-maintained behaviour; a specialist should assess it\.$/);
    for (const [i, row] of r.antecedents.entries()) same(await valueOf(page, `abc-antecedents-incidents-${i}`), row.incidents);

    // Both comparisons open on "demand placed" (the strongest pattern), chart, sentence and table.
    for (const [id, kind, what] of [
      ['abc-behaviour-given-antecedent', 'behaviourGivenAntecedent', 'behaviour'],
      ['abc-consequence-given-antecedent', 'consequenceGivenAntecedent', 'consequence'],
    ] as const) {
      const rows = comparisonGroup(r, kind, 'demand placed');
      await expect(page.getByTestId(`${id}-select`).inputValue()).resolves.toBe('demand placed');
      await expect(page.getByTestId(`${id}-sentence`).textContent()).resolves.toBe(groupSentence('demand placed', what, rows));
      for (const [i, row] of rows.entries()) {
        same(await valueOf(page, `${id}-incidents-${i}`), row.incidents);
        same(await valueOf(page, `${id}-ratio-${i}`), row.ratio);
      }
      const chart = page.getByTestId(`card-${id}`).locator('.chart');
      await expect(chart.locator('.ci-rectangle').count(), 'a drawn bar per row with a value above 0').resolves.toBe(rows.filter((r) => (r.ratio ?? 0) > 0).length);
    }
    await expect(page.getByTestId('abc-behaviour-given-antecedent-sentence').textContent()).resolves.toMatch(
      /the behaviour “physical aggression” was recorded in 57 % of incidents against 26 % overall/,
    );
    for (const e of r.settingEvents) same(await valueOf(page, `abc-se-${e.condition}-rr`), e.rateRatio?.estimate);
    await expect(page.getByTestId('abc-setting-events-sentence').textContent()).resolves.toBe(r.sentences.settingEvents);
    await j.screenshot('abc-page');
  }, 240_000);

  test('is worked with the keyboard: choose an antecedent, then list the incidents behind a cell', async () => {
    const { page } = j;
    const r = await expected;
    await page.locator('h1').focus();
    await tabTo(page, 'abc-behaviour-given-antecedent-select');
    // The next antecedent in the list, chosen with the arrow key.
    const second = r.antecedents[1]!.value;
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('abc-behaviour-given-antecedent-select').inputValue()).resolves.toBe(second);
    await expect(page.getByTestId('abc-behaviour-given-antecedent-sentence').textContent()).resolves.toBe(
      groupSentence(second, 'behaviour', comparisonGroup(r, 'behaviourGivenAntecedent', second)),
    );

    // On to the "List" button of demand placed → demand withdrawn, and Enter.
    await tabTo(page, 'abc-consequence-given-antecedent-list-demand withdrawn');
    await page.keyboard.press('Enter');
    const cell = page.getByTestId('abc-cell');
    await cell.getByTestId('abc-cell-table').waitFor();
    const n = r.consequencesGivenAntecedent.find((x) => x.antecedent === 'demand placed' && x.consequence === 'demand withdrawn')!.incidents;
    await expect(page.getByTestId('abc-cell-sentence').textContent()).resolves.toMatch(new RegExp(`^${n} incidents; the first 50 are listed\\.`));
    await expect(cell.locator('tbody tr').count()).resolves.toBe(50);
    // Focus moved to the list; people by pseudonym; no description, no staff id.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('abc-cell-title');
    const text = (await cell.textContent()) ?? '';
    expect(text).toMatch(/Person [0-9A-F]{6}/);
    expect(text).not.toMatch(/Distressed after|\bP00\d\b|\b[SBA]\d{3}\b/);
    // On to Close (past the table's box, a stop only while the table scrolls sideways: TableScroll).
    await tabTo(page, 'abc-cell-close', 5);
    await page.keyboard.press('Enter');
    await cell.waitFor({ state: 'detached' });
  }, 120_000);

  test('the evidence pack has the specialist section only when it is ticked, with the hedged sentence', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Evidence pack', exact: true }).click();
    await page.getByLabel('Person', { exact: true }).selectOption(await samplePersonValue(page, 'P001'));
    await page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('pack-specialist').count()).resolves.toBe(0);
    // Ticked with the keyboard.
    await page.getByTestId('specialist').focus();
    await page.keyboard.press('Space');
    const section = page.getByTestId('pack-specialist');
    await section.waitFor();
    // The pack keeps numbers and their units together with no-break spaces; read them as spaces.
    const first = ((await section.getByTestId('pack-specialist-findings').locator('li').first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
    expect(first).toMatch(
      /^After “demand placed”, the consequence recorded was “demand withdrawn” in 49 % of incidents against 15 % overall .* escape-maintained behaviour; a specialist should assess it\.$/,
    );
    expect((await section.textContent()) ?? '').not.toMatch(/\b[SBA]\d{3}\b/);
    await j.screenshot('abc-evidence-pack');
  }, 180_000);
});
