/**
 * commissioned_days (model/commissioned.ts) summed per person, ISO week and calendar month: a date
 * range takes its whole weeks from here and only the part weeks at its ends from the days
 * (analysis/filters.ts weekRows). A week across two months is two rows, so the same rows sum to
 * weeks or to calendar months (analysis/grain.ts); first_date and last_date are its first and last
 * day with commissioned hours (the span a view shows). Reads commissioned_days.
 */
import { defineTable } from './table';
export const COMMISSIONED_WEEKS = defineTable({
  name: 'commissioned_weeks',
  reads: ['commissioned_days'],
  doc: 'commissioned_days summed per person, ISO week and calendar month (a week across two months is two rows).',
  sql: `
SELECT person_idx, unit_idx, week, date_trunc('month', date)::DATE AS month, min(date) AS first_date, max(date) AS last_date,
       sum(hours)::INTEGER AS hours, sum(short_hours)::INTEGER AS short_hours,
       sum(staff_hours_short)::DOUBLE AS staff_hours_short, sum(commissioned_staff_hours)::DOUBLE AS commissioned_staff_hours,
       sum(delivered_staff_hours)::DOUBLE AS delivered_staff_hours,
       sum(incidents_short)::INTEGER AS incidents_short, sum(incidents_full)::INTEGER AS incidents_full
FROM commissioned_days GROUP BY ALL
ORDER BY week, person_idx`,
});
