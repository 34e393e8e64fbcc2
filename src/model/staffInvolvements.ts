/**
 * staff_involvements: who was there, one row per incident in the exposure × staff reference in
 * its `staff_involved` (ids or names separated by ; or |), with how the reference matched the
 * rota's staff and, for a matched staff member, the worked rota line that put them on the unit in
 * the incident's period: agency or not, unfamiliar or not (the exposure's own familiarity rule,
 * model/exposure.ts shiftLines, with the build's settings). Incidents naming nobody have one row,
 * match = 'none'. No staff id is kept: only conditions leave this table.
 *
 * Matching: the reference equal to a rota staff_id ('exact'); else a staff alias the user chose
 * (staff_aliases, model/reconcile.ts: the reference as written → a rota staff_id, 'alias'); else equal after normalising case,
 * spaces and punctuation, to exactly one rota staff member ('normalised'); several → 'ambiguous';
 * none → 'unmatched'. The same staff member named twice on one incident counts once (later
 * references 'repeated'). A matched staff member with no worked line on the unit overlapping the
 * period is on_shift = false: there are no staff-hours of theirs to set the involvement against.
 */
import { shiftLines } from './exposure';
import { defineTable } from './table';

/** Case, spaces and punctuation dropped: "s-033 " and "S033" meet, as do "Jo  Smith" and "jo smith". */
export const normaliseStaff = (x: string) => `regexp_replace(lower(trim(${x})), '[\\s\\p{P}\\p{S}]+', '', 'g')`;

/** A staff_involved cell as its list of references, blanks dropped. */
export const staffRefs = (x: string) =>
  `list_filter(list_transform(regexp_split_to_array(coalesce(${x}, ''), '[;|]'), r -> trim(r)), r -> r <> '')`;

export const STAFF_INVOLVEMENTS = defineTable({
  name: 'staff_involvements',
  reads: ['r_shifts', 'units', 'incident_periods', 'periods', 'r_incidents', 'staff_aliases'],
  doc: 'Who was there: each incident in the exposure × staff reference named on it, how it matched the rota, and whether the staff member was on a worked agency / unfamiliar line in the period (no staff id kept).',
  sql: ({ settings }) => `
WITH ${shiftLines(settings.familiarity.minShifts, settings.familiarity.windowDays)},
worked AS (SELECT staff_id, unit_idx, "start", "end", agency, unfamiliar, person_id FROM shift_lines WHERE status = 'worked' AND staff_id IS NOT NULL),
rota_staff AS (SELECT DISTINCT staff_id FROM r_shifts WHERE staff_id IS NOT NULL),
by_norm AS (
  SELECT ${normaliseStaff('staff_id')} AS norm, min(staff_id) AS staff_id, count(*) AS n FROM rota_staff GROUP BY 1),
exposed AS (
  SELECT ip.incident_id, ip.person_idx, ip.period_id, p.unit_idx, p.date, p."start" AS p_start, p."end" AS p_end,
         i.occurred_at, i.person_id, ${staffRefs('i.staff_involved')} AS refs
  FROM incident_periods ip JOIN periods p USING (period_id) JOIN r_incidents i USING (incident_id)
  WHERE ip.outside_reason IS NULL),
-- At W-L 7M references: only the incident id, the reference and its number go through the
-- matching and the window below; the incident's columns are joined back at the end.
refs AS (
  SELECT e.incident_id, unnest(e.refs) AS ref, unnest(generate_series(1, len(e.refs))) AS ref_no
  FROM exposed e WHERE len(e.refs) > 0),
-- Each reference as written matched once (a few thousand), then joined to the references.
ref_matches AS (
  SELECT r.ref,
         CASE WHEN x.staff_id IS NOT NULL THEN x.staff_id WHEN a.staff_id IS NOT NULL THEN a.staff_id WHEN n.n = 1 THEN n.staff_id END AS staff_id,
         CASE WHEN x.staff_id IS NOT NULL THEN 'exact' WHEN a.staff_id IS NOT NULL THEN 'alias' WHEN n.n = 1 THEN 'normalised'
              WHEN n.n > 1 THEN 'ambiguous' ELSE 'unmatched' END AS match
  FROM (SELECT DISTINCT ref FROM refs) r LEFT JOIN rota_staff x ON x.staff_id = r.ref LEFT JOIN staff_aliases a ON a.raw = r.ref
       LEFT JOIN by_norm n ON n.norm = ${normaliseStaff('r.ref')}),
counted AS NOT MATERIALIZED (
  SELECT r.incident_id, r.ref_no, m.staff_id,
         CASE WHEN m.staff_id IS NOT NULL AND
                   row_number() OVER (PARTITION BY r.incident_id, m.staff_id ORDER BY r.ref_no) > 1
              THEN 'repeated' ELSE m.match END AS match
  FROM refs r JOIN ref_matches m USING (ref)),
-- Rota staff as integer keys, and how far from a period's date its unit's periods reach.
staff_keys AS (SELECT staff_id, row_number() OVER (ORDER BY staff_id)::INTEGER AS staff_idx FROM rota_staff),
reach AS (SELECT unit_idx, min("start" - date) AS first_start, max("end" - date) AS last_end FROM periods GROUP BY 1),
-- Each worked line under every date whose periods it can reach (as in period_staffing), so the
-- lines of a reference are found by an equi-join on staff, unit and date (a join on staff and
-- unit alone compared each reference with every line of its staff member: 53 s and 1 GiB at W-L).
line_dates AS (
  SELECT k.staff_idx, w.unit_idx, w."start", w."end", w.agency, w.unfamiliar, w.person_id,
         unnest(generate_series((w."start" - r.last_end)::DATE, (w."end" - r.first_start - INTERVAL 1 MICROSECOND)::DATE, INTERVAL 1 DAY))::DATE AS date
  FROM worked w JOIN staff_keys k USING (staff_id) JOIN reach r USING (unit_idx)),
-- The staff member's worked line in the period: the one holding the incident's moment first, then the longest overlap.
lines AS (
  SELECT c.incident_id, c.ref_no, w.agency, w.unfamiliar, w.person_id IS NOT DISTINCT FROM e.person_id AS allocated,
         row_number() OVER (PARTITION BY c.incident_id, c.ref_no
                            ORDER BY (e.occurred_at >= w."start" AND e.occurred_at < w."end") DESC,
                                     least(w."end", e.p_end) - greatest(w."start", e.p_start) DESC, w."start") AS k
  FROM counted c JOIN exposed e USING (incident_id) JOIN staff_keys k ON k.staff_id = c.staff_id
  JOIN line_dates w ON w.staff_idx = k.staff_idx AND w.unit_idx = e.unit_idx AND w.date = e.date
                   AND w."start" < e.p_end AND w."end" > e.p_start
  WHERE c.match IN ('exact', 'alias', 'normalised'))
SELECT c.incident_id, e.person_idx, e.period_id, e.unit_idx, e.date, c.ref_no::INTEGER AS ref_no, c.match,
       l.incident_id IS NOT NULL AS on_shift, coalesce(l.agency, false) AS agency,
       coalesce(l.unfamiliar, false) AS unfamiliar, coalesce(l.allocated, false) AS allocated
FROM counted c JOIN exposed e USING (incident_id)
LEFT JOIN lines l ON l.incident_id = c.incident_id AND l.ref_no = c.ref_no AND l.k = 1
UNION ALL
SELECT incident_id, person_idx, period_id, unit_idx, date, 0, 'none', false, false, false, false
FROM exposed WHERE len(refs) = 0
ORDER BY date, unit_idx`,
});
