/**
 * A mapping (mapping.ts) as SQL: for each canonical field, the expression that reads it from the
 * raw text columns of a vendor export, mirroring `applyMapping` (the JS reference) value for value.
 * Coded values are looked up in a per-import table (the vocabulary with the user's answers layered
 * over it), constants come from a parameter-filled table: no value from a file or a user is ever
 * pasted into SQL text.
 */
import type { Connector } from '../db/connector';
import { ident, literal } from '../db/sql';
import { TABLES, type FieldSpec, type FieldType, type FileKind } from './canonical';
import { describeFormat, sqlCombineDateTime, sqlNextDayIfBefore, sqlParseDate, sqlParseTimestamp, type DateFormat } from './dates';
import type { FieldMapping, Mapping } from './mapping';
import { sqlType } from './schema';
import { lookup, normaliseTerm, sqlNormaliseTerm, VOCABULARY_OF, VOCABULARY_OUTPUTS, type VocabularyName } from './vocabularies';
import { POSITION_CODES, UNPLACED_RESTRAINT } from './mhsds';

/** Canonical formats, used when a mapping gives none. */
export const ISO_TIMESTAMP: DateFormat = {
  kind: 'pattern',
  patterns: ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d'],
};
export const ISO_DATE: DateFormat = { kind: 'pattern', patterns: ['%Y-%m-%d'] };
export const ISO_TIME: DateFormat = { kind: 'pattern', patterns: ['%H:%M:%S', '%H:%M'] };


/** What a raw value must look like, in words for the reject reason. */
export const EXPECTED: Record<FieldType, string> = {
  id: 'an identifier',
  text: 'text',
  ratio: 'a staffing ratio such as 1:1 or 2:1',
  contract: 'permanent, bank or agency',
  status: 'worked, planned, cancelled, unfilled or sickness',
  interventionType: 'an MHSDS restrictive intervention type code (01, 04–17) or its label, or PRN',
  interventionReason: 'an MHSDS restrictive intervention reason code (10–19, 98, 99)',
  timestamp: 'a date and time as YYYY-MM-DD HH:MM[:SS]',
  date: 'a date as YYYY-MM-DD',
  number: 'a number',
  minutes: 'a length of time (45, 45 mins, 1h 05m, 00:45)',
  integer: 'a whole number',
  severity: 'a severity 1–5 or a harm grade (no harm, low, moderate, severe, death)',
  weekday: 'a weekday (Mon–Sun or 1–7)',
  boolean: 'yes or no',
};

/**
 * The fields that say which real-world row a row is, for exports without ids: an overlapping
 * later export repeats them even when other columns (a status, a category) were updated since.
 */
const CONTENT_KEY_FIELDS: Partial<Record<FileKind, string[]>> = {
  incidents: ['person_id', 'occurred_at', 'unit'],
  shifts: ['staff_id', 'unit', 'start', 'end'],
  people: ['name', 'unit', 'admitted'],
};

/** Whitespace JS's String.prototype.trim removes; DuckDB's trim() alone removes only spaces. */
const WHITESPACE = ' \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
/**
 * The raw text of a cell, trimmed as JS trims, NULL when blank. Trimming with a character set is
 * slow in DuckDB, so it runs only for values that start or end with something other than
 * printable ASCII (checked on the first and last character; `x[-1]` reads the last one where
 * `right(x, 1)` walks the whole value).
 */
export const sqlTrimmed = (expr: string) =>
  `nullif(CASE WHEN ord(${expr}) BETWEEN 33 AND 126 AND ord(${expr}[-1]) BETWEEN 33 AND 126 THEN ${expr} ELSE trim(${expr}, ${literal(WHITESPACE)}) END, '')`;

/**
 * SQL over many raw cells at once (a vendor export may carry thousands of unmapped columns, and
 * an expression per cell made DuckDB's planner run out of memory): whether all are blank, and the
 * filled ones, trimmed, joined by `separator` (NULL when none is filled).
 */
export const sqlAllBlank = (exprs: string[]) => (exprs.length ? `coalesce(trim(concat(${exprs.join(', ')}), ${literal(WHITESPACE)}), '') = ''` : 'true');
export const sqlFilledJoined = (exprs: string[], separator: string) =>
  exprs.length
    ? `nullif(array_to_string(list_transform(list_filter([${exprs.join(', ')}], x -> trim(x, ${literal(WHITESPACE)}) <> ''), x -> trim(x, ${literal(WHITESPACE)})), ${literal(separator)}), '')`
    : 'NULL::VARCHAR';

/** JS parseNumber in SQL: "12", "12.5", "1,200", "12 mins" → a number; NULL otherwise. */
export function sqlParseNumber(expr: string): string {
  return `TRY_CAST(nullif(regexp_extract(replace(${expr}, ',', ''), '^(-?\\d+(?:\\.\\d+)?)\\s*(?:m|mins?|minutes?)?$', 1, 'i'), '') AS DOUBLE)`;
}

/**
 * JS parseMinutes in SQL: "45", "45 mins", "1h 05m", "1.5 hours", "00:45" (h:mm) → minutes; NULL
 * otherwise.
 */
export function sqlParseMinutes(expr: string): string {
  const t = `lower(trim(replace(${expr}, ',', '')))`;
  const spelt = `'^(?:(\\d+(?:\\.\\d+)?)\\s*h(?:rs?|ours?)?)?\\s*(?:(\\d+)\\s*m(?:ins?|inutes?)?)?$'`;
  return `coalesce(${sqlParseNumber(expr)},
    CASE WHEN regexp_full_match(${t}, '\\d{1,3}:[0-5]\\d') THEN CAST(split_part(${t}, ':', 1) AS DOUBLE) * 60 + CAST(split_part(${t}, ':', 2) AS DOUBLE) END,
    CASE WHEN regexp_full_match(${t}, '\\d.*') AND regexp_full_match(${t}, ${spelt}) AND regexp_matches(${t}, '[hm]')
      THEN coalesce(TRY_CAST(nullif(regexp_extract(${t}, ${spelt}, 1), '') AS DOUBLE), 0) * 60 + coalesce(TRY_CAST(nullif(regexp_extract(${t}, ${spelt}, 2), '') AS DOUBLE), 0) END)`;
}

/** A lookup the load needs: a coded column's values (with the user's answers) → canonical values. */
export interface Lookup {
  target: string;
  vocabulary: VocabularyName;
  overrides?: Record<string, string>;
}

/** The per-import tables the SQL refers to: `field_vocab` (lookups) and `import_constants`. */
export async function createLookupTables(db: Connector, lookups: Lookup[], constants: { name: string; value: string }[]): Promise<void> {
  await db.exec(`CREATE OR REPLACE TEMP TABLE field_vocab (target VARCHAR, input VARCHAR, output VARCHAR);
    CREATE OR REPLACE TEMP TABLE import_constants (name VARCHAR, value VARCHAR)`);
  for (const l of lookups) {
    const answers = Object.entries(l.overrides ?? {})
      .map(([raw, to]) => [normaliseTerm(raw), canonicalOutput(l.vocabulary, to, raw)] as const)
      .filter(([input]) => input !== '');
    for (const [input, output] of answers) {
      await db.query('INSERT INTO field_vocab VALUES (?, ?, ?)', [l.target, input, output]);
    }
    // The built-in spellings, except those the answers redefine.
    await db.query(
      `INSERT INTO field_vocab SELECT ?, v.input, v.output FROM vocabulary v
       WHERE v.vocabulary = ? AND NOT EXISTS (SELECT 1 FROM field_vocab f WHERE f.target = ? AND f.input = v.input)`,
      [l.target, l.vocabulary, l.target],
    );
  }
  for (const c of constants) await db.query('INSERT INTO import_constants VALUES (?, ?)', [c.name, c.value]);
}

/** An answer's canonical value: 'Agency' or 'agency' → 'agency'; an unknown one is refused in words. */
function canonicalOutput(vocabulary: VocabularyName, to: string, raw: string): string {
  const outputs = VOCABULARY_OUTPUTS[vocabulary];
  const exact = outputs.find((o) => o.value === to || o.value.toLowerCase() === to.trim().toLowerCase());
  if (exact) return exact.value;
  const viaVocabulary = lookup(vocabulary, to);
  if (viaVocabulary.status === 'match') return viaVocabulary.value;
  throw new MappingSqlError(
    `The mapping says "${raw}" means "${to}", which is not one of ${outputs.map((o) => o.value).join(', ')}.`,
  );
}

export class MappingSqlError extends Error {}

/** SQL for reading one raw column, constant or date + time pair: NULL when blank. */
export interface RawColumns {
  /** SQL for the raw text of a header (already trimmed, NULL when blank). */
  column(header: string): string;
}

/** The pieces of the judging query for one mapping. */
export interface MappedQuery {
  /** Select items of the first layer (parsed values, raw text, flags), over the source alias `s`. */
  selects: string[];
  /** Lookup joins for the first layer. */
  joins: string[];
  /** Second layer: next-day rule and intervention times, as `expr AS name` REPLACE items. */
  adjust: string[];
  /** Third layer: content keys, as REPLACE items (may use `_content__x` columns of the second). */
  keys: { name: string; content: string }[];
  /** Conditions every accepted row meets. */
  okParts: string[];
  /** Struct expressions naming a bad row's problems (NULL where there is none). */
  checks: string[];
  lookups: Lookup[];
  constants: { name: string; value: string }[];
}

export function mappedQuery(mapping: Mapping, raw: RawColumns): MappedQuery {
  const spec = TABLES[mapping.kind];
  const q: MappedQuery = { selects: [], joins: [], adjust: [], keys: [], okParts: [], checks: [], lookups: [], constants: [] };
  const sourceText = (fm: FieldMapping) => {
    const s = fm.source;
    return s.from === 'column' ? `column "${s.column}"` : s.from === 'dateTime' ? `columns "${s.date}" + "${s.time}"` : s.from === 'constant' ? 'the constant given' : 'the row';
  };
  spec.fields.forEach((field, i) => {
    const fm = mapping.fields[field.name];
    const name = ident(field.name);
    const typed = field.type !== 'text' && field.type !== 'id';
    // Text keeps its raw value in the field itself; typed fields keep it for the reject message.
    const rawName = typed ? ident(`raw__${field.name}`) : name;
    if (!fm) {
      q.selects.push(`NULL::${sqlType(field.type)} AS ${name}`);
      if (typed) q.selects.push(`NULL::VARCHAR AS ${rawName}`);
      return;
    }
    const s = fm.source;
    if (s.from === 'contentKey') {
      q.selects.push(`NULL::VARCHAR AS ${name}`);
      q.keys.push({ name: field.name, content: contentOf(mapping) });
      return;
    }
    let rawExpr: string;
    let parsed: string;
    let half: string | null = null;
    if (s.from === 'dateTime') {
      const d = raw.column(s.date);
      const t = raw.column(s.time);
      rawExpr = `nullif(concat_ws(' ', ${d}, ${t}), '')`;
      const dateTs = sqlParseTimestamp(d, fm.format ?? ISO_DATE);
      const timeTs = sqlParseTimestamp(t, fm.timeFormat ?? ISO_TIME);
      parsed = sqlCombineDateTime(dateTs, timeTs);
      if (field.type === 'date') parsed = `CAST(${parsed} AS DATE)`;
      half = `((${d}) IS NULL) <> ((${t}) IS NULL)`;
    } else {
      rawExpr = s.from === 'column' ? raw.column(s.column) : `(SELECT ${sqlTrimmed('value')} FROM import_constants WHERE name = ${literal(field.name)})`;
      if (s.from === 'constant') q.constants.push({ name: field.name, value: s.value });
      parsed = parseField(field, fm, rawExpr, `v${i}`, q);
      if (field.type === 'interventionType' && fm.detail) parsed = placedRestraint(parsed, raw.column(fm.detail), `v${i}d`, field.name, q);
    }
    q.selects.push(`${parsed} AS ${name}`);
    if (typed) q.selects.push(`${rawExpr} AS ${rawName}`);
    const where = `(${sourceText(fm)})`;
    if (half) {
      const halfName = ident(`half__${field.name}`);
      q.selects.push(`coalesce(${half}, false) AS ${halfName}`);
      q.okParts.push(`NOT ${halfName}`);
      q.checks.push(
        `CASE WHEN ${halfName} THEN {'column': ${literal(field.name)}, 'value': ${rawName}, 'reason': ${literal(`${field.name}: the date or the time is missing ${where}`)}} END`,
      );
    }
    if (field.required) {
      q.okParts.push(`${name} IS NOT NULL`);
      q.checks.push(
        `CASE WHEN ${rawName} IS NULL THEN {'column': ${literal(field.name)}, 'value': NULL::VARCHAR, 'reason': ${literal(`${field.name} is missing ${where}`)}} END`,
      );
    } else if (typed) {
      q.okParts.push(`(${rawName} IS NULL OR ${name} IS NOT NULL)`);
    }
    if (typed) {
      q.checks.push(
        `CASE WHEN ${rawName} IS NOT NULL AND ${name} IS NULL${half ? ` AND NOT ${ident(`half__${field.name}`)}` : ''} THEN {'column': ${literal(field.name)}, 'value': ${rawName}, 'reason': ${literal(`not ${expectedOf(field, fm)} ${where}`)}} END`,
      );
    }
    if (fm.notBefore && (field.type === 'timestamp' || field.type === 'date') && spec.fields.some((f) => f.name === fm.notBefore)) {
      q.adjust.push(`${sqlNextDayIfBefore(name, ident(fm.notBefore))} AS ${name}`);
    }
  });
  return q;
}

/** A restraint without its position (02) takes the position of the detail column (FieldMapping.detail). */
function placedRestraint(parsed: string, detailRaw: string, alias: string, target: string, q: MappedQuery): string {
  q.joins.push(lookupJoin(alias, target, detailRaw));
  const positions = [...POSITION_CODES].map(literal).join(', ');
  return `(CASE WHEN ${parsed} = ${literal(UNPLACED_RESTRAINT)} AND ${alias}.output IN (${positions}) THEN ${alias}.output ELSE ${parsed} END)`;
}

/** SQL of one field's canonical value from its raw text (column or constant source). */
function parseField(field: FieldSpec, fm: FieldMapping, rawExpr: string, alias: string, q: MappedQuery): string {
  const vocabulary = VOCABULARY_OF[field.type];
  if (vocabulary) {
    q.lookups.push({ target: field.name, vocabulary, ...(fm.values ? { overrides: fm.values } : {}) });
    q.joins.push(lookupJoin(alias, field.name, rawExpr));
    const out = `${alias}.output`;
    if (field.type === 'boolean') return `TRY_CAST(${out} AS BOOLEAN)`;
    if (field.type === 'severity' || field.type === 'weekday') return `TRY_CAST(${out} AS INTEGER)`;
    return out;
  }
  switch (field.type) {
    case 'timestamp':
      return sqlParseTimestamp(rawExpr, fm.format ?? ISO_TIMESTAMP);
    case 'date':
      return sqlParseDate(rawExpr, fm.format ?? ISO_DATE);
    case 'number':
      return sqlParseNumber(rawExpr);
    case 'minutes':
      return sqlParseMinutes(rawExpr);
    case 'integer':
      return `(CASE WHEN ${sqlParseNumber(rawExpr)} = floor(${sqlParseNumber(rawExpr)}) THEN CAST(${sqlParseNumber(rawExpr)} AS INTEGER) END)`;
    case 'ratio':
      return `CASE WHEN regexp_full_match(${rawExpr}, '\\d+\\s*:\\s*\\d+') THEN replace(${rawExpr}, ' ', '') END`;
    default:
      return rawExpr;
  }
}

/** Join a per-import lookup on the normalised raw value (the same normalisation as the JS side). */
export function lookupJoin(alias: string, target: string, rawExpr: string): string {
  // Inputs are stored normalised, so an exact match is the same answer without the regular
  // expression; only values not found as spelled are normalised (see the canonical loader).
  return (
    `LEFT JOIN field_vocab ${alias}x ON ${alias}x.target = ${literal(target)} AND ${alias}x.input = ${rawExpr}
` +
    `LEFT JOIN field_vocab ${alias} ON ${alias}.target = ${literal(target)} AND ${alias}.input = coalesce(${alias}x.input, ${sqlNormaliseTerm(rawExpr)})`
  );
}

function expectedOf(field: FieldSpec, fm: FieldMapping): string {
  const s = fm.source;
  if (field.type === 'timestamp' || field.type === 'date') {
    if (s.from === 'dateTime') return `a date as ${describeFormat(fm.format ?? ISO_DATE)} and a time as ${describeFormat(fm.timeFormat ?? ISO_TIME)}`;
    const f = fm.format ?? (field.type === 'date' ? ISO_DATE : ISO_TIMESTAMP);
    return `${field.type === 'date' ? 'a date' : 'a date and time'} as ${describeFormat(f)}`;
  }
  return EXPECTED[field.type];
}

/** The text a content key is the hash of: the identifying fields' canonical values. */
function contentOf(mapping: Mapping): string {
  const spec = TABLES[mapping.kind];
  const mapped = (n: string) => {
    const fm = mapping.fields[n];
    return fm !== undefined && fm.source.from !== 'contentKey';
  };
  let names = (CONTENT_KEY_FIELDS[mapping.kind] ?? []).filter(mapped);
  if (names.length === 0) names = spec.fields.map((f) => f.name).filter(mapped);
  return `concat_ws(chr(31), ${names.map((n) => `coalesce(CAST(${ident(n)} AS VARCHAR), '')`).join(', ') || "''"})`;
}

/**
 * Content keys: a hash of the identifying values and the row's occurrence among identical rows
 * of this file, so two identical rows (two unfilled lines of one shift) stay two rows while the
 * same file imported again, or an overlapping later export, gives the same keys.
 */
export function contentKeySql(content: string, ord: string): string {
  return `'k' || substr(md5(${content} || chr(30) || CAST(row_number() OVER (PARTITION BY ${content} ORDER BY ${ord}) AS VARCHAR)), 1, 16)`;
}
