/**
 * Person-periods with the setting events of analysis 9, each TRUE, FALSE or NULL (not known):
 *   short             shortfall band one or two-plus (NULL: no known requirement);
 *   agency_over_half  agency share over one half (the top band);
 *   unfamiliar        unfamiliar staff worked in the period (unfamiliar share above 0);
 *   not_delivered     a planned strategy of the person was not delivered that day (NULL: no plan
 *                     rows that day, so nothing is known);
 *   recent_event      a dated event of the person, or a unit-wide one of their unit, on one of the
 *                     3 days before the period's date (not the day itself: whether it came before
 *                     or after an incident that day is not known).
 * With the period's incidents. Reads person_days (plan rows per person and day). Sorted by date.
 */
import { defineTable } from './table';

export const SETTING_EVENT_DAYS_BEFORE = 3;

export const SETTING_EVENT_PERIODS = defineTable({
  name: 'setting_event_periods',
  reads: ['r_events', 'person_spans', 'person_periods', 'person_days'],
  doc: 'Person-periods with the setting events of the ABC analysis (short, agency over half, unfamiliar staff, strategy not delivered, recent event) and their incidents.',
  sql: `
WITH dated AS (
  SELECT ps.person_idx, e.date FROM r_events e JOIN person_spans ps ON ps.person_id = e.person_id
  UNION
  SELECT ps.person_idx, e.date FROM r_events e JOIN person_spans ps ON e.person_id IS NULL AND ps.unit = e.unit),
after_event AS (
  SELECT DISTINCT person_idx, (date + k::INTEGER)::DATE AS date FROM dated CROSS JOIN range(1, ${SETTING_EVENT_DAYS_BEFORE + 1}) t(k))
SELECT pp.date, pp.unit_idx, pp.person_idx,
       CASE WHEN pp.shortfall_band IS NOT NULL THEN pp.shortfall_band <> 'none' END AS short,
       CASE WHEN pp.agency_band IS NOT NULL THEN pp.agency_band = 'over50' END AS agency_over_half,
       CASE WHEN pp.unfamiliar_band IS NOT NULL THEN pp.unfamiliar_band <> 'none' END AS unfamiliar,
       CASE WHEN d.planned > 0 THEN d.not_delivered > 0 END AS not_delivered,
       a.person_idx IS NOT NULL AS recent_event,
       pp.incidents
FROM person_periods pp
LEFT JOIN person_days d ON d.person_idx = pp.person_idx AND d.date = pp.date
LEFT JOIN after_event a ON a.person_idx = pp.person_idx AND a.date = pp.date
ORDER BY pp.date, pp.unit_idx`,
});
