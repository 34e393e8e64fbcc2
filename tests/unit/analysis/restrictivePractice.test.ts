/**
 * Restrictive practice on the two-day fixture (tests/fixtures/analysis/twoDays.ts). Every expected
 * number is worked out by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { restrictivePracticeAnalysis, type RestrictivePracticeResult } from '../../../src/analysis/restrictivePractice';
import { NO_FILTERS } from '../../../src/analysis/types';
import { buildExposure, modelOf } from '../helpers/model';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { analyzeSample } from '../../fixtures/analysis/sample';
import { PLANTED } from '../../../sample-data/effects';
import { INCIDENTS, INTERVENTIONS, PEOPLE, REQUIREMENTS, SHIFTS, TWO_DAY_SETTINGS } from '../../fixtures/analysis/twoDays';

const Z = 1.959964;
// Garwood limits for 9 events from χ² tables: χ²(0.025; 18) / 2 and χ²(0.975; 20) / 2.
const G9 = { lower: 8.230746 / 2, upper: 34.169607 / 2 };

describe('restrictive practice on the two-day fixture', () => {
  let db: Connector;
  let r: RestrictivePracticeResult;
  beforeAll(async () => {
    db = await freshDb();
    await loadFixture(db, { requirements: REQUIREMENTS, shifts: SHIFTS, people: PEOPLE, incidents: INCIDENTS, interventions: INTERVENTIONS });
    await buildExposure(db, TWO_DAY_SETTINGS);
    r = await restrictivePracticeAnalysis(modelOf(db), NO_FILTERS);
  });
  afterAll(() => db.close());

  it('counts interventions in exposure against occupied bed days and incidents', () => {
    // Bed days: P1 6 and 7 Jan, P2 7 Jan = 3. Person-periods 6 + 3 = 9. Incidents in exposure I1–I7 = 7.
    // Interventions in exposure: 9 rows (I8's is outside the rota, X9 has no incident).
    expect(r.exposure).toEqual({ occupiedBedDays: 3, personPeriods: 9, incidents: 7, interventionsOutsideExposure: 1, interventionsWithoutIncident: 1 });
    expect(r.total).toMatchObject({ interventions: 9, incidents: 5, people: 2 });
    // 9 / 3 × 1,000 = 3,000, interval = Garwood(9) × 1,000 / 3; 9 / 7 × 100 per 100 incidents.
    expect(r.total.per1000BedDays.rate).toBeCloseTo(3000, 9);
    expect(r.total.per1000BedDays.lower!).toBeCloseTo((G9.lower * 1000) / 3, 2);
    expect(r.total.per1000BedDays.upper!).toBeCloseTo((G9.upper * 1000) / 3, 2);
    expect(r.total.per100Incidents.rate).toBeCloseTo(900 / 7, 9);
    expect(r.warnings.join(' ')).toMatch(/1 restrictive intervention belongs to incidents outside/);
  });

  it('takes durations from duration_minutes or end − start and reports median, IQR and total', () => {
    // All durations: 15, 10, 120, 5, 30, 360 → sorted 5 10 15 30 120 360. Type-7 quantiles:
    // median at position 3.5 → 22.5; Q1 at 2.25 → 10 + 0.25·5 = 11.25; Q3 at 4.75 → 30 + 0.75·90 = 97.5.
    expect(r.total.duration).toEqual({ n: 6, median: 22.5, q1: 11.25, q3: 97.5, totalMinutes: 540 });
    // Physical: 15, 10 (no end time, duration given), 5, 30; the 13 with only an end time has none.
    // Sorted 5 10 15 30: median 12.5; Q1 at 1.75 → 8.75; Q3 at 3.25 → 18.75.
    const physical = r.byGroup.find((g) => g.group === 'physical')!;
    expect(physical).toMatchObject({ interventions: 5, incidents: 4, people: 2 });
    expect(physical.duration).toEqual({ n: 4, median: 12.5, q1: 8.75, q3: 18.75, totalMinutes: 60 });
    // Segregation from 03:10 to 09:10 = 360 minutes.
    expect(r.byGroup.find((g) => g.group === 'segregation')!.duration).toMatchObject({ n: 1, median: 360, totalMinutes: 360 });
    const supine = r.byType.find((t) => t.code === '09')!;
    expect(supine).toMatchObject({ interventions: 2, incidents: 2, duration: { n: 2, median: 22.5, totalMinutes: 45 } });
    expect(r.byType.find((t) => t.code === '13')!.duration).toEqual({ n: 0, median: null, q1: null, q3: null, totalMinutes: 0 });
    // Every MHSDS type is listed, zero counts included.
    expect(r.byType.find((t) => t.code === '04')!.interventions).toBe(0);
    expect(r.byType.map((t) => t.code)).toEqual(['01', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', 'PRN']);
    expect(r.byGroup.map((g) => [g.group, g.interventions])).toEqual([
      ['physical', 5], ['mechanical', 0], ['seclusion', 1], ['segregation', 1], ['chemical', 1], ['prn', 1],
    ]);
  });

  it('calls out prone restraint as a red flag, with its share of physical restraints', () => {
    // 1 prone of 5 physical: Wilson 95 % for 1/5 = (0.0362, 0.6245).
    expect(r.callouts.prone).toMatchObject({ interventions: 1, incidents: 1, people: 1, physicalRestraints: 5 });
    expect(r.callouts.prone.shareOfPhysical.share).toBe(0.2);
    expect(r.callouts.prone.shareOfPhysical.lower!).toBeCloseTo(0.03622, 4);
    expect(r.callouts.prone.shareOfPhysical.upper!).toBeCloseTo(0.62446, 4);
    expect(r.sentences.prone).toMatch(/^Red flag: prone \(face-down\) restraint was recorded once, 20 % of the 5 physical restraints/);
    expect(r.callouts.rapidTranquillisation).toMatchObject({ interventions: 1, per1000BedDays: { rate: expect.closeTo(1000 / 3, 9) } });
    expect(r.callouts.seclusion.interventions).toBe(1);
    expect(r.callouts.segregation.interventions).toBe(1);
  });

  it('compares the share of incidents ending in an intervention by band, as risk ratios against none', () => {
    const row = (c: string, b: string) => r.byCondition.find((x) => x.condition === c && x.band === b)!;
    // Shortfall none: 06E, 06N, 07N×2 = 4 person-periods; incidents I1, I6, I7, of which I1 and I7
    // ended in an intervention; 2 interventions.
    expect(row('shortfall', 'none')).toMatchObject({ personPeriods: 4, incidents: 3, incidentsWithIntervention: 2, interventions: 2, riskRatio: null });
    // One: 06L, 07E×2 = 3; I2, I3, I4 → 2 with an intervention; interventions 2 + 2 = 4. RR (2/3)/(2/3) = 1.
    const one = row('shortfall', 'one');
    expect(one).toMatchObject({ personPeriods: 3, incidents: 3, incidentsWithIntervention: 2, interventions: 4 });
    expect(one.per100PersonPeriods.rate).toBeCloseTo(400 / 3, 9);
    expect(one.riskRatio!.estimate).toBeCloseTo(1, 12);
    expect(one.riskRatio!.upper).toBeCloseTo(Math.exp(Z * Math.sqrt(1 / 2 - 1 / 3 + 1 / 2 - 1 / 3)), 9);
    // Two or more: 07L×2; I5 with 3 interventions. RR (1/1)/(2/3) = 1.5, se √(1 − 1 + 1/2 − 1/3).
    const two = row('shortfall', 'twoPlus');
    expect(two).toMatchObject({ personPeriods: 2, incidents: 1, incidentsWithIntervention: 1, interventions: 3 });
    expect(two.riskRatio!.estimate).toBeCloseTo(1.5, 12);
    expect(two.riskRatio!.lower).toBeCloseTo(1.5 * Math.exp(-Z * Math.sqrt(1 / 6)), 9);
    // Agency: none = 06E, 06L, 07E×2, 07L×2, 07N×2 = 8 (07L, in which nobody worked, has share 0 —
    // the BRIEF — and brings I5 with its 3 interventions); over50 = 06N with no incident → no ratio.
    expect(row('agency', 'none')).toMatchObject({ personPeriods: 8, incidents: 7, incidentsWithIntervention: 5, interventions: 9 });
    expect(row('agency', 'over50')).toMatchObject({ personPeriods: 1, incidents: 0, riskRatio: null });
    expect(row('agency', 'over50').share.share).toBeNull();
    // Unfamiliar: over50 = 06E, 06N (I1, with an intervention); none = 06L, 07E×2, 07L×2, 07N×2 (6 incidents,
    // 4 with). RR (1/1)/(4/6) = 1.5.
    expect(row('unfamiliar', 'over50').riskRatio!.estimate).toBeCloseTo(1.5, 12);
    expect(row('unfamiliar', 'over50').riskRatio!.upper).toBeCloseTo(1.5 * Math.exp(Z * Math.sqrt(1 / 4 - 1 / 6)), 9);
    // The sentence reads the furthest band, and says there is no clear difference.
    expect(r.sentences.byCondition.shortfall).toMatch(/^100 % of incidents in periods when the unit was two or more staff short ended in a restrictive intervention \(1 of 1\), against 67 % in periods when the unit was fully staffed \(2 of 3\); no clear difference \(risk ratio 1\.5, 95 % CI/);
    expect(r.sentences.byCondition.shortfall).toMatch(/small numbers/);
    expect(r.sentences.byCondition.agency).toMatch(/not enough incidents/);
  });

  it('gives durations by band of the incident period', () => {
    const d = (c: string, b: string, g: string) => r.durationsByCondition.find((x) => x.condition === c && x.band === b && x.group === g);
    // Shortfall one, physical: I2 prone 10 and I4 standing 5 → median 7.5, Q1 6.25, Q3 8.75.
    expect(d('shortfall', 'one', 'physical')).toMatchObject({ n: 2, median: 7.5, q1: 6.25, q3: 8.75, totalMinutes: 15 });
    expect(d('shortfall', 'one', 'seclusion')).toMatchObject({ n: 1, median: 120 });
    // None: I1 supine 15; the segregation of I7 (night of 7 Jan) 360.
    expect(d('shortfall', 'none', 'physical')).toMatchObject({ n: 1, median: 15 });
    expect(d('shortfall', 'none', 'segregation')).toMatchObject({ n: 1, median: 360 });
    // Two or more: only I5's supine 30 has a duration (the RT and the end-only row have none).
    expect(d('shortfall', 'twoPlus', 'physical')).toMatchObject({ n: 1, median: 30 });
    expect(d('shortfall', 'twoPlus', 'chemical')).toBeUndefined();
  });

  it('charts PRN per ISO week against person-periods', () => {
    // Both days are in the week of Monday 6 Jan: 9 person-periods, one PRN → 11.1 per 100.
    expect(r.prnWeekly).toEqual([
      { week: '2025-01-06', personPeriods: 9, prn: 1, per100PersonPeriods: expect.objectContaining({ rate: expect.closeTo(100 / 9, 9) }) },
    ]);
    expect(r.prnTrend).toBeNull();
    expect(r.sentences.prn).toMatch(/given 1 time over 1 week/);
  });

  it('reads the counts in one sentence', () => {
    expect(r.sentences.counts).toMatch(/^There were 9 restrictive interventions in 5 incidents over 3 occupied bed days: 3,000\.0 per 1,000 occupied bed days/);
    expect(r.sentences.counts).toMatch(/most common was physical restraint \(5\)/);
    expect(r.sentences.durations).toMatch(/^Recorded durations: physical restraint a median of 12\.5 minutes \(interquartile range 8\.8 minutes to 18\.8 minutes; 4 with a duration, 60 minutes in all\); seclusion 2 hours \(one with a duration\); segregation 6 hours/);
    // The physical restraint with only an end time has no duration.
    expect(r.sentences.durations).toMatch(/1 intervention had no duration recorded\.$/);
  });

  it('applies person and date filters to numerators and denominators alike', async () => {
    // P2: 1 bed day (7 Jan); I4 and I6 in exposure; I4's standing restraint and PRN.
    const p2 = await restrictivePracticeAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P2' });
    expect(p2.exposure).toMatchObject({ occupiedBedDays: 1, personPeriods: 3, incidents: 2, interventionsOutsideExposure: 0 });
    expect(p2.total).toMatchObject({ interventions: 2, incidents: 1, people: 1 });
    expect(p2.total.per1000BedDays.rate).toBeCloseTo(2000, 9);
    expect(p2.sentences.prone).toBe('No prone (face-down) restraint was recorded among the 1 physical restraint.');
    // From 7 Jan: 2 bed days; I4, I5 and I7 (03:00 on 8 Jan, in the 7 Jan night period): 2 + 3 + 1 = 6.
    const day2 = await restrictivePracticeAnalysis(modelOf(db), { ...NO_FILTERS, from: '2025-01-07', to: '2025-01-07' });
    expect(day2.exposure.occupiedBedDays).toBe(2);
    expect(day2.total.interventions).toBe(6);
  });
});

describe('restrictive practice on the sample service', () => {
  it('recovers the planted restraint risk ratio with shortfall, in both short bands, and agrees with the staffing analysis', async () => {
    const { analyses, staffing, imports } = await analyzeSample();
    const r = analyses.restrictivePractice as RestrictivePracticeResult;
    const truth = PLANTED.restraint.riskRatioWithShortfall;
    for (const band of ['one', 'twoPlus']) {
      const rr = r.byCondition.find((x) => x.condition === 'shortfall' && x.band === band)!.riskRatio!;
      expect(rr.lower).toBeLessThan(truth);
      expect(rr.upper).toBeGreaterThan(truth);
      expect(rr.lower).toBeGreaterThan(1);
    }
    // The staffing analysis counts the same incidents its own way (short = band ≠ none).
    const short = r.byCondition.filter((x) => x.condition === 'shortfall' && x.band !== 'none');
    expect(short.reduce((t, x) => t + x.incidents, 0)).toBe(staffing.restraintGivenIncident.withShortfall.incidents);
    expect(short.reduce((t, x) => t + x.incidentsWithIntervention, 0)).toBe(staffing.restraintGivenIncident.withShortfall.withIntervention);
    // Every intervention row of the sample belongs to an incident in exposure.
    expect(r.total.interventions).toBe(imports.find((i) => i.kind === 'interventions')!.accepted);
    expect(r.exposure.interventionsOutsideExposure + r.exposure.interventionsWithoutIncident).toBe(0);
    // The per-type counts add up to the total, and the groups to the types.
    expect(r.byType.reduce((t, x) => t + x.interventions, 0)).toBe(r.total.interventions);
    expect(r.byGroup.reduce((t, x) => t + x.interventions, 0)).toBe(r.total.interventions);
    expect(r.prnWeekly.reduce((t, w) => t + w.prn, 0)).toBe(r.byGroup.find((g) => g.group === 'prn')!.interventions);
    expect(r.prnWeekly.reduce((t, w) => t + w.personPeriods, 0)).toBe(r.exposure.personPeriods);
  });
});
