/**
 * The summary tables "who was there" reads (analysis/staffInvolvement.ts), by name, for
 * model/extra.ts. Each reads only exposure tables.
 */
import { ALLOCATION_LINES } from './allocationLines';
import { UNIT_CONTINUITY } from './continuity';
import { STAFF_INVOLVEMENTS } from './staffInvolvements';
import { STAFF_PERIOD_HOURS } from './staffPeriodHours';

export const WHO_WAS_THERE_BUILDERS = {
  staff_involvements: STAFF_INVOLVEMENTS,
  staff_period_hours: STAFF_PERIOD_HOURS,
  allocation_lines: ALLOCATION_LINES,
  unit_continuity: UNIT_CONTINUITY,
} as const;

export const WHO_WAS_THERE_TABLES = Object.keys(WHO_WAS_THERE_BUILDERS) as (keyof typeof WHO_WAS_THERE_BUILDERS)[];
