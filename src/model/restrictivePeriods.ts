import { bandIndex, INTERVENTION_GROUP_ORDER } from './interventionPeriods';
import { SHARE_BANDS, SHORTFALL_BANDS } from './settings';
import { defineTable } from './table';

/**
 * Periods with anyone in exposure, for the restrictive-practice page without a person: unit,
 * date, ISO week, the three staffing bands (codes as in intervention_periods), and summed over
 * the people in exposure then:
 *   people                 person-periods (one per person in exposure);
 *   day_people             the same on the day's first period and 0 on the others: a person in
 *                          exposure on a date is in every period of it, so its sum counts
 *                          distinct (person, date), the occupied bed days;
 *   incidents, incidents_with_ri   incidents in exposure, and those that ended in an intervention;
 *   interventions, prn     intervention rows on them (intervention_periods), and the PRN ones.
 * Reads intervention_periods (build that first). ~ units × days × shifts rows.
 */
export const RESTRICTIVE_PERIODS = defineTable({
  name: 'restrictive_periods',
  reads: ['person_periods', 'intervention_periods', 'periods', 'period_bands'],
  doc: 'Person-periods with the restrictive interventions in them, by group and staffing bands.',
  sql: `
WITH people AS (
  SELECT period_id, count(*)::INTEGER AS people, sum(incidents)::INTEGER AS incidents,
         sum(incidents_with_ri)::INTEGER AS incidents_with_ri
  FROM person_periods GROUP BY period_id),
interventions AS (
  SELECT period_id, count(*)::INTEGER AS interventions,
         count(*) FILTER (WHERE grp_idx = ${INTERVENTION_GROUP_ORDER.indexOf('prn')})::INTEGER AS prn
  FROM intervention_periods GROUP BY period_id)
SELECT p.unit_idx, p.date, date_trunc('week', p.date)::DATE AS week,
       ${bandIndex('b.shortfall_band', SHORTFALL_BANDS)} AS sb, ${bandIndex('b.agency_band', SHARE_BANDS)} AS ab,
       ${bandIndex('b.unfamiliar_band', SHARE_BANDS)} AS ub,
       pe.people, CASE WHEN p.shift_index = 0 THEN pe.people ELSE 0 END AS day_people,
       pe.incidents, pe.incidents_with_ri,
       coalesce(i.interventions, 0) AS interventions, coalesce(i.prn, 0) AS prn
FROM people pe
JOIN periods p USING (period_id)
JOIN period_bands b USING (period_id)
LEFT JOIN interventions i USING (period_id)
ORDER BY p.date, p.unit_idx`,
});
