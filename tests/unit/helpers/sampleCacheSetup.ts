/**
 * Vitest global set-up for the unit project: a folder, new for each run, where the first test
 * worker that needs the sample service keeps its snapshot for the others (helpers/sampleService).
 * Made afresh every run, so a snapshot never outlives the code that built it.
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
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
