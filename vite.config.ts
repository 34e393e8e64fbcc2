import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served entirely from its own origin: DuckDB's wasm and worker are bundled as
// assets (imported with ?url in src/db/browser.ts), never fetched from a CDN.
export default defineConfig({
  plugins: [react()],
  // Pre-bundling would rewrite duckdb-wasm's worker/wasm asset references.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: {
    target: 'es2022',
    // The DuckDB wasm file is ~30 MB and is fetched by the worker, not parsed as JS.
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
