/**
 * Analysis 2 — restrictive practice. Restraint, seclusion, segregation, rapid tranquillisation and
 * PRN: counts, rates per 1,000 occupied bed days (NHS MHS96) and per 100 incidents, durations,
 * and how all of it moves with the staffing bands of the period the incident happened in.
 *
 * Only interventions whose incident lies in a person-period under the filters are counted, so
 * numerators and denominators cover the same people and days; the rest are counted in warnings.
 */
import type { Connector } from '../db/connector';
import { ALL_INTERVENTION_TYPES, INTERVENTION_TYPES, PRN_TYPE, type InterventionGroup } from '../ingest/mhsds';
import { bandIndex, decodeCell, INTERVENTION_GROUP_ORDER, INTERVENTION_TYPE_CODES } from '../model/interventionPeriods';
import { ensureFreshTables } from '../model/freshTables';
import { num, numbers } from '../model/rowLists';
import { SHARE_BANDS, SHORTFALL_BANDS, type Settings } from '../model/settings';
import { proportionInterval, rateInterval, riskRatio, type RateEstimate, type ShareEstimate } from '../stats/intervals';
import { rateRatioExact } from '../stats/rateRatio';
import { exposureWhere, incidentWhere, type Where } from './filters';
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
const GROUP_ORDER: GroupKey[] = [...INTERVENTION_GROUP_ORDER];

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

const PRN_GROUP = INTERVENTION_GROUP_ORDER.indexOf('prn');
const bandName = (condition: Condition, code: number | null): string | null =>
  code === null ? null : ((condition === 'shortfall' ? SHORTFALL_BANDS : SHARE_BANDS)[code] ?? null);

/**
 * The exposure side under the filters, one row per exposed period: ISO week, bands, bed days,
 * person-periods, incidents, incidents ending in an intervention, interventions and PRN. Without
 * a person the exposed periods carry the sums over their people (restrictive_periods); with one,
 * their own person-periods with the interventions of each (intervention_periods).
 */
function exposureRows(f: Filters): Where {
  if (!f.personId) {
    const w = exposureWhere({ ...f, personId: null }, 'rp');
    return {
      sql: `SELECT week, sb, ab, ub, day_people, people, incidents, incidents_with_ri, interventions, prn
            FROM restrictive_periods rp WHERE ${w.sql}`,
      params: w.params,
    };
  }
  const w = exposureWhere(f, 'pp');
  const e = exposureWhere(f, 'e');
  return {
    sql: `SELECT date_trunc('week', pp.date)::DATE AS week,
                 ${bandIndex('pp.shortfall_band', SHORTFALL_BANDS)} AS sb, ${bandIndex('pp.agency_band', SHARE_BANDS)} AS ab,
                 ${bandIndex('pp.unfamiliar_band', SHARE_BANDS)} AS ub,
                 (pp.shift_index = 0)::INTEGER AS day_people, 1 AS people, pp.incidents, pp.incidents_with_ri,
                 coalesce(r.interventions, 0) AS interventions, coalesce(r.prn, 0) AS prn
          FROM person_periods pp
          LEFT JOIN (SELECT period_id, count(*) AS interventions, count(*) FILTER (WHERE grp_idx = ${PRN_GROUP}) AS prn
                     FROM intervention_periods e WHERE ${e.sql} GROUP BY period_id) r USING (period_id)
          WHERE ${w.sql}`,
    params: [...e.params, ...w.params],
  };
}

/**
 * Everything the page needs in one statement, each part a few lists in one row (columns of the
 * same part come from one aggregate, so their positions match):
 *   b_…  per combination of the three bands: bed days (distinct person and date, MHS96),
 *        person-periods, incidents, incidents ending in an intervention (any row of the
 *        interventions file, PRN included, as in the model) and interventions;
 *   w_…  per ISO week: person-periods and PRN;
 *   c_…  the interventions under the filters in cells (intervention_periods.cell: type, group,
 *        bands, minutes) with their count and first_of_… counts; everything about types,
 *        groups and durations is read off these (a few thousand at most);
 *   p_…  the people with each type; u_… codes of unknown types;
 *   outside: interventions of incidents in the selection outside every person-period;
 *   orphans: interventions whose incident is not in the incidents file (whole workspace).
 */
function pageSql(f: Filters): Where {
  const rows = exposureRows(f);
  const e = exposureWhere(f, 'e');
  const o = incidentWhere(f, 'o');
  const sql = `
SELECT * FROM
  (SELECT list(${num('sb')}) AS b_sb, list(${num('ab')}) AS b_ab, list(${num('ub')}) AS b_ub, list(bed_days) AS b_bed_days,
          list(person_periods) AS b_person_periods, list(incidents) AS b_incidents, list(incidents_with_ri) AS b_incidents_with_ri,
          list(interventions) AS b_interventions
   FROM (SELECT sb, ab, ub, sum(day_people)::DOUBLE AS bed_days, sum(people)::DOUBLE AS person_periods, sum(incidents)::DOUBLE AS incidents,
                sum(incidents_with_ri)::DOUBLE AS incidents_with_ri, sum(interventions)::DOUBLE AS interventions
         FROM (${rows.sql}) GROUP BY ALL)) bands
  POSITIONAL JOIN (SELECT list(strftime(week, '%Y-%m-%d') ORDER BY week) AS w_week, list(person_periods ORDER BY week) AS w_person_periods,
          list(prn ORDER BY week) AS w_prn
   FROM (SELECT week, sum(people)::DOUBLE AS person_periods, sum(prn)::DOUBLE AS prn FROM (${rows.sql}) GROUP BY week)) weeks
  POSITIONAL JOIN (SELECT list((cell >> 32)::DOUBLE) AS c_key, list(${num('minutes')}) AS c_minutes, list(n) AS c_n, list(ft) AS c_ft, list(fg) AS c_fg,
          list(fi) AS c_fi
   FROM (SELECT cell, min(minutes) AS minutes, count(*)::DOUBLE AS n, count(*) FILTER (WHERE first_of_type)::DOUBLE AS ft,
                count(*) FILTER (WHERE first_of_group)::DOUBLE AS fg, count(*) FILTER (WHERE first_of_incident)::DOUBLE AS fi
         FROM intervention_periods e WHERE ${e.sql} GROUP BY cell)) cells
  POSITIONAL JOIN (SELECT list(${num('type_idx')}) AS p_type, list(person_idx::DOUBLE) AS p_person
   FROM (SELECT type_idx, person_idx FROM intervention_periods e WHERE ${e.sql} GROUP BY ALL)) people
  POSITIONAL JOIN (SELECT list(type_idx::DOUBLE) AS u_type, list(code) AS u_code FROM (SELECT DISTINCT type_idx, code FROM intervention_periods WHERE type_idx >= 100)) unknown
  POSITIONAL JOIN (SELECT coalesce(sum(o.interventions), 0)::DOUBLE AS outside FROM outside_exposure o WHERE ${o.sql}) outside
  POSITIONAL JOIN (SELECT count(*)::DOUBLE AS orphans FROM orphan_interventions) orphans`;
  return { sql, params: [...rows.params, ...rows.params, ...e.params, ...e.params, ...o.params] };
}

const NUMBER_LISTS = ['b_sb', 'b_ab', 'b_ub', 'b_bed_days', 'b_person_periods', 'b_incidents', 'b_incidents_with_ri', 'b_interventions',
  'w_person_periods', 'w_prn', 'c_key', 'c_minutes', 'c_n', 'c_ft', 'c_fg', 'c_fi', 'p_type', 'p_person', 'u_type'] as const;
type PageLists = Record<(typeof NUMBER_LISTS)[number], (number | null)[]> & { w_week: string[]; u_code: string[] };

/** Counts and durations (minutes → interventions) of one type, group or the total. */
class Tally {
  interventions = 0;
  incidents = 0;
  people = new Set<number>();
  minutes = new Map<number, number>();
}

const addTo = (histogram: Map<number, number>, minutes: number, n: number) => histogram.set(minutes, (histogram.get(minutes) ?? 0) + n);

/**
 * Median, quartiles and total of a histogram (value → count) as DuckDB's quantile_cont (R type 7)
 * gives them over the values one by one: h = (n − 1)p, x⌊h⌋ + (h − ⌊h⌋)(x⌈h⌉ − x⌊h⌋).
 */
export function histogramDuration(histogram: Map<number, number>): DurationStats {
  const values = [...histogram.keys()].sort((a, b) => a - b);
  const n = values.reduce((t, v) => t + histogram.get(v)!, 0);
  if (n === 0) return { n: 0, median: null, q1: null, q3: null, totalMinutes: 0 };
  // The k-th smallest value (0-based).
  const at = (k: number) => {
    let seen = 0;
    for (const v of values) {
      seen += histogram.get(v)!;
      if (seen > k) return v;
    }
    return values[values.length - 1]!;
  };
  const quantile = (p: number) => {
    const h = (n - 1) * p;
    const lo = at(Math.floor(h));
    return Math.floor(h) === Math.ceil(h) ? lo : lo + (at(Math.ceil(h)) - lo) * (h - Math.floor(h));
  };
  const totalMinutes = values.reduce((t, v) => t + v * histogram.get(v)!, 0);
  return { n, median: quantile(0.5), q1: quantile(0.25), q3: quantile(0.75), totalMinutes };
}

export async function restrictivePracticeAnalysis(
  db: Connector,
  filters: Filters,
  _settings?: Settings,
): Promise<RestrictivePracticeResult> {
  await ensureFreshTables(db, ['intervention_periods', 'restrictive_periods', 'outside_exposure', 'orphan_interventions']);
  const page = pageSql(filters);
  const [row] = (await db.query<Record<string, unknown> & { outside: number; orphans: number }>(page.sql, page.params)) as [
    Record<string, unknown> & { outside: number; orphans: number },
  ];
  const q = {
    ...(Object.fromEntries(NUMBER_LISTS.map((k) => [k, numbers(row[k])])) as Record<(typeof NUMBER_LISTS)[number], (number | null)[]>),
    w_week: (row.w_week as string[] | null) ?? [],
    u_code: (row.u_code as string[] | null) ?? [],
  } satisfies PageLists;
  const outside = row.outside;
  const orphans = row.orphans;

  // Exposure per band combination.
  const b = { sb: q.b_sb ?? [], ab: q.b_ab ?? [], ub: q.b_ub ?? [] };
  const sum = (xs: (number | null)[]) => xs.reduce<number>((t, x) => t + (x ?? 0), 0);
  const bedDays = sum(q.b_bed_days);
  const incidents = sum(q.b_incidents);
  const personPeriods = sum(q.b_person_periods);

  // Cells → tallies per type, per group and in all; durations per group within each band.
  const unknown = new Map((q.u_type ?? []).map((t, i) => [t, q.u_code![i]!]));
  const codeOf = (typeIdx: number | null) => (typeIdx === null ? null : (INTERVENTION_TYPE_CODES[typeIdx] ?? unknown.get(typeIdx) ?? null));
  const groupOf = (grpIdx: number) => INTERVENTION_GROUP_ORDER[grpIdx] ?? 'other';
  const all = new Tally();
  const byTypeIdx = new Map<number | null, Tally & { grp: GroupKey }>();
  const byGrp = new Map<GroupKey, Tally>();
  // Durations per condition, band and group, at slot (condition × 4 + band) × 8 + group.
  const bandMinutes = new Map<number, Map<number, number>>();
  const { c_key: keys, c_minutes: minutesOf, c_n: counts } = q;
  for (let i = 0; i < keys.length; i++) {
    const c = decodeCell(keys[i]!);
    const minutes = minutesOf[i] ?? null;
    const n = counts[i]!;
    const grp = groupOf(c.grp_idx);
    let type = byTypeIdx.get(c.type_idx);
    if (!type) byTypeIdx.set(c.type_idx, (type = Object.assign(new Tally(), { grp })));
    let group = byGrp.get(grp);
    if (!group) byGrp.set(grp, (group = new Tally()));
    type.interventions += n;
    type.incidents += q.c_ft[i]!;
    group.interventions += n;
    group.incidents += q.c_fg[i]!;
    all.interventions += n;
    all.incidents += q.c_fi[i]!;
    if (minutes === null) continue;
    addTo(type.minutes, minutes, n);
    [c.sb, c.ab, c.ub].forEach((band, condition) => {
      if (band === null) return;
      const slot = (condition * 4 + band) * 8 + c.grp_idx;
      let histogram = bandMinutes.get(slot);
      if (!histogram) bandMinutes.set(slot, (histogram = new Map()));
      addTo(histogram, minutes, n);
    });
  }
  // A group's durations are its types', the total's every type's.
  for (const type of byTypeIdx.values()) {
    for (const [minutes, n] of type.minutes) {
      addTo(byGrp.get(type.grp)!.minutes, minutes, n);
      addTo(all.minutes, minutes, n);
    }
  }
  (q.p_type ?? []).forEach((t, i) => {
    const person = q.p_person![i]!;
    const type = byTypeIdx.get(t);
    if (!type) return;
    type.people.add(person);
    byGrp.get(type.grp)!.people.add(person);
    all.people.add(person);
  });

  const countRow = (t: Tally | undefined): CountRow => {
    const n = t?.interventions ?? 0;
    return {
      interventions: n,
      incidents: t?.incidents ?? 0,
      people: t?.people.size ?? 0,
      per1000BedDays: rateInterval(n, bedDays, 1000),
      per100Incidents: rateInterval(n, incidents, 100),
      duration: histogramDuration(t?.minutes ?? new Map()),
    };
  };
  const total = countRow(all);
  const byGroup: GroupRow[] = GROUP_ORDER.filter((g) => g !== 'other' || byGrp.has('other')).map((g) => ({
    group: g,
    label: GROUP_LABELS[g],
    ...countRow(byGrp.get(g)),
  }));
  const listed = [...INTERVENTION_TYPES, PRN_TYPE];
  const typeOfCode = new Map([...byTypeIdx].map(([idx, t]) => [codeOf(idx), { idx, t }]));
  const extra = [...byTypeIdx]
    .filter(([idx]) => !listed.some((t) => t.code === codeOf(idx)))
    .sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity));
  const byType: TypeRow[] = [
    ...listed.map((t) => ({ code: t.code, label: t.label, group: t.group as GroupKey, ...countRow(typeOfCode.get(t.code)?.t) })),
    ...extra.map(([idx, t]) => {
      const code = codeOf(idx);
      return {
        code: code ?? '',
        label: ALL_INTERVENTION_TYPES.find((x) => x.code === code)?.label ?? code ?? 'Unknown',
        group: t.grp,
        ...countRow(t),
      };
    }),
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

  // Person-periods, interventions, incidents and incidents ending in one per band of each condition.
  const condRows = CONDITIONS.flatMap((condition) => {
    const codes = condition === 'shortfall' ? b.sb : condition === 'agency' ? b.ab : b.ub;
    const byBand = new Map<string | null, { person_periods: number; interventions: number; incidents: number; incidents_with_ri: number }>();
    codes.forEach((code, i) => {
      const band = bandName(condition, code);
      const r = byBand.get(band) ?? { person_periods: 0, interventions: 0, incidents: 0, incidents_with_ri: 0 };
      byBand.set(band, r);
      r.person_periods += q.b_person_periods![i]!;
      r.interventions += q.b_interventions![i]!;
      r.incidents += q.b_incidents![i]!;
      r.incidents_with_ri += q.b_incidents_with_ri![i]!;
    });
    return [...byBand].map(([band, r]) => ({ condition, band, ...r }));
  });
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

  const durationsByCondition: DurationByConditionRow[] = [...bandMinutes]
    .map(([slot, histogram]) => {
      const condition = CONDITIONS[Math.floor(slot / 32)]!;
      return { condition, band: bandName(condition, Math.floor(slot / 8) % 4)!, group: groupOf(slot % 8), ...histogramDuration(histogram) };
    })
    .sort((a, b) => sortKey(a) - sortKey(b));

  const warnings: string[] = [];
  let weeks = (q.w_week ?? []).map((week, i) => ({ week, person_periods: q.w_person_periods![i]!, prn: q.w_prn![i]! }));
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

  if (outside > 0) {
    warnings.push(`${plural(outside, 'restrictive intervention')} ${agree(outside, 'belongs', 'belong')} to incidents outside every person-period (outside rota coverage or the person's admission) and ${agree(outside, 'is', 'are')} not counted here.`);
  }
  if (orphans > 0) {
    warnings.push(`${plural(orphans, 'restrictive intervention')} ${agree(orphans, 'refers', 'refer')} to an incident that is not in the incidents file and cannot be counted.`);
  }

  const result = {
    filters,
    exposure: {
      occupiedBedDays: bedDays,
      personPeriods,
      incidents,
      interventionsOutsideExposure: outside,
      interventionsWithoutIncident: orphans,
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
