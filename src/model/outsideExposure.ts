/**
 * Incidents outside every person-period (outside rota coverage, on another unit than the
 * person's, or outside their admission), with the columns the incident filters read
 * (model/filters.ts incidentWhere), the reason, and how many restrictive-intervention rows
 * each has. Usually a handful of rows, so counting them under any filter never touches the
 * million incidents.
 */
import { defineTable } from './table';
export const OUTSIDE_EXPOSURE = defineTable({
  name: 'outside_exposure',
  reads: ['incident_periods', 'r_incidents', 'restrictive_interventions'],
  doc: 'Incidents outside every person-period, with why.',
  sql: `
WITH outside AS (
  SELECT i.incident_id, i.person_id, i.unit, i.occurred_at, ip.outside_reason AS reason
  FROM incident_periods ip JOIN r_incidents i USING (incident_id)
  WHERE ip.outside_reason IS NOT NULL),
interventions AS (
  SELECT incident_id, count(*)::INTEGER AS interventions FROM restrictive_interventions
  WHERE incident_id IN (SELECT incident_id FROM outside) GROUP BY incident_id)
SELECT o.*, coalesce(r.interventions, 0) AS interventions
FROM outside o LEFT JOIN interventions r USING (incident_id)
ORDER BY o.occurred_at, o.incident_id`,
});
