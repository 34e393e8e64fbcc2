import { SHARE_BANDS, SHORTFALL_BANDS } from './settings';
import { bandCode } from './staffingPeriods';
import { defineTable } from './table';

/**
 * The staffing page's band sums without dates: person-periods, incidents and incidents ending in
 * a restrictive intervention per unit × person × shortfall, agency and unfamiliar band (codes as
 * in staffing_periods), from staffing_cells with shift and weekday summed out (a few tens of
 * thousands of rows at W-L instead of its 285,000), ordered by unit and person so a unit or a
 * person reads only its blocks.
 */
export const STAFFING_BANDS = defineTable({
  name: 'staffing_bands',
  reads: ['staffing_cells'],
  doc: 'Person-periods and incidents per unit, person and band codes (the staffing page without dates).',
  sql: `
SELECT unit_idx, person_idx, ${bandCode('shortfall_band', SHORTFALL_BANDS)} AS sf, ${bandCode('agency_band', SHARE_BANDS)} AS ag,
       ${bandCode('unfamiliar_band', SHARE_BANDS)} AS uf, sum(person_periods)::INTEGER AS person_periods,
       sum(incidents)::INTEGER AS incidents, sum(incidents_with_ri)::INTEGER AS incidents_with_ri
FROM staffing_cells GROUP BY ALL ORDER BY unit_idx, person_idx`,
});
