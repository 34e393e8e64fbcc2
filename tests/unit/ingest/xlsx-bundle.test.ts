/**
 * exceljs must bundle for the browser: Vite resolves its browser build, and xlsx.ts imports it
 * on demand so it lands in its own chunk, fetched only when a workbook is dropped.
 */
import { expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';

it('builds with Vite into a separate exceljs chunk', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-bundle-'));
  const xlsx = path.resolve(__dirname, '../../../src/ingest/xlsx.ts');
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./main.ts"></script>');
  fs.writeFileSync(path.join(root, 'main.ts'), `import { openWorkbook } from ${JSON.stringify(xlsx)};\n(window as any).openWorkbook = openWorkbook;\n`);
  try {
    await build({ root, configFile: false, logLevel: 'silent', build: { outDir: path.join(root, 'dist'), chunkSizeWarningLimit: 5000 } });
    const assets = fs.readdirSync(path.join(root, 'dist', 'assets')).filter((f) => f.endsWith('.js'));
    const sizes = assets.map((f) => fs.statSync(path.join(root, 'dist', 'assets', f)).size).sort((a, b) => a - b);
    // The entry stays small; the library (~0.9 MB minified) is a chunk of its own.
    expect(assets.length).toBeGreaterThanOrEqual(2);
    expect(sizes[0]).toBeLessThan(20_000);
    expect(sizes.at(-1)).toBeGreaterThan(500_000);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 120_000);
