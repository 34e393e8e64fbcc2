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
import { countIf, lineDates, namedStaff, orZero, RECORDING_COUNTS } from './staffInvolvements';
import { defineTable } from './table';

const staffRecording = (settings: Settings) => `${namedStaff(settings, false)}-- Each staff member with a worked line on the unit overlapping the period, once per period.
worked_lines AS (SELECT staff_id, unit_idx, "start", "end" FROM rota_lines WHERE status = 'worked'),
${lineDates('worked_lines', '')}on_shift AS (
  SELECT DISTINCT p.period_id, w.staff_idx
  FROM line_dates w JOIN periods p ON p.unit_idx = w.unit_idx AND p.date = w.date AND w."start" < p."end" AND w."end" > p."start"),
per_incident AS (
  SELECT s.incident_no, ${RECORDING_COUNTS}, ${countIf('g > 0 AND o.staff_idx IS NULL')} AS not_on_shift
  FROM named_staff s JOIN incidents_in i USING (incident_no) LEFT JOIN on_shift o ON o.period_id = i.period_id AND o.staff_idx = s.g
  GROUP BY 1)
SELECT i.person_idx, i.period_id, p.unit_idx, p.date,
       ${orZero(['refs', 'exact', 'alias', 'normalised', 'ambiguous', 'unmatched', 'repeated', 'not_on_shift'])}
FROM incidents_in i LEFT JOIN per_incident c USING (incident_no) JOIN periods p USING (period_id)
ORDER BY p.date, p.unit_idx`;

export const STAFF_RECORDING = defineTable({
  name: 'staff_recording',
  reads: ['r_shifts', 'units', 'incident_periods', 'periods', 'r_incidents', 'staff_aliases'],
  doc: "How each incident's staff references matched the rota (exact, alias, normalised, ambiguous, unmatched, repeated) and how many matched staff had no worked line there in the period: staff_involvements' counts without its lines (counts only, no staff id).",
  sql: ({ settings }) => staffRecording(settings),
});
