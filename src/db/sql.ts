/** Small helpers for building SQL safely: identifiers are quoted, values go in as parameters. */

/** Quote an identifier (column or table name that may come from a file header). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal. Only for values the app makes itself (e.g. registered file names). */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Filters as SQL: a WHERE fragment and its parameters, for a table with `date`, `unit` and
 * `person_id` columns. Every value is a parameter.
 */
export interface Fragment {
  sql: string;
  params: (string | number | boolean | null)[];
}
