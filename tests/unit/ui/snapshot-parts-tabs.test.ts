/**
 * Two tabs of the app keep the pages' tables with one snapshot (ui/snapshots.ts saveKeptPart):
 * each tab is its own instance of the module (its own queue of saves) over one store. A person
 * would expect a part one tab listed to be read by the next load whatever the other tab did
 * meanwhile, and a listed part whose bytes are missing to cost only its own tables.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine } from '../../../src/engine';
import { REPORT_ANALYSES } from '../../../src/analysis';
import { NO_FILTERS } from '../../../src/model/filters';
import { memoryBackend } from '../../../src/ui/storage/backend';
import { WorkspaceStore } from '../../../src/ui/storage/workspaceStore';
import { keepSample } from '../helpers/keptSample';

type Snapshots = typeof import('../../../src/ui/snapshots');

const KEY = 'ui-parts-tabs-key';
const engines: Engine[] = [];
let tabA: Snapshots;
let tabB: Snapshots;
let store: WorkspaceStore;
let engineA: Engine;

const fresh = async () => {
  const e = createEngine(await openNodeDatabase(), { pseudonymKey: KEY, partQuietMs: 0 });
  engines.push(e);
  return e;
};
const page = (e: Engine, name: 'when' | 'overTime') => REPORT_ANALYSES[name]!({ model: e.model, filters: NO_FILTERS, settings: e.settings });
const pointer = () => store.extra<{ id: string; parts?: { tables: string[] }[] }>('snapshot');
const reload = async () => {
  const e = await fresh();
  expect(await tabA.restoreKeptSnapshot(e, store, await store.files(), undefined)).not.toBeNull();
  await Promise.all([e.restoring, e.staffing(NO_FILTERS)]); // the first page asks, as the app's does (else the rest of the restore waits FIRST_PAGE_WAIT_MS for it)
  return e;
};

beforeAll(async () => {
  tabA = await import('../../../src/ui/snapshots');
  vi.resetModules();
  tabB = await import('../../../src/ui/snapshots');
  expect(tabB).not.toBe(tabA);
  engineA = await fresh();
  store = new WorkspaceStore(memoryBackend());
  await keepSample(engineA, store); // tab A's module: the one loaded before resetModules
}, 300_000);

// Each test's engines closed after it (the next test's databases reuse their wasm instances:
// db/node.ts); the one beforeAll made, at the end.
afterEach(async () => {
  for (const e of engines.splice(1)) await e.db.close();
});
afterAll(async () => {
  for (const e of engines) await e.db.close();
});

describe('two tabs keeping parts of one snapshot', () => {
  it('a part tab A listed is read after a reload, though tab B wrote its own part meanwhile', async () => {
    const engineB = await fresh();
    expect(await tabB.restoreKeptSnapshot(engineB, store, await store.files(), undefined)).not.toBeNull();
    await Promise.all([engineB.restoring, engineB.staffing(NO_FILTERS)]); // the first page asks, as the app's does (else the rest of the restore waits FIRST_PAGE_WAIT_MS for it)
    const when = await page(engineA, 'when');
    await page(engineB, 'overTime');
    // Tab B's part bytes are held back until tab A has written and listed its own part.
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const storeB = Object.create(store) as WorkspaceStore;
    storeB.setExtra = async (name, value) => {
      if (name !== 'snapshot' && value !== undefined && name.includes(':part')) {
        reached();
        await gate;
      }
      return store.setExtra(name, value);
    };
    const savedB = tabB.saveKeptPart(engineB, storeB);
    await atGate;
    await tabA.saveKeptPart(engineA, store);
    release();
    await savedB;
    const listed = (await pointer())!.parts ?? [];
    expect(listed.some((p) => p.tables.includes('exposure_incidents'))).toBe(true);
    // Both tabs' parts are listed, and no part's bytes are left that no listing names.
    const keys = ((await pointer())!.parts ?? []).map((p) => (p as { key?: string }).key);
    expect(keys).toHaveLength(2);
    expect((await store.extraNames('snapshot:')).filter((n) => n.includes(':part')).sort()).toEqual([...keys].sort());
    const e = await reload();
    expect(await page(e, 'when')).toEqual(when);
    expect(e.model.tablesBuilt).toBe(0);
  });

  it('a listed part whose bytes are missing leaves out that part only: the parts after it are read', async () => {
    const p = (await pointer())!;
    const missing = { ...p.parts![0]!, tables: ['nothing_here'], key: 'snapshot:gone' };
    await store.setExtra('snapshot', { ...p, parts: [missing, ...p.parts!] });
    const when = await page(engineA, 'when');
    const e = await reload();
    expect(await page(e, 'when')).toEqual(when);
    expect(e.model.tablesBuilt).toBe(0);
  });
});
