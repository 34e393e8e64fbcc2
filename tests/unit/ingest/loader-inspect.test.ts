/**
 * inspectFile / resolveMapping / previewRows: what the import page and the headless report learn
 * about a file before importing it, checked on fixtures and small hand-made exports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile, previewRows, questionKey, resolveMapping } from '../../../src/ingest/inspect';
import type { Mapping } from '../../../src/ingest/mapping';

const enc = (s: string) => new TextEncoder().encode(s);
const fixture = (f: string) => new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../../fixtures/vendor', f)));

describe('inspectFile', () => {
  it('reads a workbook: its sheets, the one with the data, the header below the titles, sheet rows as lines', async () => {
    const i = await inspectFile('carehome-rota.xlsx', fixture('carehome-rota.xlsx'));
    expect(i).toMatchObject({ format: 'xlsx', error: null, encoding: null, sheet: 'Rota', canonical: false });
    expect(i.sheets.map((s) => s.name)).toEqual(['Notes', 'Rota']);
    expect(i.header).toMatchObject({ headerRow: 3, headerRows: 1 });
    expect(i.mapping).toMatchObject({ kind: 'shifts', format: 'xlsx', sheet: 'Rota' });
    const preview = previewRows(i, {}, 3);
    expect(preview.rows.map((r) => r.line)).toEqual([5, 6, 7]);
    // Excel date and time cells, a night shift on the next day.
    expect(preview.rows[0]!.values).toMatchObject({ unit: 'Oak', start: '2025-04-11 07:00:00', end: '2025-04-11 15:00:00', status: 'worked' });

    const notes = await inspectFile('carehome-rota.xlsx', fixture('carehome-rota.xlsx'), { sheet: 'Notes' });
    expect(notes.error).toMatch(/header/i);
    expect(notes.mapping).toBeNull();
  });

  it('reads a text file: encoding, delimiter, lines of the records', async () => {
    const i = await inspectFile('unicode-incidents.csv', fixture('unicode-incidents.csv'));
    expect(i).toMatchObject({ format: 'delimited', delimiter: ';', quote: '"', truncated: false });
    expect(i.encoding?.encoding).toBe('utf-16le');
    expect(i.lines.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('knows a canonical file, and says plainly what is wrong with files it cannot read', async () => {
    const canonical = await inspectFile('people.csv', enc('person_id,name,unit,admitted\nP1,A,Oak,2025-01-01\n'));
    expect(canonical).toMatchObject({ canonical: true, error: null });
    expect((await inspectFile('x.csv', enc(''))).error).toMatch(/empty/);
    expect((await inspectFile('x.pdf', enc('%PDF-1.7 ...'))).error).toMatch(/PDF/);
    expect((await inspectFile('x.csv', enc('12,13,14\n15,16,17\n'))).error).toMatch(/No header row/);
    expect((await inspectFile('x.csv', enc('Ref,Date\n'))).error).toMatch(/no data rows/);
  });
});

describe('answers', () => {
  const US = 'Ref,Date,Time,Ward,Patient ID\n1,03/04/2025,10:00,Oak,P1\n2,04/05/2025,11:30,Oak,P2\n';

  it('never guesses the date order: the question stays open until answered, and the answer decides the reading', async () => {
    const i = await inspectFile('us.csv', enc(US));
    expect(i.questions.map((q) => q.type)).toEqual(['dateOrder']);
    const open = previewRows(i);
    expect(open.questions.map((q) => q.type)).toEqual(['dateOrder']);
    expect(previewRows(i, { dateOrder: 'mdy' }).rows.map((r) => r.values.occurred_at)).toEqual(['2025-03-04 10:00:00', '2025-04-05 11:30:00']);
    const uk = previewRows(i, { dateOrder: 'dmy' });
    expect(uk.questions).toEqual([]);
    expect(uk.rows.map((r) => r.values.occurred_at)).toEqual(['2025-04-03 10:00:00', '2025-05-04 11:30:00']);
  });

  it('asks the kind when the columns do not say it, and a field source answers a missing column', async () => {
    const i = await inspectFile('list.csv', enc('Staff ID,Date,Start,End,Status\nE1,13/04/2025,07:00,15:00,Worked\n'));
    expect(i.questions.map((q) => q.type)).toContain('kind');
    const r = resolveMapping(i, { kind: 'shifts' });
    expect(r.questions.map((q) => (q.type === 'missingField' ? q.field : q.type))).toEqual(['unit']);
    const done = resolveMapping(i, { kind: 'shifts', fields: { unit: { source: { from: 'constant', value: 'Oak' } } } });
    expect(done.questions).toEqual([]);
    expect(previewRows(i, { kind: 'shifts', fields: { unit: { source: { from: 'constant', value: 'Oak' } } } }).rows[0]!.values).toMatchObject({ unit: 'Oak', status: 'worked' });
  });

  it('lists the preview rows that would be rejected, with their lines', async () => {
    const good = ['10:00', '10:30', '11:00', '11:30', '12:00'].map((t, k) => `${k + 1},13/04/2025,${t},Oak,P1`);
    const text = `Report\nRef,Date,Time,Ward,Patient ID\n${good.join('\n')}\n6,13/04/2025,25:99,Oak,P2\n7,13/04/2025,12:30,,P3\n`;
    const p = previewRows(await inspectFile('x.csv', enc(text)));
    expect(p.questions).toEqual([]);
    expect(p.read).toBe(7);
    expect(p.rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);
    expect(p.problems).toEqual([
      { line: 8, field: 'occurred_at', value: '13/04/2025 25:99', reason: 'invalid' },
      { line: 9, field: 'unit', value: '', reason: 'missing' },
    ]);
    expect(previewRows(await inspectFile('x.csv', enc(text)), {}, 2).rows.map((r) => r.line)).toEqual([3, 4]);
  });
});

describe('saved presets', () => {
  const ROTA = (titles: string, rows: string[]) =>
    `${titles}Staff Type,Employee Number,Ward,Duty Date,Shift Start,Shift End,Shift Status\n${rows.join('\n')}\n`;

  it('apply themselves to a later export with the same columns (more titles, another order), answers included', async () => {
    const first = await inspectFile('rota-march.csv', enc(ROTA('', ['Locum Plus,E1,Oak,13/03/2025,07:00,15:00,Worked'])));
    const q = first.questions.find((x) => x.type === 'values')!;
    const preset: Mapping = { ...resolveMapping(first, { values: { [questionKey(q)]: { 'Locum Plus': 'agency' } } }).mapping!, name: 'Roster (HealthRoster)' };

    // April's export has a title and a blank line above, and the columns in another order.
    const april = 'Roster report\n\nEmployee Number,Ward,Duty Date,Shift Start,Shift End,Shift Status,Staff Type\nE2,Oak,14/04/2025,07:00,15:00,Worked,Locum Plus\n';
    const i = await inspectFile('rota-april.csv', enc(april), { presets: [preset] });
    expect(i.preset?.name).toBe('Roster (HealthRoster)');
    expect(i.mapping).toMatchObject({ headerRow: 2, name: 'Roster (HealthRoster)' });
    expect(i.questions).toEqual([]);
    expect(i.notes.join(' ')).toMatch(/Saved mapping "Roster \(HealthRoster\)" applied/);
    expect(previewRows(i).rows[0]).toEqual({
      line: 4,
      values: expect.objectContaining({ staff_id: 'E2', contract: 'agency', start: '2025-04-14 07:00:00' }),
    });

    // A value the preset never saw is asked again.
    const may = await inspectFile('rota-may.csv', enc(ROTA('', ['Temp Plus,E3,Oak,13/05/2025,07:00,15:00,Worked'])), { presets: [preset] });
    expect(may.questions).toEqual([expect.objectContaining({ type: 'values', field: 'contract', unknown: [{ value: 'Temp Plus', count: 1 }] })]);
  });
});
