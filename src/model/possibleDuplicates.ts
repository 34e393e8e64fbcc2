/** Behaviour as compared for duplicates: case and spacing ignored. */
const behaviour = (x: string) => `lower(regexp_replace(trim(${x}), '\\s+', ' ', 'g'))`;

/**
 * Possible duplicates: pairs of accepted incidents with the same person and behaviour (case and
 * spacing ignored) at most 60 seconds apart, each pair once (first = the smaller incident_id),
 * with each one's time and unit so that a filter keeps the pairs whose two incidents are both in
 * it. Candidates come from an equi-join on person and minute (this minute or the one before);
 * behaviour is compared on those few only.
 */
export const POSSIBLE_DUPLICATES = `
CREATE OR REPLACE TABLE possible_duplicates AS
WITH i AS (
  SELECT incident_id, person_id, unit, occurred_at, behaviour_type, date_trunc('minute', occurred_at) AS minute FROM r_incidents),
pairs AS (
  SELECT DISTINCT least(a.incident_id, b.incident_id) AS first_id, greatest(a.incident_id, b.incident_id) AS second_id
  FROM i a
  JOIN (SELECT *, unnest([minute, minute - INTERVAL 1 MINUTE]) AS m FROM i) b ON b.person_id = a.person_id AND b.m = a.minute
  WHERE a.incident_id <> b.incident_id AND abs(epoch(b.occurred_at - a.occurred_at)) <= 60
    AND ${behaviour('b.behaviour_type')} IS NOT DISTINCT FROM ${behaviour('a.behaviour_type')})
SELECT p.first_id, p.second_id, a.person_id, a.behaviour_type AS behaviour,
       a.occurred_at AS first_at, a.unit AS first_unit, b.occurred_at AS second_at, b.unit AS second_unit
FROM pairs p JOIN i a ON a.incident_id = p.first_id JOIN i b ON b.incident_id = p.second_id
ORDER BY a.occurred_at, p.first_id, p.second_id`;
