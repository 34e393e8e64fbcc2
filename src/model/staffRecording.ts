/**
 * staff_recording: how the staff named on each incident were recorded — the matching counts of
 * staff_involvements (model/staffInvolvements.ts, same rules, same numbers) without which line
 * each staff member was on. Data quality needs only these, and they need no choice among a staff
 * member's lines, no familiarity and no list of lines: "not on shift" asks only whether the staff
 * member has any worked line on the unit overlapping the period.
 *
 * Two ways to build the same table, chosen by the engine (BuildContext spillsToDisk), as
 * staff_involvements has:
 *  - in memory (duckdb-wasm; Data quality's first open at W-L, issue 18): no row per reference
 *    (7.2 M at W-L) and no GROUP BY per incident. Each reference as written is trimmed and
 *    matched once (a few thousand), blanks included, and each incident's list of references is
 *    coded in place by a lookup list indexed by the reference's hash; per period, the staff with a
 *    worked line there as one list (the worked lines reach the periods as groups alike in unit and
 *    times: 500 k at W-L, against 4.7 M lines by date). The counts are list sums; "not on shift"
 *    searches the period's list. Only an incident that may name a staff member twice (two matched
 *    references whose staff keys share a residue) compares its references one by one.
 *  - spilling (native DuckDB): hash joins and GROUP BYs on integer keys with fixed-size states,
 *    which DuckDB can spill to disk (a list built by aggregation cannot).
 *
 * A test (tests/unit/model/staffRecording.test.ts) compares every row of both shapes with
 * staff_involvements' columns of the same names, on the sample service and on a fixture that
 * hits every rule.
 */
import { STAGING_PREFIX } from '../db/snapshot';
import { raw } from '../db/sql';
import type { Settings } from './settings';
import { dateSlices, inDays, inKeys, keySlices } from './slices';
import { countIf, lineDates, MATCH, namedStaff, orZero, RECORDING_COUNTS, refKeys, STAFF_KEYS_TABLE } from './staffInvolvements';
import { defineTable, type SliceHelper, type SliceRange } from './table';

/** About how many periods a slice of staff_recording covers (Model.buildInBackground): at W-L 274 k periods, 1 M incidents. */
export const PERIODS_PER_SLICE = 3_000;
/** About how many incidents a slice of the references as written reads. */
export const INCIDENTS_PER_RAWS_SLICE = 100_000;
/** How many periods' incidents a slice of the exposure's incidents reads. */
export const PERIODS_PER_INCIDENTS_SLICE = 40_000;

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
 * A reference as written, coded in a BIGINT: its staff key << 3 | its match (MATCH, 1–5; 0 for a
 * blank). The match's count is kept in a field of KIND_BITS bits of one BIGINT per incident.
 */
const KIND_BITS = 12;
const matchOf = (x: string) => `(${x} & 7)`;
const staffOf = (x: string) => `(${x} >> 3)`;
const isMatched = (x: string) => `${matchOf(x)} BETWEEN 1 AND ${MATCH.normalised}`;
/** The count of references matching so, from `kinds` (the sum of each reference's 1 << field), or counted when too many for a field. */
const kindCount = (k: number) =>
  `(CASE WHEN len(codes) < ${2 ** KIND_BITS} THEN (kinds >> ${(k - 1) * KIND_BITS}) & ${2 ** KIND_BITS - 1} ELSE len(list_filter(codes, x -> ${matchOf('x')} = ${k})) END)`;
/**
 * Staff keys reduced modulo RESIDUES, each as one bit: when the bits of an incident's matched
 * references sum to as many set bits as references (no two share a residue), no staff member is
 * named twice; otherwise (a repeat, or two staff members sharing a residue) the references are
 * compared one by one. The sum of at most RESIDUES bits below 2^RESIDUES fits a BIGINT.
 */
const RESIDUES = 56;

/**
 * Each incident in the exposure with its staff_involved cell cut as staffRefs cuts it (at ; or |),
 * not yet trimmed, blanks kept: `p`.
 */
const CELLS = `cells AS MATERIALIZED (
  SELECT ip.person_idx, ip.period_id, string_split(replace(coalesce(i.staff_involved, ''), '|', ';'), ';') AS p
  FROM incident_periods ip JOIN r_incidents i USING (incident_id) WHERE ip.outside_reason IS NULL)`;

/** A reference as written (`raw`) coded, from ref_keys (a blank, or one matching nothing written: 0). */
const RAW_CODE = `coalesce(m.staff_idx, 0)::BIGINT << 3 | coalesce(m.k, 0)`;

/**
 * The lookup of a reference as written: its code in a list indexed by the reference's hash modulo
 * `slots` (a power of two, at least 64 × the references: few share a slot); a slot that two
 * references share holds -1 and those references are looked up in `shared`.
 */
const LOOKUP_SLOTS = `raw_codes AS (
  SELECT r.raw, ${RAW_CODE} AS code
  FROM raw_refs r LEFT JOIN ref_keys m ON m.ref = trim(r.raw)),
slot_count AS (SELECT (2 ** ceil(log2(count(*) * 64 + 1)))::UBIGINT AS slots FROM raw_codes),
slotted AS (SELECT c.*, (hash(c.raw) % n.slots)::BIGINT AS slot FROM raw_codes c CROSS JOIN slot_count n),
slot_codes AS (SELECT slot, CASE WHEN count(*) = 1 THEN any_value(code) ELSE -1 END AS code FROM slotted GROUP BY slot)`;
const LOOKUP = `${LOOKUP_SLOTS},
lookup AS (
  SELECT (SELECT slots FROM slot_count) AS slots,
         list(coalesce(c.code, -1) ORDER BY s.slot) AS codes,
         (SELECT coalesce(list({'raw': x.raw, 'code': x.code}), []) FROM slotted x JOIN slot_codes c USING (slot) WHERE c.code = -1) AS shared
  FROM range((SELECT slots::BIGINT FROM slot_count)) s(slot) LEFT JOIN slot_codes c USING (slot))`;

const slotOf = (x: string) => `l.codes[(hash(${x}) % l.slots)::BIGINT + 1]`;

/** Each incident's references coded in place, by the lookup (LOOKUP: `l`), in the order written: no row per reference. */
const CODED = `coded AS (
  SELECT c.person_idx, c.period_id,
         list_transform(c.p, x -> CASE WHEN ${slotOf('x')} >= 0 THEN ${slotOf('x')} ELSE list_filter(l.shared, e -> e.raw = x)[1].code END) AS codes
  FROM cells c CROSS JOIN lookup l)`;

/** The whole table's coded incidents: each reference as written matched once and looked up in place. */
const WHOLE_CODED = `${CELLS},
-- Each reference as written (untrimmed, a few thousand) with its staff key and match; 0 for a blank.
raw_refs AS (SELECT DISTINCT unnest(p) AS raw FROM cells),${refKeys(`SELECT DISTINCT trim(raw) AS ref FROM raw_refs WHERE trim(raw) <> ''`)}${LOOKUP},
${CODED}`;

/**
 * The tables a build in slices makes first (Slices.prepare): the staff keys; each reference as
 * written; the lookup of their codes; the incidents in the exposure with their period's date.
 */
const STAFF_TABLE = `${STAGING_PREFIX}staff_recording_staff`;
const RAWS_TABLE = `${STAGING_PREFIX}staff_recording_raws`;
const LOOKUP_TABLE = `${STAGING_PREFIX}staff_recording_lookup`;
/** The lookup's parts, made before it: each reference's slot and code, then the list of codes a range of slots at a time. */
const SLOTS_TABLE = `${STAGING_PREFIX}staff_recording_slots`;
const PARTS_TABLE = `${STAGING_PREFIX}staff_recording_lookup_parts`;
/** Slots a part of the lookup's list covers (2^20 slots at W-L: one statement for them all took about 150 ms in the browser). */
export const SLOTS_PER_PART = 65_536;
const INCIDENTS_TABLE = `${STAGING_PREFIX}staff_recording_incidents`;

/**
 * A slice's periods are those of its dates; its incidents and worked lines are read within
 * SCOPE_DAYS of them: a period lies within a day of its date (a unit's shift pattern tiles its
 * day: model/exposure.ts periods), an incident in the exposure lies in its period and a worked
 * line that counts overlaps it, so none is left out; the bounds only spare reading the others
 * (the tables' zone maps).
 */
const SCOPE_DAYS = 2;
const near = (range: SliceRange) => ({ from: `DATE '1970-01-01' + ${range.lo - SCOPE_DAYS}`, to: `DATE '1970-01-01' + ${range.hi + SCOPE_DAYS}` });

/** A slice's coded incidents: the cells of its incidents (INCIDENTS_TABLE, by date) coded by the lookup made once (LOOKUP_TABLE). */
const sliceCoded = (range: SliceRange) => `slice_periods AS MATERIALIZED (SELECT * FROM periods WHERE ${inDays('date', range)}),
cells AS MATERIALIZED (
  SELECT x.person_idx, x.period_id, string_split(replace(coalesce(i.staff_involved, ''), '|', ';'), ';') AS p
  FROM ${INCIDENTS_TABLE} x
  JOIN (SELECT incident_id, staff_involved FROM r_incidents WHERE occurred_at >= ${near(range).from} AND occurred_at < ${near(range).to}) i USING (incident_id)
  WHERE ${inDays('x.date', range)}),
lookup AS (SELECT * FROM ${LOOKUP_TABLE}),
${CODED},
staff_keys AS (SELECT staff_id, staff_idx FROM ${STAFF_TABLE})`;

/** The lookup's slots, `perPart` a range, first to last. */
export const slotParts = (perPart: number) =>
  raw(`SELECT lo::DOUBLE AS lo, least(lo + ${Math.trunc(perPart)}, slots)::DOUBLE AS hi
FROM (SELECT unnest(range(0, slots, ${Math.trunc(perPart)})) AS lo, slots FROM (SELECT max(slots)::BIGINT AS slots FROM ${SLOTS_TABLE})) ORDER BY lo`);

/** The slices' shared tables. */
const SLICE_PREPARE: SliceHelper[] = [
  { name: STAFF_TABLE, select: () => raw(STAFF_KEYS_TABLE) },
  {
    name: RAWS_TABLE,
    bounds: () => dateSlices('r_incidents', 'occurred_at', INCIDENTS_PER_RAWS_SLICE),
    // Every incident's, in the exposure or not: a reference's code depends on the reference alone.
    slice: (_, range) => raw(`SELECT DISTINCT unnest(string_split(replace(coalesce(staff_involved, ''), '|', ';'), ';')) AS raw FROM r_incidents WHERE ${inDays('occurred_at', range)}`),
  },
  {
    // Every reference as written with its slot, its code and its slot's (-1: shared); the slot count on every row (one row with no reference when there is none).
    name: SLOTS_TABLE,
    select: () => raw(`WITH raw_refs AS (SELECT DISTINCT raw FROM ${RAWS_TABLE}),${refKeys(`SELECT DISTINCT trim(raw) AS ref FROM raw_refs WHERE trim(raw) <> ''`, STAFF_TABLE)}${LOOKUP_SLOTS}
SELECT n.slots, x.raw, x.code AS raw_code, x.slot, c.code FROM slot_count n LEFT JOIN slotted x ON true LEFT JOIN slot_codes c USING (slot)`),
  },
  {
    // The lookup's list of codes (LOOKUP), SLOTS_PER_PART slots a statement.
    name: PARTS_TABLE,
    bounds: () => slotParts(SLOTS_PER_PART),
    slice: (_, range) =>
      raw(`SELECT ${Math.trunc(range.lo)}::BIGINT AS part, list(coalesce(c.code, -1) ORDER BY s.slot) AS codes
FROM range(${Math.trunc(range.lo)}::BIGINT, ${Math.trunc(range.hi)}::BIGINT) s(slot) LEFT JOIN (SELECT DISTINCT slot, code FROM ${SLOTS_TABLE} WHERE slot IS NOT NULL) c USING (slot)`),
  },
  {
    name: LOOKUP_TABLE,
    select: () => raw(`SELECT (SELECT max(slots) FROM ${SLOTS_TABLE}) AS slots, flatten(list(codes ORDER BY part)) AS codes,
       (SELECT coalesce(list({'raw': raw, 'code': raw_code}), []) FROM ${SLOTS_TABLE} WHERE code = -1) AS shared
FROM ${PARTS_TABLE}`),
  },
  {
    name: INCIDENTS_TABLE,
    // By ranges of period_id (a unit's dates: periods are numbered by unit, then date).
    bounds: () => keySlices('periods', 'period_id', PERIODS_PER_INCIDENTS_SLICE),
    slice: (_, range) =>
      raw(`SELECT ip.incident_id, ip.person_idx, ip.period_id, p.date FROM incident_periods ip JOIN periods p USING (period_id)
WHERE ip.outside_reason IS NULL AND ${inKeys('ip.period_id', range)} AND ${inKeys('p.period_id', range)}`),
  },
];

/**
 * The in-memory shape from the coded incidents (`coded`: person_idx, period_id, codes) of the
 * periods `periods` (the table, or a slice's), reading the worked lines that `shifts` (more
 * conditions on r_shifts s) lets through.
 */
const inMemory = (coded: string, periods = 'periods', shifts = '') => `
WITH ${coded},
-- Worked lines (with a staff key) and the periods of their unit they overlap: lines alike in unit
-- and times (a rota's standard shifts) reach the periods once, by equi-join on unit and the dates
-- their periods can reach (as period_staffing does).
worked AS MATERIALIZED (
  SELECT k.staff_idx, u.unit_idx, s."start", s."end"
  FROM r_shifts s JOIN units u USING (unit) JOIN staff_keys k USING (staff_id) WHERE s.status = 'worked'${shifts}),
line_groups AS (SELECT DISTINCT unit_idx, "start", "end" FROM worked),
${lineDates('line_groups', '', false)}group_periods AS (
  SELECT w.unit_idx, w."start", w."end", p.period_id
  FROM line_dates w JOIN ${periods} p ON p.unit_idx = w.unit_idx AND p.date = w.date AND w."start" < p."end" AND w."end" > p."start"),
-- Per period, the staff keys with a worked line there (repeats are harmless: it is only searched).
on_shift AS (SELECT g.period_id, list(w.staff_idx::BIGINT) AS staff FROM worked w JOIN group_periods g USING (unit_idx, "start", "end") GROUP BY 1),
counted AS (
  SELECT c.person_idx, c.period_id, p.unit_idx, p.date, c.codes, o.staff AS on_shift,
         CASE WHEN len(c.codes) < ${2 ** KIND_BITS}
              THEN list_sum(list_transform(c.codes, x -> CASE WHEN ${matchOf('x')} = 0 THEN 0 ELSE 1::BIGINT << ((${matchOf('x')} - 1) * ${KIND_BITS}) END)) END AS kinds,
         CASE WHEN len(c.codes) <= ${RESIDUES} THEN list_sum(list_transform(c.codes, x -> CASE WHEN ${isMatched('x')} THEN 1::BIGINT << (${staffOf('x')} % ${RESIDUES}) ELSE 0 END)) END AS residues
  FROM coded c JOIN ${periods} p USING (period_id) LEFT JOIN on_shift o USING (period_id)),
per_incident AS (
  SELECT person_idx, period_id, unit_idx, date, codes, on_shift,
         ${kindCount(1)} AS exact, ${kindCount(2)} AS alias, ${kindCount(3)} AS normalised, ${kindCount(4)} AS ambiguous, ${kindCount(5)} AS unmatched,
         coalesce(bit_count(residues), -1) = ${kindCount(1)} + ${kindCount(2)} + ${kindCount(3)} AS named_once
  FROM counted),
-- Only where a staff member may be named twice: the first reference to each, in the order written.
firsts AS (
  SELECT *, CASE WHEN NOT named_once THEN list_filter(codes, (x, i) -> ${isMatched('x')}
           AND list_position(list_transform(codes, y -> CASE WHEN ${isMatched('y')} THEN ${staffOf('y')} END), ${staffOf('x')}) = i) END AS f
  FROM per_incident)
SELECT person_idx, period_id, unit_idx, date, (exact + alias + normalised + ambiguous + unmatched)::INTEGER AS refs,
       (CASE WHEN f IS NULL THEN exact ELSE len(list_filter(f, x -> ${matchOf('x')} = ${MATCH.exact})) END)::INTEGER AS exact,
       (CASE WHEN f IS NULL THEN alias ELSE len(list_filter(f, x -> ${matchOf('x')} = ${MATCH.alias})) END)::INTEGER AS alias,
       (CASE WHEN f IS NULL THEN normalised ELSE len(list_filter(f, x -> ${matchOf('x')} = ${MATCH.normalised})) END)::INTEGER AS normalised,
       ambiguous::INTEGER AS ambiguous, unmatched::INTEGER AS unmatched,
       (CASE WHEN f IS NULL THEN 0 ELSE exact + alias + normalised - len(f) END)::INTEGER AS repeated,
       (CASE WHEN f IS NULL THEN exact + alias + normalised - len(list_filter(codes, x -> ${isMatched('x')} AND list_contains(on_shift, ${staffOf('x')})))
             ELSE len(f) - len(list_filter(f, x -> list_contains(on_shift, ${staffOf('x')}))) END)::INTEGER AS not_on_shift
FROM firsts
ORDER BY date, unit_idx`;

export const STAFF_RECORDING = defineTable({
  name: 'staff_recording',
  reads: ['r_shifts', 'units', 'incident_periods', 'periods', 'r_incidents', 'staff_aliases'],
  doc: "How each incident's staff references matched the rota (exact, alias, normalised, ambiguous, unmatched, repeated) and how many matched staff had no worked line there in the period: staff_involvements' counts without its lines (counts only, no staff id).",
  sql: ({ settings, spillsToDisk }) => (spillsToDisk ? spilling(settings) : inMemory(WHOLE_CODED)),
  // In the background (the browser's engine: in memory), by dates of periods, PERIODS_PER_SLICE periods a slice.
  slices: {
    when: ({ spillsToDisk }) => !spillsToDisk,
    prepare: SLICE_PREPARE,
    bounds: () => dateSlices('periods', 'date', PERIODS_PER_SLICE),
    slice: (_, range) => raw(inMemory(sliceCoded(range), 'slice_periods', ` AND s."start" < ${near(range).to} AND s."end" > ${near(range).from}`)),
  },
});
