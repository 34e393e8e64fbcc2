/**
 * The sample service imported into an engine and kept as the app keeps it: each file in the
 * store, the workspace snapshot saved (ui/snapshots.ts). Shared by the tests of what a reload
 * restores from the browser store.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../../src/engine';
import { FILE_KINDS, TABLES, type FileKind } from '../../../src/ingest/canonical';
import { saveKeptSnapshot } from '../../../src/ui/snapshots';
import type { WorkspaceStore } from '../../../src/ui/storage/workspaceStore';
import type { ImportEntry } from '../../../src/ui/useWorkspace';

const root = path.resolve(import.meta.dirname, '../../..');

/** Import `files` of sample-data (by default every canonical file there, each with its kind), keep them and the snapshot; the import entries. */
export async function keepSample(engine: Engine, store: WorkspaceStore, files?: string[]): Promise<ImportEntry[]> {
  const imports: ImportEntry[] = [];
  const wanted: [string, FileKind | undefined][] = files
    ? files.map((name) => [name, undefined])
    : FILE_KINDS.map((kind) => [`${TABLES[kind].table}.csv`, kind]);
  for (const [name, kind] of wanted) {
    const file = path.join(root, 'sample-data', name);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    const report = await engine.importFile(name, new Uint8Array(bytes), kind);
    imports.push({ fileName: name, report, failure: null, mapping: null, bytes: bytes.length });
    await store.addFile(new File([bytes], name, { type: 'text/csv' }), report.kind, null);
  }
  await engine.ready();
  await saveKeptSnapshot(engine, store, () => imports, async () => undefined);
  return imports;
}
