/**
 * The exposure model: the BRIEF's "Definitions", one named SQL statement each, built once after
 * import into compact tables keyed by small integers. Analyses read only these tables.
 * It reads the canonical tables through the reconciled views (r_shifts, r_incidents, …: unit
 * and person_id with the user's aliases applied; model/reconcile.ts), never directly.
 *
 *   shifts ─► shift_lines (familiarity) ─► shift_overlaps ─► period_staffing ─► person_periods ◄─ incident_periods ◄─ incidents
 *   settings ─► shift_pattern ─► periods ─┘                 ▲
 *   people (+ inferred) ─► person_spans ──────────────────────┘
 */
import type { Connector, SqlParam } from '../db/connector';
import { ensureReconciled } from './reconcile';
import type { Settings, ShiftDefinition } from './settings';

export interface ExposureSummary {
  units: number;
  people: number;
  periods: number;
  /** Periods with no rota rows at all: their staffing is unknown. */
  periodsWithoutRota: number;
  /** Periods with rota rows but neither a requirement nor a planned number. */
  periodsWithoutRequirement: number;
  personPeriods: number;
  incidents: number;
  incidentsOutsideExposure: number;
  /** Why incidents fell outside, with counts. */
  outsideReasons: { reason: string; count: number }[];
  peopleInferred: number;
}

/** A unit's shift pattern as minutes from midnight; must tile the 24 hours without gaps. */
export function patternRows(pattern: ShiftDefinition[]): { index: number; name: string; startMinute: number; minutes: number }[] {
  const rows = pattern
    .map((s) => {
      const [h, m] = s.start.split(':').map(Number) as [number, number];
      return { name: s.name, startMinute: h * 60 + m, minutes: Math.round(s.hours * 60) };
    })
    .sort((a, b) => a.startMinute - b.startMinute);
  const total = rows.reduce((t, r) => t + r.minutes, 0);
  if (total !== 24 * 60) throw new Error(`A shift pattern must cover 24 hours; this one covers ${total / 60}.`);
  rows.forEach((r, i) => {
    const next = rows[(i + 1) % rows.length]!;
    if ((r.startMinute + r.minutes) % (24 * 60) !== next.startMinute) {
      throw new Error(`Shift ${r.name} does not end where ${next.name} starts.`);
    }
  });
  return rows.map((r, index) => ({ index, ...r }));
}

/** Small integer keys for units, so the big tables stay narrow. */
const UNITS = `
CREATE OR REPLACE TABLE units AS
SELECT row_number() OVER (ORDER BY unit)::INTEGER AS unit_idx, unit
FROM (SELECT unit FROM r_shifts UNION SELECT unit FROM r_incidents UNION SELECT unit FROM r_people
      UNION SELECT unit FROM r_requirements) u
WHERE unit IS NOT NULL`;

/** Rota coverage: a unit's periods run from the first to the last date its rota has a shift starting on. */
const ROTA_COVERAGE = `
CREATE OR REPLACE TABLE rota_coverage AS
SELECT unit, min("start"::DATE) AS first_date, max("start"::DATE) AS last_date FROM r_shifts GROUP BY unit`;

/** Shift periods: each unit's day cut by its pattern; a period belongs to the date it starts on. */
const PERIODS = `
CREATE OR REPLACE TABLE periods AS
WITH days AS (
  SELECT unit, unnest(generate_series(first_date, last_date, INTERVAL 1 DAY))::DATE AS date FROM rota_coverage)
SELECT (row_number() OVER (ORDER BY u.unit_idx, d.date, p.shift_index))::INTEGER AS period_id,
       u.unit_idx, d.unit, d.date, p.shift_index, p.shift_name,
       d.date + to_minutes(p.start_minute) AS "start",
       d.date + to_minutes(p.start_minute + p.minutes) AS "end",
       p.minutes / 60.0 AS hours,
       isodow(d.date)::INTEGER AS weekday
FROM days d JOIN units u USING (unit) JOIN shift_pattern p ON p.unit = d.unit`;

/**
 * Rota lines with what the staffing measures need, keyed by small integers. Familiarity: a
 * worked line is by an unfamiliar staff member when they have fewer than N worked lines on the
 * unit that started in the window before it, i.e. when their N-th previous worked line there
 * started before start − window (or does not exist). One lag() over a sort instead of a
 * RANGE count. A worked line with no staff id cannot be shown to be familiar: unfamiliar.
 * (Two lines for the same person starting at the same moment count as two shifts.)
 * The settings go in as SQL expressions: numbers here, a read of exposure_settings in the
 * summary tables built later (model/staffInvolvements.ts), so both judge familiarity alike.
 */
export const shiftLines = (minShifts: number | string, windowDays: number | string) => `
shift_lines AS (
  SELECT u.unit_idx, s.staff_id, s.person_id, s."start", s."end", s.status, s.contract = 'agency' AS agency,
         CASE WHEN s.status <> 'worked' THEN false
              WHEN s.staff_id IS NULL THEN true
              ELSE coalesce(lag(s."start", ${minShifts}) OVER (PARTITION BY s.staff_id, s.unit, s.status ORDER BY s."start")
                            < s."start" - INTERVAL (${windowDays}) DAY, true) END AS unfamiliar
  FROM r_shifts s JOIN units u USING (unit))`;

/**
 * Overlap hours of every rota line with every period it touches. Equi-join on unit and period
 * date plus the time condition, so the join never scans all periods; the candidate dates are
 * only those whose periods can reach the line (from start − the pattern's latest period end to
 * end − its earliest period start): a line of at most 24 h reaches at most four period dates.
 */
const SHIFT_OVERLAPS = `
-- Lines alike in unit, times, status, agency and familiarity (a rota's standard shifts) go
-- through the join once, with their number n.
line_groups AS (
  SELECT unit_idx, "start", "end", status, agency, unfamiliar, count(*)::INTEGER AS n FROM shift_lines GROUP BY ALL),
reach AS (
  SELECT u.unit_idx, min(p.start_minute) AS first_start, max(p.start_minute + p.minutes) AS last_end
  FROM shift_pattern p JOIN units u USING (unit) GROUP BY 1),
candidates AS (
  SELECT l.*, d0 + k.k AS period_date FROM (
    SELECT l.*, (l."start" - to_minutes(r.last_end))::DATE AS d0,
           (l."end" - to_minutes(r.first_start) - INTERVAL 1 MICROSECOND)::DATE AS d1
    FROM line_groups l JOIN reach r USING (unit_idx)) l
  CROSS JOIN (VALUES (0), (1), (2), (3)) k(k)
  WHERE d0 + k.k <= d1),
shift_overlaps AS (
  SELECT p.period_id, c.status, c.agency, c.unfamiliar, c.n,
         epoch(least(c."end", p."end") - greatest(c."start", p."start")) / 3600.0 AS hours
  FROM candidates c JOIN periods p ON p.unit_idx = c.unit_idx AND p.date = c.period_date
  WHERE c."start" < p."end" AND c."end" > p."start")`;

/**
 * Staffing per period. Present = worked overlap hours / period hours. Required = the
 * requirement for the unit, shift name and weekday (or every weekday), else the number planned
 * in the rota (worked + unfilled + cancelled + sickness, in the same overlap hours). Shortfall =
 * max(0, required − present). Shares = agency (unfamiliar) worked hours / all worked hours; in a
 * period in which nobody worked (rota lines, none of them worked) no agency or unfamiliar hours
 * were worked, so both shares are 0 and the shortfall is the whole requirement: the deepest
 * shortfall there is stays in every analysis (the BRIEF). A period without any rota line is
 * unknown, not empty: it stays out, as before. Values are rounded to 1e-9 so the band edges are exact. The rota lines and their overlaps
 * (above) are steps of this one statement, never tables: at W-L they are 5M and 8M rows.
 */
const periodStaffing = (minShifts: number, windowDays: number) => `
CREATE OR REPLACE TABLE period_staffing AS
WITH ${shiftLines(minShifts, windowDays)},
${SHIFT_OVERLAPS},
hours AS (
  SELECT p.period_id, p.unit, p.shift_name, p.weekday, p.hours AS period_hours,
         coalesce(o.rota_rows, 0) AS rota_rows, coalesce(o.staff_hours, 0) AS staff_hours,
         coalesce(o.planned_hours, 0) AS planned_hours, coalesce(o.agency_hours, 0) AS agency_hours,
         coalesce(o.unfamiliar_hours, 0) AS unfamiliar_hours
  FROM periods p
  LEFT JOIN (
    SELECT period_id, sum(n) AS rota_rows,
           sum(n * hours) FILTER (WHERE status = 'worked') AS staff_hours,
           sum(n * hours) FILTER (WHERE status IN ('worked', 'unfilled', 'cancelled', 'sickness')) AS planned_hours,
           sum(n * hours) FILTER (WHERE status = 'worked' AND agency) AS agency_hours,
           sum(n * hours) FILTER (WHERE status = 'worked' AND unfamiliar) AS unfamiliar_hours
    FROM shift_overlaps GROUP BY period_id) o USING (period_id)),
required AS (
  SELECT h.*,
         round(h.staff_hours / h.period_hours, 9) AS present,
         round(h.planned_hours / h.period_hours, 9) AS planned,
         coalesce(rw.required, ra.required) AS required_by_requirement
  FROM hours h
  LEFT JOIN r_requirements rw
    ON lower(rw.unit) = lower(h.unit) AND lower(rw.shift) = lower(h.shift_name) AND rw.weekday = h.weekday
  LEFT JOIN r_requirements ra
    ON lower(ra.unit) = lower(h.unit) AND lower(ra.shift) = lower(h.shift_name) AND ra.weekday IS NULL),
shares AS (
  SELECT *,
         rota_rows > 0 AS covered,
         CASE WHEN rota_rows = 0 THEN NULL
              WHEN required_by_requirement IS NOT NULL THEN required_by_requirement
              WHEN planned > 0 THEN planned END AS required,
         CASE WHEN rota_rows = 0 THEN NULL
              WHEN required_by_requirement IS NOT NULL THEN 'requirement'
              WHEN planned > 0 THEN 'rota' END AS required_source,
         CASE WHEN rota_rows = 0 THEN NULL WHEN staff_hours > 0 THEN round(agency_hours / staff_hours, 9) ELSE 0 END AS agency_share,
         CASE WHEN rota_rows = 0 THEN NULL WHEN staff_hours > 0 THEN round(unfamiliar_hours / staff_hours, 9) ELSE 0 END AS unfamiliar_share
  FROM required)
SELECT period_id, covered, rota_rows > 0 AND staff_hours = 0 AS nobody_worked, present, planned, required, required_source,
       CASE WHEN required IS NOT NULL THEN greatest(0, round(required - present, 9)) END AS shortfall,
       agency_share, unfamiliar_share, staff_hours, agency_hours, unfamiliar_hours
FROM shares`;

const bandCase = (x: string) => `
  CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} = 0 THEN 'none'
       WHEN ${x} <= $low_upper THEN 'upTo25' WHEN ${x} <= $mid_upper THEN 'from25To50' ELSE 'over50' END`;

/** Bands, exact at their edges: shortfall none < one ≤ … < twoPlus; shares 0, (0, ¼], (¼, ½], > ½. */
const PERIOD_BANDS = `
CREATE OR REPLACE TABLE period_bands AS
SELECT period_id,
  CASE WHEN shortfall IS NULL THEN NULL WHEN shortfall < $one THEN 'none'
       WHEN shortfall < $two_plus THEN 'one' ELSE 'twoPlus' END AS shortfall_band,
  ${bandCase('agency_share')} AS agency_band,
  ${bandCase('unfamiliar_share')} AS unfamiliar_band
FROM period_staffing`;

/** A person's pseudonym in SQL: "Person " and six hex digits of md5(key || id). */
export function pseudonymSql(key: string, personId: string): string {
  return `'Person ' || upper(substr(md5(${key} || ${personId}), 1, 6))`;
}

/**
 * People and their spans of exposure. People only named in incidents are added (unit = the
 * unit most of their incidents happened on) and counted. Without an admission date the
 * person's first record stands in; without a discharge date, the last date the rota covers.
 */
const PERSON_SPANS = `
CREATE OR REPLACE TABLE person_spans AS
WITH everyone AS (
  SELECT person_id, unit, admitted, discharged, name, commissioned_ratio, commissioned_from,
         commissioned_to, ready_for_discharge, false AS inferred
  FROM r_people
  UNION ALL
  SELECT person_id, mode(unit), NULL, NULL, NULL, NULL, NULL, NULL, NULL, true
  FROM r_incidents WHERE person_id NOT IN (SELECT person_id FROM r_people) GROUP BY person_id),
first_records AS (
  SELECT person_id, min(d) AS first_record FROM (
    SELECT person_id, occurred_at::DATE AS d FROM r_incidents
    UNION ALL SELECT person_id, date FROM r_plan_delivery
    UNION ALL SELECT person_id, date FROM r_events WHERE person_id IS NOT NULL
    UNION ALL SELECT person_id, "start"::DATE FROM r_shifts WHERE person_id IS NOT NULL) r
  GROUP BY person_id),
labelled AS (
  SELECT e.*, ${pseudonymSql('$key', 'e.person_id')} AS base_label FROM everyone e)
SELECT (row_number() OVER (ORDER BY l.person_id))::INTEGER AS person_idx, l.person_id, l.unit, u.unit_idx,
       coalesce(l.admitted, f.first_record) AS from_date,
       coalesce(l.discharged, c.last_date) AS to_date,
       l.admitted IS NULL AS admission_inferred, l.discharged IS NULL AS discharge_open,
       l.name, l.commissioned_ratio, l.commissioned_from, l.commissioned_to, l.ready_for_discharge, l.inferred,
       l.base_label || CASE WHEN count(*) OVER (PARTITION BY l.base_label) > 1
                            THEN '-' || row_number() OVER (PARTITION BY l.base_label ORDER BY l.person_id) ELSE '' END AS label
FROM labelled l
LEFT JOIN units u USING (unit)
LEFT JOIN first_records f USING (person_id)
LEFT JOIN rota_coverage c USING (unit)`;

/**
 * Each incident's period: the period of its unit whose [start, end) holds occurred_at (equi-join
 * on unit and the two candidate period dates), and whether it lies in its person's exposure.
 */
const INCIDENT_PERIODS = `
CREATE OR REPLACE TABLE incident_periods AS
WITH candidates AS (
  SELECT i.incident_id, p.period_id, p.date AS period_date
  FROM (SELECT incident_id, unit, occurred_at, unnest([occurred_at::DATE, occurred_at::DATE - 1]) AS d FROM r_incidents) i
  JOIN periods p ON p.unit = i.unit AND p.date = i.d
  WHERE i.occurred_at >= p."start" AND i.occurred_at < p."end"),
interventions AS (
  -- Any row of the restrictive interventions file counts, PRN for distress included (STOMP).
  SELECT incident_id, count(*) AS restrictive FROM restrictive_interventions GROUP BY incident_id)
SELECT i.incident_id, ps.person_idx, c.period_id,
       coalesce(r.restrictive, 0) > 0 AS has_restrictive_intervention,
       CASE WHEN c.period_id IS NULL THEN 'outside rota coverage (no shift period of its unit at that time)'
            WHEN ps.unit IS DISTINCT FROM i.unit THEN 'on a different unit from the person''s'
            WHEN c.period_date < ps.from_date OR c.period_date > ps.to_date THEN 'outside the person''s admission'
       END AS outside_reason
FROM r_incidents i
LEFT JOIN candidates c USING (incident_id)
LEFT JOIN person_spans ps USING (person_id)
LEFT JOIN interventions r USING (incident_id)`;

/**
 * Person-periods, the exposure: every period of a person's unit whose date lies between their
 * admission and discharge, both included, with its bands and the incidents assigned to it.
 */
const PERSON_PERIODS = `
CREATE OR REPLACE TABLE person_periods AS
WITH counts AS (
  SELECT person_idx, period_id, count(*)::INTEGER AS incidents,
         count(*) FILTER (WHERE has_restrictive_intervention)::INTEGER AS incidents_with_ri
  FROM incident_periods WHERE outside_reason IS NULL GROUP BY ALL)
SELECT ps.person_idx, p.period_id, p.unit_idx, p.date, p.shift_index, p.weekday,
       b.shortfall_band, b.agency_band, b.unfamiliar_band,
       coalesce(c.incidents, 0) AS incidents, coalesce(c.incidents_with_ri, 0) AS incidents_with_ri
FROM person_spans ps
JOIN periods p ON p.unit_idx = ps.unit_idx AND p.date BETWEEN ps.from_date AND ps.to_date
JOIN period_bands b USING (period_id)
LEFT JOIN counts c ON c.person_idx = ps.person_idx AND c.period_id = p.period_id`;

/**
 * Staffing cells: person-periods, incidents and incidents ending in a restrictive intervention
 * per person × unit × the three bands × shift × weekday. The staffing analysis reads these
 * (≤ a few hundred thousand rows at any size) instead of person_periods when no date range is
 * chosen; with dates it aggregates person_periods the same way (STAFFING_CELLS_SELECT).
 */
export const STAFFING_CELLS_SELECT = `
SELECT person_idx, unit_idx, shortfall_band, agency_band, unfamiliar_band, shift_index, weekday,
       count(*)::INTEGER AS person_periods, sum(incidents)::INTEGER AS incidents,
       sum(incidents_with_ri)::INTEGER AS incidents_with_ri
FROM person_periods pp`;
const STAFFING_CELLS = `CREATE OR REPLACE TABLE staffing_cells AS ${STAFFING_CELLS_SELECT} GROUP BY ALL`;

/**
 * Periods in which nobody worked: rota lines, every one unfilled, sick, cancelled or planned. Kept in
 * the analyses (above); listed on Data quality as possible gaps in the rota, and the staffing
 * model's rate ratios are also given without them.
 */
const NOBODY_WORKED_PERIODS = `
CREATE OR REPLACE TABLE nobody_worked_periods AS
SELECT p.period_id, p.unit_idx, p.unit, p.date, p.shift_index, p.shift_name, s.required
FROM period_staffing s JOIN periods p USING (period_id)
WHERE s.nobody_worked ORDER BY p.unit_idx, p.date, p.shift_index`;

/** Periods with at least one person in exposure (for "N periods" under unit and date filters). */
const EXPOSED_PERIODS = `
CREATE OR REPLACE TABLE exposed_periods AS
SELECT DISTINCT period_id, unit_idx, date FROM person_periods`;

/**
 * The familiarity settings of this build, for summary tables that judge shift lines later
 * (extra.ts builders have no settings of their own): FAMILIARITY_SETTINGS reads them.
 */
const exposureSettings = (minShifts: number, windowDays: number) => `
CREATE OR REPLACE TABLE exposure_settings AS SELECT ${minShifts}::INTEGER AS min_shifts, ${windowDays}::INTEGER AS window_days`;
export const FAMILIARITY_SETTINGS = {
  minShifts: '(SELECT min_shifts FROM exposure_settings)',
  windowDays: '(SELECT window_days FROM exposure_settings)',
} as const;

/** Every table buildExposure makes (dropped by "Delete all data"). */
export const EXPOSURE_TABLES = ['units', 'shift_pattern', 'exposure_settings', 'rota_coverage', 'periods',
  // No longer made (steps of period_staffing); listed so "Delete all data" clears workspaces built before.
  'shift_lines', 'shift_overlaps',
  'period_staffing', 'period_bands', 'person_spans', 'incident_periods', 'person_periods', 'staffing_cells', 'exposed_periods',
  'nobody_worked_periods'];

/** Build (or rebuild) every exposure table from the canonical tables. */
export async function buildExposure(db: Connector, settings: Settings, pseudonymKey = ''): Promise<ExposureSummary> {
  // Reconciliation: every query below reads the r_* views (unit and person_id through the
  // user's aliases), so "Oak Ward" incidents meet "Oak" rota periods. See model/reconcile.ts.
  await ensureReconciled(db);
  await db.exec(UNITS);
  // The whole pattern table in one statement, so a build is the same however often it runs.
  const units = await db.query<{ unit: string }>('SELECT unit FROM units ORDER BY unit_idx');
  const pattern = units.flatMap(({ unit }) =>
    patternRows(settings.unitShiftPatterns[unit] ?? settings.shiftPattern).map((r) => [unit, r.index, r.name, r.startMinute, r.minutes]),
  );
  await db.query(
    `CREATE OR REPLACE TABLE shift_pattern AS
     SELECT * FROM (VALUES ${pattern.length ? pattern.map(() => '(?::VARCHAR, ?::INTEGER, ?::VARCHAR, ?::INTEGER, ?::INTEGER)').join(', ') : '(NULL::VARCHAR, NULL::INTEGER, NULL::VARCHAR, NULL::INTEGER, NULL::INTEGER)'})
       AS t(unit, shift_index, shift_name, start_minute, minutes)
     WHERE unit IS NOT NULL`,
    pattern.flat() as SqlParam[],
  );
  await db.exec(ROTA_COVERAGE);
  await db.exec(PERIODS);
  // Settings are validated integers (Zod), so they may stand in the window's frame.
  await db.exec(exposureSettings(settings.familiarity.minShifts, settings.familiarity.windowDays));
  await db.exec(periodStaffing(settings.familiarity.minShifts, settings.familiarity.windowDays));
  await run(db, PERIOD_BANDS, {
    one: settings.shortfallBandEdges.one,
    two_plus: settings.shortfallBandEdges.twoPlus,
    low_upper: settings.shareBandEdges.lowUpper,
    mid_upper: settings.shareBandEdges.midUpper,
  });
  await run(db, PERSON_SPANS, { key: pseudonymKey });
  await db.exec(INCIDENT_PERIODS);
  await db.exec(PERSON_PERIODS);
  await db.exec(STAFFING_CELLS);
  await db.exec(EXPOSED_PERIODS);
  await db.exec(NOBODY_WORKED_PERIODS);
  return summarise(db);
}

/** Named parameters ($name) → positional, so each SQL statement above reads as its definition. */
async function run(db: Connector, sql: string, named: Record<string, SqlParam>): Promise<void> {
  const params: SqlParam[] = [];
  const text = sql.replace(/\$([a-z_]+)/g, (_, name: string) => {
    if (!(name in named)) throw new Error(`No value for $${name}`);
    params.push(named[name]!);
    return '?';
  });
  await db.query(text, params);
}

async function summarise(db: Connector): Promise<ExposureSummary> {
  const [s] = await db.query<Omit<ExposureSummary, 'outsideReasons'>>(`
    SELECT (SELECT count(*) FROM units)::INTEGER AS units,
           (SELECT count(*) FROM person_spans)::INTEGER AS people,
           (SELECT count(*) FROM person_spans WHERE inferred)::INTEGER AS "peopleInferred",
           (SELECT count(*) FROM periods)::INTEGER AS periods,
           (SELECT count(*) FROM period_staffing WHERE NOT covered)::INTEGER AS "periodsWithoutRota",
           (SELECT count(*) FROM period_staffing WHERE covered AND required IS NULL)::INTEGER AS "periodsWithoutRequirement",
           (SELECT count(*) FROM person_periods)::INTEGER AS "personPeriods",
           (SELECT count(*) FROM incident_periods)::INTEGER AS incidents,
           (SELECT count(*) FROM incident_periods WHERE outside_reason IS NOT NULL)::INTEGER AS "incidentsOutsideExposure"`);
  const outsideReasons = await db.query<{ reason: string; count: number }>(
    `SELECT outside_reason AS reason, count(*)::INTEGER AS count FROM incident_periods
     WHERE outside_reason IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
  );
  return { ...s!, outsideReasons };
}
