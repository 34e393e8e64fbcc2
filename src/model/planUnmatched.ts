/** Plan-delivery rows naming a person who is in neither the people nor the incidents file (left out of every count). */
export const PLAN_UNMATCHED = `
CREATE OR REPLACE TABLE plan_unmatched AS
SELECT count(*)::INTEGER AS n FROM r_plan_delivery p
WHERE NOT EXISTS (SELECT 1 FROM person_spans ps WHERE ps.person_id = p.person_id)`;
