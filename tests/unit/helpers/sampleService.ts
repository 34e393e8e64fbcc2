/**
 * The committed sample service (sample-data/*.csv), every file, loaded into a fresh database with
 * its exposure built. The import and build run once per test run: the first worker to need it
 * keeps a snapshot in the run's folder (sampleCacheSetup); each caller gets its own database
 * restored from that snapshot (callers may change theirs).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Connector } from '../../../src/db/connector';
import type { FileKind } from '../../../src/ingest/canonical';
import { bytesSource, concatBytes, restoreSnapshot, writeSnapshot, type SnapshotTag } from '../../../src/db/snapshot';
import { buildExposure } from './model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { freshDb } from './db';
import { loadFixture } from './fixture';
import { keptForRun } from './keptForRun';
import { SAMPLE_DIR, SAMPLE_FILE_KINDS } from '../../fixtures/sampleFiles';

/** Only this helper writes and reads these snapshots, so a fixed tag. */
const TAG: SnapshotTag = { app: 'tests', definitions: 'sampleService', settings: 'default', key: 'none' };

async function buildSample(): Promise<Connector> {
  const db = await freshDb();
  // Object key order is the load order: people and rota before incidents.
  const files = Object.fromEntries(
    SAMPLE_FILE_KINDS.map(([kind, file]) => [kind, fs.readFileSync(path.join(SAMPLE_DIR, file), 'utf8')]),
  ) as Partial<Record<FileKind, string>>;
  await loadFixture(db, files);
  await buildExposure(db, DEFAULT_SETTINGS);
  return db;
}

async function snapshotOfBuild(): Promise<Uint8Array> {
  const db = await buildSample();
  try {
    return concatBytes((await writeSnapshot(db, TAG)).parts);
  } finally {
    await db.close();
  }
}

/** The snapshot's bytes, made once per run. */
const sampleSnapshot = keptForRun('sample.snapshot', snapshotOfBuild);

export async function sampleServiceDb(): Promise<Connector> {
  const bytes = await sampleSnapshot();
  const db = await freshDb();
  await restoreSnapshot(db, bytesSource(bytes), TAG);
  return db;
}
