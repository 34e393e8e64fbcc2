/**
 * Native DuckDB (@duckdb/node-api) behind the same connector: multi-threaded, spills to disk,
 * no 4 GB wasm memory. Used by the headless report with --engine native; rows come back in the
 * same plain shapes as the wasm connector's (numbers for BIGINT / HUGEINT / DECIMAL, epoch
 * milliseconds for DATE and TIMESTAMP), so every analysis above runs unchanged.
 *
 * Native DuckDB reads paths, not registered buffers: each connector has a private folder whose
 * FILES_DIR is the only place SQL may read. A registered file is a symlink to the file on disk
 * (localFile) or the bytes written there; read_csv('pbs-lens-files/x.csv') finds it through
 * file_search_path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { BIGINT, DOUBLE, DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { checkFileSlot, CONNECTION_SETUP_SQL, FILES_DIR, type Connector, type Row, type SqlParam } from './connector';
import { localPath } from './node';

/** A native value (bigint, Date, array, struct object) as the wasm connector hands it back. */
export function plainNative(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(plainNative);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, plainNative(x)]));
  return value;
}

/** Whole numbers bound as BIGINT (native would guess INTEGER, which overflows at 2^31), others as DOUBLE. (duckdb-wasm binds every number as a DOUBLE, as Model.query writes them into its statements.) */
function bindable(p: SqlParam): { value: DuckDBValue; type: DuckDBType | undefined } {
  if (typeof p !== 'number') return { value: p, type: undefined };
  return Number.isSafeInteger(p) ? { value: BigInt(p), type: BIGINT } : { value: p, type: DOUBLE };
}

/** The shared setup, with the registered files' real folder allowed beside its relative name. */
export function nativeSetupSql(root: string): string[] {
  const files = path.join(root, FILES_DIR); // ends in a separator, as FILES_DIR does
  return [
    `SET file_search_path = '${root}'`,
    `SET temp_directory = '${path.join(root, 'spill')}'`,
    ...CONNECTION_SETUP_SQL.map((s) => (s.startsWith('SET allowed_directories') ? `SET allowed_directories = ['${FILES_DIR}', '${files}']` : s)),
  ];
}

export interface NativeOptions {
  /** Worker threads (DuckDB's default: one per core). */
  threads?: number;
  /** e.g. '8GB'; DuckDB's default is 80 % of RAM, beyond which it spills to temp_directory. */
  memoryLimit?: string;
}

export async function openNativeDatabase(options: NativeOptions = {}): Promise<Connector> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-native-'));
  if (root.includes("'")) throw new Error(`Temporary folder ${root} cannot be named in SQL.`);
  fs.mkdirSync(path.join(root, FILES_DIR), { recursive: true });
  const config: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  // A database file in the temporary folder, not ':memory:': the tables themselves are then on
  // disk (compressed) and only cached in memory, so a workload larger than the memory limit fits
  // (an in-memory database's tables stay in memory; 10× W-L ran out of 12 GB that way).
  const instance = await DuckDBInstance.create(path.join(root, 'workspace.duckdb'), config);
  const conn = await instance.connect();
  for (const s of nativeSetupSql(root)) await conn.run(s);
  const onDisk = (name: string) => path.join(root, name);
  // One statement at a time on the one connection: callers may ask concurrently (Promise.all over
  // a page's queries), as they may of the wasm worker, which queues them; a native connection
  // given two at once fails ("Failed to execute prepared statement").
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <R>(work: () => Promise<R>): Promise<R> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    spillsToDisk: true,
    query<T = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      const bound = params.map(bindable);
      return inTurn(async () => {
        const reader = await conn.runAndReadAll(sql, bound.map((b) => b.value), bound.map((b) => b.type) as DuckDBType[]);
        return reader.getRowObjectsJS().map((r) => {
          const out: Row = {};
          for (const k of Object.keys(r)) out[k] = plainNative(r[k]);
          return out as T;
        });
      });
    },
    exec(sql: string): Promise<void> {
      return inTurn(async () => {
        await conn.run(sql);
      });
    },
    async registerFile(name: string, data: Uint8Array | Blob): Promise<void> {
      checkFileSlot(name);
      const target = onDisk(name);
      fs.rmSync(target, { force: true });
      const local = data instanceof Uint8Array ? undefined : localPath(data);
      if (local) fs.symlinkSync(local, target);
      else if (data instanceof Uint8Array) fs.writeFileSync(target, data);
      else await pipeline(Readable.fromWeb(data.stream() as import('node:stream/web').ReadableStream), fs.createWriteStream(target));
    },
    async dropFile(name: string): Promise<void> {
      fs.rmSync(onDisk(name), { force: true });
    },
    async close(): Promise<void> {
      conn.closeSync();
      instance.closeSync();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
