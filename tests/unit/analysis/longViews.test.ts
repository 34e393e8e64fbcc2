/**
 * Long views are drawn by month (analysis/grain.ts): a person's story over three years comes as
 * 36 monthly points whose totals equal those of the same dates by week, and a span of two years
 * or less stays weekly. The fixture is built in code so every total is known:
 *   one 24-hour rota line a day on Oak from 07:00, 3 Jan 2022 to 29 Dec 2024 (1092 days, each
 *   day's Early, Late and Night: 3 person-periods a day for P1, 3276 in all);
 *   an incident every 5th day at 10:00 (Early period of that date): days 0, 5, …, 1090 → 219;
 *   every 50th day's incident (day 0, 50, …, 1050: 22) has a physical restraint;
 *   a plan row every day, delivered except on every 3rd day (364 not delivered, "not enough staff");
 *   and plan rows on 1–2 Jan 2022 and 30–31 Dec 2024, outside the rota (a plan export that runs
 *   longer than the rota's): outside the dates shown, so counted in no month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { bucketLabel, MONTHLY_AFTER_DAYS, MONTHLY_REASON } from '../../../src/analysis/grain';
import { personStoryAnalysis, storySentences, type PersonStory } from '../../../src/analysis/personStory';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { buildExposure, modelOf } from '../helpers/model';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const FIRST = Date.parse('2022-01-03T00:00:00Z');
const DAYS = 1092;

function fixture() {
  let shifts = 'shift_id,staff_id,unit,start,end,role,contract,status\n';
  let incidents = 'incident_id,person_id,occurred_at,unit,severity\n';
  let interventions = 'incident_id,type,started_at\n';
  let plan = 'person_id,date,strategy,delivered,reason_not_delivered\n';
  for (let i = 0; i < DAYS; i++) {
    const d = iso(FIRST + i * DAY);
    shifts += `R${i},S1,Oak,${d} 07:00,${iso(FIRST + (i + 1) * DAY)} 07:00,SW,permanent,worked\n`;
    if (i % 5 === 0) incidents += `I${i},P1,${d} 10:00,Oak,2\n`;
    if (i % 50 === 0) interventions += `I${i},09,${d} 10:05\n`;
    plan += i % 3 === 0 ? `P1,${d},Walk,no,not enough staff\n` : `P1,${d},Walk,yes,\n`;
  }
  for (const d of ['2022-01-01', '2022-01-02', '2024-12-30', '2024-12-31']) plan += `P1,${d},Walk,yes,\n`;
  return {
    people: 'person_id,unit,admitted\nP1,Oak,2022-01-03\n',
    requirements: 'unit,shift,required\nOak,Early,1\nOak,Late,1\nOak,Night,1\n',
    shifts,
    incidents,
    interventions,
    planDelivery: plan,
  };
}

const story = async (db: Connector, f: Partial<Filters>) => {
  const r = await personStoryAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P1', ...f }, DEFAULT_SETTINGS);
  if (r.kind !== 'story') throw new Error('expected a story');
  return r;
};
const sums = (s: PersonStory) => ({
  personPeriods: s.weeks.reduce((t, w) => t + w.personPeriods, 0),
  incidents: s.weeks.reduce((t, w) => t + w.incidents, 0),
  severity2: s.weeks.reduce((t, w) => t + w.severity2, 0),
  physical: s.weeks.reduce((t, w) => t + w.physical, 0),
  planned: s.weeks.reduce((t, w) => t + w.planned, 0),
  delivered: s.weeks.reduce((t, w) => t + w.delivered, 0),
  notDeliveredStaffing: s.weeks.reduce((t, w) => t + w.notDeliveredStaffing, 0),
});

describe("a person's story over three years", () => {
  let db: Connector;
  beforeAll(async () => {
    db = await freshDb();
    await loadFixture(db, fixture());
    await buildExposure(db, DEFAULT_SETTINGS);
  });
  afterAll(() => db.close());

  it('is drawn by month: 36 points, the same totals as by week, and says so', async () => {
    const s = await story(db, {});
    expect(s.grain).toBe('month');
    expect(s.weeks.length).toBeLessThanOrEqual(40);
    expect(s.weeks.map((w) => w.week).slice(0, 3)).toEqual(['2022-01-01', '2022-02-01', '2022-03-01']);
    expect(s.weeks).toHaveLength(36);
    // Totals worked out from the fixture (header comment).
    const expected = { personPeriods: 3 * DAYS, incidents: 219, severity2: 219, physical: 22, planned: DAYS, delivered: DAYS - 364, notDeliveredStaffing: 364 };
    expect(sums(s)).toEqual(expected);
    // The same dates by week, in three spans of a year each (each two years or less, so weekly).
    const years = await Promise.all([
      story(db, { to: '2022-12-31' }),
      story(db, { from: '2023-01-01', to: '2023-12-31' }),
      story(db, { from: '2024-01-01' }),
    ]);
    for (const y of years) expect(y.grain).toBe('week');
    const weekly = years.map(sums).reduce((a, b) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof typeof b]])) as typeof a);
    expect(weekly).toEqual(expected);
    // January 2022: 3–31 Jan, 29 days → 87 person-periods; incidents on days 0, 5, …, 25 → 6.
    expect([s.weeks[0]!.days, s.weeks[0]!.personPeriods, s.weeks[0]!.incidents]).toEqual([29, 87, 6]);
    expect(s.sentences.incidents).toContain(MONTHLY_REASON);
    expect(s.sentences.incidents).toContain('From 3 Jan 2022 to 29 Dec 2024');
    expect(s.sentences.incidents).toContain('a month on average');
  });

  it('says the dates shown, so the months they cut are labelled part months as on the other pages', async () => {
    // The rota runs 3 Jan 2022 (day 0) to 29 Dec 2024 (day 1091; its Night period is dated the 29th).
    const s = await story(db, {});
    expect(s.span).toEqual({ first: '2022-01-03', last: '2024-12-29' });
    const labels = s.weeks.map((w) => bucketLabel(s.grain, w.week, s.span));
    expect(labels[0]).toBe('January 2022 (from 3 Jan)');
    expect(labels[1]).toBe('February 2022');
    expect(labels[35]).toBe('December 2024 (to 29 Dec)');
    const from15 = await story(db, { from: '2022-01-15' });
    expect(from15.grain).toBe('month');
    expect(bucketLabel(from15.grain, from15.weeks[0]!.week, from15.span)).toBe('January 2022 (from 15 Jan)');
  });

  it("counts a part month's plan rows inside the dates shown only, as its label says", async () => {
    const s = await story(db, {});
    // One plan row a day: 3–31 Jan 2022 is 29 days, 1–29 Dec 2024 is 29 days (not 1–2 Jan or 30–31 Dec).
    expect([s.weeks[0]!.planned, s.weeks[35]!.planned]).toEqual([29, 29]);
    const from15 = await story(db, { from: '2022-01-15' });
    expect(from15.weeks[0]!.planned).toBe(17);
  });

  it("names a part month in the story's sentences as the table does, and the first and last days shown", async () => {
    const s = await story(db, { from: '2022-01-15' });
    expect(s.sentences.incidents).toContain('From 15 Jan 2022 to 29 Dec 2024');
    // January the most short-staffed month (the fixture has no shortfall: planted here).
    const weeks = s.weeks.map((w, i) => ({ ...w, meanShortfall: i === 0 ? 2 : 0.5 }));
    const said = storySentences(s.person.label, s.grain, s.span, weeks, s.totals, s.interventions, s.events);
    expect(said.staffing).toContain('the most short-staffed month was January 2022 (from 15 Jan), 2.00 short on average');
  });

  it('stays weekly up to two years and switches just past', async () => {
    // 3 Jan 2022 + 730 days = 3 Jan 2024: 731 days counted, not more than MONTHLY_AFTER_DAYS.
    expect(MONTHLY_AFTER_DAYS).toBe(731);
    const two = await story(db, { to: '2024-01-03' });
    expect(two.grain).toBe('week');
    expect(two.sentences.incidents).not.toContain(MONTHLY_REASON);
    const past = await story(db, { to: '2024-01-04' });
    expect(past.grain).toBe('month');
  });
});
