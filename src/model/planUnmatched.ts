/** Plan-delivery rows naming a person who is in neither the people nor the incidents file (left out of every count). */
import { defineTable } from './table';
export const PLAN_UNMATCHED = defineTable({
  name: 'plan_unmatched',
  reads: ['r_plan_delivery', 'person_spans'],
  doc: 'Plan delivery rows whose person is not in exposure.',
  sql: `
SELECT count(*)::INTEGER AS n FROM r_plan_delivery p
WHERE NOT EXISTS (SELECT 1 FROM person_spans ps WHERE ps.person_id = p.person_id)`,
});
