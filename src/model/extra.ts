/**
 * Extra model tables, beyond exposure.ts, that some analyses read so a filter change only
 * filters and sums. Each is derived from the canonical tables and the exposure of one build:
 *
 *   person_periods (exposure days) + people (commissioned ratio and hours)
 *   + shifts allocated to a person + incidents ─► commissioned_days (via hour slots)
 *
 * Each table remembers the catalog oid of the person_periods it was built from. Every exposure
 * build re-creates person_periods (new oid), so `ensure…` rebuilds the table exactly when an
 * import or a settings change has rebuilt the exposure. The engine builds them lazily, when a
 * page first needs them (the exposure build stays short; each page's first open pays for its own
 * tables); buildExtraTables() builds them all at once.
 */
import type { Connector } from '../db/connector';
import { COMMISSIONED_DAYS } from './commissioned';
import { EXPOSURE_INCIDENTS } from './exposureIncidents';
import { PERIOD_LAGS } from './periodLags';
import { PERIOD_PEOPLE } from './periodPeople';
import { PERSON_DAYS } from './personDays';
import { PERSON_WEEKS } from './personWeeks';
import { PLAN_REASONS } from './planReasons';
import { PLAN_UNMATCHED } from './planUnmatched';
import { RESTRICTIVE_AND_QUALITY_BUILDERS } from './restrictiveAndQualityTables';
import { UNIT_DAYS } from './unitDays';
import { MODEL_CELLS } from './modelCells';
import { STAFFING_PERIODS } from './staffingPeriods';
import { COMMISSIONED_PEOPLE } from './commissionedPeople';
import { COMMISSIONED_WEEKS } from './commissionedWeeks';
import { PLAN_REASON_WEEKS } from './planReasonWeeks';
import { DELIVERY_WEEKS } from './deliveryWeeks';
import { WHO_WAS_THERE_BUILDERS } from './whoWasThereTables';

const MARKERS = 'CREATE TABLE IF NOT EXISTS model_extra_builds (name VARCHAR, source_oid BIGINT)';

const SOURCE_OID = `SELECT table_oid::BIGINT AS oid FROM duckdb_tables() WHERE table_name = 'person_periods' AND schema_name = 'main'`;

// Summary tables (model/modelTables.ts) in build order: each after the tables it reads.
const BUILDERS: Record<string, string> = { commissioned_days: COMMISSIONED_DAYS, exposure_incidents: EXPOSURE_INCIDENTS, person_days: PERSON_DAYS, unit_days: UNIT_DAYS, person_weeks: PERSON_WEEKS, plan_reasons: PLAN_REASONS, plan_unmatched: PLAN_UNMATCHED, period_lags: PERIOD_LAGS, period_people: PERIOD_PEOPLE, staffing_periods: STAFFING_PERIODS, model_cells: MODEL_CELLS, commissioned_people: COMMISSIONED_PEOPLE, commissioned_weeks: COMMISSIONED_WEEKS, plan_reason_weeks: PLAN_REASON_WEEKS, delivery_weeks: DELIVERY_WEEKS, ...RESTRICTIVE_AND_QUALITY_BUILDERS, ...WHO_WAS_THERE_BUILDERS };

async function sourceOid(db: Connector): Promise<number | null> {
  const [row] = await db.query<{ oid: number }>(SOURCE_OID);
  return row?.oid ?? null;
}

async function build(db: Connector, name: string, oid: number): Promise<void> {
  await db.exec(BUILDERS[name]!);
  await db.query('DELETE FROM model_extra_builds WHERE name = ?', [name]);
  await db.query('INSERT INTO model_extra_builds VALUES (?, ?)', [name, oid]);
}

/** Builds under way per database: two pages (or two quick filter changes) asking at once share one. */
const underway = new WeakMap<Connector, Map<string, Promise<void>>>();

/** Build the table unless it was built from the current exposure. Call before reading it. */
export async function ensureExtraTable(db: Connector, name: keyof typeof BUILDERS & string): Promise<void> {
  const running = underway.get(db) ?? new Map<string, Promise<void>>();
  underway.set(db, running);
  const already = running.get(name);
  if (already) return already;
  const work = (async () => {
    await db.exec(MARKERS);
    const oid = await sourceOid(db);
    if (oid === null) throw new Error('The exposure model has not been built yet.');
    const [marker] = await db.query<{ source_oid: number }>('SELECT source_oid::BIGINT AS source_oid FROM model_extra_builds WHERE name = ?', [name]);
    if (marker?.source_oid !== oid) await build(db, name, oid);
  })().finally(() => running.delete(name));
  running.set(name, work);
  return work;
}

/** Every table this module makes (dropped by "Delete all data"). */
export const EXTRA_TABLES = ['commissioned_days', 'exposure_incidents', 'person_days', 'unit_days', 'person_weeks', 'plan_reasons', 'plan_unmatched', 'period_lags', 'period_people', 'staffing_periods', 'model_cells', 'commissioned_people', 'commissioned_weeks', 'plan_reason_weeks', 'delivery_weeks', ...Object.keys(RESTRICTIVE_AND_QUALITY_BUILDERS), ...Object.keys(WHO_WAS_THERE_BUILDERS), 'model_extra_builds'];

/** Build every extra table now (e.g. right after buildExposure). */
export async function buildExtraTables(db: Connector): Promise<void> {
  await db.exec(MARKERS);
  const oid = await sourceOid(db);
  if (oid === null) throw new Error('The exposure model has not been built yet.');
  for (const name of Object.keys(BUILDERS)) await build(db, name, oid);
}
