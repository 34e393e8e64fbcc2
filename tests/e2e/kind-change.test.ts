/**
 * Changing a file's kind in the wizard recomputes its mapping, notes, unused columns and preview
 * for that kind (issue 13): a ward's patient list, dropped as CSV and as an Excel workbook, is
 * switched to incidents and back to people; as people its dates are admitted / discharged, no
 * incident note is left, and person_id can be taken from a column.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { writeXlsx } from '../../src/cli/xlsxWriter';
import { startJourney, type Journey } from './harness';

const ROWS = [
  ['Patient', 'Ward', 'Admission date', 'Discharge date'],
  ['Daniel Okafor', 'Oak', '11/03/2019', ''],
  ['Zoë Hartley', 'Oak', '26/07/2021', '14/02/2025'],
  ['Sam Reid', 'Willow', '03/01/2022', ''],
];

let j: Journey;
let files: string[];
let tmp: string;
beforeAll(async () => {
  j = await startJourney();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-kind-'));
  const csv = path.join(tmp, 'patients.csv');
  fs.writeFileSync(csv, ROWS.map((r) => r.join(',')).join('\r\n') + '\r\n');
  // The workbook has real date cells and a title row above the header.
  const date = (s: string) => (s ? { value: new Date(Date.UTC(Number(s.slice(6)), Number(s.slice(3, 5)) - 1, Number(s.slice(0, 2)))), format: 'dd/mm/yyyy' } : null);
  const xlsx = path.join(tmp, 'patients.xlsx');
  fs.writeFileSync(xlsx, writeXlsx([{ name: 'Patients', merges: ['A1:D1'], rows: [['Current and past patients'], ROWS[0]!, ...ROWS.slice(1).map((r) => [r[0], r[1], date(r[2]!), date(r[3]!)])] }]));
  files = [csv, xlsx];
});
afterAll(async () => {
  await j?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => j.assertClean());

describe('changing a file’s kind', () => {
  test('recomputes its mapping, notes and preview for the kind chosen', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles(files);
    for (const file of files) {
      const card = page.locator(`[data-testid="wizard-file"][data-file="${path.basename(file)}"]`);
      await expect.poll(() => card.getAttribute('data-status'), { timeout: 60_000 }).not.toBe('reading');
      const kind = card.getByTestId('kind-select');
      const table = card.getByTestId('mapping-table');

      // As incidents: an incident's fields, the admission date as when it happened.
      await kind.selectOption('incidents');
      await expect.poll(() => table.locator('caption').textContent()).toMatch(/become incidents$/);
      await expect(table.locator('tr[data-field="occurred_at"] td').first().textContent()).resolves.toContain('Admission date');

      // As people: the people fields, both dates where they belong, nothing said about incidents.
      await kind.selectOption('people');
      await expect.poll(() => table.locator('caption').textContent()).toMatch(/become people$/);
      await expect(table.locator('tr[data-field="occurred_at"]').count()).resolves.toBe(0);
      await expect(table.locator('tr[data-field="admitted"] select').inputValue()).resolves.toBe('Admission date');
      await expect(table.locator('tr[data-field="discharged"] select').inputValue()).resolves.toBe('Discharge date');
      await expect(table.locator('tr[data-field="unit"] select').inputValue()).resolves.toBe('Ward');
      const said = (await card.locator('.mapping-details').textContent()) ?? '';
      expect(said).not.toMatch(/midnight|No time column|Columns not used: .*Discharge date/);
      const preview = card.getByTestId('preview-table');
      await expect(preview.textContent()).resolves.toContain('2021-07-26');
      await expect(preview.textContent()).resolves.toContain('2025-02-14');

      // person_id offers a choice of column.
      const person = table.locator('tr[data-field="person_id"] select');
      await person.selectOption('Patient');
      await expect.poll(() => person.inputValue()).toBe('Patient');
      await expect.poll(() => card.getAttribute('data-status')).toBe('ready');
    }
  });
});
