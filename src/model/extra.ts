/**
 * Extra model tables, beyond exposure.ts, that some analyses read so a filter change only
 * filters and sums. Each is derived from the canonical tables and the exposure of one build:
 *
 *   person_periods (exposure days) + people (commissioned ratio and hours)
 *   + shifts allocated to a person + incidents ─► commissioned_days (via hour slots)
 *
 * Each table remembers the catalog oid of the person_periods it was built from. Every exposure
 * build re-creates person_periods (new oid), so `ensure…` rebuilds the table exactly when an
 * import or a settings change has rebuilt the exposure. The engine may also call
 * buildExtraTables() right after buildExposure() to pay the cost up front.
 */
import type { Connector } from '../db/connector';

const MARKERS = 'CREATE TABLE IF NOT EXISTS model_extra_builds (name VARCHAR, source_oid BIGINT)';

const SOURCE_OID = `SELECT table_oid::BIGINT AS oid FROM duckdb_tables() WHERE table_name = 'person_periods' AND schema_name = 'main'`;

const MINUTES = (x: string) => `
  CASE WHEN regexp_full_match(trim(${x}), '\\d{1,2}:\\d{2}')
       THEN TRY_CAST(split_part(trim(${x}), ':', 1) AS INTEGER) * 60 + TRY_CAST(split_part(trim(${x}), ':', 2) AS INTEGER) END`;

/**
 * Commissioned hours, summed per person and exposure day from hour slots. For each person with a commissioned ratio "a:b" (staff = a / b, so
 * 2:1 → 2), every clock hour of each exposure day (a date of their person-periods) whose midpoint
 * lies in the commissioned window (blank, unreadable or equal times = all day; to < from crosses
 * midnight), with:
 *   allocated = overlap hours, within the hour, of worked rota lines carrying the person's id
 *               (two staff for half an hour = 1), cut into clock hours by an equi-join on
 *               person, date and hour;
 *   incidents = the person's incidents whose occurred_at falls in that clock hour.
 * Allocated is rounded to 1e-9 so that "short" (allocated < commissioned) is exact. Per day:
 * commissioned hours, short hours, staff-hours short Σ max(0, commissioned − allocated),
 * commissioned and delivered (Σ min(allocated, commissioned)) staff-hours, and incidents in
 * short and in fully delivered hours. Filters (date, unit, person) then only sum days.
 */
const COMMISSIONED_DAYS = `
CREATE OR REPLACE TABLE commissioned_days AS
WITH windows AS (
  SELECT *, from_min IS NULL OR to_min IS NULL OR from_min = to_min AS all_day FROM (
    SELECT ps.person_idx, ps.person_id,
           TRY_CAST(split_part(ps.commissioned_ratio, ':', 1) AS DOUBLE)
             / nullif(TRY_CAST(split_part(ps.commissioned_ratio, ':', 2) AS DOUBLE), 0) AS staff,
           ${MINUTES('ps.commissioned_from')} AS from_min, ${MINUTES('ps.commissioned_to')} AS to_min
    FROM person_spans ps WHERE ps.commissioned_ratio IS NOT NULL)
  WHERE staff > 0),
days AS (
  SELECT DISTINCT pp.person_idx, pp.unit_idx, pp.date FROM person_periods pp
  WHERE pp.person_idx IN (SELECT person_idx FROM windows)),
slots AS (
  SELECT d.person_idx, d.unit_idx, w.person_id, d.date, h.hour, w.staff
  FROM days d JOIN windows w USING (person_idx) CROSS JOIN (SELECT range::INTEGER AS hour FROM range(24)) h
  WHERE w.all_day
     OR (w.from_min < w.to_min AND h.hour * 60 + 30 >= w.from_min AND h.hour * 60 + 30 < w.to_min)
     OR (w.from_min > w.to_min AND (h.hour * 60 + 30 >= w.from_min OR h.hour * 60 + 30 < w.to_min))),
alloc AS (
  SELECT person_id, slot::DATE AS date, hour(slot)::INTEGER AS hour,
         sum(epoch(least("end", slot + INTERVAL 1 HOUR) - greatest("start", slot)) / 3600.0) AS staff
  FROM (SELECT s.person_id, s."start", s."end",
               unnest(generate_series(date_trunc('hour', s."start"), s."end", INTERVAL 1 HOUR)) AS slot
        FROM r_shifts s WHERE s.status = 'worked' AND s.person_id IN (SELECT person_id FROM windows))
  WHERE slot < "end"
  GROUP BY ALL),
incident_slots AS (
  SELECT person_id, occurred_at::DATE AS date, hour(occurred_at)::INTEGER AS hour, count(*)::INTEGER AS incidents
  FROM r_incidents WHERE person_id IN (SELECT person_id FROM windows) GROUP BY ALL),
judged AS (
  SELECT s.person_idx, s.unit_idx, s.date, s.staff AS commissioned, coalesce(round(a.staff, 9), 0) AS allocated,
         coalesce(round(a.staff, 9), 0) < s.staff AS short, coalesce(i.incidents, 0) AS incidents
  FROM slots s
  LEFT JOIN alloc a ON a.person_id = s.person_id AND a.date = s.date AND a.hour = s.hour
  LEFT JOIN incident_slots i ON i.person_id = s.person_id AND i.date = s.date AND i.hour = s.hour)
SELECT person_idx, unit_idx, date, date_trunc('week', date)::DATE AS week,
       count(*)::INTEGER AS hours, count(*) FILTER (WHERE short)::INTEGER AS short_hours,
       sum(greatest(0, commissioned - allocated))::DOUBLE AS staff_hours_short,
       sum(commissioned)::DOUBLE AS commissioned_staff_hours,
       sum(least(allocated, commissioned))::DOUBLE AS delivered_staff_hours,
       coalesce(sum(incidents) FILTER (WHERE short), 0)::INTEGER AS incidents_short,
       coalesce(sum(incidents) FILTER (WHERE NOT short), 0)::INTEGER AS incidents_full
FROM judged GROUP BY person_idx, unit_idx, date
ORDER BY person_idx, date`;

const BUILDERS: Record<string, string> = { commissioned_days: COMMISSIONED_DAYS };

async function sourceOid(db: Connector): Promise<number | null> {
  const [row] = await db.query<{ oid: number }>(SOURCE_OID);
  return row?.oid ?? null;
}

async function build(db: Connector, name: string, oid: number): Promise<void> {
  await db.exec(BUILDERS[name]!);
  await db.query('DELETE FROM model_extra_builds WHERE name = ?', [name]);
  await db.query('INSERT INTO model_extra_builds VALUES (?, ?)', [name, oid]);
}

/** Build the table unless it was built from the current exposure. Call before reading it. */
export async function ensureExtraTable(db: Connector, name: keyof typeof BUILDERS & string): Promise<void> {
  await db.exec(MARKERS);
  const oid = await sourceOid(db);
  if (oid === null) throw new Error('The exposure model has not been built yet.');
  const [marker] = await db.query<{ source_oid: number }>('SELECT source_oid::BIGINT AS source_oid FROM model_extra_builds WHERE name = ?', [name]);
  if (marker?.source_oid !== oid) await build(db, name, oid);
}

/** Every table this module makes (dropped by "Delete all data"). */
export const EXTRA_TABLES = ['commissioned_days', 'model_extra_builds'];

/** Build every extra table now (e.g. right after buildExposure). */
export async function buildExtraTables(db: Connector): Promise<void> {
  await db.exec(MARKERS);
  const oid = await sourceOid(db);
  if (oid === null) throw new Error('The exposure model has not been built yet.');
  for (const name of Object.keys(BUILDERS)) await build(db, name, oid);
}
