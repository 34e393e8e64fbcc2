/**
 * Periods with anyone in exposure: unit, date, shift and weekday, how many people were in
 * exposure, and the period's shortfall and agency share (NULL where unknown). The "when" grids
 * spread these over clock hours for views without a person. Sorted by date.
 */
import { defineTable } from './table';
export const PERIOD_PEOPLE = defineTable({
  name: 'period_people',
  reads: ['person_periods', 'period_staffing'],
  doc: 'Periods with anyone in exposure: how many people, the shortfall and agency share.',
  sql: `
WITH people AS (
  SELECT period_id, unit_idx, date, shift_index, weekday, count(*)::INTEGER AS people
  FROM person_periods GROUP BY period_id, unit_idx, date, shift_index, weekday)
SELECT p.unit_idx, p.date, p.shift_index, p.weekday, p.people, s.shortfall, s.agency_share
FROM people p JOIN period_staffing s USING (period_id)
ORDER BY p.date, p.unit_idx`,
});
