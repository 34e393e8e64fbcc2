/**
 * Who was there (analysis 10): staff references matched to the rota, involvements per staff-hour
 * by condition with the exact rate ratio, allocated staff, continuity bands — on a hand-made
 * ten-day fixture whose numbers are worked out in the comments, checked against R — and the
 * sample's planted agency effect recovered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { staffInvolvementAnalysis, type StaffInvolvementResult } from '../../../src/analysis/staffInvolvement';
import { dataQualityAnalysis } from '../../../src/analysis/dataQuality';
import { NO_FILTERS } from '../../../src/analysis/types';
import { fixtureDb, modelOf } from '../helpers/model';
import { PLANTED } from '../../../sample-data/effects';
import { sampleServiceDb } from '../helpers/sampleService';

/*
 * One unit, Ward; one person, P1 (1:1), 2025-01-01 to the rota's end, 2025-01-10. Only Early
 * periods (07:00–15:00) have rota lines: S1 and S2 (permanent) every day; agency A2 on days 1–4
 * and 7–10, agency A1 on days 5 and 6. Familiarity (≥ 3 worked shifts on the unit in the 28 days
 * before): everyone is unfamiliar on days 1–3, S1, S2, A2 familiar from day 4; A1 unfamiliar on
 * both its days. P1's allocated lines: A1 on day 5, S1 on day 6.
 */
const days = Array.from({ length: 10 }, (_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`);
let n = 0;
const line = (staff: string, date: string, contract: string, person = '') =>
  `SH${++n},${staff},Ward,${date} 07:00,${date} 15:00,Support Worker,${contract},worked,${person}`;
const SHIFTS = [
  'shift_id,staff_id,unit,start,end,role,contract,status,person_id',
  ...days.flatMap((d, i) => [
    line('S1', d, 'permanent', i === 5 ? 'P1' : ''),
    line('S2', d, 'permanent'),
    i === 4 || i === 5 ? line('A1', d, 'agency', i === 4 ? 'P1' : '') : line('A2', d, 'agency'),
  ]),
].join('\n');
const PEOPLE = 'person_id,name,unit,admitted,discharged,commissioned_ratio\nP1,Ann,Ward,2025-01-01,,1:1';
/*
 * I1 day 5 10:00 names S1, A1 and "s1" (S1 again: repeated); I2 day 6 10:00 names "a 1" (A1 after
 * normalising) and X9 (nobody on the rota); I3 day 7 names nobody; I4 day 8 20:00 (a Late period,
 * no rota lines) names S2, who worked only the Early: matched, not on shift.
 */
const INCIDENTS = [
  'incident_id,person_id,occurred_at,unit,staff_involved',
  'I1,P1,2025-01-05 10:00,Ward,S1;A1;s1',
  'I2,P1,2025-01-06 10:00,Ward,a 1|X9',
  'I3,P1,2025-01-07 10:00,Ward,',
  'I4,P1,2025-01-08 20:00,Ward,S2',
].join('\n');

describe('who was there on a hand-made fixture', () => {
  let db: Connector;
  let r: StaffInvolvementResult;
  beforeAll(async () => {
    db = await fixtureDb({ people: PEOPLE, shifts: SHIFTS, incidents: INCIDENTS });
    r = await staffInvolvementAnalysis(modelOf(db), NO_FILTERS);
  });
  afterAll(() => db.close());

  it('matches references exactly, then by normalised text, and counts every one that is left out', () => {
    // References: I1 3, I2 2, I4 1 = 6. Exact S1, A1, S2; normalised "s1" (repeated) and "a 1"; X9 unmatched.
    expect(r.recording).toMatchObject({
      incidents: 4, incidentsWithoutStaff: 1, references: 6, matchedExactly: 3, matchedNormalised: 1, matchedByAlias: 0,
      ambiguous: 0, unmatched: 1, repeated: 1, notOnShift: 1,
    });
    expect(r.recording.sentence).toMatch(/1 incident \(25 %\) name no staff/);
    expect(r.recording.sentence).toMatch(/1 staff reference of 6 could not be matched/);
  });

  it('says the unmatched references in Data quality’s words too', async () => {
    const q = await dataQualityAnalysis(modelOf(db), NO_FILTERS);
    expect(q.staffReferences).toEqual(r.recording);
    expect(q.sentences.staffReferences).toBe(r.recording.sentence);
    expect(q.sentences.staffReferences).toMatch(/could not be matched to the rota \(1 unknown, 0 fitting more than one staff member\)/);
  });

  it('sets agency involvements against agency staff-hours in the incidents’ periods, with R’s exact interval', () => {
    // Involvements on shift: agency A1 (I1), A1 (I2) = 2; other S1 (I1) = 1 (the repeat counts once).
    // Hours: I1, I2, I3 each in an Early with agency 8 h and other 16 h; I4's Late has no rota: 0.
    // Agency 24 h, other 48 h: (2/24) / (1/48) = 4.
    // R: poisson.test(c(2, 1), c(24, 48)) → rate ratio 4, 95 % CI 0.2082350749 to 235.9887477745
    expect(r.agency).toMatchObject({ involvements: 2, staffHours: 24, comparisonGroup: 'other staff', comparisonInvolvements: 1, comparisonStaffHours: 48 });
    expect(r.agency.rateRatio!.estimate).toBeCloseTo(4, 12);
    expect(r.agency.rateRatio!.lower).toBeCloseTo(0.2082350749, 6);
    expect(r.agency.rateRatio!.upper).toBeCloseTo(235.9887477745, 3);
    // Every unit period in view: 10 Earlies × (agency 8 h, other 16 h).
    expect(r.agency.allPeriods.staffHours).toBe(80);
    expect(r.agency.allPeriods.comparisonStaffHours).toBe(160);
    // Per 100 staff-hours: 2 / 24 × 100.
    expect(r.agency.rate.rate).toBeCloseTo(100 * 2 / 24, 12);
    expect(r.agency.sentence).toMatch(/Small numbers/);
  });

  it('does the same for unfamiliar staff, by the exposure’s familiarity rule', () => {
    // Unfamiliar hours at incidents: I1 8 (A1), I2 8 (A1), I3 0 → 16; familiar 16 + 16 + 24 = 56.
    // Involvements: unfamiliar A1 × 2; familiar S1 × 1. (2/16) / (1/56) = 7.
    // R: poisson.test(c(2, 1), c(16, 56)) → 7, 95 % CI 0.3644113811 to 412.9803086053
    expect(r.unfamiliar).toMatchObject({ involvements: 2, staffHours: 16, comparisonGroup: 'familiar staff', comparisonInvolvements: 1, comparisonStaffHours: 56 });
    expect(r.unfamiliar.rateRatio!.estimate).toBeCloseTo(7, 12);
    expect(r.unfamiliar.rateRatio!.lower).toBeCloseTo(0.3644113811, 6);
    expect(r.unfamiliar.rateRatio!.upper).toBeCloseTo(412.9803086053, 2);
    // All periods: days 1–3 all 24 h unfamiliar, days 5 and 6 A1's 8 h: 88; familiar 240 − 88.
    expect(r.unfamiliar.allPeriods.staffHours).toBe(88);
    expect(r.unfamiliar.allPeriods.comparisonStaffHours).toBe(152);
  });

  it('counts incidents while the allocated staff member was agency, per allocated hour', () => {
    // P1's allocated lines: A1 day 5 (agency, unfamiliar; I1 in it), S1 day 6 (I2 in it). 1/8 against 1/8.
    expect(r.allocation.people).toBe(1);
    expect(r.allocation.allocatedHours).toBe(16);
    expect(r.allocation.agency).toMatchObject({ incidents: 1, allocatedHours: 8, comparisonIncidents: 1, comparisonAllocatedHours: 8 });
    expect(r.allocation.agency.rateRatio!.estimate).toBe(1);
    expect(r.allocation.unfamiliar).toMatchObject({ incidents: 1, allocatedHours: 8, comparisonIncidents: 1, comparisonAllocatedHours: 8 });
  });

  it('bands continuity within the unit: days all alike sit in the middle third', async () => {
    // Days 8–10 have 7 days of rota before them; each saw S1, S2, A1, A2: 4 different staff.
    const rows = await db.query<{ date: string; different_staff: number; band: string }>(
      `SELECT strftime(date, '%Y-%m-%d') AS date, different_staff, band FROM unit_continuity ORDER BY date`);
    expect(rows).toEqual([8, 9, 10].map((d) => ({ date: `2025-01-${String(d).padStart(2, '0')}`, different_staff: 4, band: 'middle' })));
    // P1's person-periods: 10 days × 3 = 30, of which days 8–10 (9) have a value; I4 (day 8) is in them.
    const middle = r.continuity.bands.find((b) => b.band === 'middle')!;
    expect(middle).toMatchObject({ personPeriods: 9, incidents: 1, fewestStaff: 4, mostStaff: 4 });
    expect(r.continuity.personPeriodsWithoutValue).toBe(21);
    expect(r.continuity.rateRatio).toBeNull();
  });

  it('keeps no staff id in its tables or its result', async () => {
    const cols = await db.query<{ column_name: string }>(
      `SELECT column_name FROM duckdb_columns() WHERE table_name IN ('staff_involvements', 'staff_period_hours', 'allocation_lines', 'unit_continuity')`);
    expect(cols.map((c) => c.column_name)).not.toContain('staff_id');
    expect(JSON.stringify(r)).not.toMatch(/\b(S1|S2|A1|A2|X9)\b/);
  });
});

describe('who was there on the sample service', () => {
  let db: Connector;
  let r: StaffInvolvementResult;
  beforeAll(async () => {
    db = await sampleServiceDb();
    r = await staffInvolvementAnalysis(modelOf(db), NO_FILTERS);
  });
  afterAll(() => db.close());

  it('recovers the planted agency involvement ratio inside its interval', () => {
    // Planted: agency staff on shift named twice as often (sample-data/effects.ts).
    // Measured: 550 agency involvements / 7,516 h against 916 / 24,536 h.
    // R: poisson.test(c(550, 916), c(7516, 24536)) → 1.960127, 95 % CI 1.760254 to 2.181110
    const planted = PLANTED.staffInvolvement.agencyRateRatio;
    expect(r.agency).toMatchObject({ involvements: 550, staffHours: 7516, comparisonInvolvements: 916, comparisonStaffHours: 24536 });
    expect(r.agency.rateRatio!.estimate).toBeCloseTo(1.960127, 5);
    expect(r.agency.rateRatio!.lower).toBeCloseTo(1.760254, 5);
    expect(r.agency.rateRatio!.upper).toBeCloseTo(2.18111, 5);
    expect(r.agency.rateRatio!.lower).toBeLessThan(planted);
    expect(r.agency.rateRatio!.upper).toBeGreaterThan(planted);
    expect(r.agency.sentence).toMatch(/^Per hour on shift, agency staff were named in incidents about 2\.0 times as often as other staff \(95 % CI 1\.8 to 2\.2\)\.$/);
  });

  it('shows what sample-data/README.md says for unfamiliar staff and continuity (neither planted)', async () => {
    // Unfamiliar staff are mostly agency staff: 447 / 7,020 h against 1,019 / 25,032 h.
    // R: poisson.test(c(447, 1019), c(7020, 25032)) → 1.564198, 95 % CI 1.396453 to 1.749888
    expect(r.unfamiliar).toMatchObject({ involvements: 447, staffHours: 7020, comparisonInvolvements: 1019, comparisonStaffHours: 25032 });
    expect(r.unfamiliar.rateRatio!.lower).toBeCloseTo(1.396453, 5);
    expect(r.unfamiliar.rateRatio!.upper).toBeCloseTo(1.749888, 5);
    // Continuity: 350 / 2,736 (most), 267 / 2,469, 350 / 2,664 (least); no clear difference.
    expect(r.continuity.bands.map((b) => [b.incidents, b.personPeriods])).toEqual([[350, 2736], [267, 2469], [350, 2664]]);
    expect(r.continuity.rateRatio!.lower).toBeLessThan(1);
    expect(r.continuity.rateRatio!.upper).toBeGreaterThan(1);
    expect(r.unfamiliarFindingClear).toBe(false);
    // Every person-period is in a band or counted without one.
    const [all] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM person_periods');
    expect(r.continuity.bands.reduce((t, b) => t + b.personPeriods, 0) + r.continuity.personPeriodsWithoutValue).toBe(all!.n);
  });

  it('accounts for every incident and reference, and says the caveats', () => {
    expect(r.recording.incidents).toBe(982);
    expect(r.recording.incidentsWithoutStaff).toBe(206);
    expect(r.recording.unmatched + r.recording.ambiguous + r.recording.notOnShift).toBe(0);
    expect(r.caveats.join(' ')).toMatch(/Agency staff are known to be left out of incident reports/);
  });
});
