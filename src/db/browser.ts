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
import { checkFileSlot, CONNECTION_SETUP_SQL, plainRows, WORKSPACE_SQL, type Connector, type Row, type SqlParam } from './connector';
import { DatabaseStopped, failureOf, type FailureKind } from './failure';
import { measureSince, timed } from '../timing';
import { takeStartedWorker } from './worker';

export { DatabaseStopped, type FailureKind } from './failure';

export interface BrowserDatabaseOptions {
  /** Called once, when the worker crashes or runs out of memory. */
  onFailure?: (failure: DatabaseStopped) => void;
}

/**
 * Calls `onDeath` once the worker holding `lifeLock` has ended. Waits first until the worker
 * holds it (the request is made before its scripts load, so it is held by the time the wasm
 * answers). Without Web Locks (an insecure origin), a silent death is not noticed.
 */
async function watchLife(lifeLock: string, onDeath: () => void): Promise<void> {
  const locks = navigator.locks;
  if (!locks) return;
  for (let tries = 0; tries < 100; tries++) {
    const { held = [] } = await locks.query();
    if (held.some((l) => l.name === lifeLock)) {
      void locks.request(lifeLock, () => onDeath());
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How long closing may take before the worker is simply terminated. */
const CLOSE_LIMIT_MS = 3_000;

export async function openBrowserDatabase(options: BrowserDatabaseOptions = {}): Promise<Connector> {
  const { worker, lifeLock, release, earlyErrors, startedAt } = takeStartedWorker();
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);

  let stopped: DatabaseStopped | null = null;
  /** Set by close(): the worker's end is then expected, not a failure. */
  let closing = false;
  let rejectStopped: (e: DatabaseStopped) => void = () => undefined;
  const whenStopped = new Promise<never>((_, reject) => {
    rejectStopped = reject;
  });
  whenStopped.catch(() => undefined);
  const stop = (kind: FailureKind, detail: string, tell = true): DatabaseStopped => {
    if (stopped) return stopped;
    stopped = new DatabaseStopped(kind, detail);
    rejectStopped(stopped);
    // The wasm state cannot be trusted after a trap; the memory goes back with the worker.
    void db.terminate();
    if (tell) options.onFailure?.(stopped);
    return stopped;
  };
  // duckdb-wasm drops its pending requests on a worker error without settling them: every call
  // below also races this, so nothing waits for ever.
  worker.addEventListener('error', (e) => stop(failureOf({ message: e.message }) ?? 'crash', e.message || 'The database worker failed.'));
  worker.addEventListener('messageerror', () => stop('crash', 'A message from the database worker could not be read.'));
  for (const e of earlyErrors) stop(failureOf({ message: e.message }) ?? 'crash', e.message || 'The database worker failed.');

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
    // From the worker's start (at page load when started early), as before this worker was started ahead.
    performance.mark('duckdb instantiate asked');
    await guard(() => db.instantiate(new URL(ehWasmUrl, window.location.href).href));
  } finally {
    measureSince('duckdb instantiate', startedAt);
    release();
  }
  // A worker that ends without an error event (closed, terminated, its thread killed) would
  // leave every pending call waiting for ever: its lock going free stops the connector instead.
  void watchLife(lifeLock, () => {
    if (!closing) stop('crash', 'The database worker ended without an error.');
  });
  const conn = await timed('duckdb open', async () => {
    await guard(() => db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } }));
    const c = await guard(() => db.connect());
    await guard(() => c.query([...CONNECTION_SETUP_SQL, ...WORKSPACE_SQL].join(';\n')));
    return c;
  });

  let snapshotConn: Promise<duckdb.AsyncDuckDBConnection> | null = null;
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
    arrowStream(sql: string, onPiece: (piece: Uint8Array) => void | Promise<void>): Promise<void> {
      return guard(async () => {
        // A connection of its own: a query on the main one would end this streamed result
        // midway, and pages query while a snapshot is written. Settings are the database's; the
        // database it uses is the connection's own.
        snapshotConn ??= db.connect().then(async (c) => {
          await c.query(WORKSPACE_SQL.join(';\n'));
          return c;
        });
        await (await snapshotConn).useUnsafe(async (bindings, id) => {
          let header = await bindings.startPendingQuery(id, sql, false);
          while (header === null) header = await bindings.pollPendingQuery(id);
          await onPiece(header);
          for (;;) {
            const chunk = await bindings.fetchQueryResults(id);
            if (chunk === null) continue; // not ready yet
            if (chunk.length === 0) break;
            await onPiece(chunk);
          }
        });
      });
    },
    insertArrowStream(table: string, stream: Uint8Array): Promise<void> {
      // The buffer is transferred to the worker: the caller's copy is gone afterwards.
      return guard(() => conn.insertArrowFromIPCStream(stream, { name: table, create: false }));
    },
    /** Ends the database, whatever state its worker is in: a worker that does not answer within a time limit is terminated. */
    async close(): Promise<void> {
      closing = true;
      if (!stopped) {
        const limit = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_LIMIT_MS));
        await Promise.race([guard(() => conn.close()).catch(() => undefined), limit]);
        // Calls still waiting on this worker give up rather than wait for ever.
        stop('crash', 'The database was closed.', false);
      }
      await db.terminate();
    },
  };
}
