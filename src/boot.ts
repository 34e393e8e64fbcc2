/**
 * The app's entry (index.html): a few hundred bytes that start the DuckDB worker and, in it, the
 * wasm's download and streaming compile (the longest step before the first chart) at page load,
 * then load the app itself (main.tsx: React, the pages, duckdb-wasm's JavaScript). Its CSS is
 * linked from index.html (scripts/appCssPlugin.ts); its JavaScript is not preloaded, so that
 * nothing is parsed ahead of this module.
 */
import { startDatabaseEarly } from './db/worker';

startDatabaseEarly();

import('./main').catch((e: unknown) => {
  const root = document.getElementById('root');
  if (root) root.textContent = `PBS Lens could not load (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`;
});
