/**
 * A snapshot restored in the background (engine.restore with inBackground, as the app reopens a
 * workspace): the first page's tables first, the rest after. A person would expect the first page
 * to be answered before the rota and the incidents are in, with exactly the numbers of the
 * workspace the snapshot was made from; a page that reads a table still being restored to wait for
 * it and then get the right numbers; and a damaged table found after the first chart to leave no
 * half-restored workspace behind, every page saying why, and the files importable again.
 *
 * The source here holds back every read of a later table until the test lets it go, so "before
 * the rest is in" is a state the test controls, not a race.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { DatabaseStopped } from '../../../src/db/failure';
import { bytesSource, concatBytes, createEngine, FIRST_TABLES, SnapshotCorrupt, type AppTag, type Engine } from '../../../src/engine';
import { namesIn, type SnapshotSource } from '../../../src/db/snapshot';
import { snapshotLayout } from '../helpers/snapshotLayout';
import { FILE_KINDS, TABLES } from '../../../src/ingest/canonical';
import { NO_FILTERS } from '../../../src/model/filters';
import { REPORT_ANALYSES } from '../../../src/analysis';

const root = path.resolve(import.meta.dirname, '../../..');
const APP: AppTag = { app: '0.1.0', definitions: 'test-definitions' };
const KEY = 'staged-test-key';

async function importSample(engine: Engine): Promise<void> {
  for (const kind of FILE_KINDS) {
    const name = `${TABLES[kind].table}.csv`;
    const file = path.join(root, 'sample-data', name);
    if (!fs.existsSync(file)) continue;
    expect((await engine.importFile(name, new Uint8Array(fs.readFileSync(file)), kind)).error).toBeNull();
  }
}

const firstPage = async (e: Engine) => ({ staffing: await e.staffing(NO_FILTERS), options: await e.filterOptions(), names: await e.realNames() });
const dataQuality = (e: Engine) => REPORT_ANALYSES.dataQuality!({ model: e.model, filters: NO_FILTERS, settings: e.settings });

/** The snapshot's bytes, every read inside a table the first page does not need held until `release()`. */
function heldSource(bytes: Uint8Array): { source: SnapshotSource; release: () => void } {
  const later = snapshotLayout(bytes).filter((t) => !FIRST_TABLES.includes(t.name) && t.to > t.from);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const plain = bytesSource(bytes);
  return {
    source: {
      size: plain.size,
      async read(offset, length) {
        if (later.some((t) => offset >= t.from && offset < t.to)) await released;
        return plain.read(offset, length);
      },
    },
    release,
  };
}

/** Resolves with whether `p` settled within a few turns of the event loop (it cannot, if it waits for held bytes). */
async function settles(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 20 && !done; i++) await new Promise((r) => setImmediate(r));
  return done;
}

const tableCount = async (e: Engine) => (await e.db.query(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`)).length;

describe('a snapshot restored in the background', () => {
  let bytes: Uint8Array;
  let before: Awaited<ReturnType<typeof firstPage>>;
  let quality: unknown;
  let tables: number;
  const open: Engine[] = [];
  const fresh = async () => {
    const e = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
    open.push(e);
    return e;
  };

  beforeAll(async () => {
    const original = await fresh();
    await importSample(original);
    before = await firstPage(original);
    quality = await dataQuality(original);
    bytes = concatBytes((await original.snapshot(APP, { note: 'kept' })).parts);
    tables = await tableCount(original);
  }, 300_000);

  // Closed after each test (the next test's databases reuse their wasm instances: db/node.ts).
  afterEach(async () => {
    for (const e of open.splice(0)) await e.db.close();
  });

  it('answers the first page from its first tables alone, with the numbers of the workspace it was made from', async () => {
    const engine = await fresh();
    const held = heldSource(bytes);
    await expect(engine.restore(held.source, APP, { inBackground: true })).resolves.toEqual({ note: 'kept' });
    // The later tables are held back: the first page cannot have read them. The page first asks
    // for the model to be ready (useAnalysis), which must not wait for the rota-sized tables either.
    await engine.ready();
    expect(await firstPage(engine)).toEqual(before);
    expect(await settles(engine.restoring)).toBe(false);
    held.release();
    await engine.restoring;
    expect(await tableCount(engine)).toBe(tables);
    expect(engine.model.tablesBuilt).toBe(0);
  });

  it('holds a page that reads a table still being restored until it is in, then gives the right numbers', async () => {
    const engine = await fresh();
    const held = heldSource(bytes);
    await engine.restore(held.source, APP, { inBackground: true });
    const asked = dataQuality(engine);
    expect(await settles(asked)).toBe(false);
    held.release();
    expect(await asked).toEqual(quality);
    // Nothing was built over a table about to be restored: every table came from the snapshot.
    expect(engine.model.tablesBuilt).toBe(0);
    // An import waits for the rest too, then is taken as on the original (its rows are all duplicates).
    const again = await engine.importFile('incidents-again.csv', new Uint8Array(fs.readFileSync(path.join(root, 'sample-data', 'incidents.csv'))), 'incidents');
    expect(again.duplicates).toBe(again.read);
  });

  it('drops everything and says why when a later table is damaged after the first chart; the files then import as usual', async () => {
    const shifts = snapshotLayout(bytes).find((t) => t.name === 'shifts')!;
    const damaged = bytes.slice();
    damaged[shifts.from + 200] = damaged[shifts.from + 200]! ^ 0xff;
    const engine = await fresh();
    await engine.restore(bytesSource(damaged), APP, { inBackground: true });
    // The first chart is drawn from the first tables, which are whole.
    const first = firstPage(engine);
    await expect(engine.restoring).rejects.toThrow(/damaged \(table shifts\)/);
    // Depending on when it asked, the first page was answered before the damage was found, or says why not.
    await first.then((page) => expect(page).toEqual(before), (e: unknown) => expect(e).toBeInstanceOf(SnapshotCorrupt));
    // Nothing half-restored is left, and every page that reads the workspace's tables says why.
    expect(await tableCount(engine)).toBe(0);
    await expect(dataQuality(engine)).rejects.toThrow(/The stored snapshot is damaged \(table shifts\)/);
    await expect(engine.staffing(NO_FILTERS)).rejects.toThrow(SnapshotCorrupt);
    // Importing the files again works from the empty workspace and gives the same numbers.
    await importSample(engine);
    expect(await engine.staffing(NO_FILTERS)).toEqual(before.staffing);
  });

  it('reports a database that stops during the rest as stopped, not as a damaged snapshot (the kept snapshot is not thrown away)', async () => {
    const db = await openNodeDatabase();
    // The worker runs out of memory while the rota goes in, as it may at W-L with a page building beside it.
    const stopping: typeof db = {
      ...db,
      insertArrowStream: async (table, stream) => {
        if (table === 'shifts') throw new DatabaseStopped('memory', 'Out of Memory Error: test');
        return db.insertArrowStream!(table, stream);
      },
    };
    const engine = createEngine(stopping, { pseudonymKey: KEY });
    open.push(engine);
    await engine.restore(bytesSource(bytes), APP, { inBackground: true });
    // The first page asks, as the app's does, so the rest goes on at once (not after FIRST_PAGE_WAIT_MS).
    await engine.staffing(NO_FILTERS);
    const error = await engine.restoring.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseStopped);
    expect(error).not.toBeInstanceOf(SnapshotCorrupt);
  });

  it('stops when the workspace is cleared meanwhile, leaving it empty and ready for an import', async () => {
    const engine = await fresh();
    const held = heldSource(bytes);
    await engine.restore(held.source, APP, { inBackground: true });
    const cleared = engine.clear();
    held.release();
    await cleared;
    await expect(engine.restoring).resolves.toBeUndefined();
    expect(await tableCount(engine)).toBe(0);
    await importSample(engine);
    expect(await engine.staffing(NO_FILTERS)).toEqual(before.staffing);
  });

  it('answers the first page without a build even from a snapshot saved before any page asked (the app saves soon after the import)', async () => {
    const early = await fresh();
    await importSample(early);
    await early.rebuild();
    const snap = concatBytes((await early.snapshot(APP)).parts);
    const engine = await fresh();
    const held = heldSource(snap);
    await engine.restore(held.source, APP, { inBackground: true });
    await engine.ready();
    expect(await firstPage(engine)).toEqual(before);
    expect(engine.model.tablesBuilt).toBe(0);
    held.release();
    await engine.restoring;
  });

  it('sends no statement of an import asked for while the later tables load until they are in', async () => {
    // settle.ts sends a swap's ROLLBACK straight behind it, and a failed statement of a shared
    // connection poisons the next: an import's statements must not interleave with the restore's
    // (nor wait, one by one, for a pending table between two of its own).
    const db = await openNodeDatabase();
    const sent: string[] = [];
    const logged: typeof db = {
      ...db,
      query: (sql, params) => (sent.push(sql), db.query(sql, params)),
      exec: (sql) => (sent.push(sql), db.exec(sql)),
      registerFile: (name, data) => (sent.push(`registerFile ${name}`), db.registerFile(name, data)),
      insertArrowStream: (table, stream) => (sent.push(`insert ${table}`), db.insertArrowStream!(table, stream)),
    };
    const engine = createEngine(logged, { pseudonymKey: KEY });
    open.push(engine);
    const held = heldSource(bytes);
    await engine.restore(held.source, APP, { inBackground: true });
    expect(await firstPage(engine)).toEqual(before);
    let restIn = -1;
    const rest = engine.restoring.then(() => (restIn = sent.length));
    const events = new Uint8Array(fs.readFileSync(path.join(root, 'sample-data', 'events.csv')));
    const imported = engine.importFile('events.csv', events, 'events');
    expect(await settles(imported)).toBe(false);
    held.release();
    const report = await imported;
    await rest;
    // The import's statements (the ensured tables, the file handed over) all come after the restore's last.
    const first = sent.findIndex((x, i) => i >= restIn - 1 && /^registerFile pbs-lens-files\//.test(x));
    expect(restIn).toBeGreaterThan(0);
    expect(first).toBeGreaterThanOrEqual(restIn);
    expect(sent.slice(0, restIn).filter((x) => /^registerFile|CREATE TABLE IF NOT EXISTS/.test(x))).toEqual([]);
    // The same file again: every row read is already in the restored table, and nothing changed.
    expect(report).toMatchObject({ error: null, accepted: 0 });
    expect(report.duplicates).toBe(report.read);
    expect(report.read).toBe(report.accepted + report.rejected);
    expect(await engine.staffing(NO_FILTERS)).toEqual(before.staffing);
  });

  it('restored whole (no inBackground) is complete when restore returns', async () => {
    const engine = await fresh();
    await engine.restore(bytesSource(bytes), APP);
    expect(await tableCount(engine)).toBe(tables);
    expect(await settles(engine.restoring)).toBe(true);
  });
});

describe('the tables a statement names (what a statement waits for)', () => {
  it('counts the tables read or written, not columns of the same name', () => {
    expect(namesIn(`SELECT sum(incidents) AS incidents FROM person_periods pp JOIN "Odd ""name""" nw USING (period_id) WHERE x IN (SELECT 1 FROM main.shifts)`)).toEqual([
      'person_periods',
      'odd "name"',
      'shifts',
    ]);
    expect(namesIn(`DROP TABLE IF EXISTS incidents; CREATE OR REPLACE TABLE units AS SELECT * FROM r_shifts; INSERT INTO imports VALUES (1); CREATE OR REPLACE VIEW r_people AS SELECT 1`)).toEqual([
      'incidents',
      'units',
      'r_shifts',
      'imports',
      'r_people',
    ]);
    expect(namesIn(`SELECT people, events FROM periods`)).toEqual(['periods']);
    // Forms a person could write that must not slip past (a missed name reads a half-restored table).
    expect(namesIn(`SELECT * FROM a, shifts s, main.incidents AS i WHERE 1`)).toEqual(['a', 'shifts', 'incidents']);
    expect(namesIn(`SELECT * FROM /* the rota */ shifts`)).toEqual(['shifts']);
    expect(namesIn(`SELECT 1 FROM -- note\n incidents`)).toEqual(['incidents']);
    expect(namesIn(`SELECT * FROM workspace.main.shifts`)).toEqual(['shifts']);
    expect(namesIn(`DELETE FROM imports USING shifts WHERE 1`)).toEqual(['imports', 'shifts']);
    expect(namesIn(`DESCRIBE shifts; SUMMARIZE incidents; COPY plan_delivery TO 'x.csv'`)).toEqual(['shifts', 'incidents', 'plan_delivery']);
    expect(namesIn(`SELECT * FROM units u JOIN periods p USING (unit_idx) WHERE a IS DISTINCT FROM b`)).toEqual(['units', 'periods', 'b']);
  });

  it('does not count a common table expression read where its name stands for it, and does count the table of that name elsewhere', () => {
    // As When's query reads its `incidents` CTE: not the incidents table.
    expect(namesIn(`WITH incidents AS (SELECT weekday FROM exposure_incidents), e AS (SELECT 1 FROM periods) SELECT * FROM e FULL JOIN incidents i USING (weekday)`)).toEqual([
      'exposure_incidents',
      'periods',
    ]);
    // Inside its own body, and before it, the name is the table's.
    expect(namesIn(`WITH incidents AS (SELECT * FROM incidents WHERE x) SELECT * FROM incidents`)).toEqual(['incidents']);
    expect(namesIn(`WITH a AS (SELECT * FROM shifts), shifts AS (SELECT 1) SELECT * FROM a, shifts`)).toEqual(['shifts']);
    // Its scope ends with the query that defines it: the subquery's parenthesis, or the statement.
    expect(namesIn(`SELECT * FROM (WITH shifts AS (SELECT ')' AS p) SELECT * FROM shifts) x JOIN shifts s ON true`)).toEqual(['shifts']);
    expect(namesIn(`WITH t AS (SELECT 1) SELECT * FROM t; SELECT * FROM t`)).toEqual(['t']);
  });

  it('counts a table read beside a CTE of its name, and is not misled by comment or quote marks inside strings', () => {
    // A name with its schema is never a CTE: the table is read.
    expect(namesIn(`WITH incidents AS (SELECT 1 AS x) SELECT * FROM incidents c JOIN main.incidents r ON true`)).toEqual(['incidents']);
    expect(namesIn(`WITH incidents AS (SELECT 1 AS x) SELECT * FROM incidents c JOIN "main"."incidents" r ON true`)).toEqual(['incidents']);
    expect(namesIn(`WITH incidents AS (SELECT 1 AS x) SELECT * FROM incidents c, main.incidents r`)).toEqual(['incidents']);
    // `--` or `/*` inside a string is not a comment: what follows is still read.
    expect(namesIn(`WITH incidents AS (SELECT 1 AS x) SELECT * FROM incidents WHERE 'a' <> '--'\n; SELECT * FROM incidents`)).toEqual(['incidents']);
    expect(namesIn(`SELECT * FROM (WITH incidents AS (SELECT 1) SELECT '--' FROM incidents)\nJOIN incidents ON true`)).toEqual(['incidents']);
    expect(namesIn(`SELECT '/*' AS a FROM incidents WHERE b <> '*/'`)).toEqual(['incidents']);
    expect(namesIn(`SELECT "odd--name" FROM shifts`)).toEqual(['shifts']);
    // A backslash-escaped quote (E'\'') and a doubled one do not end the string.
    expect(namesIn(`WITH incidents AS (SELECT 1 AS x) SELECT E'\\'' FROM incidents; SELECT * FROM incidents`)).toEqual(['incidents']);
    expect(namesIn(`SELECT * FROM (WITH incidents AS (SELECT 1) SELECT E'\\'' FROM incidents) x JOIN incidents ON true`)).toEqual(['incidents']);
    expect(namesIn(`WITH incidents AS (SELECT 1 AS x) SELECT 'it''s' FROM incidents; SELECT * FROM incidents`)).toEqual(['incidents']);
  });

  it('skips dollar-quoted strings ($$…$$, $tag$…$tag$) as DuckDB reads them, but not a $1 parameter or a $ inside a name', () => {
    // What DuckDB makes of each (checked in duckdb-wasm): SELECT $$ FROM shifts $$ is the text " FROM shifts ";
    // $tag$a$$b FROM x$tag$ is "a$$b FROM x" (a $$ inside does not end a tagged string); a$b is a table name.
    expect(namesIn(`SELECT $$ FROM shifts $$ AS s FROM units`)).toEqual(['units']);
    expect(namesIn(`SELECT $tag$a$$b FROM shifts$tag$ AS s FROM units`)).toEqual(['units']);
    expect(namesIn(`SELECT $_t1$ it's -- FROM shifts $_t1$ FROM units; SELECT * FROM incidents`)).toEqual(['units', 'incidents']);
    // A quote, comment mark or parenthesis inside one does not mislead the CTE scopes either.
    expect(namesIn(`WITH incidents AS (SELECT $$)'$$ AS x) SELECT * FROM incidents; SELECT * FROM incidents`)).toEqual(['incidents']);
    // Unclosed: runs to the end.
    expect(namesIn(`SELECT $$ FROM shifts`)).toEqual([]);
    // A parameter ($1) or a $ within a name starts no string: what follows is read.
    expect(namesIn(`SELECT * FROM shifts WHERE person_id = $1 AND unit = $2; SELECT * FROM incidents WHERE x = $3`)).toEqual(['shifts', 'incidents']);
    expect(namesIn(`SELECT x$$ FROM a$b JOIN shifts ON true`)).toEqual(['a$b', 'shifts']);
    expect(namesIn(`SELECT $1a$ FROM shifts`)).toEqual(['shifts']);
  });
});
