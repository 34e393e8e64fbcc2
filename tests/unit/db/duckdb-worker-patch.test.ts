/**
 * The build's change to duckdb-wasm's browser worker (scripts/duckdbWorkerPatch.ts): it must meet
 * the installed duckdb-wasm exactly (each change's text there once), leave a script that parses,
 * and change nothing else. Whether the patched worker runs DuckDB is shown by every browser test
 * (they drive the built app, whose worker is this one).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PATCHES, patchDuckdbWorker } from '../../../scripts/duckdbWorkerPatch';

const require = createRequire(import.meta.url);
const original = fs.readFileSync(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');

describe('duckdb-wasm worker patch', () => {
  it('finds each change once in the installed worker, and the result still parses', () => {
    for (const p of PATCHES) expect(original.split(p.from).length - 1, p.what).toBe(1);
    const patched = patchDuckdbWorker(original);
    expect(() => new vm.Script(patched)).not.toThrow();
    for (const p of PATCHES) expect(patched.includes(p.to), p.what).toBe(true);
  });

  it('changes only those texts', () => {
    const patched = patchDuckdbWorker(original);
    let back = patched;
    for (const p of PATCHES) back = back.replace(p.to, () => p.from);
    expect(back).toBe(original);
  });

  it('refuses a worker it does not recognise rather than ship it unpatched', () => {
    expect(() => patchDuckdbWorker(original.replace(PATCHES[0]!.from, ''))).toThrow(/there 0 times/);
    expect(() => patchDuckdbWorker(original + PATCHES[1]!.from)).toThrow(/there 2 times/);
  });
});
