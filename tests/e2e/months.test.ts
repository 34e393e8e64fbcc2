/**
 * Long views by month in the built app (analysis/grain.ts): a service of three years (the sample
 * generated with --years 3, made here) draws Commissioned hours, Plan delivery and PRN use by
 * calendar month, each card saying why and its table's first column "Month"; a start date that
 * leaves two years or less draws them by week again. A person's story from a date inside a month
 * labels that month a part month, as the other pages do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate } from '../../sample-data/lib/generator';
import { parseArgs } from '../../sample-data/generate';
import { MONTHLY_REASON } from '../../src/analysis/grain';
import { startJourney, type Journey } from './harness';
import { samplePersonValue } from './people';

let j: Journey;
let tmp: string;
beforeAll(async () => {
  j = await startJourney();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-months-'));
  generate(parseArgs(['--years', '3', '--out', tmp, '--quiet']));
});
afterAll(async () => {
  await j?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const CARDS = [
  { link: 'Commissioned hours', results: 'commissioned-results', card: 'commissioned-weekly', title: 'Commissioned hours delivered in full and short, by' },
  { link: 'Plan delivery', results: 'plan-results', card: 'plan-weekly', title: 'Proactive strategies delivered, by' },
  { link: 'Restrictive practice', results: 'restrictive-results', card: 'rp-prn', title: 'PRN psychotropic medication for distress, by' },
];

describe('weekly timelines of a three-year service', () => {
  test('are drawn by month with the reason said, and by week again over two years or less', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles(fs.readdirSync(tmp).filter((f) => f.endsWith('.csv')).map((f) => path.join(tmp, f)));
    await page.waitForFunction(() => performance.getEntriesByName('exposure build').length > 0, undefined, { timeout: 300_000 });
    for (const c of CARDS) {
      await page.getByRole('navigation').getByRole('link', { name: c.link, exact: true }).click();
      await page.locator(`[data-testid="${c.results}"][aria-busy="false"]`).waitFor({ timeout: 300_000 });
      const card = page.getByTestId(`card-${c.card}`);
      await expect(card.locator('h2').textContent()).resolves.toBe(`${c.title} month${c.card === 'rp-prn' ? ' (STOMP)' : ''}`);
      await expect(page.getByTestId(`sentence-${c.card}`).textContent()).resolves.toContain(MONTHLY_REASON);
      await expect(card.locator('.chart').getAttribute('aria-label')).resolves.toBe(`Chart by month: ${await card.locator('h2').textContent()}`);
      await card.locator('details summary').first().click();
      await expect(card.locator('thead th').first().textContent()).resolves.toBe('Month');
      // Three whole years: 36 months, the first January 2023 (the generator's years end on 31 Dec 2025).
      await expect.poll(() => card.locator('tbody tr').count()).toBe(36);
      await expect(page.getByTestId(`${c.card}-week-0`).textContent()).resolves.toBe('January 2023');
      // The chart's buckets say the same months (its tooltips), one per table row.
      await expect(card.locator('.chart svg title').count()).resolves.toBe(36);
      await expect(card.locator('.chart svg title').first().textContent()).resolves.toMatch(/^January 2023\n/);

      // From 15 January 2023, still over two years: the month the date cuts is a part month, in the table and the tooltip alike.
      await page.locator('#filter-from').fill('2023-01-15');
      await page.locator(`[data-testid="${c.results}"][aria-busy="false"][data-filters*="2023-01-15"]`).waitFor();
      await expect.poll(() => page.getByTestId(`${c.card}-week-0`).textContent()).toBe('January 2023 (from 15 Jan)');
      await expect(card.locator('.chart svg title').first().textContent()).resolves.toMatch(/^January 2023 \(from 15 Jan\)\n/);

      // From 1 June 2024: 579 days, by week.
      await page.locator('#filter-from').fill('2024-06-01');
      await page.locator(`[data-testid="${c.results}"][aria-busy="false"][data-filters*="2024-06-01"]`).waitFor();
      await expect.poll(() => card.locator('h2').textContent()).toBe(`${c.title} week${c.card === 'rp-prn' ? ' (STOMP)' : ''}`);
      await expect(page.getByTestId(`sentence-${c.card}`).textContent()).resolves.not.toContain(MONTHLY_REASON);
      await page.locator('form.filters button', { hasText: 'Clear filters' }).click();
      await page.locator(`[data-testid="${c.results}"][aria-busy="false"]:not([data-filters*="2024-06-01"])`).waitFor();
    }

    // A person's story over the same dates: by month, its first month a part month in the table, the tooltip and what the keyboard says.
    await page.locator('#filter-from').fill('2023-01-15');
    await page.getByRole('navigation').getByRole('link', { name: "Person's story", exact: true }).click();
    await page.getByLabel('Person', { exact: true }).selectOption(await samplePersonValue(page, 'P001'));
    await page.locator('[data-testid="person-results"][aria-busy="false"][data-filters*="2023-01-15"]').getByTestId('timeline-severity').waitFor({ timeout: 300_000 });
    const severity = page.getByTestId('timeline-severity');
    await expect(severity.locator('h2').textContent()).resolves.toBe('Incidents by severity, by month');
    await severity.locator('details summary').first().click();
    await expect(severity.locator('tbody tr').first().locator('th, td').first().textContent()).resolves.toBe('January 2023 (from 15 Jan)');
    await expect(severity.locator('.chart svg title').first().textContent()).resolves.toMatch(/^January 2023 \(from 15 Jan\)\n/);
    await severity.locator('.chart').focus();
    await page.keyboard.press('ArrowRight');
    await expect(severity.getByTestId('chart-value-said').textContent()).resolves.toMatch(/^January 2023 \(from 15 Jan\): 1 no harm: \d+; 2 low: \d+;/);
    j.assertClean();
  });
});
