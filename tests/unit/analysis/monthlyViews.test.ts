/**
 * The whole-service timelines past two years are drawn by calendar month (analysis/grain.ts):
 * Commissioned hours and Plan delivery, and the evidence pack's figures of them. What a person
 * expects of a month, written down before the code (grain.ts header), checked here on a fixture
 * built in code so every number is known:
 *   P1 on Oak, admitted Mon 3 Jan 2022, commissioned 1:1 all day (24 commissioned hours a day);
 *   one 24-hour rota line a day from 07:00, 3 Jan 2022 to 29 Dec 2024 (days 0 … 1091), carrying
 *   P1's id except on every 4th day (day % 4 = 0): day d's hours 07–24 come from line d, its
 *   hours 00–07 from line d − 1 (none for day 0), so day d is short 17 hours when d % 4 = 0 and 7
 *   more when d = 0 or (d − 1) % 4 = 0; every hour is 1:1, so staff-hours short = short hours;
 *   an incident every 5th day at 10:00 (in a short hour when d % 4 = 0), every 10th day's (d % 10
 *   = 0) with PRN given; Early, Late and Night each day: 3 person-periods a day;
 *   a plan row every day, delivered except on every 3rd day (d % 3 = 0).
 * January 2022 by hand (days 0–28, 3–31 Jan, 29 days): commissioned 29 × 24 = 696 hours; short
 * 17 × 8 (d = 0, 4, …, 28) + 7 × 7 (d = 1, 5, …, 25) + 7 (d = 0) = 192, full 504; incidents on
 * d = 0, 5, …, 25, short on d = 0 and 20: 2 short, 4 full. Plan: 29 planned, 10 not delivered
 * (d = 0, 3, …, 27), 19 delivered: share 19 / 29 = 0.655 — not the mean of its weeks' shares
 * (4/7, 5/7, 5/7, 4/7 and 1/1 for the part week of 31 Jan: 5/7 = 0.714). PRN: 3 (d = 0, 10, 20)
 * in 87 person-periods, 3.45 per 100.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { commissionedAnalysis, type CommissionedResult } from '../../../src/analysis/commissioned';
import { bucketLabel, GRAIN_METHOD, MONTHLY_AFTER_DAYS, MONTHLY_REASON } from '../../../src/analysis/grain';
import { planDeliveryAnalysis, type PlanDeliveryResult } from '../../../src/analysis/planDelivery';
import { restrictivePracticeAnalysis } from '../../../src/analysis/restrictivePractice';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { createEngine, type Engine } from '../../../src/engine';
import type { FileKind } from '../../../src/ingest/canonical';
import { buildEvidenceReport } from '../../../src/report/evidencePack';
import { loadEvidencePack } from '../../../src/report/pack';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { enc, freshDb } from '../helpers/db';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const FIRST = Date.parse('2022-01-03T00:00:00Z');
const DAYS = 1092;
const dateOf = (d: number) => iso(FIRST + d * DAY);

const FILES: [FileKind, string][] = (() => {
  let shifts = 'shift_id,staff_id,unit,start,end,role,contract,status,person_id\n';
  let incidents = 'incident_id,person_id,occurred_at,unit,severity\n';
  let plan = 'person_id,date,strategy,delivered,reason_not_delivered\n';
  let interventions = 'incident_id,type,started_at\n';
  for (let d = 0; d < DAYS; d++) {
    shifts += `R${d},S1,Oak,${dateOf(d)} 07:00,${dateOf(d + 1)} 07:00,SW,permanent,worked,${d % 4 === 0 ? '' : 'P1'}\n`;
    if (d % 5 === 0) incidents += `I${d},P1,${dateOf(d)} 10:00,Oak,2\n`;
    if (d % 10 === 0) interventions += `I${d},PRN,${dateOf(d)} 10:05\n`;
    plan += d % 3 === 0 ? `P1,${dateOf(d)},Walk,no,not enough staff\n` : `P1,${dateOf(d)},Walk,yes,\n`;
  }
  return [
    ['people', 'person_id,unit,admitted,commissioned_ratio,commissioned_from,commissioned_to\nP1,Oak,2022-01-03,1:1,,\n'],
    ['requirements', 'unit,shift,required\nOak,Early,1\nOak,Late,1\nOak,Night,1\n'],
    ['shifts', shifts],
    ['incidents', incidents],
    ['planDelivery', plan],
    ['interventions', interventions],
  ];
})();

/** The fixture's definition day by day (header), summed by calendar month over the days from `from` to `to`. */
function expectedMonths(from = dateOf(0), to = dateOf(DAYS - 1)) {
  const months = new Map<string, { hours: number; short: number; incShort: number; incFull: number; planned: number; delivered: number; prn: number; periods: number }>();
  for (let d = 0; d < DAYS; d++) {
    const date = dateOf(d);
    if (date < from || date > to) continue;
    const m = months.get(`${date.slice(0, 7)}-01`) ?? { hours: 0, short: 0, incShort: 0, incFull: 0, planned: 0, delivered: 0, prn: 0, periods: 0 };
    m.hours += 24;
    m.short += (d % 4 === 0 ? 17 : 0) + (d === 0 || (d - 1) % 4 === 0 ? 7 : 0);
    if (d % 5 === 0) m[d % 4 === 0 ? 'incShort' : 'incFull']++;
    m.planned++;
    if (d % 3 !== 0) m.delivered++;
    if (d % 10 === 0) m.prn++;
    m.periods += 3;
    months.set(`${date.slice(0, 7)}-01`, m);
  }
  return months;
}

let db: Connector;
let engine: Engine;
const commissioned = (f: Partial<Filters> = {}): Promise<CommissionedResult> => commissionedAnalysis(engine.model, { ...NO_FILTERS, ...f }, DEFAULT_SETTINGS);
const plan = (f: Partial<Filters> = {}): Promise<PlanDeliveryResult> => planDeliveryAnalysis(engine.model, { ...NO_FILTERS, ...f }, DEFAULT_SETTINGS);
const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((t, x) => t + f(x), 0);

beforeAll(async () => {
  db = await freshDb();
  engine = createEngine(db, { pseudonymKey: 'test-key' });
  for (const [kind, text] of FILES) await engine.importFile(`${kind}.csv`, enc(text), kind);
  await engine.rebuild();
}, 120_000);
afterAll(() => db?.close());

describe('Commissioned hours over three years', () => {
  it('is summed by calendar month: January 2022 as worked by hand, every month as the definition gives, the same totals as by week', async () => {
    const r = await commissioned();
    expect(r.grain).toBe('month');
    expect(r.span).toEqual({ first: '2022-01-03', last: '2024-12-29' });
    expect(r.weekly).toHaveLength(36);
    const jan = r.weekly[0]!;
    expect([jan.week, jan.commissionedHours, jan.shortHours, jan.fullHours, jan.staffHoursShort]).toEqual(['2022-01-01', 696, 192, 504, 192]);
    expect([jan.commissionedStaffHours, jan.deliveredStaffHours]).toEqual([696, 504]);
    const want = expectedMonths();
    expect(r.weekly.map((m) => [m.week, m.commissionedHours, m.shortHours])).toEqual([...want].map(([k, m]) => [k, m.hours, m.short]));
    // Months add up to the totals, and to the same dates by week (three spans of a year: each weekly).
    expect(r.totals.commissionedHours).toBe(DAYS * 24);
    expect(sum(r.weekly, (m) => m.shortHours)).toBe(r.totals.shortHours);
    const years = await Promise.all([commissioned({ to: '2022-12-31' }), commissioned({ from: '2023-01-01', to: '2023-12-31' }), commissioned({ from: '2024-01-01' })]);
    for (const y of years) expect(y.grain).toBe('week');
    expect(sum(years, (y) => sum(y.weekly, (w) => w.shortHours))).toBe(r.totals.shortHours);
    expect(sum(years, (y) => sum(y.weekly, (w) => w.deliveredStaffHours))).toBe(sum(r.weekly, (m) => m.deliveredStaffHours));
    // Incidents in short and full hours are the totals' (not bucketed), as worked out from the header.
    const all = [...want.values()];
    expect([r.incidents.shortHours.incidents, r.incidents.fullHours.incidents]).toEqual([sum(all, (m) => m.incShort), sum(all, (m) => m.incFull)]);
    expect(r.sentences.timeline).toBe(`${r.sentences.weekly} ${MONTHLY_REASON}`);
    expect(r.sentences.weekly).not.toContain(MONTHLY_REASON);
  });

  it('cuts the part months at the ends of a date range to the days inside it, and labels them', async () => {
    // 15 Jan 2022 (a Saturday: its week from the days) to 10 Mar 2024 (a Sunday): 786 days.
    const r = await commissioned({ from: '2022-01-15', to: '2024-03-10' });
    expect(r.grain).toBe('month');
    expect(r.span).toEqual({ first: '2022-01-15', last: '2024-03-10' });
    // January 2022, days 12–28 by hand: 17 × 24 = 408 hours; short 17 × 5 (d = 12, 16, 20, 24, 28) + 7 × 4 (d = 13, 17, 21, 25) = 113.
    expect([r.weekly[0]!.week, r.weekly[0]!.commissionedHours, r.weekly[0]!.shortHours]).toEqual(['2022-01-01', 408, 113]);
    const want = expectedMonths('2022-01-15', '2024-03-10');
    expect(r.weekly.map((m) => [m.week, m.commissionedHours, m.shortHours])).toEqual([...want].map(([k, m]) => [k, m.hours, m.short]));
    expect(r.weekly.at(-1)!.commissionedHours).toBe(10 * 24);
    expect(bucketLabel('month', r.weekly[0]!.week, r.span)).toBe('January 2022 (from 15 Jan)');
    expect(bucketLabel('month', r.weekly[1]!.week, r.span)).toBe('February 2022');
    expect(bucketLabel('month', r.weekly.at(-1)!.week, r.span)).toBe('March 2024 (to 10 Mar)');
    expect(bucketLabel('month', '2024-03-01', { first: '2024-03-05', last: '2024-03-10' })).toBe('March 2024 (5 to 10 Mar)');
  });

  it('stays weekly up to two years and switches just past', async () => {
    // 3 Jan 2022 to 3 Jan 2024 is 731 days counted (not more than MONTHLY_AFTER_DAYS); to 4 Jan, 732.
    expect(MONTHLY_AFTER_DAYS).toBe(731);
    const two = await commissioned({ to: '2024-01-03' });
    expect(two.grain).toBe('week');
    expect(two.weekly[0]!.week).toBe('2022-01-03');
    expect(two.sentences.timeline).not.toContain(MONTHLY_REASON);
    const past = await commissioned({ to: '2024-01-04' });
    expect(past.grain).toBe('month');
    // Its last month is 1–4 Jan 2024: 4 days.
    expect(past.weekly.at(-1)).toMatchObject({ week: '2024-01-01', commissionedHours: 4 * 24 });
    // A person's own selection decides it too.
    expect((await commissioned({ personId: 'P1' })).grain).toBe('month');
  });
});

describe('Plan delivery over three years', () => {
  it('is summed by calendar month, the share of each month the ratio of its sums', async () => {
    const r = await plan();
    expect(r.grain).toBe('month');
    expect(r.weekly).toHaveLength(36);
    expect(r.weekly[0]).toEqual({ week: '2022-01-01', planned: 29, delivered: 19, share: 19 / 29 });
    const want = expectedMonths();
    expect(r.weekly.map((m) => [m.week, m.planned, m.delivered, m.share])).toEqual([...want].map(([k, m]) => [k, m.planned, m.delivered, m.delivered / m.planned]));
    expect(sum(r.weekly, (m) => m.planned)).toBe(r.totals.planned);
    expect(r.sentences.weekly).toMatch(/over 36 months; the lowest month was /);
    expect(r.sentences.timeline).toBe(`${r.sentences.weekly} ${MONTHLY_REASON}`);
    // The same by person (their person-days rather than the unit's days).
    const p = await plan({ personId: 'P1' });
    expect(p.grain).toBe('month');
    expect(p.weekly.map((m) => [m.week, m.planned, m.delivered])).toEqual(r.weekly.map((m) => [m.week, m.planned, m.delivered]));
  });

  it('cuts the part months and switches exactly past two years', async () => {
    const part = await plan({ from: '2022-01-15', to: '2024-03-10' });
    expect(part.grain).toBe('month');
    // 15–31 Jan 2022, days 12–28: 17 planned, 6 not delivered (d = 12, 15, …, 27): 11 delivered.
    expect(part.weekly[0]).toEqual({ week: '2022-01-01', planned: 17, delivered: 11, share: 11 / 17 });
    expect(part.weekly.at(-1)).toMatchObject({ week: '2024-03-01', planned: 10 });
    expect(part.span).toEqual({ first: '2022-01-15', last: '2024-03-10' });
    expect((await plan({ to: '2024-01-03' })).grain).toBe('week');
    expect((await plan({ to: '2024-01-04' })).grain).toBe('month');
  });
});

describe('PRN use over three years', () => {
  it('is summed by calendar month the same way from the unit sums, the dated periods and a person, the rate of the sums', async () => {
    const want = [...expectedMonths()];
    const views = await Promise.all(
      [{}, { from: '2022-01-01', to: '2024-12-31' }, { personId: 'P1' }].map((f) => restrictivePracticeAnalysis(engine.model, { ...NO_FILTERS, ...f }, DEFAULT_SETTINGS)),
    );
    for (const r of views) {
      expect(r.prnGrain).toBe('month');
      expect(r.prnSpan).toEqual({ first: '2022-01-03', last: '2024-12-29' });
      expect(r.prnWeekly.map((m) => [m.week, m.prn, m.personPeriods])).toEqual(want.map(([k, m]) => [k, m.prn, m.periods]));
      // January 2022 by hand (header): 3 in 87 person-periods.
      expect(r.prnWeekly[0]!.per100PersonPeriods.rate).toBeCloseTo((100 * 3) / 87, 12);
      expect(r.sentences.prn).toContain('over 36 months');
      expect(r.sentences.prn).toContain(MONTHLY_REASON);
    }
    const two = await restrictivePracticeAnalysis(engine.model, { ...NO_FILTERS, to: '2024-01-03' }, DEFAULT_SETTINGS);
    expect(two.prnGrain).toBe('week');
    expect(two.sentences.prn).not.toContain(MONTHLY_REASON);
    expect((await restrictivePracticeAnalysis(engine.model, { ...NO_FILTERS, to: '2024-01-04' }, DEFAULT_SETTINGS)).prnGrain).toBe('month');
  });
});

describe('the evidence pack over three years', () => {
  it('draws and tables the commissioned hours and plan delivery by month, and says so', async () => {
    const d = await loadEvidencePack(engine, { ...NO_FILTERS, personId: 'P1' }, new Date(2026, 0, 2, 9, 5));
    expect(d.failures).toEqual([]);
    const report = buildEvidenceReport(d, { suppress: false, showRealName: false });
    const c = report.figures.find((f) => f.id === 'commissioned')!;
    expect(c.title).toBe('Commissioned 1:1 hours without the commissioned staff, by month');
    expect(c.sentence).toContain(MONTHLY_REASON);
    expect(c.table.columns[0]!.label).toBe('Month');
    expect(c.table.rows).toHaveLength(36);
    expect(c.table.rows[0]).toMatchObject({ week: 'January 2022 (from 3 Jan)', hours: '696', short: '192' });
    const p = report.figures.find((f) => f.id === 'plan')!;
    expect(p.title).toBe('Proactive strategies delivered, by month');
    expect(p.sentence).toContain('over 36 months');
    expect(p.sentence).toContain(MONTHLY_REASON);
    expect(p.table.columns[0]!.label).toBe('Month');
    expect(p.table.rows[0]).toMatchObject({ week: 'January 2022 (from 3 Jan)', planned: '29', delivered: '19' });
    // The rule itself among the pack's definitions (the same text as the Methods page).
    expect(report.definitions.find((n) => n.id === 'def-grain')!.text).toBe(GRAIN_METHOD);
  });

  it('labels the months the dates shown cut as part months, as the Methods text says (reviewer: the pack showed a two-day month as a whole one)', async () => {
    const d = await loadEvidencePack(engine, { ...NO_FILTERS, personId: 'P1', from: '2022-01-15', to: '2024-03-02' }, new Date(2026, 0, 2, 9, 5));
    const report = buildEvidenceReport(d, { suppress: false, showRealName: false });
    for (const id of ['commissioned', 'plan']) {
      const rows = report.figures.find((f) => f.id === id)!.table.rows;
      expect(rows[0]!.week, id).toBe('January 2022 (from 15 Jan)');
      expect(rows[1]!.week, id).toBe('February 2022');
      expect(rows.at(-1)!.week, id).toBe('March 2024 (to 2 Mar)');
    }
  });
});
