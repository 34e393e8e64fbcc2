/**
 * Incidents outside every person-period (outside rota coverage, on another unit than the
 * person's, or outside their admission), with the columns the incident filters read
 * (analysis/filters.ts incidentWhere): usually a handful of rows, so counting them under any
 * filter never touches the million incidents.
 */
export const OUTSIDE_INCIDENTS = `
CREATE OR REPLACE TABLE outside_incidents AS
SELECT i.incident_id, i.person_id, i.unit, i.occurred_at, ip.outside_reason
FROM incident_periods ip JOIN r_incidents i USING (incident_id)
WHERE ip.outside_reason IS NOT NULL`;
