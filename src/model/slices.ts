/**
 * Slices of a table built in the background (model/table.ts `Slices`): ranges of dates, as days
 * since 1970-01-01, or of an integer key, and the conditions that pick a range's rows.
 */
import { raw, type Sql } from '../db/sql';
import type { SliceRange } from './table';

/** A whole number for SQL text (the slices' bounds come from the database: never a string). */
const whole = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`A slice bound must be a whole number, not ${n}.`);
  return String(n);
};

/**
 * Ranges of days covering the dates of `column` in `from`, each about `perSlice` rows if the rows
 * were spread evenly over the days (at least one day a range), first to last.
 */
export function dateSlices(from: string, column: string, perSlice: number): Sql {
  return raw(`
WITH b AS (SELECT min(${column})::DATE - DATE '1970-01-01' AS first, max(${column})::DATE - DATE '1970-01-01' + 1 AS stop, count(${column}) AS n FROM ${from}),
s AS (SELECT first, stop, greatest(1, ceil((stop - first) * ${whole(perSlice)} / n))::BIGINT AS step FROM b WHERE n > 0)
SELECT lo::DOUBLE AS lo, least(lo + step, stop)::DOUBLE AS hi FROM (SELECT unnest(range(first, stop, step)) AS lo, step, stop FROM s) ORDER BY lo`);
}

/** The rows of `column` (a date or timestamp) in the range's days; the last range also takes those with none. */
export function inDays(column: string, range: SliceRange): string {
  const within = `(${column} >= DATE '1970-01-01' + ${whole(range.lo)} AND ${column} < DATE '1970-01-01' + ${whole(range.hi)})`;
  return range.last ? `(${within} OR ${column} IS NULL)` : within;
}

/** Ranges of the integer `column` of `from`, each `perSlice` keys wide, first to last. */
export function keySlices(from: string, column: string, perSlice: number): Sql {
  return raw(`
SELECT lo::DOUBLE AS lo, least(lo + ${whole(perSlice)}, stop)::DOUBLE AS hi
FROM (SELECT unnest(range(first, stop, ${whole(perSlice)})) AS lo, stop FROM (SELECT min(${column}) AS first, max(${column}) + 1 AS stop FROM ${from} WHERE ${column} IS NOT NULL))
ORDER BY lo`);
}

/** The rows of the integer `column` in the range; the last range also takes those with none. */
export function inKeys(column: string, range: SliceRange): string {
  const within = `(${column} >= ${whole(range.lo)} AND ${column} < ${whole(range.hi)})`;
  return range.last ? `(${within} OR ${column} IS NULL)` : within;
}
