/**
 * The workspace (ui/workspace/WorkspaceController) driven in Node: the real engine over the Node
 * DuckDB connector, the real browser-store logic over an in-memory backend. What the views see is
 * the snapshot; what survives a reload is what the store holds.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine, type FilterOptions } from '../../../src/engine';
import type { Mapping } from '../../../src/ingest/mapping';
import { NO_ALIASES } from '../../../src/model/reconcile';
import { memoryBackend, type Backend } from '../../../src/ui/storage/backend';
import { engineWithNames } from '../../../src/ui/storage/names';
import { WorkspaceStore } from '../../../src/ui/storage/workspaceStore';
import type { Connect, ImportRequest, WorkerStopped, WorkspaceState } from '../../../src/ui/workspace/types';
import { FilterOptionsCache } from '../../../src/ui/workspace/filterOptions';
import { WorkspaceController, type WorkspaceSnapshots } from '../../../src/ui/workspace/WorkspaceController';
import { INCIDENTS, PEOPLE, REQUIREMENTS, SHIFTS } from '../helpers/threeDays';

const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });
// The three-day fixture's incidents with one row whose date cannot be read: 7 read, 6 accepted, 1 rejected.
const INCIDENTS_ONE_BAD = `${INCIDENTS}I7,P1,not a date,Oak\n`;
/** The smallest mapping the store keeps (it drops presets that fail the schema). */
const MAPPING: Mapping = { version: 1, kind: 'incidents', format: 'delimited', headerRow: 0, headerRows: 1, headers: ['ref'], signature: 'ref', fields: {} };
const P3 = `person_id,name,unit,admitted,discharged\nP3,Kim Example,Oak,2025-01-01,\n`;

/**
 * `f` with a count of its calls. Not vi.fn(): Vitest keeps every vi.fn() of a worker for good, and
 * with it this file's scope (every engine it opened) while the worker runs other files.
 */
function counted<A extends unknown[], R>(f: (...args: A) => R): { fn: (...args: A) => R; calls: number } {
  const c = {
    calls: 0,
    fn: (...args: A) => {
      c.calls++;
      return f(...args);
    },
  };
  return c;
}

/** Every database opened by the test running. */
const opened: Engine[] = [];
// Closed after each test: the next test's databases reuse their wasm instances (db/node.ts).
afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.db.close().catch(() => undefined)));
});

interface Harness {
  ws: WorkspaceController;
  backend: Backend;
  /** The engines the workspace opened, in order, and the key each was made with. */
  engines: Engine[];
  keys: string[];
  /** How each engine's database failure is reported to the workspace. */
  failures: ((f: WorkerStopped) => void)[];
  /** Calls of the engines' own filterOptions (not the cached one the views get). */
  optionsCalls: () => number;
}

/** A workspace over `backend` (a reload: a new workspace over the same backend). */
function harness(
  backend: Backend = memoryBackend(),
  options: { sample?: () => Promise<ImportRequest[]>; tweak?: (e: Engine, h: Harness) => void; wipe?: () => Promise<void>; snapshots?: WorkspaceSnapshots } = {},
): Harness {
  let calls = 0;
  const h: Harness = { ws: null as unknown as WorkspaceController, backend, engines: [], keys: [], failures: [], optionsCalls: () => calls };
  const connect: Connect = async ({ pseudonymKey, onFailure }) => {
    const eng = createEngine(await openNodeDatabase(), { pseudonymKey });
    opened.push(eng);
    const own = eng.filterOptions;
    eng.filterOptions = () => {
      calls++;
      return own();
    };
    options.tweak?.(eng, h);
    h.engines.push(eng);
    h.keys.push(pseudonymKey);
    if (onFailure) h.failures.push(onFailure);
    return eng;
  };
  h.ws = new WorkspaceController({
    connect,
    openStore: async () => ({ store: new WorkspaceStore(backend), persistent: true }),
    wipeStorage: options.wipe ?? (() => new WorkspaceStore(backend).clearAll()),
    sample: options.sample ?? null,
    wipeLimitMs: 50,
    ...(options.snapshots ? { snapshots: options.snapshots } : {}),
  });
  return h;
}

/** The first snapshot (now or later) for which `ok` holds. */
function until(ws: WorkspaceController, ok: (s: WorkspaceState) => boolean): Promise<WorkspaceState> {
  return new Promise((resolve) => {
    if (ok(ws.getSnapshot())) return resolve(ws.getSnapshot());
    const stop = ws.subscribe(() => {
      if (ok(ws.getSnapshot())) {
        stop();
        resolve(ws.getSnapshot());
      }
    });
  });
}

const labels = (o: FilterOptions) => o.people.map((p) => [p.personId, p.label]);

describe('importing files', () => {
  test('the snapshot lists each file with what was read, accepted and rejected; the data version moves once the model is rebuilt', async () => {
    const h = harness();
    await h.ws.start();
    const before = h.ws.getSnapshot();
    expect(before.engine).not.toBeNull();
    expect(before).toMatchObject({ hasData: false, imports: [], source: null, error: null, progress: null });

    // When the version moves, the engine's model must already be rebuilt (views re-query then).
    const eng = h.engines[0]!;
    const rebuild = eng.rebuild;
    let rebuilt = 0;
    eng.rebuild = async () => {
      const summary = await rebuild();
      rebuilt++;
      return summary;
    };
    const rebuiltAtVersion: number[] = [];
    h.ws.subscribe(() => {
      const v = h.ws.getSnapshot().dataVersion;
      if (rebuiltAtVersion.length < v) rebuiltAtVersion.push(rebuilt);
    });

    const people = csv('people.csv', PEOPLE);
    const incidents = csv('incidents.csv', INCIDENTS_ONE_BAD);
    // One data action at a time: a second one asked for meanwhile is refused, not interleaved.
    const [ok, second] = await Promise.all([h.ws.importFiles([people, incidents]), h.ws.importFiles([csv('shifts.csv', SHIFTS)])]);
    expect([ok, second]).toEqual([true, false]);

    const s = h.ws.getSnapshot();
    expect(s.imports.map((e) => [e.fileName, e.report?.kind, e.report?.read, e.report?.accepted, e.report?.rejected, e.failure])).toEqual([
      ['people.csv', 'people', 2, 2, 0, null],
      ['incidents.csv', 'incidents', 7, 6, 1, null],
    ]);
    expect(s.imports[1]!.report!.reasons.reduce((n, r) => n + r.count, 0)).toBe(1);
    expect(s).toMatchObject({ hasData: true, source: 'files', error: null, progress: null, dataVersion: before.dataVersion + 1 });
    expect(s.keptBytes).toBe(people.size + incidents.size);
    expect(rebuiltAtVersion).toEqual([1]);

    // Both files are kept, in order, with their kinds, under the key the engine was made with.
    const store = new WorkspaceStore(h.backend);
    expect((await store.files()).map((f) => [f.name, f.kind])).toEqual([
      ['people.csv', 'people'],
      ['incidents.csv', 'incidents'],
    ]);
    expect(await store.source()).toBe('files');
    expect(await store.pseudonymKey()).toBe(h.keys[0]);
  });

  test('Cancel stops before the next file: the files done stay (and are kept), the rest are listed as not imported', async () => {
    let imported = 0;
    const h = harness(memoryBackend(), {
      tweak: (eng, self) => {
        const importFile = eng.importFile;
        eng.importFile = async (...args) => {
          const report = await importFile(...args);
          // Cancel pressed while the first file was being read: it finishes, nothing after it starts.
          if (++imported === 1) self.ws.cancelImport();
          return report;
        };
      },
    });
    await h.ws.start();
    const cancelling = until(h.ws, (s) => s.progress?.cancelling === true);
    const ok = await h.ws.importFiles([csv('people.csv', PEOPLE), csv('incidents.csv', INCIDENTS), csv('shifts.csv', SHIFTS)]);
    expect(ok).toBe(true);
    expect((await cancelling).progress?.message).toMatch(/stopping$/);
    expect(imported).toBe(1);
    const s = h.ws.getSnapshot();
    expect(s.imports.map((e) => [e.fileName, e.report?.accepted ?? null, e.failure])).toEqual([
      ['people.csv', 2, null],
      ['incidents.csv', null, 'Not imported: the import was cancelled before this file.'],
      ['shifts.csv', null, 'Not imported: the import was cancelled before this file.'],
    ]);
    expect((await new WorkspaceStore(h.backend).files()).map((f) => f.name)).toEqual(['people.csv']);

    // The next import is not cancelled by the last one's Cancel.
    expect(await h.ws.importFiles([csv('incidents.csv', INCIDENTS)])).toBe(true);
    expect(h.ws.getSnapshot().imports.map((e) => e.failure === null)).toEqual([true, false, false, true]);
  });

  test('a browser store that refuses to keep the files gives a warning; the data is still imported', async () => {
    const backend = memoryBackend();
    const h = harness({ ...backend, put: (store, key, value) => (store === 'files' ? Promise.reject(new Error('QuotaExceededError')) : backend.put(store, key, value)) });
    await h.ws.start();
    expect(await h.ws.importFiles([csv('people.csv', PEOPLE)])).toBe(true);
    const s = h.ws.getSnapshot();
    expect(s.hasData).toBe(true);
    expect(s.error).toBeNull();
    expect(s.storageWarning).toMatch(/^The imported files could not be kept in this browser \(QuotaExceededError\)/);
  });
});

describe('restoring what the browser kept', () => {
  test('a reload brings back what was kept: the files in order under the same key (same pseudonyms), the name matches, presets and the real-names choice', async () => {
    const first = harness();
    await first.ws.start();
    await first.ws.importFiles([csv('people.csv', PEOPLE), csv('incidents.csv', INCIDENTS_ONE_BAD)]);
    await first.ws.importFiles([csv('requirements.csv', REQUIREMENTS), csv('shifts.csv', SHIFTS)]);
    const engine = first.ws.getSnapshot().engine!;
    const peopleBefore = labels(await engine.filterOptions());
    expect(peopleBefore).toHaveLength(2);
    expect((await engine.filterOptions()).units).toEqual(['Oak']);
    const version = first.ws.getSnapshot().dataVersion;
    expect(await first.ws.saveAliases({ units: [{ raw: 'Oak', unit: 'Oak Ward' }], people: [], staff: [] })).toBe(true);
    expect(first.ws.getSnapshot().dataVersion).toBe(version + 1);
    expect((await engine.filterOptions()).units).toEqual(['Oak Ward']);
    await first.ws.savePreset('Vendor A', MAPPING);
    await first.ws.savePreset('Vendor B', MAPPING);
    await first.ws.deletePreset('Vendor A');
    await first.ws.setShowRealNames(true);
    const shownBefore = first.ws.getSnapshot();
    expect(shownBefore.presets.map((p) => p.name)).toEqual(['Vendor B']);

    const reload = harness(first.backend);
    const restoring = until(reload.ws, (s) => s.progress?.task === 'restore');
    await reload.ws.start();
    expect((await restoring).progress?.message).toMatch(/^Restoring your workspace: 4 files/);
    const s = reload.ws.getSnapshot();
    expect(reload.keys).toEqual([first.keys[0]]);
    expect(s.imports.map((e) => [e.fileName, e.report?.read, e.report?.accepted, e.report?.rejected])).toEqual(
      shownBefore.imports.map((e) => [e.fileName, e.report?.read, e.report?.accepted, e.report?.rejected]),
    );
    expect(s).toMatchObject({ hasData: true, source: 'files', error: null, storageWarning: null, restoreStopped: null, progress: null });
    const options = await s.engine!.filterOptions();
    expect(labels(options)).toEqual(peopleBefore);
    expect(options.units).toEqual(['Oak Ward']);
    expect(s).toMatchObject({ showRealNames: true, presets: [{ name: 'Vendor B' }] });
    // The mark of a load under way is gone once the load finished.
    expect(await new WorkspaceStore(first.backend).extra('restoring')).toBeUndefined();
  });

  test('a store that cannot be read gives a storage warning and an empty, working workspace', async () => {
    const backend = memoryBackend();
    await new WorkspaceStore(backend).addFile(csv('people.csv', PEOPLE), 'people', null);
    const h = harness({ ...backend, all: () => Promise.reject(new Error('The database connection is closing.')) });
    await h.ws.start();
    const s = h.ws.getSnapshot();
    expect(s.storageWarning).toBe('The workspace kept in this browser could not be read (The database connection is closing.).');
    expect(s).toMatchObject({ hasData: false, imports: [], error: null, openError: null, progress: null });
    expect(s.engine).not.toBeNull();
  });

  test('a kept file that no longer imports is listed with its reason; the rest come back', async () => {
    const backend = memoryBackend();
    const store = new WorkspaceStore(backend);
    await store.addFile(csv('people.csv', PEOPLE), 'people', null);
    await store.addFile(csv('notes.csv', 'just,some\ncolumns,nobody\n'), null, null);
    await store.setSource('files');
    const h = harness(backend);
    await h.ws.start();
    const s = h.ws.getSnapshot();
    expect(s.imports[0]).toMatchObject({ fileName: 'people.csv', failure: null, report: { accepted: 2 } });
    const bad = s.imports[1]!;
    expect(bad.fileName).toBe('notes.csv');
    expect(bad).toMatchObject({ failure: null, report: { read: 0, accepted: 0 } });
    expect(bad.report?.error).toMatch(/^Could not tell what kind of file this is from its columns/);
    expect(s).toMatchObject({ hasData: true, openError: null });
  });

  test('files whose last load did not finish are held back, not loaded again blindly', async () => {
    const backend = memoryBackend();
    const store = new WorkspaceStore(backend);
    await store.addFile(csv('people.csv', PEOPLE), 'people', null);
    await store.setSource('files');
    await store.setExtra('restoring', { startedAt: '2026-01-01T00:00:00Z', failure: 'The in-browser database ran out of memory and had to stop.' });
    let imported = 0;
    const h = harness(backend, {
      tweak: (eng) => {
        const importFile = eng.importFile;
        eng.importFile = (...args) => (imported++, importFile(...args));
      },
    });
    await h.ws.start();
    expect(imported).toBe(0);
    expect(h.ws.getSnapshot().restoreStopped).toMatch(/ran out of memory/);
    expect(h.ws.getSnapshot().hasData).toBe(false);

    // The user's choice: try again.
    expect(await h.ws.retryRestore()).toBe(true);
    expect(imported).toBe(1);
    expect(h.ws.getSnapshot()).toMatchObject({ hasData: true, restoreStopped: null });
    expect(await store.extra('restoring')).toBeUndefined();
  });

  test('after the database stops, a fresh one is started and the kept files are loaded into it', async () => {
    const h = harness();
    await h.ws.start();
    await h.ws.importFiles([csv('people.csv', PEOPLE)]);
    const version = h.ws.getSnapshot().dataVersion;
    h.failures[0]!({ kind: 'crash', message: 'The in-browser database stopped working unexpectedly.' });
    const s = await until(h.ws, (x) => x.progress === null && x.error !== null);
    expect(s.error).toMatch(/^The in-browser database stopped working unexpectedly\. PBS Lens started it again/);
    expect(h.engines).toHaveLength(2);
    expect(h.keys[1]).toBe(h.keys[0]);
    expect(s).toMatchObject({ hasData: true, source: 'files' });
    expect(s.dataVersion).toBeGreaterThan(version);
    expect((await s.engine!.filterOptions()).people).toHaveLength(2);
  });
});

describe('the sample and Delete all data', () => {
  test("the shipped sample snapshot's later tables failing (a damaged copy in the cache): the sample is read from its CSVs instead, not left empty", async () => {
    const sample = counted(async () => [
      { file: csv('people.csv', PEOPLE), kind: 'people' as const },
      { file: csv('incidents.csv', INCIDENTS), kind: 'incidents' as const },
    ]);
    const damaged = Object.assign(new Error('The stored snapshot is damaged.'), { name: 'SnapshotCorrupt' });
    const restoreSample = counted(async (eng: Engine) => {
      // The first stage in; the rest fails in the background (the engine then holds no tables).
      const rest = Promise.reject(damaged);
      rest.catch(() => undefined);
      Object.defineProperty(eng, 'restoring', { get: () => rest, configurable: true });
      return [];
    });
    const snapshots: WorkspaceSnapshots = { prefetchSample: () => undefined, restoreSample: restoreSample.fn, restoreKept: async () => null, saveKept: async () => undefined, dropKept: async () => undefined };
    const h = harness(memoryBackend(), { sample: sample.fn, snapshots });
    await h.ws.start();
    expect(await h.ws.loadSample()).toBe(true);
    const s = await until(h.ws, (x) => x.imports.length === 2 && !x.progress);
    expect(s).toMatchObject({ source: 'sample', hasData: true });
    expect(s.imports.map((e) => e.fileName)).toEqual(['people.csv', 'incidents.csv']);
    expect(sample.calls).toBe(1);
    expect(restoreSample.calls).toBe(1);
  });

  test('a kept sample choice is loaded once at start-up; asking for the sample again (?sample=1) does not load it a second time, unless it changed', async () => {
    const sample = counted(async () => [
      { file: csv('people.csv', PEOPLE), kind: 'people' as const },
      { file: csv('incidents.csv', INCIDENTS), kind: 'incidents' as const },
    ]);
    const backend = memoryBackend();
    const first = harness(backend, { sample: sample.fn });
    await first.ws.start();
    expect(await first.ws.loadSample()).toBe(true);
    expect(sample.calls).toBe(1);

    const reload = harness(backend, { sample: sample.fn });
    await reload.ws.start();
    expect(sample.calls).toBe(2);
    const loaded = reload.ws.getSnapshot();
    expect(await reload.ws.loadSample()).toBe(true);
    expect(sample.calls).toBe(2);
    expect(reload.ws.getSnapshot()).toMatchObject({ source: 'sample', hasData: true, dataVersion: loaded.dataVersion });

    // Changed since (name matches applied): asked for again, the sample is loaded as shipped.
    expect(await reload.ws.saveAliases(NO_ALIASES)).toBe(true);
    expect(await reload.ws.loadSample()).toBe(true);
    expect(sample.calls).toBe(3);
  });

  test('the sample replaces the files and is not kept as files; Delete all data empties the workspace and the store', async () => {
    // A plain counter, not vi.fn(): Vitest keeps every vi.fn() of a worker for good, and with it
    // this file's scope (every engine it opened) while the worker runs other files.
    let sampleCalls = 0;
    const sample = async () => {
      sampleCalls++;
      return [
        { file: csv('people.csv', PEOPLE), kind: 'people' as const },
        { file: csv('incidents.csv', INCIDENTS), kind: 'incidents' as const },
      ];
    };
    const h = harness(memoryBackend(), { sample });
    await h.ws.start();
    await h.ws.importFiles([csv('shifts.csv', SHIFTS)]);
    await h.ws.savePreset('Vendor A', MAPPING);
    expect(h.ws.getSnapshot().presets).toHaveLength(1);
    expect(await h.ws.loadSample()).toBe(true);
    let s = h.ws.getSnapshot();
    expect(s.imports.map((e) => e.fileName)).toEqual(['people.csv', 'incidents.csv']);
    expect(s).toMatchObject({ source: 'sample', hasData: true, keptBytes: 0 });
    expect(sampleCalls).toBe(1);
    const store = new WorkspaceStore(h.backend);
    expect(await store.files()).toEqual([]);
    expect(await store.source()).toBe('sample');

    const version = s.dataVersion;
    await h.ws.clearAll();
    s = h.ws.getSnapshot();
    expect(s).toMatchObject({ imports: [], source: null, hasData: false, presets: [], showRealNames: false, error: null, progress: null, restoreStopped: null });
    expect(s.dataVersion).toBe(version + 1);
    expect(h.engines).toHaveLength(2);
    expect(s.engine).not.toBeNull();
    expect(h.keys[1]).not.toBe(h.keys[0]);
    for (const name of ['files', 'presets', 'meta'] as const) expect(await h.backend.all(name)).toEqual([]);
  });

  test('Delete all data finishes when the browser storage never answers: the user is told, and a fresh database is ready', async () => {
    const h = harness(memoryBackend(), { wipe: () => new Promise<void>(() => undefined) });
    await h.ws.start();
    await h.ws.clearAll();
    const s = h.ws.getSnapshot();
    expect(s.error).toMatch(/^Deleting the data kept in this browser did not finish within \d+ seconds\. Clear this site's data/);
    expect(s).toMatchObject({ progress: null, openError: null, imports: [] });
    expect(s.engine).not.toBeNull();
    expect(h.engines).toHaveLength(2);
  });
});

describe('the filter options', () => {
  test('are read once per data version, whoever asks; an import reads them again', async () => {
    // A page asking while the next import is under way (before its model is built).
    let midImport: Promise<FilterOptions> | null = null;
    const h = harness(memoryBackend(), {
      tweak: (eng, self) => {
        const importFile = eng.importFile;
        eng.importFile = (name, ...rest) => {
          if (name === 'people-more.csv') midImport = self.ws.getSnapshot().engine!.filterOptions();
          return importFile(name, ...rest);
        };
      },
    });
    await h.ws.start();
    await h.ws.importFiles([csv('people.csv', PEOPLE), csv('incidents.csv', INCIDENTS)]);
    const engine = h.ws.getSnapshot().engine!;
    const named = engineWithNames(engine, true, async () => new Map());
    // A page opening: the app's people index, the page's filter bar, the export pseudonymiser.
    const three = await Promise.all([engine.filterOptions(), named.filterOptions(), engine.filterOptions()]);
    expect(h.optionsCalls()).toBe(1);
    expect(three[2]).toBe(three[0]);
    expect(three[0]!.people).toHaveLength(2);
    // Another page, same data: still the one read.
    await engine.filterOptions();
    expect(h.optionsCalls()).toBe(1);

    await h.ws.importFiles([csv('people-more.csv', P3)]);
    expect(h.ws.getSnapshot().engine).toBe(engine);
    const after = await Promise.all([engine.filterOptions(), engine.filterOptions()]);
    expect(h.optionsCalls()).toBe(2);
    expect(after[0]!.people).toHaveLength(3);
    // The ask made during the import waited for it: the new people, from the same single read.
    expect(midImport).not.toBeNull();
    expect((await midImport!).people).toHaveLength(3);
    expect(h.optionsCalls()).toBe(2);
  });

  test('a failed read is not kept: the next ask reads again', async () => {
    let reads = 0;
    const options: FilterOptions = { units: ['Oak'], people: [], minDate: null, maxDate: null };
    const engine = { filterOptions: () => (++reads === 1 ? Promise.reject(new Error('busy')) : Promise.resolve(options)) } as Engine;
    const cache = new FilterOptionsCache(() => 0, () => null);
    await expect(cache.get(engine)).rejects.toThrow('busy');
    await expect(cache.get(engine)).resolves.toBe(options);
    await expect(cache.get(engine)).resolves.toBe(options);
    expect(reads).toBe(2);
  });
});
