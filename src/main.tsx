import './zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openBrowserDatabase, type DatabaseStopped } from './db/browser';
import { BACKGROUND_TABLES, createEngine, type Engine } from './engine';
import { App } from './ui/App';
import type { Connect } from './ui/useWorkspace';
import { registerServiceWorkerAfterStart } from './offline/register';
import './ui/styles.css';

/**
 * The pseudonym key comes from the workspace: random, one per browser profile, kept in the
 * browser's storage so pseudonyms stay the same across reloads (ui/storage); never sent anywhere.
 */
async function connect({ pseudonymKey, onFailure }: Parameters<Connect>[0]): Promise<Engine> {
  return createEngine(await takeDatabase(onFailure), { pseudonymKey, freshDatabase: true, backgroundTables: BACKGROUND_TABLES });
}

/**
 * The first database is opened now, as this module runs, not when the workspace asks (after it
 * has opened and read the browser's storage, which on a first visit took 0.1-0.4 s after React's
 * first render): DuckDB instantiates as soon as its wasm is compiled. Its failures go to whoever
 * took it (a failure before that is handed over when it is taken); a later connect (a restart
 * after a failure) opens a new one.
 */
type Database = ReturnType<typeof openBrowserDatabase>;
let firstDatabase: Database | null = null;
const firstFailure: { handler: ((f: DatabaseStopped) => void) | null; missed: DatabaseStopped | null } = { handler: null, missed: null };

function openFirstDatabase(): void {
  firstDatabase = openBrowserDatabase({
    onFailure: (f) => {
      if (firstFailure.handler) firstFailure.handler(f);
      else firstFailure.missed = f;
    },
  });
  firstDatabase.catch(() => undefined);
}

function takeDatabase(onFailure?: (f: DatabaseStopped) => void): Database {
  const first = firstDatabase;
  if (!first) return openBrowserDatabase({ onFailure });
  firstDatabase = null;
  firstFailure.handler = onFailure ?? null;
  if (firstFailure.missed) onFailure?.(firstFailure.missed);
  return first;
}

openFirstDatabase();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connect={connect} />
  </StrictMode>,
);

registerServiceWorkerAfterStart();
