/**
 * The committed sample service (sample-data/*.csv), every file, loaded into a fresh database with
 * its exposure built. The import and build run once per test run: the first worker to need it
 * keeps a snapshot in the run's folder (sampleCacheSetup); each caller gets its own database
 * restored from that snapshot (callers may change theirs). Without the folder (a run without the
 * set-up) each worker builds its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import type { FileKind } from '../../../src/ingest/canonical';
import { bytesSource, concatBytes, restoreSnapshot, writeSnapshot, type SnapshotTag } from '../../../src/db/snapshot';
import { buildExposure } from './model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { freshDb } from './db';
import { loadFixture } from './fixture';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const SAMPLE_FILES: [FileKind, string][] = [
  ['people', 'people.csv'],
  ['requirements', 'staffing_requirements.csv'],
  ['shifts', 'shifts.csv'],
  ['incidents', 'incidents.csv'],
  ['interventions', 'restrictive_interventions.csv'],
  ['planDelivery', 'plan_delivery.csv'],
  ['events', 'events.csv'],
];
/** Only this helper writes and reads these snapshots, so a fixed tag. */
const TAG: SnapshotTag = { app: 'tests', definitions: 'sampleService', settings: 'default', key: 'none' };

async function buildSample(): Promise<Connector> {
  const db = await freshDb();
  // Object key order is the load order: people and rota before incidents.
  const files = Object.fromEntries(
    SAMPLE_FILES.map(([kind, file]) => [kind, fs.readFileSync(path.join(root, 'sample-data', file), 'utf8')]),
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

/** The run's snapshot: read if a worker kept it, else built and kept (written whole, then renamed). */
async function keptSnapshot(): Promise<Uint8Array> {
  const dir = inject('sampleCacheDir');
  if (!dir) return snapshotOfBuild();
  const file = path.join(dir, 'sample.snapshot');
  if (fs.existsSync(file)) return new Uint8Array(fs.readFileSync(file));
  const bytes = await snapshotOfBuild();
  const part = `${file}.${process.pid}`;
  fs.writeFileSync(part, bytes);
  fs.renameSync(part, file);
  return bytes;
}

/** The snapshot bytes, fetched once in this worker. */
let kept: Promise<Uint8Array> | null = null;

export async function sampleServiceDb(): Promise<Connector> {
  const bytes = await (kept ??= keptSnapshot());
  const db = await freshDb();
  await restoreSnapshot(db, bytesSource(bytes), TAG);
  return db;
}
