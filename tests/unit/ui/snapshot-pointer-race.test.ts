/**
 * Two tabs listing a part of the same kept snapshot at the same instant (ui/snapshots.ts
 * saveKeptPart): each tab is its own instance of the module (its own queue of saves) over one
 * store, and each reads the pointer, adds its part and writes it back. A person would expect both
 * parts listed, each tab's pages' tables kept, and no part's bytes left in the browser that no
 * listing names (nothing would ever read or delete them before "Delete all data").
 *
 * The engines and the store are stand-ins (no DuckDB): only the order of the store's reads and
 * writes matters here. The Web Locks API is the one Chromium gives every tab of an origin: one
 * holder of a name at a time, in the order asked.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SnapshotCorrupt, type Engine } from '../../../src/engine';
import { memoryBackend } from '../../../src/ui/storage/backend';
import { WorkspaceStore } from '../../../src/ui/storage/workspaceStore';

type Snapshots = typeof import('../../../src/ui/snapshots');
type Pointer = { id: string; parts?: { key: string; tables: string[] }[]; writing?: string[] };

let tabA: Snapshots;
let tabB: Snapshots;
let store: WorkspaceStore;

/** An engine with one new table to keep each time it is asked (all saveKeptPart uses of it). */
function engineKeeping(table: string): Engine {
  return {
    snapshotPart: async () => ({ manifest: { tables: [{ name: table }] }, parts: [new Uint8Array([1, 2, 3])], bytes: 3 }),
    partKept: () => undefined,
  } as unknown as Engine;
}

/** navigator.locks as a browser gives it: requests of one name run one after another; query() says which are held. */
function webLocks(): Pick<LockManager, 'request' | 'query'> {
  const queues = new Map<string, Promise<unknown>>();
  const held = new Set<string>();
  const request = (name: string, callback: () => Promise<unknown>) => {
    const run = (queues.get(name) ?? Promise.resolve()).then(async () => {
      held.add(name);
      try {
        return await callback();
      } finally {
        held.delete(name);
      }
    });
    queues.set(name, run.catch(() => undefined));
    return run;
  };
  const query = async () => ({ held: [...held].map((name) => ({ name, mode: 'exclusive' as const })), pending: [] });
  return { request, query } as unknown as Pick<LockManager, 'request' | 'query'>;
}

/** An engine whose snapshot is one byte (all saveKeptSnapshot uses of it). */
function engineWriting(): Engine {
  return { snapshot: async () => ({ manifest: { tables: [] }, parts: [new Uint8Array([7])], bytes: 1 }) } as unknown as Engine;
}

const pointer = async () => (await store.extra<Pointer>('snapshot'))!;
/** Every part record in the store, listed or not. */
const partRecords = async () => (await store.extraNames('snapshot:')).filter((n) => n.includes(':part'));

beforeEach(async () => {
  vi.resetModules();
  tabA = await import('../../../src/ui/snapshots');
  vi.resetModules();
  tabB = await import('../../../src/ui/snapshots');
  store = new WorkspaceStore(memoryBackend());
  await store.setExtra('snapshot:s1', { blob: new Blob([new Uint8Array([0])]) });
  await store.setExtra('snapshot', { id: 's1', fingerprint: 'f', bytes: 1, savedAt: '2026-12-07T11:00:00.000Z' });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('two tabs listing a part at the same instant', () => {
  it('with Web Locks both parts are listed, and no part is left unlisted', async () => {
    vi.stubGlobal('navigator', { locks: webLocks() });
    await Promise.all([tabA.saveKeptPart(engineKeeping('when_table'), store), tabB.saveKeptPart(engineKeeping('over_time_table'), store)]);
    const p = await pointer();
    expect((p.parts ?? []).flatMap((x) => x.tables).sort()).toEqual(['over_time_table', 'when_table']);
    expect(p.writing ?? []).toEqual([]);
    expect(await partRecords()).toEqual((p.parts ?? []).map((x) => x.key).sort());
  });

  it('with Web Locks a part whose save was cut short (noted, stored, never listed; no tab saving it) goes at the next listing, and one another tab is saving stays', async () => {
    const locks = webLocks();
    vi.stubGlobal('navigator', { locks });
    const cut = 'snapshot:s1:part:cut';
    const busy = 'snapshot:s1:part:busy';
    let finish!: () => void;
    const saving = locks.request(`pbs-lens-snapshot-part-save:${busy}`, () => new Promise<void>((resolve) => (finish = resolve)));
    for (const key of [cut, busy]) await store.setExtra(key, { blob: new Blob([new Uint8Array([0])]) });
    await store.setExtra('snapshot', { ...(await pointer()), writing: [cut, busy] });
    await tabA.saveKeptPart(engineKeeping('when_table'), store);
    const p = await pointer();
    expect(p.writing).toEqual([busy]);
    expect(await store.extra(cut)).toBeUndefined();
    expect(await partRecords()).toEqual([...(p.parts ?? []).map((x) => x.key), busy].sort());
    finish();
    await saving;
  });

  it('without Web Locks (as before), a listing lost to the other tab leaves no bytes behind once the next snapshot is saved', async () => {
    vi.stubGlobal('navigator', {}); // a browser without the API (Node 21+ has a navigator, recent Node its locks)
    // Also a part of a pointer written before parts had keys of their own (snapshot:<id>:part<i>): listed nowhere now.
    await store.setExtra('snapshot:old:part0', { blob: new Blob([new Uint8Array([0])]) });
    await Promise.all([tabA.saveKeptPart(engineKeeping('when_table'), store), tabB.saveKeptPart(engineKeeping('over_time_table'), store)]);
    await tabA.saveKeptPart(engineKeeping('person_story_table'), store);
    const p = await pointer();
    expect((p.parts ?? []).flatMap((x) => x.tables)).toContain('person_story_table');
    // The parts of the snapshot in force stay (a sweep cannot tell a lost listing from one under way), the old pointer's go.
    expect(await store.extra('snapshot:old:part0')).toBeUndefined();
    const [listed, unlisted] = partition(await partRecords(), (p.parts ?? []).map((x) => x.key));
    expect(listed.every((k) => k.startsWith('snapshot:s1:part:'))).toBe(true);
    expect(unlisted.every((k) => k.startsWith('snapshot:s1:part:'))).toBe(true);
    // The next snapshot takes its old one's parts with it, listed or not.
    await tabA.saveKeptSnapshot(engineWriting(), store, () => [], async () => null);
    expect(await partRecords()).toEqual([]);
  });

  it('without Web Locks, a sweep never deletes a part of the snapshot in force: one the other tab lists meanwhile keeps its bytes', async () => {
    vi.stubGlobal('navigator', {});
    // The other tab stores and lists its part while this tab's sweep is under way (between its reads of the store).
    let sweeps = 0;
    const names = store.extraNames.bind(store);
    vi.spyOn(store, 'extraNames').mockImplementation(async (prefix: string) => {
      if (sweeps++ === 0) await tabB.saveKeptPart(engineKeeping('over_time_table'), store); // the other tab's own sweep reads as it is
      return names(prefix);
    });
    await tabA.saveKeptPart(engineKeeping('when_table'), store);
    const p = await pointer();
    expect((p.parts ?? []).flatMap((x) => x.tables)).toContain('over_time_table');
    const records = await partRecords();
    for (const { key } of p.parts ?? []) expect(records).toContain(key);
  });
});

describe('a tab dropping the snapshot it found unusable', () => {
  it('leaves a newer snapshot another tab saved meanwhile', async () => {
    vi.stubGlobal('navigator', { locks: webLocks() });
    await store.setExtra('snapshot', { ...(await pointer()), fingerprint: tabA.fingerprint([], null) });
    // This tab reads snapshot s1 and finds it damaged; meanwhile the other tab saves a new one.
    const engine = {
      restore: async () => {
        await tabB.saveKeptSnapshot(engineWriting(), store, () => [], async () => null);
        throw new SnapshotCorrupt('The stored snapshot is damaged.');
      },
    } as unknown as Engine;
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await tabA.restoreKeptSnapshot(engine, store, [], null)).toBeNull();
    const p = await pointer();
    expect(p.id).not.toBe('s1');
    expect(await store.extra(`snapshot:${p.id}`)).toBeDefined();
  });
});

/** `all` split into those in `listed` and the others. */
function partition(all: string[], listed: string[]): [string[], string[]] {
  return [all.filter((k) => listed.includes(k)), all.filter((k) => !listed.includes(k))];
}
