/**
 * allocation_lines: for people with a commissioned ratio, each worked rota line allocated to them
 * (shifts.person_id) on a date of their exposure, with whether the allocated staff member was
 * agency and unfamiliar on that line (the exposure's familiarity rule, model/exposure.ts), its
 * hours, and the person's incidents (in the exposure) that happened during it. With 2:1, an
 * incident during two allocated lines counts on each: rates are per allocated staff-hour.
 */
import { shiftLines } from './exposure';
import { defineTable } from './table';

export const ALLOCATION_LINES = defineTable({
  name: 'allocation_lines',
  reads: ['r_shifts', 'units', 'person_spans', 'incident_periods', 'r_incidents'],
  doc: "Worked rota lines allocated to people with a commissioned ratio: agency, unfamiliar, hours and the person's incidents during each.",
  sql: ({ settings }) => `
WITH ${shiftLines(settings.familiarity.minShifts, settings.familiarity.windowDays)},
allocated AS (
  SELECT row_number() OVER () AS line_no, ps.person_idx, ps.unit_idx AS person_unit_idx, l.*
  FROM shift_lines l JOIN person_spans ps ON ps.person_id = l.person_id
  WHERE l.status = 'worked' AND l."end" > l."start" AND ps.commissioned_ratio IS NOT NULL
    AND l."start"::DATE BETWEEN ps.from_date AND ps.to_date),
incidents AS (
  SELECT ip.person_idx, i.occurred_at FROM incident_periods ip JOIN r_incidents i USING (incident_id)
  WHERE ip.outside_reason IS NULL AND ip.person_idx IN (SELECT person_idx FROM allocated)),
during AS (
  SELECT a.line_no, count(*)::INTEGER AS incidents FROM allocated a JOIN incidents i
    ON i.person_idx = a.person_idx AND i.occurred_at >= a."start" AND i.occurred_at < a."end"
  GROUP BY a.line_no)
SELECT a.person_idx, a.person_unit_idx AS unit_idx, a."start"::DATE AS date, a.agency, a.unfamiliar,
       epoch(a."end" - a."start") / 3600.0 AS hours, coalesce(d.incidents, 0) AS incidents
FROM allocated a LEFT JOIN during d USING (line_no)
ORDER BY date, person_idx`,
});
