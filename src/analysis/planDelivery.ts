/**
 * Analysis 5 — plan delivery. Were the proactive strategies of each person's plan delivered; why
 * not; are incidents more frequent on days of low delivery; and does "not enough staff" track the
 * unit's staffing shortfall that day.
 *
 * A person-day is a (person, date). Plan rows count where their person is known; the incident
 * comparison uses only person-days in the exposure (incidents by the date of their period, so an
 * incident at 03:00 counts on the day its night period started).
 */
import { named, raw, sql, table, type Sql } from '../db/sql';
import type { KeyedFilters } from '../model/filters';
import type { Model } from '../model/model';
import type { Settings } from '../model/settings';
import { proportionInterval, rateInterval, riskRatio, type RateEstimate, type ShareEstimate } from '../stats/intervals';
import { rateRatioExact } from '../stats/rateRatio';
import { personWeekRows, weekRows } from './filters';
import { bucketLabel, bucketOf, isLong, MONTHLY_REASON, type Grain, type Span } from './grain';
import { agree, ASSOCIATION, fmt, pct, plural, ratioCi, ratioDigits, readRatio, smallNote, timesAs } from './sentences-shared';
import type { Estimate, Filters } from './types';

export interface PlanDeliveryOptions {
  /** A person-day whose delivered / planned share is below this is a low-delivery day. */
  lowDeliveryThreshold: number;
}
export const DEFAULT_PLAN_OPTIONS: PlanDeliveryOptions = { lowDeliveryThreshold: 0.8 };

export interface DeliveryCount {
  planned: number;
  delivered: number;
  /** delivered / planned; null with nothing planned. */
  share: number | null;
}

export interface DayGroup {
  personDays: number;
  planned: number;
  notDelivered: number;
  notDeliveredForStaffing: number;
  /** Not delivered / planned (Wilson interval). */
  notDeliveredShare: ShareEstimate;
  /** Not delivered for a staffing reason / planned. */
  staffingReasonShare: ShareEstimate;
  /** Of the strategies not delivered, the share whose reason mentions staff. */
  staffingShareOfNotDelivered: ShareEstimate;
}

export interface DeliveryDays {
  personDays: number;
  incidents: number;
  /** Incidents per 100 person-days, exact Poisson interval. */
  per100PersonDays: RateEstimate;
}

export interface PlanDeliveryResult {
  filters: Filters;
  lowDeliveryThreshold: number;
  totals: DeliveryCount & {
    notDelivered: number;
    notDeliveredForStaffing: number;
    people: number;
    shareInterval: ShareEstimate;
    staffingShareOfNotDelivered: ShareEstimate;
  };
  /**
   * All selected people together, per ISO week (Monday), or per calendar month (its first day)
   * when the days with plan rows span more than two years (`grain`; analysis/grain.ts): planned
   * and delivered summed, the share of the sums.
   */
  weekly: (DeliveryCount & { week: string })[];
  /** How `weekly` is bucketed. */
  grain: Grain;
  /** First and last day with plan rows under the filters (null when none): a month at either end may be a part month. */
  span: Span | null;
  /** Per person and ISO week, most recent weeks kept when there would be more than 2,000 rows. */
  byPersonWeek: (DeliveryCount & { personId: string; label: string; week: string })[];
  byPersonWeekTruncated: boolean;
  /** Reasons not delivered, grouped case-insensitively; staffing = the reason mentions "staff". */
  reasons: { reason: string; count: number; share: number; staffing: boolean }[];
  /**
   * Strategies on days when any period of the person's unit was short of staff, against days
   * when every period was fully staffed. Days with a period of unknown staffing and no short
   * period are left out (counted in `unknownPlanned`).
   */
  byDayStaffing: {
    shortDays: DayGroup;
    fullyStaffedDays: DayGroup;
    unknownPlanned: number;
    notDeliveredRiskRatio: Estimate | null;
    staffingReasonRiskRatio: Estimate | null;
  };
  /** Incidents on low- against high-delivery person-days of the exposure. */
  incidentsByDelivery: {
    low: DeliveryDays;
    high: DeliveryDays;
    rateRatio: Estimate | null;
    /** Person-days in the exposure with no plan rows: no delivery share, left out. */
    exposureDaysWithoutPlan: number;
  };
  /** weekly: the headline; timeline: the sentence under the chart (with MONTHLY_REASON when by month). */
  sentences: { weekly: string; timeline: string; reasons: string; staffing: string; incidents: string };
  warnings: string[];
}

const MAX_POINTS = 2000;

/**
 * The plan rows under the filters summed per day (model/personDays.ts, unitDays.ts): with a person
 * chosen, their person-days (and their unit's day staffing); otherwise unit-days. Columns: date,
 * day_staffing, planned, delivered, not_delivered, not_delivered_staffing, plan_person_days.
 */
function planDays(kf: KeyedFilters): Sql {
  if (kf.filters.personId) {
    return sql`SELECT pd.date, ud.day_staffing, pd.planned, pd.delivered, pd.not_delivered, pd.not_delivered_staffing, 1 AS plan_person_days
            FROM ${table('person_days')} pd LEFT JOIN ${table('unit_days')} ud ON ud.unit_idx = pd.unit_idx AND ud.date = pd.date
            WHERE ${kf.on('pd')} AND pd.planned > 0`;
  }
  return sql`SELECT date, day_staffing, planned, delivered, not_delivered, not_delivered_staffing, plan_person_days
          FROM ${table('unit_days')} ud WHERE ${kf.on('ud')} AND ud.planned > 0`;
}

const PLAN_SUMS = raw(`sum(planned)::DOUBLE AS planned, sum(delivered)::DOUBLE AS delivered, sum(not_delivered)::DOUBLE AS not_delivered,
       sum(not_delivered_staffing)::DOUBLE AS not_delivered_staffing, sum(plan_person_days)::DOUBLE AS plan_person_days`);
const PLAN_TOTALS = raw(`sum(planned)::DOUBLE AS planned, sum(delivered)::DOUBLE AS delivered, sum(not_delivered)::DOUBLE AS not_delivered,
       sum(not_delivered_staffing)::DOUBLE AS staffing, sum(plan_person_days)::DOUBLE AS person_days`);

/**
 * Totals (grouping set ()), all selected people per week, or per calendar month when the days
 * span more than two years (analysis/grain.ts), and per day staffing ('unknown' = neither short
 * nor fully staffed). One pass over the days sums them per date and per day staffing; the dates
 * (at most a few thousand) are then summed by week or month and in total.
 */
const SUMS = (days: Sql) => named('planDelivery.sums', sql`
WITH parts AS MATERIALIZED (
  SELECT grouping(date)::INTEGER AS g_date, date, day_staffing, ${PLAN_SUMS}
  FROM (${days}) d GROUP BY GROUPING SETS ((date), (day_staffing))),
span AS (SELECT ${isLong(raw('min(date)'), raw('max(date)'))} AS monthly,
                strftime(min(date), '%Y-%m-%d') AS first_date, strftime(max(date), '%Y-%m-%d') AS last_date FROM parts WHERE g_date = 0)
SELECT grouping(week)::INTEGER AS g_week, 1 AS g_day, strftime(week, '%Y-%m-%d') AS week, 'unknown' AS day_staffing,
       any_value(monthly) AS monthly, any_value(first_date) AS first_date, any_value(last_date) AS last_date, ${PLAN_TOTALS}
FROM (SELECT p.* EXCLUDE (date), span.*, ${bucketOf(raw('p.date'), raw('span.monthly'))} AS week FROM parts p, span WHERE p.g_date = 0) b
GROUP BY GROUPING SETS ((week), ())
UNION ALL
SELECT 1, 0, NULL, coalesce(day_staffing, 'unknown'), NULL, NULL, NULL, ${PLAN_TOTALS} FROM parts WHERE g_date = 1 GROUP BY day_staffing
ORDER BY week`);

/**
 * Per person and week, the most recent MAX_POINTS rows (by week, then person), with how many
 * rows and people there are in all. Whole weeks of a date range come from person_weeks, its part
 * weeks from person_days. The rows kept are found from the weeks' row counts (a sort of every
 * person-week to keep the last 2,000 costs more than the rest of the page).
 */
const PERSON_WEEKS = (rows: Sql) => named('planDelivery.personWeeks', sql`
WITH pw AS (
  SELECT person_idx, week, sum(planned)::DOUBLE AS planned, sum(delivered)::DOUBLE AS delivered
  FROM (${rows}) r GROUP BY person_idx, week HAVING sum(planned) > 0),
weeks AS (SELECT week, count(*) AS n FROM pw GROUP BY week),
kept AS (SELECT min(week) AS since FROM (SELECT week, n, sum(n) OVER (ORDER BY week DESC) AS upto FROM weeks) WHERE upto - n < ${raw(String(MAX_POINTS))})
SELECT ps.person_id, ps.label, strftime(t.week, '%Y-%m-%d') AS week, t.planned, t.delivered,
       (SELECT sum(n) FROM weeks)::DOUBLE AS rows, (SELECT count(DISTINCT person_idx) FROM pw)::DOUBLE AS people
FROM (SELECT * FROM pw WHERE week >= (SELECT since FROM kept) ORDER BY week DESC, person_idx DESC LIMIT ${raw(String(MAX_POINTS))}) t
JOIN ${table('person_spans')} ps USING (person_idx)
ORDER BY t.week, t.person_idx`);

/**
 * In one statement (each is a round trip in the browser):
 *  - 'reason': reasons not delivered, grouped case- and space-insensitively and shown in one of
 *    their spellings (model/planReasons.ts; without a person, whole weeks from planReasonWeeks.ts);
 *  - 'delivery': person-days of the exposure by their delivery, low when delivered / planned <
 *    threshold, none without plan rows, with the incidents of the person's periods dated that day
 *    (without a person, whole weeks counted by planned and delivered: model/deliveryWeeks.ts);
 *  - 'unmatched': plan rows naming nobody known.
 */
const BREAKDOWNS = (reasons: Sql, threshold: number, days: Sql) => named('planDelivery.breakdowns', sql`
SELECT 'reason' AS part, min(reason) AS reason, sum(n)::DOUBLE AS count, bool_or(staffing) AS staffing,
       NULL AS delivery, NULL::DOUBLE AS person_days, NULL::DOUBLE AS incidents
FROM (${reasons}) r GROUP BY reason_key
UNION ALL
SELECT 'delivery', NULL, NULL, NULL,
       CASE WHEN planned = 0 THEN 'none' WHEN delivered::DOUBLE / planned < ${threshold} THEN 'low' ELSE 'high' END,
       sum(person_days)::DOUBLE, sum(incidents)::DOUBLE
FROM (${days}) d GROUP BY 5
UNION ALL
SELECT 'unmatched', NULL, n::DOUBLE, NULL, NULL, NULL, NULL FROM ${table('plan_unmatched')}
ORDER BY part DESC, count DESC NULLS LAST, reason NULLS LAST`);

/** Plan reasons under the filters: a person's days, or else whole unit-weeks and part-week days. */
function reasonRows(kf: KeyedFilters): Sql {
  const columns = 'reason_key, reason, staffing, n';
  if (kf.filters.personId) return sql`SELECT ${raw(columns)} FROM ${table('plan_reasons')} pr WHERE ${kf.on('pr')}`;
  return weekRows(kf, { table: 'plan_reason_weeks', columns }, { table: 'plan_reasons', columns });
}

/** Exposure person-days under the filters with their plan counts: a person's days, or else whole unit-weeks and part-week days. */
function deliveryRows(kf: KeyedFilters): Sql {
  const days = 'planned, delivered, 1 AS person_days, incidents';
  if (kf.filters.personId) return sql`SELECT ${raw(days)} FROM ${table('person_days')} pd WHERE ${kf.on('pd')} AND pd.periods > 0`;
  return weekRows(kf, { table: 'delivery_weeks', columns: 'planned, delivered, person_days, incidents' }, { table: 'person_days', columns: days, where: 'd.periods > 0' });
}

export async function planDeliveryAnalysis(
  model: Model,
  filters: Filters,
  _settings?: Settings,
  options: PlanDeliveryOptions = DEFAULT_PLAN_OPTIONS,
): Promise<PlanDeliveryResult> {
  const threshold = options.lowDeliveryThreshold;
  const kf = await model.filters(filters);
  const warnings: string[] = [];

  // The three statements asked together: one wait for the three answers, not three round trips to
  // the database worker in a row (each also waiting for the page's main thread to take its answer).
  const [sums, personWeeks, parts] = await Promise.all([
    model.query<{
      g_week: number;
      g_day: number;
      week: string | null;
      day_staffing: string;
      monthly: boolean | null;
      first_date: string | null;
      last_date: string | null;
      planned: number;
      delivered: number;
      not_delivered: number;
      staffing: number;
      person_days: number;
    }>(SUMS(planDays(kf))),
    model.query<{ person_id: string; label: string | null; week: string; planned: number; delivered: number; rows: number; people: number }>(
      PERSON_WEEKS(personWeekRows(kf)),
    ),
    model.query<{
      part: 'reason' | 'delivery' | 'unmatched';
      reason: string | null;
      count: number;
      staffing: boolean;
      delivery: string;
      person_days: number;
      incidents: number;
    }>(BREAKDOWNS(reasonRows(kf), threshold, deliveryRows(kf))),
  ]);
  const t = sums.find((r) => r.g_week === 1 && r.g_day === 1);
  const planned = t?.planned ?? 0;
  const delivered = t?.delivered ?? 0;
  const notDelivered = planned - delivered;
  const staffing = t?.staffing ?? 0;

  const count = (r: { planned: number; delivered: number }): DeliveryCount => ({
    planned: r.planned,
    delivered: r.delivered,
    share: r.planned > 0 ? r.delivered / r.planned : null,
  });
  const grain: Grain = t?.monthly === true ? 'month' : 'week';
  const span = t?.first_date && t.last_date ? { first: t.first_date, last: t.last_date } : null;
  let weekly = sums.filter((r) => r.g_week === 0).map((r) => ({ week: r.week!, ...count(r) }));
  if (weekly.length > MAX_POINTS) {
    weekly = weekly.slice(-MAX_POINTS);
    warnings.push(`Only the last ${MAX_POINTS} ${grain}s are charted.`);
  }
  const byPersonWeek = personWeeks.map((r) => ({ personId: r.person_id, label: r.label ?? r.person_id, week: r.week, ...count(r) }));
  const byPersonWeekTruncated = (personWeeks[0]?.rows ?? 0) > MAX_POINTS;
  if (byPersonWeekTruncated) {
    warnings.push(`The per-person weekly table holds the most recent ${MAX_POINTS} rows, from the week of ${byPersonWeek[0]!.week}; choose a person or a shorter date range to see the rest.`);
  }

  const reasons = parts
    .filter((r) => r.part === 'reason')
    .map((r) => ({
      reason: r.reason ?? '(no reason recorded)',
      count: r.count,
      share: notDelivered > 0 ? r.count / notDelivered : 0,
      staffing: r.staffing,
    }));
  const unknown = parts.find((r) => r.part === 'unmatched')?.count ?? 0;

  const group = (kind: string): DayGroup => {
    const r = sums.find((x) => x.g_day === 0 && x.day_staffing === kind) ?? { person_days: 0, planned: 0, not_delivered: 0, staffing: 0 };
    return {
      personDays: r.person_days,
      planned: r.planned,
      notDelivered: r.not_delivered,
      notDeliveredForStaffing: r.staffing,
      notDeliveredShare: proportionInterval(r.not_delivered, r.planned),
      staffingReasonShare: proportionInterval(r.staffing, r.planned),
      staffingShareOfNotDelivered: proportionInterval(r.staffing, r.not_delivered),
    };
  };
  const shortDays = group('short');
  const fullyStaffedDays = group('full');
  const byDayStaffing = {
    shortDays,
    fullyStaffedDays,
    unknownPlanned: sums.find((x) => x.g_day === 0 && x.day_staffing === 'unknown')?.planned ?? 0,
    notDeliveredRiskRatio: riskRatio(shortDays.notDelivered, shortDays.planned, fullyStaffedDays.notDelivered, fullyStaffedDays.planned),
    staffingReasonRiskRatio: riskRatio(
      shortDays.notDeliveredForStaffing,
      shortDays.planned,
      fullyStaffedDays.notDeliveredForStaffing,
      fullyStaffedDays.planned,
    ),
  };

  const daysOf = (kind: string): DeliveryDays => {
    const r = parts.find((x) => x.part === 'delivery' && x.delivery === kind);
    return { personDays: r?.person_days ?? 0, incidents: r?.incidents ?? 0, per100PersonDays: rateInterval(r?.incidents ?? 0, r?.person_days ?? 0, 100) };
  };
  const low = daysOf('low');
  const high = daysOf('high');
  const incidentsByDelivery = {
    low,
    high,
    rateRatio: rateRatioExact(low.incidents, low.personDays, high.incidents, high.personDays),
    exposureDaysWithoutPlan: daysOf('none').personDays,
  };

  if (unknown > 0) {
    warnings.push(`${plural(unknown, 'plan row')} ${agree(unknown, 'names', 'name')} a person who is in neither the people nor the incidents file and ${agree(unknown, 'is', 'are')} left out.`);
  }
  if (byDayStaffing.unknownPlanned > 0) {
    warnings.push(`${plural(byDayStaffing.unknownPlanned, 'planned strategy', 'planned strategies')} fell on days whose staffing is not known (outside the rota, or a period with no rota lines) and ${agree(byDayStaffing.unknownPlanned, 'is', 'are')} left out of the comparison with shortfall.`);
  }
  if (incidentsByDelivery.exposureDaysWithoutPlan > 0) {
    warnings.push(`${plural(incidentsByDelivery.exposureDaysWithoutPlan, 'person-day')} in the exposure ${agree(incidentsByDelivery.exposureDaysWithoutPlan, 'has', 'have')} no plan rows, so no delivery share, and are left out of the incident comparison.`);
  }

  const result: Omit<PlanDeliveryResult, 'sentences'> = {
    filters,
    lowDeliveryThreshold: threshold,
    totals: {
      planned,
      delivered,
      share: planned > 0 ? delivered / planned : null,
      shareInterval: proportionInterval(delivered, planned),
      notDelivered,
      notDeliveredForStaffing: staffing,
      staffingShareOfNotDelivered: proportionInterval(staffing, notDelivered),
      people: personWeeks[0]?.people ?? 0,
    },
    weekly,
    grain,
    span,
    byPersonWeek,
    byPersonWeekTruncated,
    reasons,
    byDayStaffing,
    incidentsByDelivery,
    warnings,
  };
  return { ...result, sentences: sentencesFor(result) };
}

type Numbers = Omit<PlanDeliveryResult, 'sentences'>;

function sentencesFor(r: Numbers): PlanDeliveryResult['sentences'] {
  const weekly = weeklySentence(r);
  return { weekly, timeline: r.grain === 'month' ? `${weekly} ${MONTHLY_REASON}` : weekly, reasons: reasonsSentence(r), staffing: staffingSentence(r), incidents: incidentsSentence(r) };
}

function weeklySentence(r: Numbers): string {
  const t = r.totals;
  if (t.planned === 0) return 'No plan-delivery records in this selection.';
  const weeks = r.weekly.filter((w) => w.share !== null);
  const lowest = [...weeks].sort((a, b) => a.share! - b.share! || a.week.localeCompare(b.week))[0]!;
  const which = r.grain === 'week' ? `the week commencing ${bucketLabel('week', lowest.week, null).replace(/^w\/c /, '')}` : bucketLabel('month', lowest.week, r.span);
  return (
    `${pct(t.share!)} of ${plural(t.planned, 'planned proactive strategy', 'planned proactive strategies')} were delivered ` +
    `(${fmt(t.delivered, 0)}) over ${plural(weeks.length, r.grain)}` +
    (weeks.length > 1 ? `; the lowest ${r.grain} was ${which}, at ${pct(lowest.share!)} (${fmt(lowest.delivered, 0)} of ${fmt(lowest.planned, 0)}).` : '.')
  );
}

function reasonsSentence(r: Numbers): string {
  const t = r.totals;
  if (t.notDelivered === 0) return t.planned === 0 ? 'No plan-delivery records in this selection.' : 'Every planned strategy in this selection was delivered.';
  const top = r.reasons[0]!;
  return (
    `Of ${plural(t.notDelivered, 'strategy', 'strategies')} not delivered, ${fmt(t.notDeliveredForStaffing, 0)} (${pct(t.staffingShareOfNotDelivered.share!)}) ` +
    `gave a staffing reason such as "not enough staff"; the most common reason was "${top.reason}" (${fmt(top.count, 0)}).` +
    smallNote(t.notDelivered, 'strategy not delivered', 'strategies not delivered')
  );
}

/** One ratio a sentence: the shares first, then each comparison on its own. */
function staffingSentence(r: Numbers): string {
  const { shortDays: s, fullyStaffedDays: f, notDeliveredRiskRatio: rr, staffingReasonRiskRatio: srr } = r.byDayStaffing;
  if (s.planned === 0 || f.planned === 0) {
    return 'There are not enough planned strategies on both short-staffed and fully staffed days to compare them.';
  }
  const shares =
    `On days when the unit was short of staff in any period, ${pct(s.notDeliveredShare.share!)} of planned strategies were not delivered ` +
    `(${fmt(s.notDelivered, 0)} of ${fmt(s.planned, 0)}), against ${pct(f.notDeliveredShare.share!)} on fully staffed days (${fmt(f.notDelivered, 0)} of ${fmt(f.planned, 0)}).`;
  const read = readRatio(rr, 'risk');
  const notDelivered = read ? (read.clear ? ` On short days a strategy was ${timesAs(rr!, 'as likely')} to go undelivered (${ratioCi(rr!)}).` : ` For going undelivered, ${read.text}.`) : '';
  const reason =
    ` A staffing reason was given for ${pct(s.staffingReasonShare.share!)} of planned strategies on short days and ${pct(f.staffingReasonShare.share!)} on fully staffed days`;
  const staffRead = readRatio(srr, 'risk');
  const staffing = staffRead?.clear ? `${reason}: ${staffRead.text}.` : `${reason}.`;
  return `${shares}${notDelivered}${staffing}` + smallNote(s.notDelivered + f.notDelivered, 'strategy not delivered', 'strategies not delivered');
}

/** Finding first: how often incidents happened on low-delivery days, then the rates behind it. */
function incidentsSentence(r: Numbers): string {
  const { low, high, rateRatio } = r.incidentsByDelivery;
  const th = pct(r.lowDeliveryThreshold);
  if (low.personDays === 0 || high.personDays === 0) {
    return `There are not enough days with delivery below and at or above ${th} to compare incident rates.`;
  }
  const when = `On days when less than ${th} of a person's planned strategies were delivered`;
  const rates =
    `${fmt(low.per100PersonDays.rate!, 1)} incidents per 100 person-days (${fmt(low.incidents, 0)} in ${plural(low.personDays, 'day')}), ` +
    `against ${fmt(high.per100PersonDays.rate!, 1)} on other days (${fmt(high.incidents, 0)} in ${plural(high.personDays, 'day')})`;
  const read = readRatio(rateRatio, 'rate');
  const caveat = ' Strategies can also go undelivered because the person was already distressed, so the link runs both ways.';
  if (!read) return `${when} there were ${rates}.${caveat}`;
  const lead = read.clear
    ? `${when}, incidents happened ${read.text.replace(/ \(95 %/, ' as on other days (95 %')}`
    : `${when}, these numbers cannot tell whether incidents happened more or less often than on other days (rate ratio ${fmt(rateRatio!.estimate, ratioDigits(rateRatio!))}, ${ratioCi(rateRatio!)})`;
  return `${lead}: ${rates}.` + (read.clear ? ` ${ASSOCIATION}` : '') + caveat + smallNote(low.incidents + high.incidents, 'incident');
}
