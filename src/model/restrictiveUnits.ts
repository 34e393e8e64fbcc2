/**
 * restrictive_periods summed per unit over all dates, for the restrictive-practice page without
 * a date range or a person: rows with a week hold that ISO week's person-periods and PRN within
 * one calendar month (a week across two months is two rows, so they sum to weeks or to months:
 * analysis/grain.ts), with their first and last date; rows without one (week NULL) hold, per
 * combination of the three bands, bed days, person-periods, incidents, incidents ending in an
 * intervention and interventions. Reads restrictive_periods.
 */
import { defineTable } from './table';
export const RESTRICTIVE_UNITS = defineTable({
  name: 'restrictive_units',
  reads: ['restrictive_periods'],
  doc: 'restrictive_periods summed per unit and date.',
  sql: `
SELECT unit_idx, week, month, min(date) AS first_date, max(date) AS last_date, sb, ab, ub,
       sum(day_people)::INTEGER AS bed_days, sum(people)::INTEGER AS person_periods,
       sum(incidents)::INTEGER AS incidents, sum(incidents_with_ri)::INTEGER AS incidents_with_ri,
       sum(interventions)::INTEGER AS interventions, sum(prn)::INTEGER AS prn
FROM (SELECT *, date_trunc('month', date)::DATE AS month FROM restrictive_periods)
GROUP BY GROUPING SETS ((unit_idx, sb, ab, ub), (unit_idx, week, month))`,
});
