/**
 * Where a row's line number comes from: the `line` of every rejected row and the `source_line` of
 * every accepted one. Three sources, one per way a file is read:
 *
 *   - canonical CSVs number records: DuckDB's row index plus the records it rejected before it
 *     (lineNumbersAfterRejects, the header being line 1; a quoted field spanning lines counts once);
 *   - vendor text exports number physical lines, as an editor shows them (textLineNumbers): from
 *     the record starts found while transcoding or by a scan, or — for a large file whose records
 *     are each one line — from the row index as above;
 *   - workbooks carry each row's sheet row in a column of their own (FROM_LINE_COLUMN).
 *
 * DuckDB's own rejected lines (csv_rejects, read by readWithRejects) are physical line numbers.
 */
import { fileSlot, type Connector } from '../db/connector';
import { literal } from '../db/sql';
import { RecordLineScanner, scanRecordLines } from './source';

/** A line DuckDB could not split into the expected fields (its csv_rejects table, one per line). */
export interface CsvReject {
  line: number;
  error_type: string;
  csv_line: string;
  error_message: string;
}

/** How to find each judged row's line: an SQL expression on the row alias, and the join it needs. */
export interface LineNumbers {
  of: (alias: string) => string;
  join: string;
}

/** Rows that carry their line (`_line`, a workbook's sheet row). */
export const FROM_LINE_COLUMN: LineNumbers = { of: (a) => `${a}._line`, join: '' };

/**
 * Run `read` (SQL reading the file with store_rejects into csv_rejects; csv_rejects and csv_scans
 * are dropped first) and return the lines DuckDB rejected, one row per line: one round trip (a
 * small file's import is mostly round trips to the worker).
 */
export async function readWithRejects(db: Connector, read: string): Promise<CsvReject[]> {
  return db.query<CsvReject>(
    `DROP TABLE IF EXISTS csv_rejects; DROP TABLE IF EXISTS csv_scans; ${read};
     SELECT line::INTEGER AS line, min(error_type) AS error_type, min(csv_line) AS csv_line, min(error_message) AS error_message
     FROM csv_rejects GROUP BY line ORDER BY line`,
  );
}

/**
 * When every record is one line: record i (1-based after `base` lines) is on line base + i, and
 * DuckDB's row k is record k plus the rejected records before it. Before the j-th rejected record
 * (on line r_j) lie r_j − base − j good rows, so row k's record is k + #{j : r_j − base − j < k}.
 */
export async function lineNumbersAfterRejects(db: Connector, csvRejects: CsvReject[], base: number): Promise<LineNumbers> {
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

/** A vendor text export as DuckDB reads it, and what finding its record lines needs. */
export interface TextLines {
  /** The registered file read_csv reads (UTF-8). */
  registered: string;
  /** Its bytes, for a scan. */
  utf8: Uint8Array | Blob;
  quote: string;
  delimiter: string;
  /** Record index (blank lines included) of the first data row, and the physical line it starts on. */
  dataStart: number;
  dataStartLine: number;
  /** The scanner fed while the text was transcoded, or to run over the file; null for a large file. */
  scanner: RecordLineScanner | null;
  /** Whether the scanner has seen the whole text already (it was transcoded through it). */
  scanned: boolean;
  signal?: AbortSignal;
}

/** Physical lines of a vendor text export's judged rows (see the module comment). */
export async function textLineNumbers(db: Connector, t: TextLines, csvRejects: CsvReject[], notes: string[]): Promise<LineNumbers> {
  const scan = () => scanRecordLines(t.utf8, t.quote, t.delimiter, t.dataStart, t.signal);
  let starts: Int32Array | null = null;
  if (t.scanner) starts = t.scanned ? t.scanner.end() : await scan();
  if (!starts) {
    // Large UTF-8 file: when every record after the header is one line (DuckDB counts the
    // physical lines), the record index gives the line; only otherwise scan the file.
    if (await recordsAreLines(db, t, csvRejects)) return lineNumbersAfterRejects(db, csvRejects, t.dataStartLine - 1);
    starts = await scan();
  }
  return lineNumbersFromStarts(db, starts, csvRejects, t.dataStartLine, notes);
}

/** Whether the physical lines from the first data row on are as many as the records DuckDB read. */
async function recordsAreLines(db: Connector, t: TextLines, csvRejects: CsvReject[]): Promise<boolean> {
  const [{ output }] = (await db.query<{ output: number }>('SELECT count(*)::INTEGER AS output FROM judged')) as [{ output: number }];
  const [{ physical }] = (await db.query<{ physical: number }>(
    `SELECT count(*)::INTEGER AS physical FROM read_csv(${literal(t.registered)}, auto_detect = false, header = false,
       skip = ${t.dataStartLine - 1}, delim = '\\x01', quote = '', escape = '', columns = {'l': 'VARCHAR'}, ignore_errors = true)`,
  )) as [{ physical: number }];
  return physical === output + csvRejects.length;
}
