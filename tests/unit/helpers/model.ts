/**
 * The Model of a test database: tests load files straight into a Connector, build the exposure
 * here (as the engine does after an import), and give the analyses `modelOf(db)`.
 */
import type { Connector } from '../../../src/db/connector';
import type { FileKind } from '../../../src/ingest/canonical';
import type { ExposureSummary } from '../../../src/model/exposure';
import { Model } from '../../../src/model/model';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/model/settings';
import { freshDb } from './db';
import { loadFixture } from './fixture';

const models = new WeakMap<Connector, Model>();

/** A new Model of `db` with these settings (every table stale), its exposure built now. */
export async function buildExposure(db: Connector, settings: Settings = DEFAULT_SETTINGS, pseudonymKey = ''): Promise<ExposureSummary> {
  const model = new Model(db, { settings, pseudonymKey });
  models.set(db, model);
  return model.exposure();
}

/** The Model of the latest buildExposure on `db` (a default one when there was none). */
export function modelOf(db: Connector): Model {
  let model = models.get(db);
  if (!model) models.set(db, (model = new Model(db)));
  return model;
}

/** A fresh database with `files` loaded (people and rota first) and the exposure built with the default settings. */
export async function fixtureDb(files: Partial<Record<FileKind, string>>): Promise<Connector> {
  const db = await freshDb();
  await loadFixture(db, files);
  await buildExposure(db, DEFAULT_SETTINGS);
  return db;
}
