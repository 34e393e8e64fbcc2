/**
 * The wizard's decisions for a dropped file, on real files: the sample's canonical CSVs go
 * straight through as the tables they are, vendor exports ask only their open questions, and
 * answers (date order, unknown values, a missing column, a fixed value) make them importable
 * with the preview showing the stored values.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FILE_KINDS, TABLES } from '../../../src/ingest/canonical';
import { inspectFile, type Answers } from '../../../src/ingest/inspect';
import {
  canonicalKindOf,
  derive,
  fieldFromColumn,
  goesStraightThrough,
  planFor,
  withField,
  withValue,
  type WizardFile,
} from '../../../src/ui/import/wizardState';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const VENDOR = path.join(ROOT, 'tests/fixtures/vendor');

async function wizardFile(name: string, text: string | Buffer, answers: Answers = {}, extra: Partial<WizardFile> = {}): Promise<WizardFile> {
  const bytes = new Uint8Array(typeof text === 'string' ? Buffer.from(text) : text);
  const file = new File([bytes], name);
  const inspection = await inspectFile(name, bytes, extra.inspection?.options ?? {});
  return { id: name, file, inspection, failure: null, answers, ignorePreset: false, ...extra, ...(extra.inspection ? {} : { inspection }) };
}
const vendor = (f: string) => fs.readFileSync(path.join(VENDOR, f));

describe('canonical files', () => {
  test('every sample file is recognised as the table it is, events included, and the set goes straight through', async () => {
    const derived = [];
    for (const kind of FILE_KINDS) {
      const name = `${TABLES[kind].table}.csv`;
      const f = await wizardFile(name, fs.readFileSync(path.join(ROOT, 'sample-data', name)));
      const d = derive(f);
      expect([name, d.status, d.canonicalKind]).toEqual([name, 'canonical', kind]);
      expect(planFor(f, d)).toEqual({ file: f.file, kind });
      derived.push(d);
    }
    expect(goesStraightThrough(derived)).toBe(true);
  });

  test('the table is decided by the columns, then by the file name when two tables fit', async () => {
    const f = await wizardFile('export.csv', 'person_id,unit,date,type\nP1,Oak,2025-01-02,visit\n');
    expect(canonicalKindOf(derive(f).inspection!)).toBe('events');
    // A column that is no canonical name makes it a vendor file.
    const g = await wizardFile('export.csv', 'person_id,unit,date,type,Notes\nP1,Oak,2025-01-02,visit,x\n');
    expect(canonicalKindOf(derive(g).inspection!)).toBeNull();
  });

  test('a file PBS Lens cannot place is refused in words and still listed by the import', async () => {
    const foreign = await wizardFile('not_a_pbs_file.csv', 'colour,size\nred,3\n');
    const d = derive(foreign);
    expect(d.status).toBe('refused');
    expect(d.message).toMatch(/could not tell what kind of file this is: none of its columns \(colour, size\)/);
    expect(planFor(foreign, d)).toEqual({ file: foreign.file });
    const incidents = await wizardFile('incidents.csv', fs.readFileSync(path.join(ROOT, 'sample-data', 'incidents.csv')));
    expect(goesStraightThrough([derive(incidents), d])).toBe(true);
    // Refused files alone do not import themselves: the wizard shows why.
    expect(goesStraightThrough([d])).toBe(false);
    const pdf = derive(await wizardFile('report.pdf', '%PDF-1.4\n'));
    expect([pdf.status, pdf.message]).toEqual(['refused', expect.stringMatching(/This is a PDF/)]);
  });
});

describe('vendor exports', () => {
  test('the Datix export waits for the date order; answered, it imports with its mapping', async () => {
    const f = await wizardFile('datix-incidents.csv', vendor('datix-incidents.csv'));
    const open = derive(f);
    expect(open.status).toBe('open');
    expect(open.preview!.questions.map((q) => q.type)).toEqual(['dateOrder']);
    expect(planFor(f, open)).toBeNull();
    expect(goesStraightThrough([open])).toBe(false);

    const answered = { ...f, answers: { dateOrder: 'dmy' as const } };
    const d = derive(answered);
    expect(d.status).toBe('ready');
    expect(d.inspection!.header!.headerRow).toBe(3);
    const first = d.preview!.rows[0]!.values;
    expect(first).toMatchObject({ incident_id: '24001', occurred_at: '2025-04-11 08:10:00', unit: 'Oak Ward', severity: 1 });
    const plan = planFor(answered, d)!;
    expect(plan.kind).toBe('incidents');
    expect(plan.mapping!.fields.occurred_at!.source).toEqual({ from: 'dateTime', date: 'Incident Date', time: 'Time' });
    // Month first reads 11/04/2025 as 4 November.
    const us = derive({ ...f, answers: { dateOrder: 'mdy' } });
    expect(us.preview!.rows[0]!.values.occurred_at).toBe('2025-11-04 08:10:00');
  });

  test('unknown staff types are asked; an answer maps them, "reject" leaves their rows to be rejected with a reason', async () => {
    const text = vendor('healthroster-rota.csv').toString('utf8').replaceAll(',Agency,', ',Thornbury Staffing,');
    const f = await wizardFile('rota.csv', text);
    const d = derive(f);
    expect(d.status).toBe('open');
    const q = d.preview!.questions.find((x) => x.type === 'values')!;
    expect(q).toMatchObject({ field: 'contract', column: 'Staff Type', vocabulary: 'contract' });
    if (q.type !== 'values') throw new Error('not a values question');
    expect(q.unknown.map((u) => u.value)).toEqual(['Thornbury Staffing']);
    expect(q.options.map((o) => o.value)).toEqual(['permanent', 'bank', 'agency']);

    const agency = derive({ ...f, answers: withValue({}, q, 'Thornbury Staffing', 'agency') });
    expect(agency.status).toBe('ready');
    const agencyRows = agency.preview!.rows.filter((r) => r.values.contract === 'agency');
    const thornburyLines = text.split('\n').flatMap((l, i) => (l.includes('Thornbury Staffing') ? [i + 1] : []));
    expect(agencyRows.map((r) => r.line)).toEqual(thornburyLines.filter((l) => agency.preview!.rows.some((r) => r.line === l)));
    expect(agencyRows.length).toBeGreaterThan(0);
    expect(planFor(f, agency)!.mapping!.fields.contract!.values).toEqual({ 'Thornbury Staffing': 'agency' });

    const rejected = derive({ ...f, answers: withValue({}, q, 'Thornbury Staffing', '') });
    expect(rejected.status).toBe('ready');
    expect(rejected.preview!.problems.map((p) => [p.field, p.value, p.reason])).toEqual(
      agencyRows.map(() => ['contract', 'Thornbury Staffing', 'unknown value']),
    );
  });

  test('a missing unit column is asked; a fixed value or another column answers it', async () => {
    const lines = vendor('healthroster-rota.csv').toString('utf8').split('\n');
    const header = lines.findIndex((l) => l.startsWith('Employee Number'));
    const ward = lines[header]!.split(',').indexOf('Ward');
    const noWard = lines.map((l, i) => (i >= header && l.trim() !== '' ? l.split(',').filter((_, c) => c !== ward).join(',') : l)).join('\n');
    const f = await wizardFile('one-ward.csv', noWard);
    const d = derive(f);
    // Without a unit the file is less surely a rota: its kind is asked too.
    expect(d.preview!.questions.map((q) => [q.type, 'field' in q ? q.field : null])).toEqual([
      ['kind', null],
      ['missingField', 'unit'],
    ]);
    const rota: Answers = { kind: 'shifts' };
    expect(derive({ ...f, answers: rota }).preview!.questions.map((q) => q.type)).toEqual(['missingField']);
    const fixed = derive({ ...f, answers: withField(rota, 'unit', { source: { from: 'constant', value: 'Oak' } }) });
    expect(fixed.status).toBe('ready');
    expect(new Set(fixed.preview!.rows.map((r) => r.values.unit))).toEqual(new Set(['Oak']));
    const fromGrade = derive({ ...f, answers: withField(rota, 'unit', fieldFromColumn(d.inspection!, 'shifts', 'unit', 'Grade')) });
    expect(fromGrade.preview!.rows[0]!.values.unit).toBe('Band 5');
  });

  test('a date column picked by hand gets its format read; an end before its start is the next day', async () => {
    const f = await wizardFile('healthroster-rota.csv', vendor('healthroster-rota.csv'));
    const i = derive(f).inspection!;
    expect(fieldFromColumn(i, 'shifts', 'end', 'Duty Date')).toEqual({
      source: { from: 'column', column: 'Duty Date' },
      format: { kind: 'pattern', patterns: ['%d/%m/%Y'] },
      notBefore: 'start',
    });
    expect(fieldFromColumn(i, 'shifts', 'role', 'Grade')).toEqual({ source: { from: 'column', column: 'Grade' } });
  });

  test('moving the header row re-reads the columns from there', async () => {
    const f = await wizardFile('healthroster-rota.csv', vendor('healthroster-rota.csv'));
    expect(derive(f).inspection!.header!.headerRow).toBe(3);
    // The first data row taken as the header: its cells become the column names.
    const moved = derive({ ...f, headerRow: 4 });
    expect(moved.inspection!.header!.headerRow).toBe(4);
    expect(moved.inspection!.header!.headers[0]).toBe('E1001');
  });

  test('a saved preset for the same columns is applied, and can be left unused', async () => {
    const first = await wizardFile('healthroster-rota.csv', vendor('healthroster-rota.csv'));
    const mapping = { ...planFor(first, derive(first))!.mapping!, name: 'HealthRoster weekly' };
    const inspection = await inspectFile('next.csv', new Uint8Array(vendor('healthroster-rota.csv')), { presets: [mapping] });
    const withPreset = await wizardFile('next.csv', vendor('healthroster-rota.csv'), {}, { inspection });
    const d = derive(withPreset);
    expect(d.inspection!.preset?.name).toBe('HealthRoster weekly');
    expect(planFor(withPreset, d)!.preset).toBe('HealthRoster weekly');
    const fresh = derive({ ...withPreset, ignorePreset: true });
    expect(fresh.inspection!.preset).toBeNull();
    expect(planFor(withPreset, fresh)!.preset).toBeNull();
  });
});
