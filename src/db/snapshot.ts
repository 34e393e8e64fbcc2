/**
 * A database snapshot: every table and view of the workspace written out as Arrow IPC, so a
 * reload reads the tables back instead of importing every kept file again and rebuilding the
 * model. DuckDB's own database files in the browser (opfs://) have open durability bugs; this is
 * plain bytes the app keeps where it likes (ui/snapshots.ts) and checks before it trusts them.
 *
 * Layout: MAGIC · manifest length (uint32, little-endian) · manifest (JSON) · segments. Each
 * table is re-created from its own DDL (types, keys and defaults exactly as they were) and its
 * rows appended from one or more segments, each a whole Arrow IPC stream with its CRC-32.
 *
 * A snapshot carries a tag (app version, definitions, settings, key check): one made under
 * another tag is refused (SnapshotRefused) and one that is damaged or cut short is rejected
 * (SnapshotCorrupt) before or while it is read. Either way the caller imports the kept files.
 *
 * Restoring may go in two stages (restoreInStages): the tables the first page reads, then the
 * rest in the background, while statements that name a table not yet in wait for it
 * (PendingTables, waitingConnector) and the rest gives way to the pages' statements (Foreground);
 * a table a statement waits for is restored next, ahead of the others.
 * At W-L that puts the first chart after ≈ 40 MB of 1.17 GB (docs/performance.md).
 *
 * A snapshot part (writeSnapshotPart) adds tables to a snapshot in the same format, without
 * views: the pages' tables built after it was saved. A restore reads the parts it is given beside
 * the snapshot (StageOptions.parts), through the same order, each whole or not at all.
 */
import { ARROW_EOS, type Connector } from './connector';
import { DatabaseStopped, failureOf } from './failure';

const MAGIC = new TextEncoder().encode('PBS-LENS-SNAPSHOT 1\n');
/** A segment holds at most this many bytes of record batches: restoring never needs the whole table in one buffer. */
const SEGMENT_BYTES = 32 * 1024 * 1024;

/** What must match for a snapshot to be used. Every field is compared as it is. */
export interface SnapshotTag {
  /** The app's version (package.json). */
  app: string;
  /** A hash of the definitions: the SQL that imports and models (see snapshotPlugin). */
  definitions: string;
  /** The settings the model was built with (stable JSON). */
  settings: string;
  /** A check of the pseudonym key the labels were made with (never the key itself). */
  key: string;
}

interface TableEntry {
  name: string;
  ddl: string;
  columns: { name: string; type: string }[];
  rows: number;
  segments: { bytes: number; crc: number }[];
}

/** A table's bytes in the snapshot's body (its segments, one after another). */
const tableBytes = (t: Pick<TableEntry, 'segments'>) => t.segments.reduce((n, s) => n + s.bytes, 0);

export interface SnapshotManifest {
  format: 1;
  tag: SnapshotTag;
  createdAt: string;
  tables: TableEntry[];
  views: { name: string; sql: string }[];
  /** Whatever the caller keeps with the tables (the import reports, model bookkeeping). */
  extra: unknown;
}

export interface Snapshot<Part = Uint8Array> {
  manifest: SnapshotManifest;
  /** The snapshot's bytes, in order: its head, then each segment as the sink made it. */
  parts: (Uint8Array | Part)[];
  bytes: number;
}

/**
 * Where each segment goes as soon as it is complete: in the browser a Blob (the page then holds
 * at most one segment of a table in memory), in Node the bytes.
 */
export type SegmentSink<Part> = (pieces: Uint8Array[]) => Part;

/** Random access to a stored snapshot: a Blob in the browser, bytes in Node. */
export interface SnapshotSource {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** The snapshot was made by another version, definitions, settings or key: not used. */
export class SnapshotRefused extends Error {
  override name = 'SnapshotRefused';
}

/** The snapshot is damaged or cut short. */
export class SnapshotCorrupt extends Error {
  override name = 'SnapshotCorrupt';
}

/**
 * What a statement waiting for a snapshot part's table gets when that table was found damaged and
 * dropped (StageOptions.tableDropped): asked again, it is built. Known by its class (through any
 * `cause`, as runQuery wraps errors), so that only these asks are asked again.
 */
export class KeptTableDropped extends SnapshotCorrupt {
  override name = 'KeptTableDropped';
}

/** Whether `e`, or an error it was caused by, is KeptTableDropped. */
export function isKeptTableDropped(e: unknown): boolean {
  for (let at = e; at instanceof Error; at = at.cause) if (at instanceof KeptTableDropped) return true;
  return false;
}

export function bytesSource(bytes: Uint8Array): SnapshotSource {
  return { size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

export function blobSource(blob: Blob): SnapshotSource {
  return { size: blob.size, read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()) };
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** CRC-32 tables for slicing by 8 (eight bytes a step): table k at [k * 256, k * 256 + 256). */
const CRC_TABLES = (() => {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let k = 1; k < 8; k++) for (let n = 0; n < 256; n++) t[k * 256 + n] = (t[(k - 1) * 256 + n]! >>> 8) ^ t[t[(k - 1) * 256 + n]! & 0xff]!;
  return t;
})();

/**
 * CRC-32 (IEEE), continued over several pieces. Eight bytes a step (slicing by 8): every segment
 * of a restore is checked on the page's thread, ≈ 4× faster than a byte at a time (1.2 GB at W-L).
 */
export function crc32(pieces: readonly Uint8Array[], seed = 0): number {
  const t = CRC_TABLES;
  let c = ~seed >>> 0;
  for (const p of pieces) {
    const n = p.length;
    let i = 0;
    for (; i + 8 <= n; i += 8) {
      const a = (c ^ (p[i]! | (p[i + 1]! << 8) | (p[i + 2]! << 16) | (p[i + 3]! << 24))) >>> 0;
      c =
        t[1792 + (a & 0xff)]! ^ t[1536 + ((a >>> 8) & 0xff)]! ^ t[1280 + ((a >>> 16) & 0xff)]! ^ t[1024 + (a >>> 24)]! ^
        t[768 + p[i + 4]!]! ^ t[512 + p[i + 5]!]! ^ t[256 + p[i + 6]!]! ^ t[p[i + 7]!]!;
    }
    for (; i < n; i++) c = t[(c ^ p[i]!) & 0xff]! ^ (c >>> 8);
  }
  return ~c >>> 0;
}

/** JSON with object keys sorted, so equal settings give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Read as text the types Arrow would not bring back exactly: the connectors turn BIGINT and
 * DECIMAL into doubles (castBigIntToDouble) and DuckDB reads dictionaries (ENUM) back badly.
 * The insert casts the text back to the column's type.
 */
const AS_TEXT = /BIGINT|HUGEINT|DECIMAL|ENUM|UNION|MAP\(/;

function selectFor(t: { name: string; columns: { name: string; type: string }[] }): string {
  const cols = t.columns.map((c) => (AS_TEXT.test(c.type) ? `${quote(c.name)}::VARCHAR AS ${quote(c.name)}` : quote(c.name)));
  return `SELECT ${cols.join(', ')} FROM ${quote(t.name)}`;
}

function need(db: Connector): Required<Pick<Connector, 'arrowStream' | 'insertArrowStream'>> {
  if (!db.arrowStream || !db.insertArrowStream) throw new Error('This database engine cannot write or read snapshots.');
  return { arrowStream: db.arrowStream.bind(db), insertArrowStream: db.insertArrowStream.bind(db) };
}

/**
 * Tables whose names begin so are an import's working tables (a canonical file's judged rows,
 * kept in the workspace so a first import can become its kind's table): never part of a snapshot,
 * which may begin while an import runs.
 */
export const STAGING_PREFIX = 'staging_';

/** Every table (with its DDL and columns) and view of the main schema, as DuckDB's catalog has them, staging tables aside. */
async function catalog(db: Connector): Promise<{ tables: Omit<TableEntry, 'rows' | 'segments'>[]; views: { name: string; sql: string }[] }> {
  const tables = await db.query<{ name: string; ddl: string }>(
    `SELECT table_name AS name, sql AS ddl FROM duckdb_tables()
     WHERE schema_name = 'main' AND NOT temporary AND database_name = current_database() AND NOT starts_with(table_name, '${STAGING_PREFIX}')
     ORDER BY table_name`,
  );
  const columns = await db.query<{ table: string; name: string; type: string }>(
    `SELECT table_name AS "table", column_name AS name, data_type AS type FROM duckdb_columns()
     WHERE schema_name = 'main' AND NOT internal AND database_name = current_database() ORDER BY table_name, column_index`,
  );
  const views = await db.query<{ name: string; sql: string }>(
    `SELECT view_name AS name, sql FROM duckdb_views()
     WHERE schema_name = 'main' AND NOT internal AND NOT temporary AND database_name = current_database() ORDER BY view_oid`,
  );
  return {
    tables: tables.map((t) => ({ ...t, columns: columns.filter((c) => c.table === t.name).map(({ name, type }) => ({ name, type })) })),
    views,
  };
}

/** Rows of each table, in one query. */
async function rowCounts(db: Connector, tables: string[]): Promise<Record<string, number>> {
  if (tables.length === 0) return {};
  const rows = await db.query<{ name: string; n: number }>(
    tables.map((t) => `SELECT '${t.replaceAll("'", "''")}' AS name, count(*)::BIGINT AS n FROM ${quote(t)}`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/**
 * Write every table and view of `db` with `tag` and `extra`, each table's rows cut into segments
 * of at most SEGMENT_BYTES of record batches handed to `sink` as they fill. The caller keeps
 * imports out; a table whose rows change meanwhile is caught by counting every table before and
 * after (the rows written are then the rows counted), and the whole is written again; a table
 * created meanwhile is left out (at W-L the write takes many seconds and pages open during it).
 */
export async function writeSnapshot<Part = Uint8Array>(db: Connector, tag: SnapshotTag, extra: unknown = null, sink?: SegmentSink<Part>, segmentBytes = SEGMENT_BYTES): Promise<Snapshot<Part>> {
  return writeAttempts(db, tag, extra, sink, { segmentBytes });
}

/** What a snapshot part holds and how its write makes room for the pages (writeSnapshotPart). */
export interface PartOptions {
  /** The tables to write (no views): a part adds tables to a whole snapshot. */
  tables: readonly string[];
  /** Awaited before each table and each further segment: the pages' statements go first (Foreground.quiet); a rejection ends the write. */
  giveWay?: () => Promise<void>;
  /** At most this many bytes of record batches a segment (tests make it small). */
  segmentBytes?: number;
}

/**
 * A snapshot part: the tables named (those that exist), no views, in the same format, so that a
 * restore reads it beside a whole snapshot (StageOptions.parts). The engine writes one with the
 * pages' tables built after the whole snapshot was saved (Engine.snapshotPart).
 */
export async function writeSnapshotPart<Part = Uint8Array>(db: Connector, tag: SnapshotTag, extra: unknown, options: PartOptions, sink?: SegmentSink<Part>): Promise<Snapshot<Part>> {
  const names = new Set(options.tables.map((t) => t.toLowerCase()));
  return writeAttempts(db, tag, extra, sink, { segmentBytes: options.segmentBytes ?? SEGMENT_BYTES, pick: (t) => names.has(t.toLowerCase()), ...(options.giveWay ? { giveWay: options.giveWay } : {}) });
}

interface WriteOptions {
  segmentBytes: number;
  /** Only these tables, and no views (a part). */
  pick?: (table: string) => boolean;
  giveWay?: () => Promise<void>;
}

async function writeAttempts<Part>(db: Connector, tag: SnapshotTag, extra: unknown, sink: SegmentSink<Part> | undefined, options: WriteOptions): Promise<Snapshot<Part>> {
  const pack = sink ?? ((pieces: Uint8Array[]) => concatBytes(pieces) as Part);
  for (let attempt = 1; ; attempt++) {
    const snap = await writeOnce(db, tag, extra, pack, options);
    if (snap) return snap;
    if (attempt === 3) throw new Error('The workspace kept changing while its snapshot was written.');
  }
}

async function writeOnce<Part>(db: Connector, tag: SnapshotTag, extra: unknown, pack: SegmentSink<Part>, { segmentBytes, pick, giveWay }: WriteOptions): Promise<Snapshot<Part> | null> {
  const { arrowStream } = need(db);
  const all = await catalog(db);
  const tables = pick ? all.tables.filter((t) => pick(t.name)) : all.tables;
  const views = pick ? [] : all.views;
  const entries: TableEntry[] = [];
  const body: Part[] = [];
  const counts = await rowCounts(db, tables.map((t) => t.name));
  for (const t of tables) {
    await giveWay?.();
    const segments: TableEntry['segments'] = [];
    let schema: Uint8Array | null = null;
    let batches: Uint8Array[] = [];
    let size = 0;
    const flush = () => {
      const pieces = [schema!, ...batches, ARROW_EOS];
      segments.push({ bytes: pieces.reduce((n, p) => n + p.length, 0), crc: crc32(pieces) });
      body.push(pack(pieces));
      batches = [];
      size = 0;
    };
    await arrowStream(selectFor(t), (piece) => {
      if (!schema) {
        schema = piece;
        return;
      }
      const full = batches.length > 0 && size + piece.length > segmentBytes;
      if (full) flush();
      batches.push(piece);
      size += piece.length;
      // Between segments too: a large table's write makes room for the pages, and stops when told.
      return full ? giveWay?.() : undefined;
    });
    if (!schema) throw new Error(`DuckDB gave no Arrow schema for ${t.name}.`);
    flush();
    entries.push({ ...t, rows: counts[t.name] ?? 0, segments });
  }
  // A table built meanwhile (a page opened during the write) is simply not in this snapshot: the
  // caller lists the fresh tables before the write, so the Model builds it again when asked. Only
  // a table that changed under the write makes it start over.
  const after = await rowCounts(db, tables.map((t) => t.name));
  if (tables.some((t) => after[t.name] !== counts[t.name])) return null;
  const manifest: SnapshotManifest = { format: 1, tag, createdAt: new Date().toISOString(), tables: entries, views, extra };
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, json.length, true);
  const head = [MAGIC, length, json];
  const bytes = head.reduce((n, p) => n + p.length, 0) + entries.reduce((n, e) => n + tableBytes(e), 0);
  return { manifest, parts: [...head, ...body], bytes };
}

/** The manifest, checked for shape, size and tag, without touching the database. */
export async function readManifest(source: SnapshotSource, expected: SnapshotTag): Promise<{ manifest: SnapshotManifest; bodyAt: number }> {
  const head = await source.read(0, MAGIC.length + 4);
  if (head.length < MAGIC.length + 4 || MAGIC.some((b, i) => head[i] !== b)) throw new SnapshotCorrupt('The stored snapshot is not a PBS Lens snapshot.');
  const length = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(MAGIC.length, true);
  const bodyAt = MAGIC.length + 4 + length;
  if (bodyAt > source.size) throw new SnapshotCorrupt('The stored snapshot is cut short (its description is incomplete).');
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await source.read(MAGIC.length + 4, length))) as SnapshotManifest;
  } catch {
    throw new SnapshotCorrupt('The stored snapshot is damaged (its description cannot be read).');
  }
  if (manifest?.format !== 1 || !Array.isArray(manifest.tables) || !Array.isArray(manifest.views) || !manifest.tag) {
    throw new SnapshotCorrupt('The stored snapshot is damaged (its description is not one PBS Lens writes).');
  }
  const differs = (Object.keys(expected) as (keyof SnapshotTag)[]).filter((k) => manifest.tag[k] !== expected[k]);
  if (differs.length > 0) throw new SnapshotRefused(`The stored snapshot was made with another ${differs.join(', ')} (${differs.map((k) => `${manifest.tag[k]} ≠ ${expected[k]}`).join('; ')}).`);
  const body = manifest.tables.reduce((n, t) => n + tableBytes(t), 0);
  if (bodyAt + body !== source.size) throw new SnapshotCorrupt(`The stored snapshot is ${bodyAt + body > source.size ? 'cut short' : 'longer than it says'} (${source.size} bytes, ${bodyAt + body} expected).`);
  return { manifest, bodyAt };
}

/**
 * Read a snapshot into `db`, which must hold none of its tables (the engine clears it first).
 * Every segment's CRC and every table's row count is checked; on any problem it throws
 * (SnapshotCorrupt / SnapshotRefused) and the caller drops what was restored so far.
 */
export async function restoreSnapshot(db: Connector, source: SnapshotSource, expected: SnapshotTag): Promise<SnapshotManifest> {
  const staged = await restoreInStages(db, source, expected, () => true);
  await staged.rest;
  return staged.manifest;
}

/** A snapshot being restored: the first tables are in, the others (`pending`) follow in `rest`. */
export interface StagedRestore {
  /** The snapshot's manifest, its tables those restored: a part's replace the snapshot's of the same name. */
  manifest: SnapshotManifest;
  /** The parts read with it (StageOptions.parts), and why any other was left out. */
  parts: { used: SnapshotManifest[]; leftOut: string[] };
  pending: PendingTables;
  /** Settles once every table and view is in (each checked), or rejects with the first problem. */
  rest: Promise<void>;
}

export interface StageOptions {
  /** Asked before each segment: true ends the rest with SnapshotStopped (Delete all data, a new restore). */
  stop?: () => boolean;
  /** Awaited before each segment of the rest: the pages' statements go first (Foreground.quiet). */
  giveWay?: (pending: PendingTables) => Promise<void>;
  /**
   * The tables (or views: their tables) the rest restores first, in this order, when no statement
   * waits for one and none was named by PendingTables.prefer: the pages a user is likely to open
   * next. Any table not named follows, smallest first.
   */
  order?: (manifest: SnapshotManifest, parts: readonly SnapshotManifest[]) => readonly string[];
  /**
   * Snapshot parts (writeSnapshotPart) restored with the snapshot, each whole or not at all: one
   * made under another tag, not `fits` the snapshot, cut short or unreadable is left out before
   * anything is read. A part's table replaces the snapshot's (or an earlier part's) of that name.
   */
  parts?: readonly SnapshotSource[];
  /** Whether a part was made for this snapshot (the engine: the part names it as its base). */
  fits?: (part: SnapshotManifest, snapshot: SnapshotManifest) => boolean;
  /**
   * Part `index` was found damaged (SnapshotCorrupt): a part is an optional cache, so the restore
   * goes on without it once this settles (the caller deletes the part). Found when planning (its
   * description), or while filling one of its tables (a segment's CRC, the insert, the rows): that
   * table has then been dropped (tableDropped). The part's other tables are each checked on their own and stay.
   */
  partDamaged?: (index: number) => Promise<void> | void;
  /**
   * `table` of `part` was found damaged and dropped. Called at once (the caller marks the table not
   * built), just before the statements waiting for it get KeptTableDropped, so that asked again
   * they build it; partDamaged is awaited after (they do not wait for the part's deletion).
   */
  tableDropped?: (part: SnapshotManifest, table: string) => void;
}

/**
 * Restore in two stages, so that a page waits for its own tables only, never for the rest of the
 * snapshot (at W-L the first chart needs ≈ 40 MB of 1.17 GB):
 * 1. plan: the snapshot's manifest (its tag checked) and the parts that fit it, every table with
 *    where its bytes are;
 * 2. every table created at once, empty (one round trip);
 * 3. the first stage: the tables `first` picks filled and counted before this returns;
 * 4. the rest (RestOfRestore), returned as `rest`: the other tables one segment at a time, in
 *    the background, while statements that name one wait for it (`pending`).
 */
export async function restoreInStages(db: Connector, source: SnapshotSource, expected: SnapshotTag, first: (table: string) => boolean, options: StageOptions = {}): Promise<StagedRestore> {
  const filler = new TableFiller(db, options.stop ?? (() => false)); // first: an engine that cannot read snapshots says so before anything is read
  const { manifest, progress, parts } = await plan(source, expected, options);
  // Few round trips to the database worker: every table created at once, counted at once.
  if (manifest.tables.length > 0) await db.exec(manifest.tables.map((t) => t.ddl).join('\n'));
  const now = manifest.tables.filter((t) => first(t.name));
  for (const t of now) await filler.fillWhole(progress.get(t.name.toLowerCase())!);
  await filler.checkRows(now);
  const later = new RestOfRestore(db, manifest, manifest.tables.filter((t) => !first(t.name)), progress, filler, parts.used, options);
  const rest = later.run();
  rest.catch((e: unknown) => later.pending.fail(e instanceof Error ? e : new Error(String(e))));
  return { manifest, parts, pending: later.pending, rest };
}

/** A table to fill: where its next segment starts, and the part it is read from (none: the snapshot). */
interface Filling {
  table: TableEntry;
  /** Byte offset of its next segment in `source`. */
  at: number;
  /** Segments already inserted. */
  done: number;
  source: SnapshotSource;
  part?: { index: number; manifest: SnapshotManifest };
}

/** A manifest to read tables from: the snapshot's, or a part's (with its place in StageOptions.parts). */
interface Readable {
  manifest: SnapshotManifest;
  bodyAt: number;
  source: SnapshotSource;
  part?: Filling['part'];
}

/**
 * What a restore reads: the snapshot's manifest and its usable parts', every table with where it
 * is read from (a part's table replacing the snapshot's of the same name), and why any part was
 * left out.
 */
async function plan(source: SnapshotSource, expected: SnapshotTag, options: StageOptions) {
  const main = { ...(await readManifest(source, expected)), source };
  const parts = await choosePartsFor(main.manifest, expected, options);
  const progress = whereTablesAre([main, ...parts.readable]);
  const manifest: SnapshotManifest = { ...main.manifest, tables: [...progress.values()].map((p) => p.table) };
  return { manifest, progress, parts: { used: parts.readable.map((r) => r.manifest), leftOut: parts.leftOut } };
}

/**
 * The parts to read with `main`: each whole or not at all. One under another tag, made for another
 * snapshot, cut short or unreadable is left out before anything is read, so no table is half-read
 * from it; a damaged one is reported (partDamaged) so the caller deletes it.
 */
async function choosePartsFor(main: SnapshotManifest, expected: SnapshotTag, options: StageOptions): Promise<{ readable: Readable[]; leftOut: string[] }> {
  const readable: Readable[] = [];
  const leftOut: string[] = [];
  for (const [index, source] of (options.parts ?? []).entries()) {
    try {
      const r = await readManifest(source, expected);
      if (r.manifest.views.length > 0 || !(options.fits?.(r.manifest, main) ?? true)) throw new SnapshotRefused('The snapshot part was made for another snapshot.');
      readable.push({ ...r, source, part: { index, manifest: r.manifest } });
    } catch (e) {
      leftOut.push(e instanceof Error ? e.message : String(e));
      if (e instanceof SnapshotCorrupt) await options.partDamaged?.(index);
    }
  }
  return { readable, leftOut };
}

/** Where each table's first segment is, by lower-case name: the stages read the tables in any order. A later manifest's table wins. */
function whereTablesAre(readables: readonly Readable[]): Map<string, Filling> {
  const progress = new Map<string, Filling>();
  for (const r of readables) {
    let offset = r.bodyAt;
    for (const t of r.manifest.tables) {
      progress.set(t.name.toLowerCase(), { table: t, at: offset, done: 0, source: r.source, ...(r.part ? { part: r.part } : {}) });
      offset += tableBytes(t);
    }
  }
  return progress;
}

/**
 * Fills tables segment by segment: each segment read and CRC-checked (the next one read while the
 * worker inserts this one), inserted, and each table's rows counted once it is in.
 */
class TableFiller {
  /** The next segment of the table being filled, read and checked ahead. */
  private ahead: { key: string; bytes: Promise<Uint8Array> } | null = null;
  private readonly insertArrowStream: (table: string, bytes: Uint8Array) => Promise<void>;

  constructor(
    private readonly db: Connector,
    private readonly stop: () => boolean,
  ) {
    this.insertArrowStream = need(db).insertArrowStream;
  }

  /** Every segment left of `p`'s table; stops (SnapshotStopped) between segments when told. */
  async fillWhole(p: Filling): Promise<void> {
    while (p.done < p.table.segments.length) {
      if (this.stop()) throw new SnapshotStopped();
      await this.fillSegment(p);
    }
  }

  /** The next segment of `p`'s table, inserted; the one after it read ahead. */
  async fillSegment(p: Filling): Promise<void> {
    const t = p.table;
    const s = t.segments[p.done]!;
    const key = `${t.name}#${p.done}`;
    const bytes = this.ahead?.key === key ? await this.ahead.bytes : await this.read(p.source, t, p.at, s);
    p.at += s.bytes;
    p.done++;
    const next = t.segments[p.done];
    if (next) {
      this.ahead = { key: `${t.name}#${p.done}`, bytes: this.read(p.source, t, p.at, next) };
      this.ahead.bytes.catch(() => undefined); // seen when taken; a read-ahead never taken (the restore stopped) is dropped
    }
    // An empty table needs no insert (each costs a round trip to the worker).
    if (t.rows !== 0) await this.insert(t, bytes);
  }

  /** Each table has the rows its manifest says (one query for them all: few round trips to the worker). */
  async checkRows(tables: readonly TableEntry[]): Promise<void> {
    if (tables.length === 0) return;
    const counts = new Map(Object.entries(await rowCounts(this.db, tables.map((t) => t.name))));
    for (const t of tables) {
      if (counts.get(t.name) !== t.rows) throw new SnapshotCorrupt(`The stored snapshot is damaged (table ${t.name} has ${counts.get(t.name)} rows, ${t.rows} expected).`);
    }
  }

  /** A segment's bytes, checked against its CRC. */
  private async read(from: SnapshotSource, t: TableEntry, at: number, s: TableEntry['segments'][number]): Promise<Uint8Array> {
    const bytes = await from.read(at, s.bytes);
    if (bytes.length !== s.bytes || crc32([bytes]) !== s.crc) throw new SnapshotCorrupt(`The stored snapshot is damaged (table ${t.name}).`);
    return bytes;
  }

  private async insert(t: TableEntry, bytes: Uint8Array): Promise<void> {
    try {
      await this.insertArrowStream(t.name, bytes);
    } catch (e) {
      // A database that stopped (out of memory, a crash) says nothing about the bytes: not "damaged".
      if (e instanceof DatabaseStopped || failureOf(e as Error) !== null) throw e;
      throw new SnapshotCorrupt(`The stored snapshot could not be read back (table ${t.name}: ${e instanceof Error ? e.message : String(e)}).`);
    }
  }
}

/**
 * The second stage: the tables not filled before the first chart, and the views. Each table is
 * readable (PendingTables.before) once its rows are in and counted, each view once the tables it
 * reads are. Before each segment it picks what to fill (nextTable) and gives way to the pages.
 */
class RestOfRestore {
  /** What statements must wait for: the tables left and every view. */
  readonly pending: PendingTables;
  /** The tables not yet filled, lower case. */
  private readonly left: Set<string>;
  /** The order to fill them in when nobody asks for one (plannedOrder). */
  private readonly planned: string[];
  private readonly stop: () => boolean;

  constructor(
    private readonly db: Connector,
    private readonly manifest: SnapshotManifest,
    later: readonly TableEntry[],
    private readonly progress: ReadonlyMap<string, Filling>,
    private readonly filler: TableFiller,
    parts: readonly SnapshotManifest[],
    private readonly options: StageOptions,
  ) {
    this.stop = options.stop ?? (() => false);
    const known = new Set([...manifest.tables.map((t) => t.name.toLowerCase()), ...manifest.views.map((v) => v.name.toLowerCase())]);
    // What each view reads of the snapshot: it is created once those are in.
    this.pending = new PendingTables([...later.map((t) => t.name), ...manifest.views.map((v) => v.name)], readsOfViews(manifest.views, known));
    this.left = new Set(later.map((t) => t.name.toLowerCase()));
    this.planned = plannedOrder(this.pending, later, options.order?.(manifest, parts) ?? []);
  }

  async run(): Promise<void> {
    await this.createReadyViews();
    while (this.left.size > 0) {
      await this.options.giveWay?.(this.pending);
      if (this.stop()) throw new SnapshotStopped();
      await this.fillNextSegment(this.nextTable());
    }
    await this.createReadyViews(true);
  }

  /** A table a statement waits for (the first asked first), else one PendingTables.prefer named, else the planned order's next. */
  private nextTable(): string {
    const left = (n: string) => this.left.has(n);
    return this.pending.next(left) ?? this.planned.find(left)!;
  }

  /** One segment of `name`; once its last is in and its rows counted, it is readable. A damaged part's table goes (partTableDamaged). */
  private async fillNextSegment(name: string): Promise<void> {
    const p = this.progress.get(name)!;
    try {
      await this.filler.fillSegment(p);
      if (p.done < p.table.segments.length) return;
      await this.filler.checkRows([p.table]);
    } catch (e) {
      if (!(e instanceof SnapshotCorrupt && p.part && this.options.partDamaged)) throw e;
      return this.partTableDamaged(name, p.part, e);
    }
    this.left.delete(name);
    this.pending.settle(name);
    await this.createReadyViews();
  }

  /**
   * A part is an optional cache: its damaged table costs that table only. It is dropped and the
   * caller told (it marks the table not built) in the same step as the statements waiting for it
   * get KeptTableDropped, so that an ask for it, begun before or after, builds it instead (the
   * engine asks again). Then the part is deleted (partDamaged), the rest waiting for that.
   */
  private async partTableDamaged(name: string, part: NonNullable<Filling['part']>, e: SnapshotCorrupt): Promise<void> {
    const table = this.progress.get(name)!.table.name;
    await this.db.exec(`DROP TABLE IF EXISTS ${quote(table)}`);
    this.left.delete(name);
    this.options.tableDropped?.(part.manifest, table);
    this.pending.drop(name, new KeptTableDropped(`${e.message} It is built again.`));
    await this.options.partDamaged!(part.index);
  }

  /** Each view whose tables are in (`all`: every view left, at the end), a view of a view after it. */
  private async createReadyViews(all = false): Promise<void> {
    for (;;) {
      const ready = this.manifest.views.filter((v) => (all ? this.pending.isPending(v.name) : this.pending.readyView(v.name)));
      if (ready.length === 0) return;
      if (this.stop()) throw new SnapshotStopped();
      await this.db.exec(ready.map((v) => v.sql).join('\n'));
      for (const v of ready) this.pending.settle(v.name);
    }
  }
}

/**
 * The order the rest fills tables in when no statement waits for one: the tables of the pages a
 * user is likely to open next (StageOptions.order), then the smallest first (most of the other
 * pages' tables are in before the rota and the incidents).
 */
function plannedOrder(pending: PendingTables, later: readonly TableEntry[], likely: readonly string[]): string[] {
  const smallestFirst = [...later].sort((a, b) => tableBytes(a) - tableBytes(b)).map((t) => t.name.toLowerCase());
  return [...new Set([...pending.tablesFor(likely), ...smallestFirst])];
}

/** The rest of a staged restore was stopped on purpose (the workspace was cleared or replaced). */
export class SnapshotStopped extends Error {
  override name = 'SnapshotStopped';
  constructor() {
    super('The snapshot was no longer wanted: its restore stopped.');
  }
}

/**
 * The tables and views of a staged restore not yet readable. A statement that names one (quoted
 * or not, in any case) waits for it: a page never reads a half-filled table, and the Model never
 * builds one that is about to be filled. If the rest fails, every waiter gets its error. What the
 * statements wait for, and what the Model says it will read (prefer), tells the restore what to
 * fill next (next); a view stands for the tables it reads.
 */
export class PendingTables {
  private readonly waiting = new Map<string, { done: Promise<void>; resolve: () => void; reject: (e: Error) => void }>();
  /** Names statements wait for, first asked first. */
  private readonly asked: string[] = [];
  /** Names the Model said it is about to read, first said first. */
  private readonly preferred: string[] = [];

  constructor(
    names: readonly string[],
    /** What each pending view reads (lower case): it is readable once they are. */
    private readonly viewReads: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    for (const name of names) {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      done.catch(() => undefined);
      this.waiting.set(name.toLowerCase(), { done, resolve, reject });
    }
  }

  private waiters = 0;
  private wake: (() => void)[] = [];

  get size(): number {
    return this.waiting.size;
  }

  /** Whether a statement is waiting for one of these tables now: the restore then has no one to give way to. */
  get wanted(): boolean {
    return this.waiters > 0;
  }

  /** Resolves once a statement waits for one of these tables. */
  untilWanted(): Promise<void> {
    return this.wanted ? Promise.resolve() : new Promise((resolve) => this.wake.push(resolve));
  }

  settle(name: string): void {
    this.waiting.get(name.toLowerCase())?.resolve();
    this.waiting.delete(name.toLowerCase());
  }

  fail(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
  }

  /** `name` will not be filled: whoever waits for it gets `e`, later statements go through. */
  drop(name: string, e: Error): void {
    this.waiting.get(name.toLowerCase())?.reject(e);
    this.waiting.delete(name.toLowerCase());
  }

  /** Restore these next (after what statements wait for): the tables a build is about to read. */
  prefer(names: readonly string[]): void {
    for (const name of names.map((n) => n.toLowerCase())) if (this.waiting.has(name) && !this.preferred.includes(name)) this.preferred.push(name);
  }

  /** The pending tables behind `names`, in order: a table itself, a view the pending tables it reads. */
  tablesFor(names: readonly string[]): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const reads = this.viewReads.get(name);
      if (reads) reads.forEach(visit);
      else if (this.waiting.has(name)) out.push(name);
    };
    names.forEach((n) => visit(n.toLowerCase()));
    return out;
  }

  /** The table to fill next: the first a statement waits for, else the first preferred (each among those `left`). */
  next(left: (table: string) => boolean): string | undefined {
    return this.tablesFor(this.asked).find(left) ?? this.tablesFor(this.preferred).find(left);
  }

  isPending(name: string): boolean {
    return this.waiting.has(name.toLowerCase());
  }

  /** Whether `view` is pending and every table or view it reads is in (it can be created now). */
  readyView(view: string): boolean {
    const reads = this.viewReads.get(view.toLowerCase());
    return reads !== undefined && this.waiting.has(view.toLowerCase()) && reads.every((r) => !this.waiting.has(r));
  }

  /** Resolves when every pending table or view `statement` names is readable. */
  async before(statement: string): Promise<void> {
    if (this.waiting.size === 0) return;
    const waits = new Set<Promise<void>>();
    for (const name of namesIn(statement)) {
      const w = this.waiting.get(name);
      if (!w) continue;
      waits.add(w.done);
      if (!this.asked.includes(name)) this.asked.push(name);
    }
    if (waits.size === 0) return;
    this.waiters++;
    for (const wake of this.wake.splice(0)) wake();
    try {
      await Promise.all(waits);
    } finally {
      this.waiters--;
    }
  }
}

/**
 * What each view reads, by name (lower case): the tables and views of `known` its SQL names. A
 * restore creates a view as soon as these are in (tests/unit/db/snapshot-views.test.ts checks
 * that each of the app's views needs nothing else).
 */
export function readsOfViews(views: readonly { name: string; sql: string }[], known: ReadonlySet<string>): Map<string, string[]> {
  return new Map(views.map((v) => [v.name.toLowerCase(), [...new Set(namesIn(v.sql))].filter((n) => known.has(n) && n !== v.name.toLowerCase())]));
}

/**
 * The tables and views a statement reads or writes, lower case: each name after FROM, JOIN,
 * TABLE, VIEW, INTO, UPDATE, USING, DESCRIBE, SUMMARIZE, COPY or (UN)PIVOT (quoted or not, with
 * its catalog and schema or without), and each further item of a comma list after FROM
 * (`FROM a, b`; not a comma after a join's ON / USING condition — the app writes none); comments
 * and strings are skipped (blankCommentsAndStrings). A column of the same name (sum(incidents)) does not count,
 * so a page reading a summary does not wait for the rota. A name missed here would let a
 * statement read a half-restored table: err on the side of naming too much.
 */
export function namesIn(statement: string): string[] {
  const ident = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
  const path = String.raw`(?:${ident}\s*\.\s*){0,2}`;
  const alias = String.raw`(?:\s+(?:AS\s+)?(?!(?:WHERE|JOIN|ON|USING|GROUP|ORDER|LIMIT|LEFT|RIGHT|INNER|OUTER|FULL|CROSS|ASOF|POSITIONAL|NATURAL|ANTI|SEMI|UNION|EXCEPT|INTERSECT|WINDOW|QUALIFY|HAVING|SET|VALUES|SELECT|RETURNING|BY)\b)${ident})?`;
  const keyword = String.raw`\b(?:FROM|JOIN|TABLE|VIEW|INTO|UPDATE|USING|DESCRIBE|SUMMARIZE|COPY|PIVOT|UNPIVOT)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?`;
  const text = blankCommentsAndStrings(statement);
  const names: string[] = [];
  // A name read where a common table expression of that name stands is the CTE, not a table
  // (When's `incidents` CTE made it wait for the 250 MB incidents table); a name with its schema
  // or catalog (main.incidents) is always the table.
  const scopes = cteScopes(text, ident);
  const isCte = (name: string, at: number) => scopes.some((c) => c.name === name && at >= c.from && at < c.to);
  // A FROM item, then any ", item" that follows it: the comma join.
  const item = new RegExp(String.raw`${keyword}(${path})(${ident})${alias}((?:\s*,\s*${path}${ident}${alias})*)`, 'gi');
  const more = new RegExp(String.raw`,\s*(${path})(${ident})${alias}`, 'gi');
  for (const m of text.matchAll(item)) {
    for (const [qualifier, written] of [[m[1]!, m[2]!], ...[...(m[3] ?? '').matchAll(more)].map((n) => [n[1]!, n[2]!])] as const) {
      const name = unquoteIdent(written);
      if (qualifier !== '' || !isCte(name, m.index)) names.push(name);
    }
  }
  return names;
}

/** A name as written (quoted or not), as the catalog has it: lower case, quotes taken off. */
const unquoteIdent = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name).toLowerCase();

/**
 * A dollar-quoted string's opening delimiter at `i` ($$ or $tag$, the tag a name without `$`), as
 * DuckDB reads them: not a `$` that follows a name's letter, digit, `_` or `$` (a$b, x$$ are
 * names) nor one before a digit ($1 is a parameter). Null when there is none.
 */
function dollarQuoteAt(statement: string, i: number): string | null {
  if (statement[i] !== '$' || /[A-Za-z0-9_$\u0080-\uffff]/.test(statement[i - 1] ?? '')) return null;
  return /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(statement.slice(i, i + 256))?.[0] ?? null;
}

/**
 * `statement` with each comment made a space and each string literal emptied (''), so that no
 * comment mark, quote or parenthesis inside either misleads what reads it: a string is '…' with
 * '' inside, E'…' with backslash escapes too, or dollar-quoted ($$…$$, $tag$…$tag$: nothing is
 * escaped inside); a quoted name "…" (with "" inside) is kept as it is, and a comment mark inside
 * it is not one. An unclosed string or comment runs to the end.
 */
function blankCommentsAndStrings(statement: string): string {
  const n = statement.length;
  let out = '';
  for (let i = 0; i < n; ) {
    const ch = statement[i]!;
    const two = statement.slice(i, i + 2);
    const dollar = ch === '$' ? dollarQuoteAt(statement, i) : null;
    if (dollar) {
      const end = statement.indexOf(dollar, i + dollar.length);
      out += "''";
      i = end < 0 ? n : end + dollar.length;
    } else if (two === '--' || two === '/*') {
      const end = two === '--' ? statement.indexOf('\n', i) : statement.indexOf('*/', i + 2);
      out += ' ';
      i = end < 0 ? n : two === '--' ? end : end + 2;
    } else if (ch === '"' || ch === "'") {
      const escapes = ch === "'" && /[eE]/.test(statement[i - 1] ?? '') && !/\w/.test(statement[i - 2] ?? '');
      let j = i + 1;
      for (; j < n; j++) {
        if (escapes && statement[j] === '\\') j++;
        else if (statement[j] === ch) {
          if (statement[j + 1] !== ch) break;
          j++;
        }
      }
      out += ch === '"' ? statement.slice(i, j + 1) : "''";
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * Where each common table expression's name stands for it: from the end of its own body (inside
 * it, and before it, the name is still the table's) to the end of the query whose WITH defines it
 * (the closing parenthesis around it, a `;`, or the end). `text` has its comments and strings
 * blanked (blankCommentsAndStrings); quoted names are skipped when counting parentheses. A `, name AS (` that is not a CTE (a second WINDOW) only hides that name.
 */
function cteScopes(text: string, ident: string): { name: string; from: number; to: number }[] {
  // Each position's depth of parentheses, and where each opening one closes.
  const depth = new Int32Array(text.length + 1);
  const closes = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0, d = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      const stop = end < 0 ? text.length : end;
      depth.fill(d, i, stop + 1);
      i = stop;
      continue;
    }
    if (ch === '(') open.push(i), d++;
    depth[i] = d;
    if (ch === ')') {
      const from = open.pop();
      if (from !== undefined) closes.set(from, i);
      d = Math.max(0, d - 1);
      depth[i] = d;
    }
  }
  const definition = new RegExp(String.raw`(?:\bWITH\s+(?:RECURSIVE\s+)?|,\s*)(${ident})\s+AS\s+(?:(?:NOT\s+)?MATERIALIZED\s+)?\(`, 'gi');
  const scopes: { name: string; from: number; to: number }[] = [];
  for (const m of text.matchAll(definition)) {
    const body = m.index + m[0].length - 1;
    const bodyEnd = closes.get(body) ?? text.length;
    const level = depth[m.index]!;
    let to = bodyEnd;
    while (to < text.length && depth[to]! >= level && !(text[to] === ';' && depth[to] === level)) to++;
    scopes.push({ name: unquoteIdent(m[1]!), from: bodyEnd, to });
  }
  return scopes;
}

/**
 * The pages' statements under way: a background restore gives way to them, so a chart's queries
 * do not queue behind the inserts of tables no page has asked for yet.
 */
export class Foreground {
  private active = 0;
  private lastEnd = 0;

  constructor(private readonly quietMs = 250) {}

  /** Whether any statement has gone through. */
  get used(): boolean {
    return this.active > 0 || this.lastEnd > 0;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.lastEnd = Date.now();
    }
  }

  /** Resolves once no statement has run for `quietMs` (a page's queries come in bursts), or at once when `urgent()`. */
  async quiet(urgent: () => boolean = () => false, quietMs = this.quietMs): Promise<void> {
    for (;;) {
      if (urgent()) return;
      const wait = this.active > 0 ? quietMs : this.lastEnd + quietMs - Date.now();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * `db` with every statement held back until the pending tables it names are readable
 * (PendingTables.before); after a failed restore (`damaged`), a statement naming one of its
 * tables fails with that restore's error instead of reading an empty or missing table.
 */
export function waitingConnector(
  db: Connector,
  pending: () => PendingTables | null,
  damaged: () => { error: Error; names: ReadonlySet<string> } | null = () => null,
  foreground = new Foreground(),
): Connector {
  const before = async (statement: string) => {
    const p = pending();
    if (p) await p.before(statement);
    const d = damaged();
    if (d && namesIn(statement).some((n) => d.names.has(n))) throw d.error;
  };
  // A statement counts as under way once it no longer waits for a table (a restore it waits for must not give way to it).
  const gated: Connector = {
    query: async (statement, params) => (await before(statement), foreground.run(() => db.query(statement, params))),
    exec: async (statement) => (await before(statement), foreground.run(() => db.exec(statement))),
    registerFile: (name, data) => db.registerFile(name, data),
    dropFile: (name) => db.dropFile(name),
    close: () => db.close(),
  };
  if (db.arrowStream) gated.arrowStream = async (statement, onPiece) => (await before(statement), db.arrowStream!(statement, onPiece));
  if (db.insertArrowStream) gated.insertArrowStream = async (table, stream) => (await before(`INSERT INTO "${table.replaceAll('"', '""')}"`), db.insertArrowStream!(table, stream));
  return gated;
}

/** Drop every view and table of the main schema: a half-restored snapshot leaves nothing behind. */
export async function dropEverything(db: Connector): Promise<void> {
  // The names alone, in one query: every restore starts here, the sample's on a database just
  // opened, where each catalog function's first use is paid for in wasm compile time.
  const found = await db.query<{ kind: 'VIEW' | 'TABLE'; name: string }>(
    `SELECT 'VIEW' AS kind, view_name AS name FROM duckdb_views()
     WHERE schema_name = 'main' AND NOT internal AND NOT temporary AND database_name = current_database()
     UNION ALL
     SELECT 'TABLE' AS kind, table_name AS name FROM duckdb_tables()
     WHERE schema_name = 'main' AND NOT temporary AND database_name = current_database()`,
  );
  const views = found.filter((f) => f.kind === 'VIEW');
  const tables = found.filter((f) => f.kind === 'TABLE');
  const statements = [...views.map((v) => `DROP VIEW IF EXISTS ${quote(v.name)}`), ...tables.map((t) => `DROP TABLE IF EXISTS ${quote(t.name)}`)];
  if (statements.length > 0) await db.exec(statements.join(';\n'));
}
