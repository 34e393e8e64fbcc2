/**
 * Browser implementation of the connector: duckdb-wasm's async build in a Web Worker.
 * Only the exception-handling (eh) bundle is shipped; both the wasm and the worker script are
 * emitted by Vite as assets of this app, so nothing is fetched from another origin.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { CONNECTION_SETUP_SQL, plainRows, type Connector, type Row, type SqlParam } from './connector';

export async function openBrowserDatabase(): Promise<Connector> {
  const worker = new Worker(ehWorkerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(ehWasmUrl);
  await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = await db.connect();
  for (const s of CONNECTION_SETUP_SQL) await conn.query(s);

  return {
    async query<T = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      if (params.length === 0) return plainRows<T>(await conn.query(sql));
      const stmt = await conn.prepare(sql);
      try {
        return plainRows<T>(await stmt.query(...params));
      } finally {
        await stmt.close();
      }
    },
    async exec(sql: string): Promise<void> {
      await conn.query(sql);
    },
    async registerFile(name: string, data: Uint8Array | Blob): Promise<void> {
      if (data instanceof Uint8Array) {
        // The buffer is transferred to the worker; keep the caller's copy intact.
        await db.registerFileBuffer(name, data.slice());
      } else {
        // A File/Blob is read lazily through FileReaderSync in the worker: large files stream.
        await db.registerFileHandle(name, data, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      }
    },
    async dropFile(name: string): Promise<void> {
      await db.dropFile(name);
    },
    async close(): Promise<void> {
      await conn.close();
      await db.terminate();
    },
  };
}
