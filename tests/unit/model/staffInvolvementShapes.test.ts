/**
 * staff_involvements has two shapes (model/staffInvolvements.ts): lists in memory for duckdb-wasm,
 * which cannot spill, and integer-keyed joins and GROUP BYs for native DuckDB, which can. A person
 * would expect the choice of engine never to change a number: both shapes, built on the same data
 * in the same engine, give the same rows — on the sample service and on a fixture made to hit
 * every rule (a staff member named twice, by id and by a normalised name; an ambiguous and an
 * unmatched name; an incident naming nobody; a staff member with two lines in a period; one with
 * no line in it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { runQuery } from '../../../src/db/sql';
import { STAFF_INVOLVEMENTS } from '../../../src/model/staffInvolvements';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { createStatement } from '../../../src/model/table';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { buildExposure } from '../helpers/model';
import { sampleServiceDb } from '../helpers/sampleService';

const open: Connector[] = [];
afterAll(async () => {
  for (const db of open) await db.close();
});

/** The table built in the given shape, every row as text in a fixed order. */
async function rowsOf(db: Connector, spillsToDisk: boolean): Promise<string[]> {
  await runQuery(db, createStatement(STAFF_INVOLVEMENTS, { settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk }));
  const rows = await db.query<{ r: string }>('SELECT t::VARCHAR AS r FROM staff_involvements t ORDER BY ALL');
  return rows.map((x) => x.r);
}

const line = (id: string, staff: string, date: string, from: string, to: string, contract: string) =>
  `${id},${staff},Ward,${date} ${from},${date} ${to},HCA,${contract},worked,`;
const FIXTURE = {
  people: 'person_id,name,unit,admitted,discharged\nP1,Ann,Ward,2025-01-01,',
  shifts: [
    'shift_id,staff_id,unit,start,end,role,contract,status,person_id',
    line('R1', 'B1', '2025-01-01', '07:00', '11:00', 'agency'),
    line('R2', 'B1', '2025-01-01', '11:00', '15:00', 'permanent'),
    line('R3', 'C7', '2025-01-01', '07:00', '15:00', 'permanent'),
    line('R4', 'Jo1', '2025-01-01', '07:00', '15:00', 'bank'),
    line('R5', 'JO-1', '2025-01-01', '07:00', '15:00', 'bank'),
    line('R6', 'B1', '2025-01-02', '07:00', '15:00', 'permanent'),
  ].join('\n'),
  incidents: [
    'incident_id,person_id,occurred_at,unit,staff_involved',
    'J1,P1,2025-01-01 08:00,Ward,B1;b-1;C7',
    'J2,P1,2025-01-01 12:00,Ward,b 1|jo1|X9',
    'J3,P1,2025-01-01 13:00,Ward,',
    'J4,P1,2025-01-02 10:00,Ward,C7;B1',
  ].join('\n'),
};

describe('staff_involvements in both shapes', () => {
  it('gives the same rows on a fixture that hits every rule', async () => {
    const db = await freshDb();
    open.push(db);
    await loadFixture(db, FIXTURE);
    await buildExposure(db, DEFAULT_SETTINGS);
    const inMemory = await rowsOf(db, false);
    expect(inMemory).toHaveLength(4);
    expect(await rowsOf(db, true)).toEqual(inMemory);
  });

  it('gives the same rows on the sample service', async () => {
    const db = await sampleServiceDb();
    open.push(db);
    const inMemory = await rowsOf(db, false);
    expect(inMemory.length).toBeGreaterThan(500);
    expect(await rowsOf(db, true)).toEqual(inMemory);
  });
});
