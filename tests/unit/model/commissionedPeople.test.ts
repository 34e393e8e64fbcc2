/**
 * commissioned_people (model/commissionedPeople.ts): each person with a commissioned ratio and the
 * worked rota lines carrying their person_id after reconciliation. The lines are counted on the
 * rota's raw ids and reconciled after; the counts here are by hand, and equal the reconciled view's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { writeAliases } from '../../../src/model/reconcile';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { buildExposure, modelOf } from '../helpers/model';

// P3 has no ratio; P4 has no rota line; P5's ratio has no staff value (1:0) but is still listed;
// P6's own rota id is reconciled to P2 (the alias "P6" → "P2"), so P6 has none left.
const PEOPLE = `person_id,unit,admitted,discharged,commissioned_ratio,commissioned_from,commissioned_to
P1,Ash,2025-03-01,,2:1,08:00,20:00
P2,Ash,2025-03-01,,1:1,,
P3,Ash,2025-03-01,,,,
P4,Ash,2025-03-01,,1:1,,
P5,Ash,2025-03-01,,1:0,,
P6,Ash,2025-03-01,,1:1,,
`;
// By hand. P1: L1, L2 and L5 (written "p1-old", reconciled to P1) = 3; L3 sick, L4 cancelled and
// L6 sick (as p1-old) are not worked. P2: L7 and L8 (written "P6", reconciled to P2) = 2. P3's L9
// and L10 without a person count for nobody listed. P5: L11, L12 = 2. P4 and P6: 0.
const SHIFTS = `shift_id,staff_id,unit,start,end,contract,status,person_id
L1,S1,Ash,2025-03-03 07:00,2025-03-03 15:00,permanent,worked,P1
L2,S2,Ash,2025-03-03 07:00,2025-03-03 15:00,permanent,worked,P1
L3,S3,Ash,2025-03-03 15:00,2025-03-03 23:00,permanent,sickness,P1
L4,S4,Ash,2025-03-04 07:00,2025-03-04 15:00,permanent,cancelled,P1
L5,S5,Ash,2025-03-04 07:00,2025-03-04 15:00,bank,worked,p1-old
L6,S6,Ash,2025-03-04 15:00,2025-03-04 23:00,bank,sickness,p1-old
L7,S7,Ash,2025-03-03 07:00,2025-03-03 19:00,permanent,worked,P2
L8,S8,Ash,2025-03-03 19:00,2025-03-04 07:00,agency,worked,P6
L9,S9,Ash,2025-03-03 07:00,2025-03-03 15:00,permanent,worked,P3
L10,S1,Ash,2025-03-04 15:00,2025-03-04 23:00,permanent,worked,
L11,S2,Ash,2025-03-05 07:00,2025-03-05 15:00,permanent,worked,P5
L12,S3,Ash,2025-03-05 15:00,2025-03-05 23:00,permanent,worked,P5
`;
const ALIASES = { units: [], people: [{ raw: 'p1-old', personId: 'P1' }, { raw: 'P6', personId: 'P2' }], staff: [] };

/** The definition read off the reconciled rota view, line by line. */
const FROM_VIEW = `
SELECT ps.person_id, count(s.person_id)::DOUBLE AS allocated_shifts
FROM person_spans ps LEFT JOIN r_shifts s ON s.person_id = ps.person_id AND s.status = 'worked'
WHERE ps.commissioned_ratio IS NOT NULL GROUP BY ps.person_id ORDER BY ps.person_id`;

describe('commissioned_people', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await freshDb();
    await loadFixture(db, { people: PEOPLE, shifts: SHIFTS });
    await writeAliases(db, ALIASES);
    await buildExposure(db, DEFAULT_SETTINGS);
    await modelOf(db).ensure(['commissioned_people']);
  });
  afterAll(() => db.close());

  it('lists every person with a ratio with their worked lines after reconciliation, counted by hand', async () => {
    const rows = await db.query<{ person_id: string; ratio: string; allocated_shifts: number }>(
      'SELECT person_id, ratio, allocated_shifts FROM commissioned_people ORDER BY person_id',
    );
    expect(rows).toEqual([
      { person_id: 'P1', ratio: '2:1', allocated_shifts: 3 },
      { person_id: 'P2', ratio: '1:1', allocated_shifts: 2 },
      { person_id: 'P4', ratio: '1:1', allocated_shifts: 0 },
      { person_id: 'P5', ratio: '1:0', allocated_shifts: 2 },
      { person_id: 'P6', ratio: '1:1', allocated_shifts: 0 },
    ]);
    expect(await db.query('SELECT person_id, allocated_shifts FROM commissioned_people ORDER BY person_id')).toEqual(await db.query(FROM_VIEW));
  });
});
