/**
 * Browser implementation of the connector: duckdb-wasm's async build in a Web Worker.
 * Only the exception-handling (eh) bundle is shipped; both the wasm and the worker script are
 * emitted by Vite as assets of this app, so nothing is fetched from another origin.
 *
 * The worker can fail: it can run out of memory, or its wasm can trap. Either way the connector
 * stops (every call after that rejects with DatabaseStopped) and tells `onFailure` once, so the
 * workspace can start a fresh database and import its files again from the browser's storage.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { checkFileSlot, CONNECTION_SETUP_SQL, plainRows, type Connector, type Row, type SqlParam } from './connector';
import { DatabaseStopped, failureOf, type FailureKind } from './failure';
import { timed } from '../timing';

export { DatabaseStopped, type FailureKind } from './failure';

export interface BrowserDatabaseOptions {
  /** Called once, when the worker crashes or runs out of memory. */
  onFailure?: (failure: DatabaseStopped) => void;
}

/**
 * The worker runs from a blob: script that imports duckdb's worker from this origin. A worker
 * loaded straight from its URL would get only the Content-Security-Policy of that file's HTTP
 * response (none on most static hosts); a blob: worker inherits the page's policy, so its
 * connections too are limited to this origin.
 */
function startWorker(): { worker: Worker; release: () => void } {
  const script = new URL(ehWorkerUrl, window.location.href).href;
  const boot = URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(script)});`], { type: 'text/javascript' }));
  return { worker: new Worker(boot), release: () => URL.revokeObjectURL(boot) };
}

export async function openBrowserDatabase(options: BrowserDatabaseOptions = {}): Promise<Connector> {
  const { worker, release } = startWorker();
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);

  let stopped: DatabaseStopped | null = null;
  let rejectStopped: (e: DatabaseStopped) => void = () => undefined;
  const whenStopped = new Promise<never>((_, reject) => {
    rejectStopped = reject;
  });
  whenStopped.catch(() => undefined);
  const stop = (kind: FailureKind, detail: string): DatabaseStopped => {
    if (stopped) return stopped;
    stopped = new DatabaseStopped(kind, detail);
    rejectStopped(stopped);
    // The wasm state cannot be trusted after a trap; the memory goes back with the worker.
    void db.terminate();
    options.onFailure?.(stopped);
    return stopped;
  };
  // duckdb-wasm drops its pending requests on a worker error without settling them: every call
  // below also races this, so nothing waits for ever.
  worker.addEventListener('error', (e) => stop(failureOf({ message: e.message }) ?? 'crash', e.message || 'The database worker failed.'));
  worker.addEventListener('messageerror', () => stop('crash', 'A message from the database worker could not be read.'));

  /** Run one call against the worker; a failure of the worker itself stops the connector. */
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    if (stopped) throw stopped;
    try {
      return await Promise.race([call(), whenStopped]);
    } catch (e) {
      if (e instanceof DatabaseStopped) throw e;
      const error = e instanceof Error ? e : { message: String(e) };
      const kind = failureOf(error);
      if (kind) throw stop(kind, error.message ?? '');
      throw e;
    }
  };

  try {
    await timed('duckdb instantiate', () => guard(() => db.instantiate(new URL(ehWasmUrl, window.location.href).href)));
  } finally {
    release();
  }
  const conn = await timed('duckdb open', async () => {
    await guard(() => db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } }));
    const c = await guard(() => db.connect());
    await guard(() => c.query(CONNECTION_SETUP_SQL.join(';\n')));
    return c;
  });

  return {
    query<T = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      return guard(async () => {
        if (params.length === 0) return plainRows<T>(await conn.query(sql));
        const stmt = await conn.prepare(sql);
        try {
          return plainRows<T>(await stmt.query(...params));
        } finally {
          await stmt.close();
        }
      });
    },
    exec(sql: string): Promise<void> {
      return guard(async () => {
        await conn.query(sql);
      });
    },
    registerFile(name: string, data: Uint8Array | Blob): Promise<void> {
      return guard(async () => {
        checkFileSlot(name);
        if (data instanceof Uint8Array) {
          // The buffer is transferred to the worker; keep the caller's copy intact.
          await db.registerFileBuffer(name, data.slice());
        } else {
          // A File/Blob is read lazily through FileReaderSync in the worker: large files stream.
          await db.registerFileHandle(name, data, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
        }
      });
    },
    dropFile(name: string): Promise<void> {
      return guard(async () => {
        await db.dropFile(name);
      });
    },
    async close(): Promise<void> {
      if (!stopped) await guard(() => conn.close()).catch(() => undefined);
      await db.terminate();
    },
  };
}
