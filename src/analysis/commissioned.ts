/**
 * Analysis 6 — commissioned vs delivered. "Although 2:1 is commissioned, this is not actually
 * delivered." For each person with a commissioned ratio, every clock hour of their exposure days
 * inside the commissioned hours is a slot; the staff allocated to them in a slot are the overlap
 * hours of worked rota lines carrying their person_id (two staff for half an hour = 1). A slot is
 * short when fewer staff were allocated than commissioned. The slots are summed per person and
 * day into a model table (commissioned_days, model/commissioned.ts); this module filters and sums days.
 */
import { named, raw, sql, table, type Sql } from '../db/sql';
import type { Model } from '../model/model';
import type { Settings } from '../model/settings';
import { proportionInterval, rateInterval, type RateEstimate, type ShareEstimate } from '../stats/intervals';
import { rateRatioExact } from '../stats/rateRatio';
import { personWeekRows, weekRows } from './filters';
import { bucketColumn, isLong, monthOf, MONTHLY_REASON, type Grain, type Span } from './grain';
import { ASSOCIATION, fmt, pct, plural, ratioCi, ratioDigits, readRatio, smallNote, timesAs } from './sentences-shared';
import type { Estimate, Filters } from './types';

export interface HoursCount {
  /** Commissioned clock hours (slots). */
  commissionedHours: number;
  /** Slots with at least the commissioned number of allocated staff. */
  fullHours: number;
  shortHours: number;
  /** Σ max(0, commissioned − allocated) over slots. */
  staffHoursShort: number;
  /** Σ commissioned staff over slots (a 2:1 hour is 2 staff-hours). */
  commissionedStaffHours: number;
  /** Σ min(allocated, commissioned): staff-hours delivered, extra staff not counted. */
  deliveredStaffHours: number;
}

export interface CommissionedPerson extends HoursCount {
  personId: string;
  label: string;
  unit: string;
  /** As recorded, e.g. "2:1". */
  ratio: string;
  /** Staff per person: 2:1 → 2, 1:1 → 1, 1:2 → 0.5. */
  staff: number;
  /** "08:00–22:00", or "all day". */
  hours: string;
  incidentsInShortHours: number;
  incidentsInFullHours: number;
  /** Worked rota lines allocated to this person in the whole rota. */
  allocatedShifts: number;
}

export interface HoursRate {
  hours: number;
  incidents: number;
  /** Incidents per 100 commissioned hours, exact Poisson interval. */
  per100Hours: RateEstimate;
}

export interface CommissionedResult {
  filters: Filters;
  people: CommissionedPerson[];
  totals: HoursCount & { shareOfHoursShort: ShareEstimate };
  /**
   * All selected people together, per ISO week (Monday), or per calendar month (its first day)
   * when the dates shown span more than two years (`grain`; analysis/grain.ts): hours summed.
   */
  weekly: (HoursCount & { week: string })[];
  /** How `weekly` is bucketed. */
  grain: Grain;
  /** First and last day with commissioned hours under the filters (null when none): a month at either end may be a part month. */
  span: Span | null;
  /** Incidents of these people by the clock hour they happened in, short hours against fully delivered hours. */
  incidents: { shortHours: HoursRate; fullHours: HoursRate; rateRatio: Estimate | null };
  /** People in the selection with no commissioned ratio (not analysed). */
  peopleWithoutRatio: number;
  /** weekly: the headline; timeline: the sentence under the chart by week or month (with MONTHLY_REASON when by month). */
  sentences: { weekly: string; timeline: string; incidents: string };
  warnings: string[];
}

const MAX_POINTS = 2000;
const HOURS = 'hours, short_hours, staff_hours_short, commissioned_staff_hours, delivered_staff_hours, incidents_short, incidents_full';
/** Week rows carry their month and first and last day (model/commissionedWeeks.ts); day rows are their own. */
const WEEK_COLUMNS = `person_idx, week, month, first_date, last_date, ${HOURS}`;
const DAY_COLUMNS = sql`person_idx, week, ${monthOf(sql`date`)} AS month, date AS first_date, date AS last_date, ${raw(HOURS)}`;

/** The hour columns summed (first level), and summed again with the full hours (second level). */
const SUMMED = raw(HOURS.split(', ').map((c) => `sum(${c})::DOUBLE AS ${c}`).join(', '));
const TOTALS = raw(`sum(hours)::DOUBLE AS hours, sum(hours - short_hours)::DOUBLE AS full_hours, sum(short_hours)::DOUBLE AS short_hours,
       sum(staff_hours_short)::DOUBLE AS staff_hours_short, sum(commissioned_staff_hours)::DOUBLE AS commissioned_staff_hours,
       sum(delivered_staff_hours)::DOUBLE AS delivered_staff_hours, sum(incidents_short)::DOUBLE AS incidents_short, sum(incidents_full)::DOUBLE AS incidents_full`);

/**
 * Hours per person, per week or month, and in total: sums of commissioned weeks and days
 * (model/commissioned.ts, commissionedWeeks.ts). By calendar month when the first to the last day
 * with hours span more than two years (analysis/grain.ts): a week's rows are split by month, so
 * the months are exact. One pass over the rows sums them per (week, month) part and per person;
 * the few hundred parts are then summed by week or month and in total.
 */
const SUMS = (rows: Sql) => named('commissioned.hours', sql`
WITH parts AS MATERIALIZED (
  SELECT grouping(person_idx)::INTEGER AS g_person, person_idx, week, month, min(first_date) AS first_date, max(last_date) AS last_date, ${SUMMED}
  FROM (${rows}) cd GROUP BY GROUPING SETS ((week, month), (person_idx))),
span AS (SELECT ${isLong(raw('min(first_date)'), raw('max(last_date)'))} AS monthly,
                strftime(min(first_date), '%Y-%m-%d') AS first_date, strftime(max(last_date), '%Y-%m-%d') AS last_date FROM parts WHERE g_person = 1)
SELECT 1 AS g_person, grouping(bucket)::INTEGER AS g_week, NULL::INTEGER AS person_idx, strftime(bucket, '%Y-%m-%d') AS week,
       any_value(monthly) AS monthly, any_value(first_date) AS first_date, any_value(last_date) AS last_date, ${TOTALS}
FROM (SELECT p.* EXCLUDE (first_date, last_date), span.*, ${bucketColumn(raw('p.week'), raw('p.month'), raw('span.monthly'))} AS bucket
      FROM parts p, span WHERE p.g_person = 1) b
GROUP BY GROUPING SETS ((bucket), ())
UNION ALL
SELECT 0, 1, person_idx, NULL, NULL, NULL, NULL, ${TOTALS} FROM parts WHERE g_person = 0 GROUP BY person_idx
ORDER BY week`);

/**
 * People with a commissioned ratio and their allocated rota lines (model/commissionedPeople.ts),
 * each row also carrying how many people in the selection have exposure but no ratio (one row of
 * nulls when nobody has a ratio). Exposure by person-weeks (model/personWeeks.ts).
 */
const PEOPLE = (exposure: Sql) => named('commissioned.people', sql`
SELECT cp.person_idx, cp.person_id, cp.label, cp.unit, cp.ratio, cp.commissioned_from, cp.commissioned_to, cp.allocated_shifts, w.without
FROM (SELECT count(DISTINCT r.person_idx)::DOUBLE AS without FROM (${exposure}) r JOIN ${table('person_spans')} ps USING (person_idx)
      WHERE r.periods > 0 AND ps.commissioned_ratio IS NULL) w
LEFT JOIN ${table('commissioned_people')} cp ON TRUE
ORDER BY cp.label`);

interface SlotRow {
  g_person: number;
  g_week: number;
  person_idx: number | null;
  week: string | null;
  monthly: boolean | null;
  first_date: string | null;
  last_date: string | null;
  hours: number;
  full_hours: number;
  short_hours: number;
  staff_hours_short: number;
  commissioned_staff_hours: number;
  delivered_staff_hours: number;
  incidents_short: number;
  incidents_full: number;
}

interface PersonRow {
  person_idx: number | null;
  person_id: string;
  label: string;
  unit: string;
  ratio: string;
  commissioned_from: string | null;
  commissioned_to: string | null;
  allocated_shifts: number;
  without: number;
}

const hoursCount = (r: SlotRow | undefined): HoursCount => ({
  commissionedHours: r?.hours ?? 0,
  fullHours: r?.full_hours ?? 0,
  shortHours: r?.short_hours ?? 0,
  staffHoursShort: r?.staff_hours_short ?? 0,
  commissionedStaffHours: r?.commissioned_staff_hours ?? 0,
  deliveredStaffHours: r?.delivered_staff_hours ?? 0,
});

export const ratioStaff = (ratio: string): number | null => {
  const m = /^(\d+):(\d+)$/.exec(ratio.replace(/\s/g, ''));
  if (!m || Number(m[2]) === 0) return null;
  return Number(m[1]) / Number(m[2]);
};

const CLOCK = /^\d{1,2}:\d{2}$/;

export async function commissionedAnalysis(model: Model, filters: Filters, _settings?: Settings): Promise<CommissionedResult> {
  const kf = await model.filters(filters);
  const hours = weekRows(kf, { table: 'commissioned_weeks', columns: WEEK_COLUMNS }, { table: 'commissioned_days', columns: DAY_COLUMNS });
  // Both asked together: one wait, not two in a row.
  const [rows, found] = await Promise.all([model.query<SlotRow>(SUMS(hours)), model.query<PersonRow>(PEOPLE(personWeekRows(kf)))]);
  const people = found.filter((p) => p.person_idx !== null);
  const without = { n: found[0]?.without ?? 0 };
  const warnings: string[] = [];

  const byPerson = new Map(rows.filter((x) => x.g_person === 0).map((x) => [x.person_idx, x]));
  const result: CommissionedPerson[] = [];
  for (const p of people) {
    const r = byPerson.get(p.person_idx);
    if (!r) continue; // no exposure days in the selection
    const from = p.commissioned_from?.trim() ?? '';
    const to = p.commissioned_to?.trim() ?? '';
    const window = CLOCK.test(from) && CLOCK.test(to) && from !== to;
    if ((from || to) && !window) {
      warnings.push(`${p.label}'s commissioned hours ("${from}" to "${to}") could not be read as two different times, so all day is assumed.`);
    }
    if (p.allocated_shifts === 0) {
      warnings.push(
        `No worked rota line is allocated to ${p.label} (no person_id on the rota), so every commissioned hour shows as short: ` +
          `either the rota does not record 1:1 / 2:1 allocations, or none was delivered.`,
      );
    }
    result.push({
      personId: p.person_id,
      label: p.label,
      unit: p.unit,
      ratio: p.ratio,
      staff: ratioStaff(p.ratio) ?? 0,
      hours: window ? `${from}–${to}` : 'all day',
      ...hoursCount(r),
      incidentsInShortHours: r.incidents_short,
      incidentsInFullHours: r.incidents_full,
      allocatedShifts: p.allocated_shifts,
    });
  }

  const total = rows.find((x) => x.g_person === 1 && x.g_week === 1);
  const grain: Grain = total?.monthly === true ? 'month' : 'week';
  const span = total?.first_date && total.last_date ? { first: total.first_date, last: total.last_date } : null;
  let weekly = rows.filter((x) => x.g_week === 0).map((x) => ({ week: x.week!, ...hoursCount(x) }));
  if (weekly.length > MAX_POINTS) {
    weekly = weekly.slice(-MAX_POINTS);
    warnings.push(`Only the last ${MAX_POINTS} ${grain}s are charted.`);
  }
  const totals = hoursCount(total);
  const shortRate: HoursRate = {
    hours: totals.shortHours,
    incidents: total?.incidents_short ?? 0,
    per100Hours: rateInterval(total?.incidents_short ?? 0, totals.shortHours, 100),
  };
  const fullRate: HoursRate = {
    hours: totals.fullHours,
    incidents: total?.incidents_full ?? 0,
    per100Hours: rateInterval(total?.incidents_full ?? 0, totals.fullHours, 100),
  };
  const numbers: Omit<CommissionedResult, 'sentences'> = {
    filters,
    people: result,
    totals: { ...totals, shareOfHoursShort: proportionInterval(totals.shortHours, totals.commissionedHours) },
    weekly,
    grain,
    span,
    incidents: {
      shortHours: shortRate,
      fullHours: fullRate,
      rateRatio: rateRatioExact(shortRate.incidents, shortRate.hours, fullRate.incidents, fullRate.hours),
    },
    peopleWithoutRatio: without?.n ?? 0,
    warnings,
  };
  const headline = weeklySentence(numbers);
  return { ...numbers, sentences: { weekly: headline, timeline: grain === 'month' ? `${headline} ${MONTHLY_REASON}` : headline, incidents: incidentsSentence(numbers) } };
}

type Numbers = Omit<CommissionedResult, 'sentences'>;

const hoursText = (h: number) => plural(Math.round(h * 10) / 10, 'hour');

function weeklySentence(r: Numbers): string {
  const t = r.totals;
  if (t.commissionedHours === 0) return 'No one in this selection has commissioned 1:1 or 2:1 hours.';
  const p = r.people[0]!;
  const who = r.people.length === 1 ? `${p.label} (${p.ratio}, ${p.hours})` : `${plural(r.people.length, 'person', 'people')} with 1:1 or 2:1 support`;
  if (t.shortHours === 0) {
    return `In every one of the ${hoursText(t.commissionedHours)} commissioned for ${who}, at least the commissioned number of staff was allocated.`;
  }
  const delivered = t.commissionedStaffHours > 0 ? t.deliveredStaffHours / t.commissionedStaffHours : 1;
  return (
    `Fewer staff were allocated than commissioned in ${fmt(t.shortHours, 0)} of the ${hoursText(t.commissionedHours)} commissioned for ${who} ` +
    `(${pct(t.shareOfHoursShort.share!)}): ${fmt(t.staffHoursShort, Number.isInteger(t.staffHoursShort) ? 0 : 1)} staff-hours short, ${pct(delivered)} of the commissioned staff-hours delivered.`
  );
}

/** Finding first: how often incidents happened in short hours, then the rates behind it. */
function incidentsSentence(r: Numbers): string {
  const { shortHours: s, fullHours: f, rateRatio } = r.incidents;
  if (s.hours === 0 || f.hours === 0) {
    return 'There are not enough commissioned hours both short and fully delivered to compare incident rates.';
  }
  const when = 'In commissioned hours short of the commissioned staffing';
  const rates =
    `${fmt(s.per100Hours.rate!, 1)} incidents per 100 hours (${fmt(s.incidents, 0)} in ${hoursText(s.hours)}), ` +
    `against ${fmt(f.per100Hours.rate!, 1)} in fully delivered hours (${fmt(f.incidents, 0)} in ${hoursText(f.hours)})`;
  const small = smallNote(s.incidents + f.incidents, 'incident');
  if (!rateRatio) return `${when} there were ${rates}.${small}`;
  const read = readRatio(rateRatio, 'rate')!;
  if (!read.clear) return `${when}, these numbers cannot tell whether incidents happened more or less often than in fully delivered hours (rate ratio ${fmt(rateRatio.estimate, ratioDigits(rateRatio))}, ${ratioCi(rateRatio)}). There were ${rates}.${small}`;
  return `${when}, incidents happened ${timesAs(rateRatio, 'as often')} as in fully delivered hours (${ratioCi(rateRatio)}): ${rates}. ${ASSOCIATION}${small}`;
}
