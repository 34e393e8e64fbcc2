/**
 * Restrictive-intervention rows whose incident_id matches no incident (incident_periods holds
 * every incident once). Workspace-wide; usually none.
 */
export const ORPHAN_INTERVENTIONS = `
CREATE OR REPLACE TABLE orphan_interventions AS
SELECT r.incident_id, r.type, r.started_at FROM restrictive_interventions r
WHERE NOT EXISTS (SELECT 1 FROM incident_periods i WHERE i.incident_id = r.incident_id)`;
