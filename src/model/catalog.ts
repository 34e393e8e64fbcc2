/**
 * The model catalog: every derived table PBS Lens builds, exposure and summaries, in one list.
 * Each is declared once, beside its SQL, with `defineTable` (model/table.ts); the Model
 * (model/model.ts) builds them in the order their `reads` give, each once per change of the data,
 * aliases or settings. docs/model-catalog.md is generated from this list (`npm run docs:catalog`).
 *
 * To add a table:
 *   1. In a file under src/model/ (one per table or small family), declare it:
 *        export const WARD_WEEKS = defineTable({
 *          name: 'ward_weeks',
 *          reads: ['unit_days'],            // every table its SQL names (a test checks both ways)
 *          doc: 'unit_days summed per unit and ISO week.',
 *          sql: `SELECT unit_idx, week, sum(incidents) AS incidents FROM unit_days GROUP BY ALL`,
 *        });
 *      `sql` is the SELECT (the Model wraps it in CREATE OR REPLACE TABLE); it may be a function
 *      of `{ settings, pseudonymKey }` returning text or an `sql` fragment (values as parameters).
 *   2. Add it to CATALOG below, then run `npm run docs:catalog`.
 *   3. Only for a table slow to build that the app builds in the background (engine.ts
 *      BACKGROUND_TABLES): `slices` (model/table.ts Slices) — the same rows in short statements,
 *      compared with `sql`'s in tests/unit/model/slicedBuild.test.ts.
 *
 * How an analysis reads it: analyses get the Model, never a Connector, and write each query with
 * the `sql` template, marking the model tables it reads with `table()`:
 *
 *   const f = await model.filters(filters);            // unit and person as integer keys
 *   const rows = await model.query<{ n: number }>(named('myAnalysis.counts',
 *     sql`SELECT sum(incidents) AS n FROM ${table('ward_weeks')} w WHERE ${f.on('w')}`));
 *
 * `model.query` builds whatever the query reads (and what those read) if it is stale, then runs
 * it; two pages asking at once share one build. "Delete all data" drops every catalog table.
 */
import { ABC_INCIDENTS } from './abcIncidents';
import { COMMISSIONED_DAYS } from './commissioned';
import { COMMISSIONED_PEOPLE } from './commissionedPeople';
import { COMMISSIONED_WEEKS } from './commissionedWeeks';
import { DELIVERY_WEEKS } from './deliveryWeeks';
import { EXPOSURE_TABLES } from './exposure';
import { EXPOSURE_INCIDENTS } from './exposureIncidents';
import { INCIDENT_FORCE_DAYS, INCIDENT_FORCE_TOTALS } from './incidentForceDays';
import { INTERVENTION_PERIODS } from './interventionPeriods';
import { INTERVENTION_UNIT_CELLS, INTERVENTION_UNIT_PEOPLE } from './interventionUnits';
import { MODEL_CELLS } from './modelCells';
import { ORPHAN_INTERVENTIONS } from './orphanInterventions';
import { OUTSIDE_EXPOSURE } from './outsideExposure';
import { PERIOD_PEOPLE } from './periodPeople';
import { PERSON_DAYS } from './personDays';
import { PERSON_WEEKS } from './personWeeks';
import { PLAN_REASON_WEEKS } from './planReasonWeeks';
import { PLAN_REASONS } from './planReasons';
import { PLAN_UNMATCHED } from './planUnmatched';
import { POSSIBLE_DUPLICATES } from './possibleDuplicates';
import { RECONCILED_VIEW_NAMES, RECONCILE_OBJECTS } from './reconcile';
import { RECORDING_GAPS } from './recordingGaps';
import { RESTRICTIVE_PERIODS } from './restrictivePeriods';
import { RESTRICTIVE_UNITS } from './restrictiveUnits';
import { SETTING_EVENT_PERIODS } from './settingEventPeriods';
import { STAFFING_BANDS } from './staffingBands';
import { STAFF_RECORDING } from './staffRecording';
import { STAFFING_PERIODS } from './staffingPeriods';
import type { ModelTable } from './table';
import { UNIT_DAYS } from './unitDays';
import { WORKSPACE_CHECKS } from './workspaceChecks';
import { WHO_WAS_THERE_TABLES } from './whoWasThereTables';
import { TABLES } from '../ingest/canonical';

/** Every derived table (any order: the Model orders a build by `reads`). */
export const CATALOG: readonly ModelTable[] = [
  ...EXPOSURE_TABLES,
  // Staffing, what-if
  STAFFING_PERIODS, STAFFING_BANDS, MODEL_CELLS,
  // Summaries the pages sum per filter
  PERSON_DAYS, PERSON_WEEKS, UNIT_DAYS, EXPOSURE_INCIDENTS, OUTSIDE_EXPOSURE, PERIOD_PEOPLE,
  // Commissioned vs delivered, plan delivery
  COMMISSIONED_DAYS, COMMISSIONED_WEEKS, COMMISSIONED_PEOPLE, PLAN_REASONS, PLAN_REASON_WEEKS, PLAN_UNMATCHED, DELIVERY_WEEKS,
  // Restrictive practice
  INTERVENTION_PERIODS, INTERVENTION_UNIT_CELLS, INTERVENTION_UNIT_PEOPLE, RESTRICTIVE_PERIODS, RESTRICTIVE_UNITS,
  // Data quality
  ORPHAN_INTERVENTIONS, RECORDING_GAPS, INCIDENT_FORCE_DAYS, INCIDENT_FORCE_TOTALS, POSSIBLE_DUPLICATES, WORKSPACE_CHECKS, STAFF_RECORDING,
  // Who was there
  ...WHO_WAS_THERE_TABLES,
  // Functional assessment (ABC)
  ABC_INCIDENTS, SETTING_EVENT_PERIODS,
];

export const CATALOG_BY_NAME: ReadonlyMap<string, ModelTable> = new Map(CATALOG.map((t) => [t.name, t]));

/** What catalog tables may read besides each other: the imported tables and the reconciled views. */
export const SOURCE_TABLES: readonly string[] = [
  ...Object.values(TABLES).map((t) => t.table),
  'imports', 'rejects', 'vocabulary', ...RECONCILE_OBJECTS.tables, ...RECONCILED_VIEW_NAMES,
];

/** `names` and every catalog table they read, transitively, each after the tables it reads. */
export function buildOrder(names: readonly string[]): ModelTable[] {
  const order: ModelTable[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    const t = CATALOG_BY_NAME.get(name);
    if (!t) throw new Error(`"${name}" is not a table of the model catalog (model/catalog.ts).`);
    if (order.includes(t)) return;
    if (visiting.has(name)) throw new Error(`The model catalog reads in a circle through ${name}.`);
    visiting.add(name);
    for (const r of t.reads) if (CATALOG_BY_NAME.has(r)) visit(r);
    order.push(t);
  };
  names.forEach(visit);
  return order;
}

/**
 * What reading `names` reads from the database, given which catalog tables are built (`built`): a
 * built table itself, for one not built what its build reads (transitively), each input before
 * the tables built from it. A restore in the background fills these first (engine.restore).
 */
export function inputsOf(names: readonly string[], built: (table: string) => boolean): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const t = CATALOG_BY_NAME.get(name);
    if (t && !built(name)) t.reads.forEach(visit);
    else out.add(name);
  };
  names.forEach(visit);
  return [...out];
}
