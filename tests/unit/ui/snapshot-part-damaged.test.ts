/**
 * A kept part is an optional cache beside the workspace snapshot (ui/snapshots.ts saveKeptPart).
 * A person would expect one damaged byte in a part's data to cost that part only: the reload
 * still restores the workspace from the snapshot, the page whose tables were in the part builds
 * them again with the numbers of a fresh build, the snapshot stays kept, and the damaged part is
 * deleted and no longer listed.
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
import { restoreKeptSnapshot, saveKeptPart, saveKeptSnapshot } from '../../../src/ui/snapshots';
import type { ImportEntry } from '../../../src/ui/useWorkspace';
import { keepSample } from '../helpers/keptSample';

const root = path.resolve(import.meta.dirname, '../../..');
const KEY = 'ui-part-damaged-key';
const engines: Engine[] = [];
let store: WorkspaceStore;
let engine: Engine;
let imports: ImportEntry[];

const fresh = async () => {
  const e = createEngine(await openNodeDatabase(), { pseudonymKey: KEY, partQuietMs: 0 });
  engines.push(e);
  return e;
};
const page = (e: Engine, name: 'when' | 'overTime') => REPORT_ANALYSES[name]!({ model: e.model, filters: NO_FILTERS, settings: e.settings });
const pointer = () => store.extra<{ id: string; parts?: { key: string; tables: string[] }[] }>('snapshot');

beforeAll(async () => {
  engine = await fresh();
  store = new WorkspaceStore(memoryBackend());
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

describe('a damaged kept part', () => {
  it('one byte flipped near the end of a part: the workspace restores, the page builds its tables again with a fresh build’s numbers, the snapshot stays and the part goes', async () => {
    await page(engine, 'when');
    await saveKeptPart(engine, store);
    const p = (await pointer())!;
    expect(p.parts).toHaveLength(1);
    const key = p.parts![0]!.key;
    const bytes = new Uint8Array(await (await store.extra<{ blob: Blob }>(key))!.blob.arrayBuffer());
    bytes[bytes.length - 20]! ^= 0x5a; // inside the last table's last segment (its Arrow end marker is the last 8 bytes)
    await store.setExtra(key, { blob: new Blob([bytes]) });

    // What a fresh build gives, in an engine that imports the same files.
    const built = await fresh();
    for (const entry of imports) await built.importFile(entry.fileName, new Uint8Array(fs.readFileSync(path.join(root, 'sample-data', entry.fileName))), entry.report!.kind);
    const want = await page(built, 'when');

    const e = await fresh();
    expect(await restoreKeptSnapshot(e, store, await store.files(), undefined)).toEqual(imports);
    await Promise.all([e.restoring, e.staffing(NO_FILTERS)]); // the first page asks, as the app's does (else the rest of the restore waits FIRST_PAGE_WAIT_MS for it)
    expect(await page(e, 'when')).toEqual(want);
    expect(e.model.tablesBuilt).toBeGreaterThan(0);
    const after = (await pointer())!;
    expect(after.id).toBe(p.id);
    expect(await store.extra(`snapshot:${p.id}`)).toBeDefined();
    expect(after.parts ?? []).toHaveLength(0);
    expect(await store.extra(key)).toBeUndefined();
    // The next save keeps the page's tables again, and the reload after it builds nothing.
    await saveKeptPart(e, store);
    expect((await pointer())!.parts).toHaveLength(1);
    const again = await fresh();
    await restoreKeptSnapshot(again, store, await store.files(), undefined);
    await Promise.all([again.restoring, again.staffing(NO_FILTERS)]); // the first page asks, as the app's does (else the rest of the restore waits FIRST_PAGE_WAIT_MS for it)
    expect(await page(again, 'when')).toEqual(want);
    expect(again.model.tablesBuilt).toBe(0);
  });
});

describe('a part the browser has no room for', () => {
  it('after a QuotaExceededError no part is written again (nor asked of the engine) until the next snapshot', async () => {
    const full = Object.create(store) as WorkspaceStore;
    let refused = 0;
    full.setExtra = async (name, value) => {
      if (name.includes(':part') && value !== undefined) {
        refused++;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return store.setExtra(name, value);
    };
    let asked = 0;
    const snapshotPart = engine.snapshotPart.bind(engine);
    engine.snapshotPart = (app, sink) => (asked++, snapshotPart(app, sink));
    await page(engine, 'overTime');
    await expect(saveKeptPart(engine, full)).rejects.toThrow(/quota/);
    expect([asked, refused]).toEqual([1, 1]);
    await saveKeptPart(engine, full);
    expect([asked, refused]).toEqual([1, 1]);
    // A new snapshot: parts are tried again.
    await saveKeptSnapshot(engine, full, () => imports, async () => undefined);
    await page(engine, 'overTime');
    await saveKeptPart(engine, full);
    expect(asked).toBe(2);
  });
});
