/**
 * Restrictive interventions in the exposure, each with its incident's person-period, so the
 * restrictive-practice page filters and sums this table instead of joining the interventions to
 * a million incidents and millions of person-periods on every filter change.
 */
import { literal } from '../db/sql';
import { ALL_INTERVENTION_TYPES } from '../ingest/mhsds';
import { SHARE_BANDS, SHORTFALL_BANDS } from './settings';
import { defineTable } from './table';

/** Groups in page order; an unknown type code is 'other'. grp_idx is the index here. */
export const INTERVENTION_GROUP_ORDER = ['physical', 'mechanical', 'seclusion', 'segregation', 'chemical', 'prn', 'other'] as const;

/** Known type codes; type_idx is the index here, and 100 + n for the n-th unknown code (in code order). */
export const INTERVENTION_TYPE_CODES = ALL_INTERVENTION_TYPES.map((t) => t.code);

/** A band name as its index in SHORTFALL_BANDS or SHARE_BANDS (NULL stays NULL): small integers group fast. */
export const bandIndex = (column: string, bands: readonly string[]) =>
  `(CASE ${column} ${bands.map((b, i) => `WHEN ${literal(b)} THEN ${i}`).join(' ')} END)::UTINYINT`;

const list = (xs: readonly string[]) => `[${xs.map(literal).join(', ')}]`;

/**
 * `cell`: type, group, the three bands and the rank of the duration in one BIGINT, so that the
 * page's one pass over the rows groups by a single integer. A NULL part is stored as the slot
 * after its largest value (type 32767, shortfall 3, shares 4); rank 0 = no duration.
 */
const CELL = `(((((coalesce(type_idx, 32767)::BIGINT * 8 + grp_idx) * 4 + coalesce(sb, 3)) * 5 + coalesce(ab, 4)) * 5 + coalesce(ub, 4)) << 32) + minutes_rank`;

/** The parts of a cell's upper half (`cell >> 32`) again, into `out`: type, group, shortfall, agency, unfamiliar (−1: NULL). */
export function decodeCell(key: number, out: Int32Array): void {
  const type = Math.floor(key / 800);
  const sb = Math.floor(key / 25) % 4;
  const ab = Math.floor(key / 5) % 5;
  const ub = key % 5;
  out[0] = type === 32767 ? -1 : type;
  out[1] = Math.floor(key / 100) % 8;
  out[2] = sb === 3 ? -1 : sb;
  out[3] = ab === 4 ? -1 : ab;
  out[4] = ub === 4 ? -1 : ub;
}

/**
 * One row per restrictive intervention whose incident lies in a person-period: the person,
 * unit, date and ISO week of that period and its three staffing bands as codes, with:
 *   type_idx, grp_idx, code   the type (index, see above; the code itself only for unknown codes) and group;
 *   minutes                   duration_minutes when given, else ended_at − started_at;
 *   cell                      see CELL;
 *   first_of_type, first_of_group, first_of_incident
 *                             true on one row per incident and type (group; at all), so that
 *                             summing them counts incidents with such an intervention under any
 *                             filter (every row of an incident shares its person, unit and date).
 */
export const INTERVENTION_PERIODS = defineTable({
  name: 'intervention_periods',
  reads: ['restrictive_interventions', 'incident_periods', 'periods', 'person_spans', 'period_bands'],
  doc: 'Restrictive interventions with the period, person and staffing bands of their incident.',
  sql: `
WITH groups AS (SELECT * FROM (VALUES ${ALL_INTERVENTION_TYPES.map((t) => `(${literal(t.code)}, ${literal(t.group)})`).join(', ')}) AS g(code, grp)),
unknown AS (
  SELECT code, (100 + row_number() OVER (ORDER BY code))::SMALLINT AS type_idx
  FROM (SELECT DISTINCT type AS code FROM restrictive_interventions WHERE NOT list_contains(${list(INTERVENTION_TYPE_CODES)}, type))),
r AS (
  SELECT r.type AS code, coalesce((list_position(${list(INTERVENTION_TYPE_CODES)}, r.type) - 1)::SMALLINT, u.type_idx) AS type_idx,
         (list_position(${list(INTERVENTION_GROUP_ORDER)}, coalesce(g.grp, 'other')) - 1)::UTINYINT AS grp_idx,
         coalesce(r.duration_minutes, epoch(r.ended_at - r.started_at) / 60.0) AS minutes,
         ip.rowid AS incident_key, ip.person_idx, ip.period_id
  FROM restrictive_interventions r
  JOIN incident_periods ip ON ip.incident_id = r.incident_id AND ip.outside_reason IS NULL
  LEFT JOIN groups g ON g.code = r.type
  LEFT JOIN unknown u ON u.code = r.type),
ranks AS (SELECT minutes, row_number() OVER (ORDER BY minutes)::BIGINT AS minutes_rank FROM (SELECT DISTINCT minutes FROM r WHERE minutes IS NOT NULL)),
rows AS (
  SELECT r.person_idx, p.unit_idx, p.date, date_trunc('week', p.date)::DATE AS week, p.period_id,
         ${bandIndex('b.shortfall_band', SHORTFALL_BANDS)} AS sb, ${bandIndex('b.agency_band', SHARE_BANDS)} AS ab,
         ${bandIndex('b.unfamiliar_band', SHARE_BANDS)} AS ub,
         r.type_idx, r.grp_idx, r.code, r.minutes, coalesce(k.minutes_rank, 0) AS minutes_rank, r.incident_key
  FROM r
  JOIN periods p USING (period_id)
  -- The person-period itself (as person_periods makes it): the person's unit, within their span.
  JOIN person_spans ps ON ps.person_idx = r.person_idx AND ps.unit_idx = p.unit_idx AND p.date BETWEEN ps.from_date AND ps.to_date
  JOIN period_bands b USING (period_id)
  LEFT JOIN ranks k USING (minutes))
-- One sort by incident, group and type marks the first row of each; every row of an incident has
-- its person, unit and date, so sorting by those first marks the same rows and leaves the table in
-- unit, person and date order: the page's scans for a unit, a person or dates read only their blocks.
-- (That order is the window operator's output order in DuckDB 1.4, not promised by SQL: only the
-- scans' speed rests on it, never a number; tests/unit/model/interventionPeriodsOrder.test.ts checks it.)
SELECT person_idx, unit_idx, date, week, period_id, sb, ab, ub, type_idx, grp_idx, CASE WHEN type_idx >= 100 THEN code END AS code,
       minutes, ${CELL} AS cell,
       new_incident AS first_of_incident, new_incident OR new_group AS first_of_group,
       new_incident OR new_group OR new_type AS first_of_type
FROM (
  SELECT *, lag(incident_key) OVER w IS DISTINCT FROM incident_key AS new_incident,
         lag(grp_idx) OVER w IS DISTINCT FROM grp_idx AS new_group, lag(type_idx) OVER w IS DISTINCT FROM type_idx AS new_type
  FROM rows
  WINDOW w AS (ORDER BY unit_idx, person_idx, date, incident_key, grp_idx, type_idx))`,
});
