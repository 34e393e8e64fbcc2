/** The committed sample service (sample-data/*.csv), every file, loaded into a fresh database with its exposure built. */
import fs from 'node:fs';
import path from 'node:path';
import type { Connector } from '../../../src/db/connector';
import type { FileKind } from '../../../src/ingest/canonical';
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

export async function sampleServiceDb(): Promise<Connector> {
  const db = await freshDb();
  // Object key order is the load order: people and rota before incidents.
  const files = Object.fromEntries(
    SAMPLE_FILES.map(([kind, file]) => [kind, fs.readFileSync(path.join(root, 'sample-data', file), 'utf8')]),
  ) as Partial<Record<FileKind, string>>;
  await loadFixture(db, files);
  await buildExposure(db, DEFAULT_SETTINGS);
  return db;
}
