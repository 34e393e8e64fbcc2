/**
 * Analysis 5 — plan delivery. Were the proactive strategies of each person's plan delivered; why
 * not; are incidents more frequent on days of low delivery; and does "not enough staff" track the
 * unit's staffing shortfall that day.
 *
 * A person-day is a (person, date). Plan rows count where their person is known; the incident
 * comparison uses only person-days in the exposure (incidents by the date of their period, so an
 * incident at 03:00 counts on the day its night period started).
 */
import type { Connector } from '../db/connector';
import type { Settings } from '../model/settings';
import { proportionInterval, rateInterval, riskRatio, type RateEstimate, type ShareEstimate } from '../stats/intervals';
import { rateRatioExact } from '../stats/rateRatio';
import { exposureWhere } from './filters';
import { weekLabel } from './overTime';
import { agree, ASSOCIATION, fmt, pct, plural, readRatio, smallNote } from './sentences-shared';
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
  /** All selected people together, per ISO week (Monday). */
  weekly: (DeliveryCount & { week: string })[];
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
  sentences: { weekly: string; reasons: string; staffing: string; incidents: string };
  warnings: string[];
}

const MAX_POINTS = 2000;

/**
 * Plan rows under the filters, with the person's keys. A reason is a staffing reason when it
 * contains "staff", in any case ("not enough staff", "Staff shortage").
 */
const PLAN = (where: string) => `
pd AS (
  SELECT * FROM (
    SELECT ps.person_idx, ps.unit_idx, ps.person_id, ps.label, p.date, p.delivered,
           nullif(trim(p.reason_not_delivered), '') AS reason,
           NOT p.delivered AND coalesce(lower(p.reason_not_delivered) LIKE '%staff%', false) AS staffing
    FROM r_plan_delivery p JOIN person_spans ps USING (person_id)) pd
  WHERE ${where})`;

const TOTALS = (where: string) => `
WITH ${PLAN(where)}
SELECT count(*)::DOUBLE AS planned, count(*) FILTER (WHERE delivered)::DOUBLE AS delivered,
       count(*) FILTER (WHERE staffing)::DOUBLE AS staffing, count(DISTINCT person_idx)::DOUBLE AS people
FROM pd`;

/** Weekly, all selected people together (grouping set ()) and per person. */
const WEEKLY = (where: string) => `
WITH ${PLAN(where)}
SELECT grouping(person_id)::INTEGER AS all_people, person_id, any_value(label) AS label,
       strftime(date_trunc('week', date), '%Y-%m-%d') AS week,
       count(*)::DOUBLE AS planned, count(*) FILTER (WHERE delivered)::DOUBLE AS delivered
FROM pd GROUP BY GROUPING SETS ((week), (week, person_id))
ORDER BY week, person_id`;

/** Reasons not delivered, grouped case- and space-insensitively; shown in one of their spellings. */
const REASONS = (where: string) => `
WITH ${PLAN(where)}
SELECT min(reason) AS reason, count(*)::DOUBLE AS count, bool_or(staffing) AS staffing
FROM pd WHERE NOT delivered
GROUP BY lower(regexp_replace(reason, '\\s+', ' ', 'g'))
ORDER BY count DESC, reason NULLS LAST`;

/**
 * Each unit-day: short when any of its periods is short (band one or twoPlus); fully staffed
 * when every period is band none; otherwise unknown.
 */
const UNIT_DAYS = `
unit_days AS (
  SELECT p.unit_idx, p.date,
         CASE WHEN count(*) FILTER (WHERE b.shortfall_band IN ('one', 'twoPlus')) > 0 THEN 'short'
              WHEN count(*) FILTER (WHERE b.shortfall_band IS NULL) = 0 THEN 'full' END AS day_staffing
  FROM periods p JOIN period_bands b USING (period_id) GROUP BY ALL)`;

const BY_DAY_STAFFING = (where: string) => `
WITH ${PLAN(where)}, ${UNIT_DAYS}
SELECT coalesce(u.day_staffing, 'unknown') AS day_staffing,
       count(DISTINCT (pd.person_idx, pd.date))::DOUBLE AS person_days, count(*)::DOUBLE AS planned,
       count(*) FILTER (WHERE NOT delivered)::DOUBLE AS not_delivered,
       count(*) FILTER (WHERE staffing)::DOUBLE AS staffing
FROM pd LEFT JOIN unit_days u ON u.unit_idx = pd.unit_idx AND u.date = pd.date
GROUP BY 1`;

/**
 * Person-days of the exposure with plan rows: low when delivered / planned < threshold. Incidents
 * are those of the person's periods dated that day.
 */
const BY_DELIVERY = (planWhere: string, exposure: string) => `
WITH ${PLAN(planWhere)},
days AS (SELECT person_idx, date, count(*) FILTER (WHERE delivered)::DOUBLE / count(*) AS share FROM pd GROUP BY ALL),
exposure_days AS (SELECT person_idx, date, sum(incidents)::DOUBLE AS incidents FROM person_periods pp WHERE ${exposure} GROUP BY ALL)
SELECT CASE WHEN d.share IS NULL THEN 'none' WHEN d.share < ? THEN 'low' ELSE 'high' END AS delivery,
       count(*)::DOUBLE AS person_days, sum(e.incidents)::DOUBLE AS incidents
FROM exposure_days e LEFT JOIN days d USING (person_idx, date)
GROUP BY 1`;

const UNKNOWN_PEOPLE = `
SELECT count(*)::DOUBLE AS n FROM r_plan_delivery p WHERE NOT EXISTS (SELECT 1 FROM person_spans ps WHERE ps.person_id = p.person_id)`;

export async function planDeliveryAnalysis(
  db: Connector,
  filters: Filters,
  _settings?: Settings,
  options: PlanDeliveryOptions = DEFAULT_PLAN_OPTIONS,
): Promise<PlanDeliveryResult> {
  const threshold = options.lowDeliveryThreshold;
  const pw = exposureWhere(filters, 'pd');
  const ew = exposureWhere(filters, 'pp');
  const warnings: string[] = [];

  const [t] = await db.query<{ planned: number; delivered: number; staffing: number; people: number }>(TOTALS(pw.sql), pw.params);
  const planned = t?.planned ?? 0;
  const delivered = t?.delivered ?? 0;
  const notDelivered = planned - delivered;
  const staffing = t?.staffing ?? 0;

  const weeklyRows = await db.query<{ all_people: number; person_id: string | null; label: string | null; week: string; planned: number; delivered: number }>(
    WEEKLY(pw.sql),
    pw.params,
  );
  const count = (r: { planned: number; delivered: number }): DeliveryCount => ({
    planned: r.planned,
    delivered: r.delivered,
    share: r.planned > 0 ? r.delivered / r.planned : null,
  });
  let weekly = weeklyRows.filter((r) => r.all_people === 1).map((r) => ({ week: r.week, ...count(r) }));
  if (weekly.length > MAX_POINTS) {
    weekly = weekly.slice(-MAX_POINTS);
    warnings.push(`Only the last ${MAX_POINTS} weeks are charted.`);
  }
  let byPersonWeek = weeklyRows
    .filter((r) => r.all_people === 0)
    .map((r) => ({ personId: r.person_id!, label: r.label ?? r.person_id!, week: r.week, ...count(r) }));
  const byPersonWeekTruncated = byPersonWeek.length > MAX_POINTS;
  if (byPersonWeekTruncated) {
    byPersonWeek = byPersonWeek.slice(-MAX_POINTS);
    warnings.push(`The per-person weekly table holds the most recent ${MAX_POINTS} rows, from the week of ${byPersonWeek[0]!.week}; choose a person or a shorter date range to see the rest.`);
  }

  const reasonRows = await db.query<{ reason: string | null; count: number; staffing: boolean }>(REASONS(pw.sql), pw.params);
  const reasons = reasonRows.map((r) => ({
    reason: r.reason ?? '(no reason recorded)',
    count: r.count,
    share: notDelivered > 0 ? r.count / notDelivered : 0,
    staffing: r.staffing,
  }));

  const dayRows = await db.query<{ day_staffing: string; person_days: number; planned: number; not_delivered: number; staffing: number }>(
    BY_DAY_STAFFING(pw.sql),
    pw.params,
  );
  const group = (kind: string): DayGroup => {
    const r = dayRows.find((x) => x.day_staffing === kind) ?? { person_days: 0, planned: 0, not_delivered: 0, staffing: 0 };
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
    unknownPlanned: dayRows.find((x) => x.day_staffing === 'unknown')?.planned ?? 0,
    notDeliveredRiskRatio: riskRatio(shortDays.notDelivered, shortDays.planned, fullyStaffedDays.notDelivered, fullyStaffedDays.planned),
    staffingReasonRiskRatio: riskRatio(
      shortDays.notDeliveredForStaffing,
      shortDays.planned,
      fullyStaffedDays.notDeliveredForStaffing,
      fullyStaffedDays.planned,
    ),
  };

  const deliveryRows = await db.query<{ delivery: string; person_days: number; incidents: number }>(BY_DELIVERY(pw.sql, ew.sql), [
    ...pw.params,
    ...ew.params,
    threshold,
  ]);
  const days = (kind: string): DeliveryDays => {
    const r = deliveryRows.find((x) => x.delivery === kind);
    return { personDays: r?.person_days ?? 0, incidents: r?.incidents ?? 0, per100PersonDays: rateInterval(r?.incidents ?? 0, r?.person_days ?? 0, 100) };
  };
  const low = days('low');
  const high = days('high');
  const incidentsByDelivery = {
    low,
    high,
    rateRatio: rateRatioExact(low.incidents, low.personDays, high.incidents, high.personDays),
    exposureDaysWithoutPlan: days('none').personDays,
  };

  const [unknown] = await db.query<{ n: number }>(UNKNOWN_PEOPLE);
  if ((unknown?.n ?? 0) > 0) {
    warnings.push(`${plural(unknown!.n, 'plan row')} ${agree(unknown!.n, 'names', 'name')} a person who is in neither the people nor the incidents file and ${agree(unknown!.n, 'is', 'are')} left out.`);
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
      people: t?.people ?? 0,
    },
    weekly,
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
  return { weekly: weeklySentence(r), reasons: reasonsSentence(r), staffing: staffingSentence(r), incidents: incidentsSentence(r) };
}

function weeklySentence(r: Numbers): string {
  const t = r.totals;
  if (t.planned === 0) return 'No plan-delivery records in this selection.';
  const weeks = r.weekly.filter((w) => w.share !== null);
  const lowest = [...weeks].sort((a, b) => a.share! - b.share! || a.week.localeCompare(b.week))[0]!;
  return (
    `${pct(t.share!)} of ${plural(t.planned, 'planned proactive strategy', 'planned proactive strategies')} were delivered ` +
    `(${fmt(t.delivered, 0)}) over ${plural(weeks.length, 'week')}` +
    (weeks.length > 1 ? `; the lowest week was the week commencing ${weekLabel(lowest.week).replace(/^w\/c /, '')}, at ${pct(lowest.share!)} (${fmt(lowest.delivered, 0)} of ${fmt(lowest.planned, 0)}).` : '.')
  );
}

function reasonsSentence(r: Numbers): string {
  const t = r.totals;
  if (t.notDelivered === 0) return t.planned === 0 ? 'No plan-delivery records in this selection.' : 'Every planned strategy in this selection was delivered.';
  const top = r.reasons[0]!;
  return (
    `Of ${plural(t.notDelivered, 'strategy', 'strategies')} not delivered, ${fmt(t.notDeliveredForStaffing, 0)} (${pct(t.staffingShareOfNotDelivered.share!)}) ` +
    `gave a staffing reason such as "not enough staff"; the most common reason was "${top.reason}" (${fmt(top.count, 0)}).` +
    smallNote(t.notDelivered, 'strategy not delivered')
  );
}

function staffingSentence(r: Numbers): string {
  const { shortDays: s, fullyStaffedDays: f, notDeliveredRiskRatio: rr, staffingReasonRiskRatio: srr } = r.byDayStaffing;
  if (s.planned === 0 || f.planned === 0) {
    return 'There are not enough planned strategies on both short-staffed and fully staffed days to compare them.';
  }
  const base =
    `On days when the unit was short of staff in any period, ${pct(s.notDeliveredShare.share!)} of planned strategies were not delivered ` +
    `(${fmt(s.notDelivered, 0)} of ${fmt(s.planned, 0)}), and ${pct(s.staffingReasonShare.share!)} for a staffing reason; ` +
    `on fully staffed days ${pct(f.notDeliveredShare.share!)} (${fmt(f.notDelivered, 0)} of ${fmt(f.planned, 0)}), and ${pct(f.staffingReasonShare.share!)} for a staffing reason`;
  const read = readRatio(rr, 'risk');
  const staffRead = readRatio(srr, 'risk');
  const parts = [
    read ? (read.clear ? `not delivering was ${read.text} on short days` : `for not delivering, ${read.text}`) : null,
    staffRead?.clear ? `a staffing reason was ${staffRead.text} on short days` : null,
  ].filter((x) => x !== null);
  return `${base}${parts.length ? `: ${parts.join('; ')}` : ''}.` + smallNote(s.notDelivered + f.notDelivered, 'strategy not delivered');
}

function incidentsSentence(r: Numbers): string {
  const { low, high, rateRatio } = r.incidentsByDelivery;
  const th = pct(r.lowDeliveryThreshold);
  if (low.personDays === 0 || high.personDays === 0) {
    return `There are not enough days with delivery below and at or above ${th} to compare incident rates.`;
  }
  const base =
    `On days when less than ${th} of a person's planned strategies were delivered there were ${fmt(low.per100PersonDays.rate!, 1)} incidents per 100 person-days ` +
    `(${fmt(low.incidents, 0)} in ${plural(low.personDays, 'day')}), against ${fmt(high.per100PersonDays.rate!, 1)} on other days (${fmt(high.incidents, 0)} in ${plural(high.personDays, 'day')})`;
  const read = readRatio(rateRatio, 'rate');
  const caveat = ' Strategies can also go undelivered because the person was already distressed, so the link runs both ways.';
  if (!read) return `${base}.${caveat}`;
  return `${base}: ${read.clear ? `incidents were ${read.text}` : read.text}.` + (read.clear ? ` ${ASSOCIATION}` : '') + caveat +
    smallNote(low.incidents + high.incidents, 'incident');
}
