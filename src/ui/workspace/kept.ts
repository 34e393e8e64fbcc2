/**
 * What the workspace keeps in the browser store besides what ui/storage names itself: the files
 * as imported, the mark of a load under way, the name matches, and how all of it is read back.
 */
import type { Settings } from '../../model/settings';
import { timed } from '../../timing';
import type { Preset, StoredFile, WorkspaceStore } from '../storage';
import type { RestoreMark } from './messages';
import type { DataSource, ImportEntry, ImportRequest } from './types';

/** The store's name for the mark of a load under way (see RestoreMark). */
export const RESTORING = 'restoring';
/** The store's name for the unit and person name matches, applied again on restore. */
export const ALIASES = 'aliases';

export interface Kept {
  key: string | null;
  source: DataSource;
  files: StoredFile[];
  settings: Settings | null;
  presets: Preset[];
  realNames: boolean;
  mark: RestoreMark | undefined;
}

export const NOTHING_KEPT: Kept = { key: null, source: null, files: [], settings: null, presets: [], realNames: false, mark: undefined };

export async function readKept(s: WorkspaceStore): Promise<Kept> {
  return {
    key: await s.pseudonymKey(),
    source: await s.source(),
    files: await s.files(),
    settings: await s.settings(),
    presets: await s.presets(),
    realNames: await s.showRealNames(),
    mark: await s.extra<RestoreMark>(RESTORING),
  };
}

/** Keep each file that was read (its rejects too: the report must come back the same), under `key` unless one is kept. */
export async function keepFiles(s: WorkspaceStore, key: string, requests: ImportRequest[], entries: ImportEntry[]): Promise<void> {
  await s.ensurePseudonymKey(key);
  for (const [i, entry] of entries.entries()) {
    if (!entry.report || entry.report.error) continue;
    const req = requests[i]!;
    await timed(`keep ${req.file.name}`, () => s.addFile(req.file, entry.report!.kind, entry.mapping ?? null, req.grid));
  }
  await s.setSource('files');
}

/** A kept file as an import request, as the wizard settled it. */
export const storedRequest = (f: StoredFile): ImportRequest => ({
  file: new File([f.blob], f.name, { type: f.type, lastModified: f.lastModified }),
  ...(f.kind ? { kind: f.kind } : {}),
  mapping: f.mapping,
  ...(f.grid ? { grid: f.grid } : {}),
});
