/**
 * Restrictive-intervention rows whose incident_id matches no incident (incident_periods holds
 * every incident once). Workspace-wide; usually none.
 */
import { defineTable } from './table';
export const ORPHAN_INTERVENTIONS = defineTable({
  name: 'orphan_interventions',
  reads: ['restrictive_interventions', 'incident_periods'],
  doc: 'Restrictive intervention rows whose incident is not in the incidents file.',
  sql: `
SELECT r.incident_id, r.type, r.started_at FROM restrictive_interventions r
WHERE NOT EXISTS (SELECT 1 FROM incident_periods i WHERE i.incident_id = r.incident_id)`,
});
