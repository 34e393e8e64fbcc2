/**
 * Vendor exports through the import wizard, as a user would: a Datix-style incident export and a
 * HealthRoster-style rota (UK dates, title rows, separate date and time columns, staff types in
 * words). The wizard shows the mapping, asks the date question when no file settles it (the
 * incidents alone) and otherwise shows the order the rota settles, changeable; previews rows, imports; the
 * import report's counts are the fixture's expected ones (written from the generator's truth,
 * not from the app). Presets save, download, upload and apply themselves; bad input is refused
 * in words; Cancel leaves earlier data intact.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { TABLES } from '../../src/ingest/canonical';
import { startJourney, personOptions, type Journey } from './harness';

const VENDOR = path.resolve(import.meta.dirname, '..', 'fixtures', 'vendor');
const INCIDENTS = path.join(VENDOR, 'datix-incidents.csv');
const ROTA = path.join(VENDOR, 'healthroster-rota.csv');

interface Expected {
  rowsRead: number;
  accepted: Record<string, unknown[]>;
  rejected: unknown[];
  questions: string[];
}
const expected = (file: string) => JSON.parse(fs.readFileSync(`${file}.expected.json`, 'utf8')) as Expected;

/**
 * The same content as canonical CSVs, from the fixtures' expected rows (the generator's truth):
 * incidents on the rota's unit names ("Oak", not "Oak Ward": what checking names establishes),
 * their restrictive interventions, and the shifts with ids of their own.
 */
function writeCanonical(dir: string): string[] {
  const wards: Record<string, string> = { 'Oak Ward': 'Oak', 'Willow Ward': 'Willow' };
  const incidents = expected(INCIDENTS).accepted.incidents as Record<string, unknown>[];
  const interventions = expected(INCIDENTS).accepted.restrictive_interventions as Record<string, unknown>[];
  const shifts = expected(ROTA).accepted.shifts as Record<string, unknown>[];
  const write = (kind: keyof typeof TABLES, rows: Record<string, unknown>[]) => {
    const file = path.join(dir, `${TABLES[kind].table}.csv`);
    const columns = TABLES[kind].fields.map((f) => f.name);
    fs.writeFileSync(file, Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => r[c] ?? '')) }));
    return file;
  };
  return [
    write('incidents', incidents.map((r) => ({ ...r, unit: wards[r.unit as string] ?? r.unit }))),
    write('interventions', interventions),
    write('shifts', shifts.map((r, i) => ({ ...r, shift_id: `S${i + 1}` }))),
  ];
}

/** Every number the staffing view exposes (data-value by test id) and its people list. */
async function staffingNumbers(page: Page): Promise<{ values: Record<string, string>; people: string[] }> {
  await page.getByRole('link', { name: 'Staffing and incidents' }).click();
  await page.getByTestId('headline').waitFor({ timeout: 120_000 });
  await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
  const values = await page
    .locator('main [data-testid][data-value]')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!, e.getAttribute('data-value')!])));
  const people = await personOptions(page);
  return { values, people };
}

/** The same numbers, up to floating-point noise (sums taken in another order): relative 1e-9. */
function expectSameNumbers(actual: Record<string, string>, reference: Record<string, string>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(reference).sort());
  for (const [key, want] of Object.entries(reference)) {
    const [a, b] = [Number(actual[key]), Number(want)];
    if (Number.isFinite(a) && Number.isFinite(b)) expect(Math.abs(a - b), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
    else expect(actual[key], key).toBe(want);
  }
}

let j: Journey;
let tmp: string;
let canonicalFiles: string[];
beforeAll(async () => {
  j = await startJourney();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-wizard-'));
  fs.mkdirSync(path.join(tmp, 'canonical'));
  canonicalFiles = writeCanonical(path.join(tmp, 'canonical'));
});
afterAll(async () => {
  await j?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  j.assertClean();
});

const card = (file: string) => j.page.locator(`[data-testid="wizard-file"][data-file="${path.basename(file)}"]`);
const report = (file: string) => j.page.locator(`[data-testid="import-card"][data-file="${path.basename(file)}"]`);
async function counts(file: string) {
  const c = report(file);
  const n = async (id: string) => Number((await c.getByTestId(id).textContent())!.replace(/,/g, ''));
  return { read: await n('import-read'), accepted: await n('import-accepted'), rejected: await n('import-rejected'), duplicates: await n('import-duplicates') };
}

describe('the import wizard', () => {
  let reference: Awaited<ReturnType<typeof staffingNumbers>>;

  test('canonical files go straight through with no questions and give the reference numbers', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles(canonicalFiles);
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('import-card').count()).resolves.toBe(3);
    reference = await staffingNumbers(page);
    expect(Number(reference.values['incidents'])).toBe(expected(INCIDENTS).accepted.incidents!.length);
    expect(Number(reference.values['person-periods'])).toBeGreaterThan(0);
    await page.getByTestId('delete-all').click();
    await page.getByTestId('confirm-delete').click();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await expect.poll(() => page.getByTestId('delete-all').isEnabled(), { timeout: 60_000 }).toBe(true);
  });

  test('asks the day/month order when no value of the files settles it, and reads the answer', async () => {
    const { page } = j;
    await j.goto('/');
    // The incident export alone: its 11/04 and 12/04-style dates cannot be told apart without asking.
    await page.getByLabel('Import your files').setInputFiles([INCIDENTS]);
    await page.getByTestId('import-wizard').waitFor();
    await expect.poll(() => card(INCIDENTS).getAttribute('data-status'), { timeout: 30_000 }).toBe('open');
    expect(expected(INCIDENTS).questions).toEqual(['dateOrder']);
    const question = card(INCIDENTS).locator('fieldset.question').filter({ hasText: 'can be read two ways' });
    await expect(question.locator('legend').textContent()).resolves.toMatch(/\d{2}\/\d{2}\/\d{4}: \d+ \w+ or \d+ \w+\?/);
    await expect(page.getByTestId('start-import').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('waiting').textContent()).resolves.toContain('datix-incidents.csv');
    // Nothing settled it: no order to change on the card besides the question.
    await expect(card(INCIDENTS).getByTestId('date-order-select').count()).resolves.toBe(0);
    await j.screenshot('wizard-question');

    await question.getByLabel(/day first/).check();
    await expect.poll(() => card(INCIDENTS).getAttribute('data-status')).toBe('ready');
    await expect(question.textContent()).resolves.toContain('answered');
    const firstRow = await card(INCIDENTS).getByTestId('preview-table').locator('tbody tr').first().locator('td').allTextContents();
    expect(firstRow).toContain('2025-04-11 08:10:00');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  test('maps a Datix-style incident export and a HealthRoster rota (whose 13/04 settles the order), previews and imports', async () => {
    const { page } = j;
    await j.goto('/');
    await page.getByLabel('Import your files').setInputFiles([INCIDENTS, ROTA]);
    const wizard = page.getByTestId('import-wizard');
    await wizard.waitFor();
    // Focus moves to the wizard's heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('wizard-title');

    // The rota needs nothing: staff types and statuses are known words, dates unambiguous in context.
    await expect.poll(() => card(ROTA).getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    await expect(card(ROTA).getByTestId('kind-select').inputValue()).resolves.toBe('shifts');
    // Title rows are skipped: the header is on line 4.
    await expect(card(ROTA).getByTestId('header-select').locator('option:checked').textContent()).resolves.toMatch(/^Line 4: Employee Number/);
    const rotaMapping = card(ROTA).getByTestId('mapping-table');
    await expect(rotaMapping.locator('tr[data-field="contract"] select').inputValue()).resolves.toBe('Staff Type');
    await expect(rotaMapping.locator('tr[data-field="start"] td').first().textContent()).resolves.toMatch(/“Duty Date” \+ “Shift Start”/);
    // Sample values and what they become.
    await expect(rotaMapping.locator('tr[data-field="contract"] td').nth(1).textContent()).resolves.toContain('Substantive');
    await expect(rotaMapping.locator('tr[data-field="contract"] td').nth(2).textContent()).resolves.toContain('permanent');

    // The incident export: its dates alone cannot settle the order, the rota's 13/04/2025 does
    // (one service, one way of writing dates): no question, but the order stays visible and changeable.
    await expect.poll(() => card(INCIDENTS).getAttribute('data-status')).toBe('ready');
    const order = card(INCIDENTS).getByLabel('Day/month order');
    await expect(order.inputValue()).resolves.toBe('dmy');
    await expect(card(INCIDENTS).locator('ul.notes').textContent()).resolves.toMatch(/day\/month order is taken from healthroster-rota\.csv \("Duty Date", e\.g\. 13\/04\/2025\)/);
    // The preview shows rows as they will be stored: UK dates read day first, harm grades as severity.
    const preview = card(INCIDENTS).getByTestId('preview-table');
    const previewRow = () => preview.locator('tbody tr').first().locator('td').allTextContents();
    await expect(previewRow()).resolves.toContain('2025-04-11 08:10:00');
    // The user's word is final: month first reads 11/04 as 4 November; back to day first.
    await order.focus();
    await order.selectOption('mdy');
    await expect.poll(previewRow).toContain('2025-11-04 08:10:00');
    await expect(card(INCIDENTS).getByText('your choice').count()).resolves.toBe(1);
    await order.selectOption('dmy');
    await expect.poll(previewRow).toContain('2025-04-11 08:10:00');
    await expect.poll(() => card(INCIDENTS).getAttribute('data-status')).toBe('ready');
    const firstRow = await previewRow();
    expect(firstRow).toContain('Oak Ward');
    await expect(card(INCIDENTS).getByTestId('mapping-table').locator('tr[data-field="occurred_at"] td').first().textContent()).resolves.toMatch(/“Incident Date” \+ “Time”/);

    // Save the rota's mapping as a preset for next week's export.
    await card(ROTA).getByLabel('Save this mapping as').fill('HealthRoster weekly');
    await card(ROTA).getByRole('button', { name: 'Save mapping' }).click();
    await card(ROTA).getByText('Saved as ‘HealthRoster weekly’').waitFor();
    await j.screenshot('wizard-ready');

    await page.getByTestId('start-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    for (const file of [INCIDENTS, ROTA]) {
      const e = expected(file);
      const c = await counts(file);
      const main = Object.entries(e.accepted).find(([t]) => t !== 'restrictive_interventions')![1].length;
      expect({ file: path.basename(file), ...c }).toEqual({ file: path.basename(file), read: e.rowsRead, accepted: main, rejected: e.rejected.length, duplicates: 0 });
    }
    // The flat restraint / seclusion columns became restrictive interventions.
    await expect(report(INCIDENTS).getByTestId('import-interventions').textContent()).resolves.toContain(
      `${expected(INCIDENTS).accepted.restrictive_interventions!.length} accepted`,
    );
    await expect(report(ROTA).getByTestId('import-read-as').textContent()).resolves.toContain('columns mapped');
    await expect(page.getByTestId('check-names-callout').isVisible()).resolves.toBe(true);
    await j.screenshot('wizard-report');

    // Check names: "Oak Ward" in incidents is the rota's "Oak" (a sure match, already chosen).
    await page.getByTestId('check-names').click();
    await page.getByRole('heading', { level: 1, name: 'Check names across files' }).waitFor();
    await page.getByTestId('units-unmatched').waitFor({ timeout: 60_000 });
    await expect(page.getByLabel('Treat “Oak Ward” as').inputValue()).resolves.toBe('Oak');
    await expect(page.getByLabel('Treat “Willow Ward” as').inputValue()).resolves.toBe('Willow');
    await page.getByTestId('apply-aliases').click();
    await page.getByTestId('aliases-applied').waitFor({ timeout: 120_000 });

    // The staffing numbers now equal those of canonical files with the same content.
    const mapped = await staffingNumbers(page);
    expectSameNumbers(mapped.values, reference.values);
    expect(mapped.people).toHaveLength(reference.people.length);
    await j.screenshot('wizard-staffing');

    // A reload re-imports the stored files through their mappings: same numbers, same pseudonyms.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const restored = await staffingNumbers(page);
    expectSameNumbers(restored.values, mapped.values);
    expect(restored.people).toEqual(mapped.people);
  });

  test('the saved mapping applies itself to a later export with the same columns; re-importing counts duplicates', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Start' }).click();
    await expect(page.getByTestId('preset-row').allTextContents()).resolves.toEqual([expect.stringContaining('HealthRoster weekly')]);
    // Next week's export: same columns, written in another order and case.
    const lines = fs.readFileSync(ROTA, 'utf8').split(/\r?\n/);
    const headerAt = lines.findIndex((l) => l.startsWith('Employee Number'));
    const next = path.join(tmp, 'healthroster-next-week.csv');
    fs.writeFileSync(next, [...lines.slice(0, headerAt), lines[headerAt]!.toUpperCase(), ...lines.slice(headerAt + 1)].join('\n'));
    await page.getByLabel('Import your files').setInputFiles([next]);
    await card(next).getByTestId('preset-banner').waitFor();
    await expect(card(next).getByTestId('preset-banner').textContent()).resolves.toContain('Using your saved mapping ‘HealthRoster weekly’');
    await expect.poll(() => card(next).getAttribute('data-status')).toBe('ready');
    await page.getByTestId('start-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    const e = expected(ROTA);
    // The same shifts again: every row is a duplicate, nothing counted twice.
    await expect(counts(next)).resolves.toEqual({ read: e.rowsRead, accepted: 0, rejected: e.rowsRead, duplicates: e.rowsRead });
  });

  test('presets download and upload as JSON; a bad file is refused in words', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Start' }).click();
    const presets = page.getByTestId('presets');
    const [download] = await Promise.all([page.waitForEvent('download'), presets.getByRole('button', { name: /Download/ }).click()]);
    expect(download.suggestedFilename()).toBe('healthroster-weekly.pbs-mapping.json');
    const json = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { name: string; kind: string; fields: Record<string, unknown> };
    expect(json).toMatchObject({ name: 'HealthRoster weekly', kind: 'shifts' });
    expect(Object.keys(json.fields)).toEqual(expect.arrayContaining(['staff_id', 'unit', 'start', 'end', 'contract', 'status']));

    const bad = path.join(tmp, 'broken.json');
    fs.writeFileSync(bad, '{"version": 1, "kind": ');
    await presets.getByTestId('preset-upload').setInputFiles([bad]);
    await expect(presets.getByTestId('preset-message').textContent()).resolves.toMatch(/broken\.json is not a saved mapping: it is not valid JSON/);
    const wrong = path.join(tmp, 'wrong.json');
    fs.writeFileSync(wrong, JSON.stringify({ ...json, kind: 'rota' }));
    await presets.getByTestId('preset-upload').setInputFiles([wrong]);
    await expect(presets.getByTestId('preset-message').textContent()).resolves.toMatch(/not a mapping PBS Lens can use: kind/);

    const renamed = path.join(tmp, 'roster.json');
    fs.writeFileSync(renamed, JSON.stringify({ ...json, name: 'Roster from file' }));
    await presets.getByTestId('preset-upload').setInputFiles([renamed]);
    await expect(presets.getByTestId('preset-message').textContent()).resolves.toContain('Saved “Roster from file”');
    await expect(page.getByTestId('preset-row').count()).resolves.toBe(2);
  });

  test('a PDF or an empty file is refused with what to do instead; nothing imported earlier changes', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Start' }).click();
    const pdf = path.join(tmp, 'incident-report.pdf');
    fs.writeFileSync(pdf, '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
    const empty = path.join(tmp, 'empty.csv');
    fs.writeFileSync(empty, '');
    await page.getByLabel('Import your files').setInputFiles([pdf, empty]);
    await expect(card(pdf).getByTestId('file-error').textContent()).resolves.toMatch(/This is a PDF.*export the report from your system as CSV or Excel/);
    await expect(card(empty).getByTestId('file-error').textContent()).resolves.toMatch(/empty/);
    await expect(page.getByTestId('start-import').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('ready-summary').textContent()).resolves.toMatch(/None of these files can be imported/);
    await j.screenshot('wizard-refused');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('link', { name: 'Import summary' }).click();
    await expect(report(INCIDENTS).count()).resolves.toBe(1);
    await expect(counts(INCIDENTS)).resolves.toMatchObject({ read: expected(INCIDENTS).rowsRead });
  });

  test('an Excel workbook: the sheet with the data is chosen, another can be picked, and it imports', async () => {
    const { page } = j;
    const xlsx = path.join(VENDOR, 'carehome-rota.xlsx');
    await page.getByRole('link', { name: 'Start' }).click();
    await page.getByLabel('Import your files').setInputFiles([xlsx]);
    const sheet = card(xlsx).getByLabel('Sheet');
    await expect.poll(() => sheet.inputValue(), { timeout: 30_000 }).toBe('Rota');
    await expect.poll(() => card(xlsx).getAttribute('data-status')).toBe('ready');
    // The notes sheet holds no table: said in words.
    await sheet.selectOption('Notes');
    await expect.poll(() => card(xlsx).getAttribute('data-status')).toBe('refused');
    await expect(card(xlsx).getByTestId('file-error').textContent()).resolves.toMatch(/header/i);
    await card(xlsx).getByLabel('Sheet').selectOption('Rota');
    await expect.poll(() => card(xlsx).getAttribute('data-status')).toBe('ready');
    await page.getByTestId('start-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    const e = expected(xlsx);
    // Shifts already imported from the other rota export of the same service count as duplicates, not twice.
    const c = await counts(xlsx);
    expect(c.read).toBe(e.rowsRead);
    expect(c.accepted + c.duplicates).toBe(e.accepted.shifts!.length);
    expect(c.rejected).toBe(e.rejected.length + c.duplicates);
    await expect(report(xlsx).getByTestId('import-read-as').textContent()).resolves.toContain('Excel workbook, sheet “Rota”');
  });

  test('an import shows its progress and Cancel stops it; what was imported earlier stays', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Import summary' }).click();
    const before = await page.getByTestId('import-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')));
    // A large rota in Windows-1252 (converted in chunks, so the read can stop part-way) and a small file after it.
    const big = path.join(tmp, 'big-rota.csv');
    const lines = ['shift_id,staff_id,unit,start,end,role,contract,status,person_id'];
    for (let i = 0; i < 400_000; i++) lines.push(`B${i},E${i % 97},Oak,2024-0${1 + (i % 9)}-1${i % 10} 07:00,2024-0${1 + (i % 9)}-1${i % 10} 15:00,Aide-soignant(e) é,permanent,worked,`);
    fs.writeFileSync(big, Buffer.from(lines.join('\n'), 'latin1'));
    const small = path.join(tmp, 'canonical', 'restrictive_interventions.csv');
    await page.getByRole('link', { name: 'Start' }).click();
    await page.getByLabel('Import your files').setInputFiles([big, small]);
    const progress = page.getByTestId('import-progress');
    await progress.waitFor({ timeout: 60_000 });
    await expect(progress.getByTestId('progress-step').textContent()).resolves.toContain('file 1 of 2');
    await expect(progress.getByRole('progressbar', { name: 'Import progress' }).count()).resolves.toBe(1);
    await expect(progress.getByTestId('progress-elapsed').textContent()).resolves.toMatch(/^\d+ s$/);
    await j.screenshot('wizard-progress');
    await progress.getByTestId('cancel-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    // The file after the one being read is not imported; the one being read stops or finishes.
    await expect(report(small).getByTestId('import-error').textContent()).resolves.toContain('cancelled before this file');
    const bigError = report(big).getByTestId('import-error');
    if ((await bigError.count()) > 0) await expect(bigError.textContent()).resolves.toContain('cancelled');
    // Everything imported before is still there, with the same counts.
    const after = await page.getByTestId('import-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')));
    expect(after.slice(0, before.length)).toEqual(before);
    await expect(counts(INCIDENTS)).resolves.toMatchObject({ read: expected(INCIDENTS).rowsRead, accepted: expected(INCIDENTS).accepted.incidents!.length });
  });
});
