/**
 * Analysis 3 — when. The classic PBS scatterplot (hour of day × weekday) of incidents, made
 * honest: each slot's incidents are set against the person-hours of exposure in it, and whether
 * incidents are spread evenly across the hours (and weekdays) is tested, not judged by eye.
 * Hours and weekdays are clock time: a night period starting Monday 23:00 gives one hour to
 * Monday 23:00 and seven to Tuesday 00:00–06:59. Exposure is cut from each period's own start and
 * end, so any shift pattern works.
 */
import { named, raw, sql, table, type Sql } from '../db/sql';
import { incidentWhere } from '../model/filters';
import type { Model } from '../model/model';
import type { Settings } from '../model/settings';
import { chiSquareSurvival } from '../stats/distributions';
import { rateInterval } from '../stats/intervals';
import { fmt } from './sentences';
import type { Filters } from './types';

export const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
/** Rates per this many person-hours. */
export const PER_PERSON_HOURS = 1000;
/** A slot's residual beyond this many standard errors is named. */
export const RESIDUAL_LINE = 2;
/** Expected counts under this make the chi-square approximation rough (Cochran). */
export const SMALL_EXPECTED = 5;

/**
 * Person-hours and person-hour-weighted staffing per clock hour × weekday, with the incidents in
 * exposure per clock hour × weekday of occurred_at (the same incidents as the rates) and the
 * incidents outside every person-period, in one statement.
 *
 * A period covers the same clock hours as every other period of its unit's shift (its pattern
 * row: start minute and length from the date's midnight), so person-periods are first summed per
 * unit × shift × weekday of the period's date, then spread over that shift's hour profile: clock
 * hour k of the profile (k ≥ 24 is the next day) gets the minutes of [60k, 60k + 60) inside the
 * period. A slot's exposure is Σ people × hours; mean shortfall and agency share average the
 * period values over those person-hours, leaving out periods without a value.
 *
 * `groups` is the per unit × shift × weekday sums under the filters: from the periods with their
 * people counted (model/periodPeople.ts) without a person, else from the person's own periods.
 */
const GRID = (groups: Sql, incidentWhere: Sql, outsideWhere: Sql) => named('when.grid', sql`
WITH groups AS (${groups}),
hours AS (
  SELECT u.unit_idx, sp.shift_index, sp.start_minute, sp.minutes,
         unnest(generate_series(sp.start_minute // 60, (sp.start_minute + sp.minutes - 1) // 60)) AS k
  FROM ${table('shift_pattern')} sp JOIN ${table('units')} u USING (unit)),
profile AS (
  SELECT unit_idx, shift_index, k,
         (least(60 * (k + 1), start_minute + minutes) - greatest(60 * k, start_minute)) / 60.0 AS hours
  FROM hours),
exposure AS (
  SELECT ((g.weekday - 1 + p.k // 24) % 7 + 1)::INTEGER AS weekday, (p.k % 24)::INTEGER AS hour,
         sum(g.people * p.hours)::DOUBLE AS person_hours,
         sum(g.n_shortfall * p.hours)::DOUBLE AS ph_shortfall,
         sum(g.x_shortfall * p.hours)::DOUBLE AS ph_x_shortfall,
         sum(g.n_agency * p.hours)::DOUBLE AS ph_agency,
         sum(g.x_agency * p.hours)::DOUBLE AS ph_x_agency
  FROM groups g JOIN profile p USING (unit_idx, shift_index)
  GROUP BY ALL),
incidents AS (
  SELECT weekday, hour, count(*)::DOUBLE AS incidents FROM ${table('exposure_incidents')} ei WHERE ${incidentWhere} GROUP BY ALL),
cells AS (
  SELECT weekday, hour, e.person_hours, e.ph_shortfall, e.ph_x_shortfall, e.ph_agency, e.ph_x_agency,
         coalesce(i.incidents, 0)::DOUBLE AS incidents
  FROM exposure e FULL JOIN incidents i USING (weekday, hour))
SELECT c.*, o.outside
FROM (SELECT count(*)::DOUBLE AS outside FROM ${table('outside_exposure')} i WHERE ${outsideWhere}) o LEFT JOIN cells c ON TRUE`);

const UNIT_GROUPS = (where: Sql) => sql`
  SELECT unit_idx, shift_index, weekday, sum(people)::DOUBLE AS people,
         coalesce(sum(people) FILTER (WHERE shortfall IS NOT NULL), 0)::DOUBLE AS n_shortfall,
         coalesce(sum(people * shortfall), 0)::DOUBLE AS x_shortfall,
         coalesce(sum(people) FILTER (WHERE agency_share IS NOT NULL), 0)::DOUBLE AS n_agency,
         coalesce(sum(people * agency_share), 0)::DOUBLE AS x_agency
  FROM ${table('period_people')} pe WHERE ${where} GROUP BY ALL`;

const PERSON_GROUPS = (where: Sql) => sql`
  SELECT pp.unit_idx, pp.shift_index, pp.weekday, count(*)::DOUBLE AS people,
         count(s.shortfall)::DOUBLE AS n_shortfall, coalesce(sum(s.shortfall), 0)::DOUBLE AS x_shortfall,
         count(s.agency_share)::DOUBLE AS n_agency, coalesce(sum(s.agency_share), 0)::DOUBLE AS x_agency
  FROM ${table('person_periods')} pp JOIN ${table('period_staffing')} s USING (period_id)
  WHERE ${where} GROUP BY ALL`;

export interface WhenCell {
  /** ISO weekday, Monday = 1. */
  weekday: number;
  /** Clock hour 0–23 (the slot hour:00–hour:59). */
  hour: number;
  incidents: number;
  personHours: number;
  /** Incidents per 1,000 person-hours with an exact (Garwood) 95 % interval; null without exposure. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
  /** Staff short, averaged over the slot's person-hours; null where no period had a value. */
  meanShortfall: number | null;
  /** Agency share of staff-hours (0–1), averaged over the slot's person-hours. */
  meanAgencyShare: number | null;
}

export interface FitRow {
  /** Hour 0–23 or ISO weekday 1–7. */
  level: number;
  label: string;
  observed: number;
  personHours: number;
  /** N × this level's share of the person-hours. */
  expected: number;
  /** (O − E) / √E */
  residual: number;
  /** (O − E) / √(E (1 − share)): approximately standard normal under an even spread. */
  adjustedResidual: number;
  /** |adjusted residual| > 2. */
  beyondLine: boolean;
}

export interface EvennessTest {
  dimension: 'hour' | 'weekday';
  incidents: number;
  rows: FitRow[];
  /** Pearson chi-square of observed against exposure-expected counts; null with no incidents. */
  chiSquare: number | null;
  /** Levels with exposure − 1. */
  df: number;
  pValue: number | null;
  /** Levels whose expected count is under 5. */
  smallExpected: number;
  /** Levels named in the sentence: beyond the line, and only when the overall test is clear (p < 0.05). */
  standingOut: { level: number; label: string; direction: 'more' | 'fewer' }[];
  warning: string | null;
  /** The finding in everyday words; the test itself is in `details`. */
  sentence: string;
  /** The test behind the sentence: "Chi-square test: χ² = 210.1, df = 23, p < 0.001."; null with nothing tested. */
  details: string | null;
}

export interface WhenResult {
  filters: Filters;
  exposure: { incidents: number; personHours: number; incidentsOutsideExposure: number };
  /** 168 cells, weekday-major (Mon 00:00, Mon 01:00, … Sun 23:00). */
  cells: WhenCell[];
  byHour: EvennessTest;
  byWeekday: EvennessTest;
  /** One sentence per grid. */
  sentences: { incidents: string; rate: string; shortfall: string; agency: string };
  /** The caution every scatterplot needs. */
  note: string;
  warnings: string[];
}

export const KAHNG_NOTE =
  'A scatterplot read by eye can mislead: in Kahng et al. (1998, Journal of Applied Behavior Analysis ' +
  '31, 593–604), visual inspection of 15 scatterplots found no reliable time pattern in any of them, ' +
  'while a statistical analysis of the same data found hours of raised risk in 12. Here the rate grid ' +
  'allows for how many people were there at each hour, and the chi-square tests say whether the ' +
  'differences are bigger than chance. Incidents cluster (one difficult day brings several), which ' +
  'makes these tests find patterns more readily than they should; read them alongside the grids.';

export const hourLabel = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;

export async function whenAnalysis(model: Model, filters: Filters, _settings?: Settings): Promise<WhenResult> {
  const kf = await model.filters(filters);
  const g = filters.personId ? kf.on('pp') : kf.on('pe');
  // One row per slot with exposure or incidents (none at all: one row of nulls), each carrying the outside count.
  const grid = await model.query<{
    weekday: number | null;
    hour: number | null;
    person_hours: number | null;
    ph_shortfall: number;
    ph_x_shortfall: number;
    ph_agency: number;
    ph_x_agency: number;
    incidents: number;
    outside: number;
  }>(GRID(filters.personId ? PERSON_GROUPS(g) : UNIT_GROUPS(g), kf.on('ei'), incidentWhere(filters)));
  const outside = { n: grid[0]?.outside ?? 0 };

  const key = (d: number, h: number) => (d - 1) * 24 + h;
  const slotAt = new Map(grid.filter((s) => s.person_hours !== null).map((s) => [key(s.weekday!, s.hour!), s]));
  const countAt = new Map(grid.filter((c) => c.weekday !== null).map((c) => [key(c.weekday!, c.hour!), c.incidents]));
  const cells: WhenCell[] = [];
  for (let d = 1; d <= 7; d++) {
    for (let h = 0; h < 24; h++) {
      const s = slotAt.get(key(d, h));
      const incidents = countAt.get(key(d, h)) ?? 0;
      const personHours = s?.person_hours ?? 0;
      const r = rateInterval(incidents, personHours, PER_PERSON_HOURS);
      cells.push({
        weekday: d,
        hour: h,
        incidents,
        personHours,
        rate: r.rate,
        lower: r.lower,
        upper: r.upper,
        meanShortfall: s && s.ph_shortfall > 0 ? s.ph_x_shortfall / s.ph_shortfall : null,
        meanAgencyShare: s && s.ph_agency > 0 ? s.ph_x_agency / s.ph_agency : null,
      });
    }
  }

  const sumBy = (levels: number[], of: (c: WhenCell) => number, pick: (c: WhenCell) => number) =>
    levels.map((l) => cells.filter((c) => of(c) === l).reduce((t, c) => t + pick(c), 0));
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const days = [1, 2, 3, 4, 5, 6, 7];
  const byHour = evennessTest(
    'hour',
    hours.map((h, i) => ({
      level: h,
      label: hourLabel(h),
      observed: sumBy(hours, (c) => c.hour, (c) => c.incidents)[i]!,
      personHours: sumBy(hours, (c) => c.hour, (c) => c.personHours)[i]!,
    })),
  );
  const byWeekday = evennessTest(
    'weekday',
    days.map((d, i) => ({
      level: d,
      label: WEEKDAY_NAMES[d - 1]!,
      observed: sumBy(days, (c) => c.weekday, (c) => c.incidents)[i]!,
      personHours: sumBy(days, (c) => c.weekday, (c) => c.personHours)[i]!,
    })),
  );

  const incidents = cells.reduce((t, c) => t + c.incidents, 0);
  const personHours = cells.reduce((t, c) => t + c.personHours, 0);
  const warnings: string[] = [];
  if ((outside?.n ?? 0) > 0) {
    warnings.push(`${outside!.n} incidents fall outside every person-period (outside rota coverage or the person's admission) and are not in these grids.`);
  }
  for (const t of [byHour, byWeekday]) if (t.warning) warnings.push(t.warning);

  return {
    filters,
    exposure: { incidents, personHours, incidentsOutsideExposure: outside?.n ?? 0 },
    cells,
    byHour,
    byWeekday,
    sentences: gridSentences(cells, incidents),
    note: KAHNG_NOTE,
    warnings,
  };
}

/**
 * Chi-square goodness of fit of observed counts against counts proportional to exposure, over the
 * levels with exposure (df = levels − 1). Residuals adjusted for the level's share, so each is
 * roughly standard normal when the spread is even.
 */
export function evennessTest(
  dimension: 'hour' | 'weekday',
  input: { level: number; label: string; observed: number; personHours: number }[],
): EvennessTest {
  const N = input.reduce((t, r) => t + r.observed, 0);
  const H = input.reduce((t, r) => t + r.personHours, 0);
  const rows: FitRow[] = input.map((r) => {
    const share = H > 0 ? r.personHours / H : 0;
    const expected = N * share;
    const diff = r.observed - expected;
    const residual = expected > 0 ? diff / Math.sqrt(expected) : 0;
    const adjustedResidual = expected > 0 && share < 1 ? diff / Math.sqrt(expected * (1 - share)) : 0;
    return { ...r, expected, residual, adjustedResidual, beyondLine: Math.abs(adjustedResidual) > RESIDUAL_LINE };
  });
  const used = rows.filter((r) => r.personHours > 0);
  const df = Math.max(0, used.length - 1);
  const what = dimension === 'hour' ? 'the hours of the day' : 'the days of the week';
  const unit = dimension === 'hour' ? 'hour' : 'weekday';
  const base = { dimension, incidents: N, rows, df };
  if (N === 0 || df === 0) {
    return {
      ...base,
      chiSquare: null,
      pValue: null,
      smallExpected: used.length,
      standingOut: [],
      warning: null,
      details: null,
      sentence:
        N === 0
          ? `There are no incidents in this selection, so there is no pattern across ${what} to test.`
          : `Only one ${unit} has any exposure in this selection, so there is nothing to compare across ${what}.`,
    };
  }
  const chiSquare = used.reduce((t, r) => t + (r.observed - r.expected) ** 2 / r.expected, 0);
  const pValue = chiSquareSurvival(chiSquare, df);
  const smallExpected = used.filter((r) => r.expected < SMALL_EXPECTED).length;
  // Cochran: more than a fifth of expected counts under 5, or any under 1, and the test is rough.
  const rough = smallExpected > 0.2 * used.length || used.some((r) => r.expected < 1);
  const warning = rough
    ? `${smallExpected} of ${used.length} ${unit}s expect fewer than ${SMALL_EXPECTED} incidents: the test across ${what} is only a rough guide with numbers this small.`
    : null;
  const clear = pValue < 0.05;
  const standingOut = clear
    ? used
        .filter((r) => r.beyondLine)
        .map((r) => ({ level: r.level, label: r.label, direction: r.observed > r.expected ? ('more' as const) : ('fewer' as const) }))
    : [];
  const details = `Chi-square test against the time people spent on the unit: χ² = ${fmt(chiSquare)}, df = ${df}, ${formatP(pValue)}.`;
  const explain = 'the time people spent on the unit would explain';
  let sentence: string;
  if (!clear) {
    sentence = `Incidents were spread across ${what} about as evenly as ${explain}: no ${unit === 'hour' ? 'time of day' : 'day'} stands out.`;
  } else {
    const list = (dir: 'more' | 'fewer') => {
      const levels = standingOut.filter((s) => s.direction === dir).map((s) => s.level);
      if (levels.length === 0) return null;
      return dimension === 'hour' ? plainHours(levels) : `on ${joinAnd(levels.map((l) => `${WEEKDAY_NAMES[l - 1]}s`))}`;
    };
    const more = list('more');
    const fewer = list('fewer');
    if (more) sentence = `More incidents happened ${more} than ${explain}${fewer ? `, and fewer ${fewer}` : ''}.`;
    else if (fewer) sentence = `Fewer incidents happened ${fewer} than ${explain}.`;
    else sentence = `Incidents were not spread across ${what} as evenly as ${explain}, though no single ${unit} stands out on its own.`;
    sentence += ' This describes when incidents happened, not why.';
  }
  if (N < 20) sentence += ` These are small numbers (${N} incidents).`;
  else if (rough) sentence += ` Many ${unit}s expect fewer than ${SMALL_EXPECTED} incidents, so the test is only a rough guide.`;
  return { ...base, chiSquare, pValue, smallExpected, standingOut, warning, sentence, details };
}

const joinAnd = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** A clock hour in everyday words: 0 → "midnight", 7 → "7 am", 12 → "12 noon", 19 → "7 pm". */
function clockWords(h: number): { text: string; half: 'am' | 'pm' | null } {
  const x = ((h % 24) + 24) % 24;
  if (x === 0) return { text: 'midnight', half: null };
  if (x === 12) return { text: '12 noon', half: null };
  return x < 12 ? { text: `${x}`, half: 'am' } : { text: `${x - 12}`, half: 'pm' };
}

/** Hours as runs of consecutive hours [first, last]; a run ending at 23 continues into one starting at 0. */
function hourRuns(hours: number[]): [number, number][] | 'all' {
  const set = new Set(hours.map((h) => ((h % 24) + 24) % 24));
  if (set.size === 24) return 'all';
  const runs: [number, number][] = [];
  for (const h of [...set].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && last[1] === h - 1) last[1] = h;
    else runs.push([h, h]);
  }
  if (runs.length > 1 && runs[0]![0] === 0 && runs[runs.length - 1]![1] === 23) {
    const first = runs.shift()!;
    runs[runs.length - 1]![1] = first[1];
  }
  return runs;
}

/**
 * Hours in everyday words, joined round midnight: [18, 19, 20] → "between 6 and 9 pm";
 * [23, 0, …, 6] → "between 11 pm and 7 am"; [7, 16, 17] → "between 7 and 8 am and between 4 and 6 pm".
 */
export function plainHours(hours: number[]): string {
  const runs = hourRuns(hours);
  if (runs === 'all') return 'at every hour';
  const phrase = ([a, b]: [number, number]) => {
    const from = clockWords(a);
    const to = clockWords(b + 1);
    const full = (c: { text: string; half: string | null }) => (c.half ? `${c.text} ${c.half}` : c.text);
    // "between 4 and 6 pm" when both ends share am or pm; otherwise each says its own.
    return from.half && from.half === to.half ? `between ${from.text} and ${full(to)}` : `between ${full(from)} and ${full(to)}`;
  };
  return joinAnd(runs.map(phrase));
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** Hours as clock ranges, joined round midnight: [22, 23, 0, 1, 9] → "22:00–01:59 and 09:00–09:59". */
export function hourRanges(hours: number[]): string {
  const runs = hourRuns(hours);
  if (runs === 'all') return 'every hour';
  const parts = runs.map(([a, b]) => `${hourLabel(a)}–${String(b).padStart(2, '0')}:59`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const slotName = (c: WhenCell) => `${WEEKDAY_NAMES[c.weekday - 1]} ${hourLabel(c.hour)}–${String(c.hour).padStart(2, '0')}:59`;

function gridSentences(cells: WhenCell[], incidents: number): WhenResult['sentences'] {
  const top = <K extends keyof WhenCell>(k: K, pool = cells) =>
    pool.filter((c) => c[k] !== null).sort((a, b) => (b[k] as number) - (a[k] as number))[0];
  const withExposure = cells.filter((c) => c.personHours > 0);
  if (withExposure.length === 0) {
    const none = 'There is no exposure in this selection: no periods of any person on a rota-covered unit.';
    return { incidents: none, rate: none, shortfall: none, agency: none };
  }
  const busiest = top('incidents')!;
  const incidentsSentence =
    incidents === 0
      ? 'No incidents were recorded in this selection.'
      : `The grid counts ${fmt(incidents, 0)} incidents by the hour and weekday they happened; the most (${fmt(busiest.incidents, 0)}) were on ${slotName(busiest)}. ` +
        'Counts also follow how many people were there, so compare the rate grid.';
  // Slots with little exposure give wild rates: name the highest among slots with at least half the median person-hours.
  const sorted = withExposure.map((c) => c.personHours).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const steady = withExposure.filter((c) => c.personHours >= median / 2);
  const highest = top('rate', steady);
  const rateSentence =
    incidents === 0 || !highest
      ? 'With no incidents, every rate is zero.'
      : `The highest rate was ${fmt(highest.rate!, 1)} incidents per ${fmt(PER_PERSON_HOURS, 0)} person-hours on ${slotName(highest)} ` +
        `(${fmt(highest.incidents, 0)} incidents in ${fmt(highest.personHours, 0)} person-hours); a single slot holds few incidents, so read the grid for bands of hours rather than single cells.`;
  const worstShort = top('meanShortfall');
  const shortfallSentence = worstShort
    ? `Staffing was shortest on ${slotName(worstShort)}, on average ${fmt(worstShort.meanShortfall!, 2)} staff short; compare where this grid and the rate grid are both dark.`
    : 'No period in this selection has a known staffing requirement, so shortfall cannot be shown.';
  const worstAgency = top('meanAgencyShare');
  const agencySentence = worstAgency
    ? `Agency staff worked the largest share of hours on ${slotName(worstAgency)} (${fmt(100 * worstAgency.meanAgencyShare!, 0)} % of staff-hours on average).`
    : 'No worked staff hours in this selection, so agency share cannot be shown.';
  return { incidents: incidentsSentence, rate: rateSentence, shortfall: shortfallSentence, agency: agencySentence };
}
