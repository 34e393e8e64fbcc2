/**
 * People with a commissioned ratio, with the worked rota lines allocated to them in the whole
 * rota (lines carrying their person_id): what the commissioned page lists beside their hours.
 */
import { defineTable } from './table';
export const COMMISSIONED_PEOPLE = defineTable({
  name: 'commissioned_people',
  reads: ['r_shifts', 'person_spans'],
  doc: 'Per person: commissioned ratio and the shifts allocated to them.',
  sql: `
WITH allocated AS (SELECT person_id, count(*) AS n FROM r_shifts WHERE status = 'worked' AND person_id IN (SELECT person_id FROM person_spans WHERE commissioned_ratio IS NOT NULL) GROUP BY 1)
SELECT ps.person_idx, ps.person_id, ps.label, ps.unit, ps.commissioned_ratio AS ratio,
       ps.commissioned_from, ps.commissioned_to, coalesce(a.n, 0)::DOUBLE AS allocated_shifts
FROM person_spans ps LEFT JOIN allocated a USING (person_id)
WHERE ps.commissioned_ratio IS NOT NULL`,
});
