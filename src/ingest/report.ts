/**
 * The import report: what one file's import tells the user (read = accepted + rejected, each
 * rejected row with its line, column, value and reason). Ingest owns its shape; the engine
 * re-exports it for the UI and the CLI. Rows are written by settle.ts; this module reads them back.
 */
import type { Connector } from '../db/connector';
import type { FileKind } from './canonical';
import type { Encoding, EncodingGuess } from './decode';
import type { Mapping } from './mapping';

export interface RejectedRow {
  /** 1-based line in the file (header = line 1; a quoted field spanning lines counts once). See lineNumbers.ts. */
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

export interface ImportReport {
  fileName: string;
  kind: FileKind;
  read: number;
  accepted: number;
  rejected: number;
  /** Rows skipped because the same key was already imported (counted inside `rejected`). */
  duplicates: number;
  /** Counts per reason, most frequent first. */
  reasons: { reason: string; count: number }[];
  /** The first rejected rows (all of them are downloadable via rejectsCsv). */
  rejects: RejectedRow[];
  /** A file-level problem (wrong kind, no header, unreadable): nothing was imported. */
  error: string | null;
  /** How the file was read: delimited text or an Excel workbook (null when it could not be told). */
  format: 'delimited' | 'xlsx' | null;
  /** The text encoding detected (null for workbooks). */
  encoding: Encoding | null;
  /** The workbook sheet read. */
  sheet: string | null;
  /** The mapping used (as applied to this file's headers); null for a canonical CSV read by its column names. */
  mapping: Mapping | null;
  /** Things to know about how the file was read (transcoding, approximate line numbers). */
  notes: string[];
  /**
   * Restrictive interventions unpivoted from a flat incident export's restraint / seclusion / PRN
   * columns: rows produced for restrictive_interventions, with their own accepted / rejected /
   * duplicates (rows read here = interventions found + flat columns that could not be read).
   */
  interventions?: ImportReport;
}

/** How the file was read, gathered while loading: the report's (and the imports log's) description of it. */
export interface ReportMeta {
  format: 'delimited' | 'xlsx' | null;
  encoding: Encoding | null;
  mapping: Mapping | null;
  sheet: string | null;
  notes: string[];
}

/** Rejected rows carried in the report itself; the rest are in the rejects table (and its download). */
export const REPORTED_REJECTS = 200;

/** The report of a file refused as a whole: nothing read, the reason in `error`. */
export function failedReport(fileName: string, kind: FileKind, error: string, meta: ReportMeta): ImportReport {
  return {
    fileName,
    kind,
    read: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    reasons: [],
    rejects: [],
    error,
    format: meta.format,
    encoding: meta.encoding,
    sheet: meta.sheet,
    mapping: meta.mapping,
    notes: meta.notes,
  };
}

/** Said when a UTF-8 file holds a few bytes that are not: the whole file is not re-read in another encoding. */
export function strayBytesNote(e: EncodingGuess): string[] {
  if (!e.invalidBytes) return [];
  return [
    `The file is UTF-8 text but ${e.invalidBytes === 1 ? 'one byte near its start is' : `${e.invalidBytes} bytes near its start are`} not valid UTF-8. ` +
      'It was read as UTF-8 all the same; only the lines holding such bytes were rejected, each listed with its line number.',
  ];
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
