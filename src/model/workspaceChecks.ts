/**
 * The data-quality checks that no filter changes, as one row built with the exposure (every
 * import rebuilds it): per unit name (reconciled) the rows of each file that carries a unit, and
 * whether each such file holds rows at all; how many restrictive-intervention rows match no
 * incident, and the first few (orphan_interventions); and the import ledger. Each part is a set
 * of column lists (model/rowLists.ts). Reads orphan_interventions.
 */
import { firstRows, listColumns, RANKED, type Fields } from './rowLists';
import { defineTable } from './table';

/** Files that name units: the key in the unit lists, the label, the canonical table. */
export const UNIT_FILES = [
  ['shifts', 'rota', 'shifts'],
  ['incidents', 'incidents', 'incidents'],
  ['people', 'people', 'people'],
  ['requirements', 'staffing requirements', 'staffing_requirements'],
] as const;

export const UNIT_FIELDS = [
  ['unit', 'unit'], ['shifts', 'shifts', 'number'], ['incidents', 'incidents', 'number'], ['people', 'people', 'number'],
  ['requirements', 'requirements', 'number'], ['events', 'events', 'number'],
] as const satisfies Fields;
export const ORPHAN_FIELDS = [['incidentId', 'incident_id'], ['type', 'type'], ['startedAt', "strftime(started_at, '%Y-%m-%d %H:%M')"]] as const satisfies Fields;
export const IMPORT_FIELDS = [
  ['importId', 'import_id', 'number'], ['file', 'file_name'], ['kind', 'kind'], ['read', 'read', 'number'], ['accepted', 'accepted', 'number'],
  ['rejected', 'rejected', 'number'], ['duplicates', 'duplicates', 'number'], ['error', 'error'],
] as const satisfies Fields;
export const ORPHAN_EXAMPLES = 50;

export const WORKSPACE_CHECKS = defineTable({
  name: 'workspace_checks',
  reads: ['r_shifts', 'r_incidents', 'r_people', 'r_requirements', 'r_events', 'shifts', 'incidents', 'people', 'staffing_requirements', 'orphan_interventions', 'imports'],
  doc: 'Workspace-wide checks: units per file, orphan interventions, the import ledger.',
  sql: `
WITH units AS (
  SELECT unit, sum(shifts) AS shifts, sum(incidents) AS incidents, sum(people) AS people, sum(requirements) AS requirements,
         sum(events) AS events
  FROM (
    SELECT unit, count(*) AS shifts, 0 AS incidents, 0 AS people, 0 AS requirements, 0 AS events FROM r_shifts GROUP BY unit
    UNION ALL SELECT unit, 0, count(*), 0, 0, 0 FROM r_incidents GROUP BY unit
    UNION ALL SELECT unit, 0, 0, count(*), 0, 0 FROM r_people GROUP BY unit
    UNION ALL SELECT unit, 0, 0, 0, count(*), 0 FROM r_requirements GROUP BY unit
    UNION ALL SELECT unit, 0, 0, 0, 0, count(*) FROM r_events WHERE unit IS NOT NULL GROUP BY unit)
  WHERE unit IS NOT NULL GROUP BY unit)
SELECT * FROM
  (SELECT ${listColumns('u', UNIT_FIELDS)},
          ${UNIT_FILES.map(([key, , table]) => `(SELECT count(*) FROM ${table}) > 0 AS loaded_${key}`).join(', ')} FROM units) u
  POSITIONAL JOIN (SELECT ${listColumns('x', [...ORPHAN_FIELDS, ...RANKED])} FROM ${firstRows('orphan_interventions', 'incident_id, started_at, type', ORPHAN_EXAMPLES)}) x
  POSITIONAL JOIN (SELECT ${listColumns('i', IMPORT_FIELDS)} FROM imports) i`,
});
