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
import { STAFF_RULES_FIXTURE } from '../helpers/staffRulesFixture';

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


describe('staff_involvements in both shapes', () => {
  it('gives the same rows on a fixture that hits every rule', async () => {
    const db = await freshDb();
    open.push(db);
    await loadFixture(db, STAFF_RULES_FIXTURE);
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
