import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { fitStaffingModel, staffingAnalysis } from '../../../src/analysis/staffing';
import { NO_FILTERS } from '../../../src/analysis/types';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { INCIDENTS, INTERVENTIONS, PEOPLE, REQUIREMENTS, SHIFTS, threeDaysDb } from '../helpers/threeDays';
import { modelOf } from '../helpers/model';

// Garwood 95 % limits for a count of 1 (χ²(0.025; 2)/2 and χ²(0.975; 4)/2), from tables.
const G1 = { lower: 0.0253178, upper: 5.5716434 };

describe('staffing analysis on the three-day fixture', () => {
  let db: Connector;
  beforeAll(async () => {
    ({ db } = await threeDaysDb());
  });
  afterAll(() => db.close());

  it('counts incidents and person-periods per shortfall band with exact intervals', async () => {
    const r = await staffingAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    // Person-periods by band (see the exposure test): none 5, one 4, twoPlus 2, unknown 1.
    // Incidents: I2 in a "none" period, I1 in "one", I4 in "twoPlus", I6 in the period with no rota.
    expect(r.ratesPer100.shortfall.none).toMatchObject({ incidents: 1, personPeriods: 5, rate: 20 });
    expect(r.ratesPer100.shortfall.one).toMatchObject({ incidents: 1, personPeriods: 4, rate: 25 });
    expect(r.ratesPer100.shortfall.twoPlus).toMatchObject({ incidents: 1, personPeriods: 2, rate: 50 });
    expect(r.ratesPer100.shortfall.none.lower!).toBeCloseTo((G1.lower * 100) / 5, 4);
    expect(r.ratesPer100.shortfall.none.upper!).toBeCloseTo((G1.upper * 100) / 5, 4);
    expect(r.exposure).toEqual({ periods: 9, personPeriods: 12, incidents: 4, incidentsOutsideExposure: 2 });
    expect(r.warnings.join(' ')).toMatch(/1 person-periods \(1 incidents\) are left out/);
  });

  it('compares the share of incidents ending in a restrictive intervention with and without shortfall', async () => {
    const r = await staffingAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    // Short: I1 (no intervention) and I4 (supine restraint); not short: I2 (PRN, which counts).
    expect(r.restraintGivenIncident.withShortfall).toEqual({ incidents: 2, withIntervention: 1, share: 0.5 });
    expect(r.restraintGivenIncident.withoutShortfall).toEqual({ incidents: 1, withIntervention: 1, share: 1 });
    // RR = (1/2) / (1/1); se(log RR) = √(1/1 − 1/2 + 1/1 − 1/1) = √0.5
    const rr = r.restraintGivenIncident.riskRatio!;
    expect(rr.estimate).toBeCloseTo(0.5, 12);
    expect(rr.lower).toBeCloseTo(0.5 * Math.exp(-1.959964 * Math.sqrt(0.5)), 9);
    expect(rr.upper).toBeCloseTo(0.5 * Math.exp(1.959964 * Math.sqrt(0.5)), 9);
  });

  it('applies the person, unit and date filters to every number', async () => {
    const p2 = await staffingAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P2' }, DEFAULT_SETTINGS);
    expect(p2.exposure).toEqual({ periods: 3, personPeriods: 3, incidents: 1, incidentsOutsideExposure: 1 });
    expect(p2.ratesPer100.shortfall.twoPlus).toMatchObject({ incidents: 1, personPeriods: 1 });
    const day1 = await staffingAnalysis(modelOf(db), { ...NO_FILTERS, from: '2025-01-01', to: '2025-01-01' }, DEFAULT_SETTINGS);
    // Only P1 was admitted on 1 Jan: Early (none), Late (one, I1), Night (none, I2).
    expect(day1.exposure).toMatchObject({ periods: 3, personPeriods: 3, incidents: 2 });
    expect(day1.ratesPer100.shortfall.none).toMatchObject({ incidents: 1, personPeriods: 2 });
    const otherUnit = await staffingAnalysis(modelOf(db), { ...NO_FILTERS, unit: 'Willow' }, DEFAULT_SETTINGS);
    expect(otherUnit.exposure.personPeriods).toBe(0);
    expect(otherUnit.headline).toMatch(/no exposure/);
  });
});

describe('the staffing model', () => {
  // Cells whose counts equal their expected values exactly: the score equations are solved by the
  // true coefficients, so the fit must return them (a check independent of the fitting code).
  const truth = { one: Math.log(1.5), twoPlus: Math.log(2.5), upTo25: Math.log(1.2), from25To50: 0, over50: Math.log(1.8), late: 0.3, night: -0.7, weekday: 0.05 };
  const person = [Math.log(0.1), Math.log(0.05), Math.log(0.2)];
  const cells: Parameters<typeof fitStaffingModel>[0] = [];
  const sfBands = ['none', 'one', 'twoPlus'] as const;
  const agBands = ['none', 'upTo25', 'from25To50', 'over50'] as const;
  person.forEach((a, person_idx) =>
    sfBands.forEach((sf) =>
      agBands.forEach((ag) =>
        [0, 1, 2].forEach((shift_index) =>
          [1, 2, 3, 4, 5, 6, 7].forEach((weekday) => {
            const n = 5 + ((person_idx * 7 + shift_index * 3 + weekday) % 11);
            const eta =
              a + (sf === 'none' ? 0 : truth[sf]) + (ag === 'none' ? 0 : truth[ag]) +
              (shift_index === 1 ? truth.late : shift_index === 2 ? truth.night : 0) + (weekday - 1) * truth.weekday;
            cells.push({ person_idx: person_idx + 10, shortfall_band: sf, agency_band: ag, shift_index, weekday, n, y: n * Math.exp(eta) });
          }),
        ),
      ),
    ),
  );

  it('recovers planted rate ratios exactly from noiseless cells', () => {
    const m = fitStaffingModel(cells, DEFAULT_SETTINGS);
    expect(m.summary.fitted).toBe(true);
    expect(m.rateRatios.shortfall.one!.estimate).toBeCloseTo(1.5, 8);
    expect(m.rateRatios.shortfall.twoPlus!.estimate).toBeCloseTo(2.5, 8);
    expect(m.rateRatios.agency.upTo25!.estimate).toBeCloseTo(1.2, 8);
    expect(m.rateRatios.agency.from25To50!.estimate).toBeCloseTo(1, 8);
    expect(m.rateRatios.agency.over50!.estimate).toBeCloseTo(1.8, 8);
    expect(m.summary.dispersion!).toBeLessThan(1e-12);
    expect(m.summary.widened).toBe(false);
  });

  it('computes the excess as Σ O_b (1 − 1/RR_b) over the short bands', () => {
    const m = fitStaffingModel(cells, DEFAULT_SETTINGS);
    const observed = (b: string) => cells.filter((c) => c.shortfall_band === b).reduce((t, c) => t + c.y, 0);
    const expected = observed('one') * (1 - 1 / 1.5) + observed('twoPlus') * (1 - 1 / 2.5);
    expect(m.excess!.estimate).toBeCloseTo(expected, 6);
  });

  it('says so instead of fitting when there is no fully staffed period', () => {
    const m = fitStaffingModel(cells.filter((c) => c.shortfall_band !== 'none'), DEFAULT_SETTINGS);
    expect(m.summary.fitted).toBe(false);
    expect(m.summary.message).toMatch(/No fully staffed periods/);
    expect(m.rateRatios.shortfall.twoPlus).toBeNull();
  });

  it('widens the intervals by √dispersion when incidents are over-dispersed', () => {
    // Double some counts and halve others: same means, far more spread than Poisson.
    const noisy = cells.map((c, i) => ({ ...c, y: Math.round(c.y * 20) * (i % 2 === 0 ? 2 : 0) }));
    const m = fitStaffingModel(noisy, DEFAULT_SETTINGS);
    expect(m.summary.dispersion!).toBeGreaterThan(1.2);
    expect(m.summary.widened).toBe(true);
    const strict = fitStaffingModel(noisy, { ...DEFAULT_SETTINGS, dispersionThreshold: 1e9 });
    const w = (e: { lower: number; upper: number }) => Math.log(e.upper) - Math.log(e.lower);
    expect(w(m.rateRatios.shortfall.one!) / w(strict.rateRatios.shortfall.one!)).toBeCloseTo(Math.sqrt(m.summary.dispersion!), 6);
  });
});

describe('the engine under concurrent requests', () => {
  it('builds the model once when pages ask for it together', async () => {
    const { createEngine } = await import('../../../src/engine');
    const db = await freshDb();
    await loadFixture(db, { requirements: REQUIREMENTS, shifts: SHIFTS, people: PEOPLE, incidents: INCIDENTS, interventions: INTERVENTIONS });
    const engine = createEngine(db);
    const [a, b] = await Promise.all([engine.staffing(NO_FILTERS), engine.staffing(NO_FILTERS), engine.filterOptions(), engine.ready()]);
    // The three-day fixture: 9 periods and 12 person-periods, however many callers raced.
    expect(a.exposure).toMatchObject({ periods: 9, personPeriods: 12 });
    expect(b.exposure).toEqual(a.exposure);
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM shift_pattern')) as [{ n: number }];
    expect(n).toBe(3);
    await Promise.all([engine.rebuild(), engine.rebuild()]);
    expect((await engine.staffing(NO_FILTERS)).exposure).toEqual(a.exposure);
    await db.close();
  });
});
