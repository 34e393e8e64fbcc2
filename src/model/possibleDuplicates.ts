/** Behaviour as compared for duplicates: case and spacing ignored. */
import { defineTable } from './table';
const behaviour = (x: string) => `lower(regexp_replace(trim(${x}), '\\s+', ' ', 'g'))`;

/** Each incident is compared with at most this many of the person's next incidents (in time). */
export const DUPLICATE_NEIGHBOURS = 16;

/**
 * Possible duplicates: pairs of accepted incidents with the same person and behaviour (case and
 * spacing ignored) at most 60 seconds apart, each pair once (first = the smaller incident_id),
 * with each one's time and unit so that a filter keeps the pairs whose two incidents are both in
 * it. Incidents are numbered in order of the person's hash and time; each is compared with the
 * next DUPLICATE_NEIGHBOURS, so the work grows with the number of incidents, never with its square
 * (65,536 incidents of one person in one minute would otherwise make four billion pairs). Only a
 * person with more than that many incidents within one minute can have pairs left out. The
 * numbers are cut into blocks of DUPLICATE_NEIGHBOURS: an incident's next ones lie in its own block
 * or the next, so an equi-join on the block (each incident twice on one side) finds them with both
 * sides the size of the incidents (joining on each neighbour's number made 16 copies of every
 * incident: past 1 GiB at 1M incidents, issue 18); only the id, time and person hash are numbered.
 * The person and behaviour themselves are compared on those few only.
 */
export const POSSIBLE_DUPLICATES = defineTable({
  name: 'possible_duplicates',
  reads: ['r_incidents'],
  doc: 'Pairs of incidents that may be the same one recorded twice.',
  sql: `
WITH i AS MATERIALIZED (
  SELECT incident_id, occurred_at, person_hash,
         row_number() OVER (ORDER BY person_hash, occurred_at, incident_id) AS k
  FROM (SELECT incident_id, occurred_at, hash(person_id) AS person_hash FROM r_incidents)),
near AS (
  SELECT a.incident_id AS a_id, b.incident_id AS b_id
  FROM (SELECT *, unnest([k // ${DUPLICATE_NEIGHBOURS}, k // ${DUPLICATE_NEIGHBOURS} + 1]) AS block FROM i) a
  JOIN (SELECT *, k // ${DUPLICATE_NEIGHBOURS} AS block FROM i) b ON b.block = a.block
  WHERE b.k > a.k AND b.k <= a.k + ${DUPLICATE_NEIGHBOURS}
    AND b.person_hash = a.person_hash AND epoch(b.occurred_at - a.occurred_at) <= 60),
-- Person and behaviour are compared below on these few pairs, read by incident_id (the key of
-- incidents): as join keys they would hash every incident's text and run the regular expression
-- over all of them. (The window keeps the optimiser from pushing that comparison down into the join.)
candidates AS (
  SELECT row_number() OVER () AS candidate, n.a_id, n.b_id, a.person_id AS a_person, b.person_id AS b_person,
         a.behaviour_type AS a_behaviour, b.behaviour_type AS b_behaviour
  FROM near n JOIN r_incidents a ON a.incident_id = n.a_id JOIN r_incidents b ON b.incident_id = n.b_id),
pairs AS (
  SELECT DISTINCT least(a_id, b_id) AS first_id, greatest(a_id, b_id) AS second_id FROM candidates
  WHERE b_person = a_person AND ${behaviour('b_behaviour')} IS NOT DISTINCT FROM ${behaviour('a_behaviour')})
SELECT p.first_id, p.second_id, a.person_id, a.behaviour_type AS behaviour,
       a.occurred_at AS first_at, a.unit AS first_unit, b.occurred_at AS second_at, b.unit AS second_unit
FROM pairs p JOIN r_incidents a ON a.incident_id = p.first_id JOIN r_incidents b ON b.incident_id = p.second_id
ORDER BY a.occurred_at, p.first_id, p.second_id`,
});
