/**
 * staff_involvements: who was there, one row per incident in the exposure, with its references
 * in `staff_involved` (ids or names separated by ; or |) counted by how they matched the rota's
 * staff, and the matched staff members counted by the worked rota line that put them on the unit
 * in the incident's period: agency or not, unfamiliar or not (the exposure's own familiarity rule,
 * model/exposure.ts shiftLines, with the build's settings). Counts only: no staff id, no text.
 *
 * Matching: the reference equal to a rota staff_id ('exact'); else a staff alias the user chose
 * (staff_aliases, model/reconcile.ts: the reference as written → a rota staff_id, 'alias'); else equal after normalising case,
 * spaces and punctuation, to exactly one rota staff member ('normalised'); several → 'ambiguous';
 * none → 'unmatched'. The same staff member named twice on one incident counts once (later
 * references 'repeated'). A matched staff member with no worked line on the unit overlapping the
 * period is not on shift: there are no staff-hours of theirs to set the involvement against.
 *
 * Two ways to build the same table (issue 18, items 3 and 5), chosen by the engine (BuildContext
 * spillsToDisk); at W-L the incidents name 7.2 M references, and both first match each reference
 * as written once (a few thousand) to an integer staff key:
 *  - in memory (duckdb-wasm, which cannot spill): each incident's references as one list of packed
 *    integers, the repeated rule and the staff member's line found inside the incident's own list
 *    and its period's list of worked lines — compact (+1.2 GiB at W-L against +2.1 for the other);
 *  - spilling (native DuckDB): hash joins and GROUP BYs on integer keys with fixed-size states,
 *    which DuckDB can spill to disk (lists built by aggregation cannot: 10× W-L ran out of 13 GiB).
 * A test builds both on the same data and compares every row.
 */
import { shiftLines } from './exposure';
import type { Settings } from './settings';
import { defineTable } from './table';

/** Case, spaces and punctuation dropped: "s-033 " and "S033" meet, as do "Jo  Smith" and "jo smith". */
export const normaliseStaff = (x: string) => `regexp_replace(lower(trim(${x})), '[\\s\\p{P}\\p{S}]+', '', 'g')`;

/** A staff_involved cell as its list of references, blanks dropped. */
export const staffRefs = (x: string) =>
  `list_filter(list_transform(regexp_split_to_array(coalesce(${x}, ''), '[;|]'), r -> trim(r)), r -> r <> '')`;

/** How a reference matched, as the small codes the build carries (counted in columns of these names). */
export const MATCH = { exact: 1, alias: 2, normalised: 3, ambiguous: 4, unmatched: 5 } as const;

/**
 * A staff member's worked line in the period ranked as one HUGEINT, smallest first, in the rule's
 * order: holding the incident's moment, the longest overlap, the earliest start; then not agency,
 * not unfamiliar (so equal lines give one answer). A null flag ranks after true, as a sort does.
 * Fields, high to low: outside (0–2) · shorter (overlap µs negated + 2^50) · start (µs + 2^62) ·
 * agency (0–2) · unfamiliar (0–3); the low four bits are read back as the line's flags.
 */
const HUGE = (bits: number) => `${(2n ** BigInt(bits)).toString()}::HUGEINT`;
const flag = (x: string) => `coalesce(${x}::INTEGER, 2)`;
const lineRank = (outside: string, shorter: string, start: string, agency: string, unfamiliar: string) =>
  `(${flag(outside)} * ${HUGE(118)} + (${shorter} + ${HUGE(50)}) * ${HUGE(67)} + (epoch_us(${start}) + ${HUGE(62)}) * 16 + ${flag(agency)} * 4 + ${flag(unfamiliar)})`;
const agencyOf = (rank: string) => `((${rank} % 16) // 4)`;
const unfamiliarOf = (rank: string) => `(${rank} % 4)`;
export const countIf = (cond: string) => `count(*) FILTER (WHERE ${cond})::INTEGER`;

/** A reference packed in a BIGINT: its number in the cell << 32 | its staff key << 3 | its match code. */
const REF_BITS = 'n << 32 | staff_idx << 3 | match';
const kind = (v: string) => `(${v} & 7)`;
const staff = (v: string) => `((${v} >> 3) & 536870911)`;

/** The references of `list` (packed) that matched in the given way. */
const countOf = (list: string, k: number) => `coalesce(len(list_filter(${list}, e -> ${kind('e')} = ${k})), 0)::INTEGER`;

/** The rota's staff (rota_staff) and integer staff keys (staff_keys): the rota's staff and any alias target. */
const STAFF_KEYS = `rota_staff AS (SELECT DISTINCT staff_id FROM r_shifts WHERE staff_id IS NOT NULL),
-- Integer staff keys: the rota's staff and any alias target.
staff_keys AS (
  SELECT staff_id, row_number() OVER (ORDER BY staff_id)::INTEGER AS staff_idx
  FROM (SELECT staff_id FROM rota_staff UNION SELECT staff_id FROM staff_aliases WHERE staff_id IS NOT NULL)),`;

/** staff_keys with whether each is a staff member of the rota (in_rota): made once for a build in slices (model/staffRecording.ts). */
export const STAFF_KEYS_TABLE = `WITH ${STAFF_KEYS.replace(/,$/, '')}
SELECT k.staff_id, k.staff_idx, r.staff_id IS NOT NULL AS in_rota FROM staff_keys k LEFT JOIN rota_staff r USING (staff_id)`;

/**
 * Integer staff keys and each reference as written matched once (staff_recording too,
 * model/staffRecording.ts); `distinctRefs` selects the references to match (column ref);
 * `staffFrom`: the staff keys from a table made by STAFF_KEYS_TABLE rather than from the rota.
 */
export const refKeys = (distinctRefs = `SELECT DISTINCT unnest(${staffRefs('staff_involved')}) AS ref FROM r_incidents`, staffFrom: string | null = null) => `
${staffFrom ? `rota_staff AS (SELECT staff_id FROM ${staffFrom} WHERE in_rota),
staff_keys AS (SELECT staff_id, staff_idx FROM ${staffFrom}),` : STAFF_KEYS}
by_norm AS (
  SELECT ${normaliseStaff('staff_id')} AS norm, min(staff_id) AS staff_id, count(*) AS n FROM rota_staff GROUP BY 1),
-- Each reference as written matched once (a few thousand at W-L).
ref_matches AS (
  SELECT r.ref,
         CASE WHEN x.staff_id IS NOT NULL THEN x.staff_id WHEN a.staff_id IS NOT NULL THEN a.staff_id WHEN n.n = 1 THEN n.staff_id END AS staff_id,
         CASE WHEN x.staff_id IS NOT NULL THEN ${MATCH.exact} WHEN a.staff_id IS NOT NULL THEN ${MATCH.alias} WHEN n.n = 1 THEN ${MATCH.normalised}
              WHEN n.n > 1 THEN ${MATCH.ambiguous} ELSE ${MATCH.unmatched} END::UTINYINT AS k
  FROM (${distinctRefs}) r
  LEFT JOIN rota_staff x ON x.staff_id = r.ref LEFT JOIN staff_aliases a ON a.raw = r.ref
  LEFT JOIN by_norm n ON n.norm = ${normaliseStaff('r.ref')}),
ref_keys AS (SELECT m.ref, k.staff_idx, m.k FROM ref_matches m LEFT JOIN staff_keys k USING (staff_id)),
`;

/** The CTEs both ways share: the rota's lines, integer staff keys and each reference matched once. */
const matchedRefs = (settings: Settings) => `${shiftLines(settings.familiarity.minShifts, settings.familiarity.windowDays)},${refKeys()}`;

/**
 * The worked lines of `worked` (a CTE of worked lines with staff_id, unit_idx, start, end and
 * `columns`) with the dates of their unit's periods they can reach (equi-join on unit and date,
 * as period_staffing does); `staffKeyed` false: lines without a staff id (model/staffRecording.ts
 * line groups), no staff key.
 */
export const lineDates = (worked: string, columns: string, staffKeyed = true) => `reach AS (SELECT unit_idx, min("start" - date) AS first_start, max("end" - date) AS last_end FROM periods GROUP BY 1),
line_dates AS (
  SELECT ${staffKeyed ? 'k.staff_idx, ' : ''}w.unit_idx, w."start", w."end",${columns}
         unnest(generate_series((w."start" - r.last_end)::DATE, (w."end" - r.first_start - INTERVAL 1 MICROSECOND)::DATE, INTERVAL 1 DAY))::DATE AS date
  FROM ${worked} w ${staffKeyed ? 'JOIN staff_keys k USING (staff_id) ' : ''}JOIN reach r USING (unit_idx)),
`;

/**
 * The CTEs staff_recording (model/staffRecording.ts) and the spilling shape share, ending in
 * named_staff: one row per (incident, staff member named) — g the staff key of a matched
 * reference, minus the match code for the references matching nobody (ambiguous, unmatched); k
 * the match of a staff member's first reference (min of n * 8 + match), the later ones counted in
 * refs are repeated. Integer keys and fixed-size states only: it can spill. An incident naming
 * nobody has no row. `withTime`: incidents_in carries occurred_at.
 */
export const namedStaff = (settings: Settings, withTime: boolean) => `
WITH ${shiftLines(settings.familiarity.minShifts, settings.familiarity.windowDays)},
-- Each incident in the exposure, its row number in incident_periods as an integer key.
incidents_in AS (
  SELECT ip.rowid AS incident_no, ip.person_idx, ip.period_id${withTime ? ', i.occurred_at' : ''}
  FROM incident_periods ip ${withTime ? 'JOIN r_incidents i USING (incident_id) ' : ''}WHERE ip.outside_reason IS NULL),
-- One row per reference, numbered within its cell: the cell cut as staffRefs cuts it (at ; or |,
-- trimmed, blanks dropped), but row by row rather than in list lambdas, and once (7.2 M
-- references at W-L) for both the matching and the counts.
named AS MATERIALIZED (
  SELECT incident_no, ref, n FROM (
    SELECT incident_no, trim(unnest(p)) AS ref, unnest(range(len(p))) AS n
    FROM (SELECT ip.rowid AS incident_no, string_split(replace(coalesce(i.staff_involved, ''), '|', ';'), ';') AS p
          FROM incident_periods ip JOIN r_incidents i USING (incident_id) WHERE ip.outside_reason IS NULL))
  WHERE ref <> ''),${refKeys('SELECT DISTINCT ref FROM named')}named_staff AS (
  SELECT d.incident_no, CASE WHEN m.k <= ${MATCH.normalised} THEN m.staff_idx ELSE -(m.k::INTEGER) END AS g,
         count(*)::INTEGER AS refs, min(d.n * 8 + m.k) % 8 AS k
  FROM named d JOIN ref_keys m USING (ref) GROUP BY 1, 2),
`;

/** The matching counts of named_staff per incident (staff_recording's columns), as SELECT items. */
export const RECORDING_COUNTS = `sum(refs)::INTEGER AS refs,
         ${countIf(`g > 0 AND k = ${MATCH.exact}`)} AS exact, ${countIf(`g > 0 AND k = ${MATCH.alias}`)} AS alias,
         ${countIf(`g > 0 AND k = ${MATCH.normalised}`)} AS normalised,
         coalesce(sum(refs) FILTER (WHERE g = -${MATCH.ambiguous}), 0)::INTEGER AS ambiguous,
         coalesce(sum(refs) FILTER (WHERE g = -${MATCH.unmatched}), 0)::INTEGER AS unmatched,
         coalesce(sum(refs - 1) FILTER (WHERE g > 0), 0)::INTEGER AS repeated`;

/** Columns of per_incident that are 0 for an incident naming nobody (it has no row there). */
export const orZero = (columns: readonly string[]) => columns.map((c) => `coalesce(c.${c}, 0)::INTEGER AS ${c}`).join(', ');

/** In memory (duckdb-wasm): per-incident lists of packed references and per-period lists of lines. */
const inMemory = (settings: Settings) => `
WITH ${matchedRefs(settings)}-- Each incident in the exposure (numbered: an integer key), one row per reference (one with no
-- reference for an incident naming nobody); only what the lines' choice needs rides along.
named AS NOT MATERIALIZED (
  SELECT incident_no, person_idx, period_id, occurred_at,
         unnest(if(len(refs) = 0, [NULL], refs)) AS ref, unnest(if(len(refs) = 0, [NULL], generate_series(1, len(refs)))) AS n
  FROM (SELECT row_number() OVER () AS incident_no, ip.person_idx, ip.period_id, i.occurred_at, ${staffRefs('i.staff_involved')} AS refs
        FROM incident_periods ip JOIN r_incidents i USING (incident_id)
        WHERE ip.outside_reason IS NULL)),
-- Back to one row per incident, its references as a list of packed integers (number, staff key,
-- match: ${REF_BITS}), 8 bytes each (7.2 M at W-L).
per_incident AS (
  SELECT any_value(d.person_idx) AS person_idx, any_value(d.period_id) AS period_id, any_value(d.occurred_at) AS occurred_at,
         list((d.n << 32) | (coalesce(m.staff_idx, 0)::BIGINT << 3) | m.k) FILTER (WHERE d.ref IS NOT NULL) AS refs
  FROM named d LEFT JOIN ref_keys m USING (ref) GROUP BY d.incident_no),
-- The staff members named, each once: a matched reference with no earlier one of the same staff member.
firsts AS (
  SELECT i.*, p.unit_idx, p.date, p."start" AS p_start, p."end" AS p_end,
         list_filter(refs, e -> ${kind('e')} <= ${MATCH.normalised} AND len(list_filter(refs, x -> ${staff('x')} = ${staff('e')} AND x < e)) = 0) AS staff
  FROM per_incident i JOIN periods p USING (period_id)),
-- Every worked line with the periods of its unit it overlaps (equi-join on unit and the dates its
-- periods can reach, as period_staffing does), as one list per period.
worked_lines AS (SELECT * FROM shift_lines WHERE status = 'worked'),
${lineDates('worked_lines', ' w.agency, w.unfamiliar,')}period_lines AS (
  SELECT p.period_id, list({'s': w.staff_idx, 'a': w."start", 'b': w."end", 'agency': w.agency, 'unfamiliar': w.unfamiliar}) AS lines
  FROM line_dates w JOIN periods p ON p.unit_idx = w.unit_idx AND p.date = w.date AND w."start" < p."end" AND w."end" > p."start"
  GROUP BY 1),
-- Each staff member's worked line in the period (null: none): the one holding the incident's
-- moment first, then the longest overlap, then the earliest.
on_lines AS (
  SELECT f.*, list_transform(f.staff, e -> list_sort(list_transform(list_filter(pl.lines, x -> x.s = ${staff('e')}), x -> {
           'outside': NOT (f.occurred_at >= x.a AND f.occurred_at < x.b),
           'shorter': epoch_us(greatest(x.a, f.p_start)) - epoch_us(least(x.b, f.p_end)),
           'a': x.a, 'agency': x.agency, 'unfamiliar': x.unfamiliar}))[1]) AS lines
  FROM firsts f LEFT JOIN period_lines pl USING (period_id))
SELECT person_idx, period_id, unit_idx, date,
       coalesce(len(refs), 0)::INTEGER AS refs,
       ${countOf('staff', MATCH.exact)} AS exact, ${countOf('staff', MATCH.alias)} AS alias,
       ${countOf('staff', MATCH.normalised)} AS normalised,
       ${countOf('refs', MATCH.ambiguous)} AS ambiguous, ${countOf('refs', MATCH.unmatched)} AS unmatched,
       coalesce(len(list_filter(refs, e -> ${kind('e')} <= ${MATCH.normalised})) - len(staff), 0)::INTEGER AS repeated,
       coalesce(len(list_filter(lines, l -> l IS NULL)), 0)::INTEGER AS not_on_shift,
       coalesce(len(list_filter(lines, l -> l.agency)), 0)::INTEGER AS agency,
       coalesce(len(list_filter(lines, l -> NOT l.agency)), 0)::INTEGER AS other,
       coalesce(len(list_filter(lines, l -> l.unfamiliar)), 0)::INTEGER AS unfamiliar,
       coalesce(len(list_filter(lines, l -> NOT l.unfamiliar)), 0)::INTEGER AS familiar
FROM on_lines
ORDER BY date, unit_idx`;

/**
 * Spilling (native DuckDB): integer-keyed hash joins and GROUP BYs only. The worked lines go
 * through a GROUP BY before any join: the familiarity window's output fed straight into a hash
 * join's build side did not spill (10× W-L ran out of 12 GB; W-L out of 300 MB), and lines alike
 * in every field give the same rank, so taking them once changes no choice.
 */
const spilling = (settings: Settings) => `${namedStaff(settings, true)}worked_lines AS (
  SELECT staff_id, unit_idx, "start", "end", agency, unfamiliar FROM shift_lines WHERE status = 'worked' GROUP BY ALL),
-- Every worked line with the periods of its unit it overlaps (equi-join on unit and the dates its
-- periods can reach, as period_staffing does), its overlap with the period already ranked.
${lineDates('worked_lines', ' w.agency, w.unfamiliar,')}period_lines AS (
  SELECT p.period_id, w.staff_idx, w."start" AS a, w."end" AS b,
         ${lineRank('false', 'epoch_us(greatest(w."start", p."start")) - epoch_us(least(w."end", p."end"))', 'w."start"', 'w.agency', 'w.unfamiliar')} AS rank
  FROM line_dates w JOIN periods p ON p.unit_idx = w.unit_idx AND p.date = w.date AND w."start" < p."end" AND w."end" > p."start"),
-- Each named staff member's worked line in the period (null: none): the least rank, with
-- "outside the incident's moment" added as its top field.
on_lines AS (
  SELECT s.incident_no, s.g, s.refs, s.k,
         min(l.rank + ${flag('NOT (i.occurred_at >= l.a AND i.occurred_at < l.b)')} * ${HUGE(118)}) AS line
  FROM named_staff s JOIN incidents_in i USING (incident_no)
  LEFT JOIN period_lines l ON l.period_id = i.period_id AND l.staff_idx = s.g
  GROUP BY 1, 2, 3, 4),
per_incident AS (
  SELECT incident_no, ${RECORDING_COUNTS}, ${countIf('g > 0 AND line IS NULL')} AS not_on_shift,
         ${countIf(`${agencyOf('line')} = 1`)} AS agency, ${countIf(`${agencyOf('line')} = 0`)} AS other,
         ${countIf(`${unfamiliarOf('line')} = 1`)} AS unfamiliar, ${countIf(`${unfamiliarOf('line')} = 0`)} AS familiar
  FROM on_lines GROUP BY 1)
SELECT i.person_idx, i.period_id, p.unit_idx, p.date,
       ${orZero(['refs', 'exact', 'alias', 'normalised', 'ambiguous', 'unmatched', 'repeated', 'not_on_shift', 'agency', 'other', 'unfamiliar', 'familiar'])}
FROM incidents_in i LEFT JOIN per_incident c USING (incident_no) JOIN periods p USING (period_id)
ORDER BY p.date, p.unit_idx`;

export const STAFF_INVOLVEMENTS = defineTable({
  name: 'staff_involvements',
  reads: ['r_shifts', 'units', 'incident_periods', 'periods', 'r_incidents', 'staff_aliases'],
  doc: 'Who was there: each incident in the exposure with its staff references counted by how they matched the rota (exact, alias, normalised, ambiguous, unmatched, repeated) and its matched staff by whether they were on a worked agency / unfamiliar line in the period (counts only, no staff id).',
  sql: ({ settings, spillsToDisk }) => (spillsToDisk ? spilling(settings) : inMemory(settings)),
});
