/**
 * The workbook reader must bundle for the browser: Vite resolves fflate's browser build, and the
 * reader with its inflater stays small (exceljs, which it replaced, was a ~0.9 MB chunk of its own).
 */
import { expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';

it('builds with Vite into a small bundle, with no exceljs or jszip in it', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-bundle-'));
  const xlsx = path.resolve(__dirname, '../../../src/ingest/xlsx.ts');
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./main.ts"></script>');
  fs.writeFileSync(path.join(root, 'main.ts'), `import { openWorkbook } from ${JSON.stringify(xlsx)};\n(window as any).openWorkbook = openWorkbook;\n`);
  try {
    await build({ root, configFile: false, logLevel: 'silent', build: { outDir: path.join(root, 'dist') } });
    const assets = fs.readdirSync(path.join(root, 'dist', 'assets')).filter((f) => f.endsWith('.js'));
    const code = assets.map((f) => fs.readFileSync(path.join(root, 'dist', 'assets', f), 'utf8')).join('\n');
    expect(code).toContain('sharedStrings'); // the reader is in it
    expect(code.length).toBeLessThan(60_000);
    expect(code).not.toMatch(/exceljs|JSZip/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 120_000);
