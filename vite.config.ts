import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorkerSource } from './src/offline/serviceWorker';
import { snapshotPlugin } from './scripts/snapshotPlugin';
import { appCssPlugin } from './scripts/appCssPlugin';
import { duckdbWorkerPatch } from './scripts/duckdbWorkerPatch';

/**
 * The built app may load and talk to its own origin only. Delivered as a <meta> tag so it holds
 * on any static host; a meta policy cannot carry frame-ancestors (see README, Privacy and
 * security). The dev server is left without it: React refresh needs an inline script.
 *
 * - 'wasm-unsafe-eval': compiling DuckDB's wasm, nothing else; no 'unsafe-eval'.
 * - worker-src blob:: the DuckDB worker boots from a blob: script that imports the worker file
 *   from this origin, so that the worker inherits this policy (src/db/browser.ts).
 * - img-src blob:: the PNG export draws the chart's SVG from a blob: URL onto a canvas.
 * - manifest-src 'self': the web app manifest (installing the app).
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
  "manifest-src 'self'",
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

/** Files of public/, as the site serves them (copied into dist/ beside the bundle). */
function publicFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? publicFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/**
 * Offline and installable: sw.js with this build's every file (index.html, chunks, the DuckDB
 * wasm and worker, the sample files, public/), named by a hash of their names (which carry their
 * contents' hashes), and a link to the web app manifest (public/manifest.webmanifest).
 */
function offline(): Plugin {
  return {
    name: 'pbs-lens-offline',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' }, injectTo: 'head' }],
    generateBundle(_options, bundle) {
      const shipped = ['index.html', ...Object.keys(bundle), ...publicFiles(path.resolve(import.meta.dirname, 'public'))];
      const files = [...new Set(shipped)].filter((f) => f !== 'sw.js' && !f.endsWith('.map')).sort();
      const buildId = createHash('sha256').update(files.join('\n')).update(fs.readFileSync(path.resolve(import.meta.dirname, 'src/offline/serviceWorker.ts'))).digest('hex').slice(0, 12);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(files, buildId) });
    },
  };
}

// The app is served entirely from its own origin: DuckDB's wasm and worker are bundled as
// assets (imported with ?url in src/db/browser.ts), never fetched from a CDN.
export default defineConfig({
  plugins: [duckdbWorkerPatch(import.meta.dirname), react(), contentSecurityPolicy(), offline(), snapshotPlugin(), appCssPlugin(import.meta.dirname)],
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
