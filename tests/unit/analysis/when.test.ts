/**
 * The "when" analysis: person-hours per clock hour × weekday, the grids, and the chi-square tests
 * of an even spread. Expected numbers are worked out by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { evennessTest, hourRanges, plainHours, whenAnalysis, type WhenResult } from '../../../src/analysis/when';
import { NO_FILTERS } from '../../../src/analysis/types';
import { buildExposure, modelOf } from '../helpers/model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { chiSquareSurvival } from '../../../src/stats/distributions';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { sampleServiceDb } from '../helpers/sampleService';
import { PEOPLE, REQUIREMENTS, SHIFTS, threeDaysDb } from '../helpers/threeDays';

const cell = (r: WhenResult, weekday: number, hour: number) => r.cells.find((c) => c.weekday === weekday && c.hour === hour)!;
const WED = 3;
const THU = 4;
const FRI = 5;
const SAT = 6;

describe('evenness test on a four-hour toy', () => {
  it('computes the chi-square, df, p-value and adjusted residuals by hand', () => {
    // Person-hours 10, 10, 20, 60 (shares .1, .1, .2, .6); 20 incidents observed 8, 2, 4, 6.
    // Expected 2, 2, 4, 12. χ² = 36/2 + 0 + 0 + 36/12 = 18 + 3 = 21, df 3.
    // Adjusted residuals: 6/√(2·0.9) = 4.472; 0; 0; −6/√(12·0.4) = −2.739.
    const t = evennessTest('hour', [
      { level: 9, label: '09:00', observed: 8, personHours: 10 },
      { level: 10, label: '10:00', observed: 2, personHours: 10 },
      { level: 11, label: '11:00', observed: 4, personHours: 20 },
      { level: 12, label: '12:00', observed: 6, personHours: 60 },
    ]);
    expect(t.rows.map((r) => r.expected)).toEqual([2, 2, 4, 12]);
    expect(t.chiSquare).toBeCloseTo(21, 12);
    expect(t.df).toBe(3);
    // χ²(3) survival at 21, closed form for df 3: erfc(√10.5) + √(42/π) e^{-10.5} = 1.05276e-4.
    expect(t.pValue!).toBeCloseTo(1.05276e-4, 8);
    expect(t.rows[0]!.residual).toBeCloseTo(6 / Math.sqrt(2), 12);
    expect(t.rows[0]!.adjustedResidual).toBeCloseTo(6 / Math.sqrt(1.8), 12);
    expect(t.rows[3]!.adjustedResidual).toBeCloseTo(-6 / Math.sqrt(4.8), 12);
    expect(t.standingOut).toEqual([
      { level: 9, label: '09:00', direction: 'more' },
      { level: 12, label: '12:00', direction: 'fewer' },
    ]);
    expect(t.sentence).toBe(
      'More incidents happened between 9 and 10 am than the time people spent on the unit would explain, and fewer between 12 noon and 1 pm. ' +
        'This describes when incidents happened, not why. Many hours expect fewer than 5 incidents, so the test is only a rough guide.',
    );
    // The test statistic is in the details line, never in the sentence.
    expect(t.sentence).not.toMatch(/χ²|p [<=]|df/);
    expect(t.details).toBe('Chi-square test against the time people spent on the unit: χ² = 21.0, df = 3, p < 0.001.');
    // Expected 2, 2, 4 are all under 5: 3 of 4 levels.
    expect(t.smallExpected).toBe(3);
    expect(t.warning).toMatch(/3 of 4 hours expect fewer than 5/);
    expect(t.sentence).toMatch(/Many hours expect fewer than 5 incidents, so the test is only a rough guide/);
  });

  it('names nothing when the overall test is not clear, and leaves out levels without exposure', () => {
    // Observed 3, 5 against person-hours 40, 40 (and an hour with none): E = 4, 4; χ² = 1/4 + 1/4 = 0.5, df 1.
    const t = evennessTest('hour', [
      { level: 0, label: '00:00', observed: 3, personHours: 40 },
      { level: 1, label: '01:00', observed: 5, personHours: 40 },
      { level: 2, label: '02:00', observed: 0, personHours: 0 },
    ]);
    expect(t.chiSquare).toBeCloseTo(0.5, 12);
    expect(t.df).toBe(1);
    expect(t.pValue!).toBeCloseTo(chiSquareSurvival(0.5, 1), 12);
    expect(t.standingOut).toEqual([]);
    expect(t.sentence).toBe('Incidents were spread across the hours of the day about as evenly as the time people spent on the unit would explain: no time of day stands out. These are small numbers (8 incidents).');
  });

  it('says there is nothing to test without incidents', () => {
    const t = evennessTest('weekday', [{ level: 1, label: 'Monday', observed: 0, personHours: 5 }, { level: 2, label: 'Tuesday', observed: 0, personHours: 5 }]);
    expect(t.chiSquare).toBeNull();
    expect(t.sentence).toMatch(/no incidents/);
  });

  it('writes hour ranges joined round midnight', () => {
    expect(hourRanges([22, 23, 0, 1, 9])).toBe('09:00–09:59 and 22:00–01:59');
    expect(hourRanges([15, 16, 17])).toBe('15:00–17:59');
  });

  it('says hours in everyday words', () => {
    expect(plainHours([18, 19, 20])).toBe('between 6 and 9 pm');
    expect(plainHours([23, 0, 1, 2, 3, 4, 5, 6])).toBe('between 11 pm and 7 am');
    expect(plainHours([7, 16, 17])).toBe('between 7 and 8 am and between 4 and 6 pm');
    expect(plainHours([11])).toBe('between 11 am and 12 noon');
    expect(plainHours([12, 13])).toBe('between 12 noon and 2 pm');
    expect(plainHours([22, 23])).toBe('between 10 pm and midnight');
    expect(plainHours([0])).toBe('between midnight and 1 am');
  });
});

describe('when on the three-day fixture', () => {
  let db: Connector;
  let r: WhenResult;
  beforeAll(async () => {
    ({ db } = await threeDaysDb());
    r = await whenAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
  });
  afterAll(() => db.close());

  it('cuts person-periods into clock hours of the right weekday', () => {
    // 1 Jan 2025 is a Wednesday. P1 is in exposure 1–3 Jan (9 periods), P2 on 2 Jan only (3 periods).
    // Wed: 07–22 from P1's Early and Late, 23 from the night starting Wed; Wed 00–06 has no period.
    expect(cell(r, WED, 6).personHours).toBe(0);
    expect(cell(r, WED, 7).personHours).toBe(1);
    expect(cell(r, WED, 23).personHours).toBe(1);
    // Thu 00–06 is the tail of Wednesday's night (P1 only, P2 was admitted on Thursday); Thu 07–23 P1 + P2.
    expect(cell(r, THU, 3).personHours).toBe(1);
    expect(cell(r, THU, 7).personHours).toBe(2);
    expect(cell(r, THU, 23).personHours).toBe(2);
    // Fri 00–06 the tail of Thursday's night (both); Sat 00–06 the tail of Friday's night (P1).
    expect(cell(r, FRI, 0).personHours).toBe(2);
    expect(cell(r, FRI, 12).personHours).toBe(1);
    expect(cell(r, SAT, 6).personHours).toBe(1);
    expect(cell(r, SAT, 7).personHours).toBe(0);
    // 12 person-periods × 8 h.
    expect(r.exposure.personHours).toBe(96);
  });

  it('counts the incidents in exposure by the clock time they happened', () => {
    // I1 Wed 16:00, I2 Thu 03:00, I4 Thu 18:00, I6 Fri 23:30; I3 and I5 are outside exposure.
    expect(r.exposure).toMatchObject({ incidents: 4, incidentsOutsideExposure: 2 });
    expect([cell(r, WED, 16), cell(r, THU, 3), cell(r, THU, 18), cell(r, FRI, 23)].map((c) => c.incidents)).toEqual([1, 1, 1, 1]);
    // Thu 18:00: 1 incident in 2 person-hours = 500 per 1,000 person-hours.
    expect(cell(r, THU, 18).rate).toBeCloseTo(500, 9);
    expect(r.warnings.join(' ')).toMatch(/2 incidents fall outside/);
  });

  it('averages the period shortfall and agency share over person-hours', () => {
    // Wed 16:00 is in 1 Jan Late: short by 0.5, agency 8 of 12 staff-hours.
    expect(cell(r, WED, 16).meanShortfall).toBeCloseTo(0.5, 9);
    expect(cell(r, WED, 16).meanAgencyShare).toBeCloseTo(2 / 3, 9);
    // Thu 10:00 is 2 Jan Early (short by 1, no agency) for both people.
    expect(cell(r, THU, 10).meanShortfall).toBeCloseTo(1, 9);
    expect(cell(r, THU, 10).meanAgencyShare).toBe(0);
    // Thu 18:00 is 2 Jan Late: only a sick line, short by 2; nobody worked, so no agency hours: share 0 (the BRIEF).
    expect(cell(r, THU, 18).meanShortfall).toBeCloseTo(2, 9);
    expect(cell(r, THU, 18).meanAgencyShare).toBe(0);
    // Fri 23:00 is 3 Jan Night, which has no rota lines: nothing to average.
    expect(cell(r, FRI, 23).meanShortfall).toBeNull();
  });

  it('tests the hours against exposure-expected counts', () => {
    // Every clock hour has 4 person-hours (e.g. 03:00: Thu 1 + Fri 2 + Sat 1; 12:00: Wed 1 + Thu 2 + Fri 1),
    // so each expects 4/24 = 1/6 incident. Hours 3, 16, 18, 23 hold one each:
    // χ² = 4 (5/6)² · 6 + 20 (1/6)² · 6 = 100/6 + 20/6 = 20, df 23.
    expect(r.byHour.chiSquare).toBeCloseTo(20, 10);
    expect(r.byHour.df).toBe(23);
    expect(r.byHour.pValue!).toBeCloseTo(chiSquareSurvival(20, 23), 12);
    expect(r.byHour.standingOut).toEqual([]);
    expect(r.byHour.warning).toMatch(/24 of 24 hours expect fewer than 5/);
  });

  it('tests the weekdays against exposure-expected counts', () => {
    // Person-hours Wed 17, Thu 7 + 16·2 + 2 = 41, Fri 14 + 16 + 1 = 31, Sat 7 (total 96); no exposure Mon, Tue, Sun.
    // Observed Wed 1, Thu 2, Fri 1, Sat 0; expected 4·h/96 = 17/24, 41/24, 31/24, 7/24, so O − E = ±7/24 each:
    // χ² = (49/576)(24/17 + 24/41 + 24/31 + 24/7) = (49/24)(1/17 + 1/41 + 1/31 + 1/7), df 3.
    const expected = (49 / 24) * (1 / 17 + 1 / 41 + 1 / 31 + 1 / 7);
    expect(r.byWeekday.rows.map((x) => x.personHours)).toEqual([0, 0, 17, 41, 31, 7, 0]);
    expect(r.byWeekday.chiSquare).toBeCloseTo(expected, 10);
    expect(r.byWeekday.df).toBe(3);
  });

  it('applies the person filter', async () => {
    // P2: Thu 07–23 (16 h + the first hour of the night) and Fri 00–06: 24 person-hours, one incident (I4).
    const p2 = await whenAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P2' });
    expect(p2.exposure.personHours).toBe(24);
    expect(p2.exposure.incidents).toBe(1);
    expect(cell(p2, THU, 18).incidents).toBe(1);
    expect(cell(p2, WED, 16).personHours).toBe(0);
  });

  it('cuts periods that start on the half hour into part hours', async () => {
    const db2 = await freshDb();
    await loadFixture(db2, { requirements: REQUIREMENTS, shifts: SHIFTS, people: PEOPLE });
    await buildExposure(db2, {
      ...DEFAULT_SETTINGS,
      shiftPattern: [
        { name: 'Early', start: '07:30', hours: 8 },
        { name: 'Late', start: '15:30', hours: 8 },
        { name: 'Night', start: '23:30', hours: 8 },
      ],
    });
    const x = await whenAnalysis(modelOf(db2), NO_FILTERS);
    // Wed 07:00: P1's Early from 07:30, half an hour. Thu 07:00: the tail of Wednesday's night (P1, 0.5 h)
    // plus Thursday's Early from 07:30 (P1 and P2, 2 × 0.5 h) = 1.5.
    expect(cell(x, WED, 7).personHours).toBeCloseTo(0.5, 12);
    expect(cell(x, THU, 7).personHours).toBeCloseTo(1.5, 12);
    expect(x.exposure.personHours).toBeCloseTo(96, 9);
    await db2.close();
  });
});

describe('when on the sample service', () => {
  let db: Connector;
  let r: WhenResult;
  beforeAll(async () => {
    db = await sampleServiceDb();
    r = await whenAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
  });
  afterAll(() => db.close());

  it('matches a second method: every person-period cut into the clock hours it covers', async () => {
    // Independent of the analysis's shift-profile shortcut: expand each person-period's [start, end)
    // into clock hours directly and sum the overlap.
    const direct = await db.query<{ weekday: number; hour: number; ph: number; sf: number | null }>(`
      WITH slots AS (
        SELECT p."start", p."end", s.shortfall,
               unnest(generate_series(date_trunc('hour', p."start"), p."end" - INTERVAL 1 MICROSECOND, INTERVAL 1 HOUR)) AS slot
        FROM person_periods pp JOIN periods p USING (period_id) JOIN period_staffing s USING (period_id)),
      w AS (SELECT isodow(slot)::INTEGER AS weekday, hour(slot)::INTEGER AS hour, shortfall,
                   epoch(least("end", slot + INTERVAL 1 HOUR) - greatest("start", slot)) / 3600.0 AS h FROM slots)
      SELECT weekday, hour, sum(h)::DOUBLE AS ph,
             (sum(h * shortfall) FILTER (WHERE shortfall IS NOT NULL) / sum(h) FILTER (WHERE shortfall IS NOT NULL))::DOUBLE AS sf
      FROM w GROUP BY ALL`);
    expect(direct).toHaveLength(168);
    for (const d of direct) {
      const c = cell(r, d.weekday, d.hour);
      expect(c.personHours).toBeCloseTo(d.ph, 6);
      expect(c.meanShortfall!).toBeCloseTo(d.sf!, 9);
    }
  });

  it('finds the planted time-of-day pattern: fewer incidents at night, more in the late shift', () => {
    // Planted shift effects: Early 1, Late 1.3, Night 0.45 (Night 23:00–07:00, Late 15:00–23:00).
    expect(r.byHour.pValue!).toBeLessThan(0.001);
    const fewer = r.byHour.standingOut.filter((s) => s.direction === 'fewer').map((s) => s.level);
    const more = r.byHour.standingOut.filter((s) => s.direction === 'more').map((s) => s.level);
    const night = (h: number) => h >= 23 || h < 7;
    expect(fewer.length).toBeGreaterThanOrEqual(4);
    expect(fewer.every(night)).toBe(true);
    expect(more.length).toBeGreaterThan(0);
    expect(more.every((h) => !night(h))).toBe(true);
    expect(r.byHour.sentence).toMatch(/^More incidents happened between .* than the time people spent on the unit would explain, and fewer between 11 pm and 7 am\./);
    expect(r.cells).toHaveLength(168);
    expect(r.note).toMatch(/Kahng et al\. \(1998/);
  });
});
