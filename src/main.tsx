import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openBrowserDatabase } from './db/browser';
import { createEngine, type Engine } from './engine';
import { App } from './ui/App';
import './ui/styles.css';

/** A fresh key per tab: pseudonyms cannot be reversed by hashing guessed ids, and it never leaves memory. */
function sessionKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function connect(): Promise<Engine> {
  return createEngine(await openBrowserDatabase(), { pseudonymKey: sessionKey() });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connect={connect} />
  </StrictMode>,
);
