import './zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openBrowserDatabase, type DatabaseStopped } from './db/browser';
import { createEngine, type Engine } from './engine';
import { App } from './ui/App';
import type { Connect } from './ui/useWorkspace';
import { registerServiceWorkerAfterStart } from './offline/register';
import './ui/styles.css';

/**
 * The first database is opened as soon as this module runs, before React renders and while the
 * workspace reads the browser's storage: instantiating and opening DuckDB (its worker already
 * started by src/boot.ts) is then no longer queued behind that main-thread work. The workspace's
 * first connect takes it; a failure before then is handed on to that connect's onFailure, and a
 * database that already failed is not taken (a new one is opened).
 */
type Database = Awaited<ReturnType<typeof openBrowserDatabase>>;

const early: { db: Promise<Database> | null; onFailure: ((f: DatabaseStopped) => void) | null; failed: DatabaseStopped | null } = {
  db: null,
  onFailure: null,
  failed: null,
};
early.db = openBrowserDatabase({
  onFailure: (f) => {
    if (early.onFailure) early.onFailure(f);
    else early.failed = f;
  },
});
early.db.catch(() => undefined);

/** The early database if untaken and still sound, else a new one. */
function takeDatabase(onFailure: ((f: DatabaseStopped) => void) | undefined): Promise<Database> {
  const db = early.db;
  early.db = null;
  if (db && !early.failed) {
    early.onFailure = onFailure ?? (() => undefined);
    return db;
  }
  return openBrowserDatabase(onFailure ? { onFailure } : {});
}

/**
 * The pseudonym key comes from the workspace: random, one per browser profile, kept in the
 * browser's storage so pseudonyms stay the same across reloads (ui/storage); never sent anywhere.
 */
async function connect({ pseudonymKey, onFailure }: Parameters<Connect>[0]): Promise<Engine> {
  return createEngine(await takeDatabase(onFailure), { pseudonymKey, freshDatabase: true });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connect={connect} />
  </StrictMode>,
);

registerServiceWorkerAfterStart();
