/**
 * Keeping the pages' tables across a reload (Engine.snapshotPart, RestoreOptions.parts). A person
 * who opened Restrictive practice and When, then reloads, would expect those pages to open from
 * their kept tables — no build — with the same numbers; and would expect a kept table never to be
 * used once it no longer fits: after an import (the part was made for the snapshot before it),
 * under other definitions, or when the part was cut short (left out whole: its tables are built
 * again, never half-read). Assertions are about what was built (Model.tablesBuilt) and which parts
 * were read, never about times.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { bytesSource, concatBytes, isKeptTableDropped, KeptTableDropped, namesIn, PendingTables, SnapshotCorrupt, writeSnapshotPart, type Snapshot } from '../../../src/db/snapshot';
import type { Connector } from '../../../src/db/connector';
import { named, runQuery, sql } from '../../../src/db/sql';
import { createEngine, likelyOrder, SnapshotRefused, type AppTag, type Engine } from '../../../src/engine';
import { FILE_KINDS, TABLES } from '../../../src/ingest/canonical';
import { REPORT_ANALYSES } from '../../../src/analysis';
import { NO_FILTERS } from '../../../src/model/filters';
import { ANALYSIS_TABLES } from '../../../src/analysis/tables';
import { snapshotLayout } from '../helpers/snapshotLayout';

const root = path.resolve(import.meta.dirname, '../../..');
const APP: AppTag = { app: '0.1.0', definitions: 'test-definitions' };
const KEY = 'parts-test';
const engines: Engine[] = [];

const newEngine = async () => {
  const e = createEngine(await openNodeDatabase(), { pseudonymKey: KEY, partQuietMs: 0 });
  engines.push(e);
  return e;
};
const bytesOf = (s: Snapshot) => concatBytes(s.parts);
const page = (e: Engine, name: 'restrictivePractice' | 'when') => REPORT_ANALYSES[name]!({ model: e.model, filters: NO_FILTERS, settings: e.settings });

let original: Engine;
let main: Uint8Array;
let mainFresh: string[];
let part: Snapshot;
const want: Record<string, unknown> = {};

beforeAll(async () => {
  original = await newEngine();
  for (const kind of FILE_KINDS) {
    const name = `${TABLES[kind].table}.csv`;
    const file = path.join(root, 'sample-data', name);
    if (fs.existsSync(file)) expect((await original.importFile(name, new Uint8Array(fs.readFileSync(file)), kind)).error).toBeNull();
  }
  await original.rebuild();
  // As the app saves it: after the build, before the other pages open.
  const snap = await original.snapshot(APP);
  main = bytesOf(snap);
  mainFresh = (snap.manifest.extra as { fresh: string[] }).fresh;
  // Then the user opens two pages: their tables are built after the snapshot.
  want['restrictivePractice'] = await page(original, 'restrictivePractice');
  want['when'] = await page(original, 'when');
  part = (await original.snapshotPart(APP))!;
  original.partKept(part);
}, 300_000);

// Each test's engines closed after it (the next test's databases reuse their wasm instances:
// db/node.ts); the one beforeAll made, at the end.
afterEach(async () => {
  for (const e of engines.splice(1)) await e.db.close();
});
afterAll(async () => {
  for (const e of engines) await e.db.close();
});

/** A restore of the kept snapshot with `parts` into a new engine, the rest waited for. */
async function reopened(parts: Uint8Array[], snapshot = main): Promise<Engine> {
  const e = await newEngine();
  await e.restore(bytesSource(snapshot), APP, { inBackground: true, parts: parts.map(bytesSource) });
  await Promise.all([e.restoring, e.staffing(NO_FILTERS)]); // the first page asks, as the app's does (else the rest of the restore waits FIRST_PAGE_WAIT_MS for it)
  return e;
}

describe('a snapshot part: the pages’ tables built after the snapshot', () => {
  it('holds exactly the tables built since the snapshot (no view, none the snapshot holds as built), and nothing the second time', async () => {
    const names = part.manifest.tables.map((t) => t.name);
    expect(part.manifest.views).toEqual([]);
    for (const t of [...ANALYSIS_TABLES.restrictivePractice, ...ANALYSIS_TABLES.when]) {
      if (!mainFresh.includes(t)) expect(names).toContain(t);
    }
    for (const t of names) expect(mainFresh).not.toContain(t);
    expect([...names].sort()).toEqual([...(part.manifest.extra as { fresh: string[] }).fresh].sort());
    expect(await original.snapshotPart(APP)).toBeNull();
  });

  it('restored with the snapshot, the pages open with no build and the same numbers', async () => {
    const e = await reopened([bytesOf(part)]);
    expect(await page(e, 'restrictivePractice')).toEqual(want['restrictivePractice']);
    expect(await page(e, 'when')).toEqual(want['when']);
    expect(e.model.tablesBuilt).toBe(0);
  });

  it('with its tables kept, When answers without waiting for the incidents table (its query names an `incidents` CTE)', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const incidents = snapshotLayout(main).find((t) => t.name === 'incidents')!;
    const plain = bytesSource(main);
    const held = { size: plain.size, read: async (at: number, n: number) => (at >= incidents.from && at < incidents.to && (await released), plain.read(at, n)) };
    const e = await newEngine();
    await e.restore(held, APP, { inBackground: true, parts: [bytesSource(bytesOf(part))] });
    expect(await page(e, 'when')).toEqual(want['when']);
    release();
    await Promise.all([e.restoring, e.staffing(NO_FILTERS)]); // the first page asks, as the app's does (else the rest of the restore waits FIRST_PAGE_WAIT_MS for it)
    expect(e.model.tablesBuilt).toBe(0);
  });

  it('without it, the same pages build their tables (what the part saves)', async () => {
    const e = await reopened([]);
    expect(await page(e, 'restrictivePractice')).toEqual(want['restrictivePractice']);
    expect(e.model.tablesBuilt).toBeGreaterThan(0);
  });

  it('a restore plans the kept tables themselves for their pages, not what building them would read', () => {
    const kept = new Set([...mainFresh, ...part.manifest.tables.map((t) => t.name)]);
    const order = likelyOrder(kept);
    // Restrictive practice (second in the menu) reads its kept tables; its input comes later (for a page with nothing kept).
    expect(order.indexOf('intervention_periods')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('intervention_periods')).toBeLessThan(order.indexOf('restrictive_interventions'));
    // Without the part, its first open would read its inputs instead.
    expect(likelyOrder(new Set(mainFresh))).not.toContain('intervention_periods');
  });

  it('cut short, or damaged in its description, is left out whole: the pages build again, with the same numbers', async () => {
    const bytes = bytesOf(part);
    const damaged = bytes.slice();
    damaged[30] = 0x7b; // inside the manifest's JSON
    for (const bad of [bytes.subarray(0, bytes.length - 100), damaged]) {
      const e = await reopened([bad]);
      expect(await page(e, 'when')).toEqual(want['when']);
      expect(e.model.tablesBuilt).toBeGreaterThan(0);
    }
  });

  it('made under other definitions is left out (and the snapshot itself is refused under them)', async () => {
    const other: AppTag = { ...APP, definitions: 'changed-definitions' };
    // A part of the same workspace written under the changed definitions, restored beside the snapshot under the old.
    const stale = await reopened([]);
    await page(stale, 'when');
    const otherPart = (await stale.snapshotPart(other))!;
    expect(otherPart).not.toBeNull();
    expect(await stale.snapshotPart(other)).not.toBeNull(); // not said to be kept: written again
    const r = await reopened([bytesOf(otherPart)]);
    await page(r, 'when');
    expect(r.model.tablesBuilt).toBeGreaterThan(0);
    await expect((await newEngine()).restore(bytesSource(main), other)).rejects.toThrow(SnapshotRefused);
  });
});

/** `bytes` with one byte flipped in the last segment of each table named (its Arrow end marker is the last 8 bytes). */
function damaged(bytes: Uint8Array, tables: readonly string[]): Uint8Array {
  const out = bytes.slice();
  for (const t of snapshotLayout(bytes).filter((l) => tables.includes(l.name))) out[t.to - 20]! ^= 0x5a;
  return out;
}

describe('a kept table found damaged while a page waits for it', () => {
  it('the waiting page builds it instead of failing, with the numbers of a build', async () => {
    const bytes = bytesOf(part);
    const e = await newEngine();
    await e.restore(bytesSource(main), APP, { inBackground: true, parts: [bytesSource(damaged(bytes, part.manifest.tables.map((t) => t.name)))], onPartDamaged: async () => {} });
    // Asked at once: the rest starts when a statement waits, for what it waits for first.
    expect(await page(e, 'when')).toEqual(want['when']);
    await e.restoring;
    expect(e.model.tablesBuilt).toBeGreaterThan(0);
  });

  it('a build waiting for a kept table it reads builds that table first (Over time’s unit_days reads the kept exposure_incidents)', async () => {
    const plain = await reopened([]);
    const overTime = await REPORT_ANALYSES.overTime!({ model: plain.model, filters: NO_FILTERS, settings: plain.settings });
    const bytes = damaged(bytesOf(part), ['exposure_incidents']);
    const kept = snapshotLayout(bytes).find((t) => t.name === 'exposure_incidents')!;
    expect(snapshotLayout(bytes).map((t) => t.name)).not.toContain('unit_days');
    // exposure_incidents' bytes are read only once unit_days' build statement waits for it.
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const before = PendingTables.prototype.before;
    const spy = vi.spyOn(PendingTables.prototype, 'before').mockImplementation(function (this: PendingTables, statement: string) {
      const waits = before.call(this, statement);
      if (/\bunit_days\b/.test(statement) && /\bexposure_incidents\b/.test(statement)) open();
      return waits;
    });
    const plainPart = bytesSource(bytes);
    const held = { size: plainPart.size, read: async (at: number, n: number) => (at >= kept.from && at < kept.to && (await opened), plainPart.read(at, n)) };
    try {
      const e = await newEngine();
      await e.restore(bytesSource(main), APP, { inBackground: true, parts: [held], onPartDamaged: async () => {} });
      await e.model.ensure(['unit_days']);
      expect(await REPORT_ANALYSES.overTime!({ model: e.model, filters: NO_FILTERS, settings: e.settings })).toEqual(overTime);
      await e.restoring;
    } finally {
      spy.mockRestore();
    }
  });
});

describe('a kept table found damaged while its part is being deleted', () => {
  // The deletion of a damaged part waits for the pointer's Web Lock and IndexedDB (ui/snapshots.ts
  // dropPart): seconds when another tab writes a big snapshot. A page asked in that time would
  // expect the same as one asked before: the table built again, the numbers of a build.
  it('a page asked while the deletion is held builds the dropped table and answers', async () => {
    const bytes = bytesOf(part);
    const e = await newEngine();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let deleting!: () => void;
    const deletionBegun = new Promise<void>((resolve) => (deleting = resolve));
    // The second ask has gone as far as it can while the deletion is held: it waits for a table still pending.
    let waits!: () => void;
    const waiting = new Promise<void>((resolve) => (waits = resolve));
    let asked = false;
    const before = PendingTables.prototype.before;
    const spy = vi.spyOn(PendingTables.prototype, 'before').mockImplementation(function (this: PendingTables, statement: string) {
      if (asked && namesIn(statement).some((n) => this.isPending(n))) waits();
      return before.call(this, statement);
    });
    try {
      const onPartDamaged = async () => {
        deleting();
        await held;
      };
      await e.restore(bytesSource(main), APP, { inBackground: true, parts: [bytesSource(damaged(bytes, part.manifest.tables.map((t) => t.name)))], onPartDamaged });
      const first = page(e, 'when');
      await deletionBegun;
      asked = true;
      const second = page(e, 'when').then((answer) => ({ answer }), (error: unknown) => ({ error: String(error) }));
      await Promise.race([second, waiting]);
      release();
      expect(await first).toEqual(want['when']);
      expect(await second).toEqual({ answer: want['when'] });
      await e.restoring;
    } finally {
      release();
      spy.mockRestore();
    }
  });

  it('what is asked again is known by its error, through a named query’s wrapping: another failure is not', async () => {
    const failing = (e: Error) => ({ query: () => Promise.reject(e) }) as unknown as Connector;
    const asked = (e: Error) => runQuery(failing(e), named('a.page', sql`SELECT 1`)).catch((wrapped: unknown) => wrapped);
    expect(isKeptTableDropped(await asked(new KeptTableDropped('The stored snapshot is damaged (table t). It is built again.')))).toBe(true);
    expect(isKeptTableDropped(await asked(new SnapshotCorrupt('The stored snapshot is damaged (table t).')))).toBe(false);
    expect(isKeptTableDropped(await asked(new Error('Catalog Error: Table with name t does not exist!')))).toBe(false);
  });
});

describe('a snapshot part after an import', () => {
  it('is not written for the changed workspace, and the old one is left out beside the new snapshot: the pages show the new data', async () => {
    const e = await reopened([bytesOf(part)]);
    // One more incident, in a file of its own (a new import after the save).
    const [header, first] = fs.readFileSync(path.join(root, 'sample-data', 'incidents.csv'), 'utf8').split('\n');
    const extra = `${header}\n${first!.replace(/^INC\d+/, 'INC99999')}\n`;
    expect((await e.importFile('more-incidents.csv', new TextEncoder().encode(extra), 'incidents')).accepted).toBe(1);
    await page(e, 'restrictivePractice');
    expect(await e.snapshotPart(APP)).toBeNull();
    // The app saves the changed workspace's snapshot; When opens after it.
    const newMain = bytesOf(await e.snapshot(APP));
    const now = await page(e, 'when');
    expect(now).not.toEqual(want['when']);
    const r = await reopened([bytesOf(part)], newMain);
    expect(await page(r, 'when')).toEqual(now);
    expect(r.model.tablesBuilt).toBeGreaterThan(0);
  });

  it('gives way, and may stop, before each segment of a table, not only before each table; a write after a stopped one is whole', async () => {
    const tag = { ...APP, settings: 's', key: 'k' };
    let asked = 0;
    const written: Uint8Array[][] = [];
    const giveWay = async () => {
      if (++asked === 3) throw new Error('the workspace changed');
    };
    const sink = (pieces: Uint8Array[]) => (written.push(pieces), concatBytes(pieces));
    // One segment a record batch: the sample's 9,291 shifts make several.
    await expect(writeSnapshotPart(original.db, tag, null, { tables: ['shifts'], giveWay, segmentBytes: 1 }, sink)).rejects.toThrow(/changed/);
    expect(written).toHaveLength(2);
    const whole = await writeSnapshotPart(original.db, tag, null, { tables: ['shifts'], segmentBytes: 1 });
    expect(whole.manifest.tables[0]!.segments.length).toBeGreaterThan(2);
    const [{ n }] = (await original.db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM shifts')) as [{ n: number }];
    expect(whole.manifest.tables[0]!.rows).toBe(n);
  });
});
