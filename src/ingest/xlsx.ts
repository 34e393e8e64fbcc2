/**
 * Excel workbooks (.xlsx) as text tables, then as CSV bytes the DuckDB loader reads like any
 * other export. The zip is read by zip.ts (fflate inflates); the workbook's XML is read here,
 * a sheet row by row as it is inflated, so a large sheet is never held as XML, DOM or cell
 * objects: only its rows as text, or (loading) only the CSV they become. Same code in Node and
 * the browser. DuckDB's read_xlsx is not used: it needs an extension and fails on real files.
 *
 * What a sheet's cells become: shared and inline strings as their text (rich-text runs joined,
 * phonetic runs left out, _xHHHH_ escapes decoded); numbers as the shortest text that reads back
 * the same; numbers in a date or time format (built-in or custom, 1900 or 1904 date system) as
 * ISO text (`2025-04-11`, `2025-04-11 23:40:00`, `23:40:00`; an elapsed `[h]:mm` format as
 * hours:minutes:seconds); booleans as TRUE / FALSE; formulas by their cached result; errors empty.
 */
import type { MergeRange } from './headers';
import { ImportCancelled } from './source';
import { entryChunks, entryText, xmlText, zipEntries, type ZipEntry } from './zip';

export interface SheetInfo {
  name: string;
  /** Rows and columns in use (0 and 0 for a sheet without cells). */
  rows: number;
  columns: number;
  /** Hidden or very hidden in Excel. */
  hidden: boolean;
}

/** A sheet as text: `rows[i]` is sheet row i + 1 (blank rows kept, so indices are row numbers − 1). */
export interface SheetTable {
  name: string;
  rows: string[][];
  merges: MergeRange[];
  /** Sheet row numbers (1-based) of hidden rows that hold values, in order. */
  hiddenRows: number[];
  /** Hidden columns (0-based) of the sheet. */
  hiddenColumns: number[];
  /** Rows with values were left out after `limit`. */
  truncated: boolean;
}

export interface ReadOptions {
  /** Keep at most this many rows (the rest is still scanned for merges and hidden rows). */
  limit?: number;
}

export interface XlsxWorkbook {
  sheets: SheetInfo[];
  /** The workbook counts dates from 1904-01-01 (old Mac Excel), not 1899-12-30. */
  date1904: boolean;
  /** Read one sheet (by name) into text cells. */
  read(sheet: string, opts?: ReadOptions): SheetTable;
  /** The same, giving the event loop a turn every few MB (for the page: a large sheet does not freeze it). */
  readAsync(sheet: string, opts?: ReadOptions & StreamOptions): Promise<SheetTable>;
  /**
   * Read one sheet row by row without keeping the rows: `onRow` gets each row with values (its
   * 0-based index, its cells, whether Excel hides it). The cells array is the caller's to keep.
   * Gives the event loop a turn every few MB (a page stays responsive, Cancel can be pressed).
   */
  stream(sheet: string, onRow: (index: number, cells: string[], hidden: boolean) => void, opts?: StreamOptions): Promise<Omit<SheetTable, 'rows' | 'truncated'>>;
  /** The sheet's merged ranges only (they follow the cells in the XML: this inflates the sheet but reads only its end). */
  merges(sheet: string): MergeRange[];
}

export interface StreamOptions {
  /** The share of the sheet read so far, 0–1. */
  onProgress?: (share: number) => void;
  /** Stops the read with ImportCancelled. */
  signal?: AbortSignal;
}

export class XlsxError extends Error {}

/** An error thrown by the caller's row callback, carried past the reader's own error handling. */
class CallerError {
  constructor(readonly error: unknown) {}
}

/** Inflated XML between turns given to the event loop while streaming (~0.1 s of reading). */
const YIELD_BYTES = 2 << 20;
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const unreadable = (why: string) =>
  new XlsxError(`This Excel file could not be read (${why}). Open it in Excel, save it again as .xlsx or CSV, and drop that file.`);

/** Open a workbook from its bytes. Throws XlsxError with a message for the user if it cannot be read. */
export async function openWorkbook(data: Uint8Array | ArrayBuffer): Promise<XlsxWorkbook> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  try {
    return open(bytes);
  } catch (e) {
    if (e instanceof XlsxError) throw e;
    throw unreadable((e as Error).message);
  }
}

interface SheetPart {
  name: string;
  entry: ZipEntry | undefined;
  hidden: boolean;
}

function open(bytes: Uint8Array): XlsxWorkbook {
  const entries = zipEntries(bytes);
  const part = (path: string) => entries.get(path.replace(/^\/+/, '').toLowerCase());
  const text = (path: string) => {
    const e = part(path);
    return e ? entryText(bytes, e) : null;
  };
  const rootRels = relationships(text('_rels/.rels') ?? '', '');
  const bookPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const book = text(bookPath);
  if (book === null) throw unreadable('it has no workbook part: it may be a Word or PowerPoint file, or damaged');
  const dir = bookPath.includes('/') ? bookPath.slice(0, bookPath.lastIndexOf('/') + 1) : '';
  const rels = relationships(text(`${dir}_rels/${bookPath.slice(dir.length)}.rels`) ?? '', dir);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const target = (type: string, fallback: string) => rels.find((r) => r.type.endsWith(type))?.target ?? fallback;

  const pr = firstTag(book, 'workbookPr');
  const date1904 = pr !== null && /^(1|true)$/i.test(attr(pr, 'date1904') ?? '');
  const parts: SheetPart[] = tags(book, 'sheet').map((tag) => {
    const rel = byId.get(attrBySuffix(tag, ':id') ?? '');
    const state = attr(tag, 'state') ?? 'visible';
    return { name: decodeXml(attr(tag, 'name') ?? ''), entry: rel ? part(rel.target) : undefined, hidden: state !== 'visible' };
  });
  const styles = dateStyles(text(target('/styles', `${dir}styles.xml`)) ?? '');
  let shared: string[] | null = null;
  const sharedStrings = () => {
    if (shared === null) {
      const e = part(target('/sharedStrings', `${dir}sharedStrings.xml`));
      shared = e ? readSharedStrings(bytes, e) : [];
    }
    return shared;
  };
  const ctx: CellContext = { strings: sharedStrings, styles, date1904, dates: new Map() };
  const sheetText = (p: SheetPart) => (p.entry ? chunkedText(entryChunks(bytes, p.entry)) : emptyText());
  const find = (name: string) => {
    const p = parts.find((s) => s.name === name);
    if (!p) throw new XlsxError(`There is no sheet called "${name}" in this workbook.`);
    return p;
  };
  const guard = <T>(run: () => T): T => {
    try {
      return run();
    } catch (e) {
      if (e instanceof XlsxError) throw e;
      throw unreadable((e as Error).message);
    }
  };
  const cellsOf = (p: SheetPart, keep: (index: number, cells: string[], hidden: boolean) => boolean) =>
    guard(() => scanSheet(sheetText(p), ctx, keep));

  return {
    sheets: parts.map((p) => ({ name: p.name, hidden: p.hidden, ...guard(() => sheetSize(bytes, p.entry, sheetText(p), ctx)) })),
    date1904,
    read(name, opts = {}) {
      const c = collector(opts.limit);
      const r = cellsOf(find(name), c.keep);
      return { name, rows: c.rows, merges: r.merges, hiddenRows: r.hiddenRows, hiddenColumns: r.hiddenColumns, truncated: c.truncated() };
    },
    async readAsync(name, opts = {}) {
      const c = collector(opts.limit);
      const scanner = new SheetScanner(ctx, c.keep);
      await drive(find(name), scanner, opts);
      const r = scanner.result;
      return { name, rows: c.rows, merges: r.merges, hiddenRows: r.hiddenRows, hiddenColumns: r.hiddenColumns, truncated: c.truncated() };
    },
    async stream(name, onRow, opts = {}) {
      const scanner = new SheetScanner(ctx, (index, cells, hidden) => {
        try {
          onRow(index, cells, hidden);
        } catch (e) {
          throw new CallerError(e);
        }
        return true;
      });
      await drive(find(name), scanner, opts);
      const r = scanner.result;
      return { name, merges: r.merges, hiddenRows: r.hiddenRows, hiddenColumns: r.hiddenColumns };
    },
    merges(name) {
      const p = find(name);
      return p.entry ? guard(() => tailMerges(bytes, p.entry!) ?? cellsOf(p, () => false).merges) : [];
    },
  };

  /** Push the sheet's text through `scanner`, with a turn for the event loop, progress and Cancel every few MB. */
  async function drive(p: SheetPart, scanner: SheetScanner, opts: StreamOptions): Promise<void> {
    let done = 0;
    let turn = 0;
    const counted = function* (chunks: Iterable<Uint8Array>) {
      for (const c of chunks) {
        done += c.length;
        yield c;
      }
    };
    try {
      for (const text of p.entry ? chunkedText(counted(entryChunks(bytes, p.entry))) : []) {
        scanner.push(text);
        if (done - turn < YIELD_BYTES) continue;
        turn = done;
        opts.onProgress?.(Math.min(1, done / Math.max(1, p.entry!.size)));
        await pause();
        if (opts.signal?.aborted) throw new ImportCancelled();
      }
    } catch (e) {
      if (e instanceof CallerError) throw e.error;
      if (e instanceof XlsxError || e instanceof ImportCancelled) throw e;
      throw unreadable((e as Error).message);
    }
  }
}

/** Keeps rows (blank rows as []) up to `limit`, noting whether rows with values came after it. */
function collector(limit = Infinity) {
  const rows: string[][] = [];
  let truncated = false;
  return {
    rows,
    truncated: () => truncated,
    keep: (index: number, cells: string[]) => {
      if (index >= limit) {
        truncated = true;
        return false;
      }
      while (rows.length < index) rows.push([]);
      rows.push(cells);
      return true;
    },
  };
}

/** The visible sheet with the most cells (any sheet with cells when all with cells are hidden); none when no sheet has cells. */
export function likelySheet(sheets: SheetInfo[]): string | undefined {
  const filled = sheets.filter((s) => s.rows > 0 && s.columns > 0);
  const visible = filled.filter((s) => !s.hidden);
  return [...(visible.length ? visible : filled)].sort((a, b) => b.rows * b.columns - a.rows * a.columns)[0]?.name;
}

// ---------------------------------------------------------------------------------------------
// XML, read with string searches: the parts are machine-written and regular, and a general parser
// building objects per cell is what made the old reader take ten times as long as the CSV.

/** The value of attribute `name` in a start tag (names compared as written, prefix included). */
export function attr(tag: string, name: string): string | undefined {
  for (let i = tag.indexOf(name + '='); i >= 0; i = tag.indexOf(name + '=', i + 1)) {
    const before = tag.charCodeAt(i - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    const at = i + name.length + 1;
    const end = tag.indexOf(tag[at]!, at + 1);
    return end < 0 ? undefined : tag.slice(at + 1, end);
  }
  return undefined;
}

/** The value of the first attribute whose name ends in `suffix` (r:id, whatever the prefix). */
function attrBySuffix(tag: string, suffix: string): string | undefined {
  const m = new RegExp(`\\s[\\w.-]*${suffix}\\s*=\\s*("[^"]*"|'[^']*')`).exec(tag);
  return m ? m[1]!.slice(1, -1) : undefined;
}

const tagPattern = (name: string) => new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])[^>]*>`, 'g');

/** Start (or empty) tags of element `name`, any namespace prefix. */
function tags(xml: string, name: string): string[] {
  return xml.match(tagPattern(name)) ?? [];
}

function firstTag(xml: string, name: string): string | null {
  return tagPattern(name).exec(xml)?.[0] ?? null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character references and entities, OOXML's _xHHHH_ escapes, and XML's line-end normalisation. */
export function decodeXml(s: string): string {
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') >= 0)
    s = s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m),
    );
  if (s.indexOf('_x') >= 0) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/** The text of a string item (<si>, <is>): its <t> elements, rich-text runs joined, phonetic (<rPh>) runs left out. */
function stringItem(xml: string): string {
  if (xml.indexOf('rPh') >= 0) xml = xml.replace(/<(?:[\w.-]+:)?rPh[\s>][\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '');
  let out = '';
  const re = /<(?:[\w.-]+:)?t(?:\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out += m[1] ?? '';
  return decodeXml(out);
}

interface Rel {
  id: string;
  type: string;
  /** Full part name inside the zip. */
  target: string;
}

function relationships(xml: string, base: string): Rel[] {
  return tags(xml, 'Relationship')
    .filter((t) => attr(t, 'TargetMode') !== 'External')
    .map((t) => ({ id: attr(t, 'Id') ?? '', type: attr(t, 'Type') ?? '', target: resolvePath(base, decodeXml(attr(t, 'Target') ?? '')) }));
}

function resolvePath(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

// ---------------------------------------------------------------------------------------------
// Styles: which cell formats show a number as a date, a time or an elapsed duration.

const enum DateKind {
  None = 0,
  Date = 1,
  Elapsed = 2,
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, with the East Asian ones). */
const BUILTIN_DATE = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Per cell format (the `s` index of a cell): how its numbers read. */
function dateStyles(xml: string): Uint8Array {
  const custom = new Map<number, string>();
  for (const t of tags(xml, 'numFmt')) custom.set(Number(attr(t, 'numFmtId')), decodeXml(attr(t, 'formatCode') ?? ''));
  const m = /<(?:[\w.-]+:)?cellXfs[\s>][\s\S]*?<\/(?:[\w.-]+:)?cellXfs>/.exec(xml);
  const xfs = m ? tags(m[0], 'xf') : [];
  return Uint8Array.from(xfs, (t) => {
    const id = Number(attr(t, 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code !== undefined) return formatKind(code);
    return id === 46 ? DateKind.Elapsed : BUILTIN_DATE.has(id) ? DateKind.Date : DateKind.None;
  });
}

/** A number format code's kind: date letters outside quotes, escapes and [colour] or [$-locale] brackets. */
export function formatKind(code: string): DateKind {
  const first = code.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0]!;
  const bare = first.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/[_*]./g, '');
  if (/\[(h+|m+|s+)\]/i.test(bare)) return DateKind.Elapsed;
  const plain = bare.replace(/\[[^\]]*\]/g, '');
  if (/general/i.test(plain)) return DateKind.None;
  return /[ymdhs]/i.test(plain) || /[eg]/.test(plain.replace(/e[+-]/gi, '')) ? DateKind.Date : DateKind.None;
}

// ---------------------------------------------------------------------------------------------
// Values.

const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

function clock(seconds: number): string {
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
}

/**
 * A serial date-time as text: day 0 alone is "time only"; whole days are dates. The 1900 system
 * counts a 29 February 1900 that never was (Lotus's bug): serials before it are a day later.
 */
export function serialText(serial: number, date1904: boolean, kind: DateKind = DateKind.Date): string {
  if (!Number.isFinite(serial) || serial < 0) return numberText(String(serial));
  const total = Math.round(serial * 86_400);
  if (kind === DateKind.Elapsed) return clock(total);
  const days = Math.floor(total / 86_400);
  const seconds = total - days * 86_400;
  if (days === 0) return clock(seconds);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const date = new Date(epoch + days * DAY_MS).toISOString().slice(0, 10);
  return seconds === 0 ? date : `${date} ${clock(seconds)}`;
}

/** Excel writes up to 17 significant digits; the shortest text that reads back the same is kept. */
function numberText(v: string): string {
  if (/^-?\d{1,15}$/.test(v)) return v;
  const n = Number(v);
  return Number.isFinite(n) ? String(n) : v;
}

/** A t="d" cell (ISO 8601 text) in the same shape as a serial date. */
function isoText(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})?T?(\d{2}:\d{2}(?::\d{2})?)?/.exec(v);
  if (!m || (!m[1] && !m[2])) return v;
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '';
  if (!m[1]) return time;
  return !time || time === '00:00:00' ? m[1] : `${m[1]} ${time}`;
}

/** "AB" → 27 (0-based); letters only up to the first digit. */
function columnIndex(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

/** "B3:D4" → 0-based inclusive range. */
export function parseRange(ref: string): MergeRange {
  const [a, b = a] = ref.split(':') as [string, string?];
  const one = (s: string) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(s.trim());
    if (!m) throw new XlsxError(`bad cell range ${ref}`);
    return { row: Number(m[2]) - 1, col: columnIndex(m[1]!.toUpperCase()) };
  };
  const [p, q] = [one(a), one(b!)];
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

// ---------------------------------------------------------------------------------------------
// Streaming: text in pieces, complete elements out.

/** Inflated bytes as text pieces (UTF-8, or UTF-16 when the part starts with its BOM). */
function* chunkedText(chunks: Iterable<Uint8Array>): Generator<string> {
  let decoder: TextDecoder | null = null;
  for (const chunk of chunks) {
    if (!decoder) {
      const utf16 = chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : null;
      decoder = new TextDecoder(utf16 ?? 'utf-8');
    }
    const s = decoder.decode(chunk, { stream: true });
    if (s) yield s;
  }
  const rest = decoder?.decode() ?? '';
  if (rest) yield rest;
}

function* emptyText(): Generator<string> {}

/**
 * Finds complete `<open …>…</close>` (or `<open …/>`) elements in text that arrives in pieces,
 * keeping only the unfinished tail between pieces. `onBlock` returns false to stop.
 */
class Blocks {
  private buf = '';
  private pos = 0;
  stopped = false;
  /** The text from `end` on, once it was found after the last element. */
  tail: string | null = null;

  constructor(
    private readonly open: string,
    private readonly close: string,
    private readonly onBlock: (tag: string, inner: string | null) => boolean,
    /** Where the elements end (e.g. </sheetData>): looked for only where no element follows. */
    private readonly end?: string,
  ) {}

  push(text: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    const { buf, open, close } = this;
    let pos = 0;
    while (!this.stopped) {
      const s = buf.indexOf(open, pos);
      if (s < 0) {
        const e = this.end ? buf.indexOf(this.end, pos) : -1;
        if (e >= 0) {
          this.tail = buf.slice(e);
          this.stopped = true;
          pos = buf.length;
          break;
        }
        pos = Math.max(pos, buf.length - Math.max(open.length, this.end?.length ?? 0));
        break;
      }
      const next = buf.charCodeAt(s + open.length);
      if (next === next && next !== 32 && next !== 62 && next !== 47 && next !== 9 && next !== 10 && next !== 13) {
        // A longer name (<rowBreaks, <mergeCells): past the end, if the end comes before it.
        const e = this.end ? buf.indexOf(this.end, pos) : -1;
        if (e >= 0 && e < s) {
          this.tail = buf.slice(e);
          this.stopped = true;
          pos = buf.length;
          break;
        }
        pos = s + 1;
        continue;
      }
      const tagEnd = buf.indexOf('>', s);
      if (tagEnd < 0) {
        pos = s;
        break;
      }
      if (buf.charCodeAt(tagEnd - 1) === 47) {
        pos = tagEnd + 1;
        if (!this.onBlock(buf.slice(s, tagEnd + 1), null)) this.stopped = true;
        continue;
      }
      const end = buf.indexOf(close, tagEnd);
      if (end < 0) {
        pos = s;
        break;
      }
      pos = end + close.length;
      if (!this.onBlock(buf.slice(s, tagEnd + 1), buf.slice(tagEnd + 1, end))) this.stopped = true;
    }
    this.pos = pos;
  }
}

function readSharedStrings(bytes: Uint8Array, e: ZipEntry): string[] {
  const out: string[] = [];
  let blocks: Blocks | null = null;
  let head = '';
  for (const text of chunkedText(entryChunks(bytes, e))) {
    if (!blocks) {
      head += text;
      const m = /<([\w.-]+:)?sst[\s>]/.exec(head);
      if (!m) continue;
      const p = m[1] ?? '';
      blocks = new Blocks(`<${p}si`, `</${p}si>`, (_, inner) => {
        out.push(inner === null ? '' : stringItem(inner));
        return true;
      });
      blocks.push(head);
    } else blocks.push(text);
  }
  return out;
}

interface CellContext {
  strings: () => string[];
  styles: Uint8Array;
  date1904: boolean;
  /** Serial number text → date text, filled as cells are read. */
  dates: Map<string, string>;
}

interface ScanResult {
  merges: MergeRange[];
  hiddenRows: number[];
  hiddenColumns: number[];
  /** Last row and column (1-based) holding a value. */
  rows: number;
  columns: number;
}

/**
 * Reads a worksheet's XML as it arrives (push the text in pieces): the part before <sheetData>
 * (hidden columns), each <row> (cells turned into text and handed to `keep` while it returns
 * true; after that only the row's hidden flag is read), and the <mergeCell> elements after the cells.
 */
class SheetScanner {
  readonly result: ScanResult = { merges: [], hiddenRows: [], hiddenColumns: [], rows: 0, columns: 0 };
  private head: string | null = '';
  private rows: Blocks | null = null;
  private mergeCells: Blocks | null = null;
  private wanted = true;
  private next = 0;
  private prefix = '';

  constructor(
    private readonly ctx: CellContext,
    private readonly keep: (index: number, cells: string[], hidden: boolean) => boolean,
  ) {}

  push(text: string): void {
    if (this.head === null) {
      // Rows until </sheetData>; merged ranges only after it (one search of the cells' text, not two).
      if (this.rows!.tail === null) {
        this.rows!.push(text);
        if (this.rows!.tail !== null) this.mergeCells!.push(this.rows!.tail);
      } else this.mergeCells!.push(text);
      return;
    }
    const head = (this.head += text);
    const root = /<([\w.-]+:)?(worksheet|chartsheet|dialogsheet)[\s>]/.exec(head);
    const at = root ? head.indexOf(`<${root[1] ?? ''}sheetData`) : -1;
    const tagEnd = at < 0 ? -1 : head.indexOf('>', at);
    if (tagEnd < 0) return;
    const p = (this.prefix = root![1] ?? '');
    for (const col of tags(head.slice(0, at), 'col')) {
      if (!/^(1|true)$/.test(attr(col, 'hidden') ?? '')) continue;
      for (let c = Number(attr(col, 'min')) - 1; c < Number(attr(col, 'max')) && c < 16384; c++) this.result.hiddenColumns.push(c);
    }
    this.rows = new Blocks(`<${p}row`, `</${p}row>`, (tag, inner) => this.row(tag, inner), `</${p}sheetData`);
    this.mergeCells = new Blocks(`<${p}mergeCell`, `</${p}mergeCell>`, (tag) => {
      const ref = attr(tag, 'ref');
      if (ref) this.result.merges.push(parseRange(ref));
      return true;
    });
    this.head = null;
    if (head.charCodeAt(tagEnd - 1) === 47) {
      // <sheetData/>: no cells.
      this.rows.tail = head.slice(tagEnd + 1);
      this.mergeCells.push(this.rows.tail);
    } else this.push(head.slice(tagEnd + 1));
  }

  private row(tag: string, inner: string | null): boolean {
    const r = attr(tag, 'r');
    const index = r ? Number(r) - 1 : this.next;
    this.next = index + 1;
    const hidden = /^(1|true)$/.test(attr(tag, 'hidden') ?? '');
    if (inner === null || inner.indexOf('<') < 0) return true;
    if (this.wanted) {
      const cells = rowCells(inner, this.ctx, this.prefix);
      if (cells.length === 0) return true;
      this.result.rows = index + 1;
      this.result.columns = Math.max(this.result.columns, cells.length);
      if (hidden) this.result.hiddenRows.push(index + 1);
      this.wanted = this.keep(index, cells, hidden);
    } else if (hidden && /<(?:[\w.-]+:)?[vt][\s>]/.test(inner)) this.result.hiddenRows.push(index + 1);
    return true;
  }
}

function scanSheet(pieces: Iterable<string>, ctx: CellContext, keep: (index: number, cells: string[], hidden: boolean) => boolean): ScanResult {
  const scanner = new SheetScanner(ctx, keep);
  for (const text of pieces) scanner.push(text);
  return scanner.result;
}

/**
 * Where the value of attribute `pattern` ("r=") starts inside the start tag xml[from, to): the
 * index after its opening quote, or -1. Read in place: no slice per cell.
 */
function attrStart(xml: string, from: number, to: number, pattern: string): number {
  for (let i = xml.indexOf(pattern, from); i >= 0 && i < to; i = xml.indexOf(pattern, i + 1)) {
    const before = xml.charCodeAt(i - 1);
    if (before === 32 || before === 9 || before === 10 || before === 13) return i + pattern.length + 1;
  }
  return -1;
}

/** The digits at xml[at…] as a number (a style or shared-string index). */
function intAt(xml: string, at: number, end = xml.length): number {
  let n = 0;
  for (let c = xml.charCodeAt(at); at < end && c >= 48 && c <= 57; c = xml.charCodeAt(++at)) n = n * 10 + (c - 48);
  return n;
}

/** The column (0-based) of a cell reference starting at xml[at] ("AB12" → 27). */
function columnAt(xml: string, at: number): number {
  let col = 0;
  for (let c = xml.charCodeAt(at) & ~32; c >= 65 && c <= 90; c = xml.charCodeAt(++at) & ~32) col = col * 26 + (c - 64);
  return col - 1;
}

/** Cell texts of one row's XML (`p` is the namespace prefix with its colon, usually empty). */
function rowCells(xml: string, ctx: CellContext, p: string): string[] {
  const cells: string[] = [];
  const open = `<${p}c`;
  const close = `</${p}c>`;
  let col = -1;
  let pos = 0;
  for (let s = xml.indexOf(open, pos); s >= 0; s = xml.indexOf(open, pos)) {
    const tagEnd = xml.indexOf('>', s);
    if (tagEnd < 0) break;
    const r = attrStart(xml, s, tagEnd, 'r=');
    col = r >= 0 ? columnAt(xml, r) : col + 1;
    if (xml.charCodeAt(tagEnd - 1) === 47) {
      pos = tagEnd + 1;
      continue;
    }
    let end = xml.indexOf(close, tagEnd);
    if (end < 0) end = xml.length;
    pos = end + close.length;
    const text = cellValue(xml, s, tagEnd, end, ctx, p);
    if (text === '' || col < 0) continue;
    while (cells.length < col) cells.push('');
    cells[col] = text;
  }
  return cells;
}

/** The text of the cell whose start tag is xml[s, tagEnd] and whose content ends at `end`. */
function cellValue(xml: string, s: number, tagEnd: number, end: number, ctx: CellContext, p: string): string {
  const ti = attrStart(xml, s, tagEnd, 't=');
  const t = ti < 0 ? 'n' : xml.slice(ti, xml.indexOf(xml[ti - 1]!, ti));
  if (t === 'inlineStr') {
    const is = xml.indexOf(`<${p}is`, tagEnd);
    return is < 0 || is > end ? '' : stringItem(xml.slice(is, end));
  }
  // The <v> element's text.
  const vs = xml.indexOf(`<${p}v`, tagEnd);
  if (vs < 0 || vs > end) return '';
  const vo = xml.indexOf('>', vs);
  if (xml.charCodeAt(vo - 1) === 47) return '';
  let ve = xml.indexOf('<', vo);
  if (ve < 0) ve = end;
  if (ve === vo + 1) return '';
  switch (t) {
    case 's':
      return ctx.strings()[intAt(xml, vo + 1, ve)] ?? '';
    case 'str':
      return decodeXml(xml.slice(vo + 1, ve));
    case 'b':
      return xml.charCodeAt(vo + 1) === 49 || xml.startsWith('true', vo + 1) ? 'TRUE' : 'FALSE';
    case 'e':
      return '';
    case 'd':
      return isoText(xml.slice(vo + 1, ve));
    default: {
      const v = xml.slice(vo + 1, ve);
      const si = attrStart(xml, s, tagEnd, 's=');
      const kind = si >= 0 ? (ctx.styles[intAt(xml, si)] ?? DateKind.None) : DateKind.None;
      if (kind === DateKind.None) return numberText(v);
      // Rosters repeat the same dates and times: each serial is turned into text once.
      const key = kind === DateKind.Elapsed ? `e${v}` : v;
      let text = ctx.dates.get(key);
      if (text === undefined) {
        if (ctx.dates.size > 100_000) ctx.dates.clear();
        ctx.dates.set(key, (text = serialText(Number(v), ctx.date1904, kind)));
      }
      return text;
    }
  }
}

/** Rows and columns with values: from <dimension> when it names a range, else by reading the sheet. */
function sheetSize(bytes: Uint8Array, entry: ZipEntry | undefined, pieces: Iterable<string>, ctx: CellContext): { rows: number; columns: number } {
  if (!entry) return { rows: 0, columns: 0 };
  let head = '';
  for (const b of entryChunks(bytes, entry)) {
    head = xmlText(b.subarray(0, 1 << 16));
    break;
  }
  const ref = attr(firstTag(head, 'dimension') ?? '', 'ref');
  const r = ref ? parseRange(ref) : null;
  if (r && (r.bottom > r.top || r.right > r.left)) return { rows: r.bottom + 1, columns: r.right + 1 };
  // No range (or a single cell, which some writers put on every sheet): count.
  const scanned = scanSheet(pieces, ctx, () => true);
  return { rows: scanned.rows, columns: scanned.columns };
}

/**
 * The merged ranges from the end of the sheet's XML, keeping only its last few MB while
 * inflating (they come after the cells). Null when the cells do not end within that tail.
 */
function tailMerges(bytes: Uint8Array, entry: ZipEntry): MergeRange[] | null {
  const TAIL = 4 << 20;
  let tail: Uint8Array[] = [];
  let size = 0;
  for (const chunk of entryChunks(bytes, entry)) {
    tail.push(chunk);
    size += chunk.length;
    while (tail.length > 1 && size - tail[0]!.length >= TAIL) size -= tail.shift()!.length;
  }
  const joined = new Uint8Array(size);
  let at = 0;
  for (const c of tail) {
    joined.set(c, at);
    at += c.length;
  }
  tail = [];
  const text = new TextDecoder('utf-8').decode(joined);
  const end = /<\/(?:[\w.-]+:)?sheetData>|<(?:[\w.-]+:)?sheetData\s*\/>/.exec(text);
  if (!end) return null;
  return tags(text.slice(end.index), 'mergeCell').flatMap((t) => {
    const ref = attr(t, 'ref');
    return ref ? [parseRange(ref)] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// CSV for the loader.

export interface CsvOptions {
  /** Column names to write as the CSV header (e.g. HeaderDetection.headers). */
  headers: string[];
  /** Index of the first data row in `rows`. */
  dataStart: number;
  /** When given, a first column of this name holds each row's sheet row number (for the import report). */
  lineColumn?: string;
}

const csvField = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * CSV (UTF-8, comma, LF) written row by row: one header line, then every non-blank data row at
 * or after `dataStart`, padded or cut to the header width. `lineColumn` keeps sheet row numbers.
 * The text is encoded a MB at a time and folded into a Blob every 16 MB (browsers keep large
 * Blobs on disk), so a large sheet is never one string.
 */
export class CsvSink {
  private readonly enc = new TextEncoder();
  private readonly width: number;
  private chunk: string;
  private parts: Uint8Array<ArrayBuffer>[] = [];
  private folded: Blob | null = null;
  /** Data rows written. */
  rows = 0;

  constructor(private readonly opts: CsvOptions) {
    this.width = opts.headers.length;
    this.chunk = (opts.lineColumn ? [opts.lineColumn, ...opts.headers] : opts.headers).map(csvField).join(',') + '\n';
  }

  row(index: number, row: string[]): void {
    if (index < this.opts.dataStart) return;
    let blank = true;
    for (let c = 0; c < row.length && blank; c++) blank = row[c]!.trim() === '';
    if (blank) return;
    let line = this.opts.lineColumn ? String(index + 1) : '';
    for (let c = 0; c < this.width; c++) {
      if (c > 0 || this.opts.lineColumn) line += ',';
      line += csvField(row[c] ?? '');
    }
    this.chunk += line + '\n';
    this.rows++;
    if (this.chunk.length > 1 << 20) this.encode();
  }

  private encode(): void {
    if (this.chunk) this.parts.push(this.enc.encode(this.chunk) as Uint8Array<ArrayBuffer>);
    this.chunk = '';
    if (this.parts.length >= 16) {
      this.folded = new Blob([...(this.folded ? [this.folded] : []), ...this.parts]);
      this.parts = [];
    }
  }

  /** The CSV written, as a Blob. */
  blob(): Blob {
    this.encode();
    return new Blob([...(this.folded ? [this.folded] : []), ...this.parts]);
  }

  /** The CSV written, as bytes (for small sheets and tests). */
  bytes(): Uint8Array {
    this.encode();
    if (this.folded) throw new Error('CsvSink.bytes() is for small sheets; use blob()');
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** CSV bytes of rows held in memory (see CsvSink). */
export function sheetToCsv(rows: string[][], opts: CsvOptions): Uint8Array {
  const sink = new CsvSink(opts);
  rows.forEach((row, i) => sink.row(i, row));
  return sink.bytes();
}
