import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { loadGridRota } from '../../../src/ingest/gridLoad';
import { enc, freshDb } from '../helpers/db';
import { DEVELOPMENT_CASES, row, type GridCase } from './grid/fixtures';
import { writeXlsx } from '../../../src/cli/xlsxWriter';

/** A workbook of the named sheets, in order (the project's own test writer). */
const xlsxOf = (sheets: Record<string, (string | number | null)[][]>) => writeXlsx(Object.entries(sheets).map(([name, rows]) => ({ name, rows })));

let db: Connector;
beforeEach(async () => {
  db = await freshDb();
});
afterEach(async () => {
  await db.close();
});

const csvOf = (c: GridCase) => `${c.cells.map((r) => r.join(',')).join('\r\n')}\r\n`;
const [oak, maple, , birch] = DEVELOPMENT_CASES as [GridCase, GridCase, GridCase, GridCase];

interface Stored { staff_id: string | null; unit: string; start: string; end: string; role: string | null; contract: string | null; status: string }
const stored = (importId: number) =>
  db.query<Stored & { source_line: number }>(
    `SELECT staff_id, unit, strftime(start, '%Y-%m-%d %H:%M') AS start, strftime("end", '%Y-%m-%d %H:%M') AS "end", role, contract, status, source_line
     FROM shifts WHERE import_id = ? ORDER BY source_line, start`,
    [importId],
  );
const order = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('a grid rota through the rota import (real DuckDB)', () => {
  it('stores the rows a person reads, on their sheet rows, and accounts for the unreadable cell', async () => {
    const report = await loadGridRota(db, { importId: 1, fileName: 'oak.csv', data: enc(csvOf(oak)), grid: {} });
    expect(report.error).toBeNull();
    expect(report).toMatchObject({ kind: 'shifts', read: 16, accepted: 15, rejected: 1, duplicates: 0, format: 'delimited' });
    const rows = await stored(1);
    expect(order(rows.map(({ source_line: _, ...r }) => r))).toEqual(order(oak.expected));
    // Amy Brown is on sheet row 4, Dan Evans (below the "Agency staff" section) on row 8.
    expect(rows.filter((r) => r.staff_id === 'Amy Brown').every((r) => r.source_line === 4)).toBe(true);
    expect(rows.filter((r) => r.staff_id === 'Dan Evans').every((r) => r.source_line === 8)).toBe(true);
    expect(report.rejects).toEqual([{ line: 6, column: 'Thu 09/01', value: 'Sick', reason: expect.stringMatching(/times of shift code "Sick"/) }]);
    expect(report.notes.join(' ')).toMatch(/28 day cells read = 15 shifts \+ 1 not readable \+ 12 with no shift/);
    const [log] = await db.query<{ read: number; accepted: number; rejected: number; file_name: string }>('SELECT read, accepted, rejected, file_name FROM imports WHERE import_id = 1');
    expect(log).toEqual({ read: 16, accepted: 15, rejected: 1, file_name: 'oak.csv' });
  });

  it('the answer to a question imports the cell; the same sheet again is all "already imported"', async () => {
    const sick = { Sick: { kind: 'shift' as const, start: '07:00', end: '19:30' } };
    const first = await loadGridRota(db, { importId: 1, fileName: 'oak.csv', data: enc(csvOf(oak)), grid: { codes: sick } });
    expect(first).toMatchObject({ read: 16, accepted: 16, rejected: 0 });
    const again = await loadGridRota(db, { importId: 2, fileName: 'oak.csv', data: enc(csvOf(oak)), grid: { codes: sick } });
    expect(again).toMatchObject({ read: 16, accepted: 0, rejected: 16, duplicates: 16 });
    // Reported on the sheet's rows and day columns, not the intermediate CSV's.
    expect(again.rejects.filter((x) => x.line === 4).map((x) => x.column).sort()).toEqual(
      ['Fri 10/01 (shift_id)', 'Mon 06/01 (shift_id)', 'Thu 09/01 (shift_id)', 'Tue 07/01 (shift_id)'],
    );
  });

  it('a month with a two-row header and a staff-type column; unfilled lines of a weekday grid', async () => {
    const m = await loadGridRota(db, { importId: 1, fileName: 'maple.csv', data: enc(csvOf(maple)), grid: {} });
    expect(m).toMatchObject({ read: 10, accepted: 10, rejected: 0 });
    expect(order((await stored(1)).map(({ source_line: _, ...r }) => r))).toEqual(order(maple.expected));
    const b = await loadGridRota(db, { importId: 2, fileName: 'birch.csv', data: enc(csvOf(birch)), grid: {} });
    expect(b).toMatchObject({ read: 12, accepted: 11, rejected: 1 });
    const [{ unfilled }] = (await db.query<{ unfilled: number }>(
      `SELECT count(*)::INTEGER AS unfilled FROM shifts WHERE import_id = 2 AND status = 'unfilled' AND staff_id IS NULL`,
    )) as [{ unfilled: number }];
    expect(unfilled).toBe(2);
  });

  it('a sheet whose every filled cell is a question imports nothing and says why, cell by cell', async () => {
    const csv = 'Name,Mon 06/01/2025,Tue 07/01/2025,Wed 08/01/2025,Thu 09/01/2025,Fri 10/01/2025\nAmy,Sick,Sick,,,\n';
    const r = await loadGridRota(db, { importId: 1, fileName: 'x.csv', data: enc(csv), grid: { unit: 'Oak' } });
    expect(r).toMatchObject({ read: 2, accepted: 0, rejected: 2, error: null });
    expect(r.rejects.map((x) => x.line)).toEqual([2, 2]);
  });

  it('a file that is not a grid is refused with the reason, and logged', async () => {
    const r = await loadGridRota(db, { importId: 1, fileName: 'list.csv', data: enc('a,b\n1,2\n'), grid: {} });
    expect(r.error).toMatch(/does not read as a grid rota/);
    const [log] = await db.query<{ error: string }>('SELECT error FROM imports WHERE import_id = 1');
    expect(log!.error).toMatch(/grid rota/);
  });
});

describe('a workbook with a sheet per week and a key sheet', () => {
  it('reads every week sheet with the key sheet’s codes; cells named by sheet and day', async () => {
    const week = (title: string, days: (string | number)[], rows: (string | null)[][]) => [[title], ['Name', ...days], ...rows];
    const data = xlsxOf({
      Key: [['Code', 'Times'], ['E', '08:00-14:00'], ['L', '14:00-20:00']],
      'Wk 6 Jan': week('Elm Ward rota w/c 6 January 2025', ['Mon 06/01', 'Tue 07/01', 'Wed 08/01', 'Thu 09/01', 'Fri 10/01'], [
        ['Ann Ash', 'E', 'E', null, 'L', 'A/L'],
        ['Bob Birch (agency)', null, 'L', 'L', null, 'Zz'],
      ]),
      // Unformatted Excel date serials in the header (45670 = 13 January 2025).
      'Wk 13 Jan': week('Elm Ward rota w/c 13 January 2025', [45670, 45671, 45672, 45673, 45674], [['Ann Ash', 'L', null, null, null, 'N']]),
    });
    const r = await loadGridRota(db, { importId: 1, fileName: 'elm.xlsx', data, grid: {} });
    expect(r.error).toBeNull();
    expect(r).toMatchObject({ format: 'xlsx', read: 8, accepted: 7, rejected: 1, sheet: 'Wk 6 Jan, Wk 13 Jan' });
    const rows = await stored(1);
    expect(order(rows.map(({ source_line: _, ...x }) => x))).toEqual(
      order([
        row('Ann Ash', 'Elm Ward', '2025-01-06 08:00', '2025-01-06 14:00'),
        row('Ann Ash', 'Elm Ward', '2025-01-07 08:00', '2025-01-07 14:00'),
        row('Ann Ash', 'Elm Ward', '2025-01-09 14:00', '2025-01-09 20:00'),
        row('Bob Birch', 'Elm Ward', '2025-01-07 14:00', '2025-01-07 20:00', 'agency'),
        row('Bob Birch', 'Elm Ward', '2025-01-08 14:00', '2025-01-08 20:00', 'agency'),
        row('Ann Ash', 'Elm Ward', '2025-01-13 14:00', '2025-01-13 20:00'),
        row('Ann Ash', 'Elm Ward', '2025-01-17 23:00', '2025-01-18 07:00'),
      ]),
    );
    expect(r.rejects).toEqual([{ line: 4, column: 'Wk 6 Jan: Fri 10/01', value: 'Zz', reason: expect.stringMatching(/"Zz"/) }]);
    expect(r.notes.join(' ')).toMatch(/Sheets not read as rota grids: Key/);
  });
});
