import { SHARE_BANDS, SHORTFALL_BANDS } from './settings';
import { bandCode } from './staffingPeriods';
import { defineTable } from './table';

/**
 * The staffing model's cells for the whole period: person-periods and incidents per person ×
 * shortfall band × agency band × shift × weekday (codes as in staffing_periods), periods
 * without a shortfall or agency band left out. A person belongs to one unit, so unit filters
 * select whole people.
 */
export const MODEL_CELLS = defineTable({
  name: 'model_cells',
  reads: ['staffing_cells'],
  doc: 'Staffing model cells: incidents and person-periods per person, bands, shift and weekday.',
  sql: `
SELECT person_idx, unit_idx, ${bandCode('shortfall_band', SHORTFALL_BANDS)} AS sf, ${bandCode('agency_band', SHARE_BANDS)} AS ag,
       shift_index, weekday, sum(incidents)::INTEGER AS y, sum(person_periods)::INTEGER AS n
FROM staffing_cells WHERE shortfall_band IS NOT NULL AND agency_band IS NOT NULL
GROUP BY ALL ORDER BY unit_idx, person_idx`,
});
