/**
 * Named timings on the standard Performance timeline (`performance.measure`), the same in the
 * browser and in Node. They cost nothing noticeable, leave the page with nothing, and let the
 * benchmark (src/cli/benchBrowser.ts) read how long the real app spent on each step —
 * `duckdb instantiate`, `import <file>`, `keep <file>`, `exposure build` — instead of guessing
 * from the outside.
 */
/** One named span from `start` (a performance.now() taken earlier) to now. */
export function measureSince(name: string, start: number): void {
  try {
    performance.measure(name, { start, end: performance.now() });
  } catch {
    // A timeline that refuses the entry (a very old browser) only loses the number.
  }
}

export async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    measureSince(name, start);
  }
}
