/**
 * The Commissioned hours page of a service five times the sample (sample-data/generate.ts --scale
 * 5, made here: 25 people commissioned): with more than 20 people commissioned, their table sits in a closed disclosure
 * and is made only when opened (its rows were most of the page's elements, drawn again on every
 * filter change); one unit's few people are listed open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate } from '../../sample-data/lib/generator';
import { parseArgs } from '../../sample-data/generate';
import { startJourney, type Journey } from './harness';

let j: Journey;
let tmp: string;
beforeAll(async () => {
  j = await startJourney();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-commissioned-'));
  generate(parseArgs(['--scale', '5', '--out', tmp, '--quiet']));
});
afterAll(async () => {
  await j?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Commissioned people in the generated people file, in all and per unit. */
function commissioned(): { all: number; byUnit: Map<string, number> } {
  const [head, ...rows] = fs.readFileSync(path.join(tmp, 'people.csv'), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  const unit = head!.indexOf('unit');
  const ratio = head!.indexOf('commissioned_ratio');
  const byUnit = new Map<string, number>();
  const with_ = rows.filter((r) => r[ratio]);
  for (const r of with_) byUnit.set(r[unit]!, (byUnit.get(r[unit]!) ?? 0) + 1);
  return { all: with_.length, byUnit };
}

describe('the people of the Commissioned hours page', () => {
  test('a long list in a closed disclosure made when opened; a unit of a few listed open', async () => {
    const { page } = j;
    const { all, byUnit } = commissioned();
    expect(all).toBeGreaterThan(20);
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles(fs.readdirSync(tmp).filter((f) => f.endsWith('.csv')).map((f) => path.join(tmp, f)));
    await page.waitForFunction(() => performance.getEntriesByName('exposure build').length > 0, undefined, { timeout: 300_000 });
    await page.getByRole('navigation').getByRole('link', { name: 'Commissioned hours', exact: true }).click();
    await page.locator('[data-testid="commissioned-results"][aria-busy="false"]').waitFor({ timeout: 300_000 });

    const card = page.getByTestId('card-commissioned-people');
    const disclosure = card.locator('details.table-disclosure');
    await expect(disclosure.locator('summary').textContent()).resolves.toBe(`Every person's hours (${all} people)`);
    expect(await disclosure.getAttribute('open')).toBeNull();
    expect(await card.locator('table').count()).toBe(0);
    await disclosure.locator('summary').click();
    await expect.poll(() => card.locator('table tbody tr').count()).toBe(all);

    // One unit: its people listed open, no disclosure.
    const [unit, n] = [...byUnit.entries()].find(([, k]) => k > 1)!;
    await page.locator('#filter-unit').selectOption(unit);
    await page.locator(`[data-testid="commissioned-results"][aria-busy="false"]`).waitFor();
    await expect.poll(() => card.locator('details.table-disclosure').count()).toBe(0);
    await expect.poll(() => card.locator('table tbody tr').count()).toBe(n);
    j.assertClean();
  });
});
