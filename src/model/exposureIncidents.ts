import { GROUP_OF_TYPE, INTERVENTION_GROUPS } from './interventionGroups';
import { defineTable } from './table';

/**
 * Incidents in the exposure, one row each: the person, unit and date of their person-period (an
 * incident at 03:00 counts on the day its night period started), the clock weekday, hour and
 * date it happened, severity (1–5, else NULL), whether it ended in a restrictive intervention,
 * and the intervention rows on it (every row, PRN for distress included), in all and by group.
 * Small codes in small types: a million rows at W-L.
 */
export const EXPOSURE_INCIDENTS = defineTable({
  name: 'exposure_incidents',
  reads: ['restrictive_interventions', 'incident_periods', 'periods', 'r_incidents'],
  doc: 'Incidents in exposure with their date, hour, unit, person and restrictive interventions.',
  sql: `
WITH interventions AS (
  SELECT r.incident_id, count(*)::INTEGER AS restrictive,
         ${INTERVENTION_GROUPS.map((g) => `count(*) FILTER (WHERE coalesce(g.grp, 'other') = '${g}')::INTEGER AS r_${g}`).join(',\n         ')}
  FROM restrictive_interventions r LEFT JOIN ${GROUP_OF_TYPE} ON g.code = r.type
  GROUP BY r.incident_id)
SELECT ip.person_idx, p.unit_idx, p.date, i.occurred_at::DATE AS occurred_on,
       isodow(i.occurred_at)::UTINYINT AS weekday, hour(i.occurred_at)::UTINYINT AS hour,
       CASE WHEN i.severity BETWEEN 1 AND 5 THEN i.severity END::UTINYINT AS severity,
       ip.has_restrictive_intervention AS with_ri,
       coalesce(r.restrictive, 0)::INTEGER AS restrictive,
       ${INTERVENTION_GROUPS.map((g) => `coalesce(r.r_${g}, 0)::UINTEGER AS r_${g}`).join(', ')}
FROM incident_periods ip
JOIN periods p USING (period_id)
JOIN r_incidents i USING (incident_id)
LEFT JOIN interventions r USING (incident_id)
WHERE ip.outside_reason IS NULL`,
});
