/**
 * How many cases a property-based (fuzz) test runs. By default at most QUICK_RUNS, so `npm test`
 * stays quick; PBS_LENS_FUZZ_RUNS=full runs each test's full count, and a number runs that many.
 */
export const QUICK_RUNS = 50;

export function fuzzRuns(full: number): number {
  const asked = process.env.PBS_LENS_FUZZ_RUNS?.trim();
  if (asked === 'full') return full;
  if (asked && /^\d+$/.test(asked) && Number(asked) > 0) return Number(asked);
  return Math.min(full, QUICK_RUNS);
}

/**
 * A count the full run must exceed, scaled to the runs actually made (rounded down), so a quick
 * run asks the same share of its cases: `scaled(50, 400, runs)` is 50 at 400 runs, 6 at 50.
 */
export function scaled(countAtFull: number, full: number, runs: number): number {
  return Math.floor((countAtFull * runs) / full);
}
