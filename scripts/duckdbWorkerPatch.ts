/**
 * duckdb-wasm's browser worker (duckdb-browser-eh.worker.js), shipped with one change to its
 * Emscripten loader, made at build time and checked: the build fails if the text it changes is
 * not there exactly once (a new duckdb-wasm), rather than ship an unpatched or half-patched file.
 *
 * Why: the wasm is built for dynamic linking and exports 75,011 symbols. When it is instantiated
 * the loader makes a Global Offset Table entry — a WebAssembly.Global, and for a function a slot
 * in the function table (growing the table one slot at a time) — for every one of them, in case a
 * side module (a DuckDB extension loaded later) asks for it. PBS Lens loads no extension, and a
 * side module's requests are met anyway: each entry it asks for is created then and filled from
 * the main module's exports (the loader's reportUndefinedSymbols, which handles entries created
 * after the main module was loaded). So for the main module only the entries the main module
 * itself imports (268: GOT.mem and GOT.func) are filled now. Two more passes over the exports
 * (registerDynCallSymbols, mergeLibSymbols) do what they did without first copying all 75,011
 * into [name, value] arrays (the exports object is a plain object the loader made: a for…in walks
 * the same own keys in the same order), and applySignatureConversions no longer copies the
 * exports object before wrapping 17 of its functions (its one caller passes the object
 * relocateExports has just made and keeps only the result). Everything else is unchanged. In a
 * Performance trace of the sample's first load this loop, its garbage and the later pass over the
 * table were the largest part of the time between the wasm's instantiation and DuckDB being
 * ready (docs/performance.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const WORKER = '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js';

/** Each change: the text as duckdb-wasm 1.32 ships it, and what replaces it. */
export const PATCHES: { what: string; from: string; to: string }[] = [
  {
    what: 'updateGOT fills only existing entries when asked to (the main module)',
    from: 'updateGOT=(e,t)=>{for(var r in e)if(!isInternalSym(r)){var n=e[r];r.startsWith("orig$")&&(r=r.split("$")[1],t=!0),GOT[r]||',
    to: 'updateGOT=(e,t,m)=>{for(var r in e)if((!m||GOT[r]||r.startsWith("orig$"))&&!isInternalSym(r)){var n=e[r];if(r.startsWith("orig$")&&(r=r.split("$")[1],t=!0),m&&!GOT[r])continue;GOT[r]||',
  },
  {
    what: 'relocateExports passes that on',
    from: 'relocateExports=(e,t,r)=>{var n={};for(var a in e){var l=e[a];typeof l=="object"&&(l=l.value),typeof l=="number"&&(l+=t),n[a]=l}return updateGOT(n,r),n}',
    to: 'relocateExports=(e,t,r,m)=>{var n={};for(var a in e){var l=e[a];typeof l=="object"&&(l=l.value),typeof l=="number"&&(l+=t),n[a]=l}return updateGOT(n,r,m),n}',
  },
  {
    what: 'registerDynCallSymbols walks the exports without copying them into [name, value] pairs first',
    from: 'registerDynCallSymbols=e=>{for(var[t,r]of Object.entries(e))t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=r)}',
    to: 'registerDynCallSymbols=e=>{for(var t in e)t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=e[t])}',
  },
  {
    what: 'mergeLibSymbols likewise, without a closure per symbol',
    from: 'mergeLibSymbols=(e,t)=>{registerDynCallSymbols(e);for(var[r,n]of Object.entries(e))(l=>{isSymbolDefined(l)||(wasmImports[l]=n)})(r)}',
    to: 'mergeLibSymbols=(e,t)=>{registerDynCallSymbols(e);for(var r in e)isSymbolDefined(r)||(wasmImports[r]=e[r])}',
  },
  {
    what: 'applySignatureConversions wraps the 17 functions in the exports object it is given instead of in a copy of all 75,011 (its one caller hands it the plain object relocateExports made, which nothing else holds)',
    from: 'function applySignatureConversions(e){e=Object.assign({},e);var t=',
    to: 'function applySignatureConversions(e){var t=',
  },
  {
    what: 'the main module asks for it',
    from: 'wasmExports=n.exports,wasmExports=relocateExports(wasmExports,1024);',
    to: 'wasmExports=n.exports,wasmExports=relocateExports(wasmExports,1024,void 0,!0);',
  },
];

/** The worker's text with every patch applied; throws when one does not match exactly once. */
export function patchDuckdbWorker(source: string): string {
  let out = source;
  for (const p of PATCHES) {
    const count = out.split(p.from).length - 1;
    if (count !== 1) throw new Error(`duckdb-wasm worker patch "${p.what}": its text is there ${count} times, not once (a new duckdb-wasm? see scripts/duckdbWorkerPatch.ts)`);
    out = out.replace(p.from, () => p.to);
  }
  return out;
}

/**
 * `import url from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url'` gets the patched
 * file (written under node_modules/.pbs-lens/), emitted like any asset, its name hashed from the
 * patched text.
 */
export function duckdbWorkerPatch(root: string): Plugin {
  const require = createRequire(path.join(root, 'package.json'));
  let patched: string | null = null;
  const write = (): string => {
    if (patched) return patched;
    const original = require.resolve(WORKER);
    const out = path.join(root, 'node_modules', '.pbs-lens', path.basename(original));
    const text = patchDuckdbWorker(fs.readFileSync(original, 'utf8'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) {
      // Written aside and renamed: a build running at the same time never reads half a file.
      const aside = `${out}.${process.pid}.tmp`;
      fs.writeFileSync(aside, text);
      fs.renameSync(aside, out);
    }
    patched = out;
    return out;
  };
  return {
    name: 'pbs-lens-duckdb-worker-patch',
    enforce: 'pre',
    resolveId(source) {
      if (source === `${WORKER}?url`) return `${write()}?url`;
      return null;
    },
  };
}
