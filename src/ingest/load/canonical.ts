/**
 * Loading a canonical CSV: PBS Lens's own column names, read by name (any order, extra columns
 * ignored). The kind comes from the request or the headers (kind.ts); rows are judged in one SQL
 * pass (canonicalSql.ts) and settled (settle.ts). Line numbers count records (lineNumbers.ts).
 */
import type { Connector } from '../../db/connector';
import { literal } from '../../db/sql';
import { TABLES, type FileKind } from '../canonical';
import { decodePreview, type Preview } from '../decode';
import { repeatedNames, repeatedNamesMessage } from '../headers';
import { detectCanonicalKind } from '../kind';
import { fileLineEndings, isMixed, lineEndingNormaliser, normalisedNote, previewLineEndings, type LineEndingCounts } from '../lineEndings';
import { lineNumbersAfterRejects, readWithRejects } from '../lineNumbers';
import { strayBytesNote, type ImportReport } from '../report';
import { settle } from '../settle';
import { detectDelimiter, parseDelimited } from '../sniff';
import { byteLength, readAll, registerText } from '../source';
import { emptyWorkbookMessage, isEmptyWorkbook } from '../workbookNotes';
import { openWorkbook } from '../xlsx';
import { CANONICAL_JUDGED, canonicalChecks, canonicalJudgedSql, judgingColumns } from './canonicalSql';
import { checkRejectedLines, reading, type WholeFileEndings } from './mixedEndings';
import { ImportError, progressOf, type LoadAttempt, type LoadRequest } from './request';
import { rulesFor } from './rules';

/** A canonical text file registered for read_csv, and what was learnt on the way. */
interface CanonicalText {
  preview: Preview;
  delimiter: string;
  /** read_csv(...) of the file, header by name, DuckDB's rejected lines kept. */
  source: string;
  wholeFile: WholeFileEndings;
  notes: string[];
}

/** Load a canonical CSV whose first bytes are `head`. */
export async function loadCanonical(attempt: LoadAttempt, head: Uint8Array): Promise<ImportReport> {
  const { db, req, format, registered, setMeta, lineEndings } = attempt;
  if (format === 'xlsx') await refuseWorkbook(req);
  const preview = decodePreview(head, byteLength(req.data));
  const encoding = preview.encoding;
  setMeta({ encoding: encoding.encoding });
  const text = await registerCanonicalText(db, req, preview, registered, lineEndings);
  const headers = await headerNames(db, registered, text);
  refuseShortRows(headers.length, text.preview, text.delimiter);
  const kind = req.kind ?? detectCanonicalKind(headers, req.fileName);
  refuseRepeatedFields(text.preview.text, text.delimiter, kind);
  refuseMissingFields(kind, headers);
  const byLower = new Map(headers.map((h) => [h.trim().toLowerCase(), h]));
  req.onProgress?.({ phase: 'loading' });
  const rules = rulesFor(kind, req);
  const judge = canonicalJudgedSql(kind, byLower, rules, text.source, req.importId);
  const csvRejects = await reading(() => readWithRejects(db, judge), text.wholeFile);
  await checkRejectedLines(csvRejects, text.wholeFile);
  return settle(db, {
    importId: req.importId,
    fileName: req.fileName,
    kind,
    judged: CANONICAL_JUDGED,
    ord: '_row',
    adoptable: judgingColumns(kind),
    // Canonical files number records, not physical lines: the header is line 1 and a quoted field
    // spanning lines counts once (what a spreadsheet shows as the row number).
    lines: await lineNumbersAfterRejects(db, csvRejects, 1),
    checks: canonicalChecks(kind, rules),
    csvRejects,
    meta: { format: 'delimited', encoding: encoding.encoding, mapping: null, sheet: null, notes: [...text.notes, ...strayBytesNote(encoding)] },
  });
}

/** A workbook is never canonical: refused, saying why (it is empty, or it needs a mapping). */
async function refuseWorkbook(req: LoadRequest): Promise<never> {
  if (isEmptyWorkbook(await openWorkbook(await readAll(req.data)))) throw new ImportError(emptyWorkbookMessage(req.fileName));
  throw new ImportError('This is an Excel workbook: its columns need a mapping. Drop it on the import page, or give the headless report a --mapping.');
}

/** The file registered as UTF-8 text (transcoded, its line endings normalised when they mix), with its delimiter. */
async function registerCanonicalText(db: Connector, req: LoadRequest, preview: Preview, registered: string, lineEndings: LineEndingCounts | null): Promise<CanonicalText> {
  const delimiter = detectDelimiter(preview.text, { dropLast: preview.truncated }).delimiter;
  const endings = lineEndings ?? previewLineEndings(preview.text, '"', delimiter);
  const normalise = isMixed(endings);
  const utf8 =
    (await registerText(db, registered, req.data, preview.encoding, {
      onProgress: progressOf(req),
      signal: req.signal,
      ...(normalise ? { rewrite: lineEndingNormaliser() } : {}),
    })) ?? req.data;
  const source = `read_csv(${literal(registered)}, all_varchar = true, header = true, delim = ${literal(delimiter)},
    quote = '"', escape = '"', store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')`;
  return {
    preview,
    delimiter,
    source,
    wholeFile: normalise ? null : () => fileLineEndings(utf8, '"', delimiter, req.signal),
    notes: normalise ? [normalisedNote(endings)] : [],
  };
}

/** The file's column names as DuckDB reads its header. */
async function headerNames(db: Connector, registered: string, text: CanonicalText): Promise<string[]> {
  const rows = await reading(
    () =>
      db.query<{ column_name: string }>(
        // ignore_errors: a line DuckDB cannot decode must not stop it naming the columns (the read after rejects that line).
        `DESCRIBE SELECT * FROM read_csv(${literal(registered)}, all_varchar = true, header = true, delim = ${literal(text.delimiter)}, quote = '"', escape = '"', null_padding = true, ignore_errors = true)`,
      ),
    text.wholeFile,
  );
  return rows.map((r) => r.column_name);
}

/** Rows this many fields short of the header do not belong to it. */
const FAR_TOO_SHORT = 100;

/**
 * A header far wider than every row under it (thousands of named columns over rows of a few
 * fields) does not describe the rows: refused in plain words, where DuckDB would note each
 * missing field of each row as a rejected row (minutes for a few hundred rows).
 */
function refuseShortRows(headerWidth: number, preview: Preview, delimiter: string): void {
  const rows = parseDelimited(preview.text, delimiter, '"', { maxRows: 200, dropLast: preview.truncated }).rows.slice(1);
  const filled = rows.filter((r) => r.some((c) => c.trim() !== ''));
  const widest = Math.max(0, ...filled.map((r) => r.length));
  if (filled.length > 0 && headerWidth - widest > FAR_TOO_SHORT) {
    throw new ImportError(
      `The header row names ${headerWidth.toLocaleString('en-GB')} columns but the rows under it have at most ${widest} fields, so the rows do not line up with the header. ` +
        'Remove the header columns that hold no data (or export the file again) and try again.',
    );
  }
}

/** A canonical field named by two columns (`person_id,incident_id,person_id`): refused, naming them, never first-wins. */
function refuseRepeatedFields(preview: string, delimiter: string, kind: FileKind): void {
  const header = parseDelimited(preview.replace(/^\uFEFF/, ''), delimiter, '"', { maxRows: 1 }).rows[0] ?? [];
  const fields = new Set(TABLES[kind].fields.map((f) => f.name));
  const clash = repeatedNames(header).filter((g) => fields.has(g.name.toLowerCase()));
  if (clash.length > 0) throw new ImportError(repeatedNamesMessage(clash));
}

/** A kind given by the request may still lack a required column: refused, listing the file's columns. */
function refuseMissingFields(kind: FileKind, headers: string[]): void {
  const spec = TABLES[kind];
  const have = new Set(headers.map((h) => h.trim().toLowerCase()));
  const missing = spec.fields.filter((f) => f.required && !have.has(f.name)).map((f) => f.name);
  if (missing.length > 0) {
    throw new ImportError(`This ${spec.label.toLowerCase()} file has no column for ${missing.join(', ')}. Its columns are: ${headers.join(', ')}.`);
  }
}
