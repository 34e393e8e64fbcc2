import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import { cellText, likelySheet, openWorkbook, parseRange, sheetToCsv, XlsxError } from '../../../src/ingest/xlsx';
import { detectDateFormat, formatNaive, parseDateValue } from '../../../src/ingest/dates';

async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('cellText', () => {
  it('turns every kind of cell value into text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText('Oak')).toBe('Oak');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(new Date(Date.UTC(2025, 3, 11)))).toBe('2025-04-11');
    expect(cellText(new Date(Date.UTC(2025, 3, 11, 23, 40)))).toBe('2025-04-11 23:40:00');
    expect(cellText(new Date(Date.UTC(1899, 11, 30, 7, 30)))).toBe('07:30:00');
    // Float noise in a stored time (07:29:59.9996) rounds to the second.
    expect(cellText(new Date(Date.UTC(1899, 11, 30, 7, 29, 59, 999.6)))).toBe('07:30:00');
    expect(cellText({ richText: [{ text: 'Oak ' }, { text: 'Ward' }] })).toBe('Oak Ward');
    expect(cellText({ formula: 'A1+1', result: 5 })).toBe('5');
    expect(cellText({ sharedFormula: 'A2', result: new Date(Date.UTC(2025, 3, 12)) })).toBe('2025-04-12');
    expect(cellText({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(cellText({ error: '#N/A' })).toBe('');
  });
  it('parses cell ranges', () => {
    expect(parseRange('A1:H1')).toEqual({ top: 0, left: 0, bottom: 0, right: 7 });
    expect(parseRange('AA10:AB12')).toEqual({ top: 9, left: 26, bottom: 11, right: 27 });
    expect(parseRange('C3')).toEqual({ top: 2, left: 2, bottom: 2, right: 2 });
  });
});

describe('openWorkbook', () => {
  it('lists sheets, picks the data sheet and reads dates, times, merges and formulas', async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet('Cover').addRow(['Exported 13/04/2025']);
      const hidden = wb.addWorksheet('Lookup', { state: 'hidden' });
      for (let i = 0; i < 50; i++) hidden.addRow([i, i * 2, i * 3]);
      const ws = wb.addWorksheet('Incidents');
      ws.addRow(['Incident log – Oak']);
      ws.mergeCells('A1:D1');
      ws.addRow(['Ref', 'Date', 'Time', 'Minutes']);
      const r = ws.addRow([101, new Date(Date.UTC(2025, 3, 11)), new Date(Date.UTC(1899, 11, 30, 23, 40)), { formula: '10+2', result: 12 }]);
      r.getCell(2).numFmt = 'dd/mm/yyyy';
      r.getCell(3).numFmt = 'hh:mm';
      ws.addRow([]);
      ws.addRow([102, 45759, 0.3125, 5]);
    });
    const wb = await openWorkbook(bytes);
    expect(wb.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['Cover', false],
      ['Lookup', true],
      ['Incidents', false],
    ]);
    expect(likelySheet(wb.sheets)).toBe('Incidents');
    const t = wb.read('Incidents');
    expect(t.rows).toEqual([
      ['Incident log – Oak'],
      ['Ref', 'Date', 'Time', 'Minutes'],
      ['101', '2025-04-11', '23:40:00', '12'],
      [],
      ['102', '45759', '0.3125', '5'],
    ]);
    expect(t.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 3 }]);
    // Serial numbers left in General cells are read by the date rules: 45759 = 12 April 2025.
    const d = detectDateFormat(['45759'], { expect: 'date' });
    expect(d.status === 'ok' && formatNaive(parseDateValue('45759', d.format), 'date')).toBe('2025-04-12');
    expect(() => wb.read('Nope')).toThrow(XlsxError);
  });
  it('explains a file it cannot read', async () => {
    await expect(openWorkbook(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow(/could not be read/);
  });
});

describe('sheetToCsv into DuckDB', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await openNodeDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  it('writes one header line and the data rows, quoted, blank rows left out, with sheet row numbers', async () => {
    const rows = [
      ['Title'],
      ['Ref', 'Notes', 'Ward'],
      ['1', 'said "no", then left', 'Oak'],
      [],
      ['2', 'two\nlines', ' Willow '],
      ['3'],
    ];
    const bytes = sheetToCsv(rows, { headers: ['Ref', 'Notes', 'Ward'], dataStart: 2, lineColumn: '__line' });
    const text = new TextDecoder().decode(bytes);
    // PapaParse as an independent reader.
    expect(Papa.parse<string[]>(text.trimEnd()).data).toEqual([
      ['__line', 'Ref', 'Notes', 'Ward'],
      ['3', '1', 'said "no", then left', 'Oak'],
      ['5', '2', 'two\nlines', ' Willow '],
      ['6', '3', '', ''],
    ]);
    await db.registerFile('pbs-lens-files/sheet.csv', bytes);
    const got = await db.query(`SELECT * FROM read_csv('pbs-lens-files/sheet.csv', all_varchar = true, header = true) ORDER BY __line`);
    expect(got).toEqual([
      { __line: '3', Ref: '1', Notes: 'said "no", then left', Ward: 'Oak' },
      { __line: '5', Ref: '2', Notes: 'two\nlines', Ward: ' Willow ' },
      { __line: '6', Ref: '3', Notes: null, Ward: null },
    ]);
  });
});
