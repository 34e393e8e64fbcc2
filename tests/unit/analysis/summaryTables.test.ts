/**
 * The pages now sum small summary tables (model/personDays.ts, unitDays.ts, personWeeks.ts,
 * exposureIncidents.ts, periodPeople.ts, planReasons.ts, staffingPeriods.ts, modelCells.ts,
 * commissionedWeeks.ts, …) instead of joining person-periods to incidents and plan rows on every
 * filter change. The second method here is the row-level SQL the
 * analyses ran before, kept verbatim (with the filters as they were written then), run on the
 * sample service under filters that cut weeks at both ends, fall inside one week, choose a unit, a
 * person, a person on another unit, and nothing. Every number must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, SqlParam } from '../../../src/db/connector';
import { planDeliveryAnalysis } from '../../../src/analysis/planDelivery';
import { MAX_POINTS, overTimeAnalysis } from '../../../src/analysis/overTime';
import { whenAnalysis } from '../../../src/analysis/when';
import { personStoryAnalysis, type PersonStory } from '../../../src/analysis/personStory';
import { fitStaffingModel, staffingAnalysis, type ModelCell } from '../../../src/analysis/staffing';
import { whatIfAnalysis, whatIfFromCells } from '../../../src/analysis/whatIf';
import { commissionedAnalysis } from '../../../src/analysis/commissioned';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { literal } from '../../../src/db/sql';
import { ALL_INTERVENTION_TYPES } from '../../../src/ingest/mhsds';
import { sampleServiceDb } from '../helpers/sampleService';
import { modelOf } from '../helpers/model';

const FILTERS: Filters[] = [
  NO_FILTERS,
  { ...NO_FILTERS, unit: 'Oak' },
  { ...NO_FILTERS, personId: 'P004' },
  { ...NO_FILTERS, unit: 'Willow', personId: 'P008', from: '2025-06-04' },
  { ...NO_FILTERS, from: '2025-03-05', to: '2025-08-20' },
  { ...NO_FILTERS, unit: 'Willow', to: '2025-04-13' },
  { ...NO_FILTERS, from: '2025-02-03', to: '2025-02-09' },
  { ...NO_FILTERS, from: '2025-02-04', to: '2025-02-08' },
  { ...NO_FILTERS, unit: 'Oak', personId: 'P005' },
  { ...NO_FILTERS, personId: 'P004', from: '2025-03-05', to: '2025-08-20' },
];
const label = (f: Filters) => JSON.stringify(Object.fromEntries(Object.entries(f).filter(([, v]) => v)));

/** The filters as they were written when the analyses read person_periods directly. */
function exposureWhere(f: Filters, alias = 'pp'): { sql: string; params: SqlParam[] } {
  const parts = ['TRUE'];
  const params: SqlParam[] = [];
  if (f.from) (parts.push(`${alias}.date >= ?::DATE`), params.push(f.from));
  if (f.to) (parts.push(`${alias}.date <= ?::DATE`), params.push(f.to));
  if (f.unit) (parts.push(`${alias}.unit_idx = (SELECT unit_idx FROM units WHERE unit = ?)`), params.push(f.unit));
  if (f.personId) (parts.push(`${alias}.person_idx = (SELECT person_idx FROM person_spans WHERE person_id = ?)`), params.push(f.personId));
  return { sql: parts.join(' AND '), params };
}
function incidentWhere(f: Filters): { sql: string; params: SqlParam[] } {
  const parts = ['TRUE'];
  const params: SqlParam[] = [];
  if (f.from) (parts.push('i.occurred_at >= ?::DATE'), params.push(f.from));
  if (f.to) (parts.push('i.occurred_at < ?::DATE + 1'), params.push(f.to));
  if (f.unit) (parts.push('i.unit = ?'), params.push(f.unit));
  if (f.personId) (parts.push('i.person_id = ?'), params.push(f.personId));
  return { sql: parts.join(' AND '), params };
}

const close = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
};

// ---- Plan delivery, as it was -------------------------------------------------------------

const PLAN = (where: string) => `
pd AS (
  SELECT * FROM (
    SELECT ps.person_idx, ps.unit_idx, ps.person_id, ps.label, p.date, p.delivered,
           nullif(trim(p.reason_not_delivered), '') AS reason,
           NOT p.delivered AND coalesce(lower(p.reason_not_delivered) LIKE '%staff%', false) AS staffing
    FROM r_plan_delivery p JOIN person_spans ps USING (person_id)) pd
  WHERE ${where})`;
const PLAN_TOTALS = (where: string) => `
WITH ${PLAN(where)}
SELECT count(*)::DOUBLE AS planned, count(*) FILTER (WHERE delivered)::DOUBLE AS delivered,
       count(*) FILTER (WHERE staffing)::DOUBLE AS staffing, count(DISTINCT person_idx)::DOUBLE AS people
FROM pd`;
const PLAN_WEEKLY = (where: string) => `
WITH ${PLAN(where)}
SELECT grouping(person_id)::INTEGER AS all_people, person_id, any_value(label) AS label,
       strftime(date_trunc('week', date), '%Y-%m-%d') AS week,
       count(*)::DOUBLE AS planned, count(*) FILTER (WHERE delivered)::DOUBLE AS delivered
FROM pd GROUP BY GROUPING SETS ((week), (week, person_id))
ORDER BY week, person_id`;
const PLAN_REASONS = (where: string) => `
WITH ${PLAN(where)}
SELECT min(reason) AS reason, count(*)::DOUBLE AS count, bool_or(staffing) AS staffing
FROM pd WHERE NOT delivered
GROUP BY lower(regexp_replace(reason, '\\s+', ' ', 'g'))
ORDER BY count DESC, reason NULLS LAST`;
const UNIT_DAYS = `
unit_days AS (
  SELECT p.unit_idx, p.date,
         CASE WHEN count(*) FILTER (WHERE b.shortfall_band IN ('one', 'twoPlus')) > 0 THEN 'short'
              WHEN count(*) FILTER (WHERE b.shortfall_band IS NULL) = 0 THEN 'full' END AS day_staffing
  FROM periods p JOIN period_bands b USING (period_id) GROUP BY ALL)`;
const PLAN_BY_DAY_STAFFING = (where: string) => `
WITH ${PLAN(where)}, ${UNIT_DAYS}
SELECT coalesce(u.day_staffing, 'unknown') AS day_staffing,
       count(DISTINCT (pd.person_idx, pd.date))::DOUBLE AS person_days, count(*)::DOUBLE AS planned,
       count(*) FILTER (WHERE NOT delivered)::DOUBLE AS not_delivered,
       count(*) FILTER (WHERE staffing)::DOUBLE AS staffing
FROM pd LEFT JOIN unit_days u ON u.unit_idx = pd.unit_idx AND u.date = pd.date
GROUP BY 1`;
const PLAN_BY_DELIVERY = (planWhere: string, exposure: string) => `
WITH ${PLAN(planWhere)},
days AS (SELECT person_idx, date, count(*) FILTER (WHERE delivered)::DOUBLE / count(*) AS share FROM pd GROUP BY ALL),
exposure_days AS (SELECT person_idx, date, sum(incidents)::DOUBLE AS incidents FROM person_periods pp WHERE ${exposure} GROUP BY ALL)
SELECT CASE WHEN d.share IS NULL THEN 'none' WHEN d.share < ? THEN 'low' ELSE 'high' END AS delivery,
       count(*)::DOUBLE AS person_days, sum(e.incidents)::DOUBLE AS incidents
FROM exposure_days e LEFT JOIN days d USING (person_idx, date)
GROUP BY 1`;

// ---- Over time, as it was -----------------------------------------------------------------

const OVER_TIME_WEEKLY = (where: string) => `
WITH pp AS (SELECT * FROM person_periods pp WHERE ${where}),
weeks AS (
  SELECT date_trunc('week', date)::DATE AS week, count(DISTINCT date)::INTEGER AS days,
         count(*)::DOUBLE AS person_periods, sum(incidents)::DOUBLE AS incidents
  FROM pp GROUP BY 1),
shortfall AS (
  SELECT date_trunc('week', p.date)::DATE AS week, avg(s.shortfall)::DOUBLE AS mean_shortfall,
         count(s.shortfall)::INTEGER AS periods_with_shortfall
  FROM (SELECT DISTINCT period_id FROM pp) d JOIN periods p USING (period_id) JOIN period_staffing s USING (period_id)
  GROUP BY 1),
restrictive AS (
  SELECT date_trunc('week', pp.date)::DATE AS week, count(*)::DOUBLE AS restrictive
  FROM incident_periods ip JOIN pp USING (person_idx, period_id) JOIN restrictive_interventions r USING (incident_id)
  WHERE ip.outside_reason IS NULL GROUP BY 1)
SELECT strftime(week, '%Y-%m-%d') AS week, days, person_periods, incidents,
       coalesce(restrictive, 0)::DOUBLE AS restrictive, mean_shortfall, coalesce(periods_with_shortfall, 0) AS periods_with_shortfall
FROM weeks LEFT JOIN shortfall USING (week) LEFT JOIN restrictive USING (week)
ORDER BY week`;
const EVENT_DATES = (where: string, restrictiveOnly: boolean) => `
SELECT strftime(i.occurred_at::DATE, '%Y-%m-%d') AS d
FROM incident_periods ip JOIN r_incidents i USING (incident_id) JOIN person_periods pp USING (person_idx, period_id)
WHERE ip.outside_reason IS NULL AND ${where} ${restrictiveOnly ? 'AND ip.has_restrictive_intervention' : ''}
ORDER BY 1`;
const LAST_EXPOSURE_DATE = (where: string) => `SELECT strftime(max(date), '%Y-%m-%d') AS d FROM person_periods pp WHERE ${where}`;

// ---- When, as it was ----------------------------------------------------------------------

const EXPOSURE_BY_SLOT = (where: string) => `
WITH groups AS (
  SELECT pp.unit_idx, pp.shift_index, pp.weekday, count(*)::DOUBLE AS people,
         count(s.shortfall)::DOUBLE AS n_shortfall, coalesce(sum(s.shortfall), 0)::DOUBLE AS x_shortfall,
         count(s.agency_share)::DOUBLE AS n_agency, coalesce(sum(s.agency_share), 0)::DOUBLE AS x_agency
  FROM person_periods pp JOIN period_staffing s USING (period_id)
  WHERE ${where} GROUP BY ALL),
hours AS (
  SELECT u.unit_idx, sp.shift_index, sp.start_minute, sp.minutes,
         unnest(generate_series(sp.start_minute // 60, (sp.start_minute + sp.minutes - 1) // 60)) AS k
  FROM shift_pattern sp JOIN units u USING (unit)),
profile AS (
  SELECT unit_idx, shift_index, k,
         (least(60 * (k + 1), start_minute + minutes) - greatest(60 * k, start_minute)) / 60.0 AS hours
  FROM hours)
SELECT ((g.weekday - 1 + p.k // 24) % 7 + 1)::INTEGER AS weekday, (p.k % 24)::INTEGER AS hour,
       sum(g.people * p.hours)::DOUBLE AS person_hours,
       sum(g.n_shortfall * p.hours)::DOUBLE AS ph_shortfall,
       sum(g.x_shortfall * p.hours)::DOUBLE AS ph_x_shortfall,
       sum(g.n_agency * p.hours)::DOUBLE AS ph_agency,
       sum(g.x_agency * p.hours)::DOUBLE AS ph_x_agency
FROM groups g JOIN profile p USING (unit_idx, shift_index)
GROUP BY ALL`;
const INCIDENTS_BY_SLOT = (where: string) => `
SELECT isodow(i.occurred_at)::INTEGER AS weekday, hour(i.occurred_at)::INTEGER AS hour, count(*)::DOUBLE AS incidents
FROM incident_periods ip JOIN r_incidents i USING (incident_id) JOIN person_periods pp USING (person_idx, period_id)
WHERE ip.outside_reason IS NULL AND ${where}
GROUP BY ALL`;
const OUTSIDE_EXPOSURE = (where: string) => `
SELECT count(*)::DOUBLE AS n FROM incident_periods ip JOIN r_incidents i USING (incident_id)
WHERE ${where} AND ip.outside_reason IS NOT NULL`;

// ---- Person's story, as it was ------------------------------------------------------------

const GROUPS = ['physical', 'mechanical', 'seclusion', 'segregation', 'chemical', 'prn', 'other'] as const;
const GROUP_OF_TYPE = `(VALUES ${ALL_INTERVENTION_TYPES.map((t) => `(${literal(t.code)}, ${literal(t.group)})`).join(', ')}) AS g(code, grp)`;
const PEOPLE = (where: string) => `
SELECT ps.person_id AS "personId", ps.label, ps.unit,
       count(pp.period_id)::DOUBLE AS "personPeriods", coalesce(sum(pp.incidents), 0)::DOUBLE AS incidents
FROM person_spans ps LEFT JOIN person_periods pp ON pp.person_idx = ps.person_idx AND ${where}
GROUP BY ALL ORDER BY ps.label`;
const STORY_WEEKLY = (where: string, planWhere: string) => `
WITH pp AS (SELECT * FROM person_periods pp WHERE ${where}),
weeks AS (
  SELECT date_trunc('week', pp.date)::DATE AS week, count(DISTINCT pp.date)::INTEGER AS days,
         count(*)::DOUBLE AS person_periods, sum(pp.incidents)::DOUBLE AS incidents,
         sum(pp.incidents_with_ri)::DOUBLE AS incidents_with_ri,
         avg(s.shortfall)::DOUBLE AS mean_shortfall, avg(s.agency_share)::DOUBLE AS mean_agency_share
  FROM pp JOIN period_staffing s USING (period_id) GROUP BY 1),
severity AS (
  SELECT date_trunc('week', pp.date)::DATE AS week,
         ${[1, 2, 3, 4, 5].map((k) => `count(*) FILTER (WHERE i.severity = ${k})::DOUBLE AS s${k}`).join(', ')},
         count(*) FILTER (WHERE i.severity IS NULL OR i.severity NOT BETWEEN 1 AND 5)::DOUBLE AS s_unknown
  FROM incident_periods ip JOIN pp USING (person_idx, period_id) JOIN r_incidents i USING (incident_id)
  WHERE ip.outside_reason IS NULL GROUP BY 1),
restrictive AS (
  SELECT date_trunc('week', pp.date)::DATE AS week,
         ${GROUPS.map((g) => `count(*) FILTER (WHERE coalesce(g.grp, 'other') = '${g}')::DOUBLE AS r_${g}`).join(', ')}
  FROM incident_periods ip JOIN pp USING (person_idx, period_id) JOIN restrictive_interventions r USING (incident_id)
  LEFT JOIN ${GROUP_OF_TYPE} ON g.code = r.type
  WHERE ip.outside_reason IS NULL GROUP BY 1),
plan AS (
  SELECT date_trunc('week', d.date)::DATE AS week, count(*)::DOUBLE AS planned,
         count(*) FILTER (WHERE d.delivered)::DOUBLE AS delivered,
         count(*) FILTER (WHERE NOT d.delivered AND lower(d.reason_not_delivered) LIKE '%staff%')::DOUBLE AS not_delivered_staffing
  FROM r_plan_delivery d WHERE ${planWhere} GROUP BY 1)
SELECT strftime(week, '%Y-%m-%d') AS iso_week, * EXCLUDE (week)
FROM weeks LEFT JOIN severity USING (week) LEFT JOIN restrictive USING (week) LEFT JOIN plan USING (week)
ORDER BY week`;
const LAGGED = (where: string) => `
WITH lagged AS (
  SELECT p.period_id, lag(b.shortfall_band) OVER (PARTITION BY p.unit_idx ORDER BY p."start") AS previous_band
  FROM periods p JOIN period_bands b USING (period_id)),
pp AS (SELECT * FROM person_periods pp WHERE ${where})
SELECT 'same' AS timing, shortfall_band AS band, sum(incidents)::DOUBLE AS incidents, count(*)::DOUBLE AS person_periods
FROM pp GROUP BY ALL
UNION ALL
SELECT 'previous', l.previous_band, sum(pp.incidents)::DOUBLE, count(*)::DOUBLE
FROM pp JOIN lagged l USING (period_id) GROUP BY ALL`;

// ---- Staffing and what if, as they were ----------------------------------------------------

const STAFFING_CELLS_SELECT = `
SELECT person_idx, unit_idx, shortfall_band, agency_band, unfamiliar_band, shift_index, weekday,
       count(*)::INTEGER AS person_periods, sum(incidents)::INTEGER AS incidents,
       sum(incidents_with_ri)::INTEGER AS incidents_with_ri
FROM person_periods pp`;
function cellSource(f: Filters): { sql: string; params: SqlParam[] } {
  if (!f.from && !f.to) {
    const w = exposureWhere(f, 'sc');
    return { sql: `(SELECT * FROM staffing_cells sc WHERE ${w.sql})`, params: w.params };
  }
  const w = exposureWhere(f, 'pp');
  return { sql: `(${STAFFING_CELLS_SELECT} WHERE ${w.sql} GROUP BY ALL)`, params: w.params };
}
const RATES_BY_BAND = (cells: string) => `
SELECT CASE WHEN grouping(shortfall_band) = 0 THEN 'shortfall'
            WHEN grouping(agency_band) = 0 THEN 'agency' ELSE 'unfamiliar' END AS condition,
       coalesce(shortfall_band, agency_band, unfamiliar_band) AS band,
       sum(incidents)::DOUBLE AS incidents, sum(person_periods)::DOUBLE AS person_periods
FROM ${cells} c
GROUP BY GROUPING SETS ((shortfall_band), (agency_band), (unfamiliar_band))`;
const MODEL_CELLS = (cells: string) => `
SELECT person_idx, shortfall_band, agency_band, shift_index, weekday,
       sum(incidents)::DOUBLE AS y, sum(person_periods)::DOUBLE AS n
FROM ${cells} c
WHERE shortfall_band IS NOT NULL AND agency_band IS NOT NULL
GROUP BY ALL`;
const RESTRAINT_BY_SHORTFALL = (cells: string) => `
SELECT shortfall_band <> 'none' AS short, sum(incidents)::DOUBLE AS incidents,
       sum(incidents_with_ri)::DOUBLE AS with_ri
FROM ${cells} c WHERE shortfall_band IS NOT NULL
GROUP BY 1`;
const EXPOSURE_COUNTS = (cells: string) => `
SELECT coalesce(sum(person_periods), 0)::DOUBLE AS person_periods,
       coalesce(sum(incidents), 0)::DOUBLE AS incidents,
       coalesce(sum(person_periods) FILTER (WHERE shortfall_band IS NULL), 0)::DOUBLE AS pp_no_shortfall,
       coalesce(sum(incidents) FILTER (WHERE shortfall_band IS NULL), 0)::DOUBLE AS inc_no_shortfall,
       coalesce(sum(person_periods) FILTER (WHERE agency_band IS NULL AND shortfall_band IS NOT NULL), 0)::DOUBLE AS pp_no_agency
FROM ${cells} c`;
const PERIOD_COUNT = (where: string) => `SELECT count(*)::DOUBLE AS periods FROM exposed_periods ep WHERE ${where}`;
const LEFT_OUT = (where: string) => `
SELECT coalesce(sum(incidents), 0)::DOUBLE AS n FROM person_periods pp
WHERE ${where} AND (shortfall_band IS NULL OR agency_band IS NULL)`;

// ---- Commissioned hours, as they were ------------------------------------------------------

const COMMISSIONED_SUMS = (where: string) => `
SELECT grouping(person_idx)::INTEGER AS g_person, grouping(week)::INTEGER AS g_week, person_idx,
       strftime(week, '%Y-%m-%d') AS week,
       sum(hours)::DOUBLE AS hours, sum(short_hours)::DOUBLE AS short_hours,
       sum(staff_hours_short)::DOUBLE AS staff_hours_short, sum(commissioned_staff_hours)::DOUBLE AS commissioned_staff_hours,
       sum(delivered_staff_hours)::DOUBLE AS delivered_staff_hours,
       sum(incidents_short)::DOUBLE AS incidents_short, sum(incidents_full)::DOUBLE AS incidents_full
FROM commissioned_days cd WHERE ${where}
GROUP BY GROUPING SETS ((week), (person_idx), ())
ORDER BY week`;
const COMMISSIONED_PEOPLE = `
WITH allocated AS (SELECT person_id, count(*) AS n FROM r_shifts WHERE status = 'worked' AND person_id IS NOT NULL GROUP BY 1)
SELECT ps.person_idx, ps.person_id, ps.label, coalesce(a.n, 0)::DOUBLE AS allocated_shifts
FROM person_spans ps LEFT JOIN allocated a USING (person_id)
WHERE ps.commissioned_ratio IS NOT NULL ORDER BY ps.label`;
const WITHOUT_RATIO = (where: string) => `
SELECT count(DISTINCT pp.person_idx)::DOUBLE AS n FROM person_periods pp JOIN person_spans ps USING (person_idx)
WHERE ${where} AND ps.commissioned_ratio IS NULL`;

describe('summary tables give what the row-level SQL gave (sample service)', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await sampleServiceDb();
  });
  afterAll(async () => {
    await db.close();
  });
  const q = <T>(sql: string, params: SqlParam[]) => db.query<T>(sql, params);

  it.each(FILTERS.map((f) => [label(f), f] as const))('plan delivery %s', async (_, f) => {
    const r = await planDeliveryAnalysis(modelOf(db), f);
    const w = exposureWhere(f, 'pd');
    const e = exposureWhere(f, 'pp');
    const [t] = await q<{ planned: number; delivered: number; staffing: number; people: number }>(PLAN_TOTALS(w.sql), w.params);
    expect([r.totals.planned, r.totals.delivered, r.totals.notDeliveredForStaffing, r.totals.people]).toEqual([t!.planned, t!.delivered, t!.staffing, t!.people]);

    const weekly = await q<{ all_people: number; person_id: string; label: string; week: string; planned: number; delivered: number }>(PLAN_WEEKLY(w.sql), w.params);
    expect(r.weekly.map((x) => [x.week, x.planned, x.delivered])).toEqual(weekly.filter((x) => x.all_people === 1).map((x) => [x.week, x.planned, x.delivered]));
    const perPerson = weekly.filter((x) => x.all_people === 0);
    expect(r.byPersonWeekTruncated).toBe(perPerson.length > MAX_POINTS);
    expect(r.byPersonWeek.map((x) => [x.personId, x.label, x.week, x.planned, x.delivered])).toEqual(
      perPerson.slice(-MAX_POINTS).map((x) => [x.person_id, x.label, x.week, x.planned, x.delivered]),
    );

    const reasons = await q<{ reason: string | null; count: number; staffing: boolean }>(PLAN_REASONS(w.sql), w.params);
    expect(r.reasons.map((x) => [x.reason, x.count, x.staffing])).toEqual(reasons.map((x) => [x.reason ?? '(no reason recorded)', x.count, x.staffing]));

    const days = await q<{ day_staffing: string; person_days: number; planned: number; not_delivered: number; staffing: number }>(PLAN_BY_DAY_STAFFING(w.sql), w.params);
    const day = (k: string) => days.find((x) => x.day_staffing === k) ?? { person_days: 0, planned: 0, not_delivered: 0, staffing: 0 };
    for (const [k, g] of [['short', r.byDayStaffing.shortDays], ['full', r.byDayStaffing.fullyStaffedDays]] as const) {
      expect([g.personDays, g.planned, g.notDelivered, g.notDeliveredForStaffing]).toEqual([day(k).person_days, day(k).planned, day(k).not_delivered, day(k).staffing]);
    }
    expect(r.byDayStaffing.unknownPlanned).toBe(day('unknown').planned);

    for (const threshold of [0.8, 0.5]) {
      const rt = threshold === 0.8 ? r : await planDeliveryAnalysis(modelOf(db), f, undefined, { lowDeliveryThreshold: threshold });
      const rows = await q<{ delivery: string; person_days: number; incidents: number }>(PLAN_BY_DELIVERY(w.sql, e.sql), [...w.params, ...e.params, threshold]);
      const of = (k: string) => rows.find((x) => x.delivery === k) ?? { person_days: 0, incidents: 0 };
      const b = rt.incidentsByDelivery;
      expect([b.low.personDays, b.low.incidents, b.high.personDays, b.high.incidents, b.exposureDaysWithoutPlan]).toEqual([
        of('low').person_days, of('low').incidents, of('high').person_days, of('high').incidents, of('none').person_days,
      ]);
    }
  });

  it.each(FILTERS.map((f) => [label(f), f] as const))('over time %s', async (_, f) => {
    const w = exposureWhere(f, 'pp');
    const weeks = await q<{ week: string; days: number; person_periods: number; incidents: number; restrictive: number; mean_shortfall: number | null; periods_with_shortfall: number }>(
      OVER_TIME_WEEKLY(w.sql),
      w.params,
    );
    const [last] = await q<{ d: string | null }>(LAST_EXPOSURE_DATE(w.sql), w.params);
    for (const gChartOf of ['restrictive', 'incidents'] as const) {
      const r = await overTimeAnalysis(modelOf(db), f, undefined, { gChartOf });
      const all = [...r.weeks, ...r.droppedWeeks].sort((a, b) => a.week.localeCompare(b.week));
      expect(all.map((x) => [x.week, x.days, x.personPeriods, x.incidents, x.restrictive, x.periodsWithShortfall])).toEqual(
        weeks.map((x) => [x.week, x.days, x.person_periods, x.incidents, x.restrictive, x.periods_with_shortfall]),
      );
      all.forEach((x, i) => close(x.meanShortfall, weeks[i]!.mean_shortfall));
      const dates = (await q<{ d: string }>(EVENT_DATES(w.sql, gChartOf === 'restrictive'), w.params)).map((x) => x.d);
      expect(r.gChart.events).toBe(dates.length);
      if (dates.length > 0 && last?.d) {
        const since = (Date.parse(last.d) - Date.parse(dates[dates.length - 1]!)) / 86_400_000;
        expect(r.gChart.daysSinceLast).toBe(since);
      } else expect(r.gChart.daysSinceLast).toBeNull();
      if (dates.length <= MAX_POINTS + 1) expect(r.gChart.points.map((p) => p.to)).toEqual(dates.slice(1));
      else expect(r.gChart.points).toEqual([]);
    }
  });

  it.each(FILTERS.map((f) => [label(f), f] as const))('when %s', async (_, f) => {
    const r = await whenAnalysis(modelOf(db), f);
    const w = exposureWhere(f, 'pp');
    const iw = incidentWhere(f);
    const slots = await q<{ weekday: number; hour: number; person_hours: number; ph_shortfall: number; ph_x_shortfall: number; ph_agency: number; ph_x_agency: number }>(
      EXPOSURE_BY_SLOT(w.sql),
      w.params,
    );
    const counts = await q<{ weekday: number; hour: number; incidents: number }>(INCIDENTS_BY_SLOT(w.sql), w.params);
    const [outside] = await q<{ n: number }>(OUTSIDE_EXPOSURE(iw.sql), iw.params);
    expect(r.exposure.incidentsOutsideExposure).toBe(outside!.n);
    for (const c of r.cells) {
      const s = slots.find((x) => x.weekday === c.weekday && x.hour === c.hour);
      expect(c.incidents).toBe(counts.find((x) => x.weekday === c.weekday && x.hour === c.hour)?.incidents ?? 0);
      close(c.personHours, s?.person_hours ?? 0);
      close(c.meanShortfall, s && s.ph_shortfall > 0 ? s.ph_x_shortfall / s.ph_shortfall : null);
      close(c.meanAgencyShare, s && s.ph_agency > 0 ? s.ph_x_agency / s.ph_agency : null);
    }
  });

  it.each(FILTERS.map((f) => [label(f), f] as const))("person's story %s", async (_, f) => {
    if (!f.personId) {
      const r = await personStoryAnalysis(modelOf(db), f);
      const w = exposureWhere({ ...f, personId: null }, 'pp');
      const people = await q<{ personId: string; label: string; unit: string; personPeriods: number; incidents: number }>(PEOPLE(w.sql), w.params);
      expect(r.kind).toBe('choosePerson');
      if (r.kind === 'choosePerson') expect(r.people).toEqual(f.unit ? people.filter((p) => p.unit === f.unit) : people);
      return;
    }
    const r = (await personStoryAnalysis(modelOf(db), f)) as PersonStory;
    const w = exposureWhere(f, 'pp');
    const plan = { sql: ['d.person_id = ?', ...(f.from ? ['d.date >= ?::DATE'] : []), ...(f.to ? ['d.date <= ?::DATE'] : [])].join(' AND '), params: [f.personId, ...(f.from ? [f.from] : []), ...(f.to ? [f.to] : [])] };
    const weeks = await q<Record<string, number | string | null>>(STORY_WEEKLY(w.sql, plan.sql), [...w.params, ...plan.params]);
    const n = (x: Record<string, number | string | null>, k: string) => (typeof x[k] === 'number' ? (x[k] as number) : 0);
    expect(r.weeks.map((x) => x.week)).toEqual(weeks.map((x) => x.iso_week));
    r.weeks.forEach((x, i) => {
      const o = weeks[i]!;
      expect([x.days, x.personPeriods, x.incidents, x.incidentsWithRestrictive, x.severity1, x.severity2, x.severity3, x.severity4, x.severity5, x.severityUnknown]).toEqual(
        ['days', 'person_periods', 'incidents', 'incidents_with_ri', 's1', 's2', 's3', 's4', 's5', 's_unknown'].map((k) => n(o, k)),
      );
      expect([x.physical, x.mechanical, x.seclusion, x.segregation, x.chemical, x.prn, x.otherRestrictive]).toEqual(GROUPS.map((g) => n(o, `r_${g}`)));
      expect([x.planned, x.delivered, x.notDeliveredStaffing]).toEqual(['planned', 'delivered', 'not_delivered_staffing'].map((k) => n(o, k)));
      close(x.meanShortfall, o.mean_shortfall as number | null);
      close(x.meanAgencyShare, o.mean_agency_share as number | null);
    });
    const iw = incidentWhere(f);
    const [outside] = await q<{ n: number }>(OUTSIDE_EXPOSURE(iw.sql), iw.params);
    expect(r.totals.incidentsOutsideExposure).toBe(outside!.n);
    const lagged = await q<{ timing: string; band: string | null; incidents: number; person_periods: number }>(LAGGED(w.sql), w.params);
    for (const row of r.lagged.rows) {
      for (const timing of ['same', 'previous'] as const) {
        const o = lagged.find((x) => x.timing === timing && x.band === row.band);
        expect([row[timing].incidents, row[timing].personPeriods]).toEqual([o?.incidents ?? 0, o?.person_periods ?? 0]);
      }
    }
    expect(r.lagged.unknown.previous).toBe(lagged.filter((x) => x.timing === 'previous' && x.band === null).reduce((t, x) => t + x.person_periods, 0));
  });
  it.each(FILTERS.map((f) => [label(f), f] as const))('staffing %s', async (_, f) => {
    const r = await staffingAnalysis(modelOf(db), f, DEFAULT_SETTINGS);
    const src = cellSource(f);
    const [counts] = await q<{ person_periods: number; incidents: number; pp_no_shortfall: number; inc_no_shortfall: number; pp_no_agency: number }>(EXPOSURE_COUNTS(src.sql), src.params);
    expect([r.exposure.personPeriods, r.exposure.incidents]).toEqual([counts!.person_periods, counts!.incidents]);
    const pw = exposureWhere({ ...f, personId: null }, 'ep');
    const periods = f.personId ? counts!.person_periods : (await q<{ periods: number }>(PERIOD_COUNT(pw.sql), pw.params))[0]!.periods;
    expect(r.exposure.periods).toBe(periods);
    const iw = incidentWhere(f);
    expect(r.exposure.incidentsOutsideExposure).toBe((await q<{ n: number }>(OUTSIDE_EXPOSURE(iw.sql), iw.params))[0]!.n);
    const bands = await q<{ condition: 'shortfall' | 'agency' | 'unfamiliar'; band: string; incidents: number; person_periods: number }>(RATES_BY_BAND(src.sql), src.params);
    for (const condition of ['shortfall', 'agency', 'unfamiliar'] as const) {
      for (const [band, cell] of Object.entries(r.ratesPer100[condition])) {
        const o = bands.find((x) => x.condition === condition && x.band === band);
        expect([cell.incidents, cell.personPeriods]).toEqual([o?.incidents ?? 0, o?.person_periods ?? 0]);
      }
    }
    const restraint = await q<{ short: boolean; incidents: number; with_ri: number }>(RESTRAINT_BY_SHORTFALL(src.sql), src.params);
    const w = restraint.find((x) => x.short) ?? { incidents: 0, with_ri: 0 };
    const wo = restraint.find((x) => !x.short) ?? { incidents: 0, with_ri: 0 };
    const g = r.restraintGivenIncident;
    expect([g.withShortfall.incidents, g.withShortfall.withIntervention, g.withoutShortfall.incidents, g.withoutShortfall.withIntervention]).toEqual([w.incidents, w.with_ri, wo.incidents, wo.with_ri]);
    // The model's cells are the same cells (in another order), so the fit is the same.
    const cells = await q<ModelCell>(MODEL_CELLS(src.sql), src.params);
    const model = fitStaffingModel(cells, DEFAULT_SETTINGS);
    expect(r.model.cells).toBe(cells.length);
    expect(r.model.personPeriods).toBe(model.summary.personPeriods);
    for (const [k, e] of [['one', r.rateRatios.shortfall.one], ['twoPlus', r.rateRatios.shortfall.twoPlus]] as const) {
      const o = model.rateRatios.shortfall[k];
      if (o === null) expect(e).toBeNull();
      else for (const x of ['estimate', 'lower', 'upper'] as const) close(e![x], o[x]);
    }
    if (model.excess === null) expect(r.excessIncidents).toBeNull();
    else close(r.excessIncidents!.estimate, model.excess.estimate);
  });

  it.each(FILTERS.map((f) => [label(f), f] as const))('what if %s', async (_, f) => {
    const r = await whatIfAnalysis(modelOf(db), f, DEFAULT_SETTINGS);
    const src = cellSource({ ...f, personId: null });
    const cells = await q<ModelCell>(MODEL_CELLS(src.sql), src.params);
    const people = await q<{ person_idx: number; personId: string; label: string }>(`SELECT person_idx, person_id AS "personId", label FROM person_spans ORDER BY label`, []);
    const chosen = f.personId ? people.filter((p) => p.personId === f.personId) : null;
    const o = whatIfFromCells(cells, DEFAULT_SETTINGS, { people: chosen ?? people, personLabel: chosen?.[0]?.label ?? null });
    const w = exposureWhere(f, 'pp');
    expect(r.incidentsOutsideModel).toBe((await q<{ n: number }>(LEFT_OUT(w.sql), w.params))[0]!.n);
    for (const k of ['fullStaffing', 'agencyCap', 'both'] as const) {
      expect([r.scenarios[k].observed, r.scenarios[k].message]).toEqual([o.scenarios[k].observed, o.scenarios[k].message]);
      close(r.scenarios[k].expected, o.scenarios[k].expected);
      close(r.scenarios[k].counterfactual?.estimate ?? null, o.scenarios[k].counterfactual?.estimate ?? null);
    }
    expect(r.people.map((p) => [p.personId, p.observed])).toEqual(o.people.map((p) => [p.personId, p.observed]));
    r.people.forEach((p, i) => close(p.fullStaffing?.estimate ?? null, o.people[i]!.fullStaffing?.estimate ?? null));
  });

  it.each(FILTERS.map((f) => [label(f), f] as const))('commissioned hours %s', async (_, f) => {
    const r = await commissionedAnalysis(modelOf(db), f);
    const w = exposureWhere(f, 'cd');
    const rows = await q<{ g_person: number; g_week: number; person_idx: number | null; week: string | null; hours: number; short_hours: number; staff_hours_short: number; commissioned_staff_hours: number; delivered_staff_hours: number; incidents_short: number; incidents_full: number }>(
      COMMISSIONED_SUMS(w.sql),
      w.params,
    );
    const total = rows.find((x) => x.g_person === 1 && x.g_week === 1);
    expect([r.totals.commissionedHours, r.totals.shortHours, r.incidents.shortHours.incidents, r.incidents.fullHours.incidents]).toEqual([
      total?.hours ?? 0, total?.short_hours ?? 0, total?.incidents_short ?? 0, total?.incidents_full ?? 0,
    ]);
    close(r.totals.staffHoursShort, total?.staff_hours_short ?? 0);
    close(r.totals.deliveredStaffHours, total?.delivered_staff_hours ?? 0);
    const weeks = rows.filter((x) => x.g_week === 0);
    expect(r.weekly.map((x) => [x.week, x.commissionedHours, x.shortHours])).toEqual(weeks.map((x) => [x.week, x.hours, x.short_hours]));
    r.weekly.forEach((x, i) => close(x.deliveredStaffHours, weeks[i]!.delivered_staff_hours));
    const people = await q<{ person_idx: number; person_id: string; label: string; allocated_shifts: number }>(COMMISSIONED_PEOPLE, []);
    const withDays = people.filter((p) => rows.some((x) => x.g_person === 0 && x.person_idx === p.person_idx));
    expect(r.people.map((p) => [p.personId, p.allocatedShifts, p.commissionedHours])).toEqual(
      withDays.map((p) => [p.person_id, p.allocated_shifts, rows.find((x) => x.g_person === 0 && x.person_idx === p.person_idx)!.hours]),
    );
    const pw = exposureWhere(f, 'pp');
    expect(r.peopleWithoutRatio).toBe((await q<{ n: number }>(WITHOUT_RATIO(pw.sql), pw.params))[0]!.n);
  });
});
