/**
 * Analysis 4 — over time. Weekly (ISO weeks, Monday start) XmR charts in the NHS "Making Data
 * Count" style for incidents, restrictive interventions, mean shortfall and the incident rate,
 * with re-baselining at chosen dates; a G chart of days between events for rare events; dated
 * events as markers. The SPC arithmetic and rules are stats/spc.ts, used as is.
 */
import { and, named, raw, sql, table, type Sql } from '../db/sql';
import type { Model } from '../model/model';
import type { Settings } from '../model/settings';
import { gChart, xmr, type GChartPoint, type SpcPhase, type SpcPoint, type SpcRule } from '../stats/spc';
import { fmt } from './sentences';
import { pointVariation, variationIcon, type VariationIcon } from './variationIcon';
import type { Filters } from './types';

/** No chart gets more points than this. */
export const MAX_POINTS = 2000;

/**
 * Per ISO week (by the date of each person-period, so an incident at 02:00 on a Monday in
 * Sunday's night period counts in the week of that Sunday): days with exposure, person-periods,
 * incidents in exposure, restrictive interventions (every row of the restrictive interventions
 * file on those incidents, PRN for distress included), the mean shortfall over the distinct
 * periods with anyone in exposure (periods without a known requirement left out), and for the G
 * chart the incidents that ended in a restrictive intervention and the last dates of exposure,
 * of an incident and of one with a restrictive intervention.
 *
 * Without a person this sums unit-days (model/unitDays.ts); a person's weeks come from their own
 * person-periods and incidents (model/exposureIncidents.ts), a few thousand rows.
 */
const UNIT_WEEKS = (where: Sql) => named('overTime.unitWeeks', sql`
SELECT strftime(week, '%Y-%m-%d') AS week, count(DISTINCT date)::INTEGER AS days,
       sum(periods)::DOUBLE AS person_periods, sum(incidents)::DOUBLE AS incidents, sum(restrictive)::DOUBLE AS restrictive,
       (sum(period_shortfall_sum) / nullif(sum(period_shortfall_n), 0))::DOUBLE AS mean_shortfall,
       sum(period_shortfall_n)::INTEGER AS periods_with_shortfall, sum(incidents_with_ri)::DOUBLE AS incidents_with_ri,
       strftime(max(date), '%Y-%m-%d') AS last_date, strftime(max(last_incident_on), '%Y-%m-%d') AS last_incident,
       strftime(max(last_ri_on), '%Y-%m-%d') AS last_ri
FROM ${table('unit_days')} ud WHERE ${where} AND ud.periods > 0
GROUP BY week ORDER BY week`);

const PERSON_WEEKS = (where: Sql, incidentWhere: Sql) => named('overTime.personWeeks', sql`
WITH weeks AS (
  SELECT date_trunc('week', pp.date)::DATE AS week, count(DISTINCT pp.date)::INTEGER AS days,
         count(*)::DOUBLE AS person_periods, sum(pp.incidents)::DOUBLE AS incidents,
         avg(s.shortfall)::DOUBLE AS mean_shortfall, count(s.shortfall)::INTEGER AS periods_with_shortfall,
         max(pp.date) AS last_date
  FROM ${table('person_periods')} pp JOIN ${table('period_staffing')} s USING (period_id) WHERE ${where} GROUP BY 1),
incidents AS (
  SELECT date_trunc('week', ei.date)::DATE AS week, sum(restrictive)::DOUBLE AS restrictive,
         count(*) FILTER (WHERE with_ri)::DOUBLE AS incidents_with_ri,
         max(occurred_on) AS last_incident, max(occurred_on) FILTER (WHERE with_ri) AS last_ri
  FROM ${table('exposure_incidents')} ei WHERE ${incidentWhere} GROUP BY 1)
SELECT strftime(week, '%Y-%m-%d') AS week, days, person_periods, incidents, coalesce(restrictive, 0)::DOUBLE AS restrictive,
       mean_shortfall, periods_with_shortfall, coalesce(incidents_with_ri, 0)::DOUBLE AS incidents_with_ri,
       strftime(last_date, '%Y-%m-%d') AS last_date, strftime(last_incident, '%Y-%m-%d') AS last_incident,
       strftime(last_ri, '%Y-%m-%d') AS last_ri
FROM weeks LEFT JOIN incidents USING (week)
ORDER BY week`);

/** Dates (occurred_at) of incidents in exposure under the filters; with `restrictive`, only those with a restrictive intervention. */
const EVENT_DATES = (where: Sql, restrictiveOnly: boolean) => named('overTime.eventDates', sql`
SELECT strftime(occurred_on, '%Y-%m-%d') AS d
FROM ${table('exposure_incidents')} ei
WHERE ${where} ${raw(restrictiveOnly ? 'AND ei.with_ri' : '')}
ORDER BY occurred_on`);

/**
 * Dated context from the events table under the filters. A person's view also shows unit-wide
 * events (no person) of their unit; a unit's view shows its events and its people's.
 */
export function eventsQuery(f: Filters): Sql {
  const parts: Sql[] = [];
  if (f.from) parts.push(sql`e.date >= ${f.from}::DATE`);
  if (f.to) parts.push(sql`e.date <= ${f.to}::DATE`);
  if (f.unit) parts.push(sql`(coalesce(e.unit, ps.unit) = ${f.unit} OR (e.unit IS NULL AND e.person_id IS NULL))`);
  if (f.personId) {
    parts.push(sql`(e.person_id = ${f.personId} OR (e.person_id IS NULL AND (e.unit IS NULL OR e.unit = (SELECT unit FROM ${table('person_spans')} WHERE person_id = ${f.personId}))))`);
  }
  return named('overTime.events', sql`
SELECT strftime(e.date, '%Y-%m-%d') AS date, strftime(date_trunc('week', e.date)::DATE, '%Y-%m-%d') AS week,
       e.type, e.description, e.person_id AS "personId", ps.label AS "personLabel", coalesce(e.unit, ps.unit) AS unit
FROM r_events e LEFT JOIN ${table('person_spans')} ps USING (person_id)
WHERE ${and(parts)}
ORDER BY e.date, e.type`);
}

export interface EventMarker {
  date: string;
  /** Monday of the event's week, the x position on a weekly chart. */
  week: string;
  type: string;
  description: string | null;
  personId: string | null;
  /** The person's pseudonym; null for a unit-wide event. */
  personLabel: string | null;
  unit: string | null;
}

export type { Variation } from './variationIcon';
import type { Variation } from './variationIcon';

/** One week's point of an XmR chart: the SPC point, dated by its week instead of its index. */
export interface WeeklyPoint extends Omit<SpcPoint, 'index'> {
  /** Monday of the ISO week (YYYY-MM-DD). */
  week: string;
  /** Making Data Count colouring: special cause on the better side is an improvement. */
  variation: Variation;
}

export interface ChartPhase extends Omit<SpcPhase, 'start' | 'end'> {
  /** First and last week (Mondays) of the phase. */
  from: string;
  to: string;
}

export interface WeeklyChart {
  key: 'incidents' | 'restrictive' | 'shortfall' | 'rate';
  title: string;
  /** What one value is, e.g. "incidents per week". */
  measure: string;
  points: WeeklyPoint[];
  phases: ChartPhase[];
  warnings: string[];
  /** The Making Data Count icon for the latest week (lower is better for every weekly chart here). */
  icon: VariationIcon | null;
  sentence: string;
}

export interface WeekRow {
  week: string;
  /** Days of the week with exposure (7 for a full week). */
  days: number;
  complete: boolean;
  personPeriods: number;
  incidents: number;
  restrictive: number;
  /** Incidents per 100 person-periods. */
  ratePer100: number;
  meanShortfall: number | null;
  periodsWithShortfall: number;
}

export interface GChartView {
  of: 'restrictive' | 'incidents';
  /** Events counted (incidents in exposure, on their dates). */
  events: number;
  points: (GChartPoint & { variation: Variation })[];
  phases: SpcPhase[];
  /** Days from the last event to the end of the data: an open gap not yet on the chart. */
  daysSinceLast: number | null;
  warnings: string[];
  /** The Making Data Count icon for the latest gap (a longer gap is better). */
  icon: VariationIcon | null;
  sentence: string;
}

export interface OverTimeOptions {
  /** ISO dates: the week holding each date starts a new phase with its own mean and limits. */
  breaks?: string[];
  /** What the G chart counts days between (default: incidents with a restrictive intervention). */
  gChartOf?: 'restrictive' | 'incidents';
}

export interface OverTimeResult {
  filters: Filters;
  /** The breaks asked for, with the week each starts (null when outside the charted weeks). */
  breaks: { date: string; week: string | null }[];
  /** Weeks on the charts. */
  weeks: WeekRow[];
  /** Incomplete first and last weeks, left off the charts. */
  droppedWeeks: WeekRow[];
  charts: { incidents: WeeklyChart; restrictive: WeeklyChart; shortfall: WeeklyChart; rate: WeeklyChart };
  gChart: GChartView;
  events: EventMarker[];
  note: string;
  warnings: string[];
}

export const OVER_TIME_NOTE =
  'Weeks run Monday to Sunday; a period counts in the week of the date it starts on. The first and ' +
  'last weeks are left off the charts when they are incomplete (fewer than 7 days in the data or the ' +
  'date range), because a part week has fewer incidents for no other reason. Limits: mean ± 2.66 × the ' +
  'mean moving range, leaving out moving ranges of 3.267 × their mean or more. Special cause: a point ' +
  'outside the limits; 7 in a row on one side of the mean (a point on the mean breaks the run); 7 each ' +
  'higher (or lower) than the one before; 2 of 3 beyond two thirds of the way to a limit, all on one ' +
  'side. Fewer than 12 points make the limits unreliable. The rate chart is an XmR chart of weekly ' +
  'rates per 100 person-periods, which is acceptable when the number of people varies little from week ' +
  'to week. Restrictive interventions count every recorded intervention, PRN medication for distress included.';

/** A row of UNIT_WEEKS or PERSON_WEEKS. */
interface WeekQueryRow {
  week: string;
  days: number;
  person_periods: number;
  incidents: number;
  restrictive: number;
  mean_shortfall: number | null;
  periods_with_shortfall: number;
  incidents_with_ri: number;
  last_date: string | null;
  last_incident: string | null;
  last_ri: string | null;
}

export async function overTimeAnalysis(
  model: Model,
  filters: Filters,
  _settings?: Settings,
  options: OverTimeOptions = {},
): Promise<OverTimeResult> {
  const kf = await model.filters(filters);
  const gOf = options.gChartOf ?? 'restrictive';
  const restrictiveOnly = gOf === 'restrictive';
  const eventDates = () => model.query<{ d: string }>(EVENT_DATES(kf.on('ei'), restrictiveOnly));
  // The weeks, the dated events and — for a person, whose events are few enough to chart (a few
  // hundred rows of their own) — the G chart's dates, asked together: one wait, not two or three in
  // a row. Without a person the dates are asked only when the weeks count few enough events.
  const weeksQuery = filters.personId ? PERSON_WEEKS(kf.on('pp'), kf.on('ei')) : UNIT_WEEKS(kf.on('ud'));
  const [rows, markers, personDates] = await Promise.all([
    model.query<WeekQueryRow>(weeksQuery),
    model.query<EventMarker>(eventsQuery(filters)),
    filters.personId ? eventDates() : null,
  ]);
  const all: WeekRow[] = rows.map((r) => ({
    week: r.week,
    days: r.days,
    complete: r.days === 7,
    personPeriods: r.person_periods,
    incidents: r.incidents,
    restrictive: r.restrictive,
    ratePer100: r.person_periods > 0 ? (100 * r.incidents) / r.person_periods : 0,
    meanShortfall: r.mean_shortfall,
    periodsWithShortfall: r.periods_with_shortfall,
  }));
  const warnings: string[] = [];

  // Incomplete weeks at either end are left off; any inside (a gap in the rota) are kept and said.
  let first = 0;
  let last = all.length - 1;
  while (first <= last && !all[first]!.complete) first++;
  while (last >= first && !all[last]!.complete) last--;
  const droppedWeeks = [...all.slice(0, first), ...all.slice(last + 1)];
  let weeks = all.slice(first, last + 1);
  const gaps = weeks.filter((x) => !x.complete);
  if (gaps.length > 0) {
    warnings.push(`${gaps.length} week${gaps.length === 1 ? ' has' : 's have'} fewer than 7 days of data inside the series (first: ${weekLabel(gaps[0]!.week)}); their counts are low for that reason.`);
  }
  if (weeks.length > MAX_POINTS) {
    warnings.push(`Only the last ${MAX_POINTS} weeks are charted.`);
    weeks = weeks.slice(-MAX_POINTS);
  }

  const breaks = (options.breaks ?? []).map((date) => {
    const week = mondayOf(date);
    if (week === null) warnings.push(`The re-baseline date "${date}" is not a date (YYYY-MM-DD) and was ignored.`);
    return { date, week };
  });
  const breakWeeks = breaks.map((b) => b.week).filter((x): x is string => x !== null);
  const charted = breaks.map((b) => ({
    date: b.date,
    week: b.week !== null && weeks.length > 0 && b.week > weeks[0]!.week && b.week <= weeks[weeks.length - 1]!.week ? b.week : null,
  }));
  for (const b of charted) {
    if (b.week === null && mondayOf(b.date) !== null) warnings.push(`The re-baseline at ${b.date} is not inside the charted weeks and was ignored.`);
  }

  const chart = (key: WeeklyChart['key'], title: string, measure: string, pick: (x: WeekRow) => number | null, digits: number) =>
    weeklyChart(key, title, measure, weeks.flatMap((x) => {
      const v = pick(x);
      return v === null ? [] : [{ week: x.week, value: v }];
    }), breakWeeks, digits);
  const charts = {
    incidents: chart('incidents', 'Incidents per week', 'incidents a week', (x) => x.incidents, 1),
    restrictive: chart('restrictive', 'Restrictive interventions per week', 'restrictive interventions a week', (x) => x.restrictive, 1),
    shortfall: chart('shortfall', 'Mean staff shortfall per period, by week', 'staff short per period', (x) => x.meanShortfall, 2),
    rate: chart('rate', 'Incidents per 100 person-periods, by week', 'incidents per 100 person-periods', (x) => x.ratePer100, 1),
  };
  const noShortfall = weeks.filter((x) => x.meanShortfall === null).length;
  if (noShortfall > 0) warnings.push(`${noShortfall} weeks have no period with a known staffing requirement and are left off the shortfall chart.`);

  // The G chart: its events' dates only when few enough to chart (it is for rare events).
  const events = rows.reduce((t, r) => t + (restrictiveOnly ? r.incidents_with_ri : r.incidents), 0);
  const latest = (dates: (string | null)[]) => dates.reduce<string | null>((m, d) => (d !== null && (m === null || d > m) ? d : m), null);
  let dates: string[] | null = null;
  if (events <= MAX_POINTS + 1) dates = (personDates ?? (await eventDates())).map((r) => r.d);
  const lastEvent = latest(rows.map((r) => (restrictiveOnly ? r.last_ri : r.last_incident)));
  const g = gChartView(gOf, { events, lastEvent, dates }, options.breaks ?? [], latest(rows.map((r) => r.last_date)));

  return { filters, breaks: charted, weeks, droppedWeeks, charts, gChart: g, events: markers, note: OVER_TIME_NOTE, warnings };
}

/** An XmR chart of a weekly series, re-baselined at the weeks holding the break dates. Lower is better. */
export function weeklyChart(
  key: WeeklyChart['key'],
  title: string,
  measure: string,
  series: { week: string; value: number }[],
  breakWeeks: string[],
  digits = 1,
): WeeklyChart {
  const breakIndexes = [...new Set(breakWeeks.map((b) => series.findIndex((s) => s.week >= b)).filter((i) => i > 0))];
  const spc = xmr(series.map((s) => s.value), { breaks: breakIndexes });
  const points: WeeklyPoint[] = spc.points.map(({ index, ...point }) => ({
    week: series[index]!.week,
    ...point,
    variation: pointVariation(spc.points, index, 'down'),
  }));
  const phases: ChartPhase[] = spc.phases.map(({ start, end, ...rest }) => ({ ...rest, from: series[start]!.week, to: series[end]!.week }));
  const warnings = spc.warnings.map((x) => x.replace(/points (\d+)–(\d+)/, (_, a: string, b: string) => `${weekLabel(series[Number(a) - 1]!.week)} to ${weekLabel(series[Number(b) - 1]!.week)}`));
  return { key, title, measure, points, phases, warnings, icon: variationIcon(spc.points, 'down'), sentence: describeChart(measure, points, phases, digits, warnings) };
}

const RULE_WORDS: Record<SpcRule, string> = {
  outsideLimits: 'outside the usual range',
  shift: 'in a run of 7 or more on one side of the average',
  trend: 'in a run of 7 or more rising or falling',
  twoOfThree: 'in 2 of 3 weeks close to the edge of the usual range',
};

/**
 * The chart in words, finding first: which weeks (if any) were unusual and which way, then the
 * average and the usual range. Only weeks are named as time.
 */
function describeChart(measure: string, points: WeeklyPoint[], phases: ChartPhase[], digits: number, warnings: string[]): string {
  if (points.length === 0) return `There are no complete weeks to chart ${measure} in this selection.`;
  const usual = (p: { lower: number | null; upper: number | null }) =>
    p.lower === null || p.upper === null ? '' : `; a usual week lies between ${fmt(Math.max(0, p.lower), digits)} and ${fmt(p.upper, digits)}`;
  const lastPhase = phases[phases.length - 1]!;
  const sides = (['concern', 'improvement'] as const).flatMap((v) => {
    const flagged = points.filter((p) => p.variation === v);
    if (flagged.length === 0) return [];
    const rules = [...new Set(flagged.flatMap((p) => p.rules))].map((r) => RULE_WORDS[r]);
    const word = v === 'concern' ? 'higher than usual, a concern' : 'lower than usual, an improvement';
    const when = flagged.length === 1 ? weekLabel(flagged[0]!.week) : `the first ${weekLabel(flagged[0]!.week)}`;
    return [`${flagged.length} week${flagged.length === 1 ? ' was' : 's were'} ${word} (${when}): ${rules.join('; ')}`];
  });
  let text =
    sides.length === 0
      ? `No week stands out over these ${points.length} weeks: the ups and downs are the usual variation.`
      : `${sides.join('. ')}.`;
  text +=
    phases.length === 1
      ? ` On average ${fmt(lastPhase.mean, digits)} ${measure} over ${points.length} weeks${usual(lastPhase)}.`
      : ` Since ${weekLabel(lastPhase.from)} the average has been ${fmt(lastPhase.mean, digits)} ${measure}, against ${fmt(phases[phases.length - 2]!.mean, digits)} before${usual(lastPhase)}.`;
  if (warnings.length > 0) text += ` ${warnings.join(' ')}`;
  return text;
}

/**
 * The G chart from the events' count and last date, and their dates (in order) when there are at
 * most MAX_POINTS + 1 of them; with more, the chart is declined.
 */
function gChartView(
  of: 'restrictive' | 'incidents',
  found: { events: number; lastEvent: string | null; dates: string[] | null },
  breakDates: string[],
  lastDate: string | null,
): GChartView {
  const what = of === 'restrictive' ? 'incidents with a restrictive intervention' : 'incidents';
  const daysSinceLast = found.events > 0 && found.lastEvent && lastDate ? dayDiff(found.lastEvent, lastDate) : null;
  if (found.events > MAX_POINTS + 1 || found.dates === null) {
    return {
      of, events: found.events, points: [], phases: [], daysSinceLast,
      warnings: [`${found.events} events are too many for a G chart; it is for rare events. Use the weekly chart instead.`],
      icon: null,
      sentence: `There are too many ${what} here for a chart of days between them; the weekly chart shows them better.`,
    };
  }
  const dates = found.dates;
  const valid = breakDates.filter((b) => mondayOf(b) !== null);
  const gapIndexes = (gaps: { to: string }[]) => [...new Set(valid.map((b) => gaps.findIndex((x) => x.to >= b)).filter((i) => i > 0))];
  // Gaps are known only after sorting: a first pass finds where the breaks fall.
  const first = gChart(dates);
  const g = gChart(dates, { breaks: gapIndexes(first.points) });
  const points = g.points.map((p, i) => ({ ...p, variation: pointVariation(g.points, i, 'up') }));
  let sentence: string;
  if (points.length === 0) {
    sentence = `There ${dates.length === 1 ? 'is only one' : 'are no'} ${what} in this selection, so there are no gaps between them to chart.`;
  } else {
    const last = g.phases[g.phases.length - 1]!;
    sentence = `There were ${dates.length} ${what}, on average ${fmt(last.mean, 1)} days apart${g.phases.length > 1 ? ' since the last re-baseline' : ''}.`;
    const longer = points.filter((p) => p.variation === 'improvement');
    const shorter = points.filter((p) => p.variation === 'concern');
    if (longer.length > 0) sentence += ` ${longer.length} gap${longer.length === 1 ? ' was' : 's were'} unusually long (an improvement), the first ending ${dayLabel(longer[0]!.to)}.`;
    if (shorter.length > 0) sentence += ` ${shorter.length} gap${shorter.length === 1 ? ' was' : 's were'} part of a run of unusually short gaps (a concern), the first ending ${dayLabel(shorter[0]!.to)}.`;
    if (longer.length === 0 && shorter.length === 0) sentence += ' No gap stands out as unusually long or short.';
    if (daysSinceLast !== null) {
      sentence += daysSinceLast === 0 ? ' The last one was on the last day of the data.' : ` The data run ${daysSinceLast} days past the last one.`;
    }
    if (last.mean < 7) sentence += ' These events are frequent (less than 7 days apart on average), so the weekly chart suits them better than a G chart.';
  }
  return { of, events: dates.length, points, phases: g.phases, daysSinceLast, warnings: g.warnings, icon: variationIcon(g.points, 'up', 'gap'), sentence };
}

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parseIso(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).getUTCDate() === Number(m[3]) ? ms : null;
}

/** Monday of the ISO week holding an ISO date; null for a non-date. */
export function mondayOf(iso: string): string | null {
  const ms = parseIso(iso);
  if (ms === null) return null;
  const back = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - back * DAY_MS).toISOString().slice(0, 10);
}

function dayDiff(a: string, b: string): number {
  return Math.round((parseIso(b)! - parseIso(a)!) / DAY_MS);
}

export function dayLabel(iso: string): string {
  const ms = parseIso(iso);
  if (ms === null) return iso;
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "w/c 3 Mar 2025" for a week's Monday. */
export const weekLabel = (monday: string) => `w/c ${dayLabel(monday)}`;
