/**
 * commissioned_days as it was built before issue 18 (a running sum over each person's line edges,
 * runs cut at midnights, an as-of join for the hours looked at one by one): the shape the packed
 * days of model/commissioned.ts replaced, kept here so tests can compare the two row by row.
 * Reads person_spans, person_periods, r_shifts, r_incidents; makes commissioned_days_runs.
 */
const MINUTES = (x: string) => `
  CASE WHEN regexp_full_match(trim(${x}), '\\d{1,2}:\\d{2}(:\\d{2})?')
       THEN TRY_CAST(split_part(trim(${x}), ':', 1) AS INTEGER) * 60 + TRY_CAST(split_part(trim(${x}), ':', 2) AS INTEGER) END`;

/** Hour index since the epoch (naive timestamps throughout). */
const HOUR = (ts: string) => `(epoch_ms(${ts}) // 3600000)`;
/** Window hours of day in [x, y) under a person's mask. */
const WINDOW_HOURS = (mask: string, x: string, y: string) => `bit_count(${mask} & ((1::BIGINT << ${y}) - (1::BIGINT << ${x})))`;

export const COMMISSIONED_DAYS_RUNS = `
CREATE OR REPLACE TABLE commissioned_days_runs AS
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
days AS (
  SELECT DISTINCT pp.person_idx, pp.unit_idx, pp.date, (epoch_ms(pp.date) // 86400000) AS day
  FROM person_periods pp WHERE pp.person_idx IN (SELECT person_idx FROM windows)),
-- Worked lines allocated to the person; lines with the same times are taken together (n).
lines AS (
  SELECT person_idx, ${HOUR('"start"')} AS h0, ${HOUR('"end"')} AS h1,
         epoch_ms("start") / 3600000.0 AS t0, epoch_ms("end") / 3600000.0 AS t1, n
  FROM (SELECT w.person_idx, s."start", s."end", count(*)::INTEGER AS n
        FROM r_shifts s JOIN windows w USING (person_id)
        WHERE s.status = 'worked' AND s."end" > s."start" GROUP BY ALL)),
-- Whole hours [ceil(t0), floor(t1)) of each line, as +1 / −1 at their edges.
edges AS (
  SELECT person_idx, h, sum(delta)::INTEGER AS delta FROM (
    SELECT person_idx, ceil(t0)::BIGINT AS h, n AS delta FROM lines WHERE ceil(t0) < h1
    UNION ALL
    SELECT person_idx, h1, -n FROM lines WHERE ceil(t0) < h1)
  GROUP BY ALL),
runs AS (
  SELECT person_idx, h AS run_from, lead(h) OVER w AS run_to, sum(delta) OVER (w ROWS UNBOUNDED PRECEDING) AS level
  FROM edges WINDOW w AS (PARTITION BY person_idx ORDER BY h)),
-- Fractions of an hour where a line starts or ends inside it.
partials AS (
  SELECT person_idx, h, sum(w)::DOUBLE AS extra FROM (
    SELECT person_idx, h0 AS h, n * (t1 - t0) AS w FROM lines WHERE h0 = h1
    UNION ALL SELECT person_idx, h0, n * (ceil(t0) - t0) FROM lines WHERE h0 < h1 AND t0 < ceil(t0)
    UNION ALL SELECT person_idx, h1, n * (t1 - h1) FROM lines WHERE h0 < h1 AND t1 > h1)
  GROUP BY ALL),
-- Each run cut at midnights: hours of day [x, y) on day d.
run_days AS (
  SELECT r.person_idx, d.day, r.level,
         greatest(r.run_from, d.day * 24) - d.day * 24 AS x, least(r.run_to, d.day * 24 + 24) - d.day * 24 AS y
  FROM (SELECT *, unnest(generate_series(run_from // 24, (run_to - 1) // 24)) AS day FROM runs WHERE level > 0) r
  JOIN days d ON d.person_idx = r.person_idx AND d.day = r.day),
run_totals AS (
  SELECT rd.person_idx, rd.day,
         sum(${WINDOW_HOURS('w.mask', 'rd.x', 'rd.y')} * least(rd.level, w.staff))::DOUBLE AS delivered,
         sum(${WINDOW_HOURS('w.mask', 'rd.x', 'rd.y')} * (rd.level >= w.staff)::INTEGER)::INTEGER AS full_hours
  FROM run_days rd JOIN windows w USING (person_idx)
  GROUP BY ALL),
incident_hours AS (
  SELECT w.person_idx, ${HOUR('i.occurred_at')} AS h, count(*)::INTEGER AS incidents
  FROM r_incidents i JOIN windows w USING (person_id) GROUP BY ALL),
-- The level of an hour: the run holding it (0 outside every run).
hour_level AS (
  SELECT p.person_idx, p.h, coalesce(r.level, 0) AS level
  FROM (SELECT DISTINCT person_idx, h FROM partials
        UNION SELECT person_idx, h FROM incident_hours) p
  ASOF LEFT JOIN runs r ON r.person_idx = p.person_idx AND p.h >= r.run_from),
-- Allocation of the hours that need it one by one (with a fraction, or with an incident).
hours AS (
  SELECT hl.person_idx, hl.h, hl.h // 24 AS day, w.staff, w.mask,
         hl.level, round(hl.level + coalesce(p.extra, 0), 9) AS allocated,
         p.extra IS NOT NULL AS corrected, coalesce(ih.incidents, 0) AS incidents
  FROM hour_level hl JOIN windows w USING (person_idx)
  LEFT JOIN partials p USING (person_idx, h)
  LEFT JOIN incident_hours ih USING (person_idx, h)
  WHERE (w.mask >> (hl.h % 24)::INTEGER) & 1 = 1),
hour_totals AS (
  SELECT person_idx, day,
         sum(least(allocated, staff) - least(level, staff)) FILTER (WHERE corrected)::DOUBLE AS delivered_correction,
         sum((allocated >= staff)::INTEGER - (level >= staff)::INTEGER) FILTER (WHERE corrected)::INTEGER AS full_correction,
         sum(incidents) FILTER (WHERE allocated < staff)::INTEGER AS incidents_short,
         sum(incidents) FILTER (WHERE allocated >= staff)::INTEGER AS incidents_full
  FROM hours GROUP BY ALL),
judged AS (
  SELECT d.person_idx, d.unit_idx, d.date, w.staff, bit_count(w.mask)::INTEGER AS hours,
         coalesce(rt.delivered, 0) + coalesce(ht.delivered_correction, 0) AS delivered,
         coalesce(rt.full_hours, 0) + coalesce(ht.full_correction, 0) AS full_hours,
         coalesce(ht.incidents_short, 0) AS incidents_short, coalesce(ht.incidents_full, 0) AS incidents_full
  FROM days d JOIN windows w USING (person_idx)
  LEFT JOIN run_totals rt USING (person_idx, day)
  LEFT JOIN hour_totals ht USING (person_idx, day))
SELECT person_idx, unit_idx, date, date_trunc('week', date)::DATE AS week,
       hours, (hours - full_hours)::INTEGER AS short_hours,
       (hours * staff - delivered)::DOUBLE AS staff_hours_short,
       (hours * staff)::DOUBLE AS commissioned_staff_hours,
       delivered::DOUBLE AS delivered_staff_hours,
       incidents_short, incidents_full
FROM judged
ORDER BY person_idx, date`;
