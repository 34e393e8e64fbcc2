/**
 * What the import probes (typed-probe, judge-probe) start each run with: a fresh duckdb-wasm
 * (blocking build) database holding `file` in a file slot, and the kind's fields, header map and
 * row rules as the loader would have them for a canonical file.
 */
import { fileSlot } from '../src/db/connector';
import { localFile, openNodeDatabase } from '../src/db/node';
import { TABLES, type FileKind } from '../src/ingest/canonical';
import { rulesFor } from '../src/ingest/load/rules';

export async function judgeSetup(file: string, kind: FileKind) {
  const db = await openNodeDatabase();
  const slot = fileSlot('probe.csv');
  await db.registerFile(slot, await localFile(file));
  const fields = TABLES[kind].fields;
  const byLower = new Map(fields.map((f) => [f.name, f.name]));
  const rules = rulesFor(kind, { importId: 1, fileName: 'x.csv', data: new Uint8Array(), importedAt: new Date() });
  return { db, slot, fields, byLower, rules };
}
