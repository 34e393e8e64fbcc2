/**
 * Lengths of time as restraint logs write them (issue 13): "45", "45 mins", "1h 05m", "1.5 hours",
 * "00:45". The JS reader (previews, flat exports) and its SQL twin (the loader) must agree, and a
 * column of such values is recognised as durations from its values, not taken for times of day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { openNodeDatabase } from '../../../src/db/node';
import { sqlParseMinutes } from '../../../src/ingest/mapped';
import { parseMinutes, profileColumn } from '../../../src/ingest/profiles';
import { valueCandidate } from '../../../src/ingest/evidence';

// What a person reads each value as, in minutes (null: blank; NaN: not a length of time).
const CASES: [string, number | null][] = [
  ['45', 45], ['45 mins', 45], ['45m', 45], ['1h 05m', 65], ['1h', 60], ['2 hrs 10 mins', 130], ['1.5 hours', 90],
  ['00:45', 45], ['4h 23m', 263], ['1:20', 80], ['', null], ['1,200', 1200], ['prone', Number.NaN], ['h', Number.NaN], ['m', Number.NaN],
];

let db: Connector;
beforeAll(async () => {
  db = await openNodeDatabase();
});
afterAll(() => db.close());

describe('lengths of time', () => {
  it.each(CASES)('%j is %s minutes in JS and in SQL', async (raw, want) => {
    expect(parseMinutes(raw)).toEqual(want);
    const [row] = await db.query<{ m: number | null }>(`SELECT ${sqlParseMinutes('v')} AS m FROM (SELECT nullif(?, '') AS v)`, [raw]);
    expect(row!.m).toEqual(want === null || Number.isNaN(want) ? null : want);
  });

  it('a column of h:mm values all under four hours is durations, not times of day', () => {
    const p = profileColumn('Length', ['00:45', '01:04', '00:02', '00:10', '01:35', '00:30']);
    expect(p.duration).toBe(1);
    expect(p.time).toBe(0);
    expect(valueCandidate('interventions', 'duration_minutes', p, 'length')?.why).toMatch(/lengths of time/);
    // Times of day spread over the day stay times.
    const t = profileColumn('Time', ['03:15', '21:40', '20:20', '02:35', '14:05', '09:30']);
    expect(t.time).toBe(1);
    expect(t.duration).toBe(0);
  });

  it('spelt-out durations qualify for duration_minutes by their values alone', () => {
    const p = profileColumn('Held for', ['1h 05m', '25m', '4h 23m', '12m', '2h 00m']);
    expect(p.duration).toBe(1);
    expect(valueCandidate('interventions', 'duration_minutes', p, 'held for')).not.toBeNull();
  });
});
