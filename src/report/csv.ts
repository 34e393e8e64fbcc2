/**
 * CSV export. Cells that a spreadsheet would run as a formula are neutralised with a leading ';
 * bidi controls are written out ("[U+202E]") so a cell cannot reverse its neighbours.
 */
import { showBidiControls } from './bidi';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = showBidiControls(String(value));
  // A plain number (e.g. -3.5) is data, not a formula; anything else starting = + - @ is guarded.
  if (FORMULA_START.test(text) && !/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return `'${text}`;
  return text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(quote).join(',')];
  for (const row of rows) lines.push(columns.map((c) => quote(neutraliseCell(row[c]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** A byte-order mark, so spreadsheet programs read the UTF-8 (names like Zoë, Siobhán) correctly. */
export const CSV_BOM = '\uFEFF';

export interface CsvColumn {
  key: string;
  /** The header as the reader sees it. */
  label: string;
}

/** A table with readable headers; headers are neutralised like cells. */
export function tableToCsv(columns: CsvColumn[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map((c) => quote(neutraliseCell(c.label))).join(',')];
  for (const row of rows) lines.push(columns.map((c) => quote(neutraliseCell(row[c.key]))).join(','));
  return lines.join('\r\n') + '\r\n';
}
