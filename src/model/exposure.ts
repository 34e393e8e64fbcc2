/**
 * The exposure model: the BRIEF's "Definitions", one named SQL statement each, built once after
 * import into compact tables keyed by small integers; the summary tables and analyses read them. Each is a
 * catalog table (model/catalog.ts); model/model.ts builds them in the order their reads give.
 * It reads the canonical tables through the reconciled views (r_shifts, r_incidents, …: unit
 * and person_id with the user's aliases applied; model/reconcile.ts), never directly.
 *
 *   shifts ─► period_staffing (familiarity, overlaps) ─► period_bands ─► person_periods ◄─ incident_periods ◄─ incidents
 *   settings ─► shift_pattern ─► periods ─┘                                    ▲
 *   people (+ inferred) ─► person_spans ───────────────────────────────────────┘
 */
import type { Connector } from '../db/connector';
import { join, named, raw, runQuery, sql, type Sql } from '../db/sql';
import type { Settings, ShiftDefinition } from './settings';
import { defineTable } from './table';

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
export const UNITS = defineTable({
  name: 'units',
  reads: ['r_shifts', 'r_incidents', 'r_people', 'r_requirements'],
  doc: 'Units named in any file, with their small integer keys (unit_idx).',
  sql: `
SELECT row_number() OVER (ORDER BY unit)::INTEGER AS unit_idx, unit
FROM (SELECT unit FROM r_shifts UNION SELECT unit FROM r_incidents UNION SELECT unit FROM r_people
      UNION SELECT unit FROM r_requirements) u
WHERE unit IS NOT NULL`,
});

/**
 * Each unit's shift pattern as minutes from midnight: its own from the settings, else the default.
 * A unit's own pattern is checked (it must tile the 24 hours) wherever it is set.
 */
export const SHIFT_PATTERN = defineTable({
  name: 'shift_pattern',
  reads: ['units'],
  doc: 'Per unit: its shift pattern from the settings (its own or the default), as minutes from midnight.',
  sql: ({ settings }) => {
    const rows = (unit: string | null, pattern: ShiftDefinition[]) =>
      patternRows(pattern).map((r) => sql`(${unit}::VARCHAR, ${r.index}::INTEGER, ${r.name}::VARCHAR, ${r.startMinute}::INTEGER, ${r.minutes}::INTEGER)`);
    const own = Object.entries(settings.unitShiftPatterns).flatMap(([unit, pattern]) => rows(unit, pattern));
    const none = raw('(NULL::VARCHAR, NULL::INTEGER, NULL::VARCHAR, NULL::INTEGER, NULL::INTEGER)');
    return sql`
WITH own AS (SELECT * FROM (VALUES ${join([none, ...own], ', ')}) AS t(unit, shift_index, shift_name, start_minute, minutes) WHERE unit IS NOT NULL),
fallback(unit, shift_index, shift_name, start_minute, minutes) AS (VALUES ${join(rows(null, settings.shiftPattern), ', ')})
SELECT unit, shift_index, shift_name, start_minute, minutes FROM (
  SELECT u.unit_idx, u.unit, o.shift_index, o.shift_name, o.start_minute, o.minutes FROM units u JOIN own o ON o.unit = u.unit
  UNION ALL
  SELECT u.unit_idx, u.unit, f.shift_index, f.shift_name, f.start_minute, f.minutes
  FROM units u CROSS JOIN fallback f WHERE u.unit NOT IN (SELECT unit FROM own))
ORDER BY unit_idx, shift_index`;
  },
});

/** Rota coverage: a unit's periods run from the first to the last date its rota has a shift starting on. */
export const ROTA_COVERAGE = defineTable({
  name: 'rota_coverage',
  reads: ['r_shifts'],
  doc: 'Per unit: the first and last date its rota has a shift starting on.',
  sql: `
SELECT unit, min("start"::DATE) AS first_date, max("start"::DATE) AS last_date FROM r_shifts GROUP BY unit`,
});

/** Shift periods: each unit's day cut by its pattern; a period belongs to the date it starts on. */
export const PERIODS = defineTable({
  name: 'periods',
  reads: ['rota_coverage', 'units', 'shift_pattern'],
  doc: 'Shift periods: each unit day cut by its shift pattern.',
  sql: `
WITH days AS (
  SELECT unit, unnest(generate_series(first_date, last_date, INTERVAL 1 DAY))::DATE AS date FROM rota_coverage)
SELECT (row_number() OVER (ORDER BY u.unit_idx, d.date, p.shift_index))::INTEGER AS period_id,
       u.unit_idx, d.unit, d.date, p.shift_index, p.shift_name,
       d.date + to_minutes(p.start_minute) AS "start",
       d.date + to_minutes(p.start_minute + p.minutes) AS "end",
       p.minutes / 60.0 AS hours,
       isodow(d.date)::INTEGER AS weekday
FROM days d JOIN units u USING (unit) JOIN shift_pattern p ON p.unit = d.unit`,
});

/**
 * Rota lines with what the staffing measures need, keyed by small integers. Familiarity: a
 * worked line is by an unfamiliar staff member when they have fewer than N worked lines on the
 * unit that started in the window before it, i.e. when their N-th previous worked line there
 * started before start − window (or does not exist). One lag() over a sort instead of a
 * RANGE count; only worked lines with a staff id go through the sort, with integer unit keys and
 * no text but the staff id (the other lines need no familiarity: at W-L the sort of every rota
 * line with all its columns was over a gigabyte of wasm memory, issue 18). A worked line with no
 * staff id cannot be shown to be familiar: unfamiliar. (Two lines for the same person starting at
 * the same moment count as two shifts.)
 */
export const shiftLines = (minShifts: number, windowDays: number) => `
rota_lines AS NOT MATERIALIZED (
  SELECT u.unit_idx, s.staff_id, s.person_id, s."start", s."end", s.status, s.contract = 'agency' AS agency
  FROM r_shifts s JOIN units u USING (unit)),
shift_lines AS (
  SELECT *, coalesce(lag("start", ${minShifts}) OVER (PARTITION BY staff_id, unit_idx ORDER BY "start")
                     < "start" - INTERVAL (${windowDays}) DAY, true) AS unfamiliar
  FROM rota_lines WHERE status = 'worked' AND staff_id IS NOT NULL
  UNION ALL
  SELECT *, status = 'worked' AS unfamiliar FROM rota_lines WHERE status <> 'worked' OR staff_id IS NULL)`;

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
export const PERIOD_STAFFING = defineTable({
  name: 'period_staffing',
  reads: ['r_shifts', 'units', 'shift_pattern', 'periods', 'r_requirements'],
  doc: 'Staffing per period: present, required, shortfall, agency and unfamiliar shares.',
  // Settings are validated integers (Zod), so they may stand in the window's frame.
  sql: ({ settings }) => periodStaffing(settings.familiarity.minShifts, settings.familiarity.windowDays),
});
function periodStaffing(minShifts: number, windowDays: number): string {
  return `
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
}

const bandCase = (x: string, { lowUpper, midUpper }: Settings['shareBandEdges']) => sql`
  CASE WHEN ${raw(x)} IS NULL THEN NULL WHEN ${raw(x)} = 0 THEN 'none'
       WHEN ${raw(x)} <= ${lowUpper} THEN 'upTo25' WHEN ${raw(x)} <= ${midUpper} THEN 'from25To50' ELSE 'over50' END`;

/** Bands, exact at their edges: shortfall none < one ≤ … < twoPlus; shares 0, (0, ¼], (¼, ½], > ½. */
export const PERIOD_BANDS = defineTable({
  name: 'period_bands',
  reads: ['period_staffing'],
  doc: 'Per period: its shortfall, agency and unfamiliar bands (edges from the settings).',
  sql: ({ settings: { shortfallBandEdges: edges, shareBandEdges: shares } }) => sql`
SELECT period_id,
  CASE WHEN shortfall IS NULL THEN NULL WHEN shortfall < ${edges.one} THEN 'none'
       WHEN shortfall < ${edges.twoPlus} THEN 'one' ELSE 'twoPlus' END AS shortfall_band,
  ${bandCase('agency_share', shares)} AS agency_band,
  ${bandCase('unfamiliar_share', shares)} AS unfamiliar_band
FROM period_staffing`,
});

/** A person's pseudonym in SQL: "Person " and six hex digits of md5(key || id); `personId` is a column. */
export function pseudonym(key: string, personId: string): Sql {
  return sql`'Person ' || upper(substr(md5(${key} || ${raw(personId)}), 1, 6))`;
}

/**
 * People and their spans of exposure. People only named in incidents are added (unit = the
 * unit most of their incidents happened on) and counted. Without an admission date the
 * person's first record stands in; without a discharge date, the last date the rota covers.
 */
export const PERSON_SPANS = defineTable({
  name: 'person_spans',
  reads: ['r_people', 'r_incidents', 'r_plan_delivery', 'r_events', 'r_shifts', 'units', 'rota_coverage'],
  doc: 'People (those only named in incidents added) with their span of exposure and pseudonym label.',
  sql: ({ pseudonymKey }) => sql`
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
  SELECT e.*, ${pseudonym(pseudonymKey, 'e.person_id')} AS base_label FROM everyone e)
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
LEFT JOIN rota_coverage c USING (unit)`,
});

/**
 * Each incident's period: the period of its unit whose [start, end) holds occurred_at (equi-join
 * on unit and the two candidate period dates), and whether it lies in its person's exposure.
 */
export const INCIDENT_PERIODS = defineTable({
  name: 'incident_periods',
  reads: ['r_incidents', 'periods', 'restrictive_interventions', 'person_spans'],
  doc: 'Each incident with its period and person, and why it falls outside exposure (if it does).',
  sql: `
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
LEFT JOIN interventions r USING (incident_id)`,
});

/**
 * Person-periods, the exposure: every period of a person's unit whose date lies between their
 * admission and discharge, both included, with its bands and the incidents assigned to it.
 */
export const PERSON_PERIODS = defineTable({
  name: 'person_periods',
  reads: ['incident_periods', 'person_spans', 'periods', 'period_bands'],
  doc: 'The exposure: every period of a person in their unit during their admission, with bands and incidents.',
  sql: `
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
LEFT JOIN counts c ON c.person_idx = ps.person_idx AND c.period_id = p.period_id`,
});

/**
 * Staffing cells: person-periods, incidents and incidents ending in a restrictive intervention
 * per person × unit × the three bands × shift × weekday. The staffing analysis reads these
 * (≤ a few hundred thousand rows at any size) instead of person_periods when no date range is
 * chosen; with dates it reads staffing_periods (model/staffingPeriods.ts).
 */
export const STAFFING_CELLS = defineTable({
  name: 'staffing_cells',
  reads: ['person_periods'],
  doc: 'Person-periods, incidents and restrictive incidents per person, unit, bands, shift and weekday.',
  sql: `
SELECT person_idx, unit_idx, shortfall_band, agency_band, unfamiliar_band, shift_index, weekday,
       count(*)::INTEGER AS person_periods, sum(incidents)::INTEGER AS incidents,
       sum(incidents_with_ri)::INTEGER AS incidents_with_ri
FROM person_periods pp GROUP BY ALL`,
});

/**
 * Periods in which nobody worked: rota lines, every one unfilled, sick, cancelled or planned. Kept in
 * the analyses (above); listed on Data quality as possible gaps in the rota, and the staffing
 * model's rate ratios are also given without them.
 */
export const NOBODY_WORKED_PERIODS = defineTable({
  name: 'nobody_worked_periods',
  reads: ['period_staffing', 'periods'],
  doc: 'Periods with rota lines in which nobody worked (possible gaps in the rota).',
  sql: `
SELECT p.period_id, p.unit_idx, p.unit, p.date, p.shift_index, p.shift_name, s.required
FROM period_staffing s JOIN periods p USING (period_id)
WHERE s.nobody_worked ORDER BY p.unit_idx, p.date, p.shift_index`,
});

/** Periods with at least one person in exposure (for "N periods" under unit and date filters). */
export const EXPOSED_PERIODS = defineTable({
  name: 'exposed_periods',
  reads: ['person_periods'],
  doc: 'Periods with at least one person in exposure.',
  sql: 'SELECT DISTINCT period_id, unit_idx, date FROM person_periods',
});

/** The counts the import page shows after a build (the exposure tables must be fresh). */
export async function exposureSummary(db: Connector): Promise<ExposureSummary> {
  const [s] = await runQuery<Omit<ExposureSummary, 'outsideReasons'>>(db, named('exposure.summary', sql`
    SELECT (SELECT count(*) FROM units)::INTEGER AS units,
           (SELECT count(*) FROM person_spans)::INTEGER AS people,
           (SELECT count(*) FROM person_spans WHERE inferred)::INTEGER AS "peopleInferred",
           (SELECT count(*) FROM periods)::INTEGER AS periods,
           (SELECT count(*) FROM period_staffing WHERE NOT covered)::INTEGER AS "periodsWithoutRota",
           (SELECT count(*) FROM period_staffing WHERE covered AND required IS NULL)::INTEGER AS "periodsWithoutRequirement",
           (SELECT count(*) FROM person_periods)::INTEGER AS "personPeriods",
           (SELECT count(*) FROM incident_periods)::INTEGER AS incidents,
           (SELECT count(*) FROM incident_periods WHERE outside_reason IS NOT NULL)::INTEGER AS "incidentsOutsideExposure"`));
  const outsideReasons = await runQuery<{ reason: string; count: number }>(db, named('exposure.outsideReasons', sql`
     SELECT outside_reason AS reason, count(*)::INTEGER AS count FROM incident_periods
     WHERE outside_reason IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`));
  return { ...s!, outsideReasons };
}

/** The exposure tables, each after those it reads. */
export const EXPOSURE_TABLES = [UNITS, SHIFT_PATTERN, ROTA_COVERAGE, PERIODS, PERIOD_STAFFING, PERIOD_BANDS, PERSON_SPANS, INCIDENT_PERIODS, PERSON_PERIODS, STAFFING_CELLS, EXPOSED_PERIODS, NOBODY_WORKED_PERIODS];
