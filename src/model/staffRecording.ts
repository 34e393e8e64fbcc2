/**
 * staff_recording: how the staff named on each incident were recorded — the matching counts of
 * staff_involvements (model/staffInvolvements.ts, same rules, same numbers) without which line
 * each staff member was on. Data quality needs only these, and they need no choice among a staff
 * member's lines, no familiarity and no list of lines: "not on shift" asks only whether the staff
 * member has any worked line on the unit overlapping the period.
 *
 * Two ways to build the same table, chosen by the engine (BuildContext spillsToDisk), as
 * staff_involvements has:
 *  - in memory (duckdb-wasm; Data quality's first open at W-L, issue 18): each reference as
 *    written is trimmed and matched once (a few thousand), blanks included, and joined back by the
 *    text as split; the worked lines reach the periods as groups alike in unit and times (500 k at
 *    W-L, against 4.7 M lines by date); each reference is marked on shift or not with one integer
 *    key; then one GROUP BY per incident with counts and a list of its matched references packed
 *    in integers. Only an incident naming a staff member twice (found in that list) needs the
 *    first reference of each: there the list is sorted. No GROUP BY per (incident, staff member):
 *    at W-L that was 7.2 M groups, the largest step.
 *  - spilling (native DuckDB): hash joins and GROUP BYs on integer keys with fixed-size states,
 *    which DuckDB can spill to disk (a list built by aggregation cannot).
 *
 * A test (tests/unit/model/staffRecording.test.ts) compares every row of both shapes with
 * staff_involvements' columns of the same names, on the sample service and on a fixture that
 * hits every rule.
 */
import type { Settings } from './settings';
import { countIf, lineDates, MATCH, namedStaff, orZero, RECORDING_COUNTS, refKeys } from './staffInvolvements';
import { defineTable } from './table';

const COUNTS = ['refs', 'exact', 'alias', 'normalised', 'ambiguous', 'unmatched', 'repeated', 'not_on_shift'];

const spilling = (settings: Settings) => `${namedStaff(settings, false)}-- Each staff member with a worked line on the unit overlapping the period, once per period.
worked_lines AS (SELECT staff_id, unit_idx, "start", "end" FROM rota_lines WHERE status = 'worked'),
${lineDates('worked_lines', '')}on_shift AS (
  SELECT DISTINCT p.period_id, w.staff_idx
  FROM line_dates w JOIN periods p ON p.unit_idx = w.unit_idx AND p.date = w.date AND w."start" < p."end" AND w."end" > p."start"),
per_incident AS (
  SELECT s.incident_no, ${RECORDING_COUNTS}, ${countIf('g > 0 AND o.staff_idx IS NULL')} AS not_on_shift
  FROM named_staff s JOIN incidents_in i USING (incident_no) LEFT JOIN on_shift o ON o.period_id = i.period_id AND o.staff_idx = s.g
  GROUP BY 1)
SELECT i.person_idx, i.period_id, p.unit_idx, p.date, ${orZero(COUNTS)}
FROM incidents_in i LEFT JOIN per_incident c USING (incident_no) JOIN periods p USING (period_id)
ORDER BY p.date, p.unit_idx`;

/**
 * A matched reference packed in a BIGINT: its number in the cell << 40 | staff key << 4 | not on
 * shift << 3 | match (1–3). Sorted, an incident's references come in the order written.
 */
const STAFF_MASK = 2 ** 36 - 1;
const staffOf = (x: string) => `((${x} >> 4) & ${STAFF_MASK})`;
const notOnShift = (x: string) => `((${x} >> 3) & 1 = 1)`;
const matchOf = (x: string) => `(${x} & 7)`;
/** Of an incident's first references to each staff member (`f`, or when it names nobody twice `simple`), those matching so. */
const firstCount = (cond: (x: string) => string, simple: string) =>
  `(CASE WHEN f IS NULL THEN ${simple} ELSE len(list_filter(f, x -> ${cond('x')})) END)::INTEGER`;

/**
 * Each incident in the exposure (its row number in incident_periods as an integer key), a row per
 * reference as split — at ; or |, as staffRefs cuts a cell, but not yet trimmed and blanks kept
 * (an incident naming nobody keeps one row) — with n its place in the cell.
 */
const SPLIT_REFS = `named AS MATERIALIZED (
  SELECT incident_no, person_idx, period_id, unnest(p) AS raw, generate_subscripts(p, 1) AS n
  FROM (SELECT ip.rowid AS incident_no, ip.person_idx, ip.period_id, string_split(replace(coalesce(i.staff_involved, ''), '|', ';'), ';') AS p
        FROM incident_periods ip JOIN r_incidents i USING (incident_id) WHERE ip.outside_reason IS NULL))`;

const inMemory = () => `
WITH ${SPLIT_REFS},
-- Each reference as written (untrimmed, a few thousand) with its staff key and match; 0 for a blank.
raw_refs AS (SELECT DISTINCT raw FROM named),${refKeys(`SELECT DISTINCT trim(raw) AS ref FROM raw_refs WHERE trim(raw) <> ''`)}raw_keys AS (
  SELECT r.raw, m.staff_idx, coalesce(m.k, 0)::UTINYINT AS k FROM raw_refs r LEFT JOIN ref_keys m ON m.ref = trim(r.raw)),
-- Worked lines (with a staff key) and the periods of their unit they overlap: lines alike in unit
-- and times (a rota's standard shifts) reach the periods once, by equi-join on unit and the dates
-- their periods can reach (as period_staffing does).
worked AS MATERIALIZED (
  SELECT k.staff_idx, u.unit_idx, s."start", s."end"
  FROM r_shifts s JOIN units u USING (unit) JOIN staff_keys k USING (staff_id) WHERE s.status = 'worked'),
line_groups AS (SELECT DISTINCT unit_idx, "start", "end" FROM worked),
${lineDates('line_groups', '', false)}group_periods AS (
  SELECT w.unit_idx, w."start", w."end", p.period_id
  FROM line_dates w JOIN periods p ON p.unit_idx = w.unit_idx AND p.date = w.date AND w."start" < p."end" AND w."end" > p."start"),
-- (period, staff member) with a worked line there, as one integer (repeats are harmless: it is only looked up).
on_shift AS (SELECT g.period_id::BIGINT << 32 | w.staff_idx AS key FROM worked w JOIN group_periods g USING (unit_idx, "start", "end")),
refs AS (
  SELECT d.incident_no, d.person_idx, d.period_id, m.k,
         CASE WHEN m.k <= ${MATCH.normalised} AND m.k > 0
              THEN d.n::BIGINT << 40 | m.staff_idx::BIGINT << 4
                   | (NOT ((d.period_id::BIGINT << 32 | m.staff_idx) IN (SELECT key FROM on_shift)))::BIGINT << 3 | m.k END AS packed
  FROM named d JOIN raw_keys m USING (raw)),
per_incident AS (
  SELECT incident_no, any_value(person_idx) AS person_idx, any_value(period_id) AS period_id,
         ${countIf('k > 0')} AS refs,
         ${countIf(`k = ${MATCH.exact}`)} AS exact, ${countIf(`k = ${MATCH.alias}`)} AS alias, ${countIf(`k = ${MATCH.normalised}`)} AS normalised,
         ${countIf(`k = ${MATCH.ambiguous}`)} AS ambiguous, ${countIf(`k = ${MATCH.unmatched}`)} AS unmatched,
         ${countIf(notOnShift('packed'))} AS not_on_shift,
         list(packed) FILTER (WHERE packed IS NOT NULL) AS matched
  FROM refs GROUP BY incident_no),
-- Later references to a staff member already named on the incident (their staff key earlier in the list).
repeats AS (
  SELECT *, coalesce(len(list_filter(list_transform(staff, (x, i) -> list_position(staff, x) < i), b -> b)), 0)::INTEGER AS repeated
  FROM (SELECT *, list_transform(matched, x -> ${staffOf('x')}) AS staff FROM per_incident)),
-- Only where a staff member is named twice: the first reference to each, in the order written.
firsts AS (
  SELECT *, list_filter(s, (x, i) -> list_position(list_transform(s, y -> ${staffOf('y')}), ${staffOf('x')}) = i) AS f
  FROM (SELECT *, CASE WHEN repeated > 0 THEN list_sort(matched) END AS s FROM repeats))
SELECT c.person_idx, c.period_id, p.unit_idx, p.date, c.refs,
       ${firstCount((x) => `${matchOf(x)} = ${MATCH.exact}`, 'c.exact')} AS exact,
       ${firstCount((x) => `${matchOf(x)} = ${MATCH.alias}`, 'c.alias')} AS alias,
       ${firstCount((x) => `${matchOf(x)} = ${MATCH.normalised}`, 'c.normalised')} AS normalised,
       c.ambiguous, c.unmatched, c.repeated,
       ${firstCount(notOnShift, 'c.not_on_shift')} AS not_on_shift
FROM firsts c JOIN periods p USING (period_id)
ORDER BY p.date, p.unit_idx`;

export const STAFF_RECORDING = defineTable({
  name: 'staff_recording',
  reads: ['r_shifts', 'units', 'incident_periods', 'periods', 'r_incidents', 'staff_aliases'],
  doc: "How each incident's staff references matched the rota (exact, alias, normalised, ambiguous, unmatched, repeated) and how many matched staff had no worked line there in the period: staff_involvements' counts without its lines (counts only, no staff id).",
  sql: ({ settings, spillsToDisk }) => (spillsToDisk ? spilling(settings) : inMemory()),
});
