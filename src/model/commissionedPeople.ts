/**
 * People with a commissioned ratio, with the worked rota lines allocated to them in the whole
 * rota (lines carrying their person_id): what the commissioned page lists beside their hours.
 * The lines are counted per raw person_id of the rota and then reconciled (a few hundred counts),
 * the same counts as r_shifts' but without its alias joins on each of the rota's 5 M rows at W-L.
 */
import { reconciledPersonIds } from './reconcile';
import { defineTable } from './table';
export const COMMISSIONED_PEOPLE = defineTable({
  name: 'commissioned_people',
  reads: ['shifts', 'person_aliases', 'person_spans'],
  doc: 'Per person: commissioned ratio and the shifts allocated to them.',
  sql: `
WITH allocated AS (
  SELECT person_id, sum(n) AS n
  FROM (${reconciledPersonIds(`SELECT person_id, count(*) AS n FROM shifts WHERE status = 'worked' AND person_id IS NOT NULL GROUP BY person_id`)})
  GROUP BY person_id)
SELECT ps.person_idx, ps.person_id, ps.label, ps.unit, ps.commissioned_ratio AS ratio,
       ps.commissioned_from, ps.commissioned_to, coalesce(a.n, 0)::DOUBLE AS allocated_shifts
FROM person_spans ps LEFT JOIN allocated a USING (person_id)
WHERE ps.commissioned_ratio IS NOT NULL`,
});
