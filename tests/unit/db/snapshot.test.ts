/**
 * Database snapshots (db/snapshot.ts through engine.snapshot / restore) in real duckdb-wasm:
 * the sample imported and analysed, written out, read into a fresh engine, analysed again. A
 * person would expect the restored workspace to be indistinguishable: the same tables, types,
 * rows and results, with no import and no model build; and a damaged, cut-short or foreign
 * snapshot to be refused with a clear error, leaving an empty engine that can import as usual.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import { bytesSource, concatBytes, createEngine, SAMPLE_PSEUDONYM_KEY, SnapshotCorrupt, SnapshotRefused, type AppTag, type Engine } from '../../../src/engine';
import { FILE_KINDS, TABLES } from '../../../src/ingest/canonical';
import { NO_FILTERS } from '../../../src/model/filters';
import { REPORT_ANALYSES } from '../../../src/analysis';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';

const root = path.resolve(import.meta.dirname, '../../..');
const APP: AppTag = { app: '0.1.0', definitions: 'test-definitions' };
const KEY = 'snapshot-test-key';

async function importSample(engine: Engine): Promise<void> {
  for (const kind of FILE_KINDS) {
    const name = `${TABLES[kind].table}.csv`;
    const file = path.join(root, 'sample-data', name);
    if (!fs.existsSync(file)) continue;
    const report = await engine.importFile(name, new Uint8Array(fs.readFileSync(file)), kind);
    expect(report.error).toBeNull();
  }
}

/** Two analyses the pages run: the staffing view (exposure tables) and data quality (summary tables built lazily). */
async function analyses(engine: Engine) {
  return {
    staffing: await engine.staffing(NO_FILTERS),
    dataQuality: await REPORT_ANALYSES.dataQuality!({ model: engine.model, filters: NO_FILTERS, settings: engine.settings }),
    restrictive: await REPORT_ANALYSES.restrictivePractice!({ model: engine.model, filters: NO_FILTERS, settings: engine.settings }),
    options: await engine.filterOptions(),
  };
}

async function columns(db: Connector) {
  return db.query(
    `SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index`,
  );
}

async function tableRows(db: Connector): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`);
  const out: Record<string, number> = {};
  for (const t of tables) out[t.name] = (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM "${t.name}"`))[0]!.n;
  return out;
}

/** A table's contents as text, in a fixed order: equal text = equal values of equal types. */
async function contents(db: Connector, table: string): Promise<string[]> {
  const rows = await db.query<{ r: string }>(`SELECT t::VARCHAR AS r FROM "${table}" t ORDER BY ALL`);
  return rows.map((r) => r.r);
}

describe('database snapshot of the sample service', () => {
  let original: Engine;
  let restored: Engine;
  let bytes: Uint8Array;
  let before: Awaited<ReturnType<typeof analyses>>;
  let timeline: string[];

  beforeAll(async () => {
    original = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
    await importSample(original);
    before = await analyses(original);
    const snap = await original.snapshot(APP, { note: 'kept by the caller' });
    bytes = concatBytes(snap.parts);
    expect(bytes.length).toBe(snap.bytes);
    restored = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
    performance.clearMeasures();
    const extra = await restored.restore(bytesSource(bytes), APP);
    expect(extra).toEqual({ note: 'kept by the caller' });
    timeline = performance.getEntriesByType('measure').map((m) => m.name);
    // Importing the sample twice over takes minutes when the machine's cores are shared.
  }, 300_000);

  afterAll(async () => {
    await original?.db.close();
    await restored?.db.close();
  });

  it('holds every table with the same columns, types and row counts', async () => {
    expect(await columns(restored.db)).toEqual(await columns(original.db));
    const rows = await tableRows(restored.db);
    expect(rows).toEqual(await tableRows(original.db));
    // The canonical, bookkeeping, reconciliation and model tables are all there.
    for (const t of ['incidents', 'shifts', 'people', 'imports', 'vocabulary', 'unit_aliases', 'person_periods', 'person_spans', 'periods']) expect(rows).toHaveProperty(t);
    expect(rows.incidents).toBeGreaterThan(0);
    expect(rows.person_periods).toBeGreaterThan(0);
    // The reconciled views (their columns are compared above; DuckDB may print a REPLACE list in another order).
    const views = (db: Connector) => db.query(`SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1`);
    expect(await views(restored.db)).toEqual(await views(original.db));
  });

  it('holds the same values: timestamps naive, dates, integer keys, lists and text exactly', async () => {
    for (const table of ['incidents', 'shifts', 'people', 'imports', 'person_spans', 'periods', 'person_periods', 'restrictive_interventions']) {
      expect(await contents(restored.db, table), table).toEqual(await contents(original.db, table));
    }
  });

  it('gives identical analyses without importing or building the model again', async () => {
    expect(await analyses(restored)).toEqual(before);
    // No import happened and the model built no table: every table the analyses read came fresh from the snapshot.
    expect(timeline).toContain('snapshot restore');
    expect(timeline.filter((n) => n.startsWith('import ') || n === 'exposure build')).toEqual([]);
    expect(restored.model.tablesBuilt).toBe(0);
    expect(original.model.tablesBuilt).toBeGreaterThan(10);
  });

  it('takes a further import as the original does (keys, bookkeeping and duplicates carry over)', async () => {
    const again = new Uint8Array(fs.readFileSync(path.join(root, 'sample-data', 'incidents.csv')));
    const a = await original.importFile('incidents-again.csv', again, 'incidents');
    const b = await restored.importFile('incidents-again.csv', again, 'incidents');
    expect(b).toEqual(a);
    expect(a.duplicates).toBe(a.read);
    expect(await restored.staffing(NO_FILTERS)).toEqual(await original.staffing(NO_FILTERS));
  });
});

describe('a snapshot that cannot be used', () => {
  let bytes: Uint8Array;
  let engine: Engine;

  beforeAll(async () => {
    const source = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
    await importSample(source);
    bytes = concatBytes((await source.snapshot(APP)).parts);
    await source.db.close();
    engine = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
  }, 300_000);

  afterAll(async () => {
    await engine?.db.close();
  });

  const tables = async () => (await engine.db.query(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`)).length;

  it('is refused when made with other definitions, settings, app version or key', async () => {
    await expect(engine.restore(bytesSource(bytes), { ...APP, definitions: 'other' })).rejects.toThrow(SnapshotRefused);
    await expect(engine.restore(bytesSource(bytes), { ...APP, app: '0.2.0' })).rejects.toThrow(/another app/);
    engine.settings = { ...DEFAULT_SETTINGS, familiarity: { ...DEFAULT_SETTINGS.familiarity, windowDays: DEFAULT_SETTINGS.familiarity.windowDays + 1 } };
    await expect(engine.restore(bytesSource(bytes), APP)).rejects.toThrow(/another settings/);
    engine.settings = DEFAULT_SETTINGS;
    const stranger = createEngine(engine.db, { pseudonymKey: 'another key' });
    await expect(stranger.restore(bytesSource(bytes), APP)).rejects.toThrow(/another key/);
    expect(await tables()).toBe(0);
  });

  it('is rejected with a clear error when cut short, damaged or not a snapshot, leaving an empty engine', async () => {
    await expect(engine.restore(bytesSource(bytes.subarray(0, bytes.length - 100)), APP)).rejects.toThrow(/cut short/);
    await expect(engine.restore(bytesSource(bytes.subarray(0, 30)), APP)).rejects.toThrow(SnapshotCorrupt);
    const damaged = bytes.slice();
    damaged[damaged.length - 5000] = damaged[damaged.length - 5000]! ^ 0xff;
    await expect(engine.restore(bytesSource(damaged), APP)).rejects.toThrow(/damaged/);
    expect(await tables()).toBe(0);
    const notOne = new TextEncoder().encode('person_id,unit\nP1,Oak\n');
    await expect(engine.restore(bytesSource(notOne), APP)).rejects.toThrow(/not a PBS Lens snapshot/);
    const badManifest = bytes.slice();
    badManifest[30] = 0x7b; // "{" inside the JSON description
    await expect(engine.restore(bytesSource(badManifest), APP)).rejects.toThrow(SnapshotCorrupt);
  });

  it('leaves the engine to fall back on importing the files, as today', async () => {
    const damaged = bytes.slice();
    damaged[damaged.length - 5000] = damaged[damaged.length - 5000]! ^ 0xff;
    await expect(engine.restore(bytesSource(damaged), APP)).rejects.toThrow(SnapshotCorrupt);
    await importSample(engine);
    const fromFiles = await engine.staffing(NO_FILTERS);
    const fresh = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
    await fresh.restore(bytesSource(bytes), APP);
    expect(await fresh.staffing(NO_FILTERS)).toEqual(fromFiles);
    await fresh.db.close();
  });
});

describe("the sample's public pseudonym key", () => {
  // The pseudonym as the BRIEF defines it, computed here independently: "Person " and the first
  // six hex digits of md5(key || person_id), upper case.
  const pseudonym = (key: string, id: string) => `Person ${createHash('md5').update(key + id).digest('hex').slice(0, 6).toUpperCase()}`;
  const peopleCsv = new Uint8Array(fs.readFileSync(path.join(root, 'sample-data', 'people.csv')));
  const firstId = fs.readFileSync(path.join(root, 'sample-data', 'people.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;

  it('labels the sample with the public key, and anything imported after clear() with the engine\'s own key again', async () => {
    const engine = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
    engine.useSampleKey();
    await engine.importFile('people.csv', peopleCsv, 'people');
    const sample = await engine.personLabels();
    expect(sample.get(firstId)).toBe(pseudonym(SAMPLE_PSEUDONYM_KEY, firstId));
    await engine.clear();
    await engine.importFile('people.csv', peopleCsv, 'people');
    const own = await engine.personLabels();
    expect(own.get(firstId)).toBe(pseudonym(KEY, firstId));
    await engine.db.close();
  });
});
