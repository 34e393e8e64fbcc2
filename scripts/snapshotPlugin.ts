/**
 * Build-time pieces of the database snapshots (src/db/snapshot.ts):
 *
 * - `virtual:pbs-lens-build`: the app's version and a hash of its definitions (every source file
 *   whose SQL decides what an import or the model holds), the tag a snapshot must carry to be
 *   used. Any change to those files gives a new hash: a snapshot kept by an older build is then
 *   refused and the kept files are imported again.
 * - The sample service's snapshot, made from sample-data/*.csv at every `vite build` by
 *   scripts/sampleSnapshot.ts (never a committed binary that could go stale) and shipped as an
 *   asset of the app, so "Explore the sample service" reads tables instead of importing CSVs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
const VIRTUAL = 'virtual:pbs-lens-build';

/** The files whose text is the definitions: what is imported, how, and the model built from it. */
const DEFINITION_SOURCES = ['src/model', 'src/ingest', 'src/engine.ts', 'src/db/snapshot.ts', 'src/db/connector.ts', 'node_modules/@duckdb/duckdb-wasm/package.json'];

function filesUnder(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(rel, e.name)) : e.name.endsWith('.ts') ? [path.join(rel, e.name)] : []));
}

export function definitionsHash(): string {
  const hash = createHash('sha256');
  for (const file of DEFINITION_SOURCES.flatMap(filesUnder).sort()) hash.update(`${file}\n`).update(fs.readFileSync(path.join(ROOT, file)));
  return hash.digest('hex').slice(0, 16);
}

export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Run scripts/sampleSnapshot.ts in Node (the same engine and duckdb-wasm as the browser) and return the snapshot's bytes. */
export function buildSampleSnapshot(app: string, definitions: string): Buffer {
  const out = path.join(fs.mkdtempSync(path.join(ROOT, 'node_modules', '.sample-snapshot-')), 'sample.snapshot');
  try {
    const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    execFileSync(process.execPath, [tsx, path.join(ROOT, 'scripts', 'sampleSnapshot.ts'), out, app, definitions], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

export function snapshotPlugin(): Plugin {
  let sampleFile: string | null = null;
  let isBuild = false;
  let base = '/';
  return {
    name: 'pbs-lens-snapshot',
    configResolved(config) {
      isBuild = config.command === 'build';
      base = config.base;
    },
    buildStart() {
      if (!isBuild) return;
      const bytes = buildSampleSnapshot(appVersion(), definitionsHash());
      sampleFile = `assets/sample-${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}.snapshot`;
      this.emitFile({ type: 'asset', fileName: sampleFile, source: bytes });
    },
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : null),
    load(id) {
      if (id !== `\0${VIRTUAL}`) return null;
      // The dev server has no sample snapshot: the sample is imported from its CSVs there.
      return [
        `export const APP_VERSION = ${JSON.stringify(appVersion())};`,
        `export const DEFINITIONS_HASH = ${JSON.stringify(definitionsHash())};`,
        `export const SAMPLE_SNAPSHOT_URL = ${JSON.stringify(sampleFile ? `${base}${sampleFile}` : null)};`,
      ].join('\n');
    },
  };
}
