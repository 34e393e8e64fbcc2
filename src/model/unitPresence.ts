/** Rows per unit name in each file that carries a unit (reconciled names), for the data-quality check. */
export const UNIT_PRESENCE = `
CREATE OR REPLACE TABLE unit_presence AS
SELECT unit, sum(shifts)::DOUBLE AS shifts, sum(incidents)::DOUBLE AS incidents, sum(people)::DOUBLE AS people,
       sum(requirements)::DOUBLE AS requirements, sum(events)::DOUBLE AS events
FROM (
  SELECT unit, count(*) AS shifts, 0 AS incidents, 0 AS people, 0 AS requirements, 0 AS events FROM r_shifts GROUP BY unit
  UNION ALL SELECT unit, 0, count(*), 0, 0, 0 FROM r_incidents GROUP BY unit
  UNION ALL SELECT unit, 0, 0, count(*), 0, 0 FROM r_people GROUP BY unit
  UNION ALL SELECT unit, 0, 0, 0, count(*), 0 FROM r_requirements GROUP BY unit
  UNION ALL SELECT unit, 0, 0, 0, 0, count(*) FROM r_events WHERE unit IS NOT NULL GROUP BY unit)
WHERE unit IS NOT NULL GROUP BY unit ORDER BY unit`;
