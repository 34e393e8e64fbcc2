/**
 * The pages' tables kept with the workspace snapshot (ui/snapshots.ts saveKeptPart) over the
 * in-memory storage backend and a real duckdb-wasm engine. A person would expect a page opened
 * before a reload to open from its kept tables after it (no build, same numbers); a save cut
 * short (the page closed between the part's bytes and the pointer) to leave a workspace that
 * restores as before, the unlisted part ignored and its bytes cleared later; and an import after
 * the save to leave no kept table in use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine } from '../../../src/engine';
import { REPORT_ANALYSES } from '../../../src/analysis';
import { NO_FILTERS } from '../../../src/model/filters';
import { memoryBackend } from '../../../src/ui/storage/backend';
import { WorkspaceStore } from '../../../src/ui/storage/workspaceStore';
import { dropKeptSnapshot, restoreKeptSnapshot, saveKeptPart, saveKeptSnapshot } from '../../../src/ui/snapshots';
import type { ImportEntry } from '../../../src/ui/useWorkspace';
import { keepSample } from '../helpers/keptSample';

const root = path.resolve(import.meta.dirname, '../../..');
const KEY = 'ui-parts-test-key';

let engine: Engine;
let store: WorkspaceStore;
let imports: ImportEntry[];
const engines: Engine[] = [];
/** Set to make the second write of the pointer from now fail (a part's listing, after its bytes), as a page closed at that moment. */
let pointerFails = false;
let pointerWrites = 0;

const fresh = async () => {
  const e = createEngine(await openNodeDatabase(), { pseudonymKey: KEY, partQuietMs: 0 });
  engines.push(e);
  return e;
};
const page = (e: Engine, name: 'when' | 'overTime') => REPORT_ANALYSES[name]!({ model: e.model, filters: NO_FILTERS, settings: e.settings });
const pointer = () => store.extra<{ id: string; parts?: { key: string; tables: string[] }[]; writing?: string[] }>('snapshot');
const reload = async () => {
  const e = await fresh();
  const entries = await restoreKeptSnapshot(e, store, await store.files(), undefined);
  await Promise.all([e.restoring, e.staffing(NO_FILTERS)]); // the first page asks, as the app's does (else the rest of the restore waits FIRST_PAGE_WAIT_MS for it)
  return { e, entries };
};

beforeAll(async () => {
  engine = await fresh();
  store = new WorkspaceStore(memoryBackend());
  const setExtra = store.setExtra.bind(store);
  store.setExtra = async (name, value) => {
    if (name === 'snapshot' && pointerFails && ++pointerWrites === 2) {
      pointerFails = false;
      pointerWrites = 0;
      throw new Error('the page was closed');
    }
    return setExtra(name, value);
  };
  imports = await keepSample(engine, store);
}, 300_000);

// Each test's engines closed after it (the next test's databases reuse their wasm instances:
// db/node.ts); the one beforeAll made, at the end.
afterEach(async () => {
  for (const e of engines.splice(1)) await e.db.close();
});
afterAll(async () => {
  for (const e of engines) await e.db.close();
});

describe('the pages’ tables kept with the snapshot', () => {
  it('a page opened after the save is kept as a part; after a reload it opens with no build and the same numbers', async () => {
    const when = await page(engine, 'when');
    await saveKeptPart(engine, store);
    const p = await pointer();
    expect(p!.parts).toHaveLength(1);
    expect(p!.parts![0]!.tables).toContain('exposure_incidents');
    expect(await store.extra(p!.parts![0]!.key)).toBeDefined();
    // Nothing new: no second part.
    await saveKeptPart(engine, store);
    expect((await pointer())!.parts).toHaveLength(1);
    const { e, entries } = await reload();
    expect(entries).toEqual(imports);
    expect(await page(e, 'when')).toEqual(when);
    expect(e.model.tablesBuilt).toBe(0);
  });

  it('a save cut short between the part’s bytes and the pointer: the part is not listed, the workspace restores, and its tables are kept by the next save', async () => {
    const overTime = await page(engine, 'overTime');
    pointerFails = true;
    await expect(saveKeptPart(engine, store)).rejects.toThrow(/closed/);
    const p = await pointer();
    expect(p!.parts).toHaveLength(1);
    expect(p!.writing).toHaveLength(1);
    expect(await store.extra(p!.writing![0]!)).toBeDefined();
    // Reloaded now: the listed part is read, the unlisted one ignored; Over time builds what it lacks.
    const { e } = await reload();
    expect(await page(e, 'overTime')).toEqual(overTime);
    expect(e.model.tablesBuilt).toBeGreaterThan(0);
    // The next save writes the part again and lists it.
    await saveKeptPart(engine, store);
    expect((await pointer())!.parts).toHaveLength(2);
    const again = await reload();
    expect(await page(again.e, 'overTime')).toEqual(overTime);
    expect(again.e.model.tablesBuilt).toBe(0);
  });

  it('an import after the save: the kept snapshot and its parts no longer fit, are not used and are deleted', async () => {
    const p = (await pointer())!;
    const [header, first] = fs.readFileSync(path.join(root, 'sample-data', 'incidents.csv'), 'utf8').split('\n');
    const more = new TextEncoder().encode(`${header}\n${first!.replace(/^INC\d+/, 'INC99999')}\n`);
    const report = await engine.importFile('more-incidents.csv', more, 'incidents');
    await store.addFile(new File([more], 'more-incidents.csv', { type: 'text/csv' }), report.kind, null);
    // A part asked for after the import (before its snapshot is saved) writes nothing.
    await page(engine, 'when');
    await saveKeptPart(engine, store);
    expect((await pointer())!.parts).toHaveLength(2);
    const { entries } = await reload();
    expect(entries).toBeNull();
    expect(await pointer()).toBeUndefined();
    for (const key of [`snapshot:${p.id}`, ...p.parts!.map((x) => x.key), ...p.writing!]) expect(await store.extra(key)).toBeUndefined();
  });

  it('a new snapshot starts with no parts; dropping it deletes its parts and an unlisted one', async () => {
    await saveKeptSnapshot(engine, store, () => [...imports], async () => undefined);
    const p = (await pointer())!;
    expect(p.parts).toBeUndefined();
    await page(engine, 'overTime');
    pointerFails = true; // its bytes stored, never listed
    await expect(saveKeptPart(engine, store)).rejects.toThrow(/closed/);
    const unlisted = (await pointer())!.writing!;
    expect(unlisted).toHaveLength(1);
    expect(await store.extra(unlisted[0]!)).toBeDefined();
    await dropKeptSnapshot(store);
    expect(await store.extra(unlisted[0]!)).toBeUndefined();
  });
});
