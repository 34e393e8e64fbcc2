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
}

export interface TableDefinition {
  name: string;
  reads: readonly string[];
  doc: string;
  /** The SELECT: text, a fragment, or a function of the settings (shift patterns, thresholds…). */
  sql: string | Sql | ((ctx: BuildContext) => string | Sql);
}

const asSql = (s: string | Sql): Sql => (typeof s === 'string' ? raw(s) : s);

export function defineTable(def: TableDefinition): ModelTable {
  if (!/^[a-z_][a-z0-9_]*$/.test(def.name)) throw new Error(`"${def.name}" is not a table name.`);
  const body = def.sql;
  return { name: def.name, reads: def.reads, doc: def.doc, select: (ctx) => asSql(typeof body === 'function' ? body(ctx) : body) };
}

/** Build one table (its statement named `model.<table>`, so errors and timings say which). */
export function createStatement(table: ModelTable, ctx: BuildContext): Sql {
  return named(`model.${table.name}`, sql`CREATE OR REPLACE TABLE ${raw(table.name)} AS
${table.select(ctx)}`);
}
