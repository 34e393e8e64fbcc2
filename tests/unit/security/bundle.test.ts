/**
 * The production bundle, built here with the project's own Vite config into a temporary folder:
 * the policy it carries, and no telemetry or other network endpoint in its code. (The browser
 * tests check that the policy is enforced; this checks what ships.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ALLOWED, policyOf } from './policy';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
let out: string;
let html: string;
let code: { file: string; text: string }[];

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-bundle-'));
  // Vitest sets NODE_ENV=test, which would bundle React's development build: build as `vite build` does.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  const assets = path.join(out, 'assets');
  code = fs
    .readdirSync(assets)
    .filter((f) => /\.(m?js|css|html)$/.test(f))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(assets, f), 'utf8') }));
}, 120_000);
afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

/** Hosts of analytics, error-reporting, session-recording and feature-flag services. */
const TELEMETRY = [
  'google-analytics.com', 'googletagmanager.com', 'analytics.google.com', 'doubleclick.net', 'sentry.io', 'sentry-cdn.com',
  'segment.io', 'segment.com', 'mixpanel.com', 'amplitude.com', 'posthog.com', 'plausible.io', 'datadoghq.com',
  'browser-intake', 'newrelic.com', 'nr-data.net', 'bugsnag.com', 'logrocket', 'fullstory.com', 'hotjar.com', 'clarity.ms',
  'heapanalytics.com', 'rollbar.com', 'honeybadger.io', 'launchdarkly.com', 'statsig', 'cloudflareinsights.com',
  'matomo', 'piwik', 'mc.yandex', 'connect.facebook.net', 'vercel-insights', 'vitals.vercel',
];

/**
 * Absolute URLs that are only text in the libraries (XML namespaces, schema ids, links in error
 * messages and licence headers); none is ever requested. A new host here fails the test so that
 * someone looks at why it is in the bundle.
 */
const TEXT_ONLY_HOSTS = new Set([
  'www.w3.org', 'schemas.openxmlformats.org', 'schemas.microsoft.com', 'purl.org', // XML namespaces (SVG export)
  'json-schema.org', // Zod's JSON-schema ids
  'react.dev', 'redux.js.org', 'redux-toolkit.js.org', 'bit.ly', 'rolldown.rs', // error-message links
  'github.com', // licence headers and error links (duckdb-wasm)
]);

describe('the production bundle', () => {
  test('carries exactly the allowed Content-Security-Policy', () => {
    const policy = policyOf(html);
    expect(policy).not.toBeNull();
    expect(Object.fromEntries(policy!)).toEqual(ALLOWED);
    const all = [...policy!.values()].flat();
    for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:', 'ws:', 'wss:']) expect(all).not.toContain(loose);
  });

  test('has no telemetry endpoint and no beacon', () => {
    expect(code.length).toBeGreaterThan(5);
    for (const { file, text } of code) {
      const lower = text.toLowerCase();
      for (const host of TELEMETRY) expect(lower.includes(host), `${host} in ${file}`).toBe(false);
      expect(text.includes('sendBeacon'), `sendBeacon in ${file}`).toBe(false);
    }
  });

  test('names no host other than text-only ones (namespaces, documentation links)', () => {
    const hosts = new Map<string, string>();
    for (const { file, text } of code) {
      for (const m of text.matchAll(/\b(?:https?|wss?):\/\/([a-z0-9.-]+\.[a-z]{2,})/gi)) hosts.set(m[1]!.toLowerCase(), file);
    }
    const unexpected = [...hosts].filter(([h]) => !TEXT_ONLY_HOSTS.has(h)).map(([h, f]) => `${h} (${f})`);
    expect(unexpected).toEqual([]);
  });
});
