/** Node implementation of the connector: duckdb-wasm's blocking build, same engine as the browser. */
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { failureOf } from './failure';
import { checkFileSlot, CONNECTION_SETUP_SQL, plainRows, WORKSPACE_SQL, type Connector, type SqlParam, type Row } from './connector';

const require = createRequire(import.meta.url);

/** Blobs made by localFile(), so registerFile can hand DuckDB the path instead of a copy. */
const localPaths = new WeakMap<Blob, string>();

/**
 * A file on disk as a Blob that DuckDB reads straight from the file system (like a browser File
 * handle): large exports are never copied into JS memory.
 */
export async function localFile(filePath: string): Promise<Blob> {
  const blob = await fs.openAsBlob(filePath);
  localPaths.set(blob, path.resolve(filePath));
  return blob;
}

/** The path behind a localFile() Blob, for connectors that read the file system themselves. */
export function localPath(blob: Blob): string | undefined {
  return localPaths.get(blob);
}

/**
 * If DuckDB ever did try to fetch an extension in Node it would hang for ever. Point HOME at a
 * project-local folder whose extension directory holds empty placeholders so that turns into a
 * fast error instead. Autoload is off anyway; this is the second line of defence.
 */
function guardExtensionHome(): void {
  const home = path.resolve(process.cwd(), '.home');
  const extDir = path.join(home, '.duckdb', 'extensions');
  if (!fs.existsSync(extDir)) fs.mkdirSync(extDir, { recursive: true });
  for (const name of ['icu', 'json', 'parquet']) {
    const f = path.join(extDir, `${name}.duckdb_extension.wasm`);
    if (!fs.existsSync(f)) fs.writeFileSync(f, '');
  }
  process.env.HOME = home;
}

/**
 * The largest wasm memory of the databases opened here (scripts/memory-probe.ts). A database's
 * memory only grows, so its size is its peak so far. Weakly held, and a closed one leaves only its
 * last size: holding the databases kept every wasm module ever opened in the process alive (about
 * 40 MB of JS heap each), and a test worker running many files ran out of heap.
 */
type WasmModule = { HEAPU8: Uint8Array };
const liveModules = new Set<WeakRef<WasmModule>>();
let closedPeak = 0;
const heapOf = (mod: WasmModule | undefined) => mod?.HEAPU8.buffer.byteLength ?? 0;
export function wasmHeapBytes(): number {
  return Math.max(closedPeak, ...[...liveModules].map((ref) => heapOf(ref.deref())));
}

/** The engine's wasm, compiled once per process and path (see reuseCompiledWasm). */
const compiledWasm = new Map<string, Promise<WebAssembly.Module>>();

/**
 * duckdb-wasm's Node build reads and compiles its ~40 MB wasm for every database it opens (its
 * instantiateWasm hands the bytes to WebAssembly.instantiate), and V8 then optimises the new copy
 * on background threads: about 0.5–0.9 s of CPU per database, paid by every test file, probe and
 * bench that opens one. This compiles it once per process and instantiates each database from the
 * compiled module, setting up the runtime as duckdb-wasm 1.32's own instantiateWasm does. The
 * engine, its memory and its runtime are each database's own. If the build's internals are not
 * the ones this knows, its own instantiation is left in place.
 */
function reuseCompiledWasm(db: object): void {
  type Hook = (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => unknown;
  const self = db as { mainModulePath?: unknown; _runtime?: object; instantiateWasm?: Hook };
  const { mainModulePath: file, _runtime: runtime } = self;
  if (typeof file !== 'string' || !runtime || typeof self.instantiateWasm !== 'function') return;
  self.instantiateWasm = (imports, done) => {
    const global = globalThis as { DUCKDB_RUNTIME?: Record<string, unknown> };
    global.DUCKDB_RUNTIME = {};
    for (const name of Object.getOwnPropertyNames(runtime)) {
      if (name !== 'constructor') global.DUCKDB_RUNTIME[name] = Object.getOwnPropertyDescriptor(runtime, name)!.value;
    }
    let compiled = compiledWasm.get(file);
    if (!compiled) compiledWasm.set(file, (compiled = WebAssembly.compile(fs.readFileSync(file))));
    void compiled.then((module) => WebAssembly.instantiate(module, imports).then((instance) => done(instance, module)));
    return [];
  };
}

/**
 * Closed databases' wasm instances, for the next open to start a new database in (test runs only:
 * PBS_LENS_REUSE_WASM, set by vitest.config.ts). Instantiating duckdb-wasm costs ~0.5 s of CPU
 * even from the compiled module (Emscripten links its thousands of symbols in JS), and a unit-test
 * run opens hundreds of databases; a new database in a kept instance costs ~0.05 s. duckdb-wasm's
 * reset and open make a new DuckDB database: no table, file, setting or macro of the last is left.
 */
type Instance = Awaited<ReturnType<typeof duckdb.createDuckDB>>;
const idleInstances: Instance[] = [];
const IDLE_KEPT = 3;
/** A bigger instance is not kept: wasm memory never shrinks, and an idle one would hold it. */
const IDLE_HEAP_MAX = 512 * 2 ** 20;
const reuseInstances = () => process.env.PBS_LENS_REUSE_WASM === '1';
let instancesMade = 0;

/** The instances this process has made and those kept idle (a test checks what is reused). */
export const nodeInstancePool = () => ({ made: instancesMade, idle: idleInstances.length });

async function instantiate(): Promise<Instance> {
  const kept = reuseInstances() ? idleInstances.pop() : undefined;
  if (kept) return kept;
  instancesMade++;
  guardExtensionHome();
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  reuseCompiledWasm(db);
  await db.instantiate();
  return db;
}

export async function openNodeDatabase(): Promise<Connector> {
  const db = await instantiate();
  // Emscripten module (untyped here): HEAPU8 views the whole wasm memory.
  const wasm = new WeakRef(db.mod as unknown as WasmModule);
  liveModules.add(wasm);
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  for (const s of [...CONNECTION_SETUP_SQL, ...WORKSPACE_SQL]) conn.query(s);
  let snapshotConn: ReturnType<typeof db.connect> | null = null;
  // Once closed, nothing reaches the instance (which may by then hold another database).
  let closed = false;
  const open = () => {
    if (closed) throw new Error('The database is closed.');
  };
  // Every call into the instance: refused once closed; and an instance that trapped, ran out of
  // memory or threw something DuckDB did not make an Error of is never handed to another database
  // (its C++ state may be half-made).
  let failed = false;
  const watched = async <T>(work: () => T | Promise<T>): Promise<T> => {
    open();
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof Error) || failureOf(e)) failed = true;
      throw e;
    }
  };

  return {
    query<T = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
      return watched(() => {
        if (params.length === 0) return plainRows<T>(conn.query(sql));
        const stmt = conn.prepare(sql);
        try {
          return plainRows<T>(stmt.query(...params));
        } finally {
          stmt.close();
        }
      });
    },
    exec(sql: string): Promise<void> {
      return watched(() => void conn.query(sql));
    },
    async registerFile(name: string, data: Uint8Array | Blob): Promise<void> {
      open();
      checkFileSlot(name);
      const local = data instanceof Uint8Array ? undefined : localPaths.get(data);
      if (local) {
        db.registerFileURL(name, local, duckdb.DuckDBDataProtocol.NODE_FS, false);
        return;
      }
      const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
      await watched(() => db.registerFileBuffer(name, bytes));
    },
    dropFile(name: string): Promise<void> {
      return watched(() => void db.dropFile(name));
    },
    arrowStream(sql: string, onPiece: (piece: Uint8Array) => void | Promise<void>): Promise<void> {
      return watched(() => streamPieces(sql, onPiece));
    },
    insertArrowStream(table: string, stream: Uint8Array): Promise<void> {
      return watched(() => conn.insertArrowFromIPCStream(stream, { name: table, create: false }));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const heap = heapOf(wasm.deref());
      closedPeak = Math.max(closedPeak, heap);
      liveModules.delete(wasm);
      // Cleaning up never fails the close (a file written under pbs-lens-files can make dropFiles
      // throw); an instance not cleaned whole is not kept.
      let clean = !failed && heap <= IDLE_HEAP_MAX;
      for (const step of [() => snapshotConn?.close(), () => conn.close(), () => db.dropFiles(), () => db.reset()]) {
        try {
          step();
        } catch {
          clean = false;
        }
      }
      if (clean && reuseInstances() && idleInstances.length < IDLE_KEPT) idleInstances.push(db);
    },
  };

  async function streamPieces(sql: string, onPiece: (piece: Uint8Array) => void | Promise<void>): Promise<void> {
    // A connection of its own, as in the browser (db/browser.ts): a query on the main one ends a streamed result.
    if (!snapshotConn) {
      snapshotConn = db.connect();
      for (const s of WORKSPACE_SQL) snapshotConn.query(s);
    }
    // The bindings taken out, so that each piece's `onPiece` may be awaited between fetches.
    const [bindings, id] = snapshotConn.useUnsafe((b, c) => [b, c] as const);
    let header = bindings.startPendingQuery(id, sql, false);
    while (header === null) header = bindings.pollPendingQuery(id);
    // Copies: the bindings' buffers may be views of the wasm heap.
    await onPiece(header.slice());
    for (;;) {
      open();
      const chunk = bindings.fetchQueryResults(id);
      if (chunk === null) continue; // not ready yet
      if (chunk.length === 0) break;
      await onPiece(chunk.slice());
    }
  }
}
