/**
 * The engine: one object the UI, the CLI and the tests drive. It owns a Connector and wires
 * ingest → model → analysis. Only db/ differs between the browser and Node.
 */
import type { Connector } from './db/connector';
import type { FileKind } from './ingest/canonical';
import type { Filters, StaffingResult } from './analysis/types';
import { DEFAULT_SETTINGS, type Settings } from './model/settings';

export interface RejectedRow {
  /** 1-based line in the file (header = line 1 for canonical files). */
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
}

export interface FilterOptions {
  units: string[];
  people: { personId: string; label: string; unit: string }[];
  minDate: string | null;
  maxDate: string | null;
}

export interface Engine {
  readonly db: Connector;
  settings: Settings;
  /** Import one file; kind is detected from its headers (or file name) when not given. */
  importFile(fileName: string, data: Uint8Array | Blob, kind?: FileKind): Promise<ImportReport>;
  /** Rebuild the exposure model after imports or a settings change. */
  rebuild(): Promise<void>;
  filterOptions(): Promise<FilterOptions>;
  staffing(filters: Filters): Promise<StaffingResult>;
  /** All rejected rows of one import as CSV text (formula cells neutralised). */
  rejectsCsv(fileName: string): Promise<string>;
  /** Drop every table; the workspace is empty afterwards. */
  clear(): Promise<void>;
}

export { DEFAULT_SETTINGS };
