/**
 * Staff on the Check names page, in Chromium: the staff references in incidents that no rota
 * staff id matches are listed by pseudonym — no staff id or name anywhere in the page, real names
 * shown or not — and choosing the suggested match stores the staff alias.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJourney, type Journey } from './harness';

/* The unit test's fixture (tests/unit/model/reconcileStaff.test.ts): "Jo Smith", "S33" and "X9" match no rota id. */
const days = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'];
let n = 0;
const line = (staff: string, date: string, contract: string) => `SH${++n},${staff},Ward,${date} 07:00,${date} 15:00,Support Worker,${contract},worked,`;
const FILES = {
  'shifts.csv': [
    'shift_id,staff_id,unit,start,end,role,contract,status,person_id',
    ...days.flatMap((d) => [line('S033', d, 'permanent'), line('S101', d, 'permanent'), line('AG7', d, 'agency')]),
  ].join('\n'),
  'people.csv': 'person_id,name,unit,admitted,discharged,commissioned_ratio\nP1,Ann,Ward,2025-01-01,,',
  'incidents.csv': ['incident_id,person_id,occurred_at,unit,staff_involved', 'I1,P1,2025-01-04 10:00,Ward,s033 ;Jo Smith;AG7', 'I2,P1,2025-01-04 11:00,Ward,S33|X9'].join('\n'),
};
const RAW = /\b(S033|S101|AG7|Jo Smith|S33|X9|s033)\b/;

let j: Journey;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-reconcile-staff-e2e-'));
  for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  j.assertClean();
});

describe('staff on the Check names page', () => {
  test('listed by pseudonym only; the suggested match applied', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByRole('link', { name: 'Start' }).click();
    await page.getByLabel('Import your files').setInputFiles(Object.keys(FILES).map((f) => path.join(dir, f)));
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });

    await page.getByRole('link', { name: 'Check names' }).click();
    await page.getByTestId('staff-section').waitFor({ timeout: 120_000 });
    const rows = page.getByTestId('staff-row');
    await expect(rows.count()).resolves.toBe(3);
    const heads = await rows.locator('th').allTextContents();
    for (const h of heads) expect(h).toMatch(/^Staff [0-9A-F]{6}$/);
    await expect(page.locator('main').innerText()).resolves.not.toMatch(RAW);
    // No id in the page's markup either (option values are positions, not ids).
    await expect(page.locator('main').innerHTML()).resolves.not.toMatch(RAW);

    // S33 is S033 but for a leading zero: a likely match, taken with "use it".
    const likely = rows.filter({ hasText: 'likely' });
    await expect(likely.count()).resolves.toBe(1);
    await likely.getByRole('button', { name: 'use it' }).click();
    await expect(likely.locator('select option:checked').textContent()).resolves.toMatch(/^Staff [0-9A-F]{6} \(in the rota\)$/);
    await page.getByTestId('apply-aliases').click();
    await expect.poll(() => page.getByTestId('aliases-applied').textContent(), { timeout: 120_000 }).toContain('1 staff reference matched');

    // Real names shown: still no staff id or name.
    await page.getByTestId('show-real-names').check();
    await page.getByTestId('staff-section').waitFor({ timeout: 120_000 });
    await expect(page.locator('main').innerHTML()).resolves.not.toMatch(RAW);
    await page.getByTestId('show-real-names').uncheck();
    await j.screenshot('reconcile-staff');
  });
});
