/**
 * The README's list of runtime-dependency licences is the script's output for the installed
 * production tree (it cannot drift), and every licence in it is one the project can ship under.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { licencesMarkdown, readmeBlock, runtimePackages, ROOT } from '../../../scripts/licences.mjs';

type Pkg = { name: string; version: string; licence: string };

/** Permissive licences (SPDX), and the one package known to state none (Node-only, not bundled). */
const PERMISSIVE = new Set(['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'BlueOak-1.0.0', 'Unlicense', 'MIT/X11', 'Zlib', 'CC0-1.0']);
const NO_LICENCE_KNOWN = new Set(['buffers@0.1.1']);

/** Whether an SPDX expression lets us ship under permissive terms: all of an AND, one of an OR. */
function permissive(expr: string): boolean {
  const e = expr.trim().replace(/^\((.*)\)$/, '$1');
  if (/ OR /.test(e)) return e.split(/ OR /).some(permissive);
  if (/ AND /.test(e)) return e.split(/ AND /).every(permissive);
  return PERMISSIVE.has(e);
}

describe('licences of runtime dependencies', () => {
  test('README.md lists exactly what scripts/licences.mjs finds (run `node scripts/licences.mjs --write` after changing dependencies)', () => {
    const readme = fs.readFileSync(path.join(ROOT as string, 'README.md'), 'utf8');
    expect(readmeBlock(readme)).toBe(licencesMarkdown());
  });

  test('the list covers the direct dependencies and their trees', () => {
    const packages = runtimePackages() as Pkg[];
    const direct = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT as string, 'package.json'), 'utf8')).dependencies as Record<string, string>);
    for (const d of direct) expect(packages.map((p) => p.name)).toContain(d);
    // Transitive packages are there too (React's scheduler, duckdb-wasm's Arrow).
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['scheduler', 'apache-arrow']));
    // No development tool is listed.
    expect(packages.map((p) => p.name)).not.toEqual(expect.arrayContaining(['vite']));
    expect(packages.map((p) => p.name)).not.toContain('vitest');
  });

  test('every licence is permissive (or the package is known to state none)', () => {
    const problems = (runtimePackages() as Pkg[])
      .filter((p) => !permissive(p.licence) && !NO_LICENCE_KNOWN.has(`${p.name}@${p.version}`))
      .map((p) => `${p.name}@${p.version}: ${p.licence}`);
    expect(problems).toEqual([]);
    expect(permissive('(MIT OR GPL-3.0-or-later)')).toBe(true);
    expect(permissive('GPL-3.0-only')).toBe(false);
    expect(permissive('MIT AND GPL-2.0')).toBe(false);
  });
});
