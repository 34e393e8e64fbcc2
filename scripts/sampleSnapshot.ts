/**
 * The sample service's database snapshot, made at build time (scripts/snapshotPlugin.ts) from the
 * committed sample-data/*.csv with the same engine and duckdb-wasm as the browser: imported in
 * the app's order (ui/sample.ts), labelled with the sample's public key, the model and every
 * summary table built, and the import reports kept with it for the import page.
 *
 *   tsx scripts/sampleSnapshot.ts <out file> <app version> <definitions hash>
 */
import fs from 'node:fs';
import path from 'node:path';
import { openNodeDatabase } from '../src/db/node';
import { concatBytes, createEngine, type Engine } from '../src/engine';
import { FILE_KINDS, TABLES } from '../src/ingest/canonical';
import { CATALOG } from '../src/model/catalog';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The sample workspace as the app's import would leave it; `imports` as ui/useWorkspace keeps them (ImportEntry). */
export async function sampleWorkspace(engine: Engine, dir = path.join(ROOT, 'sample-data')) {
  engine.useSampleKey();
  const imports = [];
  for (const kind of FILE_KINDS) {
    const name = `${TABLES[kind].table}.csv`;
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    const bytes = new Uint8Array(fs.readFileSync(file));
    const report = await engine.importFile(name, bytes, { kind });
    imports.push({ fileName: name, report, failure: null, mapping: report.mapping ?? null, preset: null, bytes: bytes.length });
  }
  await engine.ready();
  // Every page's summary tables too: no page of the sample builds anything on first open.
  await engine.model.ensure(CATALOG.map((t) => t.name));
  return imports;
}

async function main(): Promise<void> {
  const [out, app, definitions] = process.argv.slice(2);
  if (!out || !app || !definitions) throw new Error('usage: tsx scripts/sampleSnapshot.ts <out file> <app version> <definitions hash>');
  const engine = createEngine(await openNodeDatabase());
  const imports = await sampleWorkspace(engine);
  const snapshot = await engine.snapshot({ app, definitions }, { imports });
  fs.writeFileSync(out, concatBytes(snapshot.parts));
  await engine.db.close();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
