import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The built app may load and talk to its own origin only. Delivered as a <meta> tag so it holds
 * on any static host; a meta policy cannot carry frame-ancestors (see README, Privacy and
 * security). The dev server is left without it: React refresh needs an inline script.
 *
 * - 'wasm-unsafe-eval': compiling DuckDB's wasm, nothing else; no 'unsafe-eval'.
 * - worker-src blob:: the DuckDB worker boots from a blob: script that imports the worker file
 *   from this origin, so that the worker inherits this policy (src/db/browser.ts).
 * - img-src blob:: the PNG export draws the chart's SVG from a blob: URL onto a canvas.
 * - style-src 'self' without 'unsafe-inline': React sets style props through CSSOM, and the
 *   evidence pack's run-time @page rules go in a constructed style sheet (ui/documentCss.ts).
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
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
    // The sample CSVs stay files of this origin: a data: URL would need connect-src data:.
    assetsInlineLimit: (file: string) => (file.endsWith('.csv') ? false : undefined),
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
