/**
 * Several small result sets from one statement (one round trip to the database worker): each
 * is one row of lists, a list per column, made by one aggregate over the same rows, so that
 * position i of every list is row i. Lists travel as a few buffers; a struct or a row per result
 * would cost far more to hand back. The parts of a statement stand side by side in POSITIONAL
 * JOINs: a cross join of many one-row parts spends most of its time in DuckDB's join ordering.
 *
 * A numeric list arrives as a typed array in which NULL has no place (it reads as 0 or noise)
 * and BIGINT bits are misread: numbers therefore travel as DOUBLE with NaN for NULL (num()),
 * and are read back with numbers().
 */
import { raw, sql, type Sql } from '../db/sql';

/** A numeric SQL value for a list: DOUBLE, NaN standing for NULL. */
export const num = (sql: string) => `coalesce((${sql})::DOUBLE, 'NaN'::DOUBLE)`;

/** A list made of num() values as plain numbers, NaN back to null (no list: empty). */
export function numbers(value: unknown): (number | null)[] {
  if (value === null || value === undefined) return [];
  return Array.from(value as ArrayLike<number>, (x) => (Number.isNaN(x) ? null : x));
}

/** name, SQL, and whether the value is a number (else text or boolean). */
export type Fields = readonly (readonly [name: string, sql: string, kind?: 'number'])[];

/** `list(<sql>) AS "<prefix>_<name>"` for every field. */
export const listColumns = (prefix: string, fields: Fields) =>
  fields.map(([name, sql, kind]) => `list(${kind === 'number' ? num(sql) : sql}) AS "${prefix}_${name}"`).join(', ');

/**
 * The first `limit` rows of `from` in `orderBy` order, each with its `rank` (1, 2, …) and the
 * number of rows there were in all (`total`). Lists keep no order, so the rows are put back in
 * rank order on arrival (rowsOf with a rank field): one sort in SQL instead of one per list.
 */
export const firstRowsSql = (from: Sql, orderBy: string, limit: number): Sql =>
  sql`(SELECT *, row_number() OVER (ORDER BY ${raw(orderBy)}) AS rank, count(*) OVER () AS total FROM ${from} QUALIFY rank <= ${raw(String(limit))})`;

/** firstRowsSql as text, for a statement written as text (its `from` holds no values). */
export const firstRows = (from: string, orderBy: string, limit: number): string => firstRowsSql(raw(from), orderBy, limit).text;

/** The rank and total columns of a firstRows part. */
export const RANKED: Fields = [['rank', 'rank', 'number'], ['total', 'total', 'number']];

/** The rows of a listColumns part of `row` as objects named by `fields` (no rows: empty). */
export function rowsOf<T>(row: Record<string, unknown>, prefix: string, fields: Fields): T[] {
  const columns = fields.map(([name, , kind]) => {
    const value = row[`${prefix}_${name}`];
    return kind === 'number' ? numbers(value) : ((value as unknown[] | null) ?? []);
  });
  return Array.from(columns[0] ?? [], (_, i) => Object.fromEntries(fields.map(([name], j) => [name, columns[j]![i] ?? null])) as T);
}

/** The rows of a firstRows part in rank order without their rank and total, and the total. */
export function rankedRowsOf<T>(row: Record<string, unknown>, prefix: string, fields: Fields): { rows: T[]; total: number } {
  const rows = rowsOf<T & { rank: number; total: number }>(row, prefix, [...fields, ...RANKED]).sort((a, b) => a.rank - b.rank);
  return { rows: rows.map(({ rank: _r, total: _t, ...x }) => x as unknown as T), total: rows[0]?.total ?? 0 };
}
