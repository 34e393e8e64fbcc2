/**
 * Advisories in the production dependency tree. First the real thing: `npm audit --omit=dev
 * --json` in the repository, which must report no high or critical advisory. Where the registry's
 * advisories endpoint does not answer (the machine this was built on gets 405 Method Not Allowed;
 * offline it is ENOTFOUND or a timeout), the test says so and falls back to checking the installed
 * production tree against advisories known here: no package below the version that fixed one.
 * The fallback is a floor, not a substitute for `npm audit`.
 */
import { execFile } from 'node:child_process';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { ROOT, runtimePackages } from '../../../scripts/licences.mjs';

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

type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

/** What `npm audit --json` printed: an audit report, or why there is none. */
type AuditOutcome =
  | { kind: 'report'; counts: Record<Severity, number>; serious: string[] }
  | { kind: 'unreachable'; reason: string };

/**
 * Read npm audit's output. A report has metadata.vulnerabilities with a count per severity (npm 7
 * and later); anything else — npm's JSON error (405, ENOTFOUND, ETIMEDOUT …), nothing at all
 * (killed by the timeout) or not JSON — means the endpoint gave no audit.
 */
function readAudit(stdout: string, stderr = '', failure = ''): AuditOutcome {
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    json = null;
  }
  const counts = (json?.metadata as { vulnerabilities?: Record<string, unknown> } | undefined)?.vulnerabilities;
  const severities: Severity[] = ['info', 'low', 'moderate', 'high', 'critical'];
  if (counts && severities.every((s) => typeof counts[s] === 'number')) {
    const vulnerabilities = (json!.vulnerabilities ?? {}) as Record<string, { name?: string; severity?: string; range?: string }>;
    const serious = Object.entries(vulnerabilities)
      .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
      .map(([name, v]) => `${v.name ?? name} (${v.severity}, ${v.range ?? 'all versions'})`);
    return { kind: 'report', counts: Object.fromEntries(severities.map((s) => [s, counts[s] as number])) as Record<Severity, number>, serious };
  }
  const error = json?.error as { code?: string; summary?: string } | undefined;
  const reason =
    (typeof json?.message === 'string' && json.message) ||
    [error?.code, error?.summary].filter(Boolean).join(': ') ||
    stderr.split('\n').find((l) => /^npm (error|ERR!)/.test(l) && !/complete log/.test(l))?.replace(/^npm (error|ERR!) /, '') ||
    failure ||
    'no output';
  return { kind: 'unreachable', reason };
}

const AUDIT_TIMEOUT = 60_000;

/** `npm audit --omit=dev --json` in the repository root (exits 1 when it finds advisories, so the exit code says little). */
function npmAudit(): Promise<AuditOutcome> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--json'],
      { cwd: ROOT as string, timeout: AUDIT_TIMEOUT, maxBuffer: 64 << 20, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const failure = error ? (error.killed ? `no answer within ${AUDIT_TIMEOUT / 1000} s (ETIMEDOUT)` : error.message.split('\n')[0]!) : '';
        resolve(readAudit(stdout, stderr, failure));
      },
    );
  });
}

/** The installed production packages below the fix of an advisory listed here. */
function belowKnownFixes(): string[] {
  const packages = runtimePackages() as Pkg[];
  expect(packages.length).toBeGreaterThan(10);
  return packages
    .filter((p) => KNOWN[p.name] && vulnerable(p.version, KNOWN[p.name]!.fixed))
    .map((p) => `${p.name}@${p.version}: ${KNOWN[p.name]!.advisory}`);
}

describe('reading npm audit output', () => {
  test('a report is read as a report, its high and critical advisories named', () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        jszip: { name: 'jszip', severity: 'high', range: '<3.8.0' },
        'd3-color': { name: 'd3-color', severity: 'moderate', range: '<3.1.0' },
      },
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 1, high: 1, critical: 0, total: 2 }, dependencies: { prod: 40 } },
    };
    expect(readAudit(JSON.stringify(report))).toEqual({
      kind: 'report',
      counts: { info: 0, low: 0, moderate: 1, high: 1, critical: 0 },
      serious: ['jszip (high, <3.8.0)'],
    });
    const clean = { auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 } } };
    expect(readAudit(JSON.stringify(clean))).toMatchObject({ kind: 'report', serious: [] });
  });

  test('an unreachable endpoint is not a report, and the reason is kept', () => {
    const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 };
    expect(readAudit(JSON.stringify(refused))).toEqual({ kind: 'unreachable', reason: refused.message });
    const offline = { error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed', detail: '' } };
    expect(readAudit(JSON.stringify(offline))).toEqual({ kind: 'unreachable', reason: 'ENOTFOUND: request to https://registry.npmjs.org failed' });
    expect(readAudit('', 'npm error code ETIMEDOUT\nnpm error A complete log of this run can be found in: x')).toEqual({ kind: 'unreachable', reason: 'code ETIMEDOUT' });
    expect(readAudit('', '', 'no answer within 60 s (ETIMEDOUT)')).toEqual({ kind: 'unreachable', reason: 'no answer within 60 s (ETIMEDOUT)' });
    // Metadata without per-severity counts is not an audit either.
    expect(readAudit(JSON.stringify({ metadata: { vulnerabilities: {} } })).kind).toBe('unreachable');
  });
});

describe('advisories in the production tree', () => {
  test('npm audit --omit=dev reports no high or critical advisory (where the endpoint answers; otherwise the known-advisory floor holds)', async () => {
    const audit = await npmAudit();
    if (audit.kind === 'report') {
      expect(audit.serious).toEqual([]);
      expect(audit.counts.high + audit.counts.critical).toBe(0);
      return;
    }
    console.warn(
      `NOT AN AUDIT: npm audit could not reach the advisories endpoint (${audit.reason}). ` +
        'Falling back to checking the installed production tree against the advisories listed in tests/unit/security/dependencies.test.ts.',
    );
    expect(belowKnownFixes()).toEqual([]);
  }, AUDIT_TIMEOUT + 30_000);
});

describe('the fallback’s version check', () => {
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

});
