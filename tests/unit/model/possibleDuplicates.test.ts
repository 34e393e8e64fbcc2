/**
 * possible_duplicates (model/possibleDuplicates.ts) pairs only the incidents next to one of the same
 * person within a minute (issue 18). A person would expect exactly the pairs of the rule: same
 * person and behaviour, at most 60 s apart, each incident with at most its next 16 of that person.
 * Counted by hand on a fixture that hits the cap, a chain and near misses, and compared row by row
 * with the SQL it replaced (below, as it was), on that fixture and on the sample service.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { runQuery } from '../../../src/db/sql';
import { POSSIBLE_DUPLICATES } from '../../../src/model/possibleDuplicates';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { createStatement } from '../../../src/model/table';
import { fixtureDb } from '../helpers/model';
import { sampleServiceDb } from '../helpers/sampleService';
import { STAFF_RULES_FIXTURE } from '../helpers/staffRulesFixture';

/** The previous SQL (bc43fd8): every incident joined with its next 16 by blocks of 16. */
const BEFORE = `
WITH i AS MATERIALIZED (
  SELECT incident_id, occurred_at, person_hash,
         row_number() OVER (ORDER BY person_hash, occurred_at, incident_id) AS k
  FROM (SELECT incident_id, occurred_at, hash(person_id) AS person_hash FROM r_incidents)),
near AS (
  SELECT a.incident_id AS a_id, b.incident_id AS b_id
  FROM (SELECT *, unnest([k // 16, k // 16 + 1]) AS block FROM i) a
  JOIN (SELECT *, k // 16 AS block FROM i) b ON b.block = a.block
  WHERE b.k > a.k AND b.k <= a.k + 16
    AND b.person_hash = a.person_hash AND epoch(b.occurred_at - a.occurred_at) <= 60),
candidates AS (
  SELECT row_number() OVER () AS candidate, n.a_id, n.b_id, a.person_id AS a_person, b.person_id AS b_person,
         a.behaviour_type AS a_behaviour, b.behaviour_type AS b_behaviour
  FROM near n JOIN r_incidents a ON a.incident_id = n.a_id JOIN r_incidents b ON b.incident_id = n.b_id),
pairs AS (
  SELECT DISTINCT least(a_id, b_id) AS first_id, greatest(a_id, b_id) AS second_id FROM candidates
  WHERE b_person = a_person AND lower(regexp_replace(trim(b_behaviour), '\\s+', ' ', 'g')) IS NOT DISTINCT FROM lower(regexp_replace(trim(a_behaviour), '\\s+', ' ', 'g')))
SELECT p.first_id, p.second_id, a.person_id, a.behaviour_type AS behaviour,
       a.occurred_at AS first_at, a.unit AS first_unit, b.occurred_at AS second_at, b.unit AS second_unit
FROM pairs p JOIN r_incidents a ON a.incident_id = p.first_id JOIN r_incidents b ON b.incident_id = p.second_id
ORDER BY a.occurred_at, p.first_id, p.second_id`;

const open: Connector[] = [];
afterAll(async () => {
  for (const db of open) await db.close();
});

/** The table as built now and by the previous SQL, every row as text in the table's own order. */
async function bothWays(db: Connector): Promise<{ now: string[]; before: string[] }> {
  await runQuery(db, createStatement(POSSIBLE_DUPLICATES, { settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk: false }));
  await db.exec(`CREATE OR REPLACE TABLE duplicates_before AS ${BEFORE}`);
  const rows = async (t: string) => (await db.query<{ r: string }>(`SELECT t::VARCHAR AS r FROM ${t} t`)).map((x) => x.r);
  return { now: await rows('possible_duplicates'), before: await rows('duplicates_before') };
}

const at = (s: number) => `2025-01-01 10:00:${String(s).padStart(2, '0')}`;
// R01–R20: P1 "hitting" every 2 s from 10:00:00 (all within 38 s): each pairs with at most its
// next 16. C1–C3: P1 at 11:00:00, 11:00:50, 11:01:40 (a chain: C1–C2 and C2–C3, not C1–C3).
// Q1/Q2: P2 at the same moment, "Hitting " and "hitting". Q3: P2 61 s later (too late). N1: P1 and
// M1: P2 at 12:00:00 (different people), S1 P1 12:00:30 "shouting" (different behaviour).
const INCIDENTS = [
  'incident_id,person_id,occurred_at,unit,behaviour_type,staff_involved',
  ...Array.from({ length: 20 }, (_, i) => `R${String(i + 1).padStart(2, '0')},P1,${at(2 * i)},Ward,hitting,`),
  'C1,P1,2025-01-01 11:00:00,Ward,hitting,', 'C2,P1,2025-01-01 11:00:50,Ward,hitting,', 'C3,P1,2025-01-01 11:01:40,Ward,hitting,',
  'Q1,P2,2025-01-01 13:00:00,Ward,Hitting ,', 'Q2,P2,2025-01-01 13:00:00,Ward,hitting,', 'Q3,P2,2025-01-01 13:01:01,Ward,hitting,',
  'N1,P1,2025-01-01 12:00:00,Ward,kicking,', 'M1,P2,2025-01-01 12:00:00,Ward,kicking,', 'S1,P1,2025-01-01 12:00:30,Ward,shouting,',
].join('\n');

describe('possible_duplicates', () => {
  it('pairs as the rule says, each incident with at most its next 16, as the previous SQL did', async () => {
    const db = await fixtureDb({
      ...STAFF_RULES_FIXTURE,
      people: `${STAFF_RULES_FIXTURE.people}\nP2,Bo,Ward,2025-01-01,`,
      incidents: INCIDENTS,
    });
    open.push(db);
    const { now, before } = await bothWays(db);
    // By hand: R01–R04 pair with 16 each, R05…R20 with the 15…0 after them (120): 184; the chain
    // 2; Q1–Q2 1 (Q2–Q3 and Q1–Q3 are 61 s apart). 187 pairs.
    expect(now.length).toBe(187);
    const pairs = await db.query<{ f: string; s: string }>('SELECT first_id AS f, second_id AS s FROM possible_duplicates');
    const has = (f: string, s: string) => pairs.some((p) => p.f === f && p.s === s);
    expect([has('R01', 'R17'), has('R01', 'R18'), has('C1', 'C2'), has('C2', 'C3'), has('C1', 'C3'), has('Q1', 'Q2')]).toEqual([true, false, true, true, false, true]);
    expect(now).toEqual(before);
  });

  it('pairs a date-only export (every incident at midnight) as the rule says', async () => {
    // By hand: P1's five on 1 January make 10 pairs and its three on 2 January 3; P2's two on
    // 1 January 1 (P1's and P2's are different people): 14. With most incidents next to one at the
    // same time, pairing must still go by each incident's next 16, not by all of a person's.
    const day = (d: number) => `2025-01-0${d} 00:00:00`;
    const incidents = [
      'incident_id,person_id,occurred_at,unit,behaviour_type,staff_involved',
      ...[1, 2, 3, 4, 5].map((k) => `A${k},P1,${day(1)},Ward,hitting,`),
      ...[1, 2, 3].map((k) => `B${k},P1,${day(2)},Ward,hitting,`),
      ...[1, 2].map((k) => `D${k},P2,${day(1)},Ward,hitting,`),
    ].join('\n');
    const db = await fixtureDb({ ...STAFF_RULES_FIXTURE, people: `${STAFF_RULES_FIXTURE.people}\nP2,Bo,Ward,2025-01-01,`, incidents });
    open.push(db);
    const { now, before } = await bothWays(db);
    expect(now.length).toBe(14);
    expect(now).toEqual(before);
  });

  it('gives the previous SQL’s rows on the sample service', async () => {
    const db = await sampleServiceDb();
    open.push(db);
    const { now, before } = await bothWays(db);
    expect(now).toEqual(before);
  });
});
