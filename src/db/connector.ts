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
  /** Make bytes (or a browser File) readable by SQL as `name`, e.g. in read_csv('name'). */
  registerFile(name: string, data: Uint8Array | Blob): Promise<void>;
  dropFile(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Run on every new connection. DuckDB would otherwise try to download ICU / JSON / Parquet
 * the first time a query touches them: offline that hangs Node and breaks the browser instance,
 * and it would be a request leaving the page. Times stay naive local TIMESTAMPs.
 */
export const CONNECTION_SETUP_SQL = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
];

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
