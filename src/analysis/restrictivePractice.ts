/**
 * Analysis 2 — restrictive practice. Restraint, seclusion, segregation, rapid tranquillisation and
 * PRN: counts, rates per 1,000 occupied bed days (NHS MHS96) and per 100 incidents, durations,
 * and how all of it moves with the staffing bands of the period the incident happened in.
 *
 * Only interventions whose incident lies in a person-period under the filters are counted, so
 * numerators and denominators cover the same people and days; the rest are counted in warnings.
 */
import type { Connector } from '../db/connector';
import { literal } from '../db/sql';
import { ALL_INTERVENTION_TYPES, INTERVENTION_TYPES, PRN_TYPE, type InterventionGroup } from '../ingest/mhsds';
import { SHARE_BANDS, SHORTFALL_BANDS, type Settings } from '../model/settings';
import { proportionInterval, rateInterval, riskRatio, type RateEstimate, type ShareEstimate } from '../stats/intervals';
import { rateRatioExact } from '../stats/rateRatio';
import { exposureWhere, incidentWhere } from './filters';
import { dayLabel } from './overTime';
import {
  agree, ASSOCIATION, CONDITIONS, periodsPhrase, ci, fmt, minutesPhrase, pct, plural, readRatio, smallNote, type Condition,
} from './sentences-shared';
import type { Estimate, Filters } from './types';

export type GroupKey = InterventionGroup | 'other';

export const GROUP_LABELS: Record<GroupKey, string> = {
  physical: 'Physical restraint',
  mechanical: 'Mechanical restraint',
  seclusion: 'Seclusion',
  segregation: 'Segregation',
  chemical: 'Chemical restraint',
  prn: 'PRN psychotropic medication',
  other: 'Other',
};
const GROUP_ORDER: GroupKey[] = ['physical', 'mechanical', 'seclusion', 'segregation', 'chemical', 'prn', 'other'];

/** Minutes recorded; median and quartiles by linear interpolation (R's type 7, DuckDB quantile_cont). */
export interface DurationStats {
  /** Interventions with a duration (duration_minutes, or ended_at − started_at). */
  n: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  totalMinutes: number;
}

export interface CountRow {
  interventions: number;
  /** Distinct incidents with at least one intervention of this kind. */
  incidents: number;
  people: number;
  /** Interventions per 1,000 occupied bed days, exact Poisson 95 % interval. */
  per1000BedDays: RateEstimate;
  /** Interventions per 100 incidents, exact Poisson 95 % interval. */
  per100Incidents: RateEstimate;
  duration: DurationStats;
}

export interface TypeRow extends CountRow {
  code: string;
  label: string;
  group: GroupKey;
}

export interface GroupRow extends CountRow {
  group: GroupKey;
  label: string;
}

export interface ConditionRow {
  condition: Condition;
  band: string;
  personPeriods: number;
  interventions: number;
  /** Interventions per 100 person-periods in this band. */
  per100PersonPeriods: RateEstimate;
  incidents: number;
  incidentsWithIntervention: number;
  /** Share of incidents that ended in a restrictive intervention (Wilson interval). */
  share: ShareEstimate;
  /** That share against the 'none' band of the same condition; null for 'none' or where not estimable. */
  riskRatio: Estimate | null;
}

export interface DurationByConditionRow extends DurationStats {
  condition: Condition;
  band: string;
  group: GroupKey;
}

export interface Callout {
  code: string;
  label: string;
  interventions: number;
  incidents: number;
  people: number;
  per1000BedDays: RateEstimate;
}

export interface PrnWeek {
  /** Monday of the ISO week (YYYY-MM-DD). */
  week: string;
  personPeriods: number;
  prn: number;
  per100PersonPeriods: RateEstimate;
}

export interface RestrictivePracticeResult {
  filters: Filters;
  exposure: {
    /** Distinct (person, date) in the exposure: the MHS96 denominator. */
    occupiedBedDays: number;
    personPeriods: number;
    incidents: number;
    /** Interventions whose incident is in the selection but outside every person-period. */
    interventionsOutsideExposure: number;
    /** Interventions whose incident_id matches no incident (whole workspace, no filter). */
    interventionsWithoutIncident: number;
  };
  total: CountRow;
  byGroup: GroupRow[];
  /** Every MHSDS type and PRN (legacy 02/03 only when present), zero counts included. */
  byType: TypeRow[];
  callouts: {
    prone: Callout & { physicalRestraints: number; shareOfPhysical: ShareEstimate };
    rapidTranquillisation: Callout;
    seclusion: Callout;
    segregation: Callout;
  };
  byCondition: ConditionRow[];
  durationsByCondition: DurationByConditionRow[];
  prnWeekly: PrnWeek[];
  /** PRN rate in the later half of the weeks against the earlier half; null under 8 weeks. */
  prnTrend: {
    earlier: { from: string; to: string; prn: number; personPeriods: number };
    later: { from: string; to: string; prn: number; personPeriods: number };
    rateRatio: Estimate | null;
  } | null;
  sentences: {
    counts: string;
    prone: string;
    durations: string;
    byCondition: Record<Condition, string>;
    prn: string;
  };
  warnings: string[];
}

const MAX_POINTS = 2000;

/** MHSDS code → group, as an inline table (the values are the app's own constants). */
const TYPE_GROUPS = `(VALUES ${ALL_INTERVENTION_TYPES.map((t) => `(${literal(t.code)}, ${literal(t.group)})`).join(', ')}) AS tg(code, grp)`;

/**
 * Interventions whose incident lies in a person-period under the filters, with that period's
 * bands and the duration in minutes: duration_minutes when given, else ended_at − started_at.
 */
const RI = (where: string) => `
ri AS (
  SELECT r.incident_id, r.type AS code, coalesce(tg.grp, 'other') AS grp, pp.person_idx, pp.period_id, pp.date,
         pp.shortfall_band, pp.agency_band, pp.unfamiliar_band,
         coalesce(r.duration_minutes, epoch(r.ended_at - r.started_at) / 60.0) AS minutes
  FROM restrictive_interventions r
  JOIN incident_periods ip ON ip.incident_id = r.incident_id AND ip.outside_reason IS NULL
  JOIN person_periods pp ON pp.person_idx = ip.person_idx AND pp.period_id = ip.period_id
  LEFT JOIN ${TYPE_GROUPS} ON tg.code = r.type
  WHERE ${where})`;

const DURATION_COLUMNS = `
  count(minutes)::DOUBLE AS n, quantile_cont(minutes, 0.5) AS median, quantile_cont(minutes, 0.25) AS q1,
  quantile_cont(minutes, 0.75) AS q3, coalesce(sum(minutes), 0)::DOUBLE AS total_minutes`;

/** Occupied bed days = distinct (person, date) of the exposure (MHS96); person-periods; incidents in exposure. */
const EXPOSURE = (where: string) => `
SELECT (SELECT count(*) FROM (SELECT DISTINCT person_idx, date FROM person_periods pp WHERE ${where}))::DOUBLE AS bed_days,
       count(*)::DOUBLE AS person_periods, coalesce(sum(incidents), 0)::DOUBLE AS incidents
FROM person_periods pp WHERE ${where}`;

/** Counts and durations per MHSDS type, per group and in total, in one scan. */
const COUNTS = (where: string) => `
WITH ${RI(where)}
SELECT grouping(code)::INTEGER AS g_code, grouping(grp)::INTEGER AS g_grp, code, grp,
       count(*)::DOUBLE AS interventions, count(DISTINCT incident_id)::DOUBLE AS incidents,
       count(DISTINCT person_idx)::DOUBLE AS people, ${DURATION_COLUMNS}
FROM ri GROUP BY GROUPING SETS ((code, grp), (grp), ())`;

/**
 * Per band of each condition: person-periods, interventions, incidents and incidents that ended
 * in a restrictive intervention (any row of the interventions file, PRN included, as in the model).
 */
const BY_CONDITION = (where: string) => `
WITH ${RI(where)},
per_period AS (SELECT person_idx, period_id, count(*) AS n FROM ri GROUP BY ALL)
SELECT CASE WHEN grouping(shortfall_band) = 0 THEN 'shortfall'
            WHEN grouping(agency_band) = 0 THEN 'agency' ELSE 'unfamiliar' END AS condition,
       coalesce(shortfall_band, agency_band, unfamiliar_band) AS band,
       count(*)::DOUBLE AS person_periods, coalesce(sum(r.n), 0)::DOUBLE AS interventions,
       sum(pp.incidents)::DOUBLE AS incidents, sum(pp.incidents_with_ri)::DOUBLE AS incidents_with_ri
FROM person_periods pp LEFT JOIN per_period r USING (person_idx, period_id)
WHERE ${where}
GROUP BY GROUPING SETS ((shortfall_band), (agency_band), (unfamiliar_band))`;

/** Durations per group within each band of each condition. */
const DURATIONS_BY_CONDITION = (where: string) => `
WITH ${RI(where)}
SELECT CASE WHEN grouping(shortfall_band) = 0 THEN 'shortfall'
            WHEN grouping(agency_band) = 0 THEN 'agency' ELSE 'unfamiliar' END AS condition,
       coalesce(shortfall_band, agency_band, unfamiliar_band) AS band, grp, ${DURATION_COLUMNS}
FROM ri WHERE minutes IS NOT NULL
GROUP BY GROUPING SETS ((shortfall_band, grp), (agency_band, grp), (unfamiliar_band, grp))`;

/** PRN given per ISO week (Monday), against the person-periods of that week (STOMP). */
const PRN_WEEKLY = (where: string) => `
WITH ${RI(where)},
weeks AS (SELECT date_trunc('week', date)::DATE AS week, count(*)::DOUBLE AS person_periods
          FROM person_periods pp WHERE ${where} GROUP BY 1),
prn AS (SELECT date_trunc('week', date)::DATE AS week, count(*)::DOUBLE AS prn FROM ri WHERE grp = 'prn' GROUP BY 1)
SELECT strftime(week, '%Y-%m-%d') AS week, person_periods, coalesce(prn, 0)::DOUBLE AS prn
FROM weeks LEFT JOIN prn USING (week) ORDER BY weeks.week`;

/** Interventions of incidents in the selection that fall outside every person-period. */
const OUTSIDE = (where: string) => `
SELECT count(*)::DOUBLE AS n FROM restrictive_interventions r
JOIN r_incidents i ON i.incident_id = r.incident_id
JOIN incident_periods ip ON ip.incident_id = r.incident_id
WHERE ${where} AND ip.outside_reason IS NOT NULL`;

const ORPHANS = `
SELECT count(*)::DOUBLE AS n FROM restrictive_interventions r
WHERE NOT EXISTS (SELECT 1 FROM r_incidents i WHERE i.incident_id = r.incident_id)`;

interface CountSqlRow {
  g_code: number;
  g_grp: number;
  code: string | null;
  grp: GroupKey | null;
  interventions: number;
  incidents: number;
  people: number;
  n: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  total_minutes: number;
}

export async function restrictivePracticeAnalysis(
  db: Connector,
  filters: Filters,
  _settings?: Settings,
): Promise<RestrictivePracticeResult> {
  const w = exposureWhere(filters);
  const [exp] = await db.query<{ bed_days: number; person_periods: number; incidents: number }>(EXPOSURE(w.sql), [
    ...w.params,
    ...w.params,
  ]);
  const bedDays = exp?.bed_days ?? 0;
  const incidents = exp?.incidents ?? 0;
  const iw = incidentWhere(filters);
  const [outside] = await db.query<{ n: number }>(OUTSIDE(iw.sql), iw.params);
  const [orphans] = await db.query<{ n: number }>(ORPHANS);

  const rows = await db.query<CountSqlRow>(COUNTS(w.sql), w.params);
  const countRow = (r: CountSqlRow | undefined): CountRow => {
    const n = r?.interventions ?? 0;
    return {
      interventions: n,
      incidents: r?.incidents ?? 0,
      people: r?.people ?? 0,
      per1000BedDays: rateInterval(n, bedDays, 1000),
      per100Incidents: rateInterval(n, incidents, 100),
      duration: durationOf(r),
    };
  };
  const total = countRow(rows.find((r) => r.g_code === 1 && r.g_grp === 1));
  const groupRows = rows.filter((r) => r.g_code === 1 && r.g_grp === 0);
  const byGroup: GroupRow[] = GROUP_ORDER.filter((g) => g !== 'other' || groupRows.some((r) => r.grp === 'other')).map((g) => ({
    group: g,
    label: GROUP_LABELS[g],
    ...countRow(groupRows.find((r) => r.grp === g)),
  }));
  const typeRows = rows.filter((r) => r.g_code === 0);
  const listed = [...INTERVENTION_TYPES, PRN_TYPE];
  const extra = typeRows.filter((r) => !listed.some((t) => t.code === r.code));
  const byType: TypeRow[] = [
    ...listed.map((t) => ({ code: t.code, label: t.label, group: t.group as GroupKey, ...countRow(typeRows.find((r) => r.code === t.code)) })),
    ...extra.map((r) => ({
      code: r.code ?? '',
      label: ALL_INTERVENTION_TYPES.find((t) => t.code === r.code)?.label ?? r.code ?? 'Unknown',
      group: r.grp ?? 'other',
      ...countRow(r),
    })),
  ];

  const callout = (code: string): Callout => {
    const t = byType.find((x) => x.code === code)!;
    return { code, label: t.label, interventions: t.interventions, incidents: t.incidents, people: t.people, per1000BedDays: t.per1000BedDays };
  };
  const physical = byGroup.find((g) => g.group === 'physical')!.interventions;
  const prone = callout('01');
  const callouts = {
    prone: { ...prone, physicalRestraints: physical, shareOfPhysical: proportionInterval(prone.interventions, physical) },
    rapidTranquillisation: callout('14'),
    seclusion: callout('05'),
    segregation: callout('06'),
  };

  const condRows = await db.query<{
    condition: Condition;
    band: string | null;
    person_periods: number;
    interventions: number;
    incidents: number;
    incidents_with_ri: number;
  }>(BY_CONDITION(w.sql), [...w.params, ...w.params]);
  const byCondition: ConditionRow[] = [];
  for (const condition of CONDITIONS) {
    const bands: readonly string[] = condition === 'shortfall' ? SHORTFALL_BANDS : SHARE_BANDS;
    const none = condRows.find((r) => r.condition === condition && r.band === 'none');
    for (const band of bands) {
      const r = condRows.find((x) => x.condition === condition && x.band === band);
      const inc = r?.incidents ?? 0;
      const withRi = r?.incidents_with_ri ?? 0;
      byCondition.push({
        condition,
        band,
        personPeriods: r?.person_periods ?? 0,
        interventions: r?.interventions ?? 0,
        per100PersonPeriods: rateInterval(r?.interventions ?? 0, r?.person_periods ?? 0, 100),
        incidents: inc,
        incidentsWithIntervention: withRi,
        share: proportionInterval(withRi, inc),
        riskRatio: band === 'none' || !none ? null : riskRatio(withRi, inc, none.incidents_with_ri, none.incidents),
      });
    }
  }

  const durRows = await db.query<{ condition: Condition; band: string | null; grp: GroupKey } & Omit<CountSqlRow, 'g_code' | 'g_grp' | 'code' | 'grp' | 'interventions' | 'incidents' | 'people'>>(
    DURATIONS_BY_CONDITION(w.sql),
    w.params,
  );
  const durationsByCondition: DurationByConditionRow[] = durRows
    .filter((r) => r.band !== null)
    .map((r) => ({ condition: r.condition, band: r.band!, group: r.grp, ...durationOf(r) }))
    .sort((a, b) => sortKey(a) - sortKey(b));

  const warnings: string[] = [];
  let weeks = await db.query<{ week: string; person_periods: number; prn: number }>(PRN_WEEKLY(w.sql), [...w.params, ...w.params]);
  if (weeks.length > MAX_POINTS) {
    warnings.push(`Only the last ${MAX_POINTS} weeks of PRN use are charted.`);
    weeks = weeks.slice(-MAX_POINTS);
  }
  const prnWeekly: PrnWeek[] = weeks.map((r) => ({
    week: r.week,
    personPeriods: r.person_periods,
    prn: r.prn,
    per100PersonPeriods: rateInterval(r.prn, r.person_periods, 100),
  }));
  const prnTrend = trendOf(prnWeekly);

  if ((outside?.n ?? 0) > 0) {
    warnings.push(`${plural(outside!.n, 'restrictive intervention')} ${agree(outside!.n, 'belongs', 'belong')} to incidents outside every person-period (outside rota coverage or the person's admission) and ${agree(outside!.n, 'is', 'are')} not counted here.`);
  }
  if ((orphans?.n ?? 0) > 0) {
    warnings.push(`${plural(orphans!.n, 'restrictive intervention')} ${agree(orphans!.n, 'refers', 'refer')} to an incident that is not in the incidents file and cannot be counted.`);
  }

  const result = {
    filters,
    exposure: {
      occupiedBedDays: bedDays,
      personPeriods: exp?.person_periods ?? 0,
      incidents,
      interventionsOutsideExposure: outside?.n ?? 0,
      interventionsWithoutIncident: orphans?.n ?? 0,
    },
    total,
    byGroup,
    byType,
    callouts,
    byCondition,
    durationsByCondition,
    prnWeekly,
    prnTrend,
    warnings,
  };
  return { ...result, sentences: sentencesFor(result) };
}

function durationOf(r: { n: number; median: number | null; q1: number | null; q3: number | null; total_minutes: number } | undefined): DurationStats {
  if (!r || r.n === 0) return { n: 0, median: null, q1: null, q3: null, totalMinutes: 0 };
  return { n: r.n, median: r.median, q1: r.q1, q3: r.q3, totalMinutes: r.total_minutes };
}

const BAND_ORDER = [...SHORTFALL_BANDS, ...SHARE_BANDS];
const sortKey = (r: DurationByConditionRow) =>
  CONDITIONS.indexOf(r.condition) * 10_000 + BAND_ORDER.indexOf(r.band as never) * 100 + GROUP_ORDER.indexOf(r.group);

function trendOf(weeks: PrnWeek[]): RestrictivePracticeResult['prnTrend'] {
  if (weeks.length < 8) return null;
  const half = Math.floor(weeks.length / 2);
  const part = (ws: PrnWeek[]) => ({
    from: ws[0]!.week,
    to: ws[ws.length - 1]!.week,
    prn: ws.reduce((t, x) => t + x.prn, 0),
    personPeriods: ws.reduce((t, x) => t + x.personPeriods, 0),
  });
  const earlier = part(weeks.slice(0, half));
  const later = part(weeks.slice(half));
  return { earlier, later, rateRatio: rateRatioExact(later.prn, later.personPeriods, earlier.prn, earlier.personPeriods) };
}

type Numbers = Omit<RestrictivePracticeResult, 'sentences'>;

function sentencesFor(r: Numbers): RestrictivePracticeResult['sentences'] {
  return {
    counts: countsSentence(r),
    prone: proneSentence(r),
    durations: durationsSentence(r),
    byCondition: Object.fromEntries(CONDITIONS.map((c) => [c, conditionSentence(r, c)])) as Record<Condition, string>,
    prn: prnSentence(r),
  };
}

function countsSentence(r: Numbers): string {
  const { occupiedBedDays, incidents } = r.exposure;
  if (occupiedBedDays === 0) return 'There are no occupied bed days in this selection, so no rates can be given.';
  const t = r.total;
  if (t.interventions === 0) {
    return `No restrictive interventions were recorded in ${plural(occupiedBedDays, 'occupied bed day')} (${plural(incidents, 'incident')}).`;
  }
  const rate = t.per1000BedDays;
  const per100 = t.per100Incidents;
  const top = [...r.byGroup].sort((a, b) => b.interventions - a.interventions)[0]!;
  return (
    `There were ${plural(t.interventions, 'restrictive intervention')} in ${plural(t.incidents, 'incident')} over ` +
    `${plural(occupiedBedDays, 'occupied bed day')}: ${fmt(rate.rate!, 1)} per 1,000 occupied bed days ` +
    `(${ci({ estimate: rate.rate!, lower: rate.lower!, upper: rate.upper! })})` +
    (per100.rate === null ? '' : ` and ${fmt(per100.rate, 1)} per 100 incidents`) +
    `. The most common was ${top.label.toLowerCase()} (${fmt(top.interventions, 0)}).` +
    smallNote(t.interventions, 'intervention')
  );
}

function proneSentence(r: Numbers): string {
  const p = r.callouts.prone;
  if (p.physicalRestraints === 0) return 'No physical restraint was recorded in this selection.';
  if (p.interventions === 0) return `No prone (face-down) restraint was recorded among the ${plural(p.physicalRestraints, 'physical restraint')}.`;
  return (
    `Red flag: prone (face-down) restraint was recorded ${p.interventions === 1 ? 'once' : `${fmt(p.interventions, 0)} times`}, ` +
    `${pct(p.shareOfPhysical.share!)} of the ${plural(p.physicalRestraints, 'physical restraint')}, involving ${plural(p.people, 'person', 'people')}. ` +
    `Prone restraint carries a known risk of death; each use needs review.`
  );
}

function durationsSentence(r: Numbers): string {
  const parts = r.byGroup
    .filter((g) => g.duration.n > 0 && g.group !== 'prn' && g.group !== 'chemical')
    .map((g) => {
      const d = g.duration;
      if (d.n === 1) return `${g.label.toLowerCase()} ${minutesPhrase(d.median!)} (one with a duration)`;
      return `${g.label.toLowerCase()} a median of ${minutesPhrase(d.median!)} (interquartile range ${minutesPhrase(d.q1!)} to ${minutesPhrase(d.q3!)}; ${fmt(d.n, 0)} with a duration, ${minutesPhrase(d.totalMinutes)} in all)`;
    });
  if (parts.length === 0) return 'No durations were recorded for restraint, seclusion or segregation in this selection.';
  const missing = r.byGroup
    .filter((g) => g.group !== 'prn' && g.group !== 'chemical')
    .reduce((t, g) => t + g.interventions - g.duration.n, 0);
  return `Recorded durations: ${parts.join('; ')}.` + (missing > 0 ? ` ${plural(missing, 'intervention')} had no duration recorded.` : '');
}

function conditionSentence(r: Numbers, condition: Condition): string {
  const rows = r.byCondition.filter((x) => x.condition === condition);
  const none = rows.find((x) => x.band === 'none')!;
  // The furthest band from 'none' that can be compared.
  const cmp = [...rows].reverse().find((x) => x.band !== 'none' && x.riskRatio);
  if (!cmp || none.share.share === null || cmp.share.share === null) {
    return `There are not enough incidents in ${periodsPhrase(condition, 'none')} and in other periods to compare how often they ended in a restrictive intervention.`;
  }
  const read = readRatio(cmp.riskRatio, 'risk')!;
  const base =
    `${pct(cmp.share.share)} of incidents in ${periodsPhrase(condition, cmp.band)} ended in a restrictive intervention (${fmt(cmp.incidentsWithIntervention, 0)} of ${fmt(cmp.incidents, 0)}), ` +
    `against ${pct(none.share.share)} in ${periodsPhrase(condition, 'none')} (${fmt(none.incidentsWithIntervention, 0)} of ${fmt(none.incidents, 0)})`;
  const tail = read.clear ? `: ${read.text}. ${ASSOCIATION}` : `; ${read.text}.`;
  return base + tail + smallNote(cmp.incidents + none.incidents, 'incident');
}

function prnSentence(r: Numbers): string {
  const total = r.prnWeekly.reduce((t, w) => t + w.prn, 0);
  const pp = r.prnWeekly.reduce((t, w) => t + w.personPeriods, 0);
  if (pp === 0) return 'There is no exposure in this selection to chart PRN use against.';
  if (total === 0) return `No PRN psychotropic medication for distress was recorded over ${plural(r.prnWeekly.length, 'week')}.`;
  const base = `PRN psychotropic medication for distress was given ${plural(total, 'time')} over ${plural(r.prnWeekly.length, 'week')} (${fmt((100 * total) / pp, 2)} per 100 person-periods)`;
  const t = r.prnTrend;
  if (!t || !t.rateRatio) return `${base}.${smallNote(total, 'dose')}`;
  const e = t.rateRatio;
  const change =
    e.upper < 1
      ? `lower in the later weeks (from ${dayLabel(t.later.from)}) than the earlier ones: ${fmt(e.estimate, 2)} times the earlier rate (${ci(e, 2)})`
      : e.lower > 1
        ? `higher in the later weeks (from ${dayLabel(t.later.from)}) than the earlier ones: ${fmt(e.estimate, 2)} times the earlier rate (${ci(e, 2)})`
        : `with no clear change between the earlier weeks and the later ones from ${dayLabel(t.later.from)} (rate ratio ${fmt(e.estimate, 2)}, ${ci(e, 2)})`;
  return `${base}, ${change}.${smallNote(total, 'dose')}`;
}
