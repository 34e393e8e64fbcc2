import { SHARE_BANDS, SHORTFALL_BANDS } from './settings';
import { defineTable } from './table';

/** A band name as its index in SHORTFALL_BANDS or SHARE_BANDS (NULL stays NULL): small integers group fast. */
export const bandCode = (column: string, bands: readonly string[]) =>
  `(CASE ${column} ${bands.map((b, i) => `WHEN '${b}' THEN ${i}`).join(' ')} END)::UTINYINT`;

/**
 * Person-periods as the staffing model reads them under a date range without a unit or a person
 * (with one, the person-periods themselves: they come in unit order): bands as codes (sf =
 * shortfall, ag = agency, uf = unfamiliar; indexes into SHORTFALL_BANDS / SHARE_BANDS), shift,
 * weekday and the incidents, in small types (2.5M rows at W-L). Sorted by date, so a date range
 * reads only its blocks. Built when first asked, not when the page opens (analysis/tables.ts).
 */
export const STAFFING_PERIODS = defineTable({
  name: 'staffing_periods',
  reads: ['person_periods'],
  doc: 'Person-periods sorted by date with band codes (the staffing analysis with dates alone).',
  sql: `
SELECT date, unit_idx, person_idx, shift_index::UTINYINT AS shift_index, weekday::UTINYINT AS weekday,
       ${bandCode('shortfall_band', SHORTFALL_BANDS)} AS sf, ${bandCode('agency_band', SHARE_BANDS)} AS ag,
       ${bandCode('unfamiliar_band', SHARE_BANDS)} AS uf, incidents::UINTEGER AS incidents, incidents_with_ri::UINTEGER AS incidents_with_ri
FROM person_periods ORDER BY date, unit_idx`,
});
