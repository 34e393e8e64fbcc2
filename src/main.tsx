import './zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openBrowserDatabase } from './db/browser';
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
  return createEngine(await openBrowserDatabase({ onFailure }), { pseudonymKey, freshDatabase: true, backgroundTables: BACKGROUND_TABLES });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connect={connect} />
  </StrictMode>,
);

registerServiceWorkerAfterStart();
