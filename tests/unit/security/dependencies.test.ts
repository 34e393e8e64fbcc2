/**
 * `npm audit --omit=dev` cannot reach the registry's advisories endpoint from the machine this
 * was built on (405 Method Not Allowed), so this checks the installed production tree against
 * advisories known here: no package below the version that fixed one. It is a floor, not a
 * substitute for `npm audit` where the registry allows it.
 */
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { runtimePackages } from '../../../scripts/licences.mjs';

type Pkg = { name: string; version: string };

/** package → [first fixed version per major line, advisory]; `null` = never acceptable. */
const KNOWN: Record<string, { fixed: string[] | null; advisory: string }> = {
  xlsx: { fixed: null, advisory: 'CVE-2023-30533 prototype pollution, CVE-2024-22363 ReDoS (npm has only ≤ 0.18.5)' },
  jszip: { fixed: ['3.8.0'], advisory: 'CVE-2021-23413 prototype pollution, CVE-2022-48285 path traversal' },
  tmp: { fixed: ['0.2.4'], advisory: 'CVE-2025-54798 write through a symlinked dir' },
  'brace-expansion': { fixed: ['1.1.12', '2.0.2', '3.0.1', '4.0.1'], advisory: 'CVE-2025-5889 ReDoS' },
  minimatch: { fixed: ['3.0.5'], advisory: 'CVE-2022-3517 ReDoS' },
  fstream: { fixed: ['1.0.12'], advisory: 'CVE-2019-13173 arbitrary file overwrite' },
  unzipper: { fixed: ['0.8.13'], advisory: 'CVE-2018-1002203 zip slip' },
  immer: { fixed: ['9.0.6'], advisory: 'CVE-2021-3757 / CVE-2021-23436 prototype pollution' },
  'd3-color': { fixed: ['3.1.0'], advisory: 'GHSA-36jr-mh4h-2g58 ReDoS' },
  papaparse: { fixed: ['5.2.0'], advisory: 'CVE-2020-36649 ReDoS' },
  zod: { fixed: ['3.22.3'], advisory: 'CVE-2023-4316 ReDoS' },
  semver: { fixed: ['5.7.2', '6.3.1', '7.5.2'], advisory: 'CVE-2022-25883 ReDoS' },
  'react-server-dom-webpack': { fixed: null, advisory: 'CVE-2025-55182 (server components; never needed here)' },
};

const parts = (v: string) => v.split(/[-+]/)[0]!.split('.').map(Number);
function below(version: string, fixed: string): boolean {
  const [a, b] = [parts(version), parts(fixed)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}
/** Vulnerable when below the fix of its own major line (or of the lowest line, if older still). */
function vulnerable(version: string, fixed: string[] | null): boolean {
  if (fixed === null) return true;
  const line = fixed.filter((f) => parts(f)[0] === parts(version)[0] && (parts(f)[0] !== 0 || parts(f)[1] === parts(version)[1]));
  if (line.length > 0) return line.some((f) => below(version, f));
  return below(version, [...fixed].sort((x, y) => (below(x, y) ? -1 : 1))[0]!);
}

describe('known advisories in the production tree', () => {
  test('the version check itself', () => {
    expect(vulnerable('3.7.1', ['3.8.0'])).toBe(true);
    expect(vulnerable('3.10.2', ['3.8.0'])).toBe(false);
    expect(vulnerable('1.1.11', ['1.1.12', '2.0.2'])).toBe(true);
    expect(vulnerable('2.0.1', ['1.1.12', '2.0.2'])).toBe(true);
    expect(vulnerable('2.1.8', ['1.1.12', '2.0.2'])).toBe(false);
    expect(vulnerable('0.2.3', ['0.2.4'])).toBe(true);
    expect(vulnerable('0.1.0', ['0.2.4'])).toBe(true);
    expect(vulnerable('6.3.0', ['5.7.2', '6.3.1', '7.5.2'])).toBe(true);
    expect(vulnerable('0.18.5', null)).toBe(true);
  });

  test('no runtime package is below the fix of a known advisory', () => {
    const packages = runtimePackages() as Pkg[];
    expect(packages.length).toBeGreaterThan(10);
    const found = packages
      .filter((p) => KNOWN[p.name] && vulnerable(p.version, KNOWN[p.name]!.fixed))
      .map((p) => `${p.name}@${p.version}: ${KNOWN[p.name]!.advisory}`);
    expect(found).toEqual([]);
  });
});
