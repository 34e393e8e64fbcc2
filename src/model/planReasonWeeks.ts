/**
 * plan_reasons summed per unit, ISO week and reason, for views without a person: a date range
 * takes its whole weeks from here and its part weeks from plan_reasons. Reads plan_reasons.
 */
import { defineTable } from './table';
export const PLAN_REASON_WEEKS = defineTable({
  name: 'plan_reason_weeks',
  reads: ['plan_reasons'],
  doc: 'plan_reasons summed per ISO week.',
  sql: `
SELECT unit_idx, week, reason_key, min(reason) AS reason, bool_or(staffing) AS staffing, sum(n)::INTEGER AS n
FROM plan_reasons GROUP BY unit_idx, week, reason_key`,
});
