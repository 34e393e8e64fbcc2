/**
 * The workspace: the engine (DuckDB in its worker), what has been imported, and whether work is
 * under way. The views read this; only these actions change the data.
 *
 * It is kept in the browser (ui/storage): every imported source file with the kind and mapping
 * it was imported with, the pseudonym key, settings and choices. On load the files are imported
 * again through the same path, so a reload shows the same numbers and the same pseudonyms — or,
 * when a snapshot of the tables made from those very files is kept (ui/snapshots.ts), read back
 * from it without importing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatabaseStopped } from '../db/failure';
import type { Engine, ImportReport } from '../engine';
import type { FileKind } from '../ingest/canonical';
import type { ImportProgress as LoadProgress } from '../ingest/load';
import type { Mapping } from '../ingest/mapping';
import type { GridLoadRequest } from '../ingest/gridLoad';
import type { Settings } from '../model/settings';
import { fetchSampleFile, SAMPLE_FILES } from './sample';
import { dropKeptSnapshot, prefetchSampleSnapshot, restoreKeptSnapshot, restoreSampleSnapshot, saveKeptSnapshot } from './snapshots';
import { parseLocation } from './url';
import { timed } from '../timing';
import { newPseudonymKey, openWorkspaceStore, wipeBrowserStorage, type Preset, type StoredFile, type WorkspaceStore } from './storage';

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

export interface Workspace {
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
  /** The browser store, for later steps that keep their own state (reconciliation). */
  store: WorkspaceStore | null;
  /**
   * Set when the files kept in this browser were not loaded because loading them stopped the
   * database (or did not finish) before: loading them again blindly would stop it again, on every
   * reload. The user chooses: retryRestore or clearAll.
   */
  restoreStopped: string | null;
  /** Load the kept files again after restoreStopped; false when it failed. */
  retryRestore(): Promise<boolean>;
  loadSample(): Promise<boolean>;
  importFiles(files: (File | ImportRequest)[]): Promise<boolean>;
  cancelImport(): void;
  clearAll(): Promise<void>;
  savePreset(name: string, mapping: Mapping): Promise<void>;
  deletePreset(name: string): Promise<void>;
  setShowRealNames(show: boolean): Promise<void>;
  saveSettings(settings: Settings): Promise<boolean>;
  /** Unit and person name matches (the "Check names" step): applied, kept, and re-applied on restore. */
  saveAliases(aliases: unknown): Promise<boolean>;
  dismissError(): void;
}

/** What the user is told once the database has been started again and the workspace is back. */
export function recoveredText(failure: DatabaseStopped, wasBusy: boolean): string {
  const tip = failure.kind === 'memory' ? ' If it happens again, close other tabs or import very large files one at a time.' : '';
  const during = wasBusy ? ' Anything you were doing at that moment (an import, a change of settings) did not finish: please do it again.' : '';
  return `${failure.message} PBS Lens started it again and loaded your workspace back from this browser's storage: nothing that was kept is lost.${during}${tip}`;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/**
 * Kept in the browser while the kept files are being loaded, removed once they are in. Found at
 * start-up, it means the last load stopped the database or never finished: the files are then
 * not loaded again without the user's say.
 */
const RESTORING = 'restoring';
interface RestoreMark {
  startedAt: string;
  /** What stopped it, when the app lived to see it. */
  failure?: string;
}

/** Why the kept files were not loaded, and what the user can do. */
export function restoreStoppedText(mark: RestoreMark): string {
  const why = mark.failure
    ? `When PBS Lens last loaded the files kept in this browser, this happened: “${mark.failure}”`
    : 'When PBS Lens last loaded the files kept in this browser, the loading did not finish (the database stopped or the page was closed).';
  return (
    `Your workspace was not loaded. ${why} Loading the same files again would most likely stop it again, so they were left as they are. ` +
    'You can try again (close other tabs first to free memory), or delete all data and import your files again — one at a time, checking each import report.'
  );
}

/** How long deleting the browser's storage may take before the user is told it did not finish. */
const WIPE_LIMIT_MS = 15_000;

/** `work`, or an error once `ms` have passed without it settling. */
export function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} seconds.`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Opens an engine; `onFailure` is told once if its database worker later crashes or runs out of memory. */
export type Connect = (options: { pseudonymKey: string; onFailure?: (failure: DatabaseStopped) => void }) => Promise<Engine>;

/** Engines with reconciliation take aliases (model/reconcile); typed loosely so this file does not depend on it. */
type WithAliases = Engine & { setAliases?: (aliases: never) => Promise<unknown> };
const ALIASES = 'aliases';

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

const PHASES: Record<LoadProgress['phase'], string> = {
  reading: 'Reading',
  transcoding: 'Converting the text of',
  loading: 'Loading and checking the rows of',
  done: 'Finished',
};

const asRequest = (f: File | ImportRequest): ImportRequest => (f instanceof File ? { file: f } : f);

/** How long after a model build its snapshot is written: the first chart's queries go to the database first. */
const SNAPSHOT_DELAY_MS = 1_000;

export function useWorkspace(connect: Connect): Workspace {
  const enginePromise = useRef<Promise<Engine> | null>(null);
  const storeRef = useRef<WorkspaceStore | null>(null);
  /** The key the engine was made with; stored with the first data kept. */
  const keyInUse = useRef<string>('');
  const [engine, setEngine] = useState<Engine | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [imports, setImports] = useState<ImportEntry[]>([]);
  const [source, setSource] = useState<DataSource>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [persistent, setPersistent] = useState(true);
  const [storageWarning, setStorageWarning] = useState<string | null>(null);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [showRealNames, setShowRealNamesState] = useState(false);
  const [store, setStore] = useState<WorkspaceStore | null>(null);
  const [restoreStopped, setRestoreStopped] = useState<string | null>(null);
  const busy = useRef(false);
  /** Bumped by "Delete all data": work started before it no longer changes what is shown. */
  const epoch = useRef(0);
  /** The engine last opened, whatever state it is in: "Delete all data" closes it. */
  const liveEngine = useRef<Engine | null>(null);
  /** True while kept files are being loaded: a database failure then blocks loading them again. */
  const restoringNow = useRef(false);
  /** Opening the store and database and restoring the workspace; actions wait for it. */
  const startup = useRef<Promise<void> | null>(null);
  const cancelRequested = useRef(false);
  /** Aborts the file being imported where the loader can stop (while it converts or scans the text). */
  const abort = useRef<AbortController | null>(null);
  /** The action under way, so a restart after a database failure waits for it to give up. */
  const running = useRef<Promise<void> | null>(null);
  /** Which engine is current: a failure of an engine already replaced is not acted on. */
  const generation = useRef(0);
  /** A restart after a database failure, while it runs; actions wait for it. */
  const restarting = useRef<Promise<void> | null>(null);
  const onFailure = useRef<(gen: number, failure: DatabaseStopped) => void>(() => undefined);
  const importsRef = useRef<ImportEntry[]>([]);
  const sourceRef = useRef<DataSource>(null);
  importsRef.current = imports;
  sourceRef.current = source;

  /** Storage failures never stop the work: the data is in the database; say what was not kept. */
  const keep = useCallback(async (what: string, f: (s: WorkspaceStore) => Promise<unknown>) => {
    const s = storeRef.current;
    if (!s) return;
    try {
      await f(s);
    } catch (e) {
      setStorageWarning(`${what} could not be kept in this browser (${errorText(e)}); it will be gone after a reload.`);
    }
  }, []);

  /** Run one data action at a time, with progress and errors shown; false when it failed. */
  const run = useCallback(async (action: (engine: Engine) => Promise<void>): Promise<boolean> => {
    if (startup.current) await startup.current;
    if (restarting.current) await restarting.current;
    if (busy.current || !enginePromise.current) return false;
    const mine = epoch.current;
    busy.current = true;
    cancelRequested.current = false;
    setError(null);
    try {
      setProgress({ message: 'Starting the in-browser database' });
      await (running.current = action(await enginePromise.current));
      return true;
    } catch (e) {
      if (epoch.current === mine) setError(errorText(e));
      return false;
    } finally {
      if (epoch.current === mine) {
        running.current = null;
        busy.current = false;
        setProgress(null);
      }
    }
  }, []);

  /** A new engine, watched: if its database fails, the workspace restarts it (recover, below). */
  const open = async (): Promise<Engine> => {
    const gen = ++generation.current;
    const eng = await connect({ pseudonymKey: keyInUse.current, onFailure: (f) => onFailure.current(gen, f) });
    if (gen === generation.current) liveEngine.current = eng;
    return eng;
  };

  /**
   * Import files one after another. A Cancel stops before the next file: files imported so far
   * stay, the rest are listed as not imported.
   */
  const importAll = async (eng: Engine, requests: ImportRequest[], task: 'import' | 'restore'): Promise<ImportEntry[]> => {
    const entries: ImportEntry[] = [];
    const startedAt = Date.now();
    const bytesTotal = requests.reduce((s, r) => s + r.file.size, 0);
    let bytesDone = 0;
    for (const [i, req] of requests.entries()) {
      if (cancelRequested.current) {
        entries.push({ fileName: req.file.name, report: null, failure: 'Not imported: the import was cancelled before this file.', mapping: req.mapping ?? null });
        continue;
      }
      const verb = task === 'restore' ? 'Restoring' : 'Importing';
      const base = { step: i + 1, of: requests.length, task, startedAt, bytesTotal, cancellable: task === 'import' };
      setProgress((p) => ({ ...base, message: `${verb} ${req.file.name}`, bytesDone, cancelling: p?.cancelling ?? false }));
      const onProgress = (lp: LoadProgress) => {
        // Bytes within the file are known while its text is converted; the rest moves by whole files.
        const within = lp.bytes !== undefined && lp.total ? (lp.bytes / lp.total) * req.file.size : 0;
        setProgress((p) => ({ ...base, message: `${PHASES[lp.phase]} ${req.file.name}`, bytesDone: bytesDone + within, cancelling: p?.cancelling ?? false }));
      };
      const controller = new AbortController();
      abort.current = controller;
      try {
        const report = await importOne(eng, req, onProgress, controller.signal);
        const used = report.mapping ?? req.mapping ?? null;
        entries.push({ fileName: req.file.name, report, failure: null, mapping: used, preset: req.preset ?? null, bytes: req.file.size });
      } catch (e) {
        const cancelled = controller.signal.aborted;
        entries.push({ fileName: req.file.name, report: null, failure: cancelled ? 'Not imported: the import was cancelled while this file was read.' : errorText(e), mapping: req.mapping ?? null });
      } finally {
        abort.current = null;
      }
      bytesDone += req.file.size;
    }
    return entries;
  };

  const rebuild = async (eng: Engine): Promise<void> => {
    setProgress({ message: 'Building the staffing model' });
    await eng.rebuild();
    setDataVersion((v) => v + 1);
  };

  const sampleInto = async (eng: Engine): Promise<void> => {
    // SNAPSHOT: the sample's tables shipped with the app (ui/snapshots.ts): no import, no build.
    setProgress({ message: 'Reading the sample service' });
    const fromSnapshot = await restoreSampleSnapshot(eng);
    if (fromSnapshot) {
      setImports(fromSnapshot);
      setSource('sample');
      setDataVersion((v) => v + 1);
      return;
    }
    if (SAMPLE_FILES.length === 0) throw new Error('This build of PBS Lens has no sample service bundled.');
    setProgress({ message: 'Reading the sample files' });
    // Fetched together while the tables are cleared: they come from this origin and are small.
    const fetched = Promise.all(SAMPLE_FILES.map((f) => fetchSampleFile(f)));
    fetched.catch(() => undefined);
    await eng.clear();
    eng.useSampleKey();
    setImports([]);
    const files = await fetched;
    const entries = await importAll(eng, files.map((file, i) => ({ file, kind: SAMPLE_FILES[i]!.kind })), 'restore');
    setImports(entries);
    setSource('sample');
    await rebuild(eng);
  };

  const restore = async (eng: Engine, files: StoredFile[]): Promise<void> => {
    const requests = files.map((f) => ({
      file: new File([f.blob], f.name, { type: f.type, lastModified: f.lastModified }),
      ...(f.kind ? { kind: f.kind } : {}),
      mapping: f.mapping,
      ...(f.grid ? { grid: f.grid } : {}),
    }));
    setProgress({ message: `Restoring your workspace: ${files.length} ${files.length === 1 ? 'file' : 'files'}`, task: 'restore', startedAt: Date.now() });
    const mark: RestoreMark = { startedAt: new Date().toISOString() };
    await keep('The loading mark', (s) => s.setExtra(RESTORING, mark));
    restoringNow.current = true;
    try {
      const aliases = await storeRef.current?.extra<unknown>(ALIASES);
      // SNAPSHOT: the tables as they were saved (ui/snapshots.ts) when made from these very files
      // and name matches; otherwise the files are imported and the model built, as before.
      const fromSnapshot = storeRef.current ? await restoreKeptSnapshot(eng, storeRef.current, files, aliases) : null;
      if (fromSnapshot) {
        setImports(fromSnapshot);
        setSource('files');
        setDataVersion((v) => v + 1);
      } else {
        const entries = await importAll(eng, requests, 'restore');
        setImports(entries);
        setSource('files');
        const withAliases = eng as WithAliases;
        if (aliases !== undefined && withAliases.setAliases) await withAliases.setAliases(aliases as never);
        await rebuild(eng);
        scheduleSnapshot(eng);
      }
    } finally {
      restoringNow.current = false;
    }
    await keep('The loading mark', (s) => s.setExtra(RESTORING, undefined));
  };

  /**
   * SNAPSHOT: after a build of the user's files, write the workspace's snapshot (ui/snapshots.ts)
   * once the first chart has had the database, so the next load skips the import. Work started
   * later (an import, "Delete all data") wins: the engine refuses a snapshot of changed data, and
   * a failure here only costs the next load its speed.
   */
  const scheduleSnapshot = (eng: Engine): void => {
    const store = storeRef.current;
    const mine = epoch.current;
    if (!store) return;
    setTimeout(() => {
      if (epoch.current !== mine || storeRef.current !== store || sourceRef.current !== 'files') return;
      saveKeptSnapshot(eng, store, () => importsRef.current, () => store.extra<unknown>(ALIASES)).catch((e: unknown) => {
        console.warn(`PBS Lens: the workspace snapshot was not saved (${errorText(e)}); the next load imports the files again.`);
      });
    }, SNAPSHOT_DELAY_MS);
  };

  /** Leave the kept files unloaded (an empty workspace) and say why; the mark keeps the reason for the next load. */
  const holdBack = async (mark: RestoreMark): Promise<void> => {
    setImports([]);
    setSource(null);
    setDataVersion((v) => v + 1);
    setRestoreStopped(restoreStoppedText(mark));
    await keep('The loading mark', (s) => s.setExtra(RESTORING, mark));
  };

  // Open the store and the database once, as soon as the app shows; then bring back what was kept.
  useEffect(() => {
    if (enginePromise.current) return;
    let resolveEngine: (e: Engine) => void = () => undefined;
    let rejectEngine: (e: unknown) => void = () => undefined;
    enginePromise.current = new Promise<Engine>((res, rej) => {
      resolveEngine = res;
      rejectEngine = rej;
    });
    // Stops unhandled-rejection noise; the error is shown through openError.
    enginePromise.current.catch(() => undefined);
    const mine = epoch.current;
    startup.current = (async () => {
      try {
        const opened = await openWorkspaceStore();
        storeRef.current = opened.store;
        setStore(opened.store);
        setPersistent(opened.persistent);
        let stored: {
          key: string | null;
          source: DataSource;
          files: StoredFile[];
          settings: Settings | null;
          presets: Preset[];
          realNames: boolean;
          mark: RestoreMark | undefined;
        };
        try {
          const s = opened.store;
          stored = {
            key: await s.pseudonymKey(),
            source: await s.source(),
            files: await s.files(),
            settings: await s.settings(),
            presets: await s.presets(),
            realNames: await s.showRealNames(),
            mark: await s.extra<RestoreMark>(RESTORING),
          };
        } catch (e) {
          setStorageWarning(`The workspace kept in this browser could not be read (${errorText(e)}).`);
          stored = { key: null, source: null, files: [], settings: null, presets: [], realNames: false, mark: undefined };
        }
        setPresets(stored.presets);
        setShowRealNamesState(stored.realNames);
        keyInUse.current = stored.key ?? newPseudonymKey();
        // SNAPSHOT: the sample's tables are fetched while the database starts.
        if (stored.source === 'sample' || parseLocation(window.location.search).sample) prefetchSampleSnapshot();
        setProgress({ message: 'Starting the in-browser database' });
        let eng: Engine;
        try {
          eng = await open();
        } catch (e) {
          rejectEngine(e);
          setOpenError(`The in-browser database could not start: ${errorText(e)}`);
          return;
        }
        if (stored.settings) eng.settings = stored.settings;
        try {
          if (stored.source === 'sample') await sampleInto(eng);
          else if (stored.files.length > 0 && stored.mark) await holdBack(stored.mark);
          else if (stored.files.length > 0) await restore(eng, stored.files);
        } catch (e) {
          if (epoch.current === mine) setError(`Your workspace could not be restored: ${errorText(e)}`);
        }
        if (epoch.current !== mine) return;
        setEngine(eng);
        resolveEngine(eng);
      } finally {
        if (epoch.current === mine) {
          startup.current = null;
          setProgress(null);
        }
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connect]);

  /**
   * The database worker crashed, ran out of memory or ended silently (db/browser.ts). Wait for the
   * action it broke to give up, start a fresh database and import the workspace again from the
   * browser's storage, as a reload would, then say what happened. If it failed while the kept files
   * were being loaded, or fails again while they are, they are not loaded again: the workspace
   * stays empty and the user chooses (restoreStopped) — never a loop of loads that each fail.
   */
  const failedAgain = useRef<DatabaseStopped | null>(null);
  onFailure.current = (gen, failure) => {
    if (gen !== generation.current) return;
    const duringRestore = restoringNow.current;
    if (restarting.current) {
      failedAgain.current = failure;
      return;
    }
    const wasBusy = busy.current;
    const mine = epoch.current;
    restarting.current = (async () => {
      if (startup.current) await startup.current;
      await running.current?.catch(() => undefined);
      if (epoch.current !== mine) return;
      busy.current = true;
      const settings = (await enginePromise.current?.catch(() => null))?.settings ?? null;
      setEngine(null);
      let current = failure;
      let holdFiles = duringRestore;
      try {
        for (;;) {
          failedAgain.current = null;
          setError(null);
          setProgress({ message: `${current.message} Starting it again` });
          const eng = await open();
          if (epoch.current !== mine) return;
          if (settings) eng.settings = settings;
          enginePromise.current = Promise.resolve(eng);
          try {
            const kept = storeRef.current;
            const source = kept ? await kept.source() : null;
            const files = kept ? await kept.files() : [];
            if (holdFiles && (source === 'sample' || files.length > 0)) await holdBack({ startedAt: new Date().toISOString(), failure: current.message });
            else if (source === 'sample') await sampleInto(eng);
            else if (files.length > 0) await restore(eng, files);
            else {
              setImports([]);
              setSource(null);
              setDataVersion((v) => v + 1);
            }
          } catch (e) {
            if (!failedAgain.current) throw e;
          }
          if (epoch.current !== mine) return;
          if (!failedAgain.current) {
            setEngine(eng);
            if (!holdFiles) setError(recoveredText(current, wasBusy));
            return;
          }
          current = failedAgain.current;
          if (holdFiles) {
            setError(`${current.message} It stopped again with nothing loaded. Delete all data, or reload the page to try again.`);
            return;
          }
          holdFiles = true;
        }
      } catch (e) {
        if (epoch.current === mine) setError(`${failure.message} It could not be started again (${errorText(e)}). Your files are still kept in this browser: reload the page.`);
      } finally {
        if (epoch.current === mine) {
          busy.current = false;
          setProgress(null);
          restarting.current = null;
        }
      }
    })();
  };

  const loadSample = useCallback(
    () =>
      run(async (eng) => {
        // The sample replaces whatever was loaded: sample and real data must never mix.
        await sampleInto(eng);
        await keep('The sample choice', async (s) => {
          await s.ensurePseudonymKey(keyInUse.current);
          await dropKeptSnapshot(s);
          await s.clearFiles();
          await s.setSource('sample');
        });
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [run, keep],
  );

  const importFiles = useCallback(
    (files: (File | ImportRequest)[]) =>
      run(async (eng) => {
        let previous = importsRef.current;
        if (sourceRef.current === 'sample') {
          await eng.clear();
          previous = [];
          await keep('The workspace', (s) => s.setSource(null));
        }
        const requests = files.map(asRequest);
        const entries = await importAll(eng, requests, 'import');
        setImports([...previous, ...entries]);
        setSource('files');
        // Keep each file that was read (its rejects too: the report must come back the same).
        await keep('The imported files', async (s) => {
          await s.ensurePseudonymKey(keyInUse.current);
          for (const [i, entry] of entries.entries()) {
            if (!entry.report || entry.report.error) continue;
            const req = requests[i]!;
            await timed(`keep ${req.file.name}`, () => s.addFile(req.file, entry.report!.kind, entry.mapping ?? null, req.grid));
          }
          await s.setSource('files');
        });
        await rebuild(eng);
        scheduleSnapshot(eng);
      }),
    [run, keep],
  );

  const cancelImport = useCallback(() => {
    if (!busy.current) return;
    cancelRequested.current = true;
    abort.current?.abort();
    setProgress((p) => (p ? { ...p, cancelling: true, message: `${p.message} — stopping` } : p));
  }, []);

  /**
   * Everything goes: stored files, presets, key, tables. It works whatever state the database is in
   * (busy, failed, silent): work under way is dropped, the browser's storage is deleted first, then
   * the database is closed within a time limit. A fresh database and key follow.
   */
  const clearAll = useCallback(async () => {
    epoch.current++;
    generation.current++;
    cancelRequested.current = true;
    abort.current?.abort();
    const old = liveEngine.current;
    liveEngine.current = null;
    setEngine(null);
    setError(null);
    setRestoreStopped(null);
    setProgress({ message: 'Deleting all data' });
    setImports([]);
    setSource(null);
    setPresets([]);
    setShowRealNamesState(false);
    let problem: string | null = null;
    storeRef.current?.close();
    storeRef.current = null;
    setStore(null);
    try {
      await withinTime(wipeBrowserStorage(), WIPE_LIMIT_MS, 'Deleting the data kept in this browser');
    } catch (e) {
      problem = `${errorText(e)} Clear this site's data in the browser's settings to be sure.`;
    }
    // The database after the storage; close() terminates a worker that does not answer in time.
    await old?.db.close().catch(() => undefined);
    // Nothing of the old workspace stays: actions waiting on it give up (their engine is closed).
    startup.current = null;
    restarting.current = null;
    running.current = null;
    busy.current = false;
    keyInUse.current = newPseudonymKey();
    setProgress({ message: 'Starting a fresh database' });
    const fresh = open();
    enginePromise.current = fresh;
    fresh.catch(() => undefined);
    try {
      const next = await fresh;
      const opened = await openWorkspaceStore();
      storeRef.current = opened.store;
      setStore(opened.store);
      setEngine(next);
    } catch (e) {
      setOpenError(`The in-browser database could not start: ${errorText(e)}`);
    }
    setDataVersion((v) => v + 1);
    setProgress(null);
    if (problem) setError(problem);
    // `open` is remade each render but reads only refs and `connect`, which is listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connect]);

  /** Load the kept files again after a load that stopped the database (restoreStopped). */
  const retryRestore = useCallback(
    () =>
      run(async (eng) => {
        const s = storeRef.current;
        if (!s) return;
        setRestoreStopped(null);
        const source = await s.source();
        const files = await s.files();
        if (source === 'sample') await sampleInto(eng);
        else if (files.length > 0) await restore(eng, files);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [run],
  );

  const savePreset = useCallback(
    async (name: string, mapping: Mapping) => {
      const s = storeRef.current;
      if (!s) throw new Error('The browser store is not open yet.');
      await s.savePreset(name, mapping);
      setPresets(await s.presets());
    },
    [],
  );

  const deletePreset = useCallback(async (name: string) => {
    const s = storeRef.current;
    if (!s) return;
    await s.deletePreset(name);
    setPresets(await s.presets());
  }, []);

  const setShowRealNames = useCallback(
    async (show: boolean) => {
      setShowRealNamesState(show);
      await keep('The real-names choice', (s) => s.setShowRealNames(show));
    },
    [keep],
  );

  const saveSettings = useCallback(
    (settings: Settings) =>
      run(async (eng) => {
        eng.settings = settings;
        await keep('The settings', (s) => s.setSettings(settings));
        await rebuild(eng);
        if (sourceRef.current === 'files') scheduleSnapshot(eng);
      }),
    [run, keep],
  );

  const saveAliases = useCallback(
    (aliases: unknown) =>
      run(async (eng) => {
        const withAliases = eng as WithAliases;
        if (!withAliases.setAliases) throw new Error('This version of PBS Lens cannot match names across files.');
        const stored = await withAliases.setAliases(aliases as never);
        await keep('The name matches', (s) => s.setExtra(ALIASES, stored));
        await rebuild(eng);
        if (sourceRef.current === 'files') scheduleSnapshot(eng);
      }),
    [run, keep],
  );

  const hasData = imports.some((e) => (e.report?.accepted ?? 0) > 0);
  const keptBytes = source === 'sample' ? 0 : imports.reduce((t, e) => t + (e.report && !e.report.error ? (e.bytes ?? 0) : 0), 0);
  return {
    engine,
    openError,
    progress,
    error,
    imports,
    source,
    dataVersion,
    hasData,
    keptBytes,
    persistent,
    storageWarning,
    presets,
    showRealNames,
    store,
    restoreStopped,
    retryRestore,
    loadSample,
    importFiles,
    cancelImport,
    clearAll,
    savePreset,
    deletePreset,
    setShowRealNames,
    saveSettings,
    saveAliases,
    dismissError: () => setError(null),
  };
}
