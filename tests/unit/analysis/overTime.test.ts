/**
 * Over time: weekly series from the exposure tables, incomplete end weeks dropped, XmR limits and
 * rules carried on every point, re-baselining at a date, the G chart and event markers. The
 * fixture is built in code so each week's numbers are known; every expected value is worked out
 * in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { mondayOf, overTimeAnalysis, weeklyChart, type OverTimeResult } from '../../../src/analysis/overTime';
import { NO_FILTERS } from '../../../src/analysis/types';
import { buildExposure, modelOf } from '../helpers/model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { sampleServiceDb } from '../helpers/sampleService';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

// The rota runs Wed 1 Jan 2025 to Tue 18 Mar 2025: one 24-hour line a day from 07:00 covers that
// date's Early, Late and Night. Weeks: w/c 30 Dec (5 days, dropped), ten full weeks w/c 6 Jan …
// w/c 10 Mar, and w/c 17 Mar (2 days, dropped).
const FIRST = day('2025-01-01');
const LAST = day('2025-03-18');
const FULL_WEEKS = Array.from({ length: 10 }, (_, k) => iso(day('2025-01-06') + 7 * k * DAY));
const WEEKLY_INCIDENTS = [3, 5, 4, 6, 2, 3, 4, 5, 3, 4];
// w/c 13 Jan every line unfilled (all 21 periods short by 1); w/c 20 Jan the Monday line unfilled (3 of 21).
const unfilled = (d: string) => (d >= '2025-01-13' && d <= '2025-01-19') || d === '2025-01-20';

function fixture() {
  let shifts = 'shift_id,staff_id,unit,start,end,role,contract,status\n';
  for (let t = FIRST, i = 0; t <= LAST; t += DAY, i++) {
    const d = iso(t);
    shifts += unfilled(d)
      ? `R${i},,Oak,${d} 07:00,${iso(t + DAY)} 07:00,SW,,unfilled\n`
      : `R${i},S1,Oak,${d} 07:00,${iso(t + DAY)} 07:00,SW,permanent,worked\n`;
  }
  let incidents = 'incident_id,person_id,occurred_at,unit\n';
  let n = 0;
  FULL_WEEKS.forEach((monday, k) => {
    for (let j = 0; j < WEEKLY_INCIDENTS[k]!; j++) {
      // Wednesday of the week at 10:00 + j minutes: an Early period of that date.
      incidents += `I${++n},P1,${iso(day(monday) + 2 * DAY)} 10:${String(j).padStart(2, '0')},Oak\n`;
    }
  });
  // One incident in each dropped week.
  incidents += `IA,P1,2025-01-02 10:00,Oak\nIZ,P1,2025-03-17 10:00,Oak\n`;
  // Restrictive interventions: IA (2 Jan), I1 (two rows; 8 Jan, w/c 6 Jan) and the first incident of w/c 20 Jan.
  const firstOfWeek3 = 3 + 5 + 1;
  const interventions = `incident_id,type,started_at\nIA,09,2025-01-02 10:05\nI1,09,2025-01-08 10:05\nI1,05,2025-01-08 10:30\nI${firstOfWeek3},PRN,2025-01-22 10:05\n`;
  return {
    people: 'person_id,unit,admitted\nP1,Oak,2025-01-01\nP9,Willow,2025-01-01\n',
    requirements: 'unit,shift,required\nOak,Early,1\nOak,Late,1\nOak,Night,1\n',
    shifts,
    incidents,
    interventions,
    events:
      'person_id,unit,date,type,description\nP1,,2025-02-12,plan review,New plan agreed\n,Oak,2025-01-15,staff change,New manager\nP9,Willow,2025-02-01,move,Moved room\n',
  };
}

describe('over time on a ten-week fixture', () => {
  let db: Connector;
  let r: OverTimeResult;
  beforeAll(async () => {
    db = await freshDb();
    await loadFixture(db, fixture());
    await buildExposure(db, DEFAULT_SETTINGS);
    r = await overTimeAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
  });
  afterAll(() => db.close());

  it('charts the ten full weeks and drops the incomplete first and last weeks', () => {
    expect(r.weeks.map((w) => w.week)).toEqual(FULL_WEEKS);
    expect(r.droppedWeeks.map((w) => [w.week, w.days, w.incidents])).toEqual([
      ['2024-12-30', 5, 1],
      ['2025-03-17', 2, 1],
    ]);
    expect(r.charts.incidents.points.map((p) => p.value)).toEqual(WEEKLY_INCIDENTS);
    // One person, 21 person-periods a week: rate = 100 x / 21.
    r.charts.rate.points.forEach((p, k) => expect(p.value).toBeCloseTo((100 * WEEKLY_INCIDENTS[k]!) / 21, 10));
  });

  it('counts restrictive interventions and the mean shortfall per week', () => {
    // w/c 6 Jan: two rows on I1; w/c 20 Jan: one PRN row. IA's row is in a dropped week.
    expect(r.charts.restrictive.points.map((p) => p.value)).toEqual([2, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    // w/c 13 Jan: every period short by 1; w/c 20 Jan: 3 of 21 periods short by 1 → 1/7.
    const sf = r.charts.shortfall.points.map((p) => p.value);
    expect(sf[0]).toBe(0);
    expect(sf[1]).toBeCloseTo(1, 12);
    expect(sf[2]).toBeCloseTo(1 / 7, 12);
  });

  it('puts the XmR centre line, limits and rules on every weekly point', () => {
    // x = 3 5 4 6 2 3 4 5 3 4: mean 39/10 = 3.9. Moving ranges 2 1 2 4 1 1 1 2 1, mean 15/9 = 5/3
    // (none ≥ 3.267 × 5/3 = 5.445). Limits 3.9 ± 2.66 × 5/3 = 3.9 ± 4.4333…; 2σ lines 3.9 ± 2.9556.
    // Sides of the mean − + + + − − + + − +: no run of 7; no 7-point trend; nothing beyond a 2σ line twice in 3.
    const p = r.charts.incidents.points;
    for (const x of p) {
      expect(x.mean).toBeCloseTo(3.9, 12);
      expect(x.upper!).toBeCloseTo(3.9 + (2.66 * 5) / 3, 12);
      expect(x.lower!).toBeCloseTo(3.9 - (2.66 * 5) / 3, 12);
      expect(x.upper2s!).toBeCloseTo(3.9 + (2 / 3) * ((2.66 * 5) / 3), 12);
      expect(x.rules).toEqual([]);
      expect(x.variation).toBe('common');
    }
    expect(p[3]!.movingRange).toBe(2);
    expect(r.charts.incidents.phases).toHaveLength(1);
    // Ten points: fewer than 12.
    expect(r.charts.incidents.warnings.join(' ')).toMatch(/only 10 points/);
    expect(r.charts.incidents.sentence).toMatch(/^No week stands out over these 10 weeks: the ups and downs are the usual variation\. On average 3\.9 incidents a week over 10 weeks; a usual week lies between 0\.0 and 8\.3\./);
  });

  it('re-baselines at the week holding a chosen date', async () => {
    // 12 Feb 2025 is a Wednesday: its week (w/c 10 Feb, the 6th) starts phase 2.
    // Phase 1: 3 5 4 6 2, mean 4, MRs 2 1 2 4 → 2.25, limits 4 ± 5.985.
    // Phase 2: 3 4 5 3 4, mean 3.8, MRs 1 1 2 1 → 1.25, limits 3.8 ± 3.325. No moving range across the break.
    const b = await overTimeAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS, { breaks: ['2025-02-12'] });
    expect(b.breaks).toEqual([{ date: '2025-02-12', week: '2025-02-10' }]);
    const p = b.charts.incidents.points;
    expect(p.map((x) => x.phase)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(p[0]!.mean).toBeCloseTo(4, 12);
    expect(p[0]!.upper!).toBeCloseTo(4 + 2.66 * 2.25, 12);
    expect(p[5]!.mean).toBeCloseTo(3.8, 12);
    expect(p[5]!.upper!).toBeCloseTo(3.8 + 2.66 * 1.25, 12);
    expect(p[5]!.movingRange).toBeNull();
    expect(b.charts.incidents.phases.map((x) => [x.from, x.to])).toEqual([
      ['2025-01-06', '2025-02-03'],
      ['2025-02-10', '2025-03-10'],
    ]);
    expect(b.charts.incidents.warnings.join(' ')).toMatch(/w\/c 10 Feb 2025 to w\/c 10 Mar 2025/);
    expect(b.charts.incidents.sentence).toMatch(/Since w\/c 10 Feb 2025 the average has been 3\.8 incidents a week, against 4\.0 before/);
    const outside = await overTimeAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS, { breaks: ['2026-01-01', 'not a date'] });
    expect(outside.charts.incidents.phases).toHaveLength(1);
    expect(outside.warnings.join(' ')).toMatch(/2026-01-01 is not inside the charted weeks/);
    expect(outside.warnings.join(' ')).toMatch(/"not a date" is not a date/);
  });

  it('draws a G chart of days between incidents with a restrictive intervention', () => {
    // Events on 2 Jan (IA), 8 Jan (I1, two rows but one incident) and 22 Jan: gaps 6 and 14, mean 10.
    // Geometric limits: 10 + 3√(10 · 11) = 10 + 3√110. The rota's last date is 18 Mar: 55 days after 22 Jan.
    const g = r.gChart;
    expect(g.events).toBe(3);
    expect(g.points.map((p) => [p.from, p.to, p.value])).toEqual([
      ['2025-01-02', '2025-01-08', 6],
      ['2025-01-08', '2025-01-22', 14],
    ]);
    expect(g.points[0]!.mean).toBeCloseTo(10, 12);
    expect(g.points[0]!.upper!).toBeCloseTo(10 + 3 * Math.sqrt(110), 10);
    expect(g.daysSinceLast).toBe(55);
    expect(g.sentence).toMatch(/3 incidents with a restrictive intervention, on average 10\.0 days apart.*The data run 55 days past the last one\./);
  });

  it('returns events as markers, with the person filter taking unit-wide events of their unit', async () => {
    expect(r.events.map((e) => [e.date, e.week, e.type])).toEqual([
      ['2025-01-15', '2025-01-13', 'staff change'],
      ['2025-02-01', '2025-01-27', 'move'],
      ['2025-02-12', '2025-02-10', 'plan review'],
    ]);
    const p1 = await overTimeAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P1' });
    expect(p1.events.map((e) => e.type)).toEqual(['staff change', 'plan review']);
    expect(p1.events[1]!.personLabel).toMatch(/^Person /);
    const willow = await overTimeAnalysis(modelOf(db), { ...NO_FILTERS, unit: 'Willow' });
    expect(willow.events.map((e) => e.type)).toEqual(['move']);
    expect(willow.weeks).toEqual([]);
    expect(willow.charts.incidents.sentence).toMatch(/no complete weeks/);
  });

  it('drops the part weeks a date filter makes', async () => {
    // 8 Jan (Wed) to 4 Feb (Tue): w/c 6 Jan and w/c 3 Feb are part weeks; w/c 13, 20, 27 Jan remain.
    const f = await overTimeAnalysis(modelOf(db), { ...NO_FILTERS, from: '2025-01-08', to: '2025-02-04' });
    expect(f.weeks.map((w) => w.week)).toEqual(['2025-01-13', '2025-01-20', '2025-01-27']);
    expect(f.droppedWeeks.map((w) => [w.week, w.days])).toEqual([
      ['2025-01-06', 5],
      ['2025-02-03', 2],
    ]);
  });
});

describe('weekly chart colouring (lower is better)', () => {
  const weeks = Array.from({ length: 12 }, (_, k) => iso(day('2025-01-06') + 7 * k * DAY));
  const chart = (values: number[]) => weeklyChart('incidents', 't', 'incidents a week', values.map((value, k) => ({ week: weeks[k]!, value })), []);

  it('calls a run of 7 below the mean an improvement', () => {
    // 6 4 6 4 6 3 2 3 2 3 2 3: mean 44/12 = 3.667; the last 7 are below it. MRs 2 2 2 2 3 1 1 1 1 1 1 → 17/11;
    // limits 3.667 ± 4.11, 2σ lines 3.667 ± 2.74: nothing beyond them; no trend.
    const c = chart([6, 4, 6, 4, 6, 3, 2, 3, 2, 3, 2, 3]);
    expect(c.points.map((p) => p.variation)).toEqual([...Array(5).fill('common'), ...Array(7).fill('improvement')]);
    expect(c.points.slice(5).every((p) => p.rules.includes('shift'))).toBe(true);
    expect(c.sentence).toMatch(/7 weeks were lower than usual, an improvement \(the first w\/c 10 Feb 2025\): in a run of 7 or more on one side of the average/);
  });

  it('colours points beyond the limits and runs by their side of the mean', () => {
    // 1 2 1 2 1 2 3 4 5 6 7 8: mean 42/12 = 3.5, every MR 1: limits 3.5 ± 2.66 = 0.84 to 6.16.
    // Points 1–7 are all below 3.5 (a shift); points 5–12 rise 7 times (a trend); 7 and 8 are above the upper limit.
    const c = chart([1, 2, 1, 2, 1, 2, 3, 4, 5, 6, 7, 8]);
    const v = c.points.map((p) => p.variation);
    expect(c.points[10]!.rules).toContain('outsideLimits');
    expect(v[10]).toBe('concern');
    // Point 6 is in the low run and the rising trend: a side rule applies, so its side (below) decides.
    expect(c.points[5]!.rules).toEqual(['shift', 'trend']);
    expect(v[5]).toBe('improvement');
    // Point 8 (value 4) is flagged by the rising trend alone: a concern.
    expect(c.points[7]!.rules).toEqual(['trend']);
    expect(v[7]).toBe('concern');
  });

  it('colours a point flagged only by a trend by the trend\'s direction', () => {
    // 9 8 7 6 5 4 3 6 4 6 4 6: mean 68/12 = 5.667; the first 7 fall 6 times (a trend). Sides + + + + − − − + − + − +:
    // no run of 7. MRs 1 1 1 1 1 1 3 2 2 2 2 → 17/11: limits 5.667 ± 4.11 (1.56 to 9.78), 2σ lines 2.93 and 8.41:
    // only 9 is beyond a 2σ line. So the 6 in week 4 sits above the mean yet is part of a falling trend: an improvement.
    const c = chart([9, 8, 7, 6, 5, 4, 3, 6, 4, 6, 4, 6]);
    expect(c.points.slice(0, 7).every((p) => p.rules.length === 1 && p.rules[0] === 'trend')).toBe(true);
    expect(c.points.slice(0, 7).map((p) => p.variation)).toEqual(Array(7).fill('improvement'));
    expect(c.points.slice(7).map((p) => p.variation)).toEqual(Array(5).fill('common'));
  });

  it('finds the Monday of a date', () => {
    expect(mondayOf('2025-02-12')).toBe('2025-02-10');
    expect(mondayOf('2025-02-10')).toBe('2025-02-10');
    expect(mondayOf('2025-02-16')).toBe('2025-02-10');
    expect(mondayOf('2025-02-30')).toBeNull();
  });
});

describe('over time on the sample service', () => {
  it('charts the year in full weeks with every incident in exposure in a charted or dropped week', async () => {
    const db = await sampleServiceDb();
    const r = await overTimeAnalysis(modelOf(db), NO_FILTERS);
    const [{ n }] = (await db.query<{ n: number }>('SELECT sum(incidents)::DOUBLE AS n FROM person_periods')) as [{ n: number }];
    await db.close();
    const total = [...r.weeks, ...r.droppedWeeks].reduce((t, w) => t + w.incidents, 0);
    expect(total).toBe(n);
    expect(r.weeks.every((w) => w.days === 7)).toBe(true);
    // 2025 runs Wed 1 Jan to Wed 31 Dec: the part weeks at each end are dropped, 51 full weeks remain.
    expect(r.weeks).toHaveLength(51);
    for (const c of Object.values(r.charts)) {
      expect(c.points.length).toBeLessThanOrEqual(51);
      for (const p of c.points) expect(p.upper).not.toBeNull();
    }
    expect(r.events.length).toBeGreaterThan(0);
  });
});
