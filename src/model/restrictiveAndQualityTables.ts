/**
 * The model tables the restrictive-practice and data-quality pages read, in build order
 * (restrictive_periods reads intervention_periods, restrictive_units restrictive_periods). Registered in model/extra.ts; the pages
 * read them through queryTables (model/tableFilters.ts), with their names in this order.
 */
import { INCIDENT_FORCE_DAYS } from './incidentForceDays';
import { INTERVENTION_PERIODS } from './interventionPeriods';
import { ORPHAN_INTERVENTIONS } from './orphanInterventions';
import { OUTSIDE_EXPOSURE } from './outsideExposure';
import { POSSIBLE_DUPLICATES } from './possibleDuplicates';
import { RECORDING_GAPS } from './recordingGaps';
import { RESTRICTIVE_PERIODS } from './restrictivePeriods';
import { RESTRICTIVE_UNITS } from './restrictiveUnits';
import { UNIT_PRESENCE } from './unitPresence';

export const RESTRICTIVE_AND_QUALITY_BUILDERS: Record<string, string> = {
  intervention_periods: INTERVENTION_PERIODS,
  restrictive_periods: RESTRICTIVE_PERIODS,
  restrictive_units: RESTRICTIVE_UNITS,
  outside_exposure: OUTSIDE_EXPOSURE,
  orphan_interventions: ORPHAN_INTERVENTIONS,
  recording_gaps: RECORDING_GAPS,
  incident_force_days: INCIDENT_FORCE_DAYS,
  possible_duplicates: POSSIBLE_DUPLICATES,
  unit_presence: UNIT_PRESENCE,
};

