/**
 * The model tables the restrictive-practice and data-quality pages read, in build order
 * (intervention_unit_… and restrictive_periods read intervention_periods, restrictive_units
 * reads restrictive_periods, incident_force_totals incident_force_days, workspace_checks
 * orphan_interventions). Registered in model/extra.ts; the pages
 * read them through queryTables (model/tableFilters.ts), with their names in this order.
 */
import { INCIDENT_FORCE_DAYS, INCIDENT_FORCE_TOTALS } from './incidentForceDays';
import { INTERVENTION_PERIODS } from './interventionPeriods';
import { INTERVENTION_UNIT_CELLS, INTERVENTION_UNIT_PEOPLE } from './interventionUnits';
import { ORPHAN_INTERVENTIONS } from './orphanInterventions';
import { OUTSIDE_EXPOSURE } from './outsideExposure';
import { POSSIBLE_DUPLICATES } from './possibleDuplicates';
import { RECORDING_GAPS } from './recordingGaps';
import { RESTRICTIVE_PERIODS } from './restrictivePeriods';
import { RESTRICTIVE_UNITS } from './restrictiveUnits';
import { WORKSPACE_CHECKS } from './workspaceChecks';

export const RESTRICTIVE_AND_QUALITY_BUILDERS: Record<string, string> = {
  intervention_periods: INTERVENTION_PERIODS,
  intervention_unit_cells: INTERVENTION_UNIT_CELLS,
  intervention_unit_people: INTERVENTION_UNIT_PEOPLE,
  restrictive_periods: RESTRICTIVE_PERIODS,
  restrictive_units: RESTRICTIVE_UNITS,
  outside_exposure: OUTSIDE_EXPOSURE,
  orphan_interventions: ORPHAN_INTERVENTIONS,
  recording_gaps: RECORDING_GAPS,
  incident_force_days: INCIDENT_FORCE_DAYS,
  incident_force_totals: INCIDENT_FORCE_TOTALS,
  possible_duplicates: POSSIBLE_DUPLICATES,
  workspace_checks: WORKSPACE_CHECKS,
};

