/** Files imported one after another, with progress, and a Cancel that stops before the next file. */
import type { Engine, ImportReport } from '../../engine';
import type { ImportProgress as LoadProgress } from '../../ingest/load';
import { errorText } from './messages';
import type { ImportEntry, ImportRequest, Progress } from './types';

/** How an import run reports and is stopped (the workspace owns the progress and the Cancel). */
export interface ImportRunControl {
  /** True once Cancel was pressed: the files not started yet are left out. */
  cancelled(): boolean;
  /** The controller of the file being read (null between files): Cancel aborts it where the loader can stop. */
  reading(controller: AbortController | null): void;
  /** `update` gets the progress shown so far. */
  progress(update: (shown: Progress | null) => Progress): void;
}

const PHASES: Record<LoadProgress['phase'], string> = {
  reading: 'Reading',
  transcoding: 'Converting the text of',
  loading: 'Loading and checking the rows of',
  done: 'Finished',
};

/** The engine's import call with what the wizard settled (kind, mapping). */
function importOne(eng: Engine, req: ImportRequest, onProgress: (p: LoadProgress) => void, signal: AbortSignal): Promise<ImportReport> {
  return eng.importFile(req.file.name, req.file, {
    ...(req.kind ? { kind: req.kind } : {}),
    ...(req.mapping ? { mapping: req.mapping } : {}),
    ...(req.grid ? { grid: req.grid } : {}),
    onProgress,
    signal,
  });
}

/**
 * Import `requests` in order. A Cancel stops before the next file: files imported so far stay,
 * the rest are listed as not imported. A file that fails is listed with its reason; the next goes on.
 */
export async function importAll(eng: Engine, requests: ImportRequest[], task: 'import' | 'restore', control: ImportRunControl): Promise<ImportEntry[]> {
  const entries: ImportEntry[] = [];
  const startedAt = Date.now();
  const bytesTotal = requests.reduce((s, r) => s + r.file.size, 0);
  let bytesDone = 0;
  for (const [i, req] of requests.entries()) {
    if (control.cancelled()) {
      entries.push({ fileName: req.file.name, report: null, failure: 'Not imported: the import was cancelled before this file.', mapping: req.mapping ?? null });
      continue;
    }
    const verb = task === 'restore' ? 'Restoring' : 'Importing';
    const base = { step: i + 1, of: requests.length, task, startedAt, bytesTotal, cancellable: task === 'import' };
    control.progress((p) => ({ ...base, message: `${verb} ${req.file.name}`, bytesDone, cancelling: p?.cancelling ?? false }));
    const onProgress = (lp: LoadProgress) => {
      // Bytes within the file are known while its text is converted; the rest moves by whole files.
      const within = lp.bytes !== undefined && lp.total ? (lp.bytes / lp.total) * req.file.size : 0;
      control.progress((p) => ({ ...base, message: `${PHASES[lp.phase]} ${req.file.name}`, bytesDone: bytesDone + within, cancelling: p?.cancelling ?? false }));
    };
    entries.push(await importEntry(eng, req, onProgress, control));
    bytesDone += req.file.size;
  }
  return entries;
}

async function importEntry(eng: Engine, req: ImportRequest, onProgress: (p: LoadProgress) => void, control: ImportRunControl): Promise<ImportEntry> {
  const controller = new AbortController();
  control.reading(controller);
  try {
    const report = await importOne(eng, req, onProgress, controller.signal);
    const used = report.mapping ?? req.mapping ?? null;
    return { fileName: req.file.name, report, failure: null, mapping: used, preset: req.preset ?? null, bytes: req.file.size };
  } catch (e) {
    const failure = controller.signal.aborted ? 'Not imported: the import was cancelled while this file was read.' : errorText(e);
    return { fileName: req.file.name, report: null, failure, mapping: req.mapping ?? null };
  } finally {
    control.reading(null);
  }
}
