/**
 * recording_gaps built whole from bitstrings, around the start of its day count (0001-01-01):
 * blocks are counted by floor division, so a date before it — DuckDB reads '0000-06-01' as 1 BC,
 * and an import with an early --earliest-date can hold one — is a record like any other instead of
 * a negative bit that failed the whole statement. Expected gaps counted by hand; the slice-by-slice
 * build (a window over the days, no blocks) must give the same.
 */
import { afterAll, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { runQuery } from '../../../src/db/sql';
import { RECORDING_GAPS } from '../../../src/model/recordingGaps';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { SlicedBuild } from '../../../src/model/slicedBuild';
import { createStatement } from '../../../src/model/table';
import { freshDb } from '../helpers/db';

const CTX = { settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk: false };
let db: Connector;
afterAll(() => db?.close());

/** Gaps as days from 0001-01-01 (negative before it: no BC date text to compare). */
const gapDays = async () =>
  (
    await db.query<{ r: string }>(
      `SELECT person_id || ' ' || (gap_from - DATE '0001-01-01') || '..' || (gap_to - DATE '0001-01-01') AS r FROM recording_gaps ORDER BY person_id, gap_from`,
    )
  ).map((x) => x.r);

it('a record or a span before 0001-01-01 is counted like any other day, whole and in slices', async () => {
  db = await freshDb();
  const z = "DATE '0001-01-01'";
  await db.exec(`
    CREATE TABLE person_spans AS SELECT * FROM (VALUES
      (1, 'A', 'a', 'U', DATE '2019-08-08', DATE '2019-08-12'),
      (2, 'B', 'b', 'U', ${z} - 2, ${z} + 1)) t(person_idx, person_id, label, unit, from_date, to_date);
    CREATE TABLE rota_coverage AS SELECT 'U' AS unit, ${z} - 10 AS first_date, DATE '2050-01-01' AS last_date;
    CREATE TABLE r_incidents AS SELECT * FROM (VALUES
      ('A', TIMESTAMP '2019-08-10 10:00'), ('A', TIMESTAMP '0000-06-01 10:00'), ('B', (${z} - 1)::TIMESTAMP)) t(person_id, occurred_at);
    CREATE TABLE r_plan_delivery (person_id VARCHAR, date DATE);
    CREATE TABLE r_shifts (person_id VARCHAR, "start" TIMESTAMP);`);
  const a = (d: string) => Math.round((Date.parse(d) - Date.parse('0001-01-01')) / 86_400_000);
  // A: a record on the 10th of a 8th–12th span (its 1 BC record is outside it): the 8th–9th and 11th–12th.
  // B: days -2..1 with a record on day -1: gaps -2..-2 and 0..1.
  const expected = [`A ${a('2019-08-08')}..${a('2019-08-09')}`, `A ${a('2019-08-11')}..${a('2019-08-12')}`, 'B -2..-2', 'B 0..1'];
  await runQuery(db, createStatement(RECORDING_GAPS, CTX));
  expect(await gapDays()).toEqual(expected);
  await db.exec('DROP TABLE recording_gaps');
  const build = new SlicedBuild(RECORDING_GAPS, 0, CTX);
  while (!(await build.step(db)));
  expect(await gapDays()).toEqual(expected);
});
