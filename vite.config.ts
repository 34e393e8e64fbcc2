import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The built app may talk to its own origin only. The policy goes in at build time: the dev
 * server needs an inline script for React refresh that this policy would block.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'pbs-lens-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

// The app is served entirely from its own origin: DuckDB's wasm and worker are bundled as
// assets (imported with ?url in src/db/browser.ts), never fetched from a CDN.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  // Pre-bundling would rewrite duckdb-wasm's worker/wasm asset references.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: {
    target: 'es2022',
    // duckdb-wasm's JavaScript (with Apache Arrow) is one large chunk; the wasm itself is an asset.
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
