/**
 * Unit-days: what the pages sum per unit and date for views without a person (a unit, or
 * everyone), so a filter change reads tens of thousands of rows, not millions.
 *   periods, exposure_person_days, incidents, planned … not_delivered_staffing   person_days summed
 *                           (exposure_person_days and plan_person_days: people with exposure, with plan rows);
 *   incidents_with_ri, restrictive   incidents in exposure that ended in a restrictive intervention,
 *                           and the intervention rows on them (exposure_incidents);
 *   last_incident_on, last_ri_on   the latest date an incident (one with a restrictive intervention) happened;
 *   period_shortfall_n, period_shortfall_sum   count and sum of the shortfall over the distinct
 *                           periods with anyone in exposure (a period counts once however many it holds);
 *   day_staffing            'short' when any period of the unit that date is short (band one or
 *                           twoPlus), 'full' when every one is band none, else NULL (unknown).
 * Reads person_days and exposure_incidents. Sorted by date, so a date range reads only its blocks.
 */
import { defineTable } from './table';
export const UNIT_DAYS = defineTable({
  name: 'unit_days',
  reads: ['person_days', 'exposure_incidents', 'exposed_periods', 'period_staffing', 'periods', 'period_bands'],
  doc: 'Per unit and date: person_days summed, restrictive incidents, shortfall and staffing of the day.',
  sql: `
WITH days AS (
  SELECT unit_idx, date, any_value(week) AS week,
         sum(periods)::INTEGER AS periods, count(*) FILTER (WHERE periods > 0)::INTEGER AS exposure_person_days,
         sum(incidents)::INTEGER AS incidents,
         sum(planned)::INTEGER AS planned, sum(delivered)::INTEGER AS delivered, sum(not_delivered)::INTEGER AS not_delivered,
         sum(not_delivered_staffing)::INTEGER AS not_delivered_staffing,
         count(*) FILTER (WHERE planned > 0)::INTEGER AS plan_person_days
  FROM person_days GROUP BY unit_idx, date),
restrictive AS (
  SELECT unit_idx, date, count(*) FILTER (WHERE with_ri)::INTEGER AS incidents_with_ri, sum(restrictive)::INTEGER AS restrictive,
         max(occurred_on) AS last_incident_on, max(occurred_on) FILTER (WHERE with_ri) AS last_ri_on
  FROM exposure_incidents GROUP BY unit_idx, date),
staffing AS (
  SELECT ep.unit_idx, ep.date, count(s.shortfall)::INTEGER AS period_shortfall_n,
         coalesce(sum(s.shortfall), 0)::DOUBLE AS period_shortfall_sum
  FROM exposed_periods ep JOIN period_staffing s USING (period_id) GROUP BY ep.unit_idx, ep.date),
classes AS (
  SELECT p.unit_idx, p.date,
         CASE WHEN count(*) FILTER (WHERE b.shortfall_band IN ('one', 'twoPlus')) > 0 THEN 'short'
              WHEN count(*) FILTER (WHERE b.shortfall_band IS NULL) = 0 THEN 'full' END AS day_staffing
  FROM periods p JOIN period_bands b USING (period_id) GROUP BY p.unit_idx, p.date)
SELECT d.*, coalesce(r.incidents_with_ri, 0)::INTEGER AS incidents_with_ri, coalesce(r.restrictive, 0)::INTEGER AS restrictive,
       r.last_incident_on, r.last_ri_on,
       coalesce(s.period_shortfall_n, 0)::INTEGER AS period_shortfall_n, coalesce(s.period_shortfall_sum, 0)::DOUBLE AS period_shortfall_sum,
       c.day_staffing
FROM days d
LEFT JOIN restrictive r ON r.unit_idx = d.unit_idx AND r.date = d.date
LEFT JOIN staffing s ON s.unit_idx = d.unit_idx AND s.date = d.date
LEFT JOIN classes c ON c.unit_idx = d.unit_idx AND c.date = d.date
ORDER BY d.date, d.unit_idx`,
});
