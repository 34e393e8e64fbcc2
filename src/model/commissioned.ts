/**
 * commissioned_days: commissioned against allocated staff per person and exposure day, by clock
 * hour (the definition), computed without making a row per hour.
 *
 * Definition. For each person with a commissioned ratio "a:b" (staff c = a / b, so 2:1 → 2),
 * every clock hour of each exposure day (a date of their person-periods) whose midpoint lies in
 * the commissioned window (blank, unreadable or equal times = all day; to < from crosses
 * midnight) is an hour slot with
 *   allocated a = overlap hours, within the hour, of worked rota lines carrying the person's id
 *                 (two staff for half an hour = 1), rounded to 1e-9 so "a < c" is exact;
 *   short       = a < c;
 *   incidents   = the person's incidents whose occurred_at falls in that hour.
 * Per day: hours, short hours, staff-hours short Σ max(0, c − a) = H·c − Σ min(a, c),
 * commissioned staff-hours H·c, delivered Σ min(a, c), incidents in short and in full hours.
 *
 * How. A rota line's whole clock hours add exactly 1 each. Cut at midnights, each line adds, on
 * each day it touches, its count to the hours of day [x, y) it covers; summed per person and day
 * into 5 bits an hour (hours 0–11 in one BIGINT, 12–23 in another), these are the day's whole-hour
 * allocations in two numbers, exact while at most 31 lines touch a half-day. A day with more is
 * "crowded" and counted hour by hour instead. The days' allocations repeat (a person's days
 * mostly look alike: a few hundred distinct days at W-L), so delivered and full hours are worked
 * out once per distinct day, window and ratio. Lines that start or end inside an hour add a
 * fraction to that hour only: those few hours, and the hours with incidents, are then looked at
 * one by one. Window hours are a 24-bit mask per person.
 */
import { defineTable } from './table';

const MINUTES = (x: string) => `
  CASE WHEN regexp_full_match(trim(${x}), '\\d{1,2}:\\d{2}(:\\d{2})?')
       THEN TRY_CAST(split_part(trim(${x}), ':', 1) AS INTEGER) * 60 + TRY_CAST(split_part(trim(${x}), ':', 2) AS INTEGER) END`;

/** Hour index since the epoch (naive timestamps throughout). */
const HOUR = (ts: string) => `(epoch_ms(${ts}) // 3600000)`;

/** Bits an hour in a packed day: counts up to 31. */
const BITS = 5;
/**
 * A line's whole hours of day [x, y) packed, one line each hour: Σ 2^(5(h − base)) over the hours
 * of [x, y) in the half-day from `base` (0 or 12), a geometric sum.
 */
const SPREAD = (base: number) => {
  const x = `greatest(x, ${base})`;
  const y = `least(y, ${base + 12})`;
  return `CASE WHEN ${y} > ${x} THEN ((1::BIGINT << (${BITS} * (${y} - ${base}))) - (1::BIGINT << (${BITS} * (${x} - ${base})))) // 31 ELSE 0 END`;
};
/** Whole-hour allocation of hour of day `hod` (a number or an SQL expression) in a packed day. */
const LEVEL = (hod: number | string) =>
  typeof hod === 'number'
    ? `((${hod < 12 ? 'am' : 'pm'} >> ${BITS * (hod % 12)}) & 31)`
    : `CASE WHEN ${hod} < 12 THEN (am >> (${BITS} * ${hod})) & 31 ELSE (pm >> (${BITS} * (${hod} - 12))) & 31 END`;
/**
 * `rows` (person_idx, staff, mask, h and more) in a window hour, with its day, hour of day and
 * whole-hour allocation (level) from the packed day, or from the hour's own row on a crowded day.
 */
const WITH_LEVEL = (rows: string) => `
  SELECT r.*, coalesce(CASE WHEN dl.crowded THEN ch.level ELSE ${LEVEL('r.hod')} END, 0) AS level
  FROM (SELECT *, h // 24 AS day, (h % 24)::INTEGER AS hod FROM (${rows}) WHERE (mask >> (h % 24)::INTEGER) & 1 = 1) r
  LEFT JOIN day_levels dl USING (person_idx, day)
  LEFT JOIN crowded_hours ch USING (person_idx, day, hod)`;
/** Σ over the 24 hours of day of `term(level)` for the window's hours. */
const OVER_WINDOW = (term: (level: string) => string) =>
  Array.from({ length: 24 }, (_, h) => `((mask >> ${h}) & 1) * ${term(LEVEL(h))}`).join('\n       + ');

export const COMMISSIONED_DAYS = defineTable({
  name: 'commissioned_days',
  reads: ['person_spans', 'person_days', 'r_shifts', 'r_incidents'],
  doc: 'Commissioned and delivered one-to-one hours per person and day (hour slots).',
  sql: `
WITH parsed AS (
  SELECT *, from_min IS NULL OR to_min IS NULL OR from_min = to_min AS all_day FROM (
    SELECT ps.person_idx, ps.person_id,
           TRY_CAST(split_part(ps.commissioned_ratio, ':', 1) AS DOUBLE)
             / nullif(TRY_CAST(split_part(ps.commissioned_ratio, ':', 2) AS DOUBLE), 0) AS staff,
           ${MINUTES('ps.commissioned_from')} AS from_min, ${MINUTES('ps.commissioned_to')} AS to_min
    FROM person_spans ps WHERE ps.commissioned_ratio IS NOT NULL)
  WHERE staff > 0),
-- Bit h set when clock hour h's midpoint lies in the window.
windows AS (
  SELECT w.person_idx, w.person_id, w.staff,
         bit_or(1::BIGINT << h.hour) FILTER (
           WHERE w.all_day
              OR (w.from_min < w.to_min AND h.hour * 60 + 30 >= w.from_min AND h.hour * 60 + 30 < w.to_min)
              OR (w.from_min > w.to_min AND (h.hour * 60 + 30 >= w.from_min OR h.hour * 60 + 30 < w.to_min))) AS mask
  FROM parsed w CROSS JOIN (SELECT range::INTEGER AS hour FROM range(24)) h
  GROUP BY ALL),
-- Exposure days: the person-days with person-periods (model/personDays.ts).
days AS (
  SELECT pd.person_idx, pd.unit_idx, pd.date, (epoch_ms(pd.date) // 86400000) AS day
  FROM person_days pd WHERE pd.periods > 0 AND pd.person_idx IN (SELECT person_idx FROM windows)),
-- Worked rota lines allocated to the person.
rota AS MATERIALIZED (
  SELECT w.person_idx, s."start", s."end", epoch_ms(s."start") / 3600000.0 AS t0, ${HOUR('s."end"')} AS h1
  FROM r_shifts s JOIN windows w USING (person_id)
  WHERE s.status = 'worked' AND s."end" > s."start"),
-- Whole hours [ceil(t0), h1) of each line cut at midnights: hours of day [x, y) on day \`day\`.
pieces AS (
  SELECT person_idx, a // 24 AS day, (a % 24)::INTEGER AS x, (least(b, a // 24 * 24 + 24) - a // 24 * 24)::INTEGER AS y
  FROM (SELECT person_idx, ceil(t0)::BIGINT AS a, h1 AS b FROM rota WHERE ceil(t0) < h1)
  UNION ALL
  SELECT person_idx, day, 0, (least(b, day * 24 + 24) - day * 24)::INTEGER
  FROM (SELECT person_idx, b, unnest(generate_series(a // 24 + 1, (b - 1) // 24)) AS day
        FROM (SELECT person_idx, ceil(t0)::BIGINT AS a, h1 AS b FROM rota WHERE ceil(t0) < h1) WHERE a // 24 < (b - 1) // 24)),
-- Every [x, y) packed (300 of them), and whether it touches the morning or the afternoon.
spreads AS (
  SELECT x::INTEGER AS x, y::INTEGER AS y, ${SPREAD(0)} AS am, ${SPREAD(12)} AS pm, (x < 12)::INTEGER AS in_am, (y > 12)::INTEGER AS in_pm
  FROM range(24) r(x), range(25) s(y) WHERE x < y),
-- Per person and day, the whole-hour allocation of hour h in bits 5h… of am (h < 12) or 5(h − 12)… of pm:
-- exact when at most 31 lines touch each half-day; a crowded day (more) is counted hour by hour.
day_levels AS (
  SELECT person_idx, day, crowded, CASE WHEN NOT crowded THEN am::BIGINT END AS am, CASE WHEN NOT crowded THEN pm::BIGINT END AS pm
  FROM (SELECT person_idx, day, sum(s.am) AS am, sum(s.pm) AS pm, sum(s.in_am) > 31 OR sum(s.in_pm) > 31 AS crowded
        FROM pieces p JOIN spreads s USING (x, y) GROUP BY ALL)),
crowded_hours AS (
  SELECT person_idx, day, hod::INTEGER AS hod, count(*)::INTEGER AS level
  FROM (SELECT p.person_idx, p.day, unnest(range(p.x, p.y)) AS hod
        FROM (SELECT * FROM pieces WHERE (SELECT bool_or(crowded) FROM day_levels)) p
        SEMI JOIN (SELECT person_idx, day FROM day_levels WHERE crowded) c USING (person_idx, day))
  GROUP BY ALL),
-- Delivered staff-hours Σ min(level, c) and full hours (level ≥ c) over the window, once per distinct packed day, window and ratio.
profiles AS (
  SELECT am, pm, mask, staff,
         (${OVER_WINDOW((level) => `least(${level}, staff)`)})::DOUBLE AS delivered,
         (${OVER_WINDOW((level) => `(${level} >= staff)::INTEGER`)})::INTEGER AS full_hours
  FROM (SELECT DISTINCT dl.am, dl.pm, w.mask, w.staff FROM day_levels dl JOIN windows w USING (person_idx) WHERE NOT dl.crowded)),
crowded_totals AS (
  SELECT ch.person_idx, ch.day, sum(least(ch.level, w.staff))::DOUBLE AS delivered, count(*) FILTER (WHERE ch.level >= w.staff)::INTEGER AS full_hours
  FROM crowded_hours ch JOIN windows w USING (person_idx)
  WHERE (w.mask >> ch.hod) & 1 = 1
  GROUP BY ALL),
-- Lines that start or end inside an hour (lines with the same times taken together, n), and those fractions of an hour.
lines AS (
  SELECT person_idx, ${HOUR('"start"')} AS h0, ${HOUR('"end"')} AS h1,
         epoch_ms("start") / 3600000.0 AS t0, epoch_ms("end") / 3600000.0 AS t1, n
  FROM (SELECT person_idx, "start", "end", count(*)::INTEGER AS n FROM rota
        WHERE epoch_ms("start") % 3600000 <> 0 OR epoch_ms("end") % 3600000 <> 0 GROUP BY ALL)),
partials AS (
  SELECT person_idx, h, sum(w)::DOUBLE AS extra FROM (
    SELECT person_idx, h0 AS h, n * (t1 - t0) AS w FROM lines WHERE h0 = h1
    UNION ALL SELECT person_idx, h0, n * (ceil(t0) - t0) FROM lines WHERE h0 < h1 AND t0 < ceil(t0)
    UNION ALL SELECT person_idx, h1, n * (t1 - h1) FROM lines WHERE h0 < h1 AND t1 > h1)
  GROUP BY ALL),
-- Hours with a fraction: what the fraction changes in delivered and full hours.
corrections AS (
  SELECT person_idx, day,
         sum(least(allocated, staff) - least(level, staff))::DOUBLE AS delivered_correction,
         sum((allocated >= staff)::INTEGER - (level >= staff)::INTEGER)::INTEGER AS full_correction
  FROM (SELECT *, round(level + extra, 9) AS allocated FROM (${WITH_LEVEL('SELECT p.person_idx, w.staff, w.mask, p.h, p.extra FROM partials p JOIN windows w USING (person_idx)')}))
  GROUP BY ALL),
-- Each incident in a window hour, in a short or a fully delivered hour.
incident_days AS (
  SELECT person_idx, day, count(*) FILTER (WHERE allocated < staff)::INTEGER AS incidents_short,
         count(*) FILTER (WHERE allocated >= staff)::INTEGER AS incidents_full
  FROM (SELECT i.person_idx, i.day, i.staff, round(i.level + coalesce(p.extra, 0), 9) AS allocated
        FROM (${WITH_LEVEL(`SELECT w.person_idx, w.staff, w.mask, ${HOUR('i.occurred_at')} AS h FROM r_incidents i JOIN windows w USING (person_id)`)}) i
        LEFT JOIN partials p USING (person_idx, h))
  GROUP BY ALL),
judged AS (
  SELECT d.person_idx, d.unit_idx, d.date, w.staff, bit_count(w.mask)::INTEGER AS hours,
         coalesce(ct.delivered, pr.delivered, 0) + coalesce(c.delivered_correction, 0) AS delivered,
         coalesce(ct.full_hours, pr.full_hours, 0) + coalesce(c.full_correction, 0) AS full_hours,
         coalesce(i.incidents_short, 0) AS incidents_short, coalesce(i.incidents_full, 0) AS incidents_full
  FROM days d JOIN windows w USING (person_idx)
  LEFT JOIN day_levels dl USING (person_idx, day)
  LEFT JOIN profiles pr ON pr.am = dl.am AND pr.pm = dl.pm AND pr.mask = w.mask AND pr.staff = w.staff
  LEFT JOIN crowded_totals ct USING (person_idx, day)
  LEFT JOIN corrections c USING (person_idx, day)
  LEFT JOIN incident_days i USING (person_idx, day))
SELECT person_idx, unit_idx, date, date_trunc('week', date)::DATE AS week,
       hours, (hours - full_hours)::INTEGER AS short_hours,
       (hours * staff - delivered)::DOUBLE AS staff_hours_short,
       (hours * staff)::DOUBLE AS commissioned_staff_hours,
       delivered::DOUBLE AS delivered_staff_hours,
       incidents_short, incidents_full
FROM judged
ORDER BY person_idx, date`,
});
