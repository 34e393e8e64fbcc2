/**
 * A derived table of the model, declared once: its name, what it reads, the SELECT that makes it
 * and one line saying what it holds. model/catalog.ts collects every one; model/model.ts builds
 * them (`CREATE OR REPLACE TABLE name AS <sql>`) in the order their `reads` give.
 */
import { named, raw, sql, type Sql } from '../db/sql';
import type { Settings } from './settings';

/** What a table's SQL may depend on besides the data: the settings and the pseudonym key. */
export interface BuildContext {
  settings: Settings;
  pseudonymKey: string;
  /** The engine spills to disk (Connector.spillsToDisk): a table may choose a shape that can spill over one that is compact in memory. */
  spillsToDisk: boolean;
}

export interface ModelTable {
  name: string;
  /** The tables its SQL reads: other model tables (built first) and canonical tables or r_* views. */
  reads: readonly string[];
  /** One line for the catalog (docs/model-catalog.md). */
  doc: string;
  /** The SELECT whose result is the table. */
  select(ctx: BuildContext): Sql;
  /** The same rows built in short statements, for a build in the background (Model.buildInBackground). */
  slices?: Slices;
}

/** A table the slices of another share (Slices.prepare). */
export type SliceHelper = { name: string } & ({ select(ctx: BuildContext): Sql } | Pick<Slices, 'bounds' | 'slice'>);

/** One slice of a table: the keys from `lo` (inclusive) to `hi` (exclusive); the last also takes the rows with no key. */
export interface SliceRange {
  lo: number;
  hi: number;
  last: boolean;
}

/**
 * A table built slice by slice into a staging table, renamed when whole: each slice a short
 * statement, so that a build in the background gives way to the pages' statements between them
 * (issue 18: Data quality's first open after the import). The slices' rows together, in order,
 * are `select`'s rows in its order (tests compare them, slice boundaries inside a group included).
 */
export interface Slices {
  /** Whether to build in slices under this context (default: always); otherwise the background builds the table whole. */
  when?(ctx: BuildContext): boolean;
  /**
   * Tables the slices share, made in this order before the first slice, each by one statement
   * (`select`) or in slices of its own (`bounds` and `slice`), and dropped once the table is whole;
   * their names start with STAGING_PREFIX (a snapshot never carries them).
   */
  prepare?: readonly SliceHelper[];
  /** The slices' key ranges in the table's order: a query whose rows are { lo, hi } (numbers, hi exclusive), cheap to run. */
  bounds(ctx: BuildContext): Sql;
  /** The SELECT of one slice's rows (same columns and types as `select`). */
  slice(ctx: BuildContext, range: SliceRange): Sql;
  /**
   * A page that asks while the build is still making the shared tables (`prepare`) drops them and
   * builds the table whole (`select`): for a table whose one statement costs less than the rest of
   * its shared tables (recording_gaps). Otherwise the page finishes the slices left.
   */
  wholeBeforeLastStage?: boolean;
}

export interface TableDefinition {
  name: string;
  reads: readonly string[];
  doc: string;
  /** The SELECT: text, a fragment, or a function of the settings (shift patterns, thresholds…). */
  sql: string | Sql | ((ctx: BuildContext) => string | Sql);
  slices?: Slices;
}

const asSql = (s: string | Sql): Sql => (typeof s === 'string' ? raw(s) : s);

export function defineTable(def: TableDefinition): ModelTable {
  if (!/^[a-z_][a-z0-9_]*$/.test(def.name)) throw new Error(`"${def.name}" is not a table name.`);
  const body = def.sql;
  const table: ModelTable = { name: def.name, reads: def.reads, doc: def.doc, select: (ctx) => asSql(typeof body === 'function' ? body(ctx) : body) };
  if (def.slices) table.slices = def.slices;
  return table;
}

/** Build one table (its statement named `model.<table>`, so errors and timings say which). */
export function createStatement(table: ModelTable, ctx: BuildContext): Sql {
  return named(`model.${table.name}`, sql`CREATE OR REPLACE TABLE ${raw(table.name)} AS
${table.select(ctx)}`);
}
