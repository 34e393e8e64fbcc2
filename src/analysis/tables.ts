/**
 * The model tables each analysis reads (the `table()` marks of its queries, every branch:
 * with and without a unit, a person or dates). A page asks the Model to build its analysis's
 * tables when it opens (ui/useAnalysis.ts), so the first filter change finds them built instead
 * of paying for a build. tests/unit/analysis/tables.test.ts runs every analysis and checks each
 * list against the tables its queries actually name, both ways.
 */
export const ANALYSIS_TABLES = {
  staffing: ['exposed_periods', 'model_cells', 'nobody_worked_periods', 'outside_exposure', 'person_periods', 'staffing_bands', 'staffing_periods'],
  restrictivePractice: ['intervention_periods', 'intervention_unit_cells', 'intervention_unit_people', 'orphan_interventions', 'outside_exposure', 'person_periods', 'restrictive_periods', 'restrictive_units'],
  planDelivery: ['delivery_weeks', 'person_days', 'person_spans', 'person_weeks', 'plan_reason_weeks', 'plan_reasons', 'plan_unmatched', 'unit_days'],
  commissionedVsDelivered: ['commissioned_days', 'commissioned_people', 'commissioned_weeks', 'person_days', 'person_spans', 'person_weeks'],
  dataQuality: ['incident_force_days', 'incident_force_totals', 'nobody_worked_periods', 'outside_exposure', 'person_periods', 'possible_duplicates', 'recording_gaps', 'staff_recording', 'workspace_checks'],
  when: ['exposure_incidents', 'outside_exposure', 'period_people', 'period_staffing', 'person_periods', 'shift_pattern', 'units'],
  overTime: ['exposure_incidents', 'period_staffing', 'person_periods', 'person_spans', 'unit_days'],
  personStory: ['exposure_incidents', 'outside_exposure', 'period_bands', 'period_staffing', 'periods', 'person_days', 'person_periods', 'person_spans', 'person_weeks'],
  whatIf: ['model_cells', 'person_periods', 'person_spans', 'staffing_bands', 'staffing_periods'],
  abc: ['abc_incidents', 'setting_event_periods'],
  staffInvolvement: ['allocation_lines', 'person_periods', 'staff_involvements', 'staff_period_hours', 'unit_continuity'],
} as const satisfies Record<string, readonly string[]>;

export type AnalysisWithTables = keyof typeof ANALYSIS_TABLES;

/**
 * Tables only a date range without a unit or a person reads (the person-periods sorted by date,
 * model/staffingPeriods.ts): as large as the person-periods, so building it when the page opens
 * held up the page's first filter change, whatever it was, by up to a second at W-L (the database
 * answers one statement at a time). It is built the first time that branch asks, which then also
 * refits the model over everyone.
 */
export const BUILT_WHEN_ASKED: readonly string[] = ['staffing_periods'];

/** What a page warms: its analysis's tables (but BUILT_WHEN_ASKED) and those `model.filters` reads to key a unit or a person. */
export function tablesToWarm(analysis: AnalysisWithTables): string[] {
  return [...new Set([...ANALYSIS_TABLES[analysis], 'units', 'person_spans'])].filter((t) => !BUILT_WHEN_ASKED.includes(t));
}
