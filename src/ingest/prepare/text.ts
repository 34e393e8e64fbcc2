/**
 * Preparing a CSV / TSV export for the mapped loader: the preview parsed with the mapping's (or the
 * sniffed) delimiter and quote, the mapping fitted to its header (fit.ts), and the file registered
 * as UTF-8 (transcoded, line endings normalised when they mix) with a column for every field, so
 * a row wider than its header is read, not refused. Lines are physical lines (lineNumbers.ts).
 */
import type { Connector } from '../../db/connector';
import { literal } from '../../db/sql';
import { decodePreview, needsTranscoding, PREVIEW_BYTES, type EncodingGuess } from '../decode';
import { fileLineEndings, isMixed, lineEndingNormaliser, normalisedNote, previewLineEndings, type LineEndingCounts } from '../lineEndings';
import { textLineNumbers } from '../lineNumbers';
import { progressOf, type LoadRequest } from '../load/request';
import type { Mapping } from '../mapping';
import { strayBytesNote } from '../report';
import { parseDelimited, sniffText, type Delimiter, type Quote } from '../sniff';
import { byteLength, readTextHead, RecordLineScanner, registerText } from '../source';
import { fitMapping, refuseRepeatedColumns } from './fit';
import type { Prepared } from './prepared';

/** UTF-8 files up to this size have their record lines found by a scan (see LoadRequest.lineScanBytes). */
const SCAN_ALWAYS_BYTES = 8 << 20;

/** The preview's records as the mapping reads them: its delimiter and quote, or the sniffed ones. */
interface ParsedPreview {
  text: string;
  encoding: EncodingGuess;
  delimiter: Delimiter;
  quote: Quote;
  rows: string[][];
  /** 1-based line on which each record starts. */
  lines: number[];
}

export async function prepareText(db: Connector, req: LoadRequest, mapping: Mapping, registered: string, lineEndings: LineEndingCounts | null): Promise<Prepared> {
  const size = byteLength(req.data);
  const p = parsePreview(await readTextHead(req.data, PREVIEW_BYTES), size, mapping);
  const { delimiter, quote } = p;
  const fitted = fitMapping(mapping, p.rows, [], req.fileName);
  refuseRepeatedColumns(p.rows, fitted.mapping, []);
  const m: Mapping = { ...fitted.mapping, encoding: p.encoding.encoding, delimiter, quote };
  const notes = [...strayBytesNote(p.encoding), ...encodingNote(mapping, p.encoding)];
  // Data rows may be wider than the header (a trailing delimiter): every field gets a column,
  // read (so the row is not refused) but not mapped.
  const width = Math.max(m.headers.length, ...p.rows.slice(fitted.dataStart).map((r) => r.length));
  const names = Array.from({ length: width }, (_, i) => `c${i}`);

  // Small files: record lines are found while the text passes through (transcoding) or by a scan.
  const scanner = size <= (req.lineScanBytes ?? SCAN_ALWAYS_BYTES) ? new RecordLineScanner(quote, delimiter, fitted.dataStart) : null;
  const endings = lineEndings ?? previewLineEndings(p.text, quote, delimiter);
  const normalise = isMixed(endings);
  const transcoded = await registerText(db, registered, req.data, p.encoding, {
    onProgress: progressOf(req),
    signal: req.signal,
    ...(scanner ? { scan: scanner } : {}),
    ...(normalise ? { rewrite: lineEndingNormaliser() } : {}),
  });
  const utf8 = transcoded ?? req.data;
  if (needsTranscoding(p.encoding.encoding)) notes.push(`Read as ${p.encoding.encoding} (${p.encoding.reason}) and converted to UTF-8.`);
  if (normalise) notes.push(normalisedNote(endings));
  const source = `read_csv(${literal(registered)}, auto_detect = false, header = false, skip = ${fitted.dataStart},
    delim = ${literal(delimiter)}, quote = ${literal(quote)}, escape = ${literal(quote)},
    columns = {${names.map((n) => `'${n}': 'VARCHAR'`).join(', ')}}, null_padding = true, parallel = false,
    store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')`;
  const lines = {
    registered,
    utf8,
    quote,
    delimiter,
    dataStart: fitted.dataStart,
    dataStartLine: p.lines[fitted.dataStart] ?? fitted.dataStart + 1,
    scanner,
    scanned: transcoded !== null,
    signal: req.signal,
  };
  return {
    source,
    mapping: m,
    width,
    encoding: p.encoding.encoding,
    sheet: null,
    lineColumn: null,
    notes,
    wholeFile: normalise ? null : () => fileLineEndings(utf8, quote, delimiter, req.signal),
    lines: (csvRejects) => textLineNumbers(db, lines, csvRejects, notes),
  };
}

/** The file's first bytes decoded and parsed: sniffed, then parsed again if the mapping says otherwise. */
function parsePreview(head: Uint8Array, size: number, mapping: Mapping): ParsedPreview {
  const sniff = sniffText(head, size);
  const delimiter = mapping.delimiter ?? sniff.delimiter.delimiter;
  const quote = mapping.quote ?? sniff.delimiter.quote;
  const text = decodePreview(head, size).text;
  const same = delimiter === sniff.delimiter.delimiter && quote === sniff.delimiter.quote;
  const parsed = same ? sniff : parseDelimited(text, delimiter, quote, { dropLast: sniff.truncated });
  return { text, encoding: sniff.encoding, delimiter, quote, rows: parsed.rows, lines: parsed.lines };
}

/** Said when the file's encoding differs from the one the mapping was made on (UTF-8 with or without BOM alike). */
function encodingNote(mapping: Mapping, encoding: EncodingGuess): string[] {
  const was = mapping.encoding;
  if (!was || was === encoding.encoding || (was.startsWith('utf-8') && encoding.encoding.startsWith('utf-8'))) return [];
  return [`The mapping was made on a ${was} file; this one is ${encoding.encoding} and was read as such.`];
}
