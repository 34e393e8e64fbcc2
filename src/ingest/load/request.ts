/**
 * What an import is asked to do (LoadRequest), the progress it reports, and how it refuses a file
 * (ImportError: a file-level problem told to the user in plain words, nothing imported), and one
 * read of the file as a loader gets it (LoadAttempt). Shared by the orchestration (../load.ts), both loaders and the preparation of text and workbooks.
 */
import type { Connector } from '../../db/connector';
import type { FileKind } from '../canonical';
import type { LineEndingCounts } from '../lineEndings';
import type { Mapping } from '../mapping';
import type { PlausibilityLimits } from '../plausible';
import type { ReportMeta } from '../report';
import type { SourceProgress } from '../source';

export interface ImportProgress {
  phase: 'reading' | 'transcoding' | 'loading' | 'done';
  bytes?: number;
  total?: number;
}

export interface LoadRequest {
  importId: number;
  fileName: string;
  data: Uint8Array | Blob;
  kind?: FileKind;
  /** A vendor export's mapping; without one the file must be a canonical CSV. */
  mapping?: Mapping;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * UTF-8 files up to this size have their record lines found by a JS scan; larger ones only when
   * DuckDB's count of physical lines says some record spans lines (tests lower it to 0).
   */
  lineScanBytes?: number;
  /** What a value must be to be believed (dates, durations, staff numbers); the defaults when not given. */
  limits?: PlausibilityLimits;
  /** The day of the import, from which the latest plausible date counts (now when not given). */
  importedAt?: Date;
}

/** One read of the file, as the orchestration hands it to a loader (a second read normalises line endings). */
export interface LoadAttempt {
  db: Connector;
  req: LoadRequest;
  format: 'delimited' | 'xlsx';
  /** The file slot read_csv reads the file (or the workbook's CSV) from. */
  registered: string;
  /** Note how the file is being read, for the report should it fail part way. */
  setMeta: (m: Partial<ReportMeta>) => void;
  /** The whole file's line endings on the second read; null on the first. */
  lineEndings: LineEndingCounts | null;
}

/** A file-level problem: nothing from the file is imported, and the user is told why. */
export class ImportError extends Error {}

/** The request's progress callback as the reader of the source calls it (while transcoding). */
export function progressOf(req: LoadRequest): ((p: SourceProgress) => void) | undefined {
  return req.onProgress ? (p) => req.onProgress!({ phase: 'transcoding', bytes: p.bytes, total: p.total }) : undefined;
}
