/**
 * staff_recording: how the staff named on each incident were recorded — the matching counts of
 * staff_involvements (model/staffInvolvements.ts, same rules, same numbers) without which line
 * each staff member was on. Data quality needs only these, and they need no choice among a staff
 * member's lines, no familiarity and no list: "not on shift" asks only whether the staff member
 * has any worked line on the unit overlapping the period. So this table is much cheaper than
 * staff_involvements (issue 18: Data quality's first open at W-L spent 17 s there), and the same
 * SQL serves both engines: hash joins and GROUP BYs on integer keys with fixed-size states, which
 * native DuckDB can spill and which duckdb-wasm runs in a few hundred MB at W-L.
 *
 * A test (tests/unit/model/staffRecording.test.ts) compares every row with staff_involvements'
 * columns of the same names, on the sample service and on a fixture that hits every rule.
 */
import type { Settings } from './settings';
import { shiftLines } from './exposure';
import { countIf, lineDates, MATCH, refKeys } from './staffInvolvements';
import { defineTable } from './table';

const staffRecording = (settings: Settings) => `
WITH ${shiftLines(settings.familiarity.minShifts, settings.familiarity.windowDays)},
-- Each incident in the exposure, its row number in incident_periods as an integer key.
incidents_in AS (
  SELECT ip.rowid AS incident_no, ip.person_idx, ip.period_id
  FROM incident_periods ip WHERE ip.outside_reason IS NULL),
-- One row per reference, numbered within its cell (an incident naming nobody has none): the cell
-- cut as staffRefs cuts it (at ; or |, trimmed, blanks dropped), but row by row rather than in
-- list lambdas, and once (7.2 M references at W-L).
named AS MATERIALIZED (
  SELECT incident_no, ref, n FROM (
    SELECT incident_no, trim(unnest(p)) AS ref, unnest(range(len(p))) AS n
    FROM (SELECT ip.rowid AS incident_no, string_split(replace(coalesce(i.staff_involved, ''), '|', ';'), ';') AS p
          FROM incident_periods ip JOIN r_incidents i USING (incident_id) WHERE ip.outside_reason IS NULL))
  WHERE ref <> ''),${refKeys('SELECT DISTINCT ref FROM named')}-- One row per (incident, staff member named) as in staff_involvements: g the staff key of a
-- matched reference, minus the match code for those matching nobody; a staff member's first
-- reference keeps its match (min of n * 8 + match), the later ones are repeated.
named_staff AS (
  SELECT d.incident_no, CASE WHEN m.k <= ${MATCH.normalised} THEN m.staff_idx ELSE -(m.k::INTEGER) END AS g,
         count(*)::INTEGER AS refs, min(d.n * 8 + m.k) % 8 AS k
  FROM named d JOIN ref_keys m USING (ref) GROUP BY 1, 2),
-- Each staff member with a worked line on the unit overlapping the period, once per period.
${lineDates('rota_lines', '')}on_shift AS (
  SELECT DISTINCT p.period_id, w.staff_idx
  FROM line_dates w JOIN periods p ON p.unit_idx = w.unit_idx AND p.date = w.date AND w."start" < p."end" AND w."end" > p."start"),
named_periods AS (
  SELECT s.*, i.period_id FROM named_staff s JOIN incidents_in i USING (incident_no)),
per_incident AS (
  SELECT s.incident_no, sum(s.refs)::INTEGER AS refs,
         ${countIf(`g > 0 AND k = ${MATCH.exact}`)} AS exact, ${countIf(`g > 0 AND k = ${MATCH.alias}`)} AS alias,
         ${countIf(`g > 0 AND k = ${MATCH.normalised}`)} AS normalised,
         coalesce(sum(s.refs) FILTER (WHERE g = -${MATCH.ambiguous}), 0)::INTEGER AS ambiguous,
         coalesce(sum(s.refs) FILTER (WHERE g = -${MATCH.unmatched}), 0)::INTEGER AS unmatched,
         coalesce(sum(s.refs - 1) FILTER (WHERE g > 0), 0)::INTEGER AS repeated,
         ${countIf('g > 0 AND o.staff_idx IS NULL')} AS not_on_shift
  FROM named_periods s LEFT JOIN on_shift o ON o.period_id = s.period_id AND o.staff_idx = s.g
  GROUP BY 1)
SELECT i.person_idx, i.period_id, p.unit_idx, p.date, coalesce(c.refs, 0)::INTEGER AS refs,
       ${['exact', 'alias', 'normalised', 'ambiguous', 'unmatched', 'repeated', 'not_on_shift'].map((c) => `coalesce(c.${c}, 0)::INTEGER AS ${c}`).join(', ')}
FROM incidents_in i LEFT JOIN per_incident c USING (incident_no) JOIN periods p USING (period_id)
ORDER BY p.date, p.unit_idx`;

export const STAFF_RECORDING = defineTable({
  name: 'staff_recording',
  reads: ['r_shifts', 'units', 'incident_periods', 'periods', 'r_incidents', 'staff_aliases'],
  doc: "How each incident's staff references matched the rota (exact, alias, normalised, ambiguous, unmatched, repeated) and how many matched staff had no worked line there in the period: staff_involvements' counts without its lines (counts only, no staff id).",
  sql: ({ settings }) => staffRecording(settings),
});
