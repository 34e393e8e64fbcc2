/**
 * The engine: one object the UI, the CLI and the tests drive. It owns a Connector and wires
 * ingest → model → analysis. Only db/ differs between the browser and Node.
 */
import type { Connector } from './db/connector';
import { TABLES, type FileKind } from './ingest/canonical';
import { loadDelimitedFile, type ImportProgress } from './ingest/load';
import type { ImportReport } from './ingest/report';
import { loadGridRota, type GridLoadRequest } from './ingest/gridLoad';
import { inspectFile, type InspectOptions, type Inspection } from './ingest/inspect';
import type { Mapping } from './ingest/mapping';
import { ensureSchema } from './ingest/schema';
import type { Filters, StaffingResult } from './analysis/types';
import { staffingAnalysis } from './analysis/staffing';
import { EXPOSURE_TABLES, pseudonym, type ExposureSummary } from './model/exposure';
import { Model } from './model/model';
import { SlicedBuild } from './model/slicedBuild';
import { named, sql, table, type Sql } from './db/sql';
import { CATALOG, inputsOf } from './model/catalog';
import { ANALYSIS_TABLES } from './analysis/tables';
import { MENU_PAGES } from './analysis/pages';
import { reconciliation, RECONCILE_OBJECTS, writeAliases, type Aliases, type Reconciliation } from './model/reconcile';
import { DEFAULT_SETTINGS, type Settings } from './model/settings';
import { toCsv } from './report/csv';
import { crc32, dropEverything, Foreground, isKeptTableDropped, restoreInStages, SnapshotCorrupt, SnapshotStopped, stableJson, waitingConnector, writeSnapshot, writeSnapshotPart, type PendingTables, type SegmentSink, type Snapshot, type SnapshotManifest, type SnapshotSource, type SnapshotTag } from './db/snapshot';
import { DatabaseStopped } from './db/failure';
import { timed } from './timing';

export interface ImportOptions {
  /** The kind of file; detected from a canonical file's headers when not given. */
  kind?: FileKind;
  /** How a vendor export's columns become canonical fields (from inspectFile / resolveMapping, a preset or a JSON file). */
  mapping?: Mapping;
  /** A grid rota (staff × days; inspection.grid): its codes answered, its unit; read by ingest/gridRota.ts. */
  grid?: GridLoadRequest['grid'];
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface FilterOptions {
  units: string[];
  people: { personId: string; label: string; unit: string }[];
  minDate: string | null;
  maxDate: string | null;
}

export interface Engine {
  /** The database; only for closing it and for the ingest and reconciliation pages. Analyses get `model`. */
  readonly db: Connector;
  /** The derived tables, built when read (model/model.ts); what every analysis is given. */
  readonly model: Model;
  /** Setting them makes the model stale: it rebuilds before the next read. */
  settings: Settings;
  /**
   * Import one file. Without a mapping it must be a canonical CSV (kind detected from its headers
   * or file name when not given); with one, a vendor export (CSV, TSV, .xlsx) read through it.
   * The third argument may be the kind alone, as before.
   */
  importFile(fileName: string, data: Uint8Array | Blob, kindOrOptions?: FileKind | ImportOptions): Promise<ImportReport>;
  /** Read a file's format, header and proposed mapping (a matching preset applied) without importing it. */
  inspectFile(fileName: string, data: Uint8Array | Blob, options?: InspectOptions): Promise<Inspection>;
  /** Rebuild the exposure model after imports or a settings change. */
  rebuild(): Promise<ExposureSummary>;
  /** Build the exposure model if an import or settings change made it stale (model.query does it anyway). */
  ready(): Promise<void>;
  filterOptions(): Promise<FilterOptions>;
  /** Real names from the people file by person_id, for the local "show real names" choice only. */
  realNames(): Promise<Map<string, string>>;
  /**
   * The pseudonym of every person reference in the files, by the reference as written: a person's
   * own pseudonym for a person id, and for any other spelling the pseudonym it would have as an id.
   */
  personLabels(): Promise<Map<string, string>>;
  staffing(filters: Filters): Promise<StaffingResult>;
  /** Unit names and person references across files, suggested matches and the stored aliases. */
  reconciliation(): Promise<Reconciliation>;
  /** Replace the aliases (validated, chains resolved); the model rebuilds before the next analysis. */
  setAliases(aliases: Aliases): Promise<Aliases>;
  /** All rejected rows of the latest import of a file as CSV text (formula cells neutralised). */
  rejectsCsv(fileName: string): Promise<string>;
  /** Drop every table; the workspace is empty afterwards. */
  clear(): Promise<void>;
  /**
   * Every table (canonical, bookkeeping, reconciliation, model) as a snapshot (db/snapshot.ts),
   * tagged with `app`, this engine's settings and key, and the model tables fresh in it. Waits
   * for imports and builds the exposure and FIRST_TABLES; refuses when the data changes while it is written. Each
   * segment goes to `sink` as it fills (a Blob in the browser); without one, the bytes.
   */
  snapshot<Part = Uint8Array>(app: AppTag, extra?: unknown, sink?: SegmentSink<Part>): Promise<Snapshot<Part>>;
  /**
   * Replace the workspace with a snapshot made under the same tag: the model tables fresh in it
   * are fresh again, with no import and no build. Throws SnapshotRefused / SnapshotCorrupt (the
   * workspace is then empty) and returns the snapshot's `extra`.
   */
  restore(source: SnapshotSource, app: AppTag, options?: RestoreOptions): Promise<unknown>;
  /**
   * The pages' tables built since the kept snapshot was written or restored (model tables are
   * built from the data, settings and key alone, never the filters: each can be kept), as a
   * snapshot part for the next restore (RestoreOptions.parts); null when there are none, or when
   * the data, aliases or settings changed since (the part would not fit the kept snapshot). Waits
   * for imports and a background restore; lets the pages' statements go first before each table
   * and segment (Foreground.quiet); stops when the workspace changes while it is written. Its tables are
   * written again by the next call until the caller says the part is kept (partKept).
   */
  snapshotPart<Part = Uint8Array>(app: AppTag, sink?: SegmentSink<Part>): Promise<Snapshot<Part> | null>;
  /** The part (from snapshotPart) is stored with the kept snapshot: its tables are not written again. */
  partKept(part: Snapshot<unknown>): void;
  /** Call `listener` after each build that made tables (until the returned function is called). */
  whenTablesBuilt(listener: () => void): () => void;
  /**
   * The rest of a restore made with `inBackground`: resolves once every table is in, rejects if
   * one was damaged (the workspace is then empty, and every read of its tables fails with that
   * error until the next import, restore or clear). Resolved when no restore is under way.
   */
  readonly restoring: Promise<void>;
  /**
   * Label the sample's (fictional) people with SAMPLE_PSEUDONYM_KEY, the same in every browser,
   * so the sample snapshot shipped with the app fits; clear() goes back to the engine's own key.
   */
  useSampleKey(): void;
}

export interface RestoreOptions {
  /**
   * Return once the tables the first page and the filters read are in (FIRST_TABLES); the others
   * follow in the background (`restoring`), and any statement naming one waits for it.
   */
  inBackground?: boolean;
  /**
   * Snapshot parts written for this snapshot (snapshotPart): their tables are restored and fresh
   * too. A part made for another snapshot, under another tag, cut short or unreadable is left out
   * whole (its tables are built again when asked).
   */
  parts?: readonly SnapshotSource[];
  /**
   * Part `index` (of `parts`) was found damaged and is no longer used: left out whole, or its
   * damaged table dropped and built again when asked (the workspace is otherwise whole). The
   * restore goes on once this settles: the caller deletes the part. A page waiting for the dropped
   * table does not wait for this: it builds the table at once.
   */
  onPartDamaged?: (index: number) => Promise<void>;
}

/**
 * What the first page (Staffing and incidents, without date filters) and the filter options read:
 * built before every snapshot and restored first, so the first chart does not wait for the rota,
 * the incidents or the other pages' tables. (With dates the page reads the person-periods, and
 * with dates alone staffing_periods, their size: they come with the rest, at once when asked for.)
 */
export const FIRST_TABLES: readonly string[] = [
  'units', 'person_spans', 'periods', 'staffing_cells', 'staffing_bands', 'model_cells', 'exposed_periods', 'outside_exposure', 'nobody_worked_periods',
];

/**
 * The tables a reload restores first, page by page in the order of the menu (analysis/pages.ts),
 * the order a user is likely to open them: what opening each reads, given the tables built in the
 * snapshot and its parts (a page's kept tables themselves, else what its build reads).
 */
export function likelyOrder(built: ReadonlySet<string>): string[] {
  return [...new Set(MENU_PAGES.flatMap(({ analysis }) => inputsOf([...ANALYSIS_TABLES[analysis], 'units', 'person_spans'], (t) => built.has(t))))];
}

/** The model tables a snapshot or a part carries as built (engine.snapshot's and snapshotPart's `fresh`). */
function freshIn(extra: unknown): string[] {
  const fresh = (extra as { fresh?: unknown } | null)?.fresh;
  return Array.isArray(fresh) ? fresh.filter((t): t is string => typeof t === 'string') : [];
}

/** The snapshot a part was written for (its `createdAt`): a part is restored with that one only. */
const baseOf = (part: SnapshotManifest) => (part.extra as { base?: unknown } | null)?.base;

/**
 * `db` with its arrowStream timed piece by piece: the longest gap (the worker's time for one
 * piece, and any statement queued before it) goes on the timeline as `snapshot part hold` — about
 * the longest a page's statement waits behind a part's write (the pieces of a streamed result are
 * separate messages to the worker, so the pages' statements go between them).
 */
function heldTimed(db: Connector): Connector {
  const stream = db.arrowStream?.bind(db);
  const timedDb: Connector = {
    query: (statement, params) => db.query(statement, params),
    exec: (statement) => db.exec(statement),
    registerFile: (name, data) => db.registerFile(name, data),
    dropFile: (name) => db.dropFile(name),
    close: () => db.close(),
  };
  if (db.insertArrowStream) timedDb.insertArrowStream = db.insertArrowStream.bind(db);
  if (!stream) return timedDb;
  timedDb.arrowStream = async (statement, onPiece) => {
    let last = performance.now();
    let longest = { start: last, end: last };
    await stream(statement, async (piece) => {
      const now = performance.now();
      if (now - last > longest.end - longest.start) longest = { start: last, end: now };
      await onPiece(piece); // a pause to give way to the pages is not a hold
      last = performance.now();
    });
    try {
      performance.measure('snapshot part hold', longest);
    } catch {
      // A timeline that refuses the entry only loses the number.
    }
  };
  return timedDb;
}

/**
 * The Model, with each ask (a page's query, a build) that failed because a kept table it waited
 * for was dropped (KeptTableDropped) asked again: a table of a damaged snapshot part is dropped and
 * forgotten (Model.forget) while pages may wait for it or build from it, and asked again they
 * build it instead of failing. Any other failure fails as it did. Each table is dropped at most
 * once a restore, so the asks end.
 */
class KeptTablesModel extends Model {
  override ensure(names: readonly string[]): Promise<void> {
    return this.againIfDropped(() => super.ensure(names));
  }

  override query<T>(statement: Sql): Promise<T[]> {
    return this.againIfDropped(() => super.query<T>(statement));
  }

  private async againIfDropped<T>(ask: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await ask();
      } catch (e) {
        if (!isKeptTableDropped(e)) throw e;
      }
    }
  }
}

/**
 * How long the pages' statements must have paused before each table of a snapshot part is
 * written: a user changing filters one after another (a change every few hundred ms) goes on
 * undisturbed, and the tables are written once they stop to read (or move on). Once a table's
 * write has begun, the pages' statements still go between its pieces.
 */
const PART_QUIET_MS = 1500;

/** The longest the rest of a background restore waits for the first page to be answered before it goes on. */
const FIRST_PAGE_WAIT_MS = 5000;

/** The part of a snapshot's tag the app gives: its version and the hash of its definitions. */
export type AppTag = Pick<SnapshotTag, 'app' | 'definitions'>;

/** The sample service's pseudonym key: public, as its people are made up (see Engine.useSampleKey). */
export const SAMPLE_PSEUDONYM_KEY = 'pbs-lens-sample';

export interface EngineOptions {
  settings?: Settings;
  /** Key for stable pseudonyms; stays wherever the engine runs. */
  pseudonymKey?: string;
  /**
   * The database was opened just now and holds nothing (the app's, at page load): a restore before
   * any statement has run need not clear it — at page load DuckDB's catalog functions would cost
   * their first-use compile (≈ 0.1 s of the sample's first chart) to find nothing.
   */
  freshDatabase?: boolean;
  /** How long the pages' statements must have paused before a snapshot part's table or segment is written (PART_QUIET_MS; 0 where no user is waiting: tests). */
  partQuietMs?: number;
  /**
   * Tables to build in the background after each exposure build (rebuild), while the pages'
   * statements pause (PART_QUIET_MS, as a snapshot part's write), one short statement at a time
   * (Model.buildInBackground): the app's BACKGROUND_TABLES; none by default (the CLI and tests).
   */
  backgroundTables?: readonly string[];
}

/**
 * What the app builds in the background after an import: Data quality's tables, the slowest of any
 * page's first open at W-L (issue 18), in slices (model/table.ts Slices) so that a page's
 * statement waits for one slice at most; the others the page builds when opened.
 */
export const BACKGROUND_TABLES: readonly string[] = ['incident_force_days', 'incident_force_totals', 'recording_gaps', 'staff_recording'];

export function createEngine(raw: Connector, options: EngineOptions = {}): Engine {
  // While a snapshot is restored in the background, every statement waits for the tables it names.
  let pending: PendingTables | null = null;
  /** Set when a background restore failed: its tables are gone and reads of them say why. */
  let damaged: { error: Error; names: Set<string> } | null = null;
  let stopRestore = false;
  /** Called when the staffing analysis (the first page) has been answered: a background restore goes on. */
  let firstPageAnswered = () => {};
  let background: Promise<void> = Promise.resolve();
  /** Nothing has touched the database yet (EngineOptions.freshDatabase): the first restore skips clearing it. */
  let untouched = options.freshDatabase === true;
  const foreground = new Foreground();
  const partQuietMs = options.partQuietMs ?? PART_QUIET_MS;
  const db = waitingConnector(raw, () => pending, () => damaged, foreground);
  // The background build's statements: held back for a restore's tables as the pages' are, but not counted as theirs (Foreground).
  const backgroundDb = waitingConnector(raw, () => pending, () => damaged);
  let settings = options.settings ?? DEFAULT_SETTINGS;
  /** The key labels are made with: the engine's own, or the sample's (useSampleKey). */
  let labelKey = options.pseudonymKey ?? '';
  // The model owns freshness: every change below (import, aliases, settings, clear) invalidates it.
  const builtListeners = new Set<() => void>();
  const model = new KeptTablesModel(db, {
    settings: () => settings,
    pseudonymKey: () => labelKey,
    spillsToDisk: raw.spillsToDisk === true,
    willRead: (tables) => pending?.prefer(tables),
    built: () => builtListeners.forEach((listener) => listener()),
    backgroundDb,
  });
  /** The snapshot being written, if one is: the background's slices wait for it. */
  let snapshotWrite: Promise<unknown> | null = null;
  /**
   * Before each of the background's slices: a snapshot write first (until the import is kept, a
   * reload imports every file again; sharing the worker with the slices put the save 17–45 s after
   * the build instead of 7.5 s at W-L), then the pages' statements paused PART_QUIET_MS.
   */
  const backgroundGiveWay = async () => {
    for (;;) {
      while (snapshotWrite) await snapshotWrite.catch(() => undefined);
      await foreground.quiet(undefined, partQuietMs);
      if (!snapshotWrite) return;
    }
  };
  /** Build BACKGROUND_TABLES (EngineOptions.backgroundTables) while the pages pause; it stops by itself when the data changes. */
  const buildInBackground = () => {
    const tables = options.backgroundTables ?? [];
    if (tables.length === 0) return;
    void model.buildInBackground(tables, backgroundGiveWay, () => snapshotWrite === null).catch(() => undefined);
  };
  /** Write the workspace's snapshot (Engine.snapshot; kept: what a part may extend). */
  const writeKept = <Part>(app: AppTag, extra: unknown, sink?: SegmentSink<Part>) =>
    timed('snapshot write', async () => {
      await importing;
      await engine.ready();
      // The first stage of a restore must answer the first page without a build (the app may save before the page asked).
      await model.ensure(FIRST_TABLES);
      const at = model.version;
      // Only tables built from the data as it is now are carried as built.
      const fresh = model.freshTables();
      const snap = await writeSnapshot(db, tagOf(app), { app: extra, fresh }, sink);
      if (model.version !== at) throw new Error('The workspace changed while its snapshot was written.');
      kept = { base: snap.manifest.createdAt, at, tables: new Set(fresh) };
      return snap;
    });
  /**
   * The kept snapshot this workspace was written to or restored from: its `createdAt`, the model
   * version it holds, and the model tables it and its parts hold as built. A part extends it only
   * while the model is at that version (no import, alias or settings change since).
   */
  let kept: { base: string; at: number; tables: Set<string> } | null = null;
  const tagOf = (app: AppTag): SnapshotTag => ({ ...app, settings: stableJson(settings), key: crc32([new TextEncoder().encode(`pbs-lens-key:${labelKey}`)]).toString(16) });
  // One import at a time: each takes the next import id (and the one after, for interventions
  // unpivoted from its columns) and must have written them before the next import counts.
  let importing: Promise<unknown> = Promise.resolve();
  const engine: Engine = {
    db,
    model,
    get settings() {
      return settings;
    },
    set settings(next: Settings) {
      settings = next;
      model.invalidate();
    },

    importFile(fileName, data, kindOrOptions) {
      const o: ImportOptions = typeof kindOrOptions === 'string' ? { kind: kindOrOptions } : (kindOrOptions ?? {});
      const run = async () => {
        damaged = null; // an import after a failed restore starts from the empty workspace it left
        await ensureSchema(db);
        const [{ next }] = (await db.query<{ next: number }>('SELECT (coalesce(max(import_id), 0) + 1)::INTEGER AS next FROM imports')) as [
          { next: number },
        ];
        model.invalidate();
        const { grid, ...rest } = o;
        const common = { importId: next, fileName, data, limits: engine.settings.plausibility };
        return timed(`import ${fileName}`, () =>
          grid ? loadGridRota(db, { ...common, grid, ...(rest.onProgress ? { onProgress: rest.onProgress } : {}), ...(rest.signal ? { signal: rest.signal } : {}) }) : loadDelimitedFile(db, { ...common, ...rest }),
        ).finally(() => model.invalidate()); // a build that ran during the import read part of it
      };
      const done = importing.then(run, run);
      importing = done.catch(() => undefined);
      return done;
    },

    inspectFile: (fileName, data, options) => inspectFile(fileName, data, options),

    // The summary tables each page reads are built when first asked for (model.query).
    rebuild: async () => {
      const summary = await timed('exposure build', () => model.rebuild());
      buildInBackground();
      return summary;
    },

    async ready() {
      // Built, not counted: a page's first chart waits for this, and counting reads the rota-sized
      // tables a background restore may still be filling.
      await model.ensure(EXPOSURE_TABLES.map((t) => t.name));
    },

    filterOptions: () => timed('filter options', async () => {
      const units = (await model.query<{ unit: string }>(named('filters.units', sql`SELECT unit FROM ${table('units')} ORDER BY unit`))).map((r) => r.unit);
      const people = await model.query<{ personId: string; label: string; unit: string }>(
        named('filters.people', sql`SELECT person_id AS "personId", label, unit FROM ${table('person_spans')} ORDER BY label`),
      );
      const [range] = await model.query<{ minDate: string | null; maxDate: string | null }>(
        named('filters.dates', sql`SELECT strftime(min(date), '%Y-%m-%d') AS "minDate", strftime(max(date), '%Y-%m-%d') AS "maxDate" FROM ${table('periods')}`),
      );
      return { units, people, minDate: range?.minDate ?? null, maxDate: range?.maxDate ?? null };
    }),

    async realNames() {
      const rows = await model.query<{ personId: string; name: string }>(
        named('people.realNames', sql`SELECT person_id AS "personId", name FROM ${table('person_spans')} WHERE name IS NOT NULL AND trim(name) <> ''`),
      );
      return new Map(rows.map((r) => [r.personId, r.name]));
    },

    async personLabels() {
      const rows = await model.query<{ ref: string; label: string }>(
        named('people.labels', sql`WITH refs AS (
           SELECT person_id AS ref FROM people UNION SELECT person_id FROM incidents UNION SELECT person_id FROM plan_delivery
           UNION SELECT person_id FROM shifts UNION SELECT person_id FROM events)
         SELECT r.ref, coalesce(ps.label, ${pseudonym(labelKey, 'r.ref')}) AS label
         FROM refs r LEFT JOIN ${table('person_spans')} ps ON ps.person_id = r.ref WHERE r.ref IS NOT NULL`),
      );
      return new Map(rows.map((r) => [r.ref, r.label]));
    },

    staffing: (filters) => staffingAnalysis(model, filters, engine.settings).finally(() => firstPageAnswered()),

    reconciliation: () => reconciliation(db, labelKey),

    async setAliases(aliases) {
      const stored = await writeAliases(db, aliases);
      model.invalidate();
      return stored;
    },

    async rejectsCsv(fileName) {
      const rows = await db.query(
        `SELECT r.line, r."column", r.value, r.reason FROM rejects r
         WHERE r.import_id = (SELECT max(import_id) FROM imports WHERE file_name = ?)
         ORDER BY r.line, r."column"`,
        [fileName],
      );
      return toCsv(['line', 'column', 'value', 'reason'], rows);
    },

    async clear() {
      await stopBackground();
      // With the tables a sliced build makes on the way (one given up half way leaves them).
      const derived = CATALOG.flatMap((t) => [t.name, ...SlicedBuild.tablesOf(t)]);
      const canonical = Object.values(TABLES).map((t) => t.table);
      // One round trip to the worker, not one per table.
      await db.exec(
        [
          ...RECONCILE_OBJECTS.views.map((v) => `DROP VIEW IF EXISTS ${v}`),
          ...[...derived, ...canonical, 'imports', 'rejects', 'vocabulary', ...RECONCILE_OBJECTS.tables].map((t) => `DROP TABLE IF EXISTS ${t}`),
        ].join(';\n'),
      );
      labelKey = options.pseudonymKey ?? '';
      model.invalidate();
    },

    useSampleKey() {
      labelKey = SAMPLE_PSEUDONYM_KEY;
      model.invalidate();
    },

    snapshot<Part = Uint8Array>(app: AppTag, extra: unknown = null, sink?: SegmentSink<Part>) {
      const write = writeKept(app, extra, sink);
      snapshotWrite = write;
      const done = () => {
        if (snapshotWrite === write) snapshotWrite = null;
      };
      write.then(done, done);
      return write;
    },

    snapshotPart: <Part = Uint8Array>(app: AppTag, sink?: SegmentSink<Part>) =>
      timed('snapshot part write', async () => {
        await importing; // imports, and the rest of a background restore
        await foreground.quiet(undefined, partQuietMs); // a build under way ends first: its tables come in this part
        const k = kept;
        if (!k || k.at !== model.version) return null;
        const tables = model.freshTables().filter((t) => !k.tables.has(t));
        if (tables.length === 0) return null;
        const stillFits = () => {
          if (kept !== k || model.version !== k.at) throw new Error('The workspace changed while its snapshot part was written.');
        };
        // Before each table and segment: an import or settings change began, no need to go on.
        const giveWay = async () => {
          await foreground.quiet(undefined, partQuietMs);
          stillFits();
        };
        // Raw: nothing is pending now, and its statements must not count as the pages' (Foreground).
        const snap = await writeSnapshotPart(heldTimed(raw), tagOf(app), { base: k.base, fresh: tables }, { tables, giveWay }, sink);
        stillFits();
        return snap;
      }),

    partKept(part) {
      if (kept && baseOf(part.manifest) === kept.base) for (const t of freshIn(part.manifest.extra)) kept.tables.add(t);
    },

    whenTablesBuilt(listener) {
      builtListeners.add(listener);
      return () => builtListeners.delete(listener);
    },

    get restoring() {
      return background;
    },

    restore: (source, app, restoreOptions = {}) =>
      timed('snapshot restore', async () => {
        await stopBackground();
        await importing;
        const tag = tagOf(app);
        const key = labelKey;
        // Every statement goes through `foreground` (the restore's own through `raw`, hence the flag).
        // Only query and exec can make a table: insertArrowStream fills an existing one (create:
        // false), registerFile and arrowStream make none; so a database they alone touched is empty.
        const empty = untouched && !foreground.used;
        untouched = false;
        if (empty) model.invalidate();
        else await engine.clear();
        labelKey = key;
        damaged = null;
        stopRestore = false;
        const firstOnly = restoreOptions.inBackground ? (t: string) => FIRST_TABLES.includes(t) : () => true;
        try {
          if (!empty) await dropEverything(raw);
          // The rest starts once the first page is answered (its queries must not queue behind inserts
          // nobody asked for), when a page asks for a table not yet in, or after FIRST_PAGE_WAIT_MS.
          let started = false;
          const answered = new Promise<void>((resolve) => (firstPageAnswered = resolve));
          const giveWay = async (waiting: PendingTables) => {
            if (!started) {
              started = true;
              let timer: ReturnType<typeof setTimeout> | undefined;
              await Promise.race([answered, waiting.untilWanted(), new Promise((resolve) => (timer = setTimeout(resolve, FIRST_PAGE_WAIT_MS)))]);
              clearTimeout(timer);
            }
            await foreground.quiet(() => waiting.wanted);
          };
          const order = (m: SnapshotManifest, parts: readonly SnapshotManifest[]) => likelyOrder(new Set([m, ...parts].flatMap((x) => freshIn(x.extra))));
          const fits = (part: SnapshotManifest, snapshot: SnapshotManifest) => baseOf(part) === snapshot.createdAt;
          const partDamaged = (index: number) => restoreOptions.onPartDamaged?.(index);
          const tableDropped = (part: SnapshotManifest, table: string) => {
            // Before its waiters hear of it: asked again, they build it.
            model.forget([table]);
            // The part goes: its tables are kept again by the next one.
            for (const t of freshIn(part.extra)) kept?.tables.delete(t);
          };
          const staged = await restoreInStages(raw, source, tag, firstOnly, { stop: () => stopRestore, giveWay, order, fits, partDamaged, tableDropped, ...(restoreOptions.parts ? { parts: restoreOptions.parts } : {}) });
          const { app: extra } = (staged.manifest.extra ?? {}) as { app?: unknown };
          // Fresh now, though some are still being filled: a read waits for them, a build never replaces them.
          const fresh = [staged.manifest, ...staged.parts.used].flatMap((m) => freshIn(m.extra));
          model.adopt(fresh);
          kept = { base: staged.manifest.createdAt, at: model.version, tables: new Set(fresh) };
          pending = staged.pending;
          const names = new Set([...staged.manifest.tables, ...staged.manifest.views].map((t) => t.name.toLowerCase()));
          const rest = timed('snapshot restore rest', () => staged.rest).then(
            () => {
              pending = null;
            },
            async (e: unknown) => {
              pending = null;
              if (!(e instanceof SnapshotStopped) && restoreOptions.inBackground) {
                // What every page then says: the reason, and that the files must be read again (the app does it on the next load).
                const text = `${e instanceof Error ? e.message : String(e)} The workspace was emptied: its files must be imported again (reload the page).`;
                // A database that stopped stays that error: the app restarts it, and the kept snapshot is not at fault.
                const error = e instanceof DatabaseStopped ? e : e instanceof SnapshotCorrupt ? new SnapshotCorrupt(text) : new Error(text);
                damaged = { error, names };
              }
              await dropEverything(raw).catch(() => undefined);
              model.invalidate();
              if (e instanceof SnapshotStopped) return;
              throw damaged?.error ?? e;
            },
          );
          // Imports, snapshots and restores wait for the rest; `restoring` tells the caller how it went.
          background = rest;
          importing = rest.catch(() => undefined);
          if (!restoreOptions.inBackground) await rest;
          return extra ?? null;
        } catch (e) {
          await dropEverything(raw).catch(() => undefined);
          model.invalidate();
          pending = null;
          damaged = null;
          throw e;
        }
      }),
  };

  /** End a background restore (at its next segment) and wait until it has let go of the database. */
  async function stopBackground(): Promise<void> {
    stopRestore = true;
    firstPageAnswered(); // no longer worth waiting for

    await background.catch(() => undefined);
    background = Promise.resolve();
    stopRestore = false;
    damaged = null;
  }
  return engine;
}

export { DEFAULT_SETTINGS };
export { SnapshotCorrupt, SnapshotRefused, SnapshotStopped, blobSource, bytesSource, concatBytes, type SegmentSink, type Snapshot, type SnapshotSource } from './db/snapshot';
/** What the import page needs besides the engine: progress events, the cancel error, inspections. */
export type { ImportProgress } from './ingest/load';
export { ImportCancelled } from './ingest/source';
export type { Inspection, InspectOptions } from './ingest/inspect';

// The import report is ingest's (ingest/report.ts); the UI and the CLI take it from here.
export type { ImportReport, RejectedRow } from './ingest/report';

// The engine is the UI's seam to the database: what it needs of db/ beyond starting the worker.
export { DatabaseStopped } from './db/failure';
export { checkCapacity } from './db/capacity';
