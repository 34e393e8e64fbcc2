/**
 * The SQL that judges a canonical CSV's rows: each canonical field parsed from its column (coded
 * fields looked up in the vocabulary), the row's `ok`, and the checks that spell out a bad row's
 * problems. Pure string building; canonical.ts runs it.
 */
import { STAGING_PREFIX } from '../../db/snapshot';
import { ident, literal } from '../../db/sql';
import { TABLES, type FieldSpec, type FileKind } from '../canonical';
import { sqlType } from '../schema';
import { EXPECTED } from '../mapped';
import { VOCABULARY_OF } from '../vocabularies';
import { sqlLookup, vocabularySpellings } from './lookupSql';
import type { RowRule } from '../plausible';
import { rowRuleChecks, ruleClauses } from './rules';

const isTyped = (field: FieldSpec) => field.type !== 'text' && field.type !== 'id';

/** The table a canonical file's rows are judged into: in the workspace (see canonicalJudgedSql), a staging table no snapshot lists. */
export const CANONICAL_JUDGED = `${STAGING_PREFIX}judged`;

/** The judged table's columns after the kind's own: dropped when it becomes the kind's table. */
export function judgingColumns(kind: FileKind): string[] {
  return ['_row', '_blank', 'ok', ...TABLES[kind].fields.filter(isTyped).map((f) => `raw__${f.name}`)];
}

/**
 * `CREATE … staging_judged` over `source` (read_csv of the file, header by name). Its columns begin as the
 * kind's table does — the parsed fields, `import_id`, `source_line` (the record's line when DuckDB
 * rejected no line) — so a clean first import can become that table without a copy (settle.ts,
 * adoptJudged); then `_row`, `_blank`, `ok` and `raw__<field>` for typed fields, the raw text kept
 * only on rows that are not ok (the checks read it). One scan, no joins (coded fields are MAP
 * lookups, lookupSql.ts). `byLower` maps a field name to the file's column.
 */
export function canonicalJudgedSql(kind: FileKind, byLower: Map<string, string>, rules: RowRule[], source: string, importId: number): string {
  const spec = TABLES[kind];
  const cleaned: string[] = [];
  const selects: string[] = [];
  const okParts: string[] = [];
  const rawNames: string[] = [];
  spec.fields.forEach((field) => {
    const column = byLower.get(field.name);
    // Each column trimmed once, below the parse that reads it (the parse may name it several times).
    const clean = ident(`t__${field.name}`);
    cleaned.push(`${column !== undefined ? cleanText(`s.${ident(column)}`) : 'NULL::VARCHAR'} AS ${clean}`);
    const coded = VOCABULARY_OF[field.type] !== undefined;
    const parsed = coded && column === undefined ? 'NULL' : canonicalParse(field, clean);
    selects.push(`CAST(${parsed} AS ${sqlType(field.type)}) AS ${ident(field.name)}`);
    if (isTyped(field)) {
      selects.push(`${clean} AS ${ident(`raw__${field.name}`)}`);
      rawNames.push(`raw__${field.name}`);
    }
    if (field.required) okParts.push(`${ident(field.name)} IS NOT NULL`);
    else if (isTyped(field)) okParts.push(`(${ident(`raw__${field.name}`)} IS NULL OR ${ident(field.name)} IS NOT NULL)`);
  });
  okParts.push(...ruleClauses(rules));
  // Only the columns read are taken from the file: it may carry thousands of others.
  const read = [...new Set(spec.fields.map((f) => byLower.get(f.name)).filter((c): c is string => c !== undefined))];
  const leading = [...spec.fields.map((f) => ident(f.name)), `${Math.trunc(importId)}::INTEGER AS import_id`, '(_row + 1)::INTEGER AS source_line'];
  const raws = rawNames.map((n) => `CASE WHEN NOT ok THEN ${ident(n)} END AS ${ident(n)}`);
  return `CREATE OR REPLACE TABLE ${CANONICAL_JUDGED} AS
    SELECT ${[...leading, '_row', '_blank', 'ok', ...raws].join(', ')} FROM (
      SELECT *, ${okParts.join(' AND ') || 'TRUE'} AS ok FROM (
        SELECT _row, false AS _blank, ${selects.join(', ')} FROM (
          SELECT s._row, ${cleaned.join(', ')}
          FROM (SELECT row_number() OVER ()::INTEGER AS _row, ${read.map(ident).join(', ')} FROM ${source}) s)))`;
}

/**
 * A cell's text as the loader reads it: trimmed, blank as NULL. DuckDB's trim strips spaces and the
 * other Unicode space separators (no-break, ideographic…; not tabs), walking the whole value. Two
 * cheap checks spare it where there is nothing to strip, exactly: an all-ASCII value (as many bytes
 * as characters) beginning with printable ASCII other than a space and not ending in a space (the
 * one ASCII character trim strips); else, as before, a value whose first and last characters are
 * printable ASCII other than a space. Every other value is trimmed. The first check reads a byte
 * count, a character count and a suffix where the second extracts the last character: at 5 M rota
 * rows × 9 columns it takes about half the CPU time (issue 18).
 */
export function cleanText(cell: string): string {
  const printableFirst = `ord(${cell}) BETWEEN 33 AND 126`;
  return (
    `nullif(CASE WHEN ${printableFirst} AND NOT suffix(${cell}, ' ') AND strlen(${cell}) = length(${cell}) THEN ${cell} ` +
    `WHEN ${printableFirst} AND ord(${cell}[-1]) BETWEEN 33 AND 126 THEN ${cell} ELSE trim(${cell}) END, '')`
  );
}

/** SQL turning the raw text expression `raw` into the field's canonical value, NULL when unreadable. */
function canonicalParse(field: FieldSpec, raw: string): string {
  const vocabulary = VOCABULARY_OF[field.type];
  const coded = vocabulary ? sqlLookup(vocabularySpellings(vocabulary), raw) : '';
  switch (field.type) {
    case 'timestamp':
      return `try_strptime(${raw}, ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M:%S.%f'])`;
    case 'date':
      return `try_strptime(${raw}, '%Y-%m-%d')::DATE`;
    case 'number':
    case 'minutes':
      return `TRY_CAST(${raw} AS DOUBLE)`;
    case 'integer':
      return `TRY_CAST(${raw} AS INTEGER)`;
    case 'ratio':
      return `CASE WHEN regexp_full_match(${raw}, '\\d+\\s*:\\s*\\d+') THEN replace(${raw}, ' ', '') END`;
    case 'boolean':
      return `TRY_CAST(${coded} AS BOOLEAN)`;
    case 'severity':
    case 'weekday':
      return `TRY_CAST(${coded} AS INTEGER)`;
    case 'contract':
    case 'status':
    case 'interventionType':
    case 'interventionReason':
      return coded;
    case 'id':
    case 'text':
      return raw;
  }
}

/** Struct expressions for each problem of a bad row: a required field missing, a value not read, a rule broken. */
export function canonicalChecks(kind: FileKind, rules: RowRule[]): string[] {
  const checks: string[] = [];
  for (const field of TABLES[kind].fields) {
    const raw = ident(isTyped(field) ? `raw__${field.name}` : field.name);
    const col = ident(field.name);
    if (field.required) {
      checks.push(`CASE WHEN ${raw} IS NULL THEN {'column': ${literal(field.name)}, 'value': NULL::VARCHAR, 'reason': ${literal(`${field.name} is missing`)}} END`);
    }
    if (isTyped(field)) {
      checks.push(
        `CASE WHEN ${raw} IS NOT NULL AND ${col} IS NULL THEN {'column': ${literal(field.name)}, 'value': ${raw}, 'reason': ${literal(`not ${EXPECTED[field.type]}`)}} END`,
      );
    }
  }
  return [...checks, ...rowRuleChecks(kind, rules)];
}
