/**
 * The model tables "who was there" reads (analysis/staffInvolvement.ts), for the catalog
 * (model/catalog.ts). Each reads only exposure tables and the reconciled views.
 */
import { ALLOCATION_LINES } from './allocationLines';
import { UNIT_CONTINUITY } from './continuity';
import { STAFF_INVOLVEMENTS } from './staffInvolvements';
import { STAFF_PERIOD_HOURS } from './staffPeriodHours';

export const WHO_WAS_THERE_TABLES = [STAFF_INVOLVEMENTS, STAFF_PERIOD_HOURS, ALLOCATION_LINES, UNIT_CONTINUITY];
