/**
 * What an import is asked to do (LoadRequest), the progress it reports, and how it refuses a file
 * (ImportError: a file-level problem told to the user in plain words, nothing imported). Shared by
 * the orchestration (../load.ts), both loaders and the preparation of text and workbooks.
 */
import type { FileKind } from '../canonical';
import type { Mapping } from '../mapping';
import type { PlausibilityLimits } from '../plausible';
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

/** A file-level problem: nothing from the file is imported, and the user is told why. */
export class ImportError extends Error {}

/** The request's progress callback as the reader of the source calls it (while transcoding). */
export function progressOf(req: LoadRequest): ((p: SourceProgress) => void) | undefined {
  return req.onProgress ? (p) => req.onProgress!({ phase: 'transcoding', bytes: p.bytes, total: p.total }) : undefined;
}
