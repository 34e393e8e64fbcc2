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
 * person with more than that many incidents within one minute can have pairs left out.
 *
 * In that order the incidents between the two of a pair are the same person's, within the same
 * minute, so both of a pair sit next to an incident of the same person hash at most 60 seconds
 * away: only those (a few thousand at W-L, found with lead and lag in the numbering's own sort)
 * are paired, each with its next DUPLICATE_NEIGHBOURS by number (an equi-join on the number: in a
 * date-only export most incidents sit at midnight next to another, and pairing on the person would
 * compare all of a person's with each other, 10 s for 2 × 40,000 where this takes 0.2 s), and only
 * their person, behaviour and unit are read, in one pass over the incidents. (Pairing every incident with its next sixteen made 16.6 M candidates at
 * W-L and read the incidents four times: most of this table's 3.5 s there, issue 18.)
 */
export const POSSIBLE_DUPLICATES = defineTable({
  name: 'possible_duplicates',
  reads: ['r_incidents'],
  doc: 'Pairs of incidents that may be the same one recorded twice.',
  sql: `
WITH numbered AS (
  SELECT incident_id, occurred_at, person_hash, row_number() OVER w AS k,
         lead(person_hash) OVER w = person_hash AND epoch(lead(occurred_at) OVER w - occurred_at) <= 60 AS near_next,
         lag(person_hash) OVER w = person_hash AND epoch(occurred_at - lag(occurred_at) OVER w) <= 60 AS near_previous
  FROM (SELECT incident_id, occurred_at, hash(person_id) AS person_hash FROM r_incidents)
  WINDOW w AS (ORDER BY person_hash, occurred_at, incident_id)),
i AS MATERIALIZED (SELECT incident_id, occurred_at, person_hash, k FROM numbered WHERE near_next OR near_previous),
-- Each with its next DUPLICATE_NEIGHBOURS by number, joined on the number itself: a join on the
-- person alone would compare all of a person's nearby incidents with each other before the limit.
near AS (
  SELECT a.incident_id AS a_id, b.incident_id AS b_id
  FROM (SELECT *, k + unnest(range(1, ${DUPLICATE_NEIGHBOURS + 1})) AS next_k FROM i) a JOIN i b ON b.k = a.next_k
  WHERE b.person_hash = a.person_hash AND epoch(b.occurred_at - a.occurred_at) <= 60),
-- What the pairs need of their incidents, read by incident_id (the key of incidents) in one pass.
details AS MATERIALIZED (
  SELECT incident_id, person_id, behaviour_type, occurred_at, unit FROM r_incidents WHERE incident_id IN (SELECT incident_id FROM i)),
-- Person and behaviour are compared below on these few pairs. (The window keeps the optimiser
-- from pushing that comparison down into the join.)
candidates AS (
  SELECT row_number() OVER () AS candidate, n.a_id, n.b_id, a.person_id AS a_person, b.person_id AS b_person,
         a.behaviour_type AS a_behaviour, b.behaviour_type AS b_behaviour
  FROM near n JOIN details a ON a.incident_id = n.a_id JOIN details b ON b.incident_id = n.b_id),
pairs AS (
  SELECT DISTINCT least(a_id, b_id) AS first_id, greatest(a_id, b_id) AS second_id FROM candidates
  WHERE b_person = a_person AND ${behaviour('b_behaviour')} IS NOT DISTINCT FROM ${behaviour('a_behaviour')})
SELECT p.first_id, p.second_id, a.person_id, a.behaviour_type AS behaviour,
       a.occurred_at AS first_at, a.unit AS first_unit, b.occurred_at AS second_at, b.unit AS second_unit
FROM pairs p JOIN details a ON a.incident_id = p.first_id JOIN details b ON b.incident_id = p.second_id
ORDER BY a.occurred_at, p.first_id, p.second_id`,
});
