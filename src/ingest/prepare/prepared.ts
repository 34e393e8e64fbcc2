/**
 * What preparing a vendor export yields for the mapped loader (../load/mapped.ts): a read_csv
 * relation of columns c0 … c(width − 1), the mapping fitted to this file's header, how the file was
 * read, and where its rows' lines come from. Made by text.ts (CSV / TSV) and workbook.ts (.xlsx).
 */
import type { Encoding } from '../decode';
import type { CsvReject, LineNumbers } from '../lineNumbers';
import type { WholeFileEndings } from '../load/mixedEndings';
import type { Mapping } from '../mapping';

export interface Prepared {
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
  wholeFile: WholeFileEndings;
}
