/**
 * staff_period_hours: worked staff-hours per unit period with anyone in exposure, split by
 * condition, straight from period_staffing (model/exposure.ts; the same hours as the agency and
 * unfamiliar shares): agency and other, unfamiliar and familiar. The denominators of who was there.
 */
import { defineTable } from './table';
export const STAFF_PERIOD_HOURS = defineTable({
  name: 'staff_period_hours',
  reads: ['exposed_periods', 'period_staffing'],
  doc: 'Worked staff-hours per unit period in exposure: agency and other, unfamiliar and familiar.',
  sql: `
SELECT e.period_id, e.unit_idx, e.date,
       s.staff_hours::DOUBLE AS staff_hours,
       s.agency_hours::DOUBLE AS agency_hours, (s.staff_hours - s.agency_hours)::DOUBLE AS other_hours,
       s.unfamiliar_hours::DOUBLE AS unfamiliar_hours, (s.staff_hours - s.unfamiliar_hours)::DOUBLE AS familiar_hours
FROM exposed_periods e JOIN period_staffing s USING (period_id)
ORDER BY e.date, e.unit_idx`,
});
