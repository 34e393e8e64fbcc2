import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { createEngine } from '../../../src/engine';
import { inspectFile } from '../../../src/ingest/inspect';
import { enc, freshDb } from '../helpers/db';
import { DEVELOPMENT_CASES, type GridCase } from './grid/fixtures';

const csvOf = (c: GridCase) => `${c.cells.map((r) => r.join(',')).join('\n')}\n`;
const oak = DEVELOPMENT_CASES[0]!;

describe('inspection recognises a grid rota', () => {
  it('a grid: rota first, its code questions, its accounting', async () => {
    const i = await inspectFile('oak.csv', enc(csvOf(oak)));
    expect(i.error).toBeNull();
    expect(i.kinds[0]!.kind).toBe('shifts');
    expect(i.grid?.questions).toEqual([{ code: 'Sick', count: 1, example: { sheetRow: 6, column: 'Thu 09/01', staff: 'Cara Dunn' } }]);
    expect(i.grid?.accounting).toMatchObject({ cellsRead: 28, accepted: 15, rejected: 1, blank: 12 });
    expect(i.notes.join(' ')).toMatch(/grid rota: staff as rows, 7 days as columns \(2025-01-06 to 2025-01-12\)/);
    const answered = await inspectFile('oak.csv', enc(csvOf(oak)), { grid: { codes: { Sick: { kind: 'shift', start: '07:00', end: '15:00' } } } });
    expect(answered.grid?.questions).toEqual([]);
  });

  it('a rota list, a requirements table and a kind named by the user are not grids', async () => {
    const list = 'shift_id,staff_id,unit,start,end,role,contract,status\nR1,S1,Oak,2025-01-01 07:00,2025-01-01 15:00,,permanent,worked\n';
    expect((await inspectFile('rota.csv', enc(list))).grid).toBeUndefined();
    const req = 'Unit,Shift,Mon,Tue,Wed,Thu,Fri,Sat,Sun\nOak,Early,3,3,3,3,3,2,2\nOak,Late,3,3,3,3,3,2,2\n';
    expect((await inspectFile('req.csv', enc(req))).grid).toBeUndefined();
    expect((await inspectFile('oak.csv', enc(csvOf(oak)), { kind: 'events' })).grid).toBeUndefined();
  });
});

describe('the engine imports a grid rota when told it is one', () => {
  let db: Connector;
  beforeEach(async () => {
    db = await freshDb();
  });
  afterEach(async () => {
    await db.close();
  });
  it('importFile with grid settings', async () => {
    const engine = createEngine(db);
    const report = await engine.importFile('oak.csv', enc(csvOf(oak)), { grid: {} });
    expect(report).toMatchObject({ kind: 'shifts', read: 16, accepted: 15, rejected: 1, error: null });
  });
});
