/**
 * Analysis 9 (ABC) on a hand-made two-day fixture: every count, conditional probability, ratio
 * and interval worked out from the rows below, the intervals by R.
 *
 * Oak needs Early 2, Late 2, Night 1. S1 and S3 (permanent) worked three Earlies before, so they
 * are familiar; A1 and A2 (agency) are new, so unfamiliar. P1 is on the unit 1–2 March (6 periods):
 *   p1 1 Mar Early  S1+S3        fully staffed, no agency, no unfamiliar     I1
 *   p2 1 Mar Late   S1           one short                                   I2, I3
 *   p3 1 Mar Night  A1           agency 100 % (over half), unfamiliar        I4 (02:00 on 2 Mar)
 *   p4 2 Mar Early  S1+S3        —                                           I6
 *   p5 2 Mar Late   S3+A2        agency 50 % (not over half), unfamiliar     I5
 *   p6 2 Mar Night  S1           —
 * Plan: on 1 Mar one strategy of two not delivered; none planned on 2 Mar (not known).
 * Events: a medication change on 26 Feb (so 27 Feb–1 Mar are "in the 3 days before"), a unit-wide
 * event on 2 Mar (its 3 days start on 3 Mar: none of P1's periods).
 *
 * R (4.x) for the intervals; P(B | A) / P(B) = (a / m) · N / nA with Clopper–Pearson on a of m:
 *   ratio_ci <- function(a, nA, m, N) { ci <- binom.test(a, m)$conf.int; c((a/nA)/(m/N), ci[1]*N/nA, ci[2]*N/nA) }
 *   ratio_ci(3, 3, 3, 6)   # 2 0.5848035476 2            demand placed → physical aggression
 *   ratio_ci(2, 2, 3, 6)   # 2 0.2828979722 2.9747887240 noise → self-injury
 *   ratio_ci(2, 3, 2, 6)   # 2 0.316227766  2            demand → withdrawn; physical aggression → withdrawn
 *   ratio_ci(0, 3, 3, 6)   # 0 0            1.415196452  demand placed → self-injury
 *   poisson.test(c(2, 4), c(1, 5))$conf.int   # 0.2261450607 17.4438582649  short
 *   poisson.test(c(4, 2), c(3, 3))$conf.int   # 0.2866338355 22.1097024338  recent event
 *   poisson.test(c(1, 5), c(1, 5))$conf.int   # 0.02114274929 8.93668315645 agency over half
 * The same interval through poisson.test (rate of B among incidents with A against the rest,
 * mapped by r ↦ r·N / (r·nA + N − nA)) agrees to 10 digits, e.g. for the sample's demand placed →
 * physical aggression (107 of 258, 188 of 982): 1.848891372 2.494053950 both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { abcAnalysis, abcCellIncidents, abcFromCounts, comparisonGroup, countTableSentence, functionPattern, groupSentence, NOT_RECORDED, type AbcResult } from '../../../src/analysis/abc';
import { NO_FILTERS } from '../../../src/analysis/types';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { conditionalRatio } from '../../../src/stats/contingency';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { buildExposure, modelOf } from '../helpers/model';

const REQUIREMENTS = `unit,shift,required,weekday
Oak,Early,2,
Oak,Late,2,
Oak,Night,1,
`;
const SHIFTS = `shift_id,staff_id,unit,start,end,role,contract,status,person_id
H1,S1,Oak,2025-02-25 07:00,2025-02-25 15:00,SW,permanent,worked,
H2,S1,Oak,2025-02-26 07:00,2025-02-26 15:00,SW,permanent,worked,
H3,S1,Oak,2025-02-27 07:00,2025-02-27 15:00,SW,permanent,worked,
H4,S3,Oak,2025-02-25 07:00,2025-02-25 15:00,SW,permanent,worked,
H5,S3,Oak,2025-02-26 07:00,2025-02-26 15:00,SW,permanent,worked,
H6,S3,Oak,2025-02-27 07:00,2025-02-27 15:00,SW,permanent,worked,
M1,S1,Oak,2025-03-01 07:00,2025-03-01 15:00,SW,permanent,worked,
M2,S3,Oak,2025-03-01 07:00,2025-03-01 15:00,SW,permanent,worked,
M3,S1,Oak,2025-03-01 15:00,2025-03-01 23:00,SW,permanent,worked,
M4,A1,Oak,2025-03-01 23:00,2025-03-02 07:00,SW,agency,worked,
N1,S1,Oak,2025-03-02 07:00,2025-03-02 15:00,SW,permanent,worked,
N2,S3,Oak,2025-03-02 07:00,2025-03-02 15:00,SW,permanent,worked,
N3,S3,Oak,2025-03-02 15:00,2025-03-02 23:00,SW,permanent,worked,
N4,A2,Oak,2025-03-02 15:00,2025-03-02 23:00,SW,agency,worked,
N5,S1,Oak,2025-03-02 23:00,2025-03-03 07:00,SW,permanent,worked,
`;
const PEOPLE = `person_id,name,unit,admitted,discharged
P1,Alex Example,Oak,2025-03-01,2025-03-02
`;
const INCIDENTS = `incident_id,person_id,occurred_at,unit,behaviour_type,antecedent,consequence,description
I1,P1,2025-03-01 08:00,Oak,physical aggression,demand placed,demand withdrawn,Alex Example was asked to tidy
I2,P1,2025-03-01 16:00,Oak,Physical Aggression,demand placed,demand withdrawn,
I3,P1,2025-03-01 17:00,Oak,physical aggression, Demand  Placed ,redirected,
I4,P1,2025-03-02 02:00,Oak,self-injury,noise,redirected,
I5,P1,2025-03-02 16:00,Oak,self-injury,noise,,
I6,P1,2025-03-02 09:00,Oak,self-injury,,redirected,
`;
const PLAN = `person_id,date,strategy,delivered,reason_not_delivered
P1,2025-03-01,Walk,yes,
P1,2025-03-01,Music,no,not enough staff
`;
const EVENTS = `person_id,unit,date,type,description
P1,Oak,2025-02-26,medication change,
,Oak,2025-03-02,unit change,
`;

describe('ABC on a hand-made fixture', () => {
  let db: Connector;
  let r: AbcResult;
  beforeAll(async () => {
    db = await freshDb();
    await loadFixture(db, { requirements: REQUIREMENTS, shifts: SHIFTS, people: PEOPLE, incidents: INCIDENTS, planDelivery: PLAN, events: EVENTS });
    await buildExposure(db, DEFAULT_SETTINGS);
    r = await abcAnalysis(modelOf(db), NO_FILTERS);
  });
  afterAll(async () => db.close());

  it('counts each antecedent, behaviour and consequence (case and spaces ignored), blanks as "not recorded"', () => {
    expect(r.incidents).toBe(6);
    expect(r.antecedents).toEqual([
      { value: 'demand placed', incidents: 3, share: 0.5 },
      { value: 'noise', incidents: 2, share: 2 / 6 },
      { value: NOT_RECORDED, incidents: 1, share: 1 / 6 },
    ]);
    expect(r.behaviours).toEqual([
      { value: 'physical aggression', incidents: 3, share: 0.5 },
      { value: 'self-injury', incidents: 3, share: 0.5 },
    ]);
    expect(r.consequences).toEqual([
      { value: 'redirected', incidents: 3, share: 0.5 },
      { value: 'demand withdrawn', incidents: 2, share: 2 / 6 },
      { value: NOT_RECORDED, incidents: 1, share: 1 / 6 },
    ]);
    expect(r.warnings).toHaveLength(2); // no antecedent on one, no consequence on one
    expect(countTableSentence('antecedent', r.antecedents, r.incidents)).toBe(
      'Of 6 incidents, the most common antecedent recorded was “demand placed” (3, 50 %), of 2 different antecedents; 1 had none recorded.',
    );
  });

  it('compares P(behaviour | antecedent) with P(behaviour), exact intervals as R', () => {
    const row = (a: string, b: string) => r.conditional.find((c) => c.antecedent === a && c.behaviour === b)!;
    const pa = row('demand placed', 'physical aggression');
    expect(pa).toMatchObject({ incidents: 3, antecedentIncidents: 3, pGivenAntecedent: 1, pOverall: 0.5, ratio: 2, small: true, standsOut: false });
    expect(pa.lower).toBeCloseTo(0.5848035476, 8);
    expect(pa.upper).toBeCloseTo(2, 8);
    const si = row('noise', 'self-injury');
    expect(si).toMatchObject({ incidents: 2, pGivenAntecedent: 1, pOverall: 0.5, ratio: 2 });
    expect(si.lower).toBeCloseTo(0.2828979722, 8);
    expect(si.upper).toBeCloseTo(2.974788724, 8);
    const none = row('demand placed', 'self-injury');
    expect(none).toMatchObject({ incidents: 0, pGivenAntecedent: 0, ratio: 0, lower: 0 });
    expect(none.upper).toBeCloseTo(1.415196452, 8);
    // 3 antecedents × 2 behaviours, the not-recorded one included.
    expect(r.conditional).toHaveLength(6);
  });

  it('compares P(consequence | behaviour) and P(consequence | antecedent) with P(consequence)', () => {
    const b = r.consequencesGivenBehaviour.find((c) => c.behaviour === 'physical aggression' && c.consequence === 'demand withdrawn')!;
    expect(b).toMatchObject({ incidents: 2, behaviourIncidents: 3, pOverall: 2 / 6, ratio: 2 });
    expect(b.pGivenBehaviour).toBeCloseTo(2 / 3, 12);
    expect(b.lower).toBeCloseTo(0.316227766, 8);
    expect(b.upper).toBeCloseTo(2, 8);
    const a = r.consequencesGivenAntecedent.find((c) => c.antecedent === 'demand placed' && c.consequence === 'demand withdrawn')!;
    expect(a).toMatchObject({ incidents: 2, antecedentIncidents: 3, ratio: 2 });
    expect(a.lower).toBeCloseTo(0.316227766, 8);
    expect(r.consequencesGivenBehaviour).toHaveLength(6);
    // Six incidents: nothing stands out, so no hedged sentence.
    expect(r.findings).toEqual([]);
  });

  it('sets incidents under each setting event against the person-periods under it', () => {
    const ev = Object.fromEntries(r.settingEvents.map((e) => [e.condition, e]));
    expect(ev.short).toMatchObject({ incidentsUnder: 2, incidentsKnown: 6, periodsUnder: 1, periodsKnown: 6, incidentShare: 2 / 6, timeShare: 1 / 6 });
    expect(ev.short!.rateRatio!.estimate).toBeCloseTo(2.5, 12);
    expect(ev.short!.rateRatio!.lower).toBeCloseTo(0.2261450607, 8);
    expect(ev.short!.rateRatio!.upper).toBeCloseTo(17.4438582649, 6);
    expect(ev.agencyOverHalf).toMatchObject({ incidentsUnder: 1, periodsUnder: 1, periodsKnown: 6 });
    expect(ev.agencyOverHalf!.rateRatio!.estimate).toBeCloseTo(1, 12);
    expect(ev.agencyOverHalf!.rateRatio!.lower).toBeCloseTo(0.02114274929, 8);
    expect(ev.agencyOverHalf!.rateRatio!.upper).toBeCloseTo(8.93668315645, 6);
    // p3 (A1 alone) and p5 (A2 beside S3) had unfamiliar staff.
    expect(ev.unfamiliarStaff).toMatchObject({ incidentsUnder: 2, periodsUnder: 2, periodsKnown: 6 });
    // Only 1 March has plan rows, and a strategy was not delivered: nothing to compare against.
    expect(ev.strategiesNotDelivered).toMatchObject({ incidentsUnder: 4, incidentsKnown: 4, periodsUnder: 3, periodsKnown: 3, incidentShare: 1, timeShare: 1, rateRatio: null });
    expect(ev.recentEvent).toMatchObject({ incidentsUnder: 4, incidentsKnown: 6, periodsUnder: 3, periodsKnown: 6 });
    expect(ev.recentEvent!.rateRatio!.estimate).toBeCloseTo(2, 12);
    expect(ev.recentEvent!.rateRatio!.lower).toBeCloseTo(0.2866338355, 8);
    expect(ev.recentEvent!.rateRatio!.upper).toBeCloseTo(22.1097024338, 6);
    expect(r.settingEvents.every((e) => e.small)).toBe(true);
  });

  it('follows the filters: a date range and a person', async () => {
    const first = await abcAnalysis(modelOf(db), { ...NO_FILTERS, to: '2025-03-01' });
    // I4 at 02:00 on 2 March belongs to the night period of 1 March.
    expect(first.incidents).toBe(4);
    expect(first.settingEvents.find((e) => e.condition === 'short')!.periodsKnown).toBe(3);
    expect((await abcAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P1' })).incidents).toBe(6);
    expect((await abcAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'nobody' })).incidents).toBe(0);
  });

  it('lists the incidents behind a cell by pseudonym, without description or name', async () => {
    const cell = await abcCellIncidents(modelOf(db), NO_FILTERS, { antecedent: 'demand placed', behaviour: 'physical aggression' });
    expect(cell.total).toBe(3);
    expect(cell.incidents.map((i) => i.occurredAt)).toEqual(['2025-03-01 08:00', '2025-03-01 16:00', '2025-03-01 17:00']);
    expect(cell.incidents[0]!.person).toMatch(/^Person [0-9A-F]{6}$/);
    expect(JSON.stringify(cell)).not.toMatch(/Alex|tidy|P1/);
    const blank = await abcCellIncidents(modelOf(db), NO_FILTERS, { antecedent: NOT_RECORDED });
    expect(blank.incidents.map((i) => [i.occurredAt, i.consequence])).toEqual([['2025-03-02 09:00', 'redirected']]);
    // Values are parameters: a quote in a value is a value, not SQL.
    expect((await abcCellIncidents(modelOf(db), NO_FILTERS, { antecedent: "noise' OR TRUE OR '" })).total).toBe(0);
    expect((await abcCellIncidents(modelOf(db), { ...NO_FILTERS, to: '2025-03-01' }, { behaviour: 'self-injury' })).total).toBe(1);
    const capped = await abcCellIncidents(modelOf(db), NO_FILTERS, {}, 2);
    expect([capped.total, capped.incidents.length]).toEqual([6, 2]);
  });
});

describe('hedged sentences', () => {
  it('says a pattern that stands out in everyday words, and names a function only as something to assess', () => {
    // 100 incidents: 20 after a demand, 12 of them with the demand withdrawn; 3 withdrawn after anything else.
    const cells = [
      { antecedent: 'demand placed', behaviour: 'physical aggression', consequence: 'demand withdrawn', n: 12 },
      { antecedent: 'demand placed', behaviour: 'physical aggression', consequence: 'redirected', n: 8 },
      { antecedent: 'noise', behaviour: 'physical aggression', consequence: 'demand withdrawn', n: 3 },
      { antecedent: 'noise', behaviour: 'physical aggression', consequence: 'redirected', n: 77 },
    ];
    const r = abcFromCounts(NO_FILTERS, cells, []);
    const e = conditionalRatio(12, 20, 15, 100);
    expect(r.findings[0]).toBe(
      `After “demand placed”, the consequence recorded was “demand withdrawn” in 60 % of incidents against 15 % overall (4.0 times as often, 95 % CI ${e.lower!.toFixed(1)} to ${e.upper!.toFixed(1)}) — a pattern that can go with escape-maintained behaviour; a specialist should assess it.`,
    );
    expect(r.findings.join(' ')).not.toMatch(/\bis (escape|attention)|function is/);
    expect(groupSentence('demand placed', 'consequence', comparisonGroup(r, 'consequenceGivenAntecedent', 'demand placed'))).toBe(
      `After “demand placed” (20 incidents), the consequence “demand withdrawn” was recorded in 60 % of incidents against 15 % overall (4.0 times as often, 95 % CI ${e.lower!.toFixed(1)} to ${e.upper!.toFixed(1)}). This shows which records go together, not why.`,
    );
    // After noise, "redirected" 77 of 85: Clopper–Pearson (0.8236, 0.9586) × 100/80 = 1.03 to 1.20 (by hand).
    expect(groupSentence('noise', 'consequence', comparisonGroup(r, 'consequenceGivenAntecedent', 'noise'))).toBe(
      'After “noise” (80 incidents), the consequence “redirected” was recorded in 96 % of incidents against 85 % overall (1.13 times as often, 95 % CI 1.03 to 1.20). This shows which records go together, not why.',
    );
    // Every incident is physical aggression: nothing to stand out.
    expect(groupSentence('demand placed', 'behaviour', comparisonGroup(r, 'behaviourGivenAntecedent', 'demand placed'))).toMatch(
      /^After “demand placed” \(20 incidents\), no behaviour was recorded clearly more often than overall/,
    );
  });

  it('matches the function patterns on normalised words only', () => {
    expect(functionPattern('Demand placed', 'Demand WITHDRAWN')?.fn).toBe('escape');
    expect(functionPattern('low attention', 'attention given')?.fn).toBe('attention');
    expect(functionPattern('denied item', 'item given')?.fn).toBe('tangible');
    expect(functionPattern('alone in room', null)?.fn).toBe('sensory');
    expect(functionPattern('noise', 'redirected')).toBeNull();
    expect(functionPattern('demand placed', 'redirected')).toBeNull();
  });
});
