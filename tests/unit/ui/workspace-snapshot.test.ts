/**
 * The workspace (ui/workspace/WorkspaceController) with snapshots (ui/snapshots.ts) in Node: the
 * real engine, the real browser-store logic over an in-memory backend. A person would expect a
 * reload after an import to bring back the same files, reports, numbers and pseudonyms without
 * importing a file or building a model table; and a reload after the files changed to import.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine } from '../../../src/engine';
import { memoryBackend, STORES, type Backend, type StoreName } from '../../../src/ui/storage/backend';
import { WorkspaceStore } from '../../../src/ui/storage/workspaceStore';
import { dropKeptSnapshot, prefetchSampleSnapshot, restoreKeptSnapshot, restoreSampleSnapshot, saveKeptSnapshot } from '../../../src/ui/snapshots';
import type { StoredFile } from '../../../src/ui/storage';
import type { Connect } from '../../../src/ui/workspace/types';
import { closeNoteIn, type CloseNote } from '../../../src/ui/workspace/closeNote';
import { WorkspaceController } from '../../../src/ui/workspace/WorkspaceController';
import { NO_FILTERS } from '../../../src/analysis/types';
import { INCIDENTS, PEOPLE, REQUIREMENTS, SHIFTS } from '../helpers/threeDays';

const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });
const opened: Engine[] = [];
// Closed after each test: the next test's databases reuse their wasm instances (db/node.ts).
afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.db.close().catch(() => undefined)));
});

/** A workspace over `backend`; `imports` counts the files its engines import. */
function workspace(backend: Backend, restoreKept = restoreKeptSnapshot, closeNote?: CloseNote) {
  const counts = { imports: 0 };
  const engines: Engine[] = [];
  const connect: Connect = async ({ pseudonymKey }) => {
    const eng = createEngine(await openNodeDatabase(), { pseudonymKey });
    opened.push(eng);
    engines.push(eng);
    const own = eng.importFile;
    eng.importFile = (...args) => {
      counts.imports++;
      return own(...args);
    };
    return eng;
  };
  const ws = new WorkspaceController({
    connect,
    openStore: async () => ({ store: new WorkspaceStore(backend), persistent: true }),
    wipeStorage: () => new WorkspaceStore(backend).clearAll(),
    sample: null,
    wipeLimitMs: 50,
    snapshots: { prefetchSample: prefetchSampleSnapshot, restoreSample: restoreSampleSnapshot, restoreKept, saveKept: saveKeptSnapshot, dropKept: dropKeptSnapshot },
    ...(closeNote ? { closeNote } : {}),
  });
  return { ws, counts, engines };
}

/**
 * What the app's first page does once a kept workspace is back: it asks for its numbers, which
 * lets the background stage go on at once (engine.ts waits up to FIRST_PAGE_WAIT_MS for it); then
 * the background stage is awaited.
 */
async function firstPageAsks(eng: Engine): Promise<void> {
  await eng.staffing(NO_FILTERS);
  await eng.restoring;
}

const snapshotKept = (backend: Backend) => new WorkspaceStore(backend).extra('snapshot');

/** A copy of one backend holding three imported files and their snapshot (imported once for the tests that start there). */
let seeded: Promise<Map<StoreName, Map<string, unknown>>> | null = null;
async function keptThreeFiles(): Promise<Backend> {
  seeded ??= (async () => {
    const recorded = recordingBackend();
    const first = workspace(recorded.backend);
    await first.ws.start();
    await first.ws.importFiles([csv('people.csv', PEOPLE), csv('requirements.csv', REQUIREMENTS), csv('shifts.csv', SHIFTS)]);
    await expect.poll(() => snapshotKept(recorded.backend), { timeout: 60_000, interval: 200 }).toBeDefined();
    return recorded.stores;
  })();
  return recordingBackend(await seeded).backend;
}

/** A memory backend whose entries (by key) can be copied into another: each test gets its own copy. */
function recordingBackend(from?: Map<StoreName, Map<string, unknown>>): { backend: Backend; stores: Map<StoreName, Map<string, unknown>> } {
  const stores = new Map<StoreName, Map<string, unknown>>(STORES.map((name) => [name, new Map(from?.get(name) ?? [])]));
  const store = (name: StoreName) => stores.get(name)!;
  const backend: Backend = {
    get: async <T,>(name: StoreName, key: string) => store(name).get(key) as T | undefined,
    put: async (name, key, value) => void store(name).set(key, value),
    delete: async (name, key) => void store(name).delete(key),
    all: async <T,>(name: StoreName) => [...store(name).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v as T),
    keys: async (name) => [...store(name).keys()].sort(),
    clear: async (name) => store(name).clear(),
    close: () => undefined,
  };
  return { backend, stores };
}

describe('the workspace with snapshots', () => {
  test('a reload after an import reads the snapshot: same reports, numbers and pseudonyms, no import, no build', async () => {
    const backend = memoryBackend();
    const first = workspace(backend);
    await first.ws.start();
    expect(await first.ws.importFiles([csv('people.csv', PEOPLE), csv('requirements.csv', REQUIREMENTS), csv('shifts.csv', SHIFTS), csv('incidents.csv', INCIDENTS)])).toBe(true);
    const before = first.ws.getSnapshot();
    const options = await before.engine!.filterOptions();
    // Written in the background after the build.
    await expect.poll(() => snapshotKept(backend), { timeout: 60_000, interval: 200 }).toBeDefined();

    const reload = workspace(backend);
    await reload.ws.start();
    const after = reload.ws.getSnapshot();
    expect(reload.counts.imports).toBe(0);
    expect(after).toMatchObject({ source: 'files', hasData: true, error: null, storageWarning: null });
    expect(after.imports).toEqual(before.imports);
    expect(await after.engine!.filterOptions()).toEqual(options);
    expect(reload.engines[0]!.model.tablesBuilt).toBe(0);
  });

  test('a reload after the kept files changed imports them (the snapshot no longer fits)', async () => {
    const backend = await keptThreeFiles();
    // Another file kept without a new snapshot (as if the page closed before it was written).
    await new WorkspaceStore(backend).addFile(csv('incidents.csv', INCIDENTS), 'incidents', null);

    const reload = workspace(backend);
    await reload.ws.start();
    expect(reload.counts.imports).toBe(4);
    expect(reload.ws.getSnapshot().imports.map((e) => e.fileName)).toEqual(['people.csv', 'requirements.csv', 'shifts.csv', 'incidents.csv']);
  });

  test('the loading mark stays until the background restore is in, so a database that stops meanwhile is not restarted into a loop', async () => {
    const backend = await keptThreeFiles();

    // The later tables "still loading" until the test lets them in.
    let letIn!: () => void;
    const rest = new Promise<void>((resolve) => (letIn = resolve));
    const reload = workspace(backend, async (eng, store, files, aliases) => {
      const entries = await restoreKeptSnapshot(eng, store, files, aliases);
      await firstPageAsks(eng);
      Object.defineProperty(eng, 'restoring', { get: () => rest });
      return entries;
    });
    await reload.ws.start();
    expect(reload.ws.getSnapshot()).toMatchObject({ source: 'files', hasData: true });
    expect(await new WorkspaceStore(backend).extra('restoring')).toBeDefined();
    letIn();
    await expect.poll(() => new WorkspaceStore(backend).extra('restoring'), { timeout: 10_000, interval: 50 }).toBeUndefined();
  });

  /** A reload whose later tables stay "loading" until the test lets them in (or never). */
  const slowRestore = (rest: Promise<void>) => async (eng: Engine, store: WorkspaceStore, files: readonly StoredFile[], aliases: unknown) => {
    const entries = await restoreKeptSnapshot(eng, store, files, aliases);
    await firstPageAsks(eng);
    Object.defineProperty(eng, 'restoring', { get: () => rest });
    return entries;
  };

  test('a page closed while the later tables load is not taken for a crash: the next load restores; a page that crashed (no pagehide) is held back', async () => {
    const backend = await keptThreeFiles();

    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
    // Closed normally (pagehide) while the rest loads: the next load restores the workspace.
    const closedPage = new EventTarget();
    const closed = workspace(backend, slowRestore(new Promise<void>(() => undefined)), closeNoteIn(storage, closedPage));
    await closed.ws.start();
    expect(await new WorkspaceStore(backend).extra('restoring')).toBeDefined();
    closedPage.dispatchEvent(new Event('pagehide'));
    const next = workspace(backend, restoreKeptSnapshot, closeNoteIn(storage, new EventTarget()));
    await next.ws.start();
    expect(next.ws.getSnapshot()).toMatchObject({ source: 'files', hasData: true, restoreStopped: null });
    expect(next.counts.imports).toBe(0);
    await firstPageAsks(next.engines.at(-1)!);
    await expect.poll(() => new WorkspaceStore(backend).extra('restoring'), { timeout: 10_000, interval: 50 }).toBeUndefined();

    // Gone without a pagehide (a crashed tab) while the rest loads: the next load holds the files back and says why.
    const crashed = workspace(backend, slowRestore(new Promise<void>(() => undefined)), closeNoteIn(storage, new EventTarget()));
    await crashed.ws.start();
    const after = workspace(backend, restoreKeptSnapshot, closeNoteIn(storage, new EventTarget()));
    await after.ws.start();
    expect(after.ws.getSnapshot()).toMatchObject({ hasData: false });
    expect(after.ws.getSnapshot().restoreStopped).toMatch(/the loading did not finish/);
  });

  test('a close during the background stage is honoured once: closed the same way again, the next load holds the files back', async () => {
    const backend = await keptThreeFiles();
    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
    const never = new Promise<void>(() => undefined);
    for (let load = 1; load <= 2; load++) {
      const page = new EventTarget();
      const w = workspace(backend, slowRestore(never), closeNoteIn(storage, page));
      await w.ws.start();
      expect(w.ws.getSnapshot()).toMatchObject({ hasData: true, restoreStopped: null });
      page.dispatchEvent(new Event('pagehide'));
    }
    const third = workspace(backend, restoreKeptSnapshot, closeNoteIn(storage, new EventTarget()));
    await third.ws.start();
    expect(third.ws.getSnapshot().hasData).toBe(false);
    expect(third.ws.getSnapshot().restoreStopped).toMatch(/the loading did not finish/);
  });
});

