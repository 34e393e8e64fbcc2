/**
 * The SQL that judges a canonical CSV's rows: each canonical field parsed from its column (coded
 * fields looked up in the vocabulary), the row's `ok`, and the checks that spell out a bad row's
 * problems. Pure string building; canonical.ts runs it.
 */
import { ident, literal } from '../../db/sql';
import { TABLES, type FieldSpec, type FileKind } from '../canonical';
import { EXPECTED } from '../mapped';
import { VOCABULARY_OF } from '../vocabularies';
import { sqlLookup, vocabularySpellings } from './lookupSql';
import type { RowRule } from '../plausible';
import { rowRuleChecks, ruleClauses } from './rules';

const isTyped = (field: FieldSpec) => field.type !== 'text' && field.type !== 'id';

/**
 * `CREATE … judged` over `source` (read_csv of the file, header by name): `_row`, the parsed
 * fields, `raw__<field>` for typed ones, and `ok`. `byLower` maps a field name to the file's column.
 * One scan, no joins (coded fields are CASE lookups, lookupSql.ts); the raw text is kept only for
 * the rows that are not ok (the checks read it), so a clean file stores its parsed values alone.
 */
export function canonicalJudgedSql(kind: FileKind, byLower: Map<string, string>, rules: RowRule[], source: string): string {
  const spec = TABLES[kind];
  const selects: string[] = [];
  const okParts: string[] = [];
  const rawNames: string[] = [];
  spec.fields.forEach((field) => {
    const column = byLower.get(field.name);
    const raw = column !== undefined ? `nullif(trim(s.${ident(column)}), '')` : 'NULL::VARCHAR';
    const coded = VOCABULARY_OF[field.type] !== undefined;
    const parsed = coded && column === undefined ? 'NULL' : canonicalParse(field, raw);
    selects.push(`${parsed} AS ${ident(field.name)}`);
    if (isTyped(field)) {
      selects.push(`${raw} AS ${ident(`raw__${field.name}`)}`);
      rawNames.push(`raw__${field.name}`);
    }
    if (field.required) okParts.push(`${ident(field.name)} IS NOT NULL`);
    else if (isTyped(field)) okParts.push(`(${ident(`raw__${field.name}`)} IS NULL OR ${ident(field.name)} IS NOT NULL)`);
  });
  okParts.push(...ruleClauses(rules));
  // Only the columns read are taken from the file: it may carry thousands of others.
  const read = [...new Set(spec.fields.map((f) => byLower.get(f.name)).filter((c): c is string => c !== undefined))];
  return `CREATE OR REPLACE TEMP TABLE judged AS
    SELECT * ${rawOnlyWhenBad(rawNames)} FROM (
      SELECT *, ${okParts.join(' AND ') || 'TRUE'} AS ok FROM (
        SELECT s._row, false AS _blank, ${selects.join(', ')}
        FROM (SELECT row_number() OVER ()::INTEGER AS _row, ${read.map(ident).join(', ')} FROM ${source}) s))`;
}

/** A REPLACE clause keeping the raw text columns `names` on bad rows only (NULL where `ok`). */
export function rawOnlyWhenBad(names: string[]): string {
  return names.length ? `REPLACE (${names.map((n) => `CASE WHEN NOT ok THEN ${ident(n)} END AS ${ident(n)}`).join(', ')})` : '';
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
