/**
 * Person-days: one row per person and date with exposure (person-periods) or plan-delivery rows,
 * holding what the pages sum per person and day, so a filter change sums days instead of
 * joining person-periods to plan rows. Unit is the person's (their person-periods and plan rows
 * share it).
 *   periods, incidents      person-periods that day (0: plan rows only) and their incidents;
 *   planned, delivered, not_delivered, not_delivered_staffing   plan rows of the person that
 *                           date (staffing: not delivered for a reason that mentions "staff").
 * Sorted by unit, person and date, so a unit's or a person's days (Plan delivery, Person's story)
 * read only their blocks of the ~900,000 rows at W-L.
 */
import { defineTable } from './table';
export const PERSON_DAYS = defineTable({
  name: 'person_days',
  reads: ['person_periods', 'r_plan_delivery', 'person_spans'],
  doc: 'Per person and date: periods in exposure, incidents, plan delivery.',
  sql: `
WITH exposure AS (
  SELECT person_idx, unit_idx, date, count(*)::INTEGER AS periods, sum(incidents)::INTEGER AS incidents
  FROM person_periods GROUP BY person_idx, unit_idx, date),
plan AS (
  SELECT ps.person_idx, ps.unit_idx, p.date, p.planned, p.delivered, p.not_delivered, p.not_delivered_staffing
  FROM (SELECT person_id, date, count(*)::INTEGER AS planned,
               count(*) FILTER (WHERE delivered)::INTEGER AS delivered,
               count(*) FILTER (WHERE NOT delivered)::INTEGER AS not_delivered,
               count(*) FILTER (WHERE NOT delivered AND coalesce(lower(reason_not_delivered) LIKE '%staff%', false))::INTEGER AS not_delivered_staffing
        FROM r_plan_delivery GROUP BY person_id, date) p
  JOIN person_spans ps USING (person_id))
SELECT coalesce(e.person_idx, pl.person_idx) AS person_idx, coalesce(e.unit_idx, pl.unit_idx) AS unit_idx,
       coalesce(e.date, pl.date) AS date, date_trunc('week', coalesce(e.date, pl.date))::DATE AS week,
       coalesce(e.periods, 0) AS periods, coalesce(e.incidents, 0) AS incidents,
       coalesce(pl.planned, 0) AS planned, coalesce(pl.delivered, 0) AS delivered,
       coalesce(pl.not_delivered, 0) AS not_delivered, coalesce(pl.not_delivered_staffing, 0) AS not_delivered_staffing
FROM exposure e FULL JOIN plan pl ON pl.person_idx = e.person_idx AND pl.date = e.date
ORDER BY unit_idx, person_idx, date`,
});
