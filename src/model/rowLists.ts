/**
 * Several small result sets from one statement (one round trip to the database worker): each
 * is one row of lists, a list per column, made by one aggregate over the same rows, so that
 * position i of every list is row i (with ORDER BY, the order must be unique). Lists travel as
 * a few buffers; a struct or a row per result would cost far more to hand back.
 *
 * A numeric list arrives as a typed array in which NULL has no place (it reads as 0 or noise)
 * and BIGINT bits are misread: numbers therefore travel as DOUBLE with NaN for NULL (num()),
 * and are read back with numbers().
 */

/** A numeric SQL value for a list: DOUBLE, NaN standing for NULL. */
export const num = (sql: string) => `coalesce((${sql})::DOUBLE, 'NaN'::DOUBLE)`;

/** A list made of num() values as plain numbers, NaN back to null (no list: empty). */
export function numbers(value: unknown): (number | null)[] {
  if (value === null || value === undefined) return [];
  return Array.from(value as ArrayLike<number>, (x) => (Number.isNaN(x) ? null : x));
}

/** name, SQL, and whether the value is a number (else text or boolean). */
export type Fields = readonly (readonly [name: string, sql: string, kind?: 'number'])[];

/** `list(<sql> ORDER BY …) FILTER (WHERE …) AS "<prefix>_<name>"` for every field. */
export const listColumns = (prefix: string, fields: Fields, orderBy?: string, filter?: string) =>
  fields
    .map(([name, sql, kind]) => {
      const value = kind === 'number' ? num(sql) : sql;
      return `list(${value}${orderBy ? ` ORDER BY ${orderBy}` : ''})${filter ? ` FILTER (WHERE ${filter})` : ''} AS "${prefix}_${name}"`;
    })
    .join(', ');

/** The rows of a listColumns part of `row` as objects named by `fields` (no rows: empty). */
export function rowsOf<T>(row: Record<string, unknown>, prefix: string, fields: Fields): T[] {
  const columns = fields.map(([name, , kind]) => {
    const value = row[`${prefix}_${name}`];
    return kind === 'number' ? numbers(value) : ((value as unknown[] | null) ?? []);
  });
  return Array.from(columns[0] ?? [], (_, i) => Object.fromEntries(fields.map(([name], j) => [name, columns[j]![i] ?? null])) as T);
}
