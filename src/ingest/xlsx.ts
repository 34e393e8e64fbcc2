/**
 * Excel workbooks (.xlsx) as text tables, then as CSV bytes the DuckDB loader reads like any
 * other export. exceljs does the parsing (works in Node and, bundled by Vite, in the browser);
 * it is imported on demand so the ~1 MB library is only fetched when a workbook is dropped.
 * DuckDB's read_xlsx is not used: it needs an extension and fails on real files.
 */
import type { MergeRange } from './headers';

export interface SheetInfo {
  name: string;
  /** Rows and columns in use. */
  rows: number;
  columns: number;
  hidden: boolean;
}

/** A sheet as text: `rows[i]` is sheet row i + 1 (blank rows kept, so indices are row numbers − 1). */
export interface SheetTable {
  name: string;
  rows: string[][];
  merges: MergeRange[];
  /** Sheet rows (1-based) hidden in Excel; they are read like the others, and the import says so. */
  hiddenRows?: number[];
}

export interface XlsxWorkbook {
  sheets: SheetInfo[];
  /** Read one sheet (by name) into text cells. */
  read(sheet: string): SheetTable;
}

// exceljs types, the few we touch, so the module's types do not leak into ours.
interface XCell {
  value: unknown;
  address: string;
  isMerged: boolean;
  master: { address: string };
}
interface XRow {
  getCell(c: number): XCell;
  hidden?: boolean;
}
interface XSheet {
  name: string;
  state: string;
  rowCount: number;
  columnCount: number;
  getRow(r: number): XRow;
  model: { merges?: string[] };
}
interface XBook {
  worksheets: XSheet[];
  xlsx: { load(data: ArrayBuffer): Promise<unknown> };
}

async function loadExcelJs(): Promise<new () => XBook> {
  const mod = (await import('exceljs')) as unknown as { default?: { Workbook: new () => XBook }; Workbook?: new () => XBook };
  const lib = mod.default ?? mod;
  return lib.Workbook!;
}

export class XlsxError extends Error {}

/** Open a workbook from its bytes. Throws XlsxError with a message for the user if it cannot be read. */
export async function openWorkbook(data: Uint8Array | ArrayBuffer): Promise<XlsxWorkbook> {
  const Workbook = await loadExcelJs();
  const wb = new Workbook();
  const buffer = data instanceof Uint8Array ? data.slice().buffer : data;
  try {
    await wb.xlsx.load(buffer as ArrayBuffer);
  } catch (e) {
    throw new XlsxError(`This Excel file could not be read (${(e as Error).message}). Open it in Excel, save it again as .xlsx or CSV, and drop that file.`);
  }
  const sheets = wb.worksheets.map((ws) => ({
    name: ws.name,
    rows: ws.rowCount,
    columns: ws.columnCount,
    hidden: ws.state !== 'visible' && ws.state !== undefined,
  }));
  return {
    sheets,
    read(name: string): SheetTable {
      const ws = wb.worksheets.find((w) => w.name === name);
      if (!ws) throw new XlsxError(`There is no sheet called "${name}" in this workbook.`);
      return readSheet(ws);
    },
  };
}

/** The sheet the data is most likely on: the visible sheet with the most cells. */
export function likelySheet(sheets: SheetInfo[]): string | undefined {
  const visible = sheets.filter((s) => !s.hidden);
  return [...(visible.length ? visible : sheets)].sort((a, b) => b.rows * b.columns - a.rows * a.columns)[0]?.name;
}

function readSheet(ws: XSheet): SheetTable {
  const rows: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = row.getCell(c);
      // exceljs repeats a merged cell's value in every cell it covers; keep it only in the first.
      cells.push(cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value));
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    rows.push(cells);
  }
  return { name: ws.name, rows, merges: (ws.model.merges ?? []).map(parseRange), hiddenRows: hiddenRowsOf(ws) };
}

/** Rows hidden in Excel (by hand or by a filter), 1-based. */
function hiddenRowsOf(ws: XSheet): number[] {
  const hidden: number[] = [];
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).hidden) hidden.push(r);
  return hidden;
}

/** Text of one cell value: dates as ISO text, times as HH:MM:SS, formulas by their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown; formula?: unknown; sharedFormula?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) return cellText(v.result);
    if (v.error !== undefined) return '';
    if (typeof v.text === 'string') return v.text;
    if (v.text !== undefined) return cellText(v.text);
  }
  return String(value);
}

/** Excel date cells arrive as UTC instants of the wall-clock value; the day 1899-12-30 means "time only". */
function dateText(d: Date): string {
  const ms = Math.round(d.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  if (date === '1899-12-30' || date === '1899-12-31') return time;
  return time === '00:00:00' ? date : `${date} ${time}`;
}

/** "B3:D4" → 0-based inclusive range. */
export function parseRange(ref: string): MergeRange {
  const [a, b = a] = ref.split(':') as [string, string?];
  const one = (s: string) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(s.trim());
    if (!m) throw new XlsxError(`bad cell range ${ref}`);
    let col = 0;
    for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]) - 1, col: col - 1 };
  };
  const [p, q] = [one(a), one(b!)];
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

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
 * CSV bytes (UTF-8, comma, LF) for the loader: one header line, then every non-blank data row,
 * padded or cut to the header width. Blank rows are left out; `lineColumn` keeps row numbers.
 */
export function sheetToCsv(rows: string[][], opts: CsvOptions): Uint8Array {
  const width = opts.headers.length;
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const header = opts.lineColumn ? [opts.lineColumn, ...opts.headers] : opts.headers;
  let chunk = header.map(csvField).join(',') + '\n';
  for (let i = opts.dataStart; i < rows.length; i++) {
    const row = rows[i]!;
    if (!row.some((c) => c.trim() !== '')) continue;
    const cells = Array.from({ length: width }, (_, c) => row[c] ?? '');
    chunk += (opts.lineColumn ? [String(i + 1), ...cells] : cells).map(csvField).join(',') + '\n';
    if (chunk.length > 1 << 16) {
      parts.push(enc.encode(chunk));
      chunk = '';
    }
  }
  parts.push(enc.encode(chunk));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
