import { USE_OF_FORCE_ITEMS } from './useOfForce';
import { raw } from '../db/sql';
import { dateSlices, inDays } from './slices';
import { defineTable } from './table';

/** About how many incidents a slice of incident_force_days reads (Model.buildInBackground). */
export const INCIDENTS_PER_SLICE = 50_000;

/** The Use of Force items some field of these exports carries (the others are never held). */
export const FORCE_ITEMS_HELD = USE_OF_FORCE_ITEMS.filter((x) => x.holds);

/**
 * Per person, unit and clock date of incidents (the incident filters' terms: model/filters.ts
 * incidentWhere): the incidents, and of the restrictive-intervention rows on them the records of
 * force (every type but PRN), the PRN rows, and per Use of Force item with a field
 * (model/useOfForce.ts) the records of force holding it. A filter change sums days.
 */
/**
 * incident_force_days' SELECT over the incidents `incidents` gives (r_incidents, or those of some
 * dates): a row's incidents and force are those of its own date, so the rows of a range of dates
 * are this SELECT over the incidents of those dates.
 */
const forceDays = (incidents: string) => `
WITH incidents AS (
  SELECT person_id, unit, occurred_at::DATE AS date, count(*)::INTEGER AS incidents FROM ${incidents} GROUP BY ALL),
force AS (
  SELECT i.person_id, i.unit, i.occurred_at::DATE AS date,
         count(*) FILTER (WHERE r.type <> 'PRN')::INTEGER AS records, count(*) FILTER (WHERE r.type = 'PRN')::INTEGER AS prn,
         ${FORCE_ITEMS_HELD.map((x) => `count(*) FILTER (WHERE r.type <> 'PRN' AND coalesce(${x.holds}, false))::INTEGER AS item_${x.item}`).join(',\n         ')}
  FROM restrictive_interventions r
  JOIN ${incidents} i ON i.incident_id = r.incident_id
  LEFT JOIN r_people p ON p.person_id = i.person_id
  GROUP BY ALL),
days AS (
  SELECT ps.person_idx, u.unit_idx, d.date, d.incidents,
         coalesce(f.records, 0) AS records, coalesce(f.prn, 0) AS prn,
         ${FORCE_ITEMS_HELD.map((x) => `coalesce(f.item_${x.item}, 0) AS item_${x.item}`).join(', ')}
  FROM incidents d
  JOIN person_spans ps ON ps.person_id = d.person_id
  JOIN units u ON u.unit = d.unit
  LEFT JOIN force f ON f.person_id = d.person_id AND f.unit = d.unit AND f.date = d.date)
SELECT * FROM days ORDER BY date`;

/**
 * Per person, unit and clock date of incidents (the incident filters' terms: model/filters.ts
 * incidentWhere): the incidents, and of the restrictive-intervention rows on them the records of
 * force (every type but PRN), the PRN rows, and per Use of Force item with a field
 * (model/useOfForce.ts) the records of force holding it. A filter change sums days. Built in the
 * background in slices of dates (INCIDENTS_PER_SLICE incidents a slice on average).
 */
export const INCIDENT_FORCE_DAYS = defineTable({
  name: 'incident_force_days',
  reads: ['r_incidents', 'restrictive_interventions', 'r_people', 'person_spans', 'units'],
  doc: 'Per person, unit and clock date: incidents and the Use of Force items recorded on their interventions.',
  sql: forceDays('r_incidents'),
  slices: {
    bounds: () => dateSlices('r_incidents', 'occurred_at', INCIDENTS_PER_SLICE),
    slice: (_, range) => raw(forceDays(`(SELECT * FROM r_incidents WHERE ${inDays('occurred_at', range)})`)),
  },
});

/** incident_force_days summed per person and unit over every date, for views without dates. Reads incident_force_days. */
export const INCIDENT_FORCE_TOTALS = defineTable({
  name: 'incident_force_totals',
  reads: ['incident_force_days'],
  doc: 'incident_force_days summed per unit and person.',
  sql: `
SELECT person_idx, unit_idx, sum(incidents)::INTEGER AS incidents, sum(records)::INTEGER AS records, sum(prn)::INTEGER AS prn,
       ${FORCE_ITEMS_HELD.map((x) => `sum(item_${x.item})::INTEGER AS item_${x.item}`).join(', ')}
FROM incident_force_days GROUP BY person_idx, unit_idx`,
});
