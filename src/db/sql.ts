/**
 * The one way PBS Lens writes SQL with values in it: the `sql` tagged template.
 *
 *   const where = sql`p.date >= ${from}::DATE`;
 *   const q = named('staffing.counts', sql`SELECT count(*) AS n FROM ${table('person_periods')} p WHERE ${where}`);
 *   const rows = await runQuery<{ n: number }>(db, q);
 *
 * A value interpolated into the template becomes a `?` parameter (one exception: Sql.inlined, what
 * Model.query sends, writes the values in through literalOf, for speed); a fragment interpolated into
 * another splices in its text and carries its parameters along in order, so nobody orders
 * parameters by hand. `table(name)` marks the model tables a query reads, so whoever runs it can
 * make sure they are built first. `named` puts the definition's name in a leading SQL comment:
 * errors and timings say which definition they came from. Identifiers from file headers go in
 * through `id()`; trusted text the app makes itself through `raw()`.
 */
import type { Connector, SqlParam } from './connector';

type Part = string | Sql | Param;

class Param {
  constructor(readonly value: SqlParam) {}
}

export class Sql {
  /** The name given by `named` (shown in errors and timings). */
  readonly name: string | null;
  private readonly parts: readonly Part[];

  constructor(parts: readonly Part[], name: string | null = null) {
    this.parts = parts;
    this.name = name;
  }

  /** The statement text with `?` placeholders, behind its name as a comment when it has one. */
  get text(): string {
    const body = this.parts.map((p) => (typeof p === 'string' ? p : p instanceof Param ? '?' : p.text)).join('');
    return this.name ? `-- ${this.name}\n${body}` : body;
  }

  /**
   * The statement with each value written in as a literal (literalOf), and no parameters: what
   * the model's queries send. duckdb-wasm plans a statement with parameters twice (once when it
   * is prepared, again when it runs with the values' types) and asks the database worker three
   * times (prepare, run, close); with the values written in, once each. The values are still
   * never spliced in by hand: `literalOf` quotes every string and writes a number as the DOUBLE
   * duckdb-wasm binds it as (a test compares every kind of value both ways). Only Model.query sends this (a test checks no other module does); an
   * error from it is said without DuckDB's excerpt of the statement (withoutExcerpt), which would
   * show the values.
   */
  get inlined(): Sql {
    // Statement text reaches the worker as a C string, which a NUL would end: such a value stays a parameter.
    if (this.params.some((p) => typeof p === 'string' && p.includes('\0'))) return this;
    const body = this.parts.map((p) => (typeof p === 'string' ? p : p instanceof Param ? literalOf(p.value) : p.inlined.text)).join('');
    return new Sql([body], this.name);
  }

  /** The parameters, in the order their placeholders appear. */
  get params(): SqlParam[] {
    return this.parts.flatMap((p) => (typeof p === 'string' ? [] : p instanceof Param ? [p.value] : p.params));
  }

  /** The model tables this statement reads (marked with `table()`), nested fragments included. */
  get tables(): string[] {
    const found = new Set<string>();
    for (const p of this.parts) {
      if (p instanceof TableRef) found.add(p.table);
      else if (p instanceof Sql) p.tables.forEach((t) => found.add(t));
    }
    return [...found];
  }
}

/** A model table read by a query: its name as SQL text, remembered as a dependency. */
class TableRef extends Sql {
  constructor(readonly table: string) {
    super([table]);
  }

  override get tables(): string[] {
    return [this.table];
  }
}

/**
 * A parameter's value as a literal: a number as the DOUBLE duckdb-wasm binds it as (it JSON-encodes
 * values); a string and NULL untyped, as a bound parameter is, so they compare with a DATE, a
 * TIMESTAMP or a number as a bound one would (a VARCHAR-typed literal cannot).
 */
function literalOf(value: SqlParam): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Its JSON text, as the worker reads it (-0 is 0 there).
  if (typeof value === 'number') return `CAST('${JSON.stringify(value)}' AS DOUBLE)`;
  return literal(value);
}

/**
 * An error from a statement with its values written in (Sql.inlined), without DuckDB's excerpt of
 * the statement ("LINE 2: … WHERE person_id = 'P-…' …"): an error is shown on the page and may go
 * into an evidence pack, and with bound parameters the excerpt held only "?".
 */
export function withoutExcerpt(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const cut = (text: string) => text.replace(/\n*LINE \d+:[\s\S]*$/, '');
  const message = cut(e.message);
  if (message === e.message) return e;
  if (e.stack) e.stack = e.stack.replace(e.message, message);
  e.message = message;
  return e;
}

/** Values a template accepts: a parameter value or a fragment (undefined is a bug, not NULL). */
export type SqlValue = SqlParam | Sql;

function toPart(value: SqlValue): Part {
  if (value instanceof Sql) return value;
  if (value === undefined) throw new Error('An SQL template got undefined; pass null for NULL.');
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`An SQL template got ${value}; pass a finite number or null.`);
  if (typeof value === 'object' && value !== null) throw new Error('An SQL template got an object; only strings, numbers, booleans, null and sql fragments go in.');
  return new Param(value);
}

/** The tagged template: values become parameters, fragments splice in with theirs. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i < values.length) parts.push(toPart(values[i]!));
  });
  return new Sql(parts);
}

/** Text the app wrote itself (a constant, a vetted column list). Never a value from data. */
export function raw(text: string): Sql {
  return new Sql([text]);
}

/** A quoted identifier as a fragment (a column or table name that may come from a file header). */
export function id(name: string): Sql {
  return raw(ident(name));
}

/** A model table the query reads; `Sql.tables` lists it. */
export function table(name: string): Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a model table name.`);
  return new TableRef(name);
}

/** Fragments joined by a separator (e.g. conditions by ' AND ', columns by ', '). */
export function join(fragments: readonly Sql[], separator: string): Sql {
  const parts: Part[] = [];
  fragments.forEach((f, i) => {
    if (i > 0) parts.push(separator);
    parts.push(f);
  });
  return new Sql(parts);
}

/** Conditions joined by AND; none is TRUE. */
export function and(conditions: readonly Sql[]): Sql {
  return conditions.length === 0 ? raw('TRUE') : join(conditions, ' AND ');
}

/** The statement under a name: a leading `-- name` comment, and the name in its errors. */
export function named(name: string, statement: Sql): Sql {
  if (!/^[\w.:-]+$/.test(name)) throw new Error(`"${name}" is not a query name (letters, digits, . : - _).`);
  return new Sql([statement], name);
}

/** Run a statement; a failure says which named definition it came from. */
export async function runQuery<T>(db: Connector, statement: Sql): Promise<T[]> {
  try {
    return await db.query<T>(statement.text, statement.params);
  } catch (error) {
    if (!statement.name || !(error instanceof Error)) throw error;
    throw new Error(`${statement.name}: ${error.message}`, { cause: error });
  }
}

/** Quote an identifier (column or table name that may come from a file header). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal. For values the app makes itself (e.g. registered file names), and Sql.inlined's (literalOf). */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
