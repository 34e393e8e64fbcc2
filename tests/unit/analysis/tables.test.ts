/**
 * Each analysis's list of model tables (analysis/tables.ts) is exactly the set its queries name
 * with `table()`, over every branch the filters take (none, a unit, a person, a date range, a
 * person in a date range) on the sample service; and after `ensure` of a page's list, a filter
 * change builds nothing (the Model counts its builds), but a date range alone the tables left to
 * be built when asked (BUILT_WHEN_ASKED).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import type { Sql } from '../../../src/db/sql';
import { REPORT_ANALYSES } from '../../../src/analysis/index';
import { staffingAnalysis } from '../../../src/analysis/staffing';
import { ANALYSIS_TABLES, BUILT_WHEN_ASKED, tablesToWarm, type AnalysisWithTables } from '../../../src/analysis/tables';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { Model } from '../../../src/model/model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { sampleServiceDb } from '../helpers/sampleService';

const RUNS: Record<AnalysisWithTables, (model: Model, filters: Filters) => Promise<unknown>> = {
  staffing: (model, filters) => staffingAnalysis(model, filters, DEFAULT_SETTINGS),
  ...(Object.fromEntries(
    Object.entries(REPORT_ANALYSES).map(([k, run]) => [k, (model: Model, filters: Filters) => run({ model, filters, settings: DEFAULT_SETTINGS })]),
  ) as Record<Exclude<AnalysisWithTables, 'staffing'>, (model: Model, filters: Filters) => Promise<unknown>>),
};

const VARIANTS: Filters[] = [
  NO_FILTERS,
  { ...NO_FILTERS, unit: 'Oak' },
  { ...NO_FILTERS, personId: 'P002' },
  { ...NO_FILTERS, from: '2025-02-05', to: '2025-05-20' },
  { ...NO_FILTERS, personId: 'P001', from: '2025-02-05', to: '2025-05-20' },
];

/** A Model that remembers the tables every query names. */
class RecordingModel extends Model {
  named = new Set<string>();
  override query<T>(statement: Sql): Promise<T[]> {
    statement.tables.forEach((t) => this.named.add(t));
    return super.query<T>(statement);
  }
}

describe('the model tables each analysis reads', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await sampleServiceDb();
  }, 120_000);
  afterAll(() => db.close());

  it('are listed exactly, every branch included', async () => {
    const found: Record<string, string[]> = {};
    for (const key of Object.keys(RUNS) as AnalysisWithTables[]) {
      const model = new RecordingModel(db, { settings: DEFAULT_SETTINGS });
      for (const f of VARIANTS) await RUNS[key](model, f);
      found[key] = [...model.named].sort();
    }
    const listed = Object.fromEntries(Object.entries(ANALYSIS_TABLES).map(([k, v]) => [k, [...v].sort()]));
    expect(listed).toEqual(found);
  }, 300_000);

  it('once warmed, leave nothing to build for any filter change', async () => {
    for (const key of Object.keys(RUNS) as AnalysisWithTables[]) {
      const model = new Model(db, { settings: DEFAULT_SETTINGS });
      await model.ensure(tablesToWarm(key));
      const warmed = model.tablesBuilt;
      expect(warmed, key).toBeGreaterThan(0);
      const built: number[] = [];
      for (const f of VARIANTS) {
        const before = model.tablesBuilt;
        await RUNS[key](model, f);
        built.push(model.tablesBuilt - before);
      }
      // Only a date range without a unit or a person builds, and only the tables left to be built when asked.
      const dateOnly = VARIANTS.map((f) => (f.from || f.to) && !f.unit && !f.personId);
      const lazy = ANALYSIS_TABLES[key].filter((t) => BUILT_WHEN_ASKED.includes(t)).length;
      expect({ key, built }).toEqual({ key, built: dateOnly.map((d) => (d ? lazy : 0)) });
    }
    // Without warming, the same changes do build (so the count above could have failed).
    const cold = new Model(db, { settings: DEFAULT_SETTINGS });
    await RUNS.personStory(cold, VARIANTS[2]!);
    expect(cold.tablesBuilt).toBeGreaterThan(0);
  }, 300_000);
});
