/**
 * Plan delivery on a hand-built three-day unit (Elm, Mon 3 – Wed 5 Feb 2025, one staff required
 * in every period). Every expected number is worked out by hand in the comments.
 *
 *   day   Early           Late     Night        day staffing
 *   3 Feb W1              W2       W3           fully staffed
 *   4 Feb unfilled → one  W2       W3           short
 *   5 Feb W1              W2       no rota      unknown (a period with no rota lines)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { planDeliveryAnalysis, type PlanDeliveryResult } from '../../../src/analysis/planDelivery';
import { NO_FILTERS } from '../../../src/analysis/types';
import { fmt } from '../../../src/analysis/sentences';
import { buildExposure, modelOf } from '../helpers/model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { PLANTED } from '../../../sample-data/effects';
import { analyzeSample } from '../../fixtures/analysis/sample';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { binomUpperTail } from '../helpers/binomial';

const Z = 1.959964;

const REQUIREMENTS = `unit,shift,required
Elm,Early,1
Elm,Late,1
Elm,Night,1
`;
const SHIFTS = `shift_id,staff_id,unit,start,end,contract,status
E1,W1,Elm,2025-02-03 07:00,2025-02-03 15:00,permanent,worked
L1,W2,Elm,2025-02-03 15:00,2025-02-03 23:00,permanent,worked
N1,W3,Elm,2025-02-03 23:00,2025-02-04 07:00,permanent,worked
E2,,Elm,2025-02-04 07:00,2025-02-04 15:00,,unfilled
L2,W2,Elm,2025-02-04 15:00,2025-02-04 23:00,permanent,worked
N2,W3,Elm,2025-02-04 23:00,2025-02-05 07:00,permanent,worked
E3,W1,Elm,2025-02-05 07:00,2025-02-05 15:00,permanent,worked
L3,W2,Elm,2025-02-05 15:00,2025-02-05 23:00,permanent,worked
`;
// Exposure days: Q1 3, 4, 5 Feb (open discharge → last rota date); Q2 3–4 Feb; Q3 5 Feb only.
const PEOPLE = `person_id,unit,admitted,discharged
Q1,Elm,2025-02-01,
Q2,Elm,2025-02-03,2025-02-04
Q3,Elm,2025-02-05,2025-02-05
`;
// Delivery per person-day: Q1 3 Feb 2/3 (low), Q1 4 Feb 1/3 (low), Q1 5 Feb 2/2 (high),
// Q2 3 Feb 1/1 (high), Q2 4 Feb 4/5 = 0.8 exactly (high: low means below 0.8).
// Q1 6 Feb and 10 Feb lie after the rota (unknown staffing); Z9 is nobody we know.
const PLAN = `person_id,date,strategy,delivered,reason_not_delivered
Q1,2025-02-03,A,yes,
Q1,2025-02-03,B,yes,
Q1,2025-02-03,C,no,Declined
Q1,2025-02-04,A,no,Not enough staff
Q1,2025-02-04,B,no,staff shortage
Q1,2025-02-04,C,yes,
Q1,2025-02-05,A,yes,
Q1,2025-02-05,B,yes,
Q2,2025-02-03,A,yes,
Q2,2025-02-04,A,no,not enough STAFF
Q2,2025-02-04,B,yes,
Q2,2025-02-04,C,yes,
Q2,2025-02-04,D,yes,
Q2,2025-02-04,E,yes,
Q1,2025-02-06,A,no,
Q1,2025-02-10,A,yes,
Z9,2025-02-03,A,no,declined
`;
// I5 at 02:00 on 5 Feb belongs to the night period of 4 Feb, so to Q1's 4 Feb. Q3 has no plan.
const INCIDENTS = `incident_id,person_id,occurred_at,unit
I1,Q1,2025-02-03 10:00,Elm
I2,Q1,2025-02-04 16:00,Elm
I3,Q1,2025-02-04 12:00,Elm
I4,Q2,2025-02-03 12:00,Elm
I5,Q1,2025-02-05 02:00,Elm
I6,Q2,2025-02-04 10:00,Elm
I7,Q3,2025-02-05 10:00,Elm
`;


describe('plan delivery on the Elm fixture', () => {
  let db: Connector;
  let r: PlanDeliveryResult;
  beforeAll(async () => {
    db = await freshDb();
    await loadFixture(db, { requirements: REQUIREMENTS, shifts: SHIFTS, people: PEOPLE, incidents: INCIDENTS, planDelivery: PLAN });
    await buildExposure(db, DEFAULT_SETTINGS);
    r = await planDeliveryAnalysis(modelOf(db), NO_FILTERS);
  });
  afterAll(() => db.close());

  it('counts strategies delivered / planned in total, per week and per person-week', () => {
    // Known people: 16 rows (Z9 left out); delivered 2 + 1 + 2 + 1 + 4 + 0 + 1 = 11.
    expect(r.totals).toMatchObject({ planned: 16, delivered: 11, notDelivered: 5, notDeliveredForStaffing: 3, people: 2 });
    expect(r.totals.share).toBeCloseTo(11 / 16, 12);
    // Week of Mon 3 Feb: 15 planned, 10 delivered; week of 10 Feb: 1 of 1.
    expect(r.weekly).toEqual([
      { week: '2025-02-03', planned: 15, delivered: 10, share: 10 / 15 },
      { week: '2025-02-10', planned: 1, delivered: 1, share: 1 },
    ]);
    // Q1 in week 3 Feb: 3 + 3 + 2 + 1 = 9 planned, 2 + 1 + 2 + 0 = 5 delivered; Q2: 6 planned, 5 delivered.
    expect(r.byPersonWeek.map((x) => [x.personId, x.week, x.planned, x.delivered])).toEqual([
      ['Q1', '2025-02-03', 9, 5],
      ['Q2', '2025-02-03', 6, 5],
      ['Q1', '2025-02-10', 1, 1],
    ]);
    expect(r.byPersonWeekTruncated).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/1 plan row names a person who is in neither/);
  });

  it('groups reasons case-insensitively and flags those that mention staff', () => {
    // Not delivered: Declined, Not enough staff, staff shortage, not enough STAFF, (blank) → 5.
    expect(r.reasons).toEqual([
      { reason: 'Not enough staff', count: 2, share: 0.4, staffing: true },
      { reason: 'Declined', count: 1, share: 0.2, staffing: false },
      { reason: 'staff shortage', count: 1, share: 0.2, staffing: true },
      { reason: '(no reason recorded)', count: 1, share: 0.2, staffing: false },
    ]);
    expect(r.totals.staffingShareOfNotDelivered.share).toBeCloseTo(3 / 5, 12);
    expect(r.sentences.reasons).toMatch(/^Of 5 strategies not delivered, 3 \(60 %\) gave a staffing reason/);
  });

  it('compares short and fully staffed days, leaving days of unknown staffing out', () => {
    const b = r.byDayStaffing;
    // Fully staffed 3 Feb: Q1 (3 rows, 1 declined) and Q2 (1 delivered) → 2 person-days, 4 planned, 1 not delivered, 0 for staff.
    expect(b.fullyStaffedDays).toMatchObject({ personDays: 2, planned: 4, notDelivered: 1, notDeliveredForStaffing: 0 });
    // Short 4 Feb: Q1 3 rows (2 for staff), Q2 5 rows (1 for staff) → 8 planned, 3 not delivered, all 3 for staff.
    expect(b.shortDays).toMatchObject({ personDays: 2, planned: 8, notDelivered: 3, notDeliveredForStaffing: 3 });
    expect(b.shortDays.staffingShareOfNotDelivered.share).toBe(1);
    // Unknown: Q1 5 Feb (night without rota) 2, 6 Feb 1, 10 Feb 1.
    expect(b.unknownPlanned).toBe(4);
    // RR (3/8) / (1/4) = 1.5, se = √(1/3 − 1/8 + 1/1 − 1/4).
    expect(b.notDeliveredRiskRatio!.estimate).toBeCloseTo(1.5, 12);
    expect(b.notDeliveredRiskRatio!.lower).toBeCloseTo(1.5 * Math.exp(-Z * Math.sqrt(1 / 3 - 1 / 8 + 1 - 1 / 4)), 9);
    // No staffing reason on fully staffed days: no finite ratio.
    expect(b.staffingReasonRiskRatio).toBeNull();
    expect(r.sentences.staffing).toBe(
      'On days when the unit was short of staff in any period, 38 % of planned strategies were not delivered (3 of 8), against 25 % on fully staffed days (1 of 4). ' +
        `For going undelivered, no clear difference (risk ratio 1.5, 95 % CI ${fmt(b.notDeliveredRiskRatio!.lower, 1)} to ${fmt(b.notDeliveredRiskRatio!.upper, 1)}). ` +
        'A staffing reason was given for 38 % of planned strategies on short days and 0 % on fully staffed days. ' +
        'These are small numbers (4 strategies not delivered): read them with care.',
    );
  });

  it('compares incident rates on low- and high-delivery days of the exposure', () => {
    const d = r.incidentsByDelivery;
    // Low: Q1 3 Feb (I1) and Q1 4 Feb (I2, I3, I5) → 4 incidents in 2 person-days = 200 per 100.
    // High: Q1 5 Feb (none: I5 is 4 Feb's), Q2 3 Feb (I4), Q2 4 Feb at exactly 0.8 (I6) → 2 in 3 = 66.7.
    expect(d.low).toMatchObject({ personDays: 2, incidents: 4, per100PersonDays: { rate: 200 } });
    expect(d.high).toMatchObject({ personDays: 3, incidents: 2 });
    expect(d.high.per100PersonDays.rate).toBeCloseTo(200 / 3, 9);
    // Q3's 5 Feb has no plan rows (and I7 is left out with it).
    expect(d.exposureDaysWithoutPlan).toBe(1);
    // Rate ratio (4/2) / (2/3) = 3. Exact conditional limits: with p = 2r / (2r + 3),
    // P(X ≥ 4 | 6, p_L) = 0.025 and P(X ≤ 4 | 6, p_U) = 0.025.
    expect(d.rateRatio!.estimate).toBeCloseTo(3, 12);
    const p = (rr: number) => (2 * rr) / (2 * rr + 3);
    expect(binomUpperTail(4, 6, p(d.rateRatio!.lower))).toBeCloseTo(0.025, 8);
    expect(1 - binomUpperTail(5, 6, p(d.rateRatio!.upper))).toBeCloseTo(0.025, 8);
    expect(r.sentences.incidents).toMatch(/^On days when less than 80 % of a person's planned strategies were delivered, these numbers cannot tell whether incidents happened more or less often than on other days \(rate ratio 3\.0, 95 % CI [\d.]+ to [\d.]+\): 200\.0 incidents per 100 person-days \(4 in 2 days\), against 66\.7 on other days \(2 in 3 days\)\./);
    expect(r.sentences.incidents).toMatch(/link runs both ways/);
  });

  it('takes the low-delivery threshold as a parameter', async () => {
    // At 0.9, Q2's 4 Feb (0.8) becomes low: low = 3 days, 5 incidents; high = 2 days (Q1 5 Feb, Q2 3 Feb), 1 incident.
    const s = await planDeliveryAnalysis(modelOf(db), NO_FILTERS, undefined, { lowDeliveryThreshold: 0.9 });
    expect(s.lowDeliveryThreshold).toBe(0.9);
    expect(s.incidentsByDelivery.low).toMatchObject({ personDays: 3, incidents: 5 });
    expect(s.incidentsByDelivery.high).toMatchObject({ personDays: 2, incidents: 1 });
  });

  it('applies the date and person filters', async () => {
    const day = await planDeliveryAnalysis(modelOf(db), { ...NO_FILTERS, from: '2025-02-04', to: '2025-02-04' });
    expect(day.totals).toMatchObject({ planned: 8, delivered: 5 });
    expect(day.byDayStaffing.fullyStaffedDays.planned).toBe(0);
    const q2 = await planDeliveryAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'Q2' });
    expect(q2.totals).toMatchObject({ planned: 6, delivered: 5, people: 1 });
    expect(q2.incidentsByDelivery.low.personDays).toBe(0);
    expect(q2.incidentsByDelivery.high).toMatchObject({ personDays: 2, incidents: 2 });
  });
});

describe('plan delivery on the sample service', () => {
  it('recovers the planted rise in undelivered strategies on short days', async () => {
    const { analyses } = await analyzeSample();
    const r = analyses.planDelivery as PlanDeliveryResult;
    const b = r.byDayStaffing;
    const truth = PLANTED.planNotDelivered;
    const contains = (s: { lower: number | null; upper: number | null }, x: number) => {
      expect(s.lower!).toBeLessThan(x);
      expect(s.upper!).toBeGreaterThan(x);
    };
    contains(b.shortDays.notDeliveredShare, truth.shortDay);
    contains(b.fullyStaffedDays.notDeliveredShare, truth.fullyStaffedDay);
    contains(b.notDeliveredRiskRatio!, truth.shortDay / truth.fullyStaffedDay);
    contains(b.shortDays.staffingShareOfNotDelivered, PLANTED.notEnoughStaffShareOnShortDays);
    // The sample has no days of unknown staffing: every plan row is on a known day.
    expect(b.unknownPlanned).toBe(0);
    expect(b.shortDays.planned + b.fullyStaffedDays.planned).toBe(r.totals.planned);
    expect(r.weekly.reduce((t, w) => t + w.planned, 0)).toBe(r.totals.planned);
    // Plain words: one ratio a sentence, one decimal (whole from 10 up), each after its own shares.
    const rr = b.notDeliveredRiskRatio!;
    const srr = b.staffingReasonRiskRatio!;
    const sentences = r.sentences.staffing.split(/(?<=\.) (?=[A-Z])/);
    expect(sentences.filter((x) => /times as likely/.test(x))).toHaveLength(2);
    for (const x of sentences) expect(x.match(/times as/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(r.sentences.staffing).toContain(`On short days a strategy was about ${fmt(rr.estimate, 1)} times as likely to go undelivered (95 % CI ${fmt(rr.lower, 1)} to ${fmt(rr.upper, 1)}).`);
    expect(r.sentences.staffing).toContain(`: about ${fmt(srr.estimate, 0)} times as likely (95 % CI ${fmt(srr.lower, 0)} to ${fmt(srr.upper, 0)}).`);
  });
});
