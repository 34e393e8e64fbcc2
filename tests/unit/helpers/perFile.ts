/**
 * Run before every unit test file. Files share a worker (isolate: false), and the app times every
 * statement on the Performance timeline (src/timing.ts), which Node keeps until cleared: cleared
 * after each file, or a worker's heap fills with a whole run's marks and measures.
 *
 * Anything a file leaves reachable stays for the rest of the worker's files. To see what each file
 * leaves behind, `PBS_LENS_HEAP_LOG=/tmp/heap.txt NODE_OPTIONS=--expose-gc npx vitest run --project unit`
 * appends the worker's heap after each file (after a full collection when gc is exposed).
 */
import fs from 'node:fs';
import { afterAll, expect } from 'vitest';

afterAll(() => {
  performance.clearMarks();
  performance.clearMeasures();
  const log = process.env.PBS_LENS_HEAP_LOG;
  if (log) logHeap(log, expect.getState().testPath ?? '?');
});

function logHeap(log: string, file: string): void {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
  fs.appendFileSync(log, `worker ${process.pid}  heap ${mb(m.heapUsed)}  external ${mb(m.external)}  rss ${mb(m.rss)}  ${file}\n`);
}
