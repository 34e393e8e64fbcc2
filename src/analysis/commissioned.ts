/**
 * Analysis 6 — commissioned vs delivered. "Although 2:1 is commissioned, this is not actually
 * delivered." For each person with a commissioned ratio, every clock hour of their exposure days
 * inside the commissioned hours is a slot; the staff allocated to them in a slot are the overlap
 * hours of worked rota lines carrying their person_id (two staff for half an hour = 1). A slot is
 * short when fewer staff were allocated than commissioned.
 */
import type { Connector } from '../db/connector';
import type { Settings } from '../model/settings';
import { proportionInterval, rateInterval, type RateEstimate, type ShareEstimate } from '../stats/intervals';
import { rateRatioExact } from '../stats/rateRatio';
import { exposureWhere } from './filters';
import { ASSOCIATION, fmt, pct, plural, readRatio, smallNote } from './sentences-shared';
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
  /** All selected people together, per ISO week (Monday). */
  weekly: (HoursCount & { week: string })[];
  /** Incidents of these people by the clock hour they happened in, short hours against fully delivered hours. */
  incidents: { shortHours: HoursRate; fullHours: HoursRate; rateRatio: Estimate | null };
  /** People in the selection with no commissioned ratio (not analysed). */
  peopleWithoutRatio: number;
  sentences: { weekly: string; incidents: string };
  warnings: string[];
}

const MAX_POINTS = 2000;

const MINUTES = (x: string) => `
  CASE WHEN regexp_full_match(trim(${x}), '\\d{1,2}:\\d{2}')
       THEN TRY_CAST(split_part(trim(${x}), ':', 1) AS INTEGER) * 60 + TRY_CAST(split_part(trim(${x}), ':', 2) AS INTEGER) END`;

/**
 * People with a ratio: staff = a / b for "a:b"; the window in minutes. Blank (or unreadable, or
 * from = to) hours mean all day; to < from crosses midnight.
 */
const WINDOWS = `
windows AS (
  SELECT *, from_min IS NULL OR to_min IS NULL OR from_min = to_min AS all_day FROM (
    SELECT ps.person_idx, ps.person_id,
           TRY_CAST(split_part(ps.commissioned_ratio, ':', 1) AS DOUBLE)
             / nullif(TRY_CAST(split_part(ps.commissioned_ratio, ':', 2) AS DOUBLE), 0) AS staff,
           ${MINUTES('ps.commissioned_from')} AS from_min, ${MINUTES('ps.commissioned_to')} AS to_min
    FROM person_spans ps WHERE ps.commissioned_ratio IS NOT NULL)
  WHERE staff > 0)`;

/**
 * Hour slots: each exposure day of a person (under the filters) × 24 clock hours, kept when the
 * hour is commissioned — its midpoint lies in the window (so a window on the hour is exact).
 * Allocated staff per slot from worked lines with the person's id, cut into clock hours
 * (equi-join on person, date and hour). Incidents by the clock hour they happened in.
 */
const SLOTS = (where: string) => `
WITH ${WINDOWS},
days AS (SELECT DISTINCT pp.person_idx, pp.date FROM person_periods pp WHERE ${where}),
slots AS (
  SELECT d.person_idx, w.person_id, d.date, h.hour, w.staff
  FROM days d JOIN windows w USING (person_idx) CROSS JOIN (SELECT range AS hour FROM range(24)) h
  WHERE w.all_day
     OR (w.from_min < w.to_min AND h.hour * 60 + 30 >= w.from_min AND h.hour * 60 + 30 < w.to_min)
     OR (w.from_min > w.to_min AND (h.hour * 60 + 30 >= w.from_min OR h.hour * 60 + 30 < w.to_min))),
alloc AS (
  SELECT person_id, slot::DATE AS date, hour(slot) AS hour,
         sum(epoch(least("end", slot + INTERVAL 1 HOUR) - greatest("start", slot)) / 3600.0) AS staff
  FROM (SELECT s.person_id, s."start", s."end",
               unnest(generate_series(date_trunc('hour', s."start"), s."end", INTERVAL 1 HOUR)) AS slot
        FROM shifts s WHERE s.status = 'worked' AND s.person_id IN (SELECT person_id FROM windows))
  WHERE slot < "end"
  GROUP BY ALL),
incident_slots AS (
  SELECT person_id, occurred_at::DATE AS date, hour(occurred_at) AS hour, count(*) AS incidents
  FROM incidents WHERE person_id IN (SELECT person_id FROM windows) GROUP BY ALL),
judged AS (
  SELECT s.person_idx, date_trunc('week', s.date)::DATE AS week, s.staff AS commissioned,
         coalesce(round(a.staff, 9), 0) AS allocated, coalesce(round(a.staff, 9), 0) < s.staff AS short,
         coalesce(i.incidents, 0) AS incidents
  FROM slots s
  LEFT JOIN alloc a ON a.person_id = s.person_id AND a.date = s.date AND a.hour = s.hour
  LEFT JOIN incident_slots i ON i.person_id = s.person_id AND i.date = s.date AND i.hour = s.hour)
SELECT grouping(person_idx)::INTEGER AS g_person, grouping(week)::INTEGER AS g_week, person_idx,
       strftime(week, '%Y-%m-%d') AS week,
       count(*)::DOUBLE AS hours, count(*) FILTER (WHERE NOT short)::DOUBLE AS full_hours,
       count(*) FILTER (WHERE short)::DOUBLE AS short_hours,
       sum(greatest(0, commissioned - allocated))::DOUBLE AS staff_hours_short,
       sum(commissioned)::DOUBLE AS commissioned_staff_hours,
       sum(least(allocated, commissioned))::DOUBLE AS delivered_staff_hours,
       coalesce(sum(incidents) FILTER (WHERE short), 0)::DOUBLE AS incidents_short,
       coalesce(sum(incidents) FILTER (WHERE NOT short), 0)::DOUBLE AS incidents_full
FROM judged
GROUP BY GROUPING SETS ((week), (person_idx), ())
ORDER BY week`;

const PEOPLE = `
SELECT ps.person_idx, ps.person_id, ps.label, ps.unit, ps.commissioned_ratio AS ratio,
       ps.commissioned_from, ps.commissioned_to,
       (SELECT count(*) FROM shifts s WHERE s.person_id = ps.person_id AND s.status = 'worked')::DOUBLE AS allocated_shifts
FROM person_spans ps WHERE ps.commissioned_ratio IS NOT NULL ORDER BY ps.label`;

const WITHOUT_RATIO = (where: string) => `
SELECT count(DISTINCT pp.person_idx)::DOUBLE AS n FROM person_periods pp JOIN person_spans ps USING (person_idx)
WHERE ${where} AND ps.commissioned_ratio IS NULL`;

interface SlotRow {
  g_person: number;
  g_week: number;
  person_idx: number | null;
  week: string | null;
  hours: number;
  full_hours: number;
  short_hours: number;
  staff_hours_short: number;
  commissioned_staff_hours: number;
  delivered_staff_hours: number;
  incidents_short: number;
  incidents_full: number;
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

export async function commissionedAnalysis(db: Connector, filters: Filters, _settings?: Settings): Promise<CommissionedResult> {
  const w = exposureWhere(filters);
  const rows = await db.query<SlotRow>(SLOTS(w.sql), w.params);
  const people = await db.query<{
    person_idx: number;
    person_id: string;
    label: string;
    unit: string;
    ratio: string;
    commissioned_from: string | null;
    commissioned_to: string | null;
    allocated_shifts: number;
  }>(PEOPLE);
  const [without] = await db.query<{ n: number }>(WITHOUT_RATIO(w.sql), w.params);
  const warnings: string[] = [];

  const result: CommissionedPerson[] = [];
  for (const p of people) {
    const r = rows.find((x) => x.g_person === 0 && x.person_idx === p.person_idx);
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
  let weekly = rows.filter((x) => x.g_week === 0).map((x) => ({ week: x.week!, ...hoursCount(x) }));
  if (weekly.length > MAX_POINTS) {
    weekly = weekly.slice(-MAX_POINTS);
    warnings.push(`Only the last ${MAX_POINTS} weeks are charted.`);
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
    incidents: {
      shortHours: shortRate,
      fullHours: fullRate,
      rateRatio: rateRatioExact(shortRate.incidents, shortRate.hours, fullRate.incidents, fullRate.hours),
    },
    peopleWithoutRatio: without?.n ?? 0,
    warnings,
  };
  return { ...numbers, sentences: { weekly: weeklySentence(numbers), incidents: incidentsSentence(numbers) } };
}

type Numbers = Omit<CommissionedResult, 'sentences'>;

const hoursText = (h: number) => plural(Math.round(h * 10) / 10, 'hour');

function weeklySentence(r: Numbers): string {
  const t = r.totals;
  if (t.commissionedHours === 0) return 'No one in this selection has commissioned 1:1 or 2:1 hours.';
  const p = r.people[0]!;
  const who = r.people.length === 1 ? `${p.label} (${p.ratio}, ${p.hours})` : `${plural(r.people.length, 'person', 'people')} with commissioned 1:1 or 2:1 support`;
  if (t.shortHours === 0) {
    return `In every one of the ${hoursText(t.commissionedHours)} commissioned for ${who}, at least the commissioned number of staff was allocated.`;
  }
  const delivered = t.commissionedStaffHours > 0 ? t.deliveredStaffHours / t.commissionedStaffHours : 1;
  return (
    `Fewer staff were allocated than commissioned in ${fmt(t.shortHours, 0)} of the ${hoursText(t.commissionedHours)} commissioned for ${who} ` +
    `(${pct(t.shareOfHoursShort.share!)}): ${fmt(t.staffHoursShort, 1)} staff-hours short, ${pct(delivered)} of the commissioned staff-hours delivered.`
  );
}

function incidentsSentence(r: Numbers): string {
  const { shortHours: s, fullHours: f, rateRatio } = r.incidents;
  if (s.hours === 0 || f.hours === 0) {
    return 'There are not enough commissioned hours both short and fully delivered to compare incident rates.';
  }
  const base =
    `In commissioned hours short of the commissioned staffing there were ${fmt(s.per100Hours.rate!, 1)} incidents per 100 hours ` +
    `(${fmt(s.incidents, 0)} in ${hoursText(s.hours)}), against ${fmt(f.per100Hours.rate!, 1)} in fully delivered hours (${fmt(f.incidents, 0)} in ${hoursText(f.hours)})`;
  const read = readRatio(rateRatio, 'rate');
  if (!read) return `${base}.${smallNote(s.incidents + f.incidents, 'incident')}`;
  return `${base}: ${read.clear ? `incidents were ${read.text}. ${ASSOCIATION}` : `${read.text}.`}` + smallNote(s.incidents + f.incidents, 'incident');
}
