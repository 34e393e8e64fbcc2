/**
 * The mapping loader's rules, each on a small hand-written export whose right answer is worked out
 * here: overlapping exports, content keys, the next-day rule, the user's answers layered over the
 * vocabulary, flat intervention columns, encodings, line numbers past titles, quoted line breaks
 * and blank lines (both ways of finding them), and the file-level refusals.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { createEngine, type Engine } from '../../../src/engine';
import { inspectFile, previewRows, questionKey, resolveMapping, type Answers } from '../../../src/ingest/inspect';
import { loadDelimitedFile } from '../../../src/ingest/load';
import type { Mapping } from '../../../src/ingest/mapping';
import { parseDelimited } from '../../../src/ingest/sniff';
import { createTranscoder } from '../../../src/ingest/decode';
import { cp1252Transcoder } from '../../../src/ingest/source';
import { storedRows, freshEngineEachTest } from './loader-helpers';

const enc = (s: string) => new TextEncoder().encode(s);

let db: Connector;
let engine: Engine;
freshEngineEachTest((d, e) => ([db, engine] = [d, e]));

/** Inspect, answer, and check nothing is left open: the mapping a user would import with. */
async function mapped(name: string, data: Uint8Array, answers: Answers = {}): Promise<Mapping> {
  const r = resolveMapping(await inspectFile(name, data), answers);
  expect(r.questions).toEqual([]);
  return r.mapping!;
}

const ROTA_HEADER = 'Roster Report – Actual\r\n\r\nEmployee Number,Staff Name,Ward,Duty Date,Shift Start,Shift End,Staff Type,Shift Status\r\n';
const rota = (lines: string[]) => ROTA_HEADER + lines.map((l) => `${l}\r\n`).join('');
const DAY13 = ['E1,Ann Lee,Oak,13/04/2025,07:00,15:00,Substantive,Worked', 'E2,Bob Ray,Oak,13/04/2025,23:00,07:00,Agency,Worked'];
const DAY14 = [
  'E1,Ann Lee,Oak,14/04/2025,07:00,15:00,Substantive,Worked',
  ',,Oak,14/04/2025,07:00,15:00,,Unfilled',
  ',,Oak,14/04/2025,07:00,15:00,,Unfilled',
];
const DAY15 = ['E3,Cy Dee,Oak,15/04/2025,15:00,23:00,Bank,Sick'];

describe('rota exports without ids', () => {
  it('puts a night shift ending earlier than it starts on the next day', async () => {
    const data = enc(rota(DAY13));
    const report = await engine.importFile('rota.csv', data, { mapping: await mapped('rota.csv', data) });
    expect(report).toMatchObject({ kind: 'shifts', read: 2, accepted: 2, rejected: 0 });
    const rows = await storedRows(db, 'shifts');
    expect(rows.map((r) => [r.staff_id, r.start, r.end, r.contract])).toEqual([
      ['E1', '2025-04-13 07:00:00', '2025-04-13 15:00:00', 'permanent'],
      ['E2', '2025-04-13 23:00:00', '2025-04-14 07:00:00', 'agency'],
    ]);
    // Lines count the title and the blank line above the header (header = line 3).
    expect(rows.map((r) => r.source_line)).toEqual([4, 5]);
  });

  it('keeps two identical unfilled lines as two rows, and takes only the new rows of an overlapping later export', async () => {
    const first = enc(rota([...DAY13, ...DAY14]));
    const mapping = await mapped('rota-1.csv', first);
    expect(mapping.fields.shift_id?.source).toEqual({ from: 'contentKey' });
    const r1 = await engine.importFile('rota-1.csv', first, { mapping });
    expect(r1).toMatchObject({ read: 5, accepted: 5, duplicates: 0 });

    // The later export repeats 14 April (both unfilled lines) and adds 15 April.
    const second = enc(rota([...DAY14, ...DAY15]));
    const r2 = await engine.importFile('rota-2.csv', second, { mapping: await mapped('rota-2.csv', second) });
    expect(r2).toMatchObject({ read: 4, accepted: 1, duplicates: 3, rejected: 3 });
    expect(r2.rejects.map((r) => r.line)).toEqual([4, 5, 6]);
    const rows = await storedRows(db, 'shifts');
    expect(rows.length).toBe(6);
    expect(rows.filter((r) => r.status === 'unfilled').length).toBe(2);
    expect(rows.find((r) => r.staff_id === 'E3')).toMatchObject({ status: 'sickness', contract: 'bank', start: '2025-04-15 15:00:00' });
  });

  it("asks which value a staff type means and layers the answer over the vocabulary for this import only", async () => {
    const data = enc(rota(['E1,Ann Lee,Oak,13/04/2025,07:00,15:00,Locum Plus,Worked', 'E2,Bob Ray,Oak,13/04/2025,15:00,23:00,Agency,Worked']));
    const inspection = await inspectFile('rota.csv', data);
    const q = inspection.questions.find((x) => x.type === 'values');
    expect(q).toMatchObject({ type: 'values', field: 'contract', column: 'Staff Type', unknown: [{ value: 'Locum Plus', count: 1 }] });

    // Unanswered, the row is imported as rejected with the value and the reason.
    const plain = await engine.importFile('rota.csv', data, { mapping: inspection.mapping! });
    expect(plain).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    expect(plain.rejects[0]).toMatchObject({ line: 4, column: 'contract', value: 'Locum Plus' });
    expect(plain.rejects[0]!.reason).toMatch(/not permanent, bank or agency/);

    await engine.clear();
    const answers: Answers = { values: { [questionKey(q!)]: { 'Locum Plus': 'agency' } } };
    const preview = previewRows(inspection, answers);
    expect(preview.questions).toEqual([]);
    expect(preview.rows.map((r) => r.values.contract)).toEqual(['agency', 'agency']);
    const answered = await engine.importFile('rota.csv', data, { mapping: resolveMapping(inspection, answers).mapping! });
    expect(answered).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
    expect((await storedRows(db, 'shifts')).map((r) => r.contract)).toEqual(['agency', 'agency']);
    // Only this import: the shared vocabulary does not learn the answer.
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM vocabulary WHERE input = 'locum plus'`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('reads a unit given as a constant (a one-ward rota without a ward column)', async () => {
    const data = enc('Staff ID,Date,Start,End,Status\nE1,13/04/2025,07:00,15:00,Worked\n');
    const r = resolveMapping(await inspectFile('rota.csv', data), {
      kind: 'shifts',
      fields: { unit: { source: { from: 'constant', value: 'Oak' } } },
    });
    expect(r.questions).toEqual([]);
    const report = await engine.importFile('rota.csv', data, { mapping: r.mapping! });
    expect(report).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await storedRows(db, 'shifts'))[0]).toMatchObject({ unit: 'Oak', staff_id: 'E1' });
  });
});

const DATIX = (rows: string[]) =>
  'Incident Report\n' +
  'Ref,Incident Date,Time,Ward,Service User ID,Category,Harm Grade,Restraint Used?,Restraint Position,Duration (mins),Seclusion (Y/N),Seclusion Duration (mins),PRN Given\n' +
  rows.map((r) => `${r}\n`).join('');
const I1 = '101,13/04/2025,09:30,Oak,P1,Distress,No harm,N,,,N,,N';
const I2 = '102,13/04/2025,23:50,Oak,P2,Aggression,Low harm,Y,Face down,12,Y,95,Y';
const I3 = '103,14/04/2025,10:15,Oak,P1,Distress,No harm,Y,Basket hold,5,N,,N';
const I4 = '104,15/04/2025,08:00,Oak,P2,Self-injury,Moderate harm,Y,Seated,ten,N,,N';

describe('incident exports with flat restraint columns', () => {
  it('unpivots restraint, seclusion and PRN into restrictive interventions with their own accounting', async () => {
    const data = enc(DATIX([I1, I2]));
    const report = await engine.importFile('datix.csv', data, { mapping: await mapped('datix.csv', data) });
    expect(report).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
    expect(report.interventions).toMatchObject({ kind: 'interventions', read: 3, accepted: 3, rejected: 0, duplicates: 0 });
    const iv = await storedRows(db, 'interventions');
    expect(iv.map((r) => [r.incident_id, r.type, r.duration_minutes, r.started_at, r.source_line])).toEqual([
      ['102', '01', 12, '2025-04-13 23:50:00', 4],
      ['102', '05', 95, '2025-04-13 23:50:00', 4],
      ['102', 'PRN', null, '2025-04-13 23:50:00', 4],
    ]);
  });

  it('asks about an unknown restraint position, rejects an unreadable intervention but keeps its incident', async () => {
    const data = enc(DATIX([I1, I2, I3, I4]));
    const inspection = await inspectFile('datix.csv', data, { dateOrder: 'dmy' });
    const q = inspection.questions.find((x) => x.type === 'values' && x.intervention?.part === 'type');
    expect(q).toMatchObject({ column: 'Restraint Position', unknown: [{ value: 'Basket hold', count: 1 }] });
    const r = resolveMapping(inspection, { values: { [questionKey(q!)]: { 'Basket hold': '07' } } });
    expect(r.questions).toEqual([]);
    const report = await engine.importFile('datix.csv', data, { mapping: r.mapping! });
    expect(report).toMatchObject({ read: 4, accepted: 4, rejected: 0 });
    // 102: restraint, seclusion, PRN; 103: standing (the answer); 104: minutes "ten" cannot be read.
    expect(report.interventions).toMatchObject({ read: 5, accepted: 4, rejected: 1 });
    expect(report.interventions!.rejects).toEqual([
      { line: 6, column: 'Restraint minutes', value: 'ten', reason: 'not a number of minutes (column "Duration (mins)")' },
    ]);
    const types = (await storedRows(db, 'interventions')).map((x) => `${x.incident_id}:${x.type}`);
    expect(types.sort()).toEqual(['102:01', '102:05', '102:PRN', '103:07']);
  });

  it('accepts only the new incidents of an overlapping later export, and only their interventions', async () => {
    const first = enc(DATIX([I1, I2]));
    const mapping = await mapped('datix-1.csv', first);
    await engine.importFile('datix-1.csv', first, { mapping });
    const second = enc(DATIX([I2, I3.replace('Basket hold', 'Standing')]));
    const report = await engine.importFile('datix-2.csv', second, { mapping });
    expect(report).toMatchObject({ read: 2, accepted: 1, duplicates: 1 });
    expect(report.interventions).toMatchObject({ read: 4, accepted: 1, duplicates: 3 });
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM restrictive_interventions')) as [{ n: number }];
    expect(n).toBe(4);
  });
});

describe('the other kinds of export', () => {
  it('reads a plan-delivery log and a people list in vendor wording', async () => {
    const plan = enc(
      'Service User ID,Session Date,Activity,Took Place,Reason\n' +
        'P1,13/04/2025,Morning walk,Yes,\nP1,14/04/2025,Morning walk,No,Not enough staff\nP2,14/04/2025,Music session,N,Declined\n',
    );
    const planReport = await engine.importFile('plan.csv', plan, { mapping: await mapped('plan.csv', plan) });
    expect(planReport).toMatchObject({ kind: 'planDelivery', read: 3, accepted: 3 });
    expect((await storedRows(db, 'planDelivery')).map((r) => [r.person_id, r.date, r.delivered, r.reason_not_delivered])).toEqual([
      ['P1', '2025-04-13', true, null],
      ['P1', '2025-04-14', false, 'Not enough staff'],
      ['P2', '2025-04-14', false, 'Declined'],
    ]);

    const people = enc('Patient ID,Patient Name,Ward,Admission Date,Discharge Date,Observation Level\nP1,Sam Reid,Oak,01/03/2024,,2:1\nP2,Jo Ellis,Oak,15/02/2025,20/04/2025,1 : 1\n');
    const peopleReport = await engine.importFile('people.csv', people, { mapping: await mapped('people.csv', people) });
    expect(peopleReport).toMatchObject({ kind: 'people', read: 2, accepted: 2 });
    expect((await storedRows(db, 'people')).map((r) => [r.person_id, r.admitted, r.discharged, r.commissioned_ratio])).toEqual([
      ['P1', '2024-03-01', null, '2:1'],
      ['P2', '2025-02-15', '2025-04-20', '1:1'],
    ]);
  });
});

describe('encodings', () => {
  const CP1252: Record<string, number> = { '£': 0xa3, 'é': 0xe9, 'ë': 0xeb, '’': 0x92, '–': 0x96 };
  const cp1252 = (s: string) => new Uint8Array(Array.from(s, (ch) => CP1252[ch] ?? ch.charCodeAt(0)));

  it('keeps £, accents and smart quotes of a Windows-1252 export (streamed in chunks across 1 MB boundaries)', async () => {
    const header = 'Log ID,Resident,Home,Date,Time,Behaviour,Notes\r\n';
    const row = (n: number) => `CL${n},Zoë Brontë,Oak,13/04/2025,9:15 am,Distress,Broke a £20 radio – didn’t like it ${'x'.repeat(n % 50)}\r\n`;
    let text = header;
    for (let n = 1; n <= 20000; n++) text += row(n);
    const data = cp1252(text);
    expect(data.length).toBeGreaterThan(2 << 20);
    const report = await engine.importFile('care.csv', data, { mapping: await mapped('care.csv', data) });
    expect(report).toMatchObject({ read: 20000, accepted: 20000, encoding: 'windows-1252' });
    expect(report.notes.join(' ')).toMatch(/converted to UTF-8/);
    const rows = await db.query<{ person_id: string; description: string; source_line: number }>(
      `SELECT person_id, description, source_line FROM incidents WHERE incident_id IN ('CL1', 'CL12345', 'CL20000') ORDER BY source_line`,
    );
    expect(rows.map((r) => r.person_id)).toEqual(['Zoë Brontë', 'Zoë Brontë', 'Zoë Brontë']);
    expect(rows[1]!.description).toBe(`Broke a £20 radio – didn’t like it ${'x'.repeat(12345 % 50)}`);
    expect(rows.map((r) => r.source_line)).toEqual([2, 12346, 20001]);
  });

  it('converts every Windows-1252 byte as decode.ts does, without going through strings', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const reference = createTranscoder({ encoding: 'windows-1252', bomLength: 0 });
    const expected = new Uint8Array([...reference.push(all), ...reference.end()]);
    expect(cp1252Transcoder().push(all)).toEqual(expected);
    expect(new TextDecoder().decode(cp1252Transcoder().push(new Uint8Array([0xa3, 0x80, 0x93, 0x94, 0xe9])))).toBe('£€“”é');
    const ascii = enc('plain,ascii\n');
    expect(cp1252Transcoder().push(ascii)).toBe(ascii);
  });

  it('reads a UTF-16 "Unicode text" export with semicolons', async () => {
    const text = 'Incident No;Date/Time;Unit;Person ID;Description\r\n7;2025-04-13T10:20:00;Oak;P1;Zoë: “no”\r\n';
    const data = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const report = await engine.importFile('unicode.csv', data, { mapping: await mapped('unicode.csv', data) });
    expect(report).toMatchObject({ read: 1, accepted: 1, encoding: 'utf-16le' });
    expect((await storedRows(db, 'incidents'))[0]).toMatchObject({ incident_id: '7', occurred_at: '2025-04-13 10:20:00', description: 'Zoë: “no”' });
  });
});

describe('line numbers refer to the original file', () => {
  // Titles, a description over two lines, a blank line, a line with a field too many, a footer.
  const text =
    'Incident Report\n' +
    'Printed 13/04/2025\n' +
    '\n' +
    'Ref,Incident Date,Time,Ward,Service User ID,Description\n' +
    '1,13/04/2025,09:30,Oak,P1,"Shouted,\nthen settled"\n' +
    '2,13/04/2025,10:30,Oak,P1,ok\n' +
    '\n' +
    '3,13/04/2025,11:30,Oak,P1,ok,extra,field\n' +
    '4,13/04/2025,bad,Oak,P1,ok\n' +
    '5,13/04/2025,12:30,Oak,P2,"a\n\nb"\n' +
    '6,13/04/2025,13:30,Oak,P2,ok\n' +
    'Total: 6\n';
  // Independent reckoning by a JS parse of the whole text: each record's first line.
  const parsed = parseDelimited(text, ',');
  const lineOf = (ref: string) => parsed.lines[parsed.rows.findIndex((r) => r[0] === ref)]!;

  it.each([
    ['scanned in JS (small file)', undefined],
    ['when DuckDB finds records spanning lines (large-file path)', 0],
  ])('%s', async (_label, lineScanBytes) => {
    const data = enc(text);
    const mapping = await mapped('x.csv', data);
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'x.csv', data, mapping, ...(lineScanBytes === undefined ? {} : { lineScanBytes }) });
    expect(report).toMatchObject({ read: 7, accepted: 4, rejected: 3 });
    const stored = await storedRows(db, 'incidents');
    expect(stored.map((r) => [r.incident_id, r.source_line])).toEqual(['1', '2', '5', '6'].map((id) => [id, lineOf(id)]));
    expect(stored.map((r) => r.source_line)).toEqual([5, 7, 11, 14]);
    const byLine = new Map(report.rejects.map((r) => [r.line, r]));
    expect(byLine.get(lineOf('3'))).toMatchObject({ column: '(whole line)', value: 'extra,field' });
    expect(byLine.get(lineOf('3'))!.reason).toMatch(/more fields than the header/);
    expect(byLine.get(lineOf('4'))).toMatchObject({ column: 'occurred_at', value: '13/04/2025 bad' });
    expect(report.rejects).toContainEqual(expect.objectContaining({ line: lineOf('Total: 6'), column: 'occurred_at', value: null }));
    expect([...byLine.keys()].sort((a, b) => a - b)).toEqual([9, 10, 15]);
  });

  it('in a Windows-1252 file taking the large-file path (the converted text is scanned)', async () => {
    const data = new Uint8Array(Array.from(text.replace('Incident Report', 'Incident Report \u00a3'), (ch) => ch.charCodeAt(0)));
    const mapping = await mapped('x.csv', data);
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'x.csv', data, mapping, lineScanBytes: 0 });
    expect(report).toMatchObject({ read: 7, accepted: 4, rejected: 3, encoding: 'windows-1252' });
    expect((await storedRows(db, 'incidents')).map((r) => r.source_line)).toEqual([5, 7, 11, 14]);
  });

  it('takes the fast path when every record is one line, with rejected lines counted', async () => {
    const clean = 'Title\nRef,Incident Date,Time,Ward,Service User ID\n1,13/04/2025,09:30,Oak,P1\n2,13/04/2025,09:30,Oak,P1,x\n3,13/04/2025,09:45,Oak,P1\n';
    const data = enc(clean);
    const mapping = await mapped('x.csv', data);
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'x.csv', data, mapping, lineScanBytes: 0 });
    expect(report).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(report.rejects[0]!.line).toBe(4);
    expect((await storedRows(db, 'incidents')).map((r) => r.source_line)).toEqual([3, 5]);
  });
});

describe('imports are whole or not at all', () => {
  it('runs imports asked for together one after another, each with its own id', async () => {
    const a = enc(rota(DAY13));
    const b = enc(DATIX([I1, I2]));
    const [ma, mb] = [await mapped('a.csv', a), await mapped('b.csv', b)];
    const [ra, rb] = await Promise.all([engine.importFile('a.csv', a, { mapping: ma }), engine.importFile('b.csv', b, { mapping: mb })]);
    expect(ra).toMatchObject({ accepted: 2, error: null });
    expect(rb).toMatchObject({ accepted: 2, error: null });
    const imports = await db.query<{ import_id: number; file_name: string }>('SELECT import_id, file_name FROM imports ORDER BY import_id');
    expect(imports).toEqual([
      { import_id: 1, file_name: 'a.csv' },
      { import_id: 2, file_name: 'b.csv' },
      { import_id: 3, file_name: 'b.csv (restrictive intervention columns)' },
    ]);
  });

  it('takes back the rows already written when the import fails half way', async () => {
    const failing: Connector = {
      ...db,
      query: async (sql, params) => {
        if (/^\s*INSERT INTO rejects/.test(sql)) throw new Error('disk full');
        return db.query(sql, params);
      },
    };
    const data = enc(rota([...DAY13, 'E9,Zed,Oak,13/04/2025,07:00,15:00,Substantive,On holiday']));
    // Unanswered, the unknown status makes a rejected row: the rejects are written after the rows.
    const report = await createEngine(failing).importFile('rota.csv', data, { mapping: (await inspectFile('rota.csv', data)).mapping! });
    expect(report.error).toMatch(/could not be read: disk full/);
    expect(await storedRows(db, 'shifts')).toEqual([]);
    expect(await db.query('SELECT import_id, error FROM imports')).toEqual([{ import_id: 1, error: 'The file could not be read: disk full' }]);
  });
});

describe('file-level refusals say what to do', () => {
  it('refuses a mapping made for other columns, importing nothing', async () => {
    const data = enc(rota(DAY13));
    const mapping = await mapped('rota.csv', data);
    const other = enc('Name,Colour\nA,red\n');
    const report = await engine.importFile('other.csv', other, { mapping });
    expect(report.error).toMatch(/does not have the columns this mapping reads/);
    expect(report).toMatchObject({ read: 0, accepted: 0 });
  });

  it('refuses a workbook mapping for a CSV, and a mapping that lacks a required field', async () => {
    const data = enc(rota(DAY13));
    const mapping = await mapped('rota.csv', data);
    expect((await engine.importFile('rota.csv', data, { mapping: { ...mapping, format: 'xlsx' } })).error).toMatch(/Excel workbook/);
    const { unit: _unit, ...fields } = mapping.fields;
    expect((await engine.importFile('rota.csv', data, { mapping: { ...mapping, fields } })).error).toMatch(/no column for unit/);
  });

  it('turns an answer that is not a canonical value into a message', async () => {
    const data = enc(rota(DAY13));
    const mapping = await mapped('rota.csv', data);
    const bad = { ...mapping, fields: { ...mapping.fields, contract: { ...mapping.fields.contract!, values: { Agency: 'temporary-ish' } } } };
    expect((await engine.importFile('rota.csv', data, { mapping: bad })).error).toMatch(/not one of permanent, bank, agency/);
  });
});
