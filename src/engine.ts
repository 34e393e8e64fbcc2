/**
 * The engine: one object the UI, the CLI and the tests drive. It owns a Connector and wires
 * ingest → model → analysis. Only db/ differs between the browser and Node.
 */
import type { Connector } from './db/connector';
import { TABLES, type FileKind } from './ingest/canonical';
import { loadDelimitedFile, type ImportProgress } from './ingest/load';
import { loadGridRota, type GridLoadRequest } from './ingest/gridLoad';
import { inspectFile, type InspectOptions, type Inspection } from './ingest/inspect';
import type { Mapping } from './ingest/mapping';
import type { Encoding } from './ingest/decode';
import { ensureSchema } from './ingest/schema';
import type { Filters, StaffingResult } from './analysis/types';
import { staffingAnalysis } from './analysis/staffing';
import { buildExposure, EXPOSURE_TABLES, pseudonymSql, type ExposureSummary } from './model/exposure';
import { EXTRA_TABLES } from './model/extra';
import { reconciliation, RECONCILE_OBJECTS, writeAliases, type Aliases, type Reconciliation } from './model/reconcile';
import { DEFAULT_SETTINGS, type Settings } from './model/settings';
import { toCsv } from './report/csv';
import { crc32, dropEverything, restoreSnapshot, stableJson, writeSnapshot, type SegmentSink, type Snapshot, type SnapshotSource, type SnapshotTag } from './db/snapshot';
import { timed } from './timing';

export interface RejectedRow {
  /** 1-based line in the file (header = line 1; a quoted field spanning lines counts once). */
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

export interface ImportReport {
  fileName: string;
  kind: FileKind;
  read: number;
  accepted: number;
  rejected: number;
  /** Rows skipped because the same key was already imported (counted inside `rejected`). */
  duplicates: number;
  /** Counts per reason, most frequent first. */
  reasons: { reason: string; count: number }[];
  /** The first rejected rows (all of them are downloadable via rejectsCsv). */
  rejects: RejectedRow[];
  /** A file-level problem (wrong kind, no header, unreadable): nothing was imported. */
  error: string | null;
  /** How the file was read: delimited text or an Excel workbook (null when it could not be told). */
  format: 'delimited' | 'xlsx' | null;
  /** The text encoding detected (null for workbooks). */
  encoding: Encoding | null;
  /** The workbook sheet read. */
  sheet: string | null;
  /** The mapping used (as applied to this file's headers); null for a canonical CSV read by its column names. */
  mapping: Mapping | null;
  /** Things to know about how the file was read (transcoding, approximate line numbers). */
  notes: string[];
  /**
   * Restrictive interventions unpivoted from a flat incident export's restraint / seclusion / PRN
   * columns: rows produced for restrictive_interventions, with their own accepted / rejected /
   * duplicates (rows read here = interventions found + flat columns that could not be read).
   */
  interventions?: ImportReport;
}

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
  readonly db: Connector;
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
  /** Build the exposure model if an import or settings change made it stale. Analyses call this first. */
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
   * tagged with `app`, this engine's settings and key. Waits for imports and builds under way;
   * refuses when the model is not built or the data changes while it is written. Each segment
   * goes to `sink` as it fills (a Blob in the browser); without one, the bytes.
   */
  snapshot<Part = Uint8Array>(app: AppTag, extra?: unknown, sink?: SegmentSink<Part>): Promise<Snapshot<Part>>;
  /**
   * Replace the workspace with a snapshot made under the same tag: the model is then fresh, with
   * no import and no build. Throws SnapshotRefused / SnapshotCorrupt (the workspace is then
   * empty) and returns the snapshot's `extra`.
   */
  restore(source: SnapshotSource, app: AppTag): Promise<unknown>;
  /**
   * Label the sample's (fictional) people with SAMPLE_PSEUDONYM_KEY, the same in every browser,
   * so the sample snapshot shipped with the app fits; clear() goes back to the engine's own key.
   */
  useSampleKey(): void;
}

/** The part of a snapshot's tag the app gives: its version and the hash of its definitions. */
export type AppTag = Pick<SnapshotTag, 'app' | 'definitions'>;

/** The sample service's pseudonym key: public, as its people are made up (see Engine.useSampleKey). */
export const SAMPLE_PSEUDONYM_KEY = 'pbs-lens-sample';

export interface EngineOptions {
  settings?: Settings;
  /** Key for stable pseudonyms; stays wherever the engine runs. */
  pseudonymKey?: string;
}

export function createEngine(db: Connector, options: EngineOptions = {}): Engine {
  // The model is current when it was built after the last change (import, aliases, clear).
  let changes = 0;
  let builtAt = -1;
  const stale = () => builtAt !== changes;
  // One build at a time: pages ask for the model together, and two interleaved builds would
  // each write the shared tables. Later callers wait for the build already running.
  let building: Promise<ExposureSummary> | null = null;
  // One import at a time: each takes the next import id (and the one after, for interventions
  // unpivoted from its columns) and must have written them before the next import counts.
  let importing: Promise<unknown> = Promise.resolve();
  /** The key labels are made with: the engine's own, or the sample's (useSampleKey). */
  let labelKey = options.pseudonymKey ?? '';
  const tagOf = (app: AppTag): SnapshotTag => ({ ...app, settings: stableJson(engine.settings), key: crc32([new TextEncoder().encode(`pbs-lens-key:${labelKey}`)]).toString(16) });
  const engine: Engine = {
    db,
    settings: options.settings ?? DEFAULT_SETTINGS,

    importFile(fileName, data, kindOrOptions) {
      const o: ImportOptions = typeof kindOrOptions === 'string' ? { kind: kindOrOptions } : (kindOrOptions ?? {});
      const run = async () => {
        await ensureSchema(db);
        const [{ next }] = (await db.query<{ next: number }>('SELECT (coalesce(max(import_id), 0) + 1)::INTEGER AS next FROM imports')) as [
          { next: number },
        ];
        changes++;
        const { grid, ...rest } = o;
        const common = { importId: next, fileName, data, limits: engine.settings.plausibility };
        return timed(`import ${fileName}`, () =>
          grid ? loadGridRota(db, { ...common, grid, ...(rest.onProgress ? { onProgress: rest.onProgress } : {}), ...(rest.signal ? { signal: rest.signal } : {}) }) : loadDelimitedFile(db, { ...common, ...rest }),
        );
      };
      const done = importing.then(run, run);
      importing = done.catch(() => undefined);
      return done;
    },

    inspectFile: (fileName, data, options) => inspectFile(fileName, data, options),

    async rebuild() {
      while (building) await building.catch(() => undefined);
      const from = changes;
      building = timed('exposure build', async () => {
        // The summary tables each page reads (model/extra.ts) are built when first asked for.
        const summary = await buildExposure(db, engine.settings, labelKey);
        builtAt = from;
        return summary;
      }).finally(() => (building = null));
      return building;
    },

    async ready() {
      while (building) await building.catch(() => undefined);
      if (stale()) await engine.rebuild();
    },

    filterOptions: () => timed('filter options', async () => {
      await engine.ready();
      const units = (await db.query<{ unit: string }>('SELECT unit FROM units ORDER BY unit')).map((r) => r.unit);
      const people = await db.query<{ personId: string; label: string; unit: string }>(
        'SELECT person_id AS "personId", label, unit FROM person_spans ORDER BY label',
      );
      const [range] = await db.query<{ minDate: string | null; maxDate: string | null }>(
        `SELECT strftime(min(date), '%Y-%m-%d') AS "minDate", strftime(max(date), '%Y-%m-%d') AS "maxDate" FROM periods`,
      );
      return { units, people, minDate: range?.minDate ?? null, maxDate: range?.maxDate ?? null };
    }),

    async realNames() {
      await engine.ready();
      const rows = await db.query<{ personId: string; name: string }>(
        `SELECT person_id AS "personId", name FROM person_spans WHERE name IS NOT NULL AND trim(name) <> ''`,
      );
      return new Map(rows.map((r) => [r.personId, r.name]));
    },

    async personLabels() {
      await engine.ready();
      const rows = await db.query<{ ref: string; label: string }>(
        `WITH refs AS (
           SELECT person_id AS ref FROM people UNION SELECT person_id FROM incidents UNION SELECT person_id FROM plan_delivery
           UNION SELECT person_id FROM shifts UNION SELECT person_id FROM events)
         SELECT r.ref, coalesce(ps.label, ${pseudonymSql('?', 'r.ref')}) AS label
         FROM refs r LEFT JOIN person_spans ps ON ps.person_id = r.ref WHERE r.ref IS NOT NULL`,
        [labelKey],
      );
      return new Map(rows.map((r) => [r.ref, r.label]));
    },

    async staffing(filters) {
      await engine.ready();
      return staffingAnalysis(db, filters, engine.settings);
    },

    reconciliation: () => reconciliation(db),

    async setAliases(aliases) {
      const stored = await writeAliases(db, aliases);
      changes++;
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
      const derived = [...EXPOSURE_TABLES, ...EXTRA_TABLES];
      const canonical = Object.values(TABLES).map((t) => t.table);
      // One round trip to the worker, not one per table.
      await db.exec(
        [
          ...RECONCILE_OBJECTS.views.map((v) => `DROP VIEW IF EXISTS ${v}`),
          ...[...derived, ...canonical, 'imports', 'rejects', 'vocabulary', ...RECONCILE_OBJECTS.tables].map((t) => `DROP TABLE IF EXISTS ${t}`),
        ].join(';\n'),
      );
      labelKey = options.pseudonymKey ?? '';
      changes++;
    },

    useSampleKey() {
      labelKey = SAMPLE_PSEUDONYM_KEY;
    },

    snapshot: <Part = Uint8Array>(app: AppTag, extra: unknown = null, sink?: SegmentSink<Part>) =>
      timed('snapshot write', async () => {
        await importing;
        await engine.ready();
        const at = changes;
        // model/extra.ts knows its tables fresh by person_periods' catalog oid, which a restore
        // changes: keep the oid, so restore() can carry the freshness over. TODO(cat): the Model object.
        const snap = await writeSnapshot(db, tagOf(app), { app: extra, modelOid: await personPeriodsOid(db) }, sink);
        if (changes !== at || stale()) throw new Error('The workspace changed while its snapshot was written.');
        return snap;
      }),

    restore: (source, app) =>
      timed('snapshot restore', async () => {
        await importing;
        while (building) await building.catch(() => undefined);
        const tag = tagOf(app);
        const key = labelKey;
        await engine.clear();
        labelKey = key;
        try {
          await dropEverything(db);
          const manifest = await restoreSnapshot(db, source, tag);
          const { app: extra, modelOid } = (manifest.extra ?? {}) as { app?: unknown; modelOid?: number | null };
          await carryModelFreshness(db, modelOid ?? null);
          builtAt = changes;
          return extra ?? null;
        } catch (e) {
          await dropEverything(db).catch(() => undefined);
          changes++;
          throw e;
        }
      }),
  };
  return engine;
}

/** person_periods' catalog oid: the identity of an exposure build (model/extra.ts). */
async function personPeriodsOid(db: Connector): Promise<number | null> {
  const [row] = await db.query<{ oid: number }>(`SELECT table_oid::BIGINT AS oid FROM duckdb_tables() WHERE table_name = 'person_periods' AND schema_name = 'main'`);
  return row?.oid ?? null;
}

/**
 * A restored person_periods has a new oid: the summary tables built from the snapshot's exposure
 * are re-marked as built from this one, and a mark whose table the snapshot did not hold goes
 * (so it is built when asked for). TODO(cat): with the Model object this becomes its own restore.
 */
async function carryModelFreshness(db: Connector, oldOid: number | null): Promise<void> {
  const [marks] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'model_extra_builds' AND schema_name = 'main'`);
  if (!marks?.n) return;
  const oid = await personPeriodsOid(db);
  if (oldOid === null || oid === null) {
    await db.exec('DELETE FROM model_extra_builds');
    return;
  }
  await db.query('DELETE FROM model_extra_builds WHERE source_oid <> ? OR name NOT IN (SELECT table_name FROM duckdb_tables())', [oldOid]);
  await db.query('UPDATE model_extra_builds SET source_oid = ?', [oid]);
}

export { DEFAULT_SETTINGS };
export { SnapshotCorrupt, SnapshotRefused, blobSource, bytesSource, concatBytes, type SegmentSink, type Snapshot, type SnapshotSource } from './db/snapshot';
/** What the import page needs besides the engine: progress events, the cancel error, inspections. */
export type { ImportProgress } from './ingest/load';
export { ImportCancelled } from './ingest/source';
export type { Inspection, InspectOptions } from './ingest/inspect';
