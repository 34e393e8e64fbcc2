/**
 * What to tell a user about a workbook beyond its cells: that it is empty (not that "its columns
 * need a mapping"), and which of its data rows were hidden in Excel. Hidden rows are imported
 * like the others — nothing read is dropped unseen — and the note names them, so someone who hid
 * rows to leave them out knows to delete them instead. Kept apart from xlsx.ts, which only reads.
 */
import type { SheetTable, XlsxWorkbook } from './xlsx';

const blank = (rows: string[][]) => rows.every((r) => r.every((c) => c.trim() === ''));

/** Above this many cells in use a sheet is taken to hold data without reading it (reading a large sheet whole costs seconds). */
const LOOK_INSIDE_CELLS = 10_000;

/** No sheet holds a single non-blank cell. */
export function isEmptyWorkbook(wb: XlsxWorkbook): boolean {
  return wb.sheets.every((s) => s.rows === 0 || s.columns === 0 || (s.rows * s.columns <= LOOK_INSIDE_CELLS && blank(wb.read(s.name).rows)));
}

export function emptyWorkbookMessage(fileName: string): string {
  return `${fileName || 'The workbook'} is empty: none of its sheets holds any data. Export the data again and check the export holds rows.`;
}

/** Rows hidden in Excel among the sheet's data rows (from index `dataStart`), as a note; none when there are none. */
export function hiddenRowsNote(table: Pick<SheetTable, 'name' | 'rows' | 'hiddenRows'>, dataStart: number): string[] {
  // The reader lists only hidden rows holding values; rows past those kept in `rows` are taken as such.
  const rows = (table.hiddenRows ?? []).filter((r) => r - 1 >= dataStart && (r > table.rows.length || !blank([table.rows[r - 1]!])));
  if (rows.length === 0) return [];
  const shown = rows.slice(0, 10).join(', ') + (rows.length > 10 ? ` and ${rows.length - 10} more` : '');
  return [
    `${rows.length === 1 ? 'Row' : `${rows.length} rows`} of sheet "${table.name}" ${rows.length === 1 ? 'is' : 'are'} hidden in Excel (${rows.length === 1 ? 'row' : 'rows'} ${shown}). ` +
      `${rows.length === 1 ? 'It was' : 'They were'} imported like the others; if ${rows.length === 1 ? 'it was' : 'they were'} hidden to leave ${rows.length === 1 ? 'it' : 'them'} out, delete ${rows.length === 1 ? 'it' : 'them'} in the workbook and import it again.`,
  ];
}
