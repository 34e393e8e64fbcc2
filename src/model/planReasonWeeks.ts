/**
 * plan_reasons summed per unit, ISO week and reason, for views without a person: a date range
 * takes its whole weeks from here and its part weeks from plan_reasons. Reads plan_reasons.
 */
export const PLAN_REASON_WEEKS = `
CREATE OR REPLACE TABLE plan_reason_weeks AS
SELECT unit_idx, week, reason_key, min(reason) AS reason, bool_or(staffing) AS staffing, sum(n)::INTEGER AS n
FROM plan_reasons GROUP BY unit_idx, week, reason_key`;
