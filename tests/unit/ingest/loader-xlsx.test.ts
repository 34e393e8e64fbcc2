/**
 * A workbook imports to exactly the rows the same export gives as CSV: the loader streams the
 * sheet into CSV (src/ingest/load.ts prepareWorkbook), holding only its first rows to place the
 * header. Checked on a roster longer than those first rows, with title rows and a merged title
 * above the header, real date and time cells, a blank row, a hidden row and a row without an
 * end: same stored rows, same rejection, sheet row numbers as lines.
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import type { Engine } from '../../../src/engine';
import { inspectFile } from '../../../src/ingest/inspect';
import { writeXlsx, type WriteCell } from '../../../src/cli/xlsxWriter';
import { freshEngineEachTest, storedRows } from './loader-helpers';

let db: Connector;
let engine: Engine;
freshEngineEachTest((d, e) => ([db, engine] = [d, e]));

const HEADER = ['Employee Number', 'Ward', 'Duty Date', 'Shift Start', 'Shift End', 'Staff Type', 'Shift Status'];
const N = 700;
/** Data row k (0-based): staff, ward, a date from 13 April 2025, early or night shift. */
function shift(k: number) {
  const day = new Date(Date.UTC(2025, 3, 13 + Math.floor(k / 4)));
  const night = k % 2 === 1;
  return {
    staff: `E${1000 + (k % 37)}`,
    ward: k % 3 === 0 ? 'Willow' : 'Oak',
    day,
    start: night ? [23, 0] : [7, 0],
    end: night ? [7, 0] : [15, 30],
    type: ['Substantive', 'Bank', 'Agency'][k % 3]!,
  };
}
const BLANK_AT = 300; // a blank row before data row 300
const BAD_AT = 450; // data row 450 has no end
const HIDDEN_AT = 520;

const pad = (n: number) => String(n).padStart(2, '0');
const ukDate = (d: Date) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;

function csvExport(): Uint8Array {
  const lines = [HEADER.join(',')];
  for (let k = 0; k < N; k++) {
    if (k === BLANK_AT) lines.push('');
    const s = shift(k);
    const end = k === BAD_AT ? '' : `${pad(s.end[0]!)}:${pad(s.end[1]!)}`;
    lines.push([s.staff, s.ward, ukDate(s.day), `${pad(s.start[0]!)}:${pad(s.start[1]!)}`, end, s.type, 'Worked'].join(','));
  }
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

/** Title rows 1–2 (the first merged across), blank row 3, header on row 4: sheet row = CSV line + 3. */
function workbookExport(): Uint8Array {
  const rows: WriteCell[][] = [['Roster Report – Actual hours, all wards'], ['Exported 30/06/2025 09:12'], [], HEADER];
  const time = (h: number, m: number) => ({ value: new Date(Date.UTC(1899, 11, 30, h, m)), format: 'hh:mm' });
  for (let k = 0; k < N; k++) {
    if (k === BLANK_AT) rows.push([]);
    const s = shift(k);
    rows.push([s.staff, s.ward, { value: s.day, format: 'dd/mm/yyyy' }, time(s.start[0]!, s.start[1]!), k === BAD_AT ? null : time(s.end[0]!, s.end[1]!), s.type, 'Worked']);
  }
  const hiddenRow = 4 + HIDDEN_AT + 2; // past the blank row
  return writeXlsx([{ name: 'Cover', rows: [['Roster report']] }, { name: 'Roster', rows, merges: ['A1:G1'], hiddenRows: [hiddenRow] }]);
}

async function importBoth() {
  const results = [];
  for (const [name, data] of [['roster.csv', csvExport()], ['roster.xlsx', workbookExport()]] as const) {
    await engine.clear();
    const inspection = await inspectFile(name, data);
    expect([name, inspection.error, inspection.questions]).toEqual([name, null, []]);
    const report = await engine.importFile(name, data, { mapping: inspection.mapping! });
    results.push({ inspection, report, rows: await storedRows(db, 'shifts'), rejects: report.rejects ?? [] });
  }
  return results;
}

describe('a roster workbook against the same roster as CSV', () => {
  it('stores the same rows and rejects the same row, with sheet rows as lines', async () => {
    const [csv, xlsx] = await importBoth();
    expect(xlsx!.inspection).toMatchObject({ format: 'xlsx', sheet: 'Roster', header: { headerRow: 3 }, hiddenRows: [4 + HIDDEN_AT + 2] });
    for (const r of [csv!, xlsx!]) expect(r.report).toMatchObject({ kind: 'shifts', read: N, accepted: N - 1, rejected: 1 });
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ source_line: _, shift_id: __, ...rest }) => rest);
    expect(strip(xlsx!.rows)).toEqual(strip(csv!.rows));
    expect(xlsx!.rows.map((r) => r.source_line)).toEqual(csv!.rows.map((r) => r.source_line + 3));
    // Spot checks worked out by hand: the first night shift ends the next morning.
    expect(xlsx!.rows[1]).toMatchObject({ staff_id: 'E1001', unit: 'Oak', start: '2025-04-13 23:00:00', end: '2025-04-14 07:00:00', contract: 'bank', source_line: 6 });
    // Data row 450 sits after the blank row: CSV line 1 + 450 + 2, sheet row 4 + 450 + 2.
    expect(csv!.rejects.map((r) => [r.line, r.column])).toEqual([[453, 'end']]);
    expect(xlsx!.rejects.map((r) => [r.line, r.column, r.reason])).toEqual(csv!.rejects.map((r) => [r.line + 3, r.column, r.reason]));
  });
});
