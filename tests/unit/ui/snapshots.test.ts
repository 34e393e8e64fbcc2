/**
 * The workspace snapshot as the app keeps it (ui/snapshots.ts) over the in-memory storage backend
 * and a real duckdb-wasm engine: saved next to the kept files, used on the next load only when
 * made from exactly those files and name matches, replaced by pointer, and given up (files
 * imported again) when anything about it is wrong. A person would expect a snapshot never to show
 * data other than what the kept files hold.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine } from '../../../src/engine';
import { NO_FILTERS } from '../../../src/model/filters';
import { memoryBackend } from '../../../src/ui/storage/backend';
import { WorkspaceStore } from '../../../src/ui/storage/workspaceStore';
import { dropKeptSnapshot, restoreKeptSnapshot, saveKeptSnapshot } from '../../../src/ui/snapshots';
import type { ImportEntry } from '../../../src/ui/useWorkspace';
import { keepSample } from '../helpers/keptSample';
import { snapshotLayout } from '../helpers/snapshotLayout';

const KEY = 'ui-snapshot-test-key';
const FILES = ['people.csv', 'incidents.csv', 'shifts.csv'];

let engine: Engine;
let store: WorkspaceStore;
let imports: ImportEntry[];
const engines: Engine[] = [];

const fresh = async () => {
  const e = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
  engines.push(e);
  return e;
};

beforeAll(async () => {
  engine = await fresh();
  store = new WorkspaceStore(memoryBackend());
  imports = await keepSample(engine, store, FILES);
}, 300_000);

// Each test's engines closed after it (the next test's databases reuse their wasm instances:
// db/node.ts); the one beforeAll made, at the end.
afterEach(async () => {
  for (const e of engines.splice(1)) await e.db.close();
});
afterAll(async () => {
  for (const e of engines) await e.db.close();
});

describe('the workspace snapshot kept in the browser', () => {
  it('is restored for the same kept files, with the import reports and the same numbers', async () => {
    const next = await fresh();
    const entries = await restoreKeptSnapshot(next, store, await store.files(), undefined);
    expect(entries).toEqual(imports);
    expect(await next.staffing(NO_FILTERS)).toEqual(await engine.staffing(NO_FILTERS));
  });

  it('is not used, and is deleted, when the kept files or name matches differ from those it was made from', async () => {
    const files = await store.files();
    await expect(restoreKeptSnapshot(await fresh(), store, files.slice(1), undefined)).resolves.toBeNull();
    expect(await store.extra('snapshot')).toBeUndefined();
    // Saved again, then asked with name matches it was not made with.
    await saveKeptSnapshot(engine, store, () => imports, async () => undefined);
    await expect(restoreKeptSnapshot(await fresh(), store, files, { units: [{ raw: 'Oak Ward', unit: 'Oak' }], people: [] })).resolves.toBeNull();
    expect(await store.extra('snapshot')).toBeUndefined();
  });

  it('replaces the one in force by moving the pointer; the old bytes go', async () => {
    await saveKeptSnapshot(engine, store, () => imports, async () => undefined);
    const first = await store.extra<{ id: string }>('snapshot');
    await saveKeptSnapshot(engine, store, () => imports, async () => undefined);
    const second = await store.extra<{ id: string }>('snapshot');
    expect(second!.id).not.toBe(first!.id);
    expect(await store.extra(`snapshot:${first!.id}`)).toBeUndefined();
    expect(await store.extra(`snapshot:${second!.id}`)).toBeDefined();
    await dropKeptSnapshot(store);
    expect(await store.extra('snapshot')).toBeUndefined();
    expect(await store.extra(`snapshot:${second!.id}`)).toBeUndefined();
  });

  /** The kept snapshot's bytes with one byte of `table` flipped. */
  async function damage(table: string): Promise<void> {
    await saveKeptSnapshot(engine, store, () => imports, async () => undefined);
    const pointer = await store.extra<{ id: string }>('snapshot');
    const kept = await store.extra<{ blob: Blob }>(`snapshot:${pointer!.id}`);
    const bytes = new Uint8Array(await kept!.blob.arrayBuffer());
    const at = snapshotLayout(bytes).find((t) => t.name === table)!.from + 50;
    bytes[at] = bytes[at]! ^ 0xff;
    await store.setExtra(`snapshot:${pointer!.id}`, { blob: new Blob([bytes]) });
  }

  it('gives way to importing the files when a table of the first page is damaged, leaving an empty engine', async () => {
    await damage('periods');
    const next = await fresh();
    await expect(restoreKeptSnapshot(next, store, await store.files(), undefined)).resolves.toBeNull();
    expect(await next.db.query(`SELECT table_name FROM duckdb_tables()`)).toEqual([]);
    expect(await store.extra('snapshot')).toBeUndefined();
  });

  it('when a later table is damaged, after the first page: drops every table, every page says why, and the next load imports the files', async () => {
    await damage('shifts');
    const next = await fresh();
    // The first page's tables are whole: the workspace opens from them.
    await expect(restoreKeptSnapshot(next, store, await store.files(), undefined)).resolves.toEqual(imports);
    await expect(next.restoring).rejects.toThrow(/damaged \(table shifts\)/);
    expect(await next.db.query(`SELECT table_name FROM duckdb_tables()`)).toEqual([]);
    await expect(next.staffing(NO_FILTERS)).rejects.toThrow(/The stored snapshot is damaged \(table shifts\)/);
    // The snapshot is deleted (just after the engine reports the damage), so the next load imports the kept files.
    for (let i = 0; i < 100 && (await store.extra('snapshot')) !== undefined; i++) await new Promise((r) => setImmediate(r));
    expect(await store.extra('snapshot')).toBeUndefined();
    await expect(restoreKeptSnapshot(await fresh(), store, await store.files(), undefined)).resolves.toBeNull();
  });
});
