/**
 * Reasons plan strategies were not delivered, per person, date (and its ISO week) and reason as the page groups
 * them (case and runs of spaces ignored; blank = no reason): how many, one spelling (the least),
 * and whether any mentions "staff". The few distinct spellings are normalised once, not per row.
 * Plan rows of people not in person_spans are left out, as on the page.
 */
import { defineTable } from './table';
export const PLAN_REASONS = defineTable({
  name: 'plan_reasons',
  reads: ['r_plan_delivery', 'person_spans'],
  doc: 'Undelivered plan sessions per person, date and reason.',
  sql: `
WITH counted AS (
  SELECT person_id, date, reason_not_delivered AS raw, count(*)::INTEGER AS n
  FROM r_plan_delivery WHERE NOT delivered GROUP BY ALL),
spellings AS (
  SELECT raw, nullif(trim(raw), '') AS reason,
         lower(regexp_replace(nullif(trim(raw), ''), '\\s+', ' ', 'g')) AS reason_key,
         coalesce(lower(raw) LIKE '%staff%', false) AS staffing
  FROM (SELECT DISTINCT raw FROM counted))
SELECT ps.person_idx, ps.unit_idx, c.date, date_trunc('week', c.date)::DATE AS week, s.reason_key, min(s.reason) AS reason, bool_or(s.staffing) AS staffing,
       sum(c.n)::INTEGER AS n
FROM counted c JOIN spellings s ON s.raw IS NOT DISTINCT FROM c.raw
JOIN person_spans ps USING (person_id)
GROUP BY ps.person_idx, ps.unit_idx, c.date, s.reason_key`,
});
