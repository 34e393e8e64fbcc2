/** One layout read by the grid reader and compared with what a person wrote down for it. */
import { expect } from 'vitest';
import { looksLikeGridRota, readGridRota, type GridShiftRow } from '../../../../src/ingest/gridRota';
import type { ExpectedRow, GridCase } from './fixtures';

const asExpected = (r: GridShiftRow): ExpectedRow => ({
  staff_id: r.staff_id, unit: r.unit!, start: r.start, end: r.end, role: r.role, contract: r.contract, status: r.status,
});
const order = (rows: ExpectedRow[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

export function checkCase(c: GridCase): void {
  const result = readGridRota(c.cells, c.sheetName, c.settings ?? {});
  if (!result.ok) throw new Error(`${c.name}: ${result.reason}`);
  expect(order(result.rows.map(asExpected))).toEqual(order(c.expected));
  const { cellsRead, accepted, rejected, blank } = result.accounting;
  expect({ cellsRead, accepted, rejected, blank }).toEqual(c.accounting);
  expect(cellsRead).toBe(accepted + rejected + blank);
  expect(result.rejected).toHaveLength(rejected);
  expect(result.questions.map((q) => ({ code: q.code, count: q.count }))).toEqual(c.questions);
  expect(new Set(result.rows.map((r) => r.shift_id)).size).toBe(result.rows.length);
  expect(looksLikeGridRota(c.cells)).toBe(true);
}

