/**
 * The "Check names" step in Chromium: a service written two ways (tests/fixtures/reconcile) —
 * consistent files, and files whose incident export says "Oak Ward", "WILLOW", "Birch" and
 * people's names. Imported messy, the names are checked and confirmed in the page, and the
 * staffing view then shows exactly the numbers of the consistent files, also after a reload.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { INCIDENTS, service } from '../fixtures/reconcile/service';
import { startJourney, personOptions, type Journey } from './harness';

const FILE_NAMES = { people: 'people.csv', requirements: 'staffing_requirements.csv', shifts: 'shifts.csv', incidents: 'incidents.csv', planDelivery: 'plan_delivery.csv' };

let j: Journey;
let dir: string;
const files = (kind: 'clean' | 'messy') => Object.values(FILE_NAMES).map((f) => path.join(dir, kind, f));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-reconcile-e2e-'));
  for (const kind of ['clean', 'messy'] as const) {
    fs.mkdirSync(path.join(dir, kind));
    const texts = service(kind === 'messy');
    for (const [key, name] of Object.entries(FILE_NAMES)) fs.writeFileSync(path.join(dir, kind, name), texts[key as keyof typeof texts]);
  }
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  j.assertClean();
});

async function importFiles(page: Page, paths: string[]): Promise<void> {
  await page.getByRole('link', { name: 'Start' }).click();
  await page.getByLabel('Import your files').setInputFiles(paths);
  await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
  await expect(page.getByTestId('import-card').count()).resolves.toBe(paths.length);
}

/** Every number the staffing view exposes (data-value by test id), its headline and the people list. */
async function staffingNumbers(page: Page): Promise<{ values: Record<string, string>; headline: string; people: string[] }> {
  await page.getByRole('link', { name: 'Staffing and incidents' }).click();
  await page.getByTestId('headline').waitFor({ timeout: 120_000 });
  await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
  const values = await page
    .locator('main [data-testid][data-value]')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!, e.getAttribute('data-value')!])));
  const people = await personOptions(page);
  return { values, headline: (await page.getByTestId('headline').textContent()) ?? '', people };
}

describe('checking names across files', () => {
  let consistent: Awaited<ReturnType<typeof staffingNumbers>>;
  let reconciled: string[];

  test('the consistent files give the reference numbers', async () => {
    await j.goto('/');
    await importFiles(j.page, files('clean'));
    consistent = await staffingNumbers(j.page);
    expect(Number(consistent.values['incidents'])).toBe(INCIDENTS.length);
    expect(consistent.people).toHaveLength(4);
  });

  test('messy files: incidents miss the rota until the names are checked; confirmed, the numbers equal the consistent files', async () => {
    const { page } = j;
    await page.getByTestId('delete-all').click();
    await page.getByTestId('confirm-delete').click();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await importFiles(page, files('messy'));

    // Before: only p4's incidents (on "Birch House", a rota unit) meet the rota.
    const before = await staffingNumbers(page);
    expect(Number(before.values['incidents'])).toBe(INCIDENTS.filter((i) => i.person.id === 'P4').length);

    await page.getByRole('link', { name: 'Check names' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check names across files' }).waitFor();
    await page.getByTestId('units-unmatched').waitFor({ timeout: 60_000 });
    const oakWard = page.locator('[data-testid="unit-row"][data-name="Oak Ward"]');
    await expect(oakWard.textContent()).resolves.toContain('sure: “Oak”');
    // The sure match is already chosen; the ambiguous "Birch" is not.
    await expect(page.getByLabel('Treat “Oak Ward” as').inputValue()).resolves.toBe('Oak');
    await expect(page.getByLabel('Treat “Birch” as').inputValue()).resolves.toBe('');
    await expect(page.locator('[data-testid="unit-row"][data-name="Birch"]').getByTestId('ambiguous').textContent()).resolves.toMatch(
      /could be “Birch (Ward|House)” or “Birch (Ward|House)”/,
    );
    // People show by pseudonym until real names are shown: "Alex Smith" (ambiguous) is a "Person …" row.
    const alexSmith = page.getByTestId('person-row').filter({ has: page.getByTestId('ambiguous') });
    await expect(alexSmith.count()).resolves.toBe(1);
    await expect(alexSmith.locator('th').textContent()).resolves.toMatch(/^Person [0-9A-F]{6}$/);
    await expect(alexSmith.textContent()).resolves.not.toContain('Smith');
    await j.screenshot('reconcile-suggestions');

    // The person choices carry no id (an id may be a name): P3 is found by its label, with real
    // names shown (ticked first: the page reads its lists again when the names change).
    await page.getByTestId('show-real-names').check();
    await expect.poll(() => alexSmith.textContent(), { timeout: 60_000 }).toContain('Smith');
    await page.getByLabel('Treat “Birch” as').selectOption('Birch Ward');
    // Each "use it" says which name it takes for which (a screen reader's list of buttons holds several).
    const useIt = page.locator('[data-testid="unit-row"][data-name="Birch House (ATU)"]').getByRole('button', { name: 'use it' });
    await expect(useIt.getAttribute('aria-label')).resolves.toBe('use it: “Birch House” for “Birch House (ATU)”');
    const names = await page.getByRole('button', { name: /^use it/ }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(new Set(names).size, names.join(' | ')).toBe(names.length);
    await useIt.click();
    await expect(page.getByLabel('Treat “Birch House (ATU)” as').inputValue()).resolves.toBe('Birch House');
    const p3 = alexSmith.locator('option').filter({ hasText: /(^|, )P3 — / });
    await p3.waitFor({ state: 'attached', timeout: 120_000 });
    await alexSmith.locator('select').selectOption({ label: (await p3.textContent())! });
    await page.getByTestId('apply-aliases').click();
    await page.getByTestId('aliases-applied').waitFor({ timeout: 120_000 });
    await page.getByTestId('units-all-matched').waitFor({ timeout: 120_000 });
    await page.getByTestId('show-real-names').uncheck();
    await j.screenshot('reconcile-applied');

    const after = await staffingNumbers(page);
    expect(after.values).toEqual(consistent.values);
    expect(after.headline).toBe(consistent.headline);
    // The name-only references are the four people of the people file again, not extra people.
    // (Same pseudonyms for the same key is checked in the unit test: "Delete all" starts a new key.)
    expect(before.people.length).toBeGreaterThan(4);
    expect(after.people).toHaveLength(4);
    reconciled = after.people;
  });

  test('the confirmed matches survive a reload', async () => {
    await j.page.reload();
    await j.page.getByRole('heading', { level: 1 }).waitFor();
    const restored = await staffingNumbers(j.page);
    expect(restored.values).toEqual(consistent.values);
    expect(restored.people).toEqual(reconciled);
    await j.page.getByRole('link', { name: 'Check names' }).click();
    await j.page.getByTestId('units-all-matched').waitFor({ timeout: 120_000 });
    await expect(j.page.getByLabel('Treat “Birch” as').inputValue()).resolves.toBe('Birch Ward');
  });
});
