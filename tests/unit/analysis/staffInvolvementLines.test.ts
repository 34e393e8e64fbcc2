/**
 * Who was there: which of a staff member's worked lines counts when they have two in one period
 * (the one holding the incident's moment, else the longest overlap with the period), and the
 * "repeated" rule (the first reference to a staff member keeps its match). Written by hand
 * against the definitions in model/staffInvolvements.ts, so that the table's shape (a row per
 * incident with counts, issue 18 item 3) is held to the per-reference rule it replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { staffInvolvementAnalysis, type StaffInvolvementResult } from '../../../src/analysis/staffInvolvement';
import { NO_FILTERS } from '../../../src/analysis/types';
import { fixtureDb, modelOf } from '../helpers/model';

/*
 * One unit, Ward, Early 07:00–15:00. B1 works two lines in the Early of each of three days, one
 * agency and one bank:
 *   day 1: agency 07–09, bank 09–15     day 2: agency 07–08, bank 12–15     day 3: bank 07–09, agency 11–15
 * Familiarity (≥ 3 worked lines on the unit in the 28 days before): B1's first three lines
 * (day 1 07:00, day 1 09:00, day 2 07:00) are unfamiliar, the later three familiar.
 */
let n = 0;
const line = (date: string, from: string, to: string, contract: string) =>
  `SH${++n},B1,Ward,${date} ${from},${date} ${to},Support Worker,${contract},worked,`;
const SHIFTS = [
  'shift_id,staff_id,unit,start,end,role,contract,status,person_id',
  line('2025-01-01', '07:00', '09:00', 'agency'), line('2025-01-01', '09:00', '15:00', 'bank'),
  line('2025-01-02', '07:00', '08:00', 'agency'), line('2025-01-02', '12:00', '15:00', 'bank'),
  line('2025-01-03', '07:00', '09:00', 'bank'), line('2025-01-03', '11:00', '15:00', 'agency'),
].join('\n');
const PEOPLE = 'person_id,name,unit,admitted,discharged\nP1,Ann,Ward,2025-01-01,';
/*
 * J1 day 1 08:00: B1, then "b-1" (B1 again: repeated). The agency line holds 08:00: agency, unfamiliar.
 * J2 day 1 12:00: "b 1" (normalised), then B1 (repeated). The bank line holds 12:00: other, unfamiliar.
 * J3 day 2 10:00: B1. No line holds 10:00; the bank line overlaps the period 3 h, the agency 1 h: other, familiar.
 * J4 day 3 10:00: B1. No line holds 10:00; the agency line overlaps 4 h, the bank 2 h: agency, familiar.
 */
const INCIDENTS = [
  'incident_id,person_id,occurred_at,unit,staff_involved',
  'J1,P1,2025-01-01 08:00,Ward,B1;b-1',
  'J2,P1,2025-01-01 12:00,Ward,b 1|B1',
  'J3,P1,2025-01-02 10:00,Ward,B1',
  'J4,P1,2025-01-03 10:00,Ward,B1',
].join('\n');

describe('who was there: a staff member with two lines in a period', () => {
  let db: Connector;
  let r: StaffInvolvementResult;
  beforeAll(async () => {
    db = await fixtureDb({ people: PEOPLE, shifts: SHIFTS, incidents: INCIDENTS });
    r = await staffInvolvementAnalysis(modelOf(db), NO_FILTERS);
  });
  afterAll(() => db.close());

  it('keeps the first reference’s match and counts the later one as repeated', () => {
    // 6 references: exact B1 on J1, J3, J4; normalised "b 1" on J2; "b-1" (J1) and B1 (J2) repeated.
    expect(r.recording).toMatchObject({
      incidents: 4, incidentsWithoutStaff: 0, references: 6, matchedExactly: 3, matchedNormalised: 1,
      matchedByAlias: 0, ambiguous: 0, unmatched: 0, repeated: 2, notOnShift: 0,
    });
  });

  it('takes the line holding the moment, else the longest overlap', () => {
    // Agency: J1, J4; other: J2, J3. Unfamiliar: J1, J2; familiar: J3, J4.
    expect([r.agency.involvements, r.agency.comparisonInvolvements]).toEqual([2, 2]);
    expect([r.unfamiliar.involvements, r.unfamiliar.comparisonInvolvements]).toEqual([2, 2]);
  });
});
