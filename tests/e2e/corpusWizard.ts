/**
 * Corpus files dropped into the import wizard together: what a person expected of each
 * (expected.json beside them), and the drop itself, waiting for every card to be read and
 * checking its first proposal's kind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Journey } from './harness';

export function corpusSet(folder: string): { dir: string; files: string[]; kindOf: (file: string) => string } {
  const dir = path.resolve(import.meta.dirname, '../fixtures/corpus', folder);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { files: { file: string; kind: string }[] };
  return { dir, files: expected.files.map((f) => f.file), kindOf: (file) => expected.files.find((f) => f.file === file)!.kind };
}

/** Drop `files` on the wizard; each card, once read, proposes its expected kind. Returns the card locator. */
export async function dropAndCheckKinds(j: Journey, set: ReturnType<typeof corpusSet>, files: readonly string[]) {
  const { page } = j;
  await j.goto('/');
  await page.getByLabel('Import your files').setInputFiles(files.map((f) => path.join(set.dir, f)));
  const card = (file: string) => page.locator(`[data-testid="wizard-file"][data-file="${file}"]`);
  for (const file of files) {
    await expect.poll(() => card(file).getAttribute('data-status'), { timeout: 60_000 }).not.toBe('reading');
    await expect(card(file).getByTestId('kind-select').inputValue(), file).resolves.toBe(set.kindOf(file));
  }
  return card;
}
