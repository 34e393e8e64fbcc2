/**
 * The one seam between PBS Lens and DuckDB. Everything above this file (ingest, model,
 * analysis) speaks only this interface, so the same SQL runs in the browser worker and in Node.
 */
export type SqlParam = string | number | boolean | null;
export type Row = Record<string, unknown>;

export interface Connector {
  /** Run one statement with `?` parameters; rows come back as plain objects. */
  query<T = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Run one or more statements that return nothing useful (DDL, inserts). No parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Make bytes (or a browser File) readable by SQL as `name`, e.g. in read_csv('name'). The name
   * must lie in FILES_DIR (see fileSlot): the engine reads nothing else.
   */
  registerFile(name: string, data: Uint8Array | Blob): Promise<void>;
  dropFile(name: string): Promise<void>;
  close(): Promise<void>;
  /**
   * The result of `sql` as an Arrow IPC stream, handed to `onPiece` in the pieces DuckDB gives
   * (the schema message first, then record batches; no end-of-stream marker), untouched and one
   * at a time, so a large table never has to be held whole: what a snapshot keeps
   * (db/snapshot.ts). Only the duckdb-wasm connectors have it; native DuckDB does not.
   */
  /** `onPiece` may return a promise: the next piece is fetched once it settles, and if it rejects the stream ends with that error. */
  arrowStream?(sql: string, onPiece: (piece: Uint8Array) => void | Promise<void>): Promise<void>;
  /** Append one whole Arrow IPC stream to an existing table, each column cast to the table's type. */
  insertArrowStream?(table: string, stream: Uint8Array): Promise<void>;
  /**
   * The engine can spill large joins and aggregates to disk (native DuckDB); duckdb-wasm holds
   * everything in memory, where lists can be the more compact shape (model/staffInvolvements.ts).
   */
  readonly spillsToDisk?: boolean;
}

/** Arrow IPC's end-of-stream marker (continuation 0xFFFFFFFF, length 0): DuckDB inserts a stream only once it sees it. */
export const ARROW_EOS = new Uint8Array([255, 255, 255, 255, 0, 0, 0, 0]);

/**
 * The one directory the engine may read: files handed to it by registerFile. With external access
 * off, read_csv('http://…'), a local path or an ATTACH elsewhere fail in the engine itself, so
 * the Content-Security-Policy is not the only thing between SQL and the network.
 */
export const FILES_DIR = 'pbs-lens-files/';

/** The registered name for `name` (callers use it both to register and in read_csv). */
export function fileSlot(name: string): string {
  return name.startsWith(FILES_DIR) ? name : `${FILES_DIR}${name}`;
}

/** Registering outside FILES_DIR would give a file the engine refuses to read: say so at once. */
export function checkFileSlot(name: string): void {
  if (!name.startsWith(FILES_DIR) || name.includes('..')) {
    throw new Error(`Registered files must be named fileSlot(…) (under ${FILES_DIR}), not "${name}".`);
  }
}

/**
 * Run on every new connection. DuckDB would otherwise try to download ICU / JSON / Parquet
 * the first time a query touches them: offline that hangs Node and breaks the browser instance,
 * and it would be a request leaving the page. Times stay naive local TIMESTAMPs. External access
 * goes off last (it cannot be turned on again while the database runs), with registered files
 * (FILES_DIR) the only paths still allowed.
 */
export const CONNECTION_SETUP_SQL = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  `SET allowed_directories = ['${FILES_DIR}']`,
  'SET enable_external_access = false',
];

/**
 * Run on every connection of the wasm engine, after CONNECTION_SETUP_SQL: the workspace's tables
 * live in an in-memory database of their own that keeps them compressed (DuckDB 1.4's COMPRESS
 * option; the default in-memory database keeps them uncompressed, several times the size), and
 * every connection uses it, so unqualified names mean its tables. TEMP tables still go to the
 * uncompressed temp catalog. The ATTACH is once per database (IF NOT EXISTS); USE is per connection.
 */
export const WORKSPACE_DATABASE = 'workspace';
export const WORKSPACE_SQL = [`ATTACH IF NOT EXISTS ':memory:' AS ${WORKSPACE_DATABASE} (COMPRESS)`, `USE ${WORKSPACE_DATABASE}`];

/** Arrow hands back typed arrays, BigInts and Date numbers; turn a row into plain JS values. */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    if (value instanceof Date) return value.getTime();
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, plainValue);
    const v = value as { toJSON?: () => unknown; toArray?: () => unknown };
    if (typeof v.toArray === 'function') return (v.toArray() as unknown[]).map(plainValue);
    if (typeof v.toJSON === 'function') {
      const json = v.toJSON();
      if (json !== value) return plainValue(json);
    }
    return Object.fromEntries(Object.entries(value as object).map(([k, x]) => [k, plainValue(x)]));
  }
  return value;
}

export function plainRows<T>(table: { toArray(): unknown[] }): T[] {
  return table.toArray().map((r) => {
    const obj = (r as { toJSON(): Row }).toJSON();
    const out: Row = {};
    for (const k of Object.keys(obj)) out[k] = plainValue(obj[k]);
    return out as T;
  });
}
