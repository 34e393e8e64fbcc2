/**
 * The Model (model/model.ts) as the engine drives it: builds shared between callers, a query
 * after an import or a settings change reading the new data without anyone calling ready(), and
 * "Delete all data" leaving no derived table behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { named, sql, table } from '../../../src/db/sql';
import { createEngine, type Engine } from '../../../src/engine';
import { buildOrder, CATALOG } from '../../../src/model/catalog';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { enc, freshDb } from '../helpers/db';
import { INCIDENTS, INTERVENTIONS, PEOPLE, REQUIREMENTS, SHIFTS } from '../helpers/threeDays';

let db: Connector | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

/** An engine holding the three-day fixture (model/exposure tests work out its numbers by hand). */
async function threeDaysEngine(): Promise<Engine> {
  db = await freshDb();
  const engine = createEngine(db);
  const files = [['requirements', REQUIREMENTS], ['shifts', SHIFTS], ['people', PEOPLE], ['incidents', INCIDENTS], ['interventions', INTERVENTIONS]] as const;
  for (const [kind, text] of files) await engine.importFile(`${kind}.csv`, enc(text), kind);
  return engine;
}

const incidentsInExposure = named('test.incidents', sql`SELECT sum(incidents)::INTEGER AS n FROM ${table('unit_days')}`);
const periodsPerDay = named('test.periods', sql`SELECT count(*)::INTEGER AS n FROM ${table('periods')}`);

describe('the Model', () => {
  it('builds once for two queries asked at once, and not again while nothing changes', async () => {
    const { model } = await threeDaysEngine();
    const wanted = buildOrder(['unit_days']).length;
    const [a, b] = await Promise.all([model.query<{ n: number }>(incidentsInExposure), model.query<{ n: number }>(incidentsInExposure)]);
    expect(a).toEqual(b);
    expect(model.tablesBuilt).toBe(wanted);
    await model.query(incidentsInExposure);
    expect(model.tablesBuilt).toBe(wanted);
  });

  it('a query after an import reads the new data, with no ready() in between', async () => {
    const engine = await threeDaysEngine();
    // Six incidents, two outside exposure (tests/unit/model/exposure.test.ts); I7 is P1's, inside it.
    expect(await engine.model.query(incidentsInExposure)).toEqual([{ n: 4 }]);
    await engine.importFile('more.csv', enc('incident_id,person_id,occurred_at,unit\nI7,P1,2025-01-02 12:00,Oak\n'), 'incidents');
    expect(await engine.model.query(incidentsInExposure)).toEqual([{ n: 5 }]);
  });

  it('a settings change rebuilds what depends on the settings before the next read', async () => {
    const engine = await threeDaysEngine();
    // Three shifts a day over three rota days.
    expect(await engine.model.query(periodsPerDay)).toEqual([{ n: 9 }]);
    engine.settings = { ...DEFAULT_SETTINGS, shiftPattern: [{ name: 'Day', start: '07:00', hours: 12 }, { name: 'Night', start: '19:00', hours: 12 }] };
    expect(await engine.model.query(periodsPerDay)).toEqual([{ n: 6 }]);
  });

  it('"Delete all data" leaves no derived table (nor any other), and the next import builds afresh', async () => {
    const engine = await threeDaysEngine();
    await engine.model.ensure(CATALOG.map((t) => t.name));
    const tables = async () => (await engine.db.query<{ name: string }>('SELECT table_name AS name FROM duckdb_tables()')).map((r) => r.name);
    expect(await tables()).toEqual(expect.arrayContaining(CATALOG.map((t) => t.name)));
    await engine.clear();
    expect(await tables()).toEqual([]);
    await engine.importFile('shifts.csv', enc(SHIFTS), 'shifts');
    expect(await engine.model.query(periodsPerDay)).toEqual([{ n: 9 }]);
  });

  it('refuses a query naming a table the catalog does not have', async () => {
    const { model } = await threeDaysEngine();
    await expect(model.query(sql`SELECT * FROM ${table('no_such_table')}`)).rejects.toThrow(/not a table of the model catalog/);
  });
});
