/**
 * intervention_periods summed per unit over all dates, for the restrictive-practice page without
 * a date range or a person (a unit's thousands of interventions become a few thousand cells):
 *   intervention_unit_cells    per unit and cell (type, group, bands, minutes): interventions;
 *   intervention_unit_people   per unit, person and type: incidents with an intervention of the
 *                              type, of its group and at all (the first_of_… flags summed).
 * Read intervention_periods.
 */
import { defineTable } from './table';
export const INTERVENTION_UNIT_CELLS = defineTable({
  name: 'intervention_unit_cells',
  reads: ['intervention_periods'],
  doc: 'intervention_periods counted per unit and cell (type, bands).',
  sql: `
SELECT unit_idx, cell, min(minutes) AS minutes, count(*)::INTEGER AS n
FROM intervention_periods GROUP BY unit_idx, cell`,
});

export const INTERVENTION_UNIT_PEOPLE = defineTable({
  name: 'intervention_unit_people',
  reads: ['intervention_periods'],
  doc: 'People with restrictive interventions per unit and cell.',
  sql: `
SELECT unit_idx, person_idx, type_idx, count(*) FILTER (WHERE first_of_type)::INTEGER AS ft,
       count(*) FILTER (WHERE first_of_group)::INTEGER AS fg, count(*) FILTER (WHERE first_of_incident)::INTEGER AS fi
FROM intervention_periods GROUP BY unit_idx, person_idx, type_idx`,
});
