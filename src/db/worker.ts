/**
 * Starting duckdb-wasm's worker (src/db/browser.ts wraps it in its AsyncDuckDB). Apart from the
 * rest of db/browser, and without duckdb-wasm's JavaScript, so that the app's tiny entry module
 * (src/boot.ts) can start it at page load while the app's code is still downloading.
 */
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

/** A started worker: the Worker, its life lock, and the revocation of its boot script's blob: URL. */
export interface StartedWorker {
  worker: Worker;
  lifeLock: string;
  release: () => void;
  /** Errors the worker raised before a database took it (their listeners come later). */
  earlyErrors: ErrorEvent[];
  /** performance.now() when it was started: `duckdb instantiate` is timed from here. */
  startedAt: number;
}

/**
 * The worker runs from a blob: script that imports duckdb's worker from this origin. A worker
 * loaded straight from its URL would get only the Content-Security-Policy of that file's HTTP
 * response (none on most static hosts); a blob: worker inherits the page's policy, so its
 * connections too are limited to this origin.
 *
 * Before anything else the worker takes a Web Lock named `lifeLock` and never lets it go: the
 * browser releases it only when the worker ends, however it ends (an uncaught error, a closed or
 * terminated worker, a killed thread), so the page learns of a death that raises no error event.
 *
 * Then it starts downloading and compiling the wasm (streaming) while duckdb's worker script
 * (770 kB) loads, instead of after it and after the page's instantiate message: duckdb's own
 * instantiateStreaming is answered with that module, once, and its own fetch of the same URL with
 * an empty response that is never read (so the 34 MB come once). Without compileStreaming, or if
 * the early compile fails, duckdb's own path runs unchanged.
 */
function startWorker(): StartedWorker {
  const startedAt = performance.now();
  const lifeLock = `pbs-lens-database-${crypto.randomUUID()}`;
  const script = new URL(ehWorkerUrl, window.location.href).href;
  const wasm = new URL(ehWasmUrl, window.location.href).href;
  const source = [
    `if (self.navigator.locks) self.navigator.locks.request(${JSON.stringify(lifeLock)}, () => new Promise(() => {}));`,
    `(${compileAhead.toString()})(${JSON.stringify(wasm)});`,
    // import() written here, in the worker's text: in a function of this module the build could rewrite it.
    `(${loadWithoutBlocking.toString()})(${JSON.stringify(script)}, (url) => import(url));`,
  ].join('\n');
  const boot = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  // A module worker, for its asynchronous import(): see loadWithoutBlocking.
  const worker = new Worker(boot, { type: 'module' });
  const earlyErrors: ErrorEvent[] = [];
  worker.addEventListener('error', (e) => earlyErrors.push(e));
  return { worker, lifeLock, release: () => URL.revokeObjectURL(boot), earlyErrors, startedAt };
}

/**
 * Runs in the worker (serialised with toString: plain JavaScript, no imports or closures). Starts
 * fetching and compiling `wasm` now and hands that module to the first instantiateStreaming.
 */
function compileAhead(wasm: string): void {
  const wa = WebAssembly as unknown as {
    compileStreaming?: (source: Promise<Response>) => Promise<WebAssembly.Module>;
    instantiateStreaming?: (source: Promise<Response> | Response, imports: WebAssembly.Imports) => Promise<{ module: WebAssembly.Module; instance: WebAssembly.Instance }>;
  };
  const streaming = wa.instantiateStreaming;
  if (!wa.compileStreaming || !streaming) return;
  const realFetch = self.fetch.bind(self);
  const compiled = wa.compileStreaming(realFetch(wasm, { credentials: 'same-origin' }));
  // Marks on the worker's own timeline, for anyone profiling the start.
  compiled.then(() => performance.mark('wasm compiled'), () => undefined);
  let pending = true;
  self.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // duckdb fetches the wasm once, to stream it into instantiateStreaming: answered below.
    if (pending && url === wasm) return Promise.resolve(new Response(new Uint8Array(0)));
    return realFetch(input, init);
  };
  wa.instantiateStreaming = async (source, imports) => {
    pending = false;
    self.fetch = realFetch;
    wa.instantiateStreaming = streaming;
    let module: WebAssembly.Module;
    try {
      module = await compiled;
    } catch {
      return streaming.call(WebAssembly, realFetch(wasm, { credentials: 'same-origin' }), imports);
    }
    void Promise.resolve(source).then((r) => r.body?.cancel(), () => undefined);
    performance.mark('wasm instantiate');
    const instance = await WebAssembly.instantiate(module, imports);
    performance.mark('wasm instantiated');
    return { module, instance };
  };
}

/**
 * Runs in the worker (serialised like compileAhead). Loads duckdb's worker script with import(),
 * which does not block the worker's thread as importScripts did: the wasm's streamed bytes reach
 * the compiler on this thread, so a synchronous load of the script (and its run) held back the
 * wasm's download and compile meanwhile (in a Performance trace of the sample's first load, no
 * wasm byte reached the compiler until the script was in, 0.1–0.6 s after the fetch began). The
 * page's messages that come before the script has set its onmessage are held, then handed to it
 * in order. A script that cannot be loaded is thrown as an error of the worker, as before.
 */
function loadWithoutBlocking(script: string, load: (url: string) => Promise<unknown>): void {
  let held: MessageEvent[] | null = [];
  const hold = (e: MessageEvent) => {
    if (!held) return;
    held.push(e);
    e.stopImmediatePropagation();
  };
  self.addEventListener('message', hold);
  const loaded = () => {
    performance.mark('duckdb worker script loaded');
    const waiting = held ?? [];
    held = null;
    self.removeEventListener('message', hold);
    for (const e of waiting) self.dispatchEvent(new MessageEvent('message', { data: e.data }));
  };
  load(script).then(loaded, (e: unknown) => {
    // A browser without module workers (Firefox before 114) runs this as a classic worker, where
    // import() fails but importScripts works: load it the old way before giving up.
    const classic = (self as unknown as { importScripts?: (url: string) => void }).importScripts;
    if (typeof classic === 'function') {
      try {
        classic.call(self, script);
        loaded();
        return;
      } catch {
        // a module worker (importScripts throws there) or a script that cannot load: e is the cause
      }
    }
    setTimeout(() => {
      throw e;
    });
  });
}

/** Started at page load by startDatabaseEarly (src/boot.ts), taken by the first database opened. */
let early: StartedWorker | null = null;

/**
 * Start the database worker (and with it the wasm's download and compile) now, before the rest
 * of the app's modules are loaded: the first openBrowserDatabase takes it.
 */
export function startDatabaseEarly(): void {
  early ??= startWorker();
}

/** The worker started early if it is still untaken, else a new one (a restart after a failure). */
export function takeStartedWorker(): StartedWorker {
  const started = early ?? startWorker();
  early = null;
  return started;
}
