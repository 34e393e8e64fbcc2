/**
 * Import one file into a canonical table. Every row read ends either in the table or in `rejects`
 * with its line, column, value and reason: read = accepted + rejected.
 *
 *   bytes ──(transcode)──read_csv──► judged (parse + validate, SQL) ──► canonical table
 *               └─ malformed lines ─┐          └─ problems, duplicates ─┐
 *                                   └──────────────► rejects ◄───────────┘
 *
 * Two ways in: a canonical CSV (PBS Lens's own column names, read by name), or a vendor export
 * (CSV, TSV, Excel) through a Mapping (mapping.ts), whose SQL comes from mapped.ts and whose flat
 * restraint / seclusion / PRN columns are unpivoted by unpivot.ts into restrictive_interventions
 * with their own accounting. Both end in the same one-pass judging, duplicate check and reports.
 */
import { fileSlot, type Connector } from '../db/connector';
import { failureOf } from '../db/failure';
import { ident, literal } from '../db/sql';
import type { ImportReport, RejectedRow } from '../engine';
import { TABLES, type FieldSpec, type FileKind } from './canonical';
import { decodePreview, detectEncoding, needsTranscoding, PREVIEW_BYTES, type Encoding, type EncodingGuess } from './decode';
import { combineHeaderRows, findHeader, repeatedNames, repeatedNamesMessage, uniqueHeaders, type MergeRange } from './headers';
import { fileLineEndings, isMixed, lineEndingNormaliser, normalisedNote, previewLineEndings, type LineEndingCounts } from './lineEndings';
import { applyPreset, headersSignature, missingRequired, MappingSchema, type Mapping } from './mapping';
import {
  contentKeySql,
  createLookupTables,
  EXPECTED,
  MappingSqlError,
  mappedQuery,
  sqlAllBlank,
  sqlFilledJoined,
  sqlTrimmed,
  VOCABULARY_OF,
  type RawColumns,
} from './mapped';
import { ensureSchema } from './schema';
import { detectFormat, parseDelimited, sniffText } from './sniff';
import {
  byteLength,
  ImportCancelled,
  readAll,
  readTextHead,
  registerText,
  RecordLineScanner,
  scanRecordLines,
  type SourceProgress,
} from './source';
import { DEFAULT_PLAUSIBILITY, dateWindow, nulRules, plausibilityRules, type PlausibilityLimits, type RowRule } from './plausible';
import { unpivotConstants, unpivotQuery } from './unpivot';
import { lookup, sqlNormaliseTerm } from './vocabularies';
import { emptyWorkbookMessage, hiddenRowsNote, isEmptyWorkbook } from './workbookNotes';
import { CsvSink, likelySheet, openWorkbook, XlsxError } from './xlsx';

export interface ImportProgress {
  phase: 'reading' | 'transcoding' | 'loading' | 'done';
  bytes?: number;
  total?: number;
}

export interface LoadRequest {
  importId: number;
  fileName: string;
  data: Uint8Array | Blob;
  kind?: FileKind;
  /** A vendor export's mapping; without one the file must be a canonical CSV. */
  mapping?: Mapping;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * UTF-8 files up to this size have their record lines found by a JS scan; larger ones only when
   * DuckDB's count of physical lines says some record spans lines (tests lower it to 0).
   */
  lineScanBytes?: number;
  /** What a value must be to be believed (dates, durations, staff numbers); the defaults when not given. */
  limits?: PlausibilityLimits;
  /** The day of the import, from which the latest plausible date counts (now when not given). */
  importedAt?: Date;
}

const REPORTED_REJECTS = 200;
const SCAN_ALWAYS_BYTES = 8 << 20;

/** A file-level problem: nothing from the file is imported, and the user is told why. */
export class ImportError extends Error {}

/** DuckDB refused (or rejected rows of) a file whose line endings turn out to be mixed: read it again, normalised. */
class MixedLineEndings extends Error {
  constructor(readonly counts: LineEndingCounts) {
    super('The file mixes line endings.');
  }
}

const CLEANUP = ['judged', 'duplicates', 'csv_bad', 'csv_rejects', 'csv_scans', 'iv_judged', 'rec_lines', 'good_lines', 'field_vocab', 'import_constants'];
const dropTemps = (db: Connector) => db.exec(CLEANUP.map((t) => `DROP TABLE IF EXISTS ${t}`).join('; '));

export async function loadDelimitedFile(db: Connector, req: LoadRequest): Promise<ImportReport> {
  await ensureSchema(db);
  const registered = fileSlot(`import_${req.importId}.csv`);
  let meta: ReportMeta = { format: null, encoding: null, mapping: req.mapping ?? null, sheet: null, notes: [] };
  let head: Uint8Array | null = null;
  try {
    req.onProgress?.({ phase: 'reading' });
    const first = await readTextHead(req.data, PREVIEW_BYTES);
    head = first;
    if (first.length === 0) throw new ImportError('The file is empty.');
    const format = detectFormat(first, req.fileName);
    if (format.format === 'rejected') {
      if (format.reason === 'empty') throw new ImportError('The file is empty.');
      if (format.reason === 'unreadable') throw new ImportError(format.message);
      throw new ImportError(`This looks like a binary file, not a CSV or text export. ${format.message}`);
    }
    meta = { ...meta, format: format.format };
    const setMeta = (m: Partial<ReportMeta>) => (meta = { ...meta, ...m });
    const load = (lineEndings: LineEndingCounts | null) =>
      req.mapping
        ? loadMapped(db, req, req.mapping, format.format, registered, setMeta, lineEndings)
        : loadCanonical(db, req, first, format.format, registered, setMeta, lineEndings);
    let report: ImportReport;
    try {
      report = await load(null);
    } catch (e) {
      if (!(e instanceof MixedLineEndings)) throw e;
      // The mix starts past the preview: once more, with the line endings normalised.
      await undoImport(db, [req.importId, req.importId + 1]);
      await dropTemps(db);
      await db.dropFile(registered).catch(() => undefined);
      report = await load(e.counts);
    }
    req.onProgress?.({ phase: 'done' });
    return report;
  } catch (e) {
    // Nothing half-imported: whatever this import (and its unpivoted interventions) wrote goes.
    await undoImport(db, [req.importId, req.importId + 1]);
    if (e instanceof ImportCancelled) throw e;
    const known = e instanceof ImportError || e instanceof XlsxError || e instanceof MappingSqlError;
    const message = known ? (e as Error).message : plainFailure(e as Error, meta.format === 'delimited' && head ? columnsIn(head) : null);
    await db.query(
      `INSERT INTO imports (import_id, file_name, kind, imported_at, read, accepted, rejected, duplicates, error, mapping, encoding, format)
       VALUES (?, ?, ?, current_timestamp::TIMESTAMP, 0, 0, 0, 0, ?, ?, ?, ?)`,
      [req.importId, req.fileName, req.mapping?.kind ?? req.kind ?? 'unknown', message, meta.mapping ? JSON.stringify(meta.mapping) : null, meta.encoding, meta.format],
    );
    return {
      fileName: req.fileName,
      kind: req.mapping?.kind ?? req.kind ?? 'incidents',
      read: 0,
      accepted: 0,
      rejected: 0,
      duplicates: 0,
      reasons: [],
      rejects: [],
      error: message,
      format: meta.format,
      encoding: meta.encoding,
      sheet: meta.sheet,
      mapping: meta.mapping,
      notes: meta.notes,
    };
  } finally {
    await dropTemps(db);
    await db.dropFile(registered).catch(() => undefined);
  }
}

/**
 * Remove every row an import wrote. Not a transaction: the app shares one connection, and the
 * pages' queries running meanwhile must not land inside (or be rolled back with) an import.
 */
async function undoImport(db: Connector, importIds: number[]): Promise<void> {
  const ids = importIds.map(() => '?').join(', ');
  for (const t of [...Object.values(TABLES).map((x) => x.table), 'rejects', 'imports']) {
    await db.query(`DELETE FROM ${ident(t)} WHERE import_id IN (${ids})`, importIds);
  }
}

/** From this many columns on, running out of memory is put down to the file's width. */
const MANY_COLUMNS = 1000;

/** The number of columns of a text file, from its first bytes (the sniffed table width). */
function columnsIn(head: Uint8Array): number {
  return sniffText(head).delimiter.width;
}

/**
 * An unexpected error in the user's words. DuckDB's own wording (its sniffer, its parser's state
 * machine, the registered file's name) means nothing to them, so its CSV errors become what they
 * mean for the file and what to do.
 */
export function plainFailure(e: Error, columns: number | null = null): string {
  const m = e.message;
  if (failureOf(e) === 'memory' && columns !== null && columns >= MANY_COLUMNS) {
    // Not the computer's fault, and closing tabs will not help: the file is too wide.
    return (
      `The file has ${columns.toLocaleString('en-GB')} columns, too many for the in-browser database to read at once (it ran out of memory). ` +
      'Export only the columns PBS Lens needs, or delete the others in a spreadsheet, and import it again.'
    );
  }
  if (failureOf(e) === 'memory') {
    return 'The file could not be read: the in-browser database ran out of memory. Close other tabs, or split the file into smaller ones, and try again.';
  }
  if (/^Invalid Input Error: /.test(m)) {
    if (!isCsvParseError(e) && /Maximum line size/.test(m)) {
      return 'The file could not be read: one of its lines is too long (over 2 million characters without a line break). Check that every quoted field is closed, or save the file again from a spreadsheet.';
    }
    if (!isCsvParseError(e) && /invalid unicode|invalid utf-?8|encoding/i.test(m)) {
      return 'The file could not be read: it holds bytes that are not valid text. It may be damaged or in an unusual encoding; open it in a spreadsheet and save it as "CSV UTF-8".';
    }
    return 'The file could not be split into rows and columns: its lines do not follow one CSV layout. Check that it is a CSV or text export with the same delimiter on every line and every quote closed, or open it in a spreadsheet and save it as CSV again.';
  }
  return `The file could not be read: ${m.split('\n')[0]}`;
}

/** DuckDB could not split the file into rows (its sniffer or its CSV parser's state machine gave up). */
const isCsvParseError = (e: unknown) =>
  e instanceof Error && /Error when sniffing file|state machine reached an invalid state|not possible to automatically detect the CSV/.test(e.message);

/**
 * Run what reads the file; when DuckDB cannot parse it and the whole file turns out to mix line
 * endings (the mix starting past the preview), ask for a normalised read instead. `wholeFile` is
 * null when the endings are normalised already.
 */
async function reading<T>(run: () => Promise<T>, wholeFile: (() => Promise<LineEndingCounts>) | null): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (wholeFile && isCsvParseError(e)) {
      const counts = await wholeFile();
      if (isMixed(counts)) throw new MixedLineEndings(counts);
    }
    throw e;
  }
}

/** Rows DuckDB rejected may be rows it split wrongly at a change of line endings: then read again, normalised. */
async function checkRejectedLines(csvRejects: CsvReject[], wholeFile: (() => Promise<LineEndingCounts>) | null): Promise<void> {
  if (csvRejects.length === 0 || !wholeFile) return;
  const counts = await wholeFile();
  if (isMixed(counts)) throw new MixedLineEndings(counts);
}

interface ReportMeta {
  format: 'delimited' | 'xlsx' | null;
  encoding: Encoding | null;
  mapping: Mapping | null;
  sheet: string | null;
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Canonical CSVs: the header names the canonical fields.

async function loadCanonical(
  db: Connector,
  req: LoadRequest,
  head: Uint8Array,
  format: 'delimited' | 'xlsx',
  registered: string,
  setMeta: (m: Partial<ReportMeta>) => void,
  lineEndings: LineEndingCounts | null,
): Promise<ImportReport> {
  if (format === 'xlsx') {
    if (isEmptyWorkbook(await openWorkbook(await readAll(req.data)))) throw new ImportError(emptyWorkbookMessage(req.fileName));
    throw new ImportError('This is an Excel workbook: its columns need a mapping. Drop it on the import page, or give the headless report a --mapping.');
  }
  const encoding = detectEncoding(head);
  setMeta({ encoding: encoding.encoding });
  const text = new TextDecoder('utf-8').decode(head.subarray(encoding.bomLength));
  const delimiter = encoding.encoding.startsWith('utf-16') ? sniffText(head).delimiter.delimiter : sniffDelimiter(text);
  const preview = decodePreview(head, byteLength(req.data));
  const endings = lineEndings ?? previewLineEndings(preview.text, '"', delimiter);
  const normalise = isMixed(endings);
  const utf8 =
    (await registerText(db, registered, req.data, encoding, {
      onProgress: progressOf(req),
      signal: req.signal,
      ...(normalise ? { rewrite: lineEndingNormaliser() } : {}),
    })) ?? req.data;
  const wholeFile = normalise ? null : () => fileLineEndings(utf8, '"', delimiter, req.signal);
  const source = `read_csv(${literal(registered)}, all_varchar = true, header = true, delim = ${literal(delimiter)},
    quote = '"', escape = '"', store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')`;
  const headers = (
    await reading(
      () =>
        db.query<{ column_name: string }>(
          // ignore_errors: a line DuckDB cannot decode must not stop it naming the columns (the read below rejects that line).
          `DESCRIBE SELECT * FROM read_csv(${literal(registered)}, all_varchar = true, header = true, delim = ${literal(delimiter)}, quote = '"', escape = '"', null_padding = true, ignore_errors = true)`,
        ),
      wholeFile,
    )
  ).map((r) => r.column_name);
  refuseShortRows(headers.length, preview.text, delimiter, preview.truncated);
  const kind = req.kind ?? detectCanonicalKind(headers, req.fileName);
  const byLower = new Map(headers.map((h) => [h.trim().toLowerCase(), h]));
  const spec = TABLES[kind];
  refuseRepeatedFields(preview.text, delimiter, kind);
  const missing = spec.fields.filter((f) => f.required && !byLower.has(f.name)).map((f) => f.name);
  if (missing.length > 0) {
    throw new ImportError(
      `This ${spec.label.toLowerCase()} file has no column for ${missing.join(', ')}. Its columns are: ${headers.join(', ')}.`,
    );
  }
  await db.exec('DROP TABLE IF EXISTS csv_rejects; DROP TABLE IF EXISTS csv_scans');
  await db.exec('CREATE OR REPLACE TEMP TABLE field_vocab (target VARCHAR, input VARCHAR, output VARCHAR)');
  const joins: string[] = [];
  const selects: string[] = [];
  const okParts: string[] = [];
  spec.fields.forEach((field, i) => {
    const column = byLower.get(field.name);
    const raw = column !== undefined ? `nullif(trim(s.${ident(column)}), '')` : 'NULL::VARCHAR';
    const alias = `v${i}`;
    const coded = VOCABULARY_OF[field.type] !== undefined;
    if (coded && column !== undefined) {
      // Most values are already spelled as the vocabulary has them: an exact join finds those, and
      // only the rest are normalised (a regular expression per row costs seconds at millions of rows).
      const vocabulary = literal(VOCABULARY_OF[field.type]!);
      joins.push(
        `LEFT JOIN vocabulary ${alias}x ON ${alias}x.vocabulary = ${vocabulary} AND ${alias}x.input = ${raw}`,
        `LEFT JOIN vocabulary ${alias} ON ${alias}.vocabulary = ${vocabulary} AND ${alias}.input = coalesce(${alias}x.input, ${sqlNormaliseTerm(raw)})`,
      );
    }
    const parsed = coded && column === undefined ? 'NULL' : canonicalParse(field, raw, alias);
    selects.push(`${parsed} AS ${ident(field.name)}`);
    const typed = field.type !== 'text' && field.type !== 'id';
    if (typed) selects.push(`${raw} AS ${ident(`raw__${field.name}`)}`);
    if (field.required) okParts.push(`${ident(field.name)} IS NOT NULL`);
    else if (typed) okParts.push(`(${ident(`raw__${field.name}`)} IS NULL OR ${ident(field.name)} IS NOT NULL)`);
  });
  const rowRules = rulesFor(kind, req);
  for (const [condition] of rowRules) okParts.push(`NOT coalesce(${condition}, false)`);
  // Only the columns read travel through the joins: a file may carry thousands of others.
  const read = [...new Set(spec.fields.map((f) => byLower.get(f.name)).filter((c): c is string => c !== undefined))];
  req.onProgress?.({ phase: 'loading' });
  await reading(
    () =>
      db.exec(`CREATE OR REPLACE TEMP TABLE judged AS
    SELECT *, ${okParts.join(' AND ') || 'TRUE'} AS ok FROM (
      SELECT s._row, false AS _blank, ${selects.join(', ')}
      FROM (SELECT row_number() OVER ()::INTEGER AS _row, ${read.map(ident).join(', ')} FROM ${source}) s
      ${joins.join('\n')})`),
    wholeFile,
  );
  // Canonical files number records, not physical lines: the header is line 1 and a quoted field
  // spanning lines counts once (what a spreadsheet shows as the row number).
  const csvRejects = await readCsvRejects(db);
  await checkRejectedLines(csvRejects, wholeFile);
  const lines = await lineNumbersAfterRejects(db, csvRejects, 1);
  return settle(db, {
    importId: req.importId,
    fileName: req.fileName,
    kind,
    judged: 'judged',
    ord: '_row',
    lines,
    checks: canonicalChecks(kind, rowRules),
    csvRejects,
    meta: { format: 'delimited', encoding: encoding.encoding, mapping: null, sheet: null, notes: [...(normalise ? [normalisedNote(endings)] : []), ...strayBytesNote(encoding)] },
  });
}

/** A canonical field named by two columns (`person_id,incident_id,person_id`): refused, naming them, never first-wins. */
function refuseRepeatedFields(preview: string, delimiter: string, kind: FileKind): void {
  const header = parseDelimited(preview.replace(/^\uFEFF/, ''), delimiter, '"', { maxRows: 1 }).rows[0] ?? [];
  const fields = new Set(TABLES[kind].fields.map((f) => f.name));
  const clash = repeatedNames(header).filter((g) => fields.has(g.name.toLowerCase()));
  if (clash.length > 0) throw new ImportError(repeatedNamesMessage(clash));
}

/** Why a line DuckDB could not decode was rejected (the file is read as UTF-8; see decode.ts). */
const NOT_UTF8 = 'the line holds bytes that are not valid UTF-8 text (a character saved in another encoding?), so it could not be read';

/** Said when a UTF-8 file holds a few bytes that are not: the whole file is not re-read in another encoding. */
function strayBytesNote(e: EncodingGuess): string[] {
  if (!e.invalidBytes) return [];
  return [
    `The file is UTF-8 text but ${e.invalidBytes === 1 ? 'one byte near its start is' : `${e.invalidBytes} bytes near its start are`} not valid UTF-8. ` +
      'It was read as UTF-8 all the same; only the lines holding such bytes were rejected, each listed with its line number.',
  ];
}

/** Rows this many fields short of the header do not belong to it. */
const FAR_TOO_SHORT = 100;

/**
 * A header far wider than every row under it (thousands of named columns over rows of a few
 * fields) does not describe the rows: refused in plain words, where DuckDB would note each
 * missing field of each row as a rejected row (minutes for a few hundred rows).
 */
function refuseShortRows(headerWidth: number, preview: string, delimiter: string, truncated: boolean): void {
  const rows = parseDelimited(preview, delimiter, '"', { maxRows: 200, dropLast: truncated }).rows.slice(1);
  const filled = rows.filter((r) => r.some((c) => c.trim() !== ''));
  const widest = Math.max(0, ...filled.map((r) => r.length));
  if (filled.length > 0 && headerWidth - widest > FAR_TOO_SHORT) {
    throw new ImportError(
      `The header row names ${headerWidth.toLocaleString('en-GB')} columns but the rows under it have at most ${widest} fields, so the rows do not line up with the header. ` +
        'Remove the header columns that hold no data (or export the file again) and try again.',
    );
  }
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

/** SQL turning the raw text expression `raw` into the field's canonical value, NULL when unreadable. */
function canonicalParse(field: FieldSpec, raw: string, vocabAlias: string): string {
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

function canonicalChecks(kind: FileKind, rules: RowRule[]): string[] {
  const checks: string[] = [];
  for (const field of TABLES[kind].fields) {
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
  return [...checks, ...rowRuleChecks(kind, rules)];
}

/** Whole-row rules beyond single fields, per kind: [condition that makes the row bad, column, reason]. */
const ROW_RULES: Partial<Record<FileKind, RowRule[]>> = {
  shifts: [
    ['"end" <= "start"', 'end', 'the shift ends before (or when) it starts'],
    [`"end" > "start" + INTERVAL 24 HOUR`, 'end', 'the shift is longer than 24 hours'],
  ],
  interventions: [
    ['ended_at < started_at', 'ended_at', 'the intervention ends before it starts'],
    ['isfinite(duration_minutes) AND duration_minutes < 0', 'duration_minutes', 'the duration is negative'],
  ],
  requirements: [['isfinite(required) AND required < 0', 'required', 'the number of staff required is negative']],
  people: [['discharged < admitted', 'discharged', 'discharged before admitted']],
};

/** The row rules of a kind of file, with the plausibility limits of this import. */
function rulesFor(kind: FileKind, req: LoadRequest, unpivoted = false): RowRule[] {
  const limits = req.limits ?? DEFAULT_PLAUSIBILITY;
  return [
    ...(ROW_RULES[kind] ?? []),
    ...plausibilityRules(kind, limits, dateWindow(limits, req.importedAt ?? new Date())),
    // Unpivoted interventions come from incident rows already checked (their own cells are parsed or looked up).
    ...(unpivoted ? [] : nulRules(kind)),
  ];
}

function rowRuleChecks(kind: FileKind, rules: RowRule[]): string[] {
  return rules.map(([condition, column, reason]) => {
    const field = TABLES[kind].fields.find((f) => f.name === column)!;
    const raw = field.type !== 'text' && field.type !== 'id' ? `raw__${column}` : column;
    return `CASE WHEN coalesce(${condition}, false) THEN {'column': ${literal(column)}, 'value': ${ident(raw)}, 'reason': ${literal(reason)}} END`;
  });
}

// ---------------------------------------------------------------------------------------------
// Vendor exports through a mapping.

async function loadMapped(
  db: Connector,
  req: LoadRequest,
  given: Mapping,
  format: 'delimited' | 'xlsx',
  registered: string,
  setMeta: (m: Partial<ReportMeta>) => void,
  lineEndings: LineEndingCounts | null,
): Promise<ImportReport> {
  const parsed = MappingSchema.safeParse(given);
  if (!parsed.success) {
    throw new ImportError(`The mapping is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ')}`);
  }
  if (parsed.data.format !== format) {
    throw new ImportError(
      format === 'xlsx' ? 'This mapping is for a CSV or text export, but the file is an Excel workbook.' : 'This mapping is for an Excel workbook, but the file is a CSV or text export.',
    );
  }
  if (req.kind && req.kind !== parsed.data.kind) {
    throw new ImportError(`This mapping reads ${TABLES[parsed.data.kind].label.toLowerCase()}, not ${TABLES[req.kind].label.toLowerCase()}.`);
  }
  const missing = missingRequired(parsed.data);
  if (missing.length > 0) throw new ImportError(`The mapping gives no column for ${missing.join(', ')}: say which column holds it (or a fixed value).`);

  const prepared =
    format === 'xlsx' ? await prepareWorkbook(db, req, parsed.data, registered) : await prepareText(db, req, parsed.data, registered, lineEndings);
  const mapping = prepared.mapping;
  setMeta({ mapping, encoding: prepared.encoding, sheet: prepared.sheet });

  const columns = new Map(mapping.headers.map((h, i) => [h, `c${i}`]));
  const used = new Set<string>();
  const raw: RawColumns = {
    column(header) {
      const c = columns.get(header);
      if (c === undefined) throw new ImportError(`The mapping uses a column "${header}" that the file does not have.`);
      used.add(c);
      return sqlTrimmed(`s.${ident(c)}`);
    },
  };
  const q = mappedQuery(mapping, raw);
  const iv = unpivotQuery(mapping, raw);
  const fixedTypes = unpivotConstants(mapping).map((c) => {
    const t = lookup('interventionType', c.value);
    if (t.status !== 'match') throw new ImportError(`The mapping gives "${c.value}" as an intervention type, which is not an MHSDS type code, label or PRN.`);
    return { ...c, value: t.value };
  });
  await createLookupTables(db, [...q.lookups, ...(iv?.lookups ?? [])], [...q.constants, ...fixedTypes]);

  const kind = mapping.kind;
  const rowRules = rulesFor(kind, req);
  const okParts = [...q.okParts, ...rowRules.map(([c]) => `NOT coalesce(${c}, false)`)];
  // A row is blank (not read, as in applyMapping) when every cell is. Both are worked out next to
  // the read, so only the columns the mapping reads travel on through the joins.
  const cells = Array.from({ length: prepared.width }, (_, i) => ident(`c${i}`));
  const blank = sqlAllBlank(cells);
  // Fields past the header's columns may only be empty (a trailing delimiter); values there mean
  // the line's values have shifted (an unquoted delimiter), so the row is refused, not guessed at.
  const extra = sqlFilledJoined(cells.slice(mapping.headers.length), String(mapping.delimiter ?? ','));
  okParts.push('_extra IS NULL');
  const extraCheck = `CASE WHEN _extra IS NOT NULL THEN {'column': NULL::VARCHAR, 'value': _extra, 'reason': 'the line has more fields than the header has columns (its values may have shifted)'} END`;
  const adjust = [...q.adjust, ...(iv?.adjust ?? [])];
  const keys = q.keys.map((k) => `${contentKeySql(k.content, '_row')} AS ${ident(k.name)}`);
  req.onProgress?.({ phase: 'loading' });
  await db.exec('DROP TABLE IF EXISTS csv_rejects; DROP TABLE IF EXISTS csv_scans');
  await reading(
    () =>
      db.exec(`CREATE OR REPLACE TEMP TABLE judged AS
    SELECT *, NOT _blank AND ${okParts.join(' AND ') || 'TRUE'} AS ok FROM (
      SELECT * ${keys.length ? `REPLACE (${keys.join(', ')})` : ''} FROM (
        SELECT * ${adjust.length ? `REPLACE (${adjust.join(', ')})` : ''} FROM (
          SELECT s._row, ${prepared.lineColumn ? `TRY_CAST(s.${ident(prepared.lineColumn)} AS INTEGER)` : 'NULL::INTEGER'} AS _line, s._blank, s._extra,
                 ${[...q.selects, ...(iv?.selects ?? [])].join(',\n                 ')}
          FROM (SELECT row_number() OVER ()::INTEGER AS _row, * FROM (
            SELECT ${[...[...(prepared.lineColumn ? [prepared.lineColumn] : []), ...used].map(ident), `${blank} AS _blank`, `${extra} AS _extra`].join(', ')}
            FROM ${prepared.source})) s
          ${[...q.joins, ...(iv?.joins ?? [])].join('\n')})))`),
    prepared.wholeFile,
  );

  const csvRejects = prepared.lineColumn ? [] : await readCsvRejects(db);
  await checkRejectedLines(csvRejects, prepared.wholeFile);
  const lines = prepared.lineColumn ? { of: (a: string) => `${a}._line`, join: '' } : await prepared.lines(csvRejects);
  const meta: ReportMeta = { format, encoding: prepared.encoding, mapping, sheet: prepared.sheet, notes: prepared.notes };
  const report = await settle(db, {
    importId: req.importId,
    fileName: req.fileName,
    kind,
    judged: 'judged',
    ord: '_row',
    lines,
    checks: [extraCheck, ...q.checks, ...rowRuleChecks(kind, rowRules)],
    csvRejects,
    meta,
  });
  if (iv) {
    // Candidates come from every accepted incident row, duplicates included, so a re-import reports
    // its interventions as duplicates too.
    const ivRules = rulesFor('interventions', req, true);
    await db.exec(`CREATE OR REPLACE TEMP TABLE iv_judged AS
      SELECT row_number() OVER (ORDER BY _row, _iv)::INTEGER AS _ord, *, false AS _blank,
             _problem IS NULL AND type IS NOT NULL AND ${ivRules.map(([c]) => `NOT coalesce(${c}, false)`).join(' AND ')} AS ok,
             CAST(duration_minutes AS VARCHAR) AS raw__duration_minutes, strftime(ended_at, '%Y-%m-%d %H:%M:%S') AS raw__ended_at,
             strftime(started_at, '%Y-%m-%d %H:%M:%S') AS raw__started_at
      FROM (${iv.candidates}) WHERE _problem IS NOT NULL OR _happened`);
    const interventionChecks = [
      '_problem',
      `CASE WHEN _problem IS NULL AND type IS NULL THEN {'column': 'type', 'value': NULL::VARCHAR, 'reason': 'type is missing (no type column value and no fixed type)'} END`,
      ...rowRuleChecks('interventions', ivRules),
    ];
    report.interventions = await settle(db, {
      importId: req.importId + 1,
      fileName: `${req.fileName} (restrictive intervention columns)`,
      kind: 'interventions',
      judged: 'iv_judged',
      ord: '_ord',
      lines,
      checks: interventionChecks,
      csvRejects: [],
      meta: { ...meta, notes: [] },
    });
  }
  return report;
}

interface Prepared {
  /** The read_csv(...) relation. */
  source: string;
  mapping: Mapping;
  /** Columns c0 … c(width − 1) of the source. */
  width: number;
  encoding: Encoding | null;
  sheet: string | null;
  /** Column holding each row's line (workbooks). */
  lineColumn: string | null;
  lines: (csvRejects: CsvReject[]) => Promise<LineNumbers>;
  notes: string[];
  /** Line endings of the whole file, for when DuckDB balks at it; null when already normalised (or a workbook). */
  wholeFile: (() => Promise<LineEndingCounts>) | null;
}

/** The header as the mapping describes it, checked against the file (a later export may have more title rows). */
function fitMapping(mapping: Mapping, rows: string[][], merges: MergeRange[], fileName: string): { mapping: Mapping; dataStart: number } {
  const at = headersAt(rows, mapping.headerRow, mapping.headerRows, merges);
  if (at && headersSignature(at) === mapping.signature) {
    return { mapping: applyPreset(mapping, at, mapping.headerRow, mapping.headerRows), dataStart: mapping.headerRow + mapping.headerRows };
  }
  const found = findHeader(rows, merges);
  if (found && headersSignature(found.headers) === mapping.signature) {
    return { mapping: applyPreset(mapping, found.headers, found.headerRow, found.headerRows), dataStart: found.dataStart };
  }
  // Columns added or removed since the mapping was made: fine while every column it reads is there.
  const used = usedColumns(mapping);
  const key = (h: string) => h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  for (const candidate of [at ? { headers: at, headerRow: mapping.headerRow, headerRows: mapping.headerRows } : null, found]) {
    if (!candidate) continue;
    const have = new Set(candidate.headers.map(key));
    if (used.every((c) => have.has(key(c)))) {
      const m = applyPreset(mapping, candidate.headers, candidate.headerRow, candidate.headerRows);
      return { mapping: m, dataStart: candidate.headerRow + candidate.headerRows };
    }
  }
  const missing = used.filter((c) => !(found?.headers ?? at ?? []).map(key).includes(key(c)));
  throw new ImportError(
    `${fileName} does not have the columns this mapping reads (${missing.map((c) => `"${c}"`).join(', ') || 'header row not found'}). ` +
      `Its columns are: ${(found?.headers ?? at ?? []).join(', ') || 'none found'}. Map the file again.`,
  );
}

function usedColumns(m: Mapping): string[] {
  const out: string[] = [];
  for (const fm of Object.values(m.fields)) {
    const s = fm.source;
    if (s.from === 'column') out.push(s.column);
    if (s.from === 'dateTime') out.push(s.date, s.time);
    if (fm.detail) out.push(fm.detail);
  }
  for (const iv of m.interventions ?? []) {
    for (const c of [iv.flag, iv.typeColumn, iv.minutes, iv.reason, iv.start?.column, iv.end?.column]) if (c) out.push(c);
  }
  return [...new Set(out)];
}

/** Column names of the header record(s) at `row`, combined and made unique as findHeader does. */
export function headersAt(rows: string[][], row: number, count: number, merges: MergeRange[] = []): string[] | null {
  const names = rawHeadersAt(rows, row, count, merges);
  return names && uniqueHeaders(names);
}

/** The header record(s) at `row` combined, names as the file has them (blank or repeated). */
function rawHeadersAt(rows: string[][], row: number, count: number, merges: MergeRange[]): string[] | null {
  if (row + count > rows.length) return null;
  let names = rows[row]!;
  for (let k = 1; k < count; k++) names = combineHeaderRows(names, rows[row + k]!, row + k - 1, merges);
  return names;
}

/** Refuse a file when a column the mapping reads shares its name with another: the first would silently win. */
function refuseRepeatedColumns(rows: string[][], mapping: Mapping, merges: MergeRange[]): void {
  const used = new Set(usedColumns(mapping));
  const clash = repeatedNames(rawHeadersAt(rows, mapping.headerRow, mapping.headerRows, merges) ?? []).filter((g) => g.headers.some((h) => used.has(h)));
  if (clash.length > 0) throw new ImportError(repeatedNamesMessage(clash));
}

/** Sheet rows kept for finding the header (title rows, group rows) before the rest streams to CSV. */
const WORKBOOK_HEAD_ROWS = 200;

/**
 * The sheet as CSV for read_csv, written while the sheet is read: its first rows are held until
 * the header is placed (with the merged ranges where a header of several rows needs them), then every
 * row goes straight into the CSV. (Hidden rows are read like the others: the inspection lists them.)
 */
async function prepareWorkbook(db: Connector, req: LoadRequest, mapping: Mapping, registered: string): Promise<Prepared> {
  const wb = await openWorkbook(await readAll(req.data));
  if (isEmptyWorkbook(wb)) throw new ImportError(emptyWorkbookMessage(req.fileName));
  if (mapping.sheet && !wb.sheets.some((s) => s.name === mapping.sheet)) {
    throw new ImportError(`The workbook has no sheet called "${mapping.sheet}" (its sheets: ${wb.sheets.map((s) => s.name).join(', ')}).`);
  }
  const sheet = mapping.sheet ?? likelySheet(wb.sheets);
  if (!sheet) throw new ImportError('The workbook holds no sheets with data.');
  // Merged ranges (read from the end of the sheet: one more inflate) matter only to a header of
  // several rows, or when the header has to be found again.
  const fit = () => {
    if (mapping.headerRows > 1) return fitMapping(mapping, head, wb.merges(sheet), req.fileName);
    try {
      return fitMapping(mapping, head, [], req.fileName);
    } catch (e) {
      if (e instanceof ImportError) return fitMapping(mapping, head, wb.merges(sheet), req.fileName);
      throw e;
    }
  };
  const head: string[][] = [];
  let sink: CsvSink | null = null;
  let m: Mapping = mapping;
  let dataStart = 0;
  const start = () => {
    const fitted = fit();
    refuseRepeatedColumns(head, fitted.mapping, mapping.headerRows > 1 ? wb.merges(sheet) : []);
    m = { ...fitted.mapping, sheet };
    dataStart = fitted.dataStart;
    sink = new CsvSink({ headers: m.headers, dataStart: fitted.dataStart, lineColumn: '__line' });
    head.forEach((row, i) => sink!.row(i, row));
  };
  const size = byteLength(req.data);
  const onProgress = progressOf(req);
  const scanned = await wb.stream(sheet, (index, cells) => {
    if (sink) return sink.row(index, cells);
    if (index < WORKBOOK_HEAD_ROWS) {
      while (head.length < index) head.push([]);
      head.push(cells);
      return;
    }
    start();
    sink!.row(index, cells);
  }, { signal: req.signal, ...(onProgress ? { onProgress: (share: number) => onProgress({ bytes: Math.round(share * size), total: size }) } : {}) });
  if (!sink) start();
  await db.registerFile(registered, sink!.blob());
  const columns = [`'__line': 'VARCHAR'`, ...m.headers.map((_, i) => `'c${i}': 'VARCHAR'`)].join(', ');
  return {
    source: `read_csv(${literal(registered)}, auto_detect = false, header = false, skip = 1, delim = ',', quote = '"', escape = '"',
      columns = {${columns}}, null_padding = true, parallel = false)`,
    mapping: m,
    width: m.headers.length,
    encoding: null,
    sheet,
    lineColumn: '__line',
    lines: async () => ({ of: (a) => `${a}._line`, join: '' }),
    notes: hiddenRowsNote({ ...scanned, rows: head }, dataStart),
    wholeFile: null,
  };
}


async function prepareText(db: Connector, req: LoadRequest, mapping: Mapping, registered: string, lineEndings: LineEndingCounts | null): Promise<Prepared> {
  const size = byteLength(req.data);
  const head = await readTextHead(req.data, PREVIEW_BYTES);
  const sniff = sniffText(head, size);
  const delimiter = mapping.delimiter ?? sniff.delimiter.delimiter;
  const quote = mapping.quote ?? sniff.delimiter.quote;
  let { rows, lines: recordLines } = sniff;
  const preview = decodePreview(head, size).text;
  if (delimiter !== sniff.delimiter.delimiter || quote !== sniff.delimiter.quote) {
    const reparsed = parseDelimited(preview, delimiter, quote, { dropLast: sniff.truncated });
    rows = reparsed.rows;
    recordLines = reparsed.lines;
  }
  const fitted = fitMapping(mapping, rows, [], req.fileName);
  refuseRepeatedColumns(rows, fitted.mapping, []);
  const m: Mapping = { ...fitted.mapping, encoding: sniff.encoding.encoding, delimiter, quote };
  const notes: string[] = strayBytesNote(sniff.encoding);
  if (mapping.encoding && mapping.encoding !== sniff.encoding.encoding && !(mapping.encoding.startsWith('utf-8') && sniff.encoding.encoding.startsWith('utf-8'))) {
    notes.push(`The mapping was made on a ${mapping.encoding} file; this one is ${sniff.encoding.encoding} and was read as such.`);
  }
  // Data rows may be wider than the header (a trailing delimiter): every field gets a column,
  // read (so the row is not refused) but not mapped.
  const width = Math.max(m.headers.length, ...rows.slice(fitted.dataStart).map((r) => r.length));
  const names = Array.from({ length: width }, (_, i) => `c${i}`);

  // Small files: record lines are found while the text passes through (transcoding) or by a scan.
  const scanLimit = req.lineScanBytes ?? SCAN_ALWAYS_BYTES;
  const scanner = size <= scanLimit ? new RecordLineScanner(quote, delimiter, fitted.dataStart) : null;
  const endings = lineEndings ?? previewLineEndings(preview, quote, delimiter);
  const normalise = isMixed(endings);
  const transcoded = await registerText(db, registered, req.data, sniff.encoding, {
    onProgress: progressOf(req),
    signal: req.signal,
    ...(scanner ? { scan: scanner } : {}),
    ...(normalise ? { rewrite: lineEndingNormaliser() } : {}),
  });
  const utf8 = transcoded ?? req.data;
  if (needsTranscoding(sniff.encoding.encoding)) notes.push(`Read as ${sniff.encoding.encoding} (${sniff.encoding.reason}) and converted to UTF-8.`);
  if (normalise) notes.push(normalisedNote(endings));
  const source = `read_csv(${literal(registered)}, auto_detect = false, header = false, skip = ${fitted.dataStart},
    delim = ${literal(delimiter)}, quote = ${literal(quote)}, escape = ${literal(quote)},
    columns = {${names.map((n) => `'${n}': 'VARCHAR'`).join(', ')}}, null_padding = true, parallel = false,
    store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')`;
  const dataStartLine = recordLines[fitted.dataStart] ?? fitted.dataStart + 1;
  return {
    source,
    mapping: m,
    width,
    encoding: sniff.encoding.encoding,
    sheet: null,
    lineColumn: null,
    notes,
    wholeFile: normalise ? null : () => fileLineEndings(utf8, quote, delimiter, req.signal),
    lines: async (csvRejects) => {
      let starts: Int32Array | null = null;
      if (scanner) starts = transcoded ? scanner.end() : await scanRecordLines(utf8, quote, delimiter, fitted.dataStart, req.signal);
      if (!starts) {
        // Large UTF-8 file: when every record after the header is one line (DuckDB counts the
        // physical lines), the record index gives the line; only otherwise scan the file.
        const [{ output }] = (await db.query<{ output: number }>('SELECT count(*)::INTEGER AS output FROM judged')) as [{ output: number }];
        const [{ physical }] = (await db.query<{ physical: number }>(
          `SELECT count(*)::INTEGER AS physical FROM read_csv(${literal(registered)}, auto_detect = false, header = false,
             skip = ${dataStartLine - 1}, delim = '\\x01', quote = '', escape = '', columns = {'l': 'VARCHAR'}, ignore_errors = true)`,
        )) as [{ physical: number }];
        if (physical === output + csvRejects.length) return lineNumbersAfterRejects(db, csvRejects, dataStartLine - 1);
        starts = await scanRecordLines(utf8, quote, delimiter, fitted.dataStart, req.signal);
      }
      return lineNumbersFromStarts(db, starts, csvRejects, dataStartLine, notes);
    },
  };
}

function progressOf(req: LoadRequest): ((p: SourceProgress) => void) | undefined {
  return req.onProgress ? (p) => req.onProgress!({ phase: 'transcoding', bytes: p.bytes, total: p.total }) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Line numbers of rows.

interface CsvReject {
  line: number;
  error_type: string;
  csv_line: string;
  error_message: string;
}

/** How to find each judged row's line: an SQL expression on the row alias, and the join it needs. */
interface LineNumbers {
  of: (alias: string) => string;
  join: string;
}

async function readCsvRejects(db: Connector): Promise<CsvReject[]> {
  return db.query<CsvReject>(
    `SELECT line::INTEGER AS line, min(error_type) AS error_type, min(csv_line) AS csv_line, min(error_message) AS error_message
     FROM csv_rejects GROUP BY line ORDER BY line`,
  );
}

/**
 * When every record is one line: record i (1-based after `base` lines) is on line base + i, and
 * DuckDB's row k is record k plus the rejected records before it. Before the j-th rejected record
 * (on line r_j) lie r_j − base − j good rows, so row k's record is k + #{j : r_j − base − j < k}.
 */
async function lineNumbersAfterRejects(db: Connector, csvRejects: CsvReject[], base: number): Promise<LineNumbers> {
  if (csvRejects.length === 0) return { of: (a) => `(${a}._row + ${base})`, join: '' };
  await db.exec(`CREATE OR REPLACE TEMP TABLE csv_bad AS
    SELECT threshold, max(j) AS j FROM (
      SELECT line - ${base} - row_number() OVER (ORDER BY line) AS threshold, row_number() OVER (ORDER BY line) AS j
      FROM (SELECT DISTINCT line FROM csv_rejects)) GROUP BY threshold`);
  return { of: (a) => `(${a}._row + ${base} + coalesce(b.j, 0))::INTEGER`, join: 'ASOF LEFT JOIN csv_bad b ON j._row > b.threshold' };
}

/** Exact lines from the scanned record starts: the good rows are the records DuckDB did not reject. */
async function lineNumbersFromStarts(db: Connector, starts: Int32Array, csvRejects: CsvReject[], dataStartLine: number, notes: string[]): Promise<LineNumbers> {
  const text = new TextEncoder().encode(`line\n${Array.from(starts).join('\n')}\n`);
  const slot = fileSlot('rec_lines.csv');
  await db.registerFile(slot, text);
  try {
    await db.exec(`CREATE OR REPLACE TEMP TABLE rec_lines AS
      SELECT row_number() OVER ()::INTEGER AS k, line FROM read_csv(${literal(slot)}, header = true, columns = {'line': 'INTEGER'})`);
  } finally {
    await db.dropFile(slot).catch(() => undefined);
  }
  await db.exec(`CREATE OR REPLACE TEMP TABLE good_lines AS
    SELECT row_number() OVER (ORDER BY k)::INTEGER AS _row, line FROM rec_lines
    WHERE line NOT IN (SELECT DISTINCT line FROM csv_rejects)`);
  const [{ good, output }] = (await db.query<{ good: number; output: number }>(
    `SELECT (SELECT count(*) FROM good_lines)::INTEGER AS good, (SELECT count(*) FROM judged)::INTEGER AS output`,
  )) as [{ good: number; output: number }];
  if (good !== output) {
    notes.push('Line numbers are approximate: the file splits into records differently than expected (check quotes).');
    return lineNumbersAfterRejects(db, csvRejects, dataStartLine - 1);
  }
  return { of: () => 'gl.line', join: 'LEFT JOIN good_lines gl ON gl._row = j._row' };
}

// ---------------------------------------------------------------------------------------------
// Settling a judged table: duplicates, insert, rejects, import log, report.

interface Settle {
  importId: number;
  fileName: string;
  kind: FileKind;
  /** Table of judged rows: the spec's fields, `ok`, `_blank`, `_row` (for lines) and `ord` (row identity). */
  judged: string;
  ord: string;
  lines: LineNumbers;
  /** Struct expressions describing a bad row's problems. */
  checks: string[];
  csvRejects: CsvReject[];
  meta: ReportMeta;
}

/**
 * Insert the good rows, skip duplicates (the same key earlier in this file or already imported)
 * and describe the bad ones. Problems are spelled out only for rows that have them, so clean
 * files stay fast.
 */
async function settle(db: Connector, s: Settle): Promise<ImportReport> {
  const spec = TABLES[s.kind];
  const J = s.judged;
  const ord = ident(s.ord);
  const keyCols = spec.key.map(ident);
  const keyLabel = literal(spec.key.join(' + '));
  const sameKey = (a: string, b: string) => spec.key.map((k) => `${a}.${ident(k)} IS NOT DISTINCT FROM ${b}.${ident(k)}`).join(' AND ');
  const [{ existing }] = (await db.query<{ existing: number }>(`SELECT count(*)::DOUBLE AS existing FROM ${ident(spec.table)}`)) as [{ existing: number }];
  await db.exec(`CREATE OR REPLACE TEMP TABLE duplicates AS
    WITH repeated AS (
      SELECT ${keyCols.join(', ')}, min(${ord}) AS first_row FROM ${J} WHERE ok
      GROUP BY ALL HAVING count(*) > 1)
    SELECT j.${ord} AS _dup, 'duplicate of an earlier row in this file (same ' || ${keyLabel} || ')' AS reason
    FROM ${J} j JOIN repeated r ON ${sameKey('j', 'r')} WHERE j.ok AND j.${ord} > r.first_row
    ${existing > 0 ? `UNION ALL
    SELECT j.${ord}, 'already imported (same ' || ${keyLabel} || ')' FROM ${J} j
    WHERE j.ok AND EXISTS (SELECT 1 FROM ${ident(spec.table)} t WHERE ${sameKey('t', 'j')})` : ''}`);

  const lineOf = s.lines.of('j');
  const fieldList = spec.fields.map((f) => ident(f.name)).join(', ');
  await db.query(
    `INSERT INTO ${ident(spec.table)} (${fieldList}, import_id, source_line)
     SELECT ${spec.fields.map((f) => `j.${ident(f.name)}`).join(', ')}, ?, ${lineOf}
     FROM ${J} j ${s.lines.join}
     WHERE j.ok AND j.${ord} NOT IN (SELECT _dup FROM duplicates)`,
    [s.importId],
  );

  const keyValue = `concat_ws(' + ', ${keyCols.map((k) => `j.${k}::VARCHAR`).join(', ')})`;
  await db.query(
    `INSERT INTO rejects (import_id, line, "column", value, reason)
     SELECT ?, line, p.column, p.value, p.reason FROM (
       SELECT ${lineOf} AS line, unnest(list_filter([${s.checks.join(', ')}], x -> x IS NOT NULL)) AS p
       FROM ${J} j ${s.lines.join} WHERE NOT j.ok AND NOT j._blank)
     UNION ALL
     SELECT ?, ${lineOf}, ${keyLabel}, ${keyValue}, d.reason
     FROM ${J} j JOIN duplicates d ON d._dup = j.${ord} ${s.lines.join}`,
    [s.importId, s.importId],
  );
  if (s.csvRejects.length > 0) {
    await db.query(
      `INSERT INTO rejects (import_id, line, "column", value, reason)
       SELECT ?, line::INTEGER, NULL, left(min(csv_line), 500),
         CASE min(error_type)
           WHEN 'TOO MANY COLUMNS' THEN 'the line has the wrong number of fields (' || replace(replace(min(error_message), 'Expected Number of Columns', 'expected'), 'Found', 'found') || ')'
           WHEN 'MISSING COLUMNS' THEN 'the line has the wrong number of fields (' || replace(replace(min(error_message), 'Expected Number of Columns', 'expected'), 'Found', 'found') || ')'
           WHEN 'UNQUOTED VALUE' THEN 'the line could not be read (unquoted value)'
           WHEN 'INVALID UNICODE' THEN ${literal(NOT_UTF8)}
           WHEN 'INVALID ENCODING' THEN ${literal(NOT_UTF8)}
           ELSE 'the line could not be read: ' || min(error_message)
         END
       FROM csv_rejects GROUP BY line`,
      [s.importId],
    );
  }

  const [counts] = await db.query<{ parsed: number; accepted: number; duplicates: number }>(
    `SELECT count(*) FILTER (WHERE NOT _blank)::INTEGER AS parsed,
            (count(*) FILTER (WHERE ok) - (SELECT count(*) FROM duplicates))::INTEGER AS accepted,
            (SELECT count(*) FROM duplicates)::INTEGER AS duplicates
     FROM ${J}`,
  );
  const read = counts!.parsed + s.csvRejects.length;
  const accepted = counts!.accepted;
  await db.query(
    `INSERT INTO imports (import_id, file_name, kind, imported_at, read, accepted, rejected, duplicates, error, mapping, encoding, format)
     VALUES (?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, NULL, ?, ?, ?)`,
    [s.importId, s.fileName, s.kind, read, accepted, read - accepted, counts!.duplicates, s.meta.mapping ? JSON.stringify(s.meta.mapping) : null, s.meta.encoding, s.meta.format],
  );
  await db.exec('DROP TABLE IF EXISTS duplicates');
  return {
    fileName: s.fileName,
    kind: s.kind,
    read,
    accepted,
    rejected: read - accepted,
    duplicates: counts!.duplicates,
    reasons: await rejectReasons(db, s.importId),
    rejects: await rejectedRows(db, s.importId, REPORTED_REJECTS),
    error: null,
    format: s.meta.format,
    encoding: s.meta.encoding,
    sheet: s.meta.sheet,
    mapping: s.meta.mapping,
    notes: s.meta.notes,
  };
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

