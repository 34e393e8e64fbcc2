/**
 * What a dropped file is, before any mapping: a spreadsheet, a delimited text file (which
 * delimiter, which quote), or something we cannot read — with a message that says what to do.
 */
import { decodePreview, type EncodingGuess } from './decode';

export type Delimiter = ',' | '\t' | ';' | '|';
export const DELIMITERS: Delimiter[] = [',', '\t', ';', '|'];
export type Quote = '"' | "'";

export type FileFormat =
  | { format: 'delimited' }
  | { format: 'xlsx' }
  | { format: 'rejected'; reason: 'empty' | 'binary' | 'xls' | 'pdf' | 'zip' | 'image' | 'unreadable'; message: string };

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
const ascii = (b: Uint8Array) => new TextDecoder('latin1').decode(b.subarray(0, 64 * 1024));

/**
 * Decide the file format from its first bytes (give at least the first few KB; the xlsx check
 * looks for the workbook part names a zip lists near its start). `fileName` only sharpens messages.
 */
export function detectFormat(head: Uint8Array, fileName = ''): FileFormat {
  const reject = (reason: Extract<FileFormat, { format: 'rejected' }>['reason'], message: string): FileFormat => ({
    format: 'rejected',
    reason,
    message,
  });
  if (head.length === 0 || /^[\s\uFEFF]*$/.test(new TextDecoder().decode(head.subarray(0, 4096))))
    return reject('empty', `${fileName || 'The file'} is empty. Export the data again and check the export holds rows.`);
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const names = ascii(head);
    // Part names are stored uncompressed in each entry's header; Office zips start with them.
    if (names.includes('xl/') || (names.includes('[Content_Types].xml') && !/word\/|ppt\//.test(names))) return { format: 'xlsx' };
    return reject('zip', 'This is a zip archive, not a spreadsheet or CSV. Unzip it and drop the files inside.');
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0]))
    return reject('xls', 'This is an old-style Excel .xls workbook. Open it in Excel and save it as .xlsx or CSV, then drop that file.');
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46]))
    return reject('pdf', 'This is a PDF. PBS Lens needs the data itself: export the report from your system as CSV or Excel.');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || startsWith(head, [0xff, 0xd8, 0xff]) || startsWith(head, [0x47, 0x49, 0x46]))
    return reject('image', 'This is an image, not data. Export the report from your system as CSV or Excel.');
  if (startsWith(head, [0x1f, 0x8b]))
    return reject('binary', 'This is a compressed (gzip) file. Decompress it and drop the CSV inside.');
  const preview = decodePreview(head, Number.POSITIVE_INFINITY);
  if (looksBinary(preview.text))
    return reject(
      'binary',
      `${fileName || 'This file'} does not look like text (it holds control characters or NUL bytes). Export the data as CSV or Excel.`,
    );
  return { format: 'delimited' };
}

/**
 * Many control characters (NULs among them) left after decoding mean a binary file or an unknown
 * encoding. A stray NUL or two in text is not that: the rows holding one are rejected on import.
 */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.length === 0) return false;
  let bad = 0;
  let nul = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) nul++;
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) bad++;
  }
  // NULs every few characters (an undetected two-byte encoding, or binary data), or other controls.
  return nul / sample.length > 0.1 || bad / sample.length > 0.02;
}

export interface ParsedText {
  rows: string[][];
  /** 1-based physical line on which each record starts (records may span lines inside quotes). */
  lines: number[];
  /** True when the text ended inside a quoted field (the last record was dropped). */
  unterminatedQuote: boolean;
}

/**
 * RFC 4180 parsing with a chosen delimiter and quote: quoted fields may hold delimiters, quotes
 * (doubled) and newlines; CRLF, LF and CR all end a record. With `dropLast` the final record is
 * left out (a preview cut mid-line). Also records line numbers, which the import report needs.
 */
export function parseDelimited(
  text: string,
  delimiter: string,
  quote: Quote = '"',
  opts: { maxRows?: number; dropLast?: boolean } = {},
): ParsedText {
  const rows: string[][] = [];
  const lines: number[] = [];
  const max = opts.maxRows ?? Number.POSITIVE_INFINITY;
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n && rows.length < max) {
    const startLine = line;
    const row: string[] = [];
    let field = '';
    let inQuotes = false;
    let fieldStart = true;
    let ended = false;
    while (i < n) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === quote) {
          if (text[i + 1] === quote) {
            field += quote;
            i += 2;
          } else {
            inQuotes = false;
            i++;
          }
        } else {
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === quote && fieldStart) {
        inQuotes = true;
        fieldStart = false;
        i++;
      } else if (c === delimiter) {
        row.push(field);
        field = '';
        fieldStart = true;
        i++;
      } else if (c === '\r' || c === '\n') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        ended = true;
        break;
      } else {
        field += c;
        fieldStart = false;
        i++;
      }
    }
    if (inQuotes) return { rows, lines, unterminatedQuote: true };
    row.push(field);
    if (!ended && opts.dropLast) break;
    rows.push(row);
    lines.push(startLine);
  }
  return { rows, lines, unterminatedQuote: false };
}

export interface DelimiterGuess {
  delimiter: Delimiter;
  quote: Quote;
  /** Field count shared by most rows (the table width). */
  width: number;
  /** Share of non-blank rows that have that width. */
  consistency: number;
}

/**
 * Pick the delimiter under which most rows have the same number of fields (more than one).
 * Title rows above the header have one field under every delimiter, so they do not sway it.
 */
export function detectDelimiter(text: string, opts: { dropLast?: boolean } = {}): DelimiterGuess {
  let best: DelimiterGuess & { score: number } = { delimiter: ',', quote: '"', width: 1, consistency: 0, score: -1 };
  for (const delimiter of DELIMITERS) {
    const quote = detectQuote(text, delimiter);
    const { rows } = parseDelimited(text, delimiter, quote, { maxRows: 200, dropLast: opts.dropLast });
    const filled = rows.filter((r) => r.some((c) => c.trim() !== ''));
    const counts = new Map<number, number>();
    for (const r of filled) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let width = 1;
    let rowsAtWidth = 0;
    for (const [w, c] of counts) if (w > 1 && (c > rowsAtWidth || (c === rowsAtWidth && w > width))) [width, rowsAtWidth] = [w, c];
    if (width === 1) continue;
    const consistency = rowsAtWidth / Math.max(1, filled.length);
    // Rows at the modal width dominate; width breaks ties (a stray comma in text adds few rows).
    const score = rowsAtWidth * 1000 + width;
    if (score > best.score) best = { delimiter, quote, width, consistency, score };
  }
  const { score: _score, ...guess } = best;
  return guess;
}

/** Single quotes are used as the quote only when fields are clearly wrapped in them. */
function detectQuote(text: string, delimiter: string): Quote {
  const sample = text.slice(0, 16384);
  const count = (q: string) => {
    const esc = q === "'" ? "'" : '"';
    const d = delimiter === '|' ? '\\|' : delimiter === '\t' ? '\\t' : delimiter;
    return (sample.match(new RegExp(`(^|${d}|\\n)${esc}[^${esc}\\n]*${esc}(?=${d}|\\r|\\n|$)`, 'g')) ?? []).length;
  };
  return count("'") > 2 * count('"') + 2 ? "'" : '"';
}

/**
 * The preview's records are what DuckDB counts too: read_csv with the detected `delim`, `quote`
 * and `escape` given explicitly, `header = false` and `skip = dataStart` (a record index here,
 * blank lines included) starts at the first data record, even when titles or the header hold
 * quoted line breaks. Without an explicit dialect DuckDB's sniffer trips over title rows.
 */
export interface TextSniff {
  encoding: EncodingGuess;
  delimiter: DelimiterGuess;
  /** Parsed preview records (header search and previews work on these). */
  rows: string[][];
  lines: number[];
  /** The preview did not reach the end of the file. */
  truncated: boolean;
}

/** Decode a text file's first bytes and parse them: the preview the mapping step works on. */
export function sniffText(head: Uint8Array, totalBytes = head.length): TextSniff {
  const preview = decodePreview(head, totalBytes);
  const delimiter = detectDelimiter(preview.text, { dropLast: preview.truncated });
  const parsed = parseDelimited(preview.text, delimiter.delimiter, delimiter.quote, { dropLast: preview.truncated });
  return {
    encoding: preview.encoding,
    delimiter,
    rows: parsed.rows,
    lines: parsed.lines,
    truncated: preview.truncated,
  };
}

