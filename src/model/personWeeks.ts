/**
 * Person-weeks: person_days summed per person and ISO week (Monday). A date range takes its whole
 * weeks from here and only the part weeks at its ends from person_days (analysis/filters.ts
 * weekSplit). Reads person_days.
 */
import { defineTable } from './table';
export const PERSON_WEEKS = defineTable({
  name: 'person_weeks',
  reads: ['person_days'],
  doc: 'person_days summed per person and ISO week.',
  sql: `
SELECT person_idx, unit_idx, week,
       sum(periods)::INTEGER AS periods, sum(incidents)::INTEGER AS incidents,
       sum(planned)::INTEGER AS planned, sum(delivered)::INTEGER AS delivered
FROM person_days GROUP BY person_idx, unit_idx, week
ORDER BY week, person_idx`,
});
