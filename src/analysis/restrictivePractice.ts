/**
 * Analysis 2 — restrictive practice. Restraint, seclusion, segregation, rapid tranquillisation and
 * PRN: counts, rates per 1,000 occupied bed days (NHS MHS96) and per 100 incidents, durations,
 * and how all of it moves with the staffing bands of the period the incident happened in.
 *
 * Only interventions whose incident lies in a person-period under the filters are counted, so
 * numerators and denominators cover the same people and days; the rest are counted in warnings.
 */
import { named, raw, sql, table, type Sql } from '../db/sql';
import { incidentWhere, type KeyedFilters } from '../model/filters';
import type { Model } from '../model/model';
import { ALL_INTERVENTION_TYPES, INTERVENTION_TYPES, PRN_TYPE, type InterventionGroup } from '../ingest/mhsds';
import { bandIndex, decodeCell, INTERVENTION_GROUP_ORDER, INTERVENTION_TYPE_CODES } from '../model/interventionPeriods';
import { num, numbers } from '../model/rowLists';
import { SHARE_BANDS, SHORTFALL_BANDS, type Settings } from '../model/settings';
import { poissonExactInterval, proportionInterval, riskRatio, type Interval, type RateEstimate, type ShareEstimate } from '../stats/intervals';
import { rateRatioExact } from '../stats/rateRatio';
import { bucketColumn, isLong, monthOf, MONTHLY_REASON, type Grain, type Span } from './grain';
import { dayLabel } from './overTime';
import {
  agree, ASSOCIATION, CONDITIONS, periodsPhrase, ci, fmt, minutesPhrase, pct, plural, ratioCi, ratioDigits, readRatio, smallNote, type Condition,
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
  /** Monday of the ISO week, or the first of the month when by month (YYYY-MM-DD); counts summed, the rate of the sums. */
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
  /** PRN by ISO week, or by calendar month when the dates span more than two years (`prnGrain`; analysis/grain.ts). */
  prnWeekly: PrnWeek[];
  prnGrain: Grain;
  /** First and last date of the exposure charted (null when none): a month at either end may be a part month. */
  prnSpan: Span | null;
  /** PRN rate in the later half of the weeks (months) against the earlier half; null under 8 points. */
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

const BAND_SUMS = raw(`sum(bed_days)::DOUBLE AS bed_days, sum(person_periods)::DOUBLE AS person_periods, sum(incidents)::DOUBLE AS incidents,
  sum(incidents_with_ri)::DOUBLE AS incidents_with_ri, sum(interventions)::DOUBLE AS interventions`);

/**
 * PRN and person-periods per ISO week, or per calendar month when the rows' first to last date
 * span more than two years (analysis/grain.ts), from rows of (week, month, first_date, last_date,
 * person_periods, prn), summed first per (week, month) part (one pass over the rows; a few hundred
 * parts); each bucket carries whether it is a month and the span.
 */
const bucketSums = (rows: Sql) => sql`
WITH r AS MATERIALIZED (
  SELECT week, month, min(first_date) AS first_date, max(last_date) AS last_date, sum(person_periods) AS person_periods, sum(prn) AS prn
  FROM (${rows}) GROUP BY week, month),
span AS (SELECT ${isLong(raw('min(first_date)'), raw('max(last_date)'))} AS monthly,
                strftime(min(first_date), '%Y-%m-%d') AS first_date, strftime(max(last_date), '%Y-%m-%d') AS last_date FROM r)
SELECT bucket AS week, sum(person_periods)::DOUBLE AS person_periods, sum(prn)::DOUBLE AS prn,
       any_value(monthly) AS monthly, any_value(first_date) AS first_date, any_value(last_date) AS last_date
FROM (SELECT r.week, r.month, r.person_periods, r.prn, span.*, ${bucketColumn(raw('r.week'), raw('r.month'), raw('span.monthly'))} AS bucket FROM r, span)
GROUP BY bucket`;

/**
 * The exposure side under the filters: per combination of the three bands, and per ISO week (or
 * month: bucketSums). Without dates or a person, the per-unit sums (restrictive_units); with
 * dates, the exposed periods, which carry the sums over their people (restrictive_periods); with
 * a person, their own person-periods with the interventions of each (intervention_periods).
 */
function exposureSql(kf: KeyedFilters): { bands: Sql; weeks: Sql } {
  const f = kf.filters;
  if (!f.personId && !f.from && !f.to) {
    const w = kf.on('u');
    return {
      bands: sql`SELECT sb, ab, ub, ${BAND_SUMS} FROM ${table('restrictive_units')} u WHERE u.week IS NULL AND ${w} GROUP BY ALL`,
      weeks: bucketSums(sql`SELECT week, month, first_date, last_date, person_periods, prn FROM ${table('restrictive_units')} u WHERE u.week IS NOT NULL AND ${w}`),
    };
  }
  if (!f.personId) {
    const rows = sql`SELECT date, week, sb, ab, ub, day_people AS bed_days, people AS person_periods, incidents, incidents_with_ri, interventions, prn
                  FROM ${table('restrictive_periods')} rp WHERE ${kf.on('rp')}`;
    return {
      bands: sql`SELECT sb, ab, ub, ${BAND_SUMS} FROM (${rows}) GROUP BY ALL`,
      weeks: bucketSums(sql`SELECT week, ${monthOf(raw('date'))} AS month, date AS first_date, date AS last_date, person_periods, prn FROM (${rows})`),
    };
  }
  // A person's own person-periods, and their interventions (which carry the period's bands, date and week).
  const periods = sql`
    SELECT pp.date, date_trunc('week', pp.date)::DATE AS week, ${raw(bandIndex('pp.shortfall_band', SHORTFALL_BANDS))} AS sb,
           ${raw(bandIndex('pp.agency_band', SHARE_BANDS))} AS ab, ${raw(bandIndex('pp.unfamiliar_band', SHARE_BANDS))} AS ub,
           (pp.shift_index = 0)::INTEGER AS bed_days, 1 AS person_periods, pp.incidents, pp.incidents_with_ri, 0 AS interventions, 0 AS prn
    FROM ${table('person_periods')} pp WHERE ${kf.on('pp')}
    UNION ALL
    SELECT date, week, sb, ab, ub, 0, 0, 0, 0, 1, (grp_idx = ${raw(String(PRN_GROUP))})::INTEGER FROM ${table('intervention_periods')} e WHERE ${kf.on('e')}`;
  return {
    bands: sql`SELECT sb, ab, ub, ${BAND_SUMS} FROM (${periods}) GROUP BY ALL`,
    weeks: bucketSums(sql`SELECT week, ${monthOf(raw('date'))} AS month, date AS first_date, date AS last_date, person_periods, prn FROM (${periods})`),
  };
}

/**
 * Everything the page needs in one statement, each part a few lists in one row (columns of the
 * same part come from one aggregate, so their positions match):
 *   b_…  per combination of the three bands: bed days (distinct person and date, MHS96),
 *        person-periods, incidents, incidents ending in an intervention (any row of the
 *        interventions file, PRN included, as in the model) and interventions;
 *   w_…  per ISO week (or calendar month past two years): person-periods and PRN, whether by month, the first and last date;
 *   c_…  the interventions under the filters in cells (intervention_periods.cell: type, group,
 *        bands, minutes) with their count: types, groups and durations are read off these (a few
 *        thousand at most);
 *   p_…  per type and person: the incidents with an intervention of that type, group, and at all
 *        (first_of_… flags), so that summing them counts incidents and people per type, group and
 *        in all; u_… codes of unknown types;
 *   outside: interventions of incidents in the selection outside every person-period;
 *   orphans: interventions whose incident is not in the incidents file (whole workspace).
 */
function pageSql(kf: KeyedFilters): Sql {
  const f = kf.filters;
  const { bands, weeks } = exposureSql(kf);
  // Without dates or a person, the per-unit sums of the interventions.
  const allDates = !f.personId && !f.from && !f.to;
  const e = kf.on('e');
  const interventions = allDates
    ? {
        cells: sql`SELECT cell, min(minutes) AS minutes, sum(n) AS n FROM ${table('intervention_unit_cells')} e WHERE ${e} GROUP BY cell`,
        people: sql`SELECT type_idx, person_idx, ft, fg, fi FROM ${table('intervention_unit_people')} e WHERE ${e}`,
      }
    : {
        cells: sql`SELECT cell, min(minutes) AS minutes, count(*) AS n FROM ${table('intervention_periods')} e WHERE ${e} GROUP BY cell`,
        people: sql`SELECT type_idx, person_idx, count(*) FILTER (WHERE first_of_type) AS ft, count(*) FILTER (WHERE first_of_group) AS fg,
                        count(*) FILTER (WHERE first_of_incident) AS fi
                 FROM ${table('intervention_periods')} e WHERE ${e} GROUP BY ALL`,
      };
  const n = (column: string) => raw(num(column));
  return named('restrictivePractice.page', sql`
SELECT * FROM
  (SELECT list(${n('sb')}) AS b_sb, list(${n('ab')}) AS b_ab, list(${n('ub')}) AS b_ub, list(bed_days) AS b_bed_days,
          list(person_periods) AS b_person_periods, list(incidents) AS b_incidents, list(incidents_with_ri) AS b_incidents_with_ri,
          list(interventions) AS b_interventions
   FROM (${bands})) bands
  POSITIONAL JOIN (SELECT list(strftime(week, '%Y-%m-%d')) AS w_week, list(person_periods) AS w_person_periods, list(prn) AS w_prn,
          coalesce(bool_or(monthly), false) AS w_monthly, any_value(first_date) AS w_first, any_value(last_date) AS w_last
   FROM (${weeks})) weeks
  POSITIONAL JOIN (SELECT list((cell >> 32)::DOUBLE) AS c_key, list((cell & 4294967295)::DOUBLE) AS c_rank, list(${n('minutes')}) AS c_minutes,
          list(n::DOUBLE) AS c_n
   FROM (${interventions.cells})) cells
  POSITIONAL JOIN (SELECT list(${n('type_idx')}) AS p_type, list(person_idx::DOUBLE) AS p_person, list(ft::DOUBLE) AS p_ft,
          list(fg::DOUBLE) AS p_fg, list(fi::DOUBLE) AS p_fi
   FROM (${interventions.people})) people
  POSITIONAL JOIN (SELECT list(type_idx::DOUBLE) AS u_type, list(code) AS u_code FROM (SELECT DISTINCT type_idx, code FROM ${table('intervention_periods')} WHERE type_idx >= 100)) unknown
  POSITIONAL JOIN (SELECT coalesce(sum(o.interventions), 0)::DOUBLE AS outside FROM ${table('outside_exposure')} o WHERE ${incidentWhere(f, 'o')}) outside
  POSITIONAL JOIN (SELECT count(*)::DOUBLE AS orphans FROM ${table('orphan_interventions')}) orphans`);
}

/** Small lists read as numbers (NaN → null); the cell and person lists, thousands long, are read in place. */
const NUMBER_LISTS = ['b_sb', 'b_ab', 'b_ub', 'b_bed_days', 'b_person_periods', 'b_incidents', 'b_incidents_with_ri', 'b_interventions',
  'w_person_periods', 'w_prn', 'u_type'] as const;
type PageLists = Record<(typeof NUMBER_LISTS)[number], (number | null)[]> & { w_week: string[]; u_code: string[] };

/**
 * rateInterval (stats/intervals.ts), its arithmetic as it is, with the exact Poisson limits of
 * each count worked out once: a page holds hundreds of rates (one per week), many with the same
 * count, and each pair of limits costs two χ² quantiles.
 */
const poissonLimits = new Map<number, Interval>();
function rateOf(count: number, exposure: number, per: number): RateEstimate {
  if (!(exposure > 0)) return { rate: null, lower: null, upper: null };
  let limits = poissonLimits.get(count);
  if (!limits) {
    if (poissonLimits.size > 10_000) poissonLimits.clear();
    poissonLimits.set(count, (limits = poissonExactInterval(count)));
  }
  const scale = per / exposure;
  return { rate: count * scale, lower: limits.lower * scale, upper: limits.upper * scale };
}

/** The indices i with keep(i), ordered by the small non-negative integers order[i] (a counting sort). */
function byOrder(order: ArrayLike<number>, keep: (i: number) => boolean): Int32Array {
  let max = 0;
  for (let i = 0; i < order.length; i++) max = Math.max(max, order[i]!);
  const start = new Int32Array(max + 2);
  for (let i = 0; i < order.length; i++) if (keep(i)) start[order[i]! + 1]!++;
  for (let r = 1; r < start.length; r++) start[r] = start[r]! + start[r - 1]!;
  const out = new Int32Array(start[start.length - 1]!);
  for (let i = 0; i < order.length; i++) if (keep(i)) out[start[order[i]!]!++] = i;
  return out;
}

/** Counts of one type, group or the total. */
class Tally {
  interventions = 0;
  incidents = 0;
  people = new Set<number>();
  constructor(
    readonly durationSlot: number,
    readonly grp: GroupKey,
  ) {}
}

/**
 * Median, quartiles and total minutes of many groups ("slots") at once, as DuckDB's quantile_cont
 * (R type 7) gives them over the values one by one: h = (n − 1)p, x⌊h⌋ + (h − ⌊h⌋)(x⌈h⌉ − x⌊h⌋).
 * Cell i holds counts[i] values of minutes[i] (NaN: no duration), order[i] is the rank of its
 * minutes among all durations (a small integer), and it belongs to the slots slots[i × width …]
 * (−1: none). The cells are visited once to count each slot, then once in order of minutes,
 * each slot picking the values at the ranks it needs.
 */
export function slotDurations(
  minutes: ArrayLike<number>,
  order: ArrayLike<number>,
  counts: ArrayLike<number>,
  slots: Int32Array,
  width: number,
  slotCount: number,
): DurationStats[] {
  const n = new Float64Array(slotCount);
  const total = new Float64Array(slotCount);
  for (let i = 0; i < minutes.length; i++) {
    if (Number.isNaN(minutes[i])) continue;
    for (let j = i * width; j < (i + 1) * width; j++) {
      const s = slots[j]!;
      if (s < 0) continue;
      n[s] = n[s]! + counts[i]!;
      total[s] = total[s]! + minutes[i]! * counts[i]!;
    }
  }
  const timed = byOrder(order, (i) => !Number.isNaN(minutes[i]));
  // Per slot the 0-based ranks wanted: ⌊h⌋ and ⌈h⌉ for p = ½, ¼, ¾.
  const P = [0.5, 0.25, 0.75];
  const ranks = new Float64Array(slotCount * 6);
  for (let s = 0; s < slotCount; s++) P.forEach((p, k) => ((ranks[s * 6 + 2 * k] = Math.floor((n[s]! - 1) * p)), (ranks[s * 6 + 2 * k + 1] = Math.ceil((n[s]! - 1) * p))));
  const values = new Float64Array(slotCount * 6);
  const seen = new Float64Array(slotCount);
  for (const i of timed) {
    for (let j = i * width; j < (i + 1) * width; j++) {
      const s = slots[j]!;
      if (s < 0) continue;
      const before = seen[s]!;
      const after = before + counts[i]!;
      for (let r = s * 6; r < s * 6 + 6; r++) if (ranks[r]! >= before && ranks[r]! < after) values[r] = minutes[i]!;
      seen[s] = after;
    }
  }
  return Array.from({ length: slotCount }, (_, s): DurationStats => {
    if (n[s] === 0) return { n: 0, median: null, q1: null, q3: null, totalMinutes: 0 };
    const q = (k: number) => {
      const h = (n[s]! - 1) * P[k]!;
      const lo = values[s * 6 + 2 * k]!;
      return Math.floor(h) === Math.ceil(h) ? lo : lo + (values[s * 6 + 2 * k + 1]! - lo) * (h - Math.floor(h));
    };
    return { n: n[s]!, median: q(0), q1: q(1), q3: q(2), totalMinutes: total[s]! };
  });
}

export async function restrictivePracticeAnalysis(
  model: Model,
  filters: Filters,
  _settings?: Settings,
): Promise<RestrictivePracticeResult> {
  type Row = Record<string, unknown> & { outside: number; orphans: number };
  const [row] = (await model.query<Row>(pageSql(await model.filters(filters)))) as [Row];
  const q = {
    ...(Object.fromEntries(NUMBER_LISTS.map((k) => [k, numbers(row[k])])) as Record<(typeof NUMBER_LISTS)[number], (number | null)[]>),
    w_week: (row.w_week as string[] | null) ?? [],
    u_code: (row.u_code as string[] | null) ?? [],
  } satisfies PageLists;
  const outside = row.outside;
  const orphans = row.orphans;

  // Exposure per band combination.
  const b = { sb: q.b_sb, ab: q.b_ab, ub: q.b_ub };
  const sum = (xs: (number | null)[]) => xs.reduce<number>((t, x) => t + (x ?? 0), 0);
  const bedDays = sum(q.b_bed_days);
  const incidents = sum(q.b_incidents);
  const personPeriods = sum(q.b_person_periods);

  // Cells → counts per type, per group and in all. Duration slots: 0–95 a condition's band and
  // group ((condition × 4 + band) × 8 + group), 96–103 a group, 104 the total, 105 + k the k-th type.
  const cells = row.c_key as ArrayLike<number> | null;
  const cellCount = cells?.length ?? 0;
  const minutes = (row.c_minutes as ArrayLike<number> | null) ?? [];
  const counts = (row.c_n as ArrayLike<number> | null) ?? [];
  const unknown = new Map(q.u_type.map((t, i) => [t, q.u_code[i]!]));
  const codeOf = (typeIdx: number | null) => (typeIdx === null ? null : (INTERVENTION_TYPE_CODES[typeIdx] ?? unknown.get(typeIdx) ?? null));
  const groupOf = (grpIdx: number) => INTERVENTION_GROUP_ORDER[grpIdx] ?? 'other';
  const all = new Tally(104, 'other');
  const byTypeIdx = new Map<number | null, Tally>();
  const byGrp = new Map<GroupKey, Tally>();
  const WIDTH = 6;
  const slots = new Int32Array(cellCount * WIDTH).fill(-1);
  const part = new Int32Array(5);
  let type: Tally | undefined;
  let group: Tally | undefined;
  for (let i = 0; i < cellCount; i++) {
    decodeCell(cells![i]!, part);
    const typeIdx = part[0]!;
    const grpIdx = part[1]!;
    const sb = part[2]!;
    const ab = part[3]!;
    const ub = part[4]!;
    const n = counts[i]!;
    const t = typeIdx < 0 ? null : typeIdx;
    if (type === undefined || byTypeIdx.get(t) !== type) {
      type = byTypeIdx.get(t);
      if (!type) byTypeIdx.set(t, (type = new Tally(105 + byTypeIdx.size, groupOf(grpIdx))));
    }
    if (group === undefined || group.durationSlot !== 96 + grpIdx) {
      group = byGrp.get(type.grp);
      if (!group) byGrp.set(type.grp, (group = new Tally(96 + grpIdx, type.grp)));
    }
    type.interventions += n;
    group.interventions += n;
    all.interventions += n;
    const at = i * WIDTH;
    slots[at] = type.durationSlot;
    slots[at + 1] = group.durationSlot;
    slots[at + 2] = all.durationSlot;
    if (sb >= 0) slots[at + 3] = sb * 8 + grpIdx;
    if (ab >= 0) slots[at + 4] = (4 + ab) * 8 + grpIdx;
    if (ub >= 0) slots[at + 5] = (8 + ub) * 8 + grpIdx;
  }
  const durations = slotDurations(minutes, (row.c_rank as ArrayLike<number> | null) ?? [], counts, slots, WIDTH, 105 + byTypeIdx.size);
  const list = (k: string) => (row[k] as ArrayLike<number> | null) ?? [];
  const [pType, pPerson, pFt, pFg, pFi] = ['p_type', 'p_person', 'p_ft', 'p_fg', 'p_fi'].map(list) as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
  for (let i = 0; i < pType.length; i++) {
    const type = byTypeIdx.get(Number.isNaN(pType[i]) ? null : pType[i]!)!;
    const group = byGrp.get(type.grp)!;
    type.people.add(pPerson[i]!);
    group.people.add(pPerson[i]!);
    all.people.add(pPerson[i]!);
    type.incidents += pFt[i]!;
    group.incidents += pFg[i]!;
    all.incidents += pFi[i]!;
  }

  const countRow = (t: Tally | undefined): CountRow => {
    const n = t?.interventions ?? 0;
    return {
      interventions: n,
      incidents: t?.incidents ?? 0,
      people: t?.people.size ?? 0,
      per1000BedDays: rateOf(n, bedDays, 1000),
      per100Incidents: rateOf(n, incidents, 100),
      duration: t ? durations[t.durationSlot]! : { n: 0, median: null, q1: null, q3: null, totalMinutes: 0 },
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
        per100PersonPeriods: rateOf(r?.interventions ?? 0, r?.person_periods ?? 0, 100),
        incidents: inc,
        incidentsWithIntervention: withRi,
        share: proportionInterval(withRi, inc),
        riskRatio: band === 'none' || !none ? null : riskRatio(withRi, inc, none.incidents_with_ri, none.incidents),
      });
    }
  }

  const durationsByCondition: DurationByConditionRow[] = durations
    .slice(0, 96)
    .map((d, slot) => {
      const condition = CONDITIONS[Math.floor(slot / 32)]!;
      return { condition, band: bandName(condition, Math.floor(slot / 8) % 4), group: groupOf(slot % 8), ...d };
    })
    .filter((d): d is DurationByConditionRow => d.n > 0 && d.band !== null)
    .sort((a, b) => sortKey(a) - sortKey(b));

  const warnings: string[] = [];
  const prnGrain: Grain = row.w_monthly === true ? 'month' : 'week';
  const prnSpan = typeof row.w_first === 'string' && typeof row.w_last === 'string' ? { first: row.w_first, last: row.w_last } : null;
  let weeks = q.w_week
    .map((week, i) => ({ week, person_periods: q.w_person_periods[i]!, prn: q.w_prn[i]! }))
    .sort((a, b) => (a.week < b.week ? -1 : 1));
  if (weeks.length > MAX_POINTS) {
    warnings.push(`Only the last ${MAX_POINTS} ${prnGrain}s of PRN use are charted.`);
    weeks = weeks.slice(-MAX_POINTS);
  }
  const prnWeekly: PrnWeek[] = weeks.map((r) => ({
    week: r.week,
    personPeriods: r.person_periods,
    prn: r.prn,
    per100PersonPeriods: rateOf(r.prn, r.person_periods, 100),
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
    prnGrain,
    prnSpan,
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
  const by = r.prnGrain;
  const drawn = by === 'month' ? ` ${MONTHLY_REASON}` : '';
  if (total === 0) return `No PRN psychotropic medication for distress was recorded over ${plural(r.prnWeekly.length, by)}.${drawn}`;
  const base = `PRN psychotropic medication for distress was given ${plural(total, 'time')} over ${plural(r.prnWeekly.length, by)} (${fmt((100 * total) / pp, 2)} per 100 person-periods)`;
  const t = r.prnTrend;
  if (!t || !t.rateRatio) return `${base}.${smallNote(total, 'dose')}${drawn}`;
  const e = t.rateRatio;
  const d = ratioDigits(e);
  const change =
    e.upper < 1
      ? `lower in the later ${by}s (from ${dayLabel(t.later.from)}) than the earlier ones: about ${fmt(e.estimate, d)} times the earlier rate (${ratioCi(e)})`
      : e.lower > 1
        ? `higher in the later ${by}s (from ${dayLabel(t.later.from)}) than the earlier ones: about ${fmt(e.estimate, d)} times the earlier rate (${ratioCi(e)})`
        : `with no clear change between the earlier ${by}s and the later ones from ${dayLabel(t.later.from)} (rate ratio ${fmt(e.estimate, d)}, ${ratioCi(e)})`;
  return `${base}, ${change}.${smallNote(total, 'dose')}${drawn}`;
}
