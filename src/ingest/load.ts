/**
 * Import one delimited text file into a canonical table. Every row read ends either in the
 * table or in `rejects` with its line, column, value and reason: read = accepted + rejected.
 *
 *   bytes ──read_csv(all_varchar)──► staging ──parse + validate (SQL)──► canonical table
 *                 └─ malformed lines ─┐              └─ problems, duplicates ─┐
 *                                     └──────────────► rejects ◄──────────────┘
 *
 * The column mapping decides which source column (and which parse) feeds each canonical field;
 * a canonical file is simply the identity mapping. Vendor exports plug in their own mapping.
 */
import type { Connector } from '../db/connector';
import { ident, literal } from '../db/sql';
import type { ImportReport, RejectedRow } from '../engine';
import { TABLES, type FieldSpec, type FieldType, type FileKind } from './canonical';
import { NORMALISE_SQL, ensureSchema } from './schema';

/** Where a canonical field comes from: a column of the staging table holding raw text. */
export interface FieldSource {
  column: string;
}
export type ColumnMapping = Partial<Record<string, FieldSource>>;

export interface LoadRequest {
  importId: number;
  fileName: string;
  data: Uint8Array | Blob;
  kind?: FileKind;
  /** Canonical field → source column. Defaults to the same-named header. */
  mapping?: ColumnMapping;
}

const SAMPLE_BYTES = 64 * 1024;
const REPORTED_REJECTS = 200;

/** A file-level problem: nothing from the file is imported, and the user is told why. */
export class ImportError extends Error {}

export async function loadDelimitedFile(db: Connector, req: LoadRequest): Promise<ImportReport> {
  await ensureSchema(db);
  const registered = `import_${req.importId}.csv`;
  try {
    const head = await readHead(req.data);
    if (head.length === 0) throw new ImportError('The file is empty.');
    if (head.includes(0)) {
      throw new ImportError('This looks like a binary file, not a CSV or text export. Export the data as CSV and try again.');
    }
    const delimiter = sniffDelimiter(new TextDecoder('utf-8').decode(head));
    await db.registerFile(registered, req.data);
    const source = `read_csv(${literal(registered)}, all_varchar = true, header = true, delim = ${literal(delimiter)},
      quote = '"', escape = '"', store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')`;
    const headers = (await db.query<{ column_name: string }>(`DESCRIBE SELECT * FROM ${sourceNoRejects(registered, delimiter)}`)).map(
      (r) => r.column_name,
    );
    const kind = req.kind ?? detectCanonicalKind(headers, req.fileName);
    const mapping = req.mapping ?? identityMapping(kind, headers);
    const missing = TABLES[kind].fields.filter((f) => f.required && !mapping[f.name]).map((f) => f.name);
    if (missing.length > 0) {
      throw new ImportError(
        `This ${TABLES[kind].label.toLowerCase()} file has no column for ${missing.join(', ')}. ` +
          `Its columns are: ${headers.join(', ')}.`,
      );
    }
    return await stageParseAndInsert(db, req, kind, mapping, source);
  } catch (e) {
    const message = e instanceof ImportError ? e.message : `The file could not be read: ${(e as Error).message.split('\n')[0]}`;
    await db.query(
      `INSERT INTO imports VALUES (?, ?, ?, current_timestamp::TIMESTAMP, 0, 0, 0, 0, ?)`,
      [req.importId, req.fileName, req.kind ?? 'unknown', message],
    );
    return {
      fileName: req.fileName,
      kind: req.kind ?? 'incidents',
      read: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      reasons: [],
      rejects: [],
      error: message,
    };
  } finally {
    await db.exec('DROP TABLE IF EXISTS judged; DROP TABLE IF EXISTS duplicates; DROP TABLE IF EXISTS csv_bad; DROP TABLE IF EXISTS csv_rejects; DROP TABLE IF EXISTS csv_scans');
    await db.dropFile(registered).catch(() => undefined);
  }
}

function sourceNoRejects(registered: string, delimiter: string): string {
  return `read_csv(${literal(registered)}, all_varchar = true, header = true, delim = ${literal(delimiter)}, quote = '"', escape = '"', null_padding = true)`;
}

async function readHead(data: Uint8Array | Blob): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data.subarray(0, SAMPLE_BYTES);
  return new Uint8Array(await data.slice(0, SAMPLE_BYTES).arrayBuffer());
}

/** The delimiter that splits the header line into the most fields (comma wins ties). */
export function sniffDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';', '|']) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** Which canonical table a file's headers describe: all required fields present, most fields matched. */
export function detectCanonicalKind(headers: string[], fileName = ''): FileKind {
  const have = new Set(headers.map((h) => h.trim().toLowerCase()));
  let best: { kind: FileKind; score: number } | null = null;
  for (const spec of Object.values(TABLES)) {
    if (!spec.fields.every((f) => !f.required || have.has(f.name))) continue;
    let score = spec.fields.filter((f) => have.has(f.name)).length / spec.fields.length;
    if (fileName.toLowerCase().includes(spec.table.replace(/_/g, '')) || fileName.toLowerCase().includes(spec.table)) score += 0.5;
    if (!best || score > best.score) best = { kind: spec.kind, score };
  }
  if (!best) {
    const expected = Object.values(TABLES)
      .map((t) => `${t.label}: ${t.fields.filter((f) => f.required).map((f) => f.name).join(', ')}`)
      .join('; ');
    throw new ImportError(
      `Could not tell what kind of file this is from its columns (${headers.slice(0, 12).join(', ')}). ` +
        `Canonical files need these columns — ${expected}.`,
    );
  }
  return best.kind;
}

function identityMapping(kind: FileKind, headers: string[]): ColumnMapping {
  const byLower = new Map(headers.map((h) => [h.trim().toLowerCase(), h]));
  const mapping: ColumnMapping = {};
  for (const f of TABLES[kind].fields) {
    const h = byLower.get(f.name);
    if (h !== undefined) mapping[f.name] = { column: h };
  }
  return mapping;
}

/** What a raw value must look like, in words for the reject reason. */
const EXPECTED: Record<FieldType, string> = {
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
  integer: 'a whole number',
  severity: 'a severity 1–5 or a harm grade (no harm, low, moderate, severe, death)',
  weekday: 'a weekday (Mon–Sun or 1–7)',
  boolean: 'yes or no',
};

const VOCABULARY_TYPES = new Set<FieldType>(['contract', 'status', 'interventionType', 'interventionReason', 'severity', 'weekday', 'boolean']);

/** SQL turning the raw text expression `raw` into the field's canonical value, NULL when unreadable. */
function parseExpression(field: FieldSpec, raw: string, vocabAlias: string): string {
  switch (field.type) {
    case 'timestamp':
      return `try_strptime(${raw}, ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M:%S.%f'])`;
    case 'date':
      return `try_strptime(${raw}, '%Y-%m-%d')::DATE`;
    case 'number':
      return `TRY_CAST(${raw} AS DOUBLE)`;
    case 'integer':
      return `TRY_CAST(${raw} AS INTEGER)`;
    case 'ratio':
      return `CASE WHEN regexp_full_match(${raw}, '\\d+\\s*:\\s*\\d+') THEN replace(${raw}, ' ', '') END`;
    case 'boolean':
      return `TRY_CAST(${vocabAlias}.output AS BOOLEAN)`;
    case 'severity':
    case 'weekday':
      return `TRY_CAST(${vocabAlias}.output AS INTEGER)`;
    case 'contract':
    case 'status':
    case 'interventionType':
    case 'interventionReason':
      return `${vocabAlias}.output`;
    case 'id':
    case 'text':
      return raw;
  }
}

/** Whole-row rules beyond single fields, per kind: [condition that makes the row bad, column, reason]. */
const ROW_RULES: Partial<Record<FileKind, [string, string, string][]>> = {
  shifts: [
    ['"end" <= "start"', 'end', 'the shift ends before (or when) it starts'],
    [`"end" > "start" + INTERVAL 24 HOUR`, 'end', 'the shift is longer than 24 hours'],
  ],
  interventions: [
    ['ended_at < started_at', 'ended_at', 'the intervention ends before it starts'],
    ['duration_minutes < 0', 'duration_minutes', 'the duration is negative'],
  ],
  requirements: [['required < 0', 'required', 'the number of staff required is negative']],
  people: [['discharged < admitted', 'discharged', 'discharged before admitted']],
};

/**
 * One pass over the file: read, parse and judge every row into `judged` (typed values, the raw
 * text of typed fields for messages, an `ok` flag); then insert the good rows and describe the
 * bad ones. Problems are spelled out only for rows that have them, so clean files stay fast.
 */
async function stageParseAndInsert(
  db: Connector,
  req: LoadRequest,
  kind: FileKind,
  mapping: ColumnMapping,
  source: string,
): Promise<ImportReport> {
  const spec = TABLES[kind];
  await db.exec('DROP TABLE IF EXISTS csv_rejects; DROP TABLE IF EXISTS csv_scans');

  const vocabJoins: string[] = [];
  const selects: string[] = [];
  const okParts: string[] = [];
  spec.fields.forEach((field, i) => {
    const src = mapping[field.name];
    const raw = src ? `nullif(trim(s.${ident(src.column)}), '')` : 'NULL::VARCHAR';
    const alias = `v${i}`;
    const coded = VOCABULARY_TYPES.has(field.type);
    if (coded && src) {
      vocabJoins.push(
        `LEFT JOIN vocabulary ${alias} ON ${alias}.vocabulary = ${literal(field.type)} AND ${alias}.input = ${NORMALISE_SQL(raw)}`,
      );
    }
    const parsed = coded && !src ? 'NULL' : parseExpression(field, raw, alias);
    selects.push(`${parsed} AS ${ident(field.name)}`);
    const typed = field.type !== 'text' && field.type !== 'id';
    // Text keeps its raw value in the field itself; typed fields keep it for the reject message.
    if (typed) selects.push(`${raw} AS ${ident(`raw__${field.name}`)}`);
    if (field.required) okParts.push(`${ident(field.name)} IS NOT NULL`);
    else if (typed) okParts.push(`(${ident(`raw__${field.name}`)} IS NULL OR ${ident(field.name)} IS NOT NULL)`);
  });
  const rowRules = ROW_RULES[kind] ?? [];
  for (const [condition] of rowRules) okParts.push(`NOT coalesce(${condition}, false)`);

  await db.exec(`CREATE OR REPLACE TEMP TABLE judged AS
    SELECT *, ${okParts.join(' AND ') || 'TRUE'} AS ok FROM (
      SELECT s._row, ${selects.join(', ')}
      FROM (SELECT row_number() OVER ()::INTEGER AS _row, * FROM ${source}) s
      ${vocabJoins.join('\n')})`);

  // read_csv numbers the lines it rejects; give every row its line too (header = line 1).
  // Before the j-th rejected line r_j lie r_j − j − 1 good rows, so row k sits on line
  // k + 1 + #{j : r_j − j − 1 < k} — an ASOF join, needed only when lines were rejected.
  const csvRejects = await db.query<{ line: number; error_type: string; csv_line: string; error_message: string }>(
    `SELECT line::INTEGER AS line, min(error_type) AS error_type, min(csv_line) AS csv_line, min(error_message) AS error_message
     FROM csv_rejects GROUP BY line ORDER BY line`,
  );
  let lineOf = (alias: string) => `${alias}._row + 1`;
  let lineJoin = '';
  if (csvRejects.length > 0) {
    await db.exec(`CREATE OR REPLACE TEMP TABLE csv_bad AS
      SELECT line - row_number() OVER (ORDER BY line) - 1 AS threshold, row_number() OVER (ORDER BY line) AS j
      FROM (SELECT DISTINCT line FROM csv_rejects)`);
    lineOf = (alias: string) => `(${alias}._row + 1 + coalesce(b.j, 0))::INTEGER`;
    lineJoin = 'ASOF LEFT JOIN csv_bad b ON j._row > b.threshold';
  }

  // Duplicates among the good rows: the same key earlier in this file, or already imported.
  const keyCols = spec.key.map(ident);
  const keyLabel = literal(spec.key.join(' + '));
  const sameKey = (a: string, b: string) => spec.key.map((k) => `${a}.${ident(k)} IS NOT DISTINCT FROM ${b}.${ident(k)}`).join(' AND ');
  const [{ existing }] = (await db.query<{ existing: number }>(`SELECT count(*)::DOUBLE AS existing FROM ${ident(spec.table)}`)) as [
    { existing: number },
  ];
  await db.exec(`CREATE OR REPLACE TEMP TABLE duplicates AS
    WITH repeated AS (
      SELECT ${keyCols.join(', ')}, min(_row) AS first_row FROM judged WHERE ok
      GROUP BY ALL HAVING count(*) > 1)
    SELECT j._row, 'duplicate of an earlier row in this file (same ' || ${keyLabel} || ')' AS reason
    FROM judged j JOIN repeated r ON ${sameKey('j', 'r')} WHERE j.ok AND j._row > r.first_row
    ${existing > 0 ? `UNION ALL
    SELECT j._row, 'already imported (same ' || ${keyLabel} || ')' FROM judged j
    WHERE j.ok AND EXISTS (SELECT 1 FROM ${ident(spec.table)} t WHERE ${sameKey('t', 'j')})` : ''}`);

  const fieldList = spec.fields.map((f) => ident(f.name)).join(', ');
  await db.query(
    `INSERT INTO ${ident(spec.table)} (${fieldList}, import_id, source_line)
     SELECT ${spec.fields.map((f) => `j.${ident(f.name)}`).join(', ')}, ?, ${lineOf('j')}
     FROM judged j ${lineJoin}
     WHERE j.ok AND j._row NOT IN (SELECT _row FROM duplicates)`,
    [req.importId],
  );

  // Spell out each bad row's problems (column, value, reason).
  const checks: string[] = [];
  for (const field of spec.fields) {
    const typed = field.type !== 'text' && field.type !== 'id';
    const raw = ident(typed ? `raw__${field.name}` : field.name);
    const col = ident(field.name);
    if (field.required) {
      checks.push(`CASE WHEN ${raw} IS NULL THEN {'column': ${literal(field.name)}, 'value': NULL::VARCHAR, 'reason': ${literal(`${field.name} is missing`)}} END`);
    }
    if (typed) {
      checks.push(
        `CASE WHEN ${raw} IS NOT NULL AND ${col} IS NULL THEN {'column': ${literal(field.name)}, 'value': ${raw}, 'reason': ${literal(`not ${EXPECTED[field.type]}`)}} END`,
      );
    }
  }
  for (const [condition, column, reason] of rowRules) {
    const field = spec.fields.find((f) => f.name === column)!;
    const raw = field.type !== 'text' && field.type !== 'id' ? `raw__${column}` : column;
    checks.push(`CASE WHEN coalesce(${condition}, false) THEN {'column': ${literal(column)}, 'value': ${ident(raw)}, 'reason': ${literal(reason)}} END`);
  }
  const keyValue = `concat_ws(' + ', ${keyCols.map((k) => `j.${k}::VARCHAR`).join(', ')})`;
  await db.query(
    `INSERT INTO rejects
     SELECT ?, line, p.column, p.value, p.reason FROM (
       SELECT ${lineOf('j')} AS line, unnest(list_filter([${checks.join(', ')}], x -> x IS NOT NULL)) AS p
       FROM judged j ${lineJoin} WHERE NOT j.ok)
     UNION ALL
     SELECT ?, ${lineOf('j')}, ${keyLabel}, ${keyValue}, d.reason
     FROM judged j JOIN duplicates d USING (_row) ${lineJoin}`,
    [req.importId, req.importId],
  );
  for (const r of csvRejects) {
    await db.query(`INSERT INTO rejects VALUES (?, ?, NULL, ?, ?)`, [
      req.importId,
      r.line,
      r.csv_line.slice(0, 500),
      describeCsvError(r.error_type, r.error_message),
    ]);
  }

  const [counts] = await db.query<{ parsed: number; accepted: number; duplicates: number }>(
    `SELECT count(*)::INTEGER AS parsed,
            (count(*) FILTER (WHERE ok) - (SELECT count(*) FROM duplicates))::INTEGER AS accepted,
            (SELECT count(*) FROM duplicates)::INTEGER AS duplicates
     FROM judged`,
  );
  const read = counts!.parsed + csvRejects.length;
  const accepted = counts!.accepted;
  await db.query(`INSERT INTO imports VALUES (?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, NULL)`, [
    req.importId,
    req.fileName,
    kind,
    read,
    accepted,
    read - accepted,
    counts!.duplicates,
  ]);
  await db.exec('DROP TABLE IF EXISTS judged; DROP TABLE IF EXISTS duplicates; DROP TABLE IF EXISTS csv_bad');
  return {
    fileName: req.fileName,
    kind,
    read,
    accepted,
    rejected: read - accepted,
    duplicates: counts!.duplicates,
    reasons: await rejectReasons(db, req.importId),
    rejects: await rejectedRows(db, req.importId, REPORTED_REJECTS),
    error: null,
  };
}

function describeCsvError(type: string, message: string): string {
  switch (type) {
    case 'TOO MANY COLUMNS':
    case 'MISSING COLUMNS':
      return `the line has the wrong number of fields (${message.replace('Expected Number of Columns', 'expected').replace('Found', 'found')})`;
    case 'UNQUOTED VALUE':
    case 'INVALID UNICODE':
      return `the line could not be read (${type.toLowerCase()})`;
    default:
      return `the line could not be read: ${message}`;
  }
}

export async function rejectReasons(db: Connector, importId: number): Promise<{ reason: string; count: number }[]> {
  // Duplicates and field problems each count once per line and reason family.
  return db.query<{ reason: string; count: number }>(
    `SELECT reason, count(DISTINCT line)::INTEGER AS count FROM rejects WHERE import_id = ?
     GROUP BY reason ORDER BY count DESC, reason`,
    [importId],
  );
}

export async function rejectedRows(db: Connector, importId: number, limit?: number): Promise<RejectedRow[]> {
  const rows = await db.query<{ line: number; column: string | null; value: string | null; reason: string }>(
    `SELECT line, "column", value, reason FROM rejects WHERE import_id = ? ORDER BY line, "column"
     ${limit === undefined ? '' : 'LIMIT ?'}`,
    limit === undefined ? [importId] : [importId, limit],
  );
  return rows.map((r) => ({ line: r.line, column: r.column ?? '(whole line)', value: r.value, reason: r.reason }));
}
