/** Restrictive intervention groups as the pages count them (MHSDS type code → group; unknown codes are 'other'). */
import { literal } from '../db/sql';
import { ALL_INTERVENTION_TYPES } from '../ingest/mhsds';

export const INTERVENTION_GROUPS = ['physical', 'mechanical', 'seclusion', 'segregation', 'chemical', 'prn', 'other'] as const;
export type InterventionGroupOrOther = (typeof INTERVENTION_GROUPS)[number];

/** Type code → group as a SQL table `g(code, grp)` (constant data the app ships, not user input). */
export const GROUP_OF_TYPE = `(VALUES ${ALL_INTERVENTION_TYPES.map((t) => `(${literal(t.code)}, ${literal(t.group)})`).join(', ')}) AS g(code, grp)`;
