/**
 * The order of a background restore (db/snapshot.ts restoreInStages, PendingTables). A person
 * reopening a workspace and going to a page would expect that page to wait for its own tables
 * only: the tables a statement waits for are restored next — even in the middle of a larger
 * table — ahead of every other table still to come; a view stands for the tables it reads; what
 * the Model says it will read comes next; and with nobody asking, the tables of the likely next
 * pages come before the rest. Every assertion is about the order in which the restore read the
 * tables' bytes (each read mapped back to its table), never about a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import { bytesSource, concatBytes, restoreInStages, waitingConnector, writeSnapshot, type PendingTables, type SnapshotSource, type SnapshotTag } from '../../../src/db/snapshot';
import { createEngine, likelyOrder, type AppTag, type Engine } from '../../../src/engine';
import { snapshotLayout } from '../helpers/snapshotLayout';
import { FILE_KINDS, TABLES } from '../../../src/ingest/canonical';
import { REPORT_ANALYSES } from '../../../src/analysis';
import { NO_FILTERS } from '../../../src/model/filters';
import { ANALYSIS_TABLES } from '../../../src/analysis/tables';
import { EXPOSURE_TABLES } from '../../../src/model/exposure';

const TAG: SnapshotTag = { app: 'a', definitions: 'd', settings: 's', key: 'k' };
const open: Connector[] = [];

// Closed after each test (the next test's databases reuse their wasm instances: db/node.ts).
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

/** The snapshot's bytes, with the table of every read the restore makes noted in order. */
function recordingSource(bytes: Uint8Array, hold?: (table: string) => Promise<void> | undefined): { source: SnapshotSource; reads: string[] } {
  const layout = snapshotLayout(bytes);
  const plain = bytesSource(bytes);
  const reads: string[] = [];
  return {
    reads,
    source: {
      size: plain.size,
      async read(offset, length) {
        const table = layout.find((t) => offset >= t.from && offset < t.to)?.name;
        if (table) {
          await hold?.(table);
          reads.push(table);
        }
        return plain.read(offset, length);
      },
    },
  };
}

const firstRead = (reads: string[], table: string) => reads.indexOf(table);
const lastRead = (reads: string[], table: string) => reads.lastIndexOf(table);

describe('the order of a background restore', () => {
  let bytes: Uint8Array;
  let segmentsOfBig: number;

  beforeAll(async () => {
    const db = await openNodeDatabase();
    open.push(db);
    // `first` is the first stage; `tiny` < `small` < `mid` < `big` by size, `big` in several segments.
    await db.exec(`CREATE TABLE first AS SELECT i AS id FROM range(10) t(i);
      CREATE TABLE tiny AS SELECT i AS id FROM range(5) t(i);
      CREATE TABLE small AS SELECT i AS id, 'small ' || i AS label FROM range(500) t(i);
      CREATE TABLE mid AS SELECT i AS id, 'mid ' || i AS label FROM range(5000) t(i);
      CREATE TABLE big AS SELECT i AS id, 'big row ' || i AS label FROM range(60000) t(i);
      CREATE VIEW v_mid AS SELECT id, label FROM mid;`);
    const snap = await writeSnapshot(db, TAG, null, undefined, 16 * 1024);
    segmentsOfBig = snap.manifest.tables.find((t) => t.name === 'big')!.segments.length;
    expect(segmentsOfBig).toBeGreaterThan(3);
    bytes = concatBytes(snap.parts);
  });

  /** A restore of the snapshot into a new database, the rest held before its first segment until `go()`. */
  async function staged(order?: readonly string[]) {
    const raw = await openNodeDatabase();
    open.push(raw);
    const rec = recordingSource(bytes);
    let go!: () => void;
    const gate = new Promise<void>((r) => (go = r));
    let giveWay: (pending: PendingTables) => Promise<void> | void = () => gate;
    let pending: PendingTables | null = null;
    const db = waitingConnector(raw, () => pending);
    const s = await restoreInStages(raw, rec.source, TAG, (t) => t === 'first', {
      giveWay: (p) => Promise.resolve(giveWay(p)),
      ...(order ? { order: () => order } : {}),
    });
    pending = s.pending;
    const restWith = (next: typeof giveWay) => (giveWay = next);
    return { db, raw, reads: rec.reads, rest: s.rest, pending: s.pending, go, restWith };
  }

  it('with nobody asking, goes smallest first (the first stage before anything)', async () => {
    const r = await staged();
    r.go();
    await r.rest;
    expect([...new Set(r.reads)]).toEqual(['first', 'tiny', 'small', 'mid', 'big']);
  });

  it('restores a table a statement waits for next, ahead of every smaller table, and answers it before those are in', async () => {
    const r = await staged();
    // A page asks for the largest table before the rest has read anything.
    const asked = r.db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM big');
    let unrelatedInWhenAnswered: string[] = [];
    const answered = asked.then((rows) => {
      unrelatedInWhenAnswered = ['tiny', 'small', 'mid'].filter((t) => !r.pending.isPending(t));
      return rows;
    });
    r.go();
    expect(await answered).toEqual([{ n: 60000 }]);
    await r.rest;
    expect(lastRead(r.reads, 'big')).toBeLessThan(firstRead(r.reads, 'tiny'));
    expect(r.reads.slice(1, 1 + segmentsOfBig)).toEqual(Array(segmentsOfBig).fill('big'));
    // The page did not wait for tables it does not read.
    expect(unrelatedInWhenAnswered).toEqual([]);
  });

  it('switches to an asked-for table in the middle of a larger one, then finishes the larger one', async () => {
    const r = await staged(['big', 'mid']);
    let asked: Promise<unknown> | null = null;
    r.restWith(() => {
      // After two segments of `big`, a page asks for `small`.
      if (!asked && r.reads.filter((t) => t === 'big').length === 2) asked = r.db.query('SELECT count(*) FROM small');
    });
    r.go();
    await r.rest;
    await asked;
    const order = r.reads.slice(1);
    expect(order.slice(0, 3)).toEqual(['big', 'big', 'small']);
    expect(firstRead(r.reads, 'small')).toBeLessThan(lastRead(r.reads, 'big'));
    expect(lastRead(r.reads, 'small')).toBeLessThan(firstRead(r.reads, 'tiny'));
    expect(lastRead(r.reads, 'big')).toBeLessThan(firstRead(r.reads, 'mid'));
    expect(await r.raw.query('SELECT count(*)::INTEGER AS n FROM big')).toEqual([{ n: 60000 }]);
  });

  it('reads the next segment of a table while the worker inserts the one before', async () => {
    const raw = await openNodeDatabase();
    open.push(raw);
    const log: string[] = [];
    const layout = snapshotLayout(bytes);
    const plain = bytesSource(bytes);
    const source: SnapshotSource = {
      size: plain.size,
      read: (offset, length) => {
        log.push(`read ${layout.find((t) => offset >= t.from && offset < t.to)?.name}`);
        return plain.read(offset, length);
      },
    };
    const watched: Connector = {
      ...raw,
      insertArrowStream: async (table, stream) => {
        log.push(`insert ${table}`);
        await raw.insertArrowStream!(table, stream);
        log.push(`inserted ${table}`);
      },
    };
    const s = await restoreInStages(watched, source, TAG, (t) => t === 'first', { order: () => ['big'] });
    await s.rest;
    const big = log.filter((e) => e.endsWith(' big'));
    expect(big.slice(0, 4)).toEqual(['read big', 'read big', 'insert big', 'inserted big']);
    expect(big.filter((e) => e === 'read big')).toHaveLength(segmentsOfBig);
    expect(await raw.query('SELECT count(*)::INTEGER AS n FROM big')).toEqual([{ n: 60000 }]);
  });

  it('takes a view as the tables it reads: a statement on the view gets them first, and the view once they are in', async () => {
    const r = await staged();
    const asked = r.db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM v_mid');
    r.go();
    expect(await asked).toEqual([{ n: 5000 }]);
    await r.rest;
    expect([...new Set(r.reads)].slice(0, 2)).toEqual(['first', 'mid']);
  });

  it('fills what the Model said it will read (prefer) before the planned order, and the planned order before the smallest', async () => {
    const r = await staged(['mid']);
    r.pending.prefer(['big']);
    r.go();
    await r.rest;
    expect([...new Set(r.reads)]).toEqual(['first', 'big', 'mid', 'tiny', 'small']);
  });
});

// ─── The engine: a reload's pages wait for their own tables only ─────────────────────────────

const root = path.resolve(import.meta.dirname, '../../..');
const APP: AppTag = { app: '0.1.0', definitions: 'test-definitions' };

describe('a reopened workspace, its pages opened while the rest is restored', () => {
  let bytes: Uint8Array;
  let restrictive: unknown;
  const engines: Engine[] = [];

  beforeAll(async () => {
    // As the app saves it: soon after the import and the exposure build, before any other page opened.
    const original = createEngine(await openNodeDatabase(), { pseudonymKey: 'order-test' });
    engines.push(original);
    for (const kind of FILE_KINDS) {
      const name = `${TABLES[kind].table}.csv`;
      const file = path.join(root, 'sample-data', name);
      if (fs.existsSync(file)) expect((await original.importFile(name, new Uint8Array(fs.readFileSync(file)), kind)).error).toBeNull();
    }
    await original.rebuild();
    bytes = concatBytes((await original.snapshot(APP)).parts);
    restrictive = await REPORT_ANALYSES.restrictivePractice!({ model: original.model, filters: NO_FILTERS, settings: original.settings });
  }, 300_000);

  afterEach(async () => {
    for (const e of engines.splice(0)) await e.db.close();
  });

  it('builds Restrictive practice from the tables it reads, without waiting for the rota, and with the original numbers', async () => {
    // The rota (the largest table, read by no table this page builds) is held back until the page has answered.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const rec = recordingSource(bytes, (t) => (t === 'shifts' ? released : undefined));
    const engine = createEngine(await openNodeDatabase(), { pseudonymKey: 'order-test' });
    engines.push(engine);
    await engine.restore(rec.source, APP, { inBackground: true });
    const page = await REPORT_ANALYSES.restrictivePractice!({ model: engine.model, filters: NO_FILTERS, settings: engine.settings });
    expect(rec.reads).not.toContain('shifts');
    expect(page).toEqual(restrictive);
    release();
    await engine.restoring;
    // What its builds read came before the incidents and plan delivery, which it does not read.
    for (const input of ['restrictive_interventions', 'incident_periods', 'person_periods', 'period_bands']) {
      expect(rec.reads).toContain(input);
      expect(lastRead(rec.reads, input)).toBeLessThan(firstRead(rec.reads, 'incidents'));
      expect(lastRead(rec.reads, input)).toBeLessThan(firstRead(rec.reads, 'plan_delivery'));
    }
  });

  it('plans the rest page by page in the order of the menu: what Restrictive practice reads before what Plan delivery and Commissioned hours read', () => {
    const built = new Set([...EXPOSURE_TABLES.map((t) => t.name), 'staffing_bands', 'model_cells']);
    const order = likelyOrder(built);
    // Built tables come as themselves; a page's unbuilt tables as what their builds read.
    expect(order).toContain('person_periods');
    expect(order).not.toContain('intervention_periods');
    expect(order.indexOf('restrictive_interventions')).toBeLessThan(order.indexOf('r_plan_delivery'));
    expect(order.indexOf('r_plan_delivery')).toBeLessThan(order.indexOf('r_shifts'));
    // Every page's tables are planned for.
    for (const tables of Object.values(ANALYSIS_TABLES)) for (const t of tables) if (built.has(t)) expect(order).toContain(t);
  });
});

describe('restoring into a database opened just now (EngineOptions.freshDatabase)', () => {
  const engines: Engine[] = [];
  const tables = async (e: Engine) => (await e.db.query<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`)).map((r) => r.name);

  afterEach(async () => {
    for (const e of engines.splice(0)) await e.db.close();
  });

  /** A new engine, and a snapshot of a one-table workspace made under its tag. */
  /** One workspace's snapshot (a table `kept` of 3 rows), made once for these tests. */
  let made: Promise<Uint8Array> | null = null;
  const keptSnapshot = () =>
    (made ??= (async () => {
      const original = createEngine(await openNodeDatabase());
      engines.push(original);
      await original.db.exec(`CREATE TABLE kept AS SELECT i AS id FROM range(3) t(i)`);
      return concatBytes((await original.snapshot(APP)).parts);
    })());

  async function engineWith(fresh: boolean) {
    const e = createEngine(await openNodeDatabase(), { freshDatabase: fresh });
    engines.push(e);
    return { e, snap: await keptSnapshot() };
  }

  it('restores the same tables whether or not it clears first', async () => {
    const { e, snap } = await engineWith(true);
    await e.restore(bytesSource(snap), APP);
    const { e: cleared } = await engineWith(false);
    await cleared.restore(bytesSource(snap), APP);
    expect(await tables(e)).toEqual(await tables(cleared));
    expect(await e.db.query('SELECT count(*)::INTEGER AS n FROM kept')).toEqual([{ n: 3 }]);
  });

  it('still clears what a statement made before the restore, though the database was fresh when opened', async () => {
    const { e, snap } = await engineWith(true);
    await e.db.exec('CREATE TABLE left_over AS SELECT 1 AS x');
    await e.restore(bytesSource(snap), APP);
    expect(await tables(e)).not.toContain('left_over');
    // And a second restore clears the first one's tables.
    await e.db.exec('CREATE TABLE left_again AS SELECT 1 AS x');
    await e.restore(bytesSource(snap), APP);
    expect(await tables(e)).not.toContain('left_again');
  });
});

describe('the CRC-32 every segment is checked with', () => {
  it('gives the standard check values, continued over pieces and from a seed', async () => {
    const { crc32 } = await import('../../../src/db/snapshot');
    const text = (s: string) => new TextEncoder().encode(s);
    // The CRC-32/ISO-HDLC check value of "123456789", and zlib's crc32 of the pangram (python3 -c "import zlib; print(hex(zlib.crc32(b'...')))").
    expect(crc32([text('123456789')])).toBe(0xcbf43926);
    expect(crc32([text('The quick brown fox jumps over the lazy dog')])).toBe(0x414fa339);
    expect(crc32([text('1234'), text('56789')])).toBe(0xcbf43926);
    expect(crc32([text('56789')], crc32([text('1234')]))).toBe(0xcbf43926);
    // Lengths around the eight-byte step: each the same as a byte at a time.
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n <= 40; n++) expect(crc32([bytes.subarray(0, n)])).toBe(bytewise(bytes.subarray(0, n)));
  });
});

/** CRC-32 a byte at a time, straight from the polynomial (no tables). */
function bytewise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}
