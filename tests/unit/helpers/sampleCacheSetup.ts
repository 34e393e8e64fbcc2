/**
 * Vitest global set-up for the unit and e2e projects: a folder, new for each run, where the first
 * test worker that needs a shared result (the sample service's snapshot, the sample's headless
 * report, the browser tests' Node results) keeps it for the others (helpers/keptForRun). Made afresh every run (and emptied before a
 * watch mode's rerun), so nothing kept outlives the code that made it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    sampleCacheDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-sample-'));
  project.provide('sampleCacheDir', dir);
  // Watch mode keeps the global set-up between reruns: emptied before each, so a rerun after an
  // edit never reads what the code before the edit made.
  project.onTestsRerun(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
  });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
