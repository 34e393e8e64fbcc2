/**
 * A guard on the source: the ways text could become markup, code or a request are not used, and
 * the few network-shaped calls the app does make stay where they are (same-origin sample files,
 * the DuckDB worker). The browser tests check the behaviour; this catches a new sink on review.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', '..', '..', 'src');
const files = (fs.readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => /\.(ts|tsx)$/.test(f))
  .map((f) => ({ file: f.split(path.sep).join('/'), text: fs.readFileSync(path.join(SRC, f), 'utf8') }));

/** Where each pattern appears (file names relative to src/). */
const where = (pattern: RegExp) => files.filter((f) => pattern.test(f.text)).map((f) => f.file);

describe('sinks in the source', () => {
  test('there is source to check', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  test('no HTML from strings: innerHTML, outerHTML, insertAdjacentHTML, document.write, dangerouslySetInnerHTML', () => {
    expect(where(/\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|dangerouslySetInnerHTML|createContextualFragment/)).toEqual([]);
  });

  test('values written into SQL text (Sql.inlined) only by Model.query; literalOf stays inside db/sql.ts', () => {
    expect(where(/\.inlined\b/)).toEqual(['db/sql.ts', 'model/model.ts']);
    expect(where(/\bliteralOf\b/)).toEqual(['db/sql.ts']);
  });

  test('no code from strings: eval, new Function, string timers', () => {
    expect(where(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(\s*['"`]|set(Timeout|Interval)\s*\(\s*['"`]/)).toEqual([]);
  });

  test('no inline styles the policy would refuse: <style> elements, style attributes set as markup', () => {
    expect(where(/<style[\s>]|createElement\(\s*['"]style['"]\s*\)|setAttribute\(\s*['"]style['"]/)).toEqual([]);
  });

  test('requests only where expected: same-origin sample files, the service worker (this origin only) and the DuckDB worker with its wasm (the app\'s own build)', () => {
    expect(where(/\bfetch\s*\(/)).toEqual(['offline/serviceWorker.ts', 'ui/sample.ts']);
    // The DuckDB worker's boot code fetches the wasm (a URL of this build, resolved against the page) through self.fetch.
    expect(where(/\bself\.fetch\b/)).toEqual(['db/worker.ts']);
    expect(where(/new (Shared)?Worker\s*\(/)).toEqual(['db/worker.ts']);
    expect(where(/XMLHttpRequest|new WebSocket|EventSource|sendBeacon|importScripts\s*\(\s*['"]http/)).toEqual([]);
  });
});
