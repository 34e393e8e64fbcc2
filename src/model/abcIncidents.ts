/**
 * Incidents with their antecedent, behaviour type and consequence normalised for counting (case,
 * outer spaces and runs of spaces ignored; blank = NULL, shown as "not recorded"), keyed like the
 * exposure tables: the person, unit and date of the incident's person-period (an incident at
 * 03:00 counts on the day its night period started), else the date it happened. Every incident is
 * here, in exposure or not (`in_exposure`); descriptions are not (nothing is read from free text).
 * Sorted by date, so a date range reads only its blocks.
 */
import { defineTable } from './table';

const norm = (column: string) => `nullif(lower(trim(regexp_replace(i.${column}, '\\s+', ' ', 'g'))), '')`;

export const ABC_INCIDENTS = defineTable({
  name: 'abc_incidents',
  reads: ['r_incidents', 'incident_periods', 'periods', 'person_spans', 'units'],
  doc: 'Every incident with its antecedent, behaviour and consequence normalised, keyed by person, unit and period date.',
  sql: `
SELECT ps.person_idx, u.unit_idx, coalesce(p.date, i.occurred_at::DATE) AS date, i.incident_id, i.occurred_at,
       CASE WHEN i.severity BETWEEN 1 AND 5 THEN i.severity END::UTINYINT AS severity,
       ${norm('antecedent')} AS antecedent, ${norm('behaviour_type')} AS behaviour, ${norm('consequence')} AS consequence,
       ip.outside_reason IS NULL AS in_exposure
FROM r_incidents i
LEFT JOIN incident_periods ip USING (incident_id)
LEFT JOIN periods p ON p.period_id = ip.period_id
LEFT JOIN person_spans ps ON ps.person_id = i.person_id
LEFT JOIN units u ON u.unit = i.unit
ORDER BY 3, 2`,
});
