/**
 * What the workspace holds and what the views may ask of it. The state is one immutable snapshot
 * (WorkspaceState); only the actions (WorkspaceActions) change it.
 */
import type { Engine, ImportReport } from '../../engine';
import type { FileKind } from '../../ingest/canonical';
import type { GridLoadRequest } from '../../ingest/gridLoad';
import type { Mapping } from '../../ingest/mapping';
import type { Aliases } from '../../model/reconcile';
import type { Preset } from '../storage';

export interface ImportEntry {
  fileName: string;
  /** The engine's report; null when the import itself failed (see failure). */
  report: ImportReport | null;
  failure: string | null;
  /** The mapping the import used; null for a canonical file read as it is. */
  mapping?: Mapping | null;
  /** The saved preset the mapping came from. */
  preset?: string | null;
  /** The file's size: what the workspace holds counts towards the memory check before an import. */
  bytes?: number;
}

/** One file to import, with what the import wizard settled for it. */
export interface ImportRequest {
  file: File;
  kind?: FileKind;
  mapping?: Mapping | null;
  preset?: string | null;
  /** A grid rota's settled codes (see ingest/gridRota.ts). */
  grid?: GridLoadRequest['grid'];
}

export interface Progress {
  message: string;
  step?: number;
  of?: number;
  /** Imports and restores show a bar with the elapsed time (ui/import/ImportProgress). */
  task?: 'import' | 'restore';
  startedAt?: number;
  /** Bytes of the files done so far and in all (the bar's measure across a multi-file import). */
  bytesDone?: number;
  bytesTotal?: number;
  /** A Cancel button stops the import before its next file. */
  cancellable?: boolean;
  cancelling?: boolean;
}

export type DataSource = 'sample' | 'files' | null;

/**
 * The database worker crashed or ran out of memory (db/failure's DatabaseStopped has this shape;
 * the workspace needs only what it tells the user).
 */
export interface WorkerStopped {
  kind: 'memory' | 'crash';
  message: string;
}

/** Opens an engine; `onFailure` is told once if its database worker later crashes or runs out of memory. */
export type Connect = (options: { pseudonymKey: string; onFailure?: (failure: WorkerStopped) => void }) => Promise<Engine>;

export interface WorkspaceState {
  /** The engine as the views use it (its filterOptions shared per data version); null while none is ready. */
  engine: Engine | null;
  openError: string | null;
  progress: Progress | null;
  error: string | null;
  imports: ImportEntry[];
  source: DataSource;
  /** Bumped after every rebuild or clear: views re-query when it changes. */
  dataVersion: number;
  hasData: boolean;
  /** Bytes of the files the workspace holds (not the sample, which an import replaces). */
  keptBytes: number;
  /** False when the browser gave no lasting storage: the workspace ends with the tab. */
  persistent: boolean;
  /** Set when the stored workspace could not be read back or saved. */
  storageWarning: string | null;
  presets: Preset[];
  showRealNames: boolean;
  /**
   * Set when the files kept in this browser were not loaded because loading them stopped the
   * database (or did not finish) before: loading them again blindly would stop it again, on every
   * reload. The user chooses: retryRestore or clearAll.
   */
  restoreStopped: string | null;
}

export interface WorkspaceActions {
  /** Load the kept files again after restoreStopped; false when it failed. */
  retryRestore(): Promise<boolean>;
  loadSample(): Promise<boolean>;
  importFiles(files: (File | ImportRequest)[]): Promise<boolean>;
  cancelImport(): void;
  clearAll(): Promise<void>;
  savePreset(name: string, mapping: Mapping): Promise<void>;
  deletePreset(name: string): Promise<void>;
  setShowRealNames(show: boolean): Promise<void>;
  /** Unit and person name matches (the "Check names" step): applied, kept, and re-applied on restore. */
  saveAliases(aliases: Aliases): Promise<boolean>;
  dismissError(): void;
}

export type Workspace = WorkspaceState & WorkspaceActions;
