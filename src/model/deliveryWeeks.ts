/**
 * Exposure person-days (person_days with periods) counted per unit, ISO week and the day's plan
 * rows planned and delivered, with their incidents: whether a day is a low-delivery day depends on
 * planned and delivered only, so the page can apply any threshold to these few rows. Views
 * without a person take whole weeks from here and part weeks from person_days. Reads person_days.
 */
import { defineTable } from './table';
export const DELIVERY_WEEKS = defineTable({
  name: 'delivery_weeks',
  reads: ['person_days'],
  doc: 'Plan delivery (planned, delivered, person-days, incidents) per unit and ISO week.',
  sql: `
SELECT unit_idx, week, planned, delivered, count(*)::INTEGER AS person_days, sum(incidents)::INTEGER AS incidents
FROM person_days WHERE periods > 0
GROUP BY unit_idx, week, planned, delivered`,
});
