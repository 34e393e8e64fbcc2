/**
 * Analysis 7 — the person's story. One timeline per person, week by week: incidents by severity,
 * restrictive interventions by kind, the staffing of the person's periods (shortfall and agency
 * share), how much of their proactive plan was delivered, and dated events; beside it the
 * incident rate by the staffing of the same period and of the period before (lagged), so a reader
 * can see whether distress follows a short shift. Without a person chosen, the list of people.
 */
import { named, raw, sql, table, type Sql } from '../db/sql';
import { bucketLabel, bucketOf, bucketOfDate, isLong, MONTHLY_REASON, periodLabel, type Grain, type Span } from './grain';
import { incidentWhere } from '../model/filters';
import type { Model } from '../model/model';
import type { InterventionGroup } from '../ingest/mhsds';
import { INTERVENTION_GROUPS, type InterventionGroupOrOther } from '../model/interventionGroups';
import { SHORTFALL_BANDS, type Settings, type ShortfallBand } from '../model/settings';
import { rateInterval, Z95 } from '../stats/intervals';
import { personWeekRows } from './filters';
import { dayLabel, eventsQuery, MAX_POINTS, type EventMarker } from './overTime';
import { ci, fmt, ratioCi, ratioDigits } from './sentences';
import type { Estimate, Filters, RateCell } from './types';

export const INTERVENTION_GROUP_LABELS: Record<InterventionGroup | 'other', string> = {
  physical: 'Physical restraint',
  mechanical: 'Mechanical restraint',
  seclusion: 'Seclusion',
  segregation: 'Segregation',
  chemical: 'Chemical restraint',
  prn: 'PRN medication for distress',
  other: 'Other or unrecognised type',
};
const GROUPS = INTERVENTION_GROUPS;
type Group = InterventionGroupOrOther;

/** People to choose from, with their exposure and incidents under the date and unit filters (person-weeks, model/personWeeks.ts). */
const PEOPLE = (rows: Sql) => named('personStory.people', sql`
SELECT ps.person_id AS "personId", ps.label, ps.unit,
       coalesce(sum(r.periods), 0)::DOUBLE AS "personPeriods", coalesce(sum(r.incidents), 0)::DOUBLE AS incidents
FROM ${table('person_spans')} ps LEFT JOIN (${rows}) r ON r.person_idx = ps.person_idx
GROUP BY ps.person_id, ps.label, ps.unit ORDER BY ps.label`);

/**
 * The person, their incidents outside every person-period under the filters, and the lagged
 * rates' counts (LAGGED, as a list): one statement, one round trip in the browser.
 */
const PERSON = (outsideWhere: Sql, lagged: Sql, personId: string) => named('personStory.person', sql`
SELECT person_id AS "personId", label, unit, strftime(from_date, '%Y-%m-%d') AS "from", strftime(to_date, '%Y-%m-%d') AS "to",
       admission_inferred AS "admissionInferred", discharge_open AS "dischargeOpen", commissioned_ratio AS "commissionedRatio",
       strftime(ready_for_discharge, '%Y-%m-%d') AS "readyForDischarge",
       (SELECT count(*) FROM ${table('outside_exposure')} i WHERE ${outsideWhere})::DOUBLE AS outside,
       (SELECT list({timing: timing, band: band, incidents: incidents, person_periods: person_periods}) FROM (${lagged})) AS lagged
FROM ${table('person_spans')} WHERE person_id = ${personId}`);

/**
 * The person's weeks (ISO, by period date): exposure; incidents in exposure by severity (1–5; blank
 * or out of range as unknown) and how many ended in a restrictive intervention; intervention rows
 * by group (model/exposureIncidents.ts); staffing averaged over the person's periods (periods
 * without a value left out); plan delivery rows dated in the week ("staffing" = a not-delivered
 * reason that mentions staff; model/personDays.ts) between the first and last day of the person's
 * periods, the dates the timeline's labels give (a plan export that runs longer than the rota's
 * would otherwise fill a part month with days outside it).
 */
const WEEKLY = (where: Sql, incidentWhere: Sql, planWhere: Sql) => {
  // By month when the person's periods under the filters span more than two years (analysis/grain.ts).
  const monthly = sql`(SELECT monthly FROM span)`;
  const at = (date: string) => bucketOf(raw(date), monthly);
  return named('personStory.weeks', sql`
WITH span AS (
  SELECT ${isLong(raw('min(pp.date)'), raw('max(pp.date)'))} AS monthly, min(pp.date) AS first_date, max(pp.date) AS last_date
  FROM ${table('person_periods')} pp WHERE ${where}),
weeks AS (
  SELECT ${at('pp.date')} AS week, count(DISTINCT pp.date)::INTEGER AS days,
         count(*)::DOUBLE AS person_periods, sum(pp.incidents)::DOUBLE AS incidents,
         sum(pp.incidents_with_ri)::DOUBLE AS incidents_with_ri,
         avg(s.shortfall)::DOUBLE AS mean_shortfall, avg(s.agency_share)::DOUBLE AS mean_agency_share
  FROM ${table('person_periods')} pp JOIN ${table('period_staffing')} s USING (period_id) WHERE ${where} GROUP BY 1),
incidents AS (
  SELECT ${at('ei.date')} AS week,
         ${raw([1, 2, 3, 4, 5].map((k) => `count(*) FILTER (WHERE severity = ${k})::DOUBLE AS s${k}`).join(', '))},
         count(*) FILTER (WHERE severity IS NULL)::DOUBLE AS s_unknown,
         ${raw(GROUPS.map((g) => `sum(r_${g})::DOUBLE AS r_${g}`).join(', '))}
  FROM ${table('exposure_incidents')} ei WHERE ${incidentWhere} GROUP BY 1),
plan AS (
  SELECT ${at('pd.date')} AS week, sum(planned)::DOUBLE AS planned, sum(delivered)::DOUBLE AS delivered,
         sum(not_delivered_staffing)::DOUBLE AS not_delivered_staffing
  FROM ${table('person_days')} pd, span WHERE ${planWhere} AND pd.planned > 0 AND pd.date BETWEEN span.first_date AND span.last_date GROUP BY 1)
SELECT strftime(week, '%Y-%m-%d') AS iso_week, ${monthly} AS monthly,
       (SELECT strftime(first_date, '%Y-%m-%d') FROM span) AS span_first, (SELECT strftime(last_date, '%Y-%m-%d') FROM span) AS span_last,
       * EXCLUDE (week)
FROM weeks LEFT JOIN incidents USING (week) LEFT JOIN plan USING (week)
ORDER BY week`);
};

/**
 * Incidents and person-periods by the shortfall band of the same period and of the period just
 * before it on the same unit (the previous shift). The first period of a unit's rota has no
 * previous period; both views leave out periods whose band is unknown. The previous period is
 * found here, over the whole rota of just the units the person's periods are on (a partition of
 * the window is a unit, so leaving other units out changes nothing): a few thousand periods, where
 * a table of every period's previous band (274 k rows at W-L) cost a build of 150–300 ms that the
 * page's first filter change waited behind.
 */
const LAGGED = (where: Sql) => sql`
WITH own AS (SELECT pp.period_id, pp.shortfall_band, pp.incidents, pp.unit_idx FROM ${table('person_periods')} pp WHERE ${where}),
lags AS (
  SELECT p.period_id, lag(b.shortfall_band) OVER (PARTITION BY p.unit_idx ORDER BY p."start") AS previous_band
  FROM ${table('periods')} p JOIN ${table('period_bands')} b USING (period_id)
  WHERE p.unit_idx IN (SELECT unit_idx FROM own))
SELECT 'same' AS timing, shortfall_band AS band, sum(incidents)::DOUBLE AS incidents, count(*)::DOUBLE AS person_periods
FROM own GROUP BY ALL
UNION ALL
SELECT 'previous', l.previous_band, sum(o.incidents)::DOUBLE, count(*)::DOUBLE
FROM own o JOIN lags l USING (period_id) GROUP BY ALL`;

export interface PersonChoice {
  personId: string;
  label: string;
  unit: string | null;
  personPeriods: number;
  incidents: number;
}

export interface PersonWeek {
  /** Monday of the ISO week, or the first of the month when the story is shown by month. */
  week: string;
  days: number;
  personPeriods: number;
  incidents: number;
  incidentsWithRestrictive: number;
  severity1: number;
  severity2: number;
  severity3: number;
  severity4: number;
  severity5: number;
  severityUnknown: number;
  /** Restrictive intervention rows by group. */
  physical: number;
  mechanical: number;
  seclusion: number;
  segregation: number;
  chemical: number;
  prn: number;
  otherRestrictive: number;
  /** Averages over the person's periods that week. */
  meanShortfall: number | null;
  meanAgencyShare: number | null;
  planned: number;
  delivered: number;
  /** delivered / planned; null when nothing was planned. */
  deliveredShare: number | null;
  notDeliveredStaffing: number;
}

export interface LaggedRow {
  band: ShortfallBand;
  /** Incidents per 100 person-periods by the band of the same period… */
  same: RateCell;
  /** …and by the band of the period before it on the unit. */
  previous: RateCell;
}

export interface LaggedView {
  rows: LaggedRow[];
  /** Rate ratio, short (one or two or more) vs fully staffed, same period and previous period. */
  shortVsNone: { same: Estimate | null; previous: Estimate | null };
  /** Person-periods left out because the band is unknown. */
  unknown: { same: number; previous: number };
  sentence: string;
}

export interface ReadyForDischarge {
  date: string;
  /** The date counted to: the discharge date, or the end of the data (or of the date filter). */
  asOf: string;
  discharged: boolean;
  days: number;
  sentence: string;
}

export interface PersonStory {
  kind: 'story';
  filters: Filters;
  person: {
    personId: string;
    label: string;
    unit: string | null;
    from: string | null;
    to: string | null;
    admissionInferred: boolean;
    dischargeOpen: boolean;
    commissionedRatio: string | null;
  };
  /** Monday of each ISO week, or the first of each month when the span is longer than two years (analysis/grain.ts). */
  weeks: PersonWeek[];
  /** What one row of `weeks` is. */
  grain: Grain;
  /** The first and last day of the person's periods shown: a month they cut is a part month (grain.ts bucketLabel). */
  span: Span | null;
  totals: { incidents: number; incidentsWithRestrictive: number; personPeriods: number; incidentsOutsideExposure: number };
  severity: { severity: 1 | 2 | 3 | 4 | 5 | null; label: string; incidents: number }[];
  interventions: { group: Group; label: string; count: number }[];
  events: EventMarker[];
  lagged: LaggedView;
  readyForDischarge: ReadyForDischarge | null;
  sentences: { incidents: string; restrictive: string; staffing: string; plan: string; events: string };
  warnings: string[];
}

export type PersonStoryResult =
  | { kind: 'choosePerson'; filters: Filters; people: PersonChoice[]; sentence: string }
  | PersonStory;

const SEVERITY_LABELS = ['1 (no harm)', '2 (low harm)', '3 (moderate harm)', '4 (severe harm)', '5 (death)'];

export async function personStoryAnalysis(model: Model, filters: Filters, _settings?: Settings): Promise<PersonStoryResult> {
  const kf = await model.filters(filters);
  if (!filters.personId) {
    const people = await model.query<PersonChoice>(PEOPLE(personWeekRows(kf.with({ personId: null }))));
    const listed = filters.unit ? people.filter((p) => p.unit === filters.unit) : people;
    return {
      kind: 'choosePerson',
      filters,
      people: listed,
      sentence: listed.length === 0 ? 'There is nobody to show in this selection.' : `Choose one of ${listed.length} people to see their timeline.`,
    };
  }
  // Structs in a list arrive as arrays of their fields in order (connector.ts plainValue), or as objects.
  type LaggedRow = { timing: 'same' | 'previous'; band: ShortfallBand | null; incidents: number; person_periods: number };
  type LaggedCount = LaggedRow | [LaggedRow['timing'], LaggedRow['band'], number, number];
  // The person, their weeks and the events, asked together: one wait for the three answers, not three in a row.
  const [[found], weekly, dated] = await Promise.all([
    model.query<PersonStory['person'] & { readyForDischarge: string | null; outside: number; lagged: LaggedCount[] | null }>(
      PERSON(incidentWhere(filters), LAGGED(kf.on('pp')), filters.personId),
    ),
    // Plan rows are the person's inside the date filter, whatever the unit filter.
    model.query<Record<string, number | string | boolean | null>>(WEEKLY(kf.on('pp'), kf.on('ei'), kf.with({ unit: null }).on('pd'))),
    model.query<EventMarker>(eventsQuery(filters)),
  ]);
  if (!found) {
    return { kind: 'choosePerson', filters, people: [], sentence: 'That person is not in the data loaded; choose someone else.' };
  }
  const { outside, lagged: laggedCounts, ...person } = found;

  const grain: Grain = weekly[0]?.monthly === true ? 'month' : 'week';
  const first = weekly[0]?.span_first;
  const span: Span | null = typeof first === 'string' && typeof weekly[0]?.span_last === 'string' ? { first, last: weekly[0].span_last } : null;
  const num = (r: Record<string, number | string | boolean | null>, k: string) => (typeof r[k] === 'number' ? (r[k] as number) : 0);
  let weeks: PersonWeek[] = weekly.map((r) => {
    const planned = num(r, 'planned');
    const delivered = num(r, 'delivered');
    return {
      week: r.iso_week as string,
      days: num(r, 'days'),
      personPeriods: num(r, 'person_periods'),
      incidents: num(r, 'incidents'),
      incidentsWithRestrictive: num(r, 'incidents_with_ri'),
      severity1: num(r, 's1'),
      severity2: num(r, 's2'),
      severity3: num(r, 's3'),
      severity4: num(r, 's4'),
      severity5: num(r, 's5'),
      severityUnknown: num(r, 's_unknown'),
      physical: num(r, 'r_physical'),
      mechanical: num(r, 'r_mechanical'),
      seclusion: num(r, 'r_seclusion'),
      segregation: num(r, 'r_segregation'),
      chemical: num(r, 'r_chemical'),
      prn: num(r, 'r_prn'),
      otherRestrictive: num(r, 'r_other'),
      meanShortfall: (r.mean_shortfall as number | null) ?? null,
      meanAgencyShare: (r.mean_agency_share as number | null) ?? null,
      planned,
      delivered,
      deliveredShare: planned > 0 ? delivered / planned : null,
      notDeliveredStaffing: num(r, 'not_delivered_staffing'),
    };
  });
  const warnings: string[] = [];
  if (weeks.length > MAX_POINTS) {
    warnings.push(`Only the last ${MAX_POINTS} ${grain}s are shown.`);
    weeks = weeks.slice(-MAX_POINTS);
  }
  const sum = (k: keyof PersonWeek) => weeks.reduce((t, x) => t + (x[k] as number), 0);
  if (outside > 0) {
    warnings.push(`${outside} of this person's incidents fall outside their person-periods (outside rota coverage or their admission) and are not on the timeline.`);
  }
  const totals = {
    incidents: sum('incidents'),
    incidentsWithRestrictive: sum('incidentsWithRestrictive'),
    personPeriods: sum('personPeriods'),
    incidentsOutsideExposure: outside,
  };
  const severity = [
    ...([1, 2, 3, 4, 5] as const).map((s) => ({ severity: s, label: SEVERITY_LABELS[s - 1]!, incidents: sum(`severity${s}`) })),
    { severity: null, label: 'Not recorded', incidents: sum('severityUnknown') },
  ];
  const interventions = GROUPS.map((g) => ({
    group: g,
    label: INTERVENTION_GROUP_LABELS[g],
    count: sum(g === 'other' ? 'otherRestrictive' : g),
  }));

  // On a monthly timeline an event is drawn at its month.
  const events = dated.map((e) => ({ ...e, week: bucketOfDate(grain, e.date, e.week) }));
  const lagged = laggedView(
    (laggedCounts ?? []).map((x) => (Array.isArray(x) ? { timing: x[0], band: x[1], incidents: x[2], person_periods: x[3] } : x)),
  );
  const ready = readyForDischarge(person, filters);
  const { readyForDischarge: _, ...personInfo } = person;

  return {
    kind: 'story',
    filters,
    person: personInfo,
    weeks,
    grain,
    span,
    totals,
    severity,
    interventions,
    events,
    lagged,
    readyForDischarge: ready,
    sentences: storySentences(person.label, grain, span, weeks, totals, interventions, events),
    warnings,
  };
}

/** Rate ratio of two Poisson counts with a log-normal 95 % interval (var = 1/a + 1/b). */
function rateRatio(a: number, n1: number, b: number, n2: number): Estimate | null {
  if (a === 0 || b === 0 || n1 === 0 || n2 === 0) return null;
  const estimate = a / n1 / (b / n2);
  const half = Z95 * Math.sqrt(1 / a + 1 / b);
  return { estimate, lower: estimate * Math.exp(-half), upper: estimate * Math.exp(half) };
}

export function laggedView(rows: { timing: 'same' | 'previous'; band: ShortfallBand | null; incidents: number; person_periods: number }[]): LaggedView {
  const cell = (timing: 'same' | 'previous', band: ShortfallBand): RateCell => {
    const r = rows.find((x) => x.timing === timing && x.band === band);
    const incidents = r?.incidents ?? 0;
    const personPeriods = r?.person_periods ?? 0;
    return { incidents, personPeriods, ...rateInterval(incidents, personPeriods, 100) };
  };
  const table = SHORTFALL_BANDS.map((band) => ({ band, same: cell('same', band), previous: cell('previous', band) }));
  const unknown = {
    same: rows.filter((x) => x.timing === 'same' && x.band === null).reduce((t, x) => t + x.person_periods, 0),
    previous: rows.filter((x) => x.timing === 'previous' && x.band === null).reduce((t, x) => t + x.person_periods, 0),
  };
  const ratio = (timing: 'same' | 'previous') => {
    const none = table[0]![timing];
    const short = table.slice(1).reduce((t, r) => ({ i: t.i + r[timing].incidents, n: t.n + r[timing].personPeriods }), { i: 0, n: 0 });
    return { rr: rateRatio(short.i, short.n, none.incidents, none.personPeriods), short, none };
  };
  const same = ratio('same');
  const previous = ratio('previous');
  return { rows: table, shortVsNone: { same: same.rr, previous: previous.rr }, unknown, sentence: laggedSentence(same, previous) };
}

function laggedSentence(
  same: { rr: Estimate | null; short: { i: number; n: number }; none: RateCell },
  previous: { rr: Estimate | null; short: { i: number; n: number }; none: RateCell },
): string {
  const rate = (i: number, n: number) => (n > 0 ? fmt((100 * i) / n, 1) : '—');
  if (previous.short.n === 0 || previous.none.personPeriods === 0) {
    return 'There are not both short-staffed and fully staffed periods in this selection, so the rate after a short shift cannot be compared.';
  }
  const read = (rr: Estimate | null) =>
    !rr
      ? 'too few incidents to compare'
      : rr.lower > 1 || rr.upper < 1
        ? `about ${fmt(rr.estimate, ratioDigits(rr))} times as high, ${ratioCi(rr)}`
        : `no clear difference: rate ratio ${fmt(rr.estimate, ratioDigits(rr))}, ${ratioCi(rr)}`;
  let text =
    `In periods that followed a short-staffed period the rate was ${rate(previous.short.i, previous.short.n)} incidents per 100 person-periods ` +
    `(${fmt(previous.short.i, 0)} in ${fmt(previous.short.n, 0)}), against ${rate(previous.none.incidents, previous.none.personPeriods)} after a fully staffed one (${read(previous.rr)}). ` +
    `In the short-staffed periods themselves it was ${rate(same.short.i, same.short.n)}, against ${rate(same.none.incidents, same.none.personPeriods)} (${read(same.rr)}).`;
  if (previous.short.i + previous.none.incidents < 10) text += ' These are small numbers: read them with care.';
  text += ' Short shifts often come in runs, so the two views overlap; neither allows for shift or weekday.';
  return text;
}

function readyForDischarge(
  p: { label: string; to: string | null; dischargeOpen: boolean; readyForDischarge: string | null },
  f: Filters,
): ReadyForDischarge | null {
  if (!p.readyForDischarge || !p.to) return null;
  const discharged = !p.dischargeOpen;
  // Without a discharge, count to the end of the data (or of the date filter, if earlier).
  const asOf = !discharged && f.to && f.to < p.to ? f.to : p.to;
  const days = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${p.readyForDischarge}T00:00:00Z`)) / 86_400_000);
  const sentence =
    days < 0
      ? `${p.label} was judged clinically ready for discharge on ${dayLabel(p.readyForDischarge)}, after the end of this view.`
      : discharged
        ? `${p.label} was judged clinically ready for discharge on ${dayLabel(p.readyForDischarge)} and was discharged ${fmt(days, 0)} days later, on ${dayLabel(asOf)}.`
        : `${p.label} was judged clinically ready for discharge on ${dayLabel(p.readyForDischarge)}: ${fmt(days, 0)} days before ${dayLabel(asOf)}, the end of the data shown, and still not discharged.`;
  return { date: p.readyForDischarge, asOf, discharged, days, sentence };
}

/** The story's sentences; a month is named as the table names it, a part month as one (grain.ts bucketLabel). */
export function storySentences(
  label: string,
  grain: Grain,
  span: Span | null,
  weeks: PersonWeek[],
  totals: PersonStory['totals'],
  interventions: PersonStory['interventions'],
  events: EventMarker[],
): PersonStory['sentences'] {
  if (weeks.length === 0) {
    const none = `${label} has no periods in exposure in this selection.`;
    return { incidents: none, restrictive: none, staffing: none, plan: none, events: `${events.length} events are marked.` };
  }
  // The first and last days shown when known (the weeks' buckets may start before and end after them).
  const shown = span
    ? `${dayLabel(span.first)} to ${dayLabel(span.last)}`
    : `${periodLabel(grain, weeks[0]!.week)} to ${periodLabel(grain, weeks[weeks.length - 1]!.week)}`;
  const severe = weeks.reduce((t, x) => t + x.severity4 + x.severity5, 0);
  const incidents =
    `From ${shown}, ${fmt(totals.incidents, 0)} incidents were recorded for ${label} (${fmt(totals.incidents / weeks.length, 1)} a ${grain} on average)` +
    (totals.incidents > 0 ? `; ${fmt(severe, 0)} ${severe === 1 ? 'was' : 'were'} severity 4 or 5, and ${fmt(totals.incidentsWithRestrictive, 0)} ended in a restrictive intervention.` : '.') +
    (totals.incidents > 0 && totals.incidents < 10 ? ' These are small numbers.' : '');
  const used = interventions.filter((g) => g.count > 0);
  const restrictive =
    used.length === 0
      ? `No restrictive interventions were recorded for ${label} in this selection.`
      : `${fmt(used.reduce((t, g) => t + g.count, 0), 0)} restrictive interventions were recorded: ${used.map((g) => `${fmt(g.count, 0)} ${g.label.replace(/^[A-Z][a-z]/, (m) => m.toLowerCase())}`).join(', ')}.`;
  const withShortfall = weeks.filter((x) => x.meanShortfall !== null);
  const worst = [...withShortfall].sort((a, b) => b.meanShortfall! - a.meanShortfall!)[0];
  const avg = (k: 'meanShortfall' | 'meanAgencyShare') => {
    const xs = weeks.filter((x) => x[k] !== null);
    const n = xs.reduce((t, x) => t + x.personPeriods, 0);
    return n > 0 ? xs.reduce((t, x) => t + x[k]! * x.personPeriods, 0) / n : null;
  };
  const sf = avg('meanShortfall');
  const ag = avg('meanAgencyShare');
  const staffing =
    sf === null
      ? `No staffing requirement is known for ${label}'s periods, so shortfall cannot be shown.`
      : `${label}'s periods were on average ${fmt(sf, 2)} staff short` +
        (ag !== null ? `, with ${fmt(100 * ag, 0)} % of staff-hours worked by agency staff` : '') +
        (worst && worst.meanShortfall! > 0 ? `; the most short-staffed ${grain} was ${bucketLabel(grain, worst.week, span)}, ${fmt(worst.meanShortfall!, 2)} short on average.` : '.');
  const planned = weeks.reduce((t, x) => t + x.planned, 0);
  const delivered = weeks.reduce((t, x) => t + x.delivered, 0);
  const staffingReason = weeks.reduce((t, x) => t + x.notDeliveredStaffing, 0);
  const plan =
    planned === 0
      ? `No proactive plan delivery is recorded for ${label} in this selection.`
      : `${fmt(delivered, 0)} of ${fmt(planned, 0)} planned proactive strategies were delivered (${fmt((100 * delivered) / planned, 0)} %); ` +
        `${fmt(staffingReason, 0)} of the ${fmt(planned - delivered, 0)} not delivered gave a staffing reason.`;
  const eventsSentence =
    events.length === 0 ? 'No events are recorded for this person or their unit in this selection.' : `${events.length} dated event${events.length === 1 ? ' is' : 's are'} marked on the timeline.`;
  // Every chart drawn by month says so.
  const drawn = (text: string) => (grain === 'month' ? `${text} ${MONTHLY_REASON}` : text);
  return { incidents: drawn(incidents), restrictive: drawn(restrictive), staffing: drawn(staffing), plan: drawn(plan), events: eventsSentence };
}
