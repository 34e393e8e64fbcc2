/**
 * Work the same in every test file (the sample imported, the headless report of the sample) done
 * once per run: the first worker to need it keeps the result in the run's folder
 * (sampleCacheSetup); the others read it back. Results are kept with v8 serialisation, so NaN,
 * undefined and dates come back as they were, and every call gets its own copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { threadId } from 'node:worker_threads';
import { inject } from 'vitest';

/** The result of `compute`, computed once per run under `name` (each worker computes it at most once). */
export function keptForRun<T>(name: string, compute: () => Promise<T>): () => Promise<T> {
  let kept: Promise<Buffer> | null = null;
  const once = async (): Promise<Buffer> => {
    const dir = inject('sampleCacheDir');
    const file = dir ? path.join(dir, name) : null;
    if (file && fs.existsSync(file)) return fs.readFileSync(file);
    const bytes = v8.serialize(await compute());
    if (file) {
      // Written whole, then renamed: a worker reading meanwhile never sees half of it.
      const part = `${file}.${process.pid}.${threadId}`; // threads of one process share its pid
      fs.writeFileSync(part, bytes);
      fs.renameSync(part, file);
    }
    return bytes;
  };
  return async () => v8.deserialize(await (kept ??= once())) as T;
}
