/**
 * Stretches without any record, per person: within their span (admission to discharge) clipped
 * to the dates their unit's rota covers (before the exports begin nothing could have been
 * recorded), every maximal run of one or more days with no incident, plan-delivery row or rota
 * line allocated to them. A date filter clips a run to its range (the runs of a clipped span are
 * exactly these runs clipped), and the page keeps those of at least N days.
 */
import { defineTable } from './table';
export const RECORDING_GAPS = defineTable({
  name: 'recording_gaps',
  reads: ['person_spans', 'rota_coverage', 'r_incidents', 'r_plan_delivery', 'r_shifts'],
  doc: 'Stretches of days with no records for a person in exposure.',
  sql: `
WITH spans AS (
  SELECT * FROM (
    SELECT ps.person_idx, ps.person_id, ps.label, ps.unit,
           greatest(ps.from_date, c.first_date) AS from_date, least(ps.to_date, c.last_date) AS to_date
    FROM person_spans ps JOIN rota_coverage c USING (unit)
    WHERE ps.from_date IS NOT NULL AND ps.to_date IS NOT NULL)
  WHERE from_date <= to_date),
records AS (
  SELECT person_id, d FROM (
    SELECT person_id, occurred_at::DATE AS d FROM r_incidents
    UNION ALL SELECT person_id, date FROM r_plan_delivery
    UNION ALL SELECT person_id, "start"::DATE FROM r_shifts WHERE person_id IS NOT NULL)
  GROUP BY ALL),
-- Record days inside the span, and sentinels the day before and after it.
marks AS (
  SELECT s.person_idx, r.d FROM spans s JOIN records r ON r.person_id = s.person_id AND r.d BETWEEN s.from_date AND s.to_date
  UNION ALL SELECT person_idx, from_date - 1 FROM spans
  UNION ALL SELECT person_idx, to_date + 1 FROM spans),
runs AS (SELECT person_idx, d, lead(d) OVER (PARTITION BY person_idx ORDER BY d) AS next_d FROM marks)
SELECT s.person_idx, s.person_id, s.label, s.unit, r.d + 1 AS gap_from, r.next_d - 1 AS gap_to
FROM runs r JOIN spans s USING (person_idx)
WHERE r.next_d - r.d > 1
ORDER BY s.person_idx, gap_from`,
});
