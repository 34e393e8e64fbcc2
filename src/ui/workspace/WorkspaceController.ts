/**
 * The workspace: the engine (DuckDB in its worker), what has been imported, and whether work is
 * under way, as one immutable snapshot (getSnapshot, subscribe) that only the actions change.
 * No React here: ui/useWorkspace reads it through useSyncExternalStore, and unit tests drive it
 * in Node with the Node engine and an in-memory browser store.
 *
 * It is kept in the browser (ui/storage): every imported source file with the kind and mapping
 * it was imported with, the pseudonym key, settings and choices. On start the files are imported
 * again through the same path, so a reload shows the same numbers and the same pseudonyms — or,
 * when a snapshot of the tables made from those very files is kept (deps.snapshots:
 * ui/snapshots.ts), read back from it without importing or building.
 */
import type { Engine } from '../../engine';
import type { Mapping } from '../../ingest/mapping';
import type { Aliases } from '../../model/reconcile';
import { newPseudonymKey, type OpenedStore, type StoredFile, type WorkspaceStore } from '../storage';
import { FilterOptionsCache } from './filterOptions';
import { importAll, type ImportRunControl } from './importAll';
import type { CloseNote } from './closeNote';
import { ALIASES, keepFiles, NOTHING_KEPT, readKept, RESTORING, storedRequest, type Kept } from './kept';
import { errorText, recoveredText, restoreStoppedText, withinTime, type RestoreMark } from './messages';
import { SnapshotStore } from './snapshotStore';
import type { Connect, ImportEntry, ImportRequest, Progress, WorkerStopped, WorkspaceActions, WorkspaceState } from './types';
import { timed } from '../../timing';

/** Database snapshots (ui/snapshots.ts): each returns null when the caller must import the files. */
export interface WorkspaceSnapshots {
  /** Start fetching the sample's snapshot (while the database starts). */
  prefetchSample(): void;
  restoreSample(eng: Engine): Promise<ImportEntry[] | null>;
  restoreKept(eng: Engine, store: WorkspaceStore, files: readonly StoredFile[], aliases: unknown): Promise<ImportEntry[] | null>;
  saveKept(eng: Engine, store: WorkspaceStore, imports: () => ImportEntry[], aliases: () => Promise<unknown>): Promise<void>;
  dropKept(store: WorkspaceStore): Promise<void>;
  /** Keep the pages' tables built since the snapshot was saved or restored (a part of it). */
  saveKeptPart?(eng: Engine, store: WorkspaceStore): Promise<void>;
}

/** How long after a model build its snapshot is written: the first chart's queries go to the database first. */
const SNAPSHOT_DELAY_MS = 1_000;

/**
 * How long no table has been built before the pages' new tables are kept (saveKeptPart): a user
 * going from page to page builds several in a row, kept in one part once they stop.
 */
const PART_DELAY_MS = 2_000;

/** What the workspace works with: given, so that tests can give Node's engine and a memory store. */
export interface WorkspaceDeps {
  connect: Connect;
  /** The browser's store of the workspace (IndexedDB, or memory when the browser refuses it). */
  openStore: () => Promise<OpenedStore>;
  /** Deletes everything this site keeps in the browser ("Delete all data"). */
  wipeStorage: () => Promise<void>;
  /** The bundled sample's files in import order; null when this build has none. */
  sample: (() => Promise<ImportRequest[]>) | null;
  /** How long deleting the browser's storage may take before the user is told it did not finish. */
  wipeLimitMs?: number;
  /** Reopening without re-importing; without it every load imports the kept files. */
  snapshots?: WorkspaceSnapshots;
  /** Tells a page closed during a snapshot's background stage from a crash; without it both hold the files back. */
  closeNote?: CloseNote;
}

const WIPE_LIMIT_MS = 15_000;

const EMPTY: WorkspaceState = {
  engine: null,
  openError: null,
  progress: null,
  error: null,
  imports: [],
  source: null,
  dataVersion: 0,
  hasData: false,
  keptBytes: 0,
  persistent: true,
  storageWarning: null,
  presets: [],
  showRealNames: false,
  restoreStopped: null,
};

/** hasData and keptBytes follow from the imports. */
function withTotals(s: WorkspaceState): WorkspaceState {
  const hasData = s.imports.some((e) => (e.report?.accepted ?? 0) > 0);
  const keptBytes = s.source === 'sample' ? 0 : s.imports.reduce((t, e) => t + (e.report && !e.report.error ? (e.bytes ?? 0) : 0), 0);
  return { ...s, hasData, keptBytes };
}

const asRequest = (f: File | ImportRequest): ImportRequest => (f instanceof File ? { file: f } : f);

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class WorkspaceController extends SnapshotStore<WorkspaceState> {
  private readonly options = new FilterOptionsCache(
    () => this.state.dataVersion,
    () => this.running,
  );
  /** The engine each raw engine is shown as (its filterOptions cached), one per engine. */
  private readonly shown = new WeakMap<Engine, Engine>();
  private enginePromise: Promise<Engine> | null = null;
  private store: WorkspaceStore | null = null;
  /** The key the engine was made with; stored with the first data kept. */
  private keyInUse = '';
  private busy = false;
  /** Bumped by "Delete all data": work started before it no longer changes what is shown. */
  private epoch = 0;
  /** The engine last opened, whatever state it is in: "Delete all data" closes it. */
  private liveEngine: Engine | null = null;
  /** True while kept files are being loaded: a database failure then blocks loading them again. */
  private restoringNow = false;
  /** Opening the store and database and restoring the workspace; actions wait for it. */
  private startup: Promise<void> | null = null;
  private cancelRequested = false;
  /** Aborts the file being imported where the loader can stop (while it converts or scans the text). */
  private abort: AbortController | null = null;
  /** The action under way, so a restart after a database failure waits for it to give up. */
  private running: Promise<void> | null = null;
  /** Which engine is current: a failure of an engine already replaced is not acted on. */
  private generation = 0;
  /** A restart after a database failure, while it runs; actions wait for it. */
  private restarting: Promise<void> | null = null;
  /** A failure of the engine started by a restart still under way. */
  private failedAgain: WorkerStopped | null = null;
  /** The data version right after the sample was loaded as shipped (any later change moves it on). */
  private sampleAsShipped: number | null = null;
  /** The shipped sample snapshot failed in this page: the sample is read from its CSVs. */
  private sampleSnapshotFailed = false;

  /** The actions, bound once: the same functions for the workspace's whole life. */
  readonly actions: WorkspaceActions = {
    retryRestore: () => this.retryRestore(),
    loadSample: () => this.loadSample(),
    importFiles: (files) => this.importFiles(files),
    cancelImport: () => this.cancelImport(),
    clearAll: () => this.clearAll(),
    savePreset: (name, mapping) => this.savePreset(name, mapping),
    deletePreset: (name) => this.deletePreset(name),
    setShowRealNames: (show) => this.setShowRealNames(show),
    saveAliases: (aliases) => this.saveAliases(aliases),
    dismissError: () => this.set({ error: null }),
  };

  constructor(private readonly deps: WorkspaceDeps) {
    super(EMPTY, withTotals);
  }

  private setProgress(progress: Progress | null | ((shown: Progress | null) => Progress | null)): void {
    this.set({ progress: typeof progress === 'function' ? progress(this.state.progress) : progress });
  }

  /** The views see a new engine, or none; `null` hides it while the database restarts or is deleted. */
  private show(eng: Engine | null): void {
    if (eng && !this.shown.has(eng)) this.shown.set(eng, this.options.wrap(eng));
    this.set({ engine: eng ? this.shown.get(eng)! : null });
  }

  /** Views re-query: the data changed (the filter options follow the version). */
  private dataChanged(patch: Partial<WorkspaceState> = {}): void {
    this.set({ ...patch, dataVersion: this.state.dataVersion + 1 });
  }

  // --- start-up: the store, the database, and what was kept --------------------------------

  /** Open the store and the database once; then bring back what was kept. Called again, it waits for the same start. */
  start(): Promise<void> {
    if (this.enginePromise) return this.startup ?? Promise.resolve();
    const opening = deferred<Engine>();
    this.enginePromise = opening.promise;
    // Stops unhandled-rejection noise; the error is shown through openError.
    opening.promise.catch(() => undefined);
    const mine = this.epoch;
    const startup = this.startUp(opening, mine).finally(() => {
      if (this.epoch === mine) {
        this.startup = null;
        this.setProgress(null);
      }
    });
    this.startup = startup;
    return startup;
  }

  private async startUp(opening: ReturnType<typeof deferred<Engine>>, mine: number): Promise<void> {
    const opened = await this.deps.openStore();
    this.store = opened.store;
    this.set({ persistent: opened.persistent });
    const kept = await this.readKept(opened.store);
    this.set({ presets: kept.presets, showRealNames: kept.realNames });
    this.keyInUse = kept.key ?? newPseudonymKey();
    if (kept.source === 'sample') this.deps.snapshots?.prefetchSample();
    this.setProgress({ message: 'Starting the in-browser database' });
    let eng: Engine;
    try {
      eng = await this.open();
    } catch (e) {
      opening.reject(e);
      this.set({ openError: `The in-browser database could not start: ${errorText(e)}` });
      return;
    }
    if (kept.settings) eng.settings = kept.settings;
    try {
      if (kept.source === 'sample') await this.sampleInto(eng);
      else if (kept.files.length > 0 && kept.mark && !this.closedCleanly(kept.mark)) await this.holdBack(kept.mark);
      else if (kept.files.length > 0) await this.restore(eng, kept.files, kept.mark !== undefined);
    } catch (e) {
      if (this.epoch === mine) this.set({ error: `Your workspace could not be restored: ${errorText(e)}` });
    }
    if (this.epoch !== mine) return;
    this.show(eng);
    opening.resolve(eng);
  }

  /** What the browser kept; a store that cannot be read gives an empty workspace and a warning. */
  private async readKept(s: WorkspaceStore): Promise<Kept> {
    try {
      return await readKept(s);
    } catch (e) {
      this.set({ storageWarning: `The workspace kept in this browser could not be read (${errorText(e)}).` });
      return NOTHING_KEPT;
    }
  }

  /** A new engine, watched: if its database fails, the workspace restarts it (onFailure, below). */
  private async open(): Promise<Engine> {
    const gen = ++this.generation;
    const eng = await this.deps.connect({ pseudonymKey: this.keyInUse, onFailure: (f) => this.onFailure(gen, f) });
    if (gen === this.generation) this.liveEngine = eng;
    eng.whenTablesBuilt(() => this.schedulePart(eng, gen));
    return eng;
  }

  private partTimer: ReturnType<typeof setTimeout> | undefined;

  /** After a build of the user's files' tables, once building stops for a moment: keep the new tables with the snapshot. */
  private schedulePart(eng: Engine, gen: number): void {
    const snapshots = this.deps.snapshots;
    const savePart = snapshots?.saveKeptPart?.bind(snapshots);
    if (!savePart) return;
    clearTimeout(this.partTimer);
    this.partTimer = setTimeout(() => {
      const store = this.store;
      if (gen !== this.generation || !store || this.state.source !== 'files') return;
      savePart(eng, store).catch((e: unknown) => {
        console.warn(`PBS Lens: the pages' tables were not kept (${errorText(e)}); the next load builds them again.`);
      });
    }, PART_DELAY_MS);
  }

  // --- the work every action shares --------------------------------------------------------

  /** Storage failures never stop the work: the data is in the database; say what was not kept. */
  private async keep(what: string, f: (s: WorkspaceStore) => Promise<unknown>): Promise<void> {
    const s = this.store;
    if (!s) return;
    try {
      await f(s);
    } catch (e) {
      this.set({ storageWarning: `${what} could not be kept in this browser (${errorText(e)}); it will be gone after a reload.` });
    }
  }

  /** Run one data action at a time, with progress and errors shown; false when it failed. */
  private async run(action: (engine: Engine) => Promise<void>): Promise<boolean> {
    if (this.startup) await this.startup;
    if (this.restarting) await this.restarting;
    if (this.busy || !this.enginePromise) return false;
    const mine = this.epoch;
    this.busy = true;
    this.cancelRequested = false;
    this.set({ error: null });
    try {
      this.setProgress({ message: 'Starting the in-browser database' });
      // Known as under way before the action starts: a page asking for the filter options waits for it.
      const engine = this.enginePromise;
      await (this.running = engine.then(action));
      return true;
    } catch (e) {
      if (this.epoch === mine) this.set({ error: errorText(e) });
      return false;
    } finally {
      if (this.epoch === mine) {
        this.running = null;
        this.busy = false;
        this.setProgress(null);
      }
    }
  }

  /** `action` once the data action under way (if any) has finished: actions run one at a time. */
  private async afterCurrentAction(action: () => Promise<unknown>): Promise<void> {
    while (this.busy && this.running) await this.running.catch(() => undefined);
    await action();
  }

  private readonly importRun: ImportRunControl = {
    cancelled: () => this.cancelRequested,
    reading: (controller) => {
      this.abort = controller;
    },
    progress: (update) => this.setProgress(update),
  };

  private async rebuild(eng: Engine): Promise<void> {
    this.setProgress({ message: 'Building the staffing model' });
    await eng.rebuild();
    this.dataChanged();
  }

  private async sampleInto(eng: Engine): Promise<void> {
    this.sampleAsShipped = null;
    // The sample's tables shipped with the app: no import, no build.
    this.setProgress({ message: 'Reading the sample service' });
    const fromSnapshot = this.sampleSnapshotFailed ? null : ((await this.deps.snapshots?.restoreSample(eng)) ?? null);
    if (fromSnapshot) {
      this.dataChanged({ imports: fromSnapshot, source: 'sample' });
      const version = (this.sampleAsShipped = this.state.dataVersion);
      // Its later tables come in the background. Should they fail (a damaged copy in the cache),
      // the workspace is empty and has no files to read again: the sample is read from its CSVs.
      eng.restoring.catch((e: unknown) => {
        const stopped = e instanceof Error && (e.name === 'SnapshotStopped' || e.name === 'DatabaseStopped');
        if (stopped || this.state.dataVersion !== version || this.state.source !== 'sample') return;
        this.sampleSnapshotFailed = true;
        this.sampleAsShipped = null;
        void this.afterCurrentAction(() => this.loadSample());
      });
      return;
    }
    const sample = this.deps.sample;
    if (!sample) throw new Error('This build of PBS Lens has no sample service bundled.');
    this.setProgress({ message: 'Reading the sample files' });
    // Fetched together while the tables are cleared: they come from this origin and are small.
    const fetched = sample();
    fetched.catch(() => undefined);
    await eng.clear();
    eng.useSampleKey();
    this.set({ imports: [] });
    const entries = await importAll(eng, await fetched, 'restore', this.importRun);
    this.set({ imports: entries, source: 'sample' });
    await this.rebuild(eng);
    this.sampleAsShipped = this.state.dataVersion;
  }

  /**
   * Whether the last load was left by closing the page while a snapshot's later tables loaded
   * (not a crash) — honoured once: a load after such a close that is left the same way again is
   * held back, so a background stage that never finishes cannot bring on reload after reload.
   */
  private closedCleanly(mark: RestoreMark): boolean {
    return !mark.afterClose && (this.deps.closeNote?.closedDuring(mark) ?? false);
  }

  /** Import the kept files again, in the order they were kept, with the name matches last applied. */
  private async restore(eng: Engine, files: StoredFile[], afterClose = false): Promise<void> {
    this.setProgress({ message: `Restoring your workspace: ${files.length} ${files.length === 1 ? 'file' : 'files'}`, task: 'restore', startedAt: Date.now() });
    const mark: RestoreMark = { startedAt: new Date().toISOString(), ...(afterClose ? { afterClose } : {}) };
    await this.keep('The loading mark', (s) => s.setExtra(RESTORING, mark));
    this.restoringNow = true;
    const gen = this.generation;
    let background: Promise<void> | null = null;
    try {
      const aliases = await this.store?.extra<Aliases>(ALIASES);
      // The tables as they were saved, when made from these very files and name matches.
      const snapshots = this.deps.snapshots;
      const fromSnapshot = snapshots && this.store ? await snapshots.restoreKept(eng, this.store, files, aliases) : null;
      if (fromSnapshot) {
        this.dataChanged({ imports: fromSnapshot, source: 'files' });
        background = eng.restoring;
      } else {
        const entries = await importAll(eng, files.map(storedRequest), 'restore', this.importRun);
        this.set({ imports: entries, source: 'files' });
        if (aliases !== undefined) await eng.setAliases(aliases);
        await this.rebuild(eng);
        this.scheduleSnapshot(eng);
      }
    } finally {
      if (!background) this.restoringNow = false;
    }
    // A snapshot's later tables are still loading: the loading mark (and the no-loop guard of a
    // database that stops meanwhile) stays until they are in, unless a restart has taken over.
    // Closing the page meanwhile is noted, so the next load does not take it for a crash.
    const stopWatching = background ? this.deps.closeNote?.watch(mark) : undefined;
    const done = async () => {
      try {
        if (gen !== this.generation) return;
        this.restoringNow = false;
        await this.keep('The loading mark', (s) => s.setExtra(RESTORING, undefined));
      } finally {
        // Only once the mark is gone: a close before that is still noted.
        stopWatching?.();
      }
    };
    if (background) void background.then(done, done);
    else await done();
  }

  /**
   * After a build of the user's files, write the workspace's snapshot once the first chart has had
   * the database, so the next load skips the import. Work started later (an import, "Delete all
   * data") wins: the engine refuses a snapshot of changed data, and a failure here only costs the
   * next load its speed.
   */
  private scheduleSnapshot(eng: Engine): void {
    const snapshots = this.deps.snapshots;
    const store = this.store;
    const mine = this.epoch;
    if (!snapshots || !store) return;
    setTimeout(() => {
      if (this.epoch !== mine || this.store !== store || this.state.source !== 'files') return;
      snapshots.saveKept(eng, store, () => this.state.imports, () => store.extra<unknown>(ALIASES)).catch((e: unknown) => {
        console.warn(`PBS Lens: the workspace snapshot was not saved (${errorText(e)}); the next load imports the files again.`);
      });
    }, SNAPSHOT_DELAY_MS);
  }

  /** Leave the kept files unloaded (an empty workspace) and say why; the mark keeps the reason for the next load. */
  private async holdBack(mark: RestoreMark): Promise<void> {
    this.dataChanged({ imports: [], source: null, restoreStopped: restoreStoppedText(mark) });
    await this.keep('The loading mark', (s) => s.setExtra(RESTORING, mark));
  }

  // --- recovery after the database stopped -----------------------------------------------

  /**
   * The database worker crashed, ran out of memory or ended silently (db/browser.ts). Wait for the
   * action it broke to give up, start a fresh database and import the workspace again from the
   * browser's storage, as a reload would, then say what happened. If it failed while the kept files
   * were being loaded, or fails again while they are, they are not loaded again: the workspace
   * stays empty and the user chooses (restoreStopped) — never a loop of loads that each fail.
   */
  private onFailure(gen: number, failure: WorkerStopped): void {
    if (gen !== this.generation) return;
    if (this.restarting) {
      this.failedAgain = failure;
      return;
    }
    const mine = this.epoch;
    const restarting = this.restart(failure, this.restoringNow, this.busy, mine).finally(() => {
      if (this.epoch === mine) {
        this.busy = false;
        this.setProgress(null);
        this.restarting = null;
      }
    });
    this.restarting = restarting;
  }

  private async restart(failure: WorkerStopped, duringRestore: boolean, wasBusy: boolean, mine: number): Promise<void> {
    if (this.startup) await this.startup;
    await this.running?.catch(() => undefined);
    if (this.epoch !== mine) return;
    this.busy = true;
    const settings = (await this.enginePromise?.catch(() => null))?.settings ?? null;
    this.show(null);
    let current = failure;
    let holdFiles = duringRestore;
    try {
      for (;;) {
        this.failedAgain = null;
        this.set({ error: null });
        this.setProgress({ message: `${current.message} Starting it again` });
        const eng = await this.open();
        if (this.epoch !== mine) return;
        if (settings) eng.settings = settings;
        this.enginePromise = Promise.resolve(eng);
        try {
          await this.reload(eng, holdFiles, current);
        } catch (e) {
          if (!this.failedAgain) throw e;
        }
        if (this.epoch !== mine) return;
        const again: WorkerStopped | null = this.failedAgain;
        if (!again) {
          this.show(eng);
          if (!holdFiles) this.set({ error: recoveredText(current, wasBusy) });
          return;
        }
        current = again;
        if (holdFiles) {
          this.set({ error: `${current.message} It stopped again with nothing loaded. Delete all data, or reload the page to try again.` });
          return;
        }
        holdFiles = true;
      }
    } catch (e) {
      if (this.epoch === mine) this.set({ error: `${failure.message} It could not be started again (${errorText(e)}). Your files are still kept in this browser: reload the page.` });
    }
  }

  /** After a restart: what the browser kept, loaded again (or held back when loading it is what failed). */
  private async reload(eng: Engine, holdFiles: boolean, current: WorkerStopped): Promise<void> {
    const kept = this.store;
    const source = kept ? await kept.source() : null;
    const files = kept ? await kept.files() : [];
    if (holdFiles && (source === 'sample' || files.length > 0)) await this.holdBack({ startedAt: new Date().toISOString(), failure: current.message });
    else if (source === 'sample') await this.sampleInto(eng);
    else if (files.length > 0) await this.restore(eng, files);
    else this.dataChanged({ imports: [], source: null });
  }

  // --- the actions -------------------------------------------------------------------------

  loadSample(): Promise<boolean> {
    return this.run(async (eng) => {
      // Already loaded as shipped (a kept sample choice brought back at start-up, then ?sample=1): nothing to do.
      if (this.state.source === 'sample' && this.sampleAsShipped === this.state.dataVersion) return;
      // The sample replaces whatever was loaded: sample and real data must never mix.
      await this.sampleInto(eng);
      await timed('keep sample choice', () =>
        this.keep('The sample choice', async (s) => {
          await s.ensurePseudonymKey(this.keyInUse);
          await this.deps.snapshots?.dropKept(s);
          await s.clearFiles();
          await s.setSource('sample');
        }),
      );
    });
  }

  importFiles(files: (File | ImportRequest)[]): Promise<boolean> {
    return this.run(async (eng) => {
      let previous = this.state.imports;
      if (this.state.source === 'sample') {
        await eng.clear();
        previous = [];
        await this.keep('The workspace', (s) => s.setSource(null));
      }
      const requests = files.map(asRequest);
      const entries = await importAll(eng, requests, 'import', this.importRun);
      this.set({ imports: [...previous, ...entries], source: 'files' });
      await this.keep('The imported files', (s) => keepFiles(s, this.keyInUse, requests, entries));
      await this.rebuild(eng);
      this.scheduleSnapshot(eng);
    });
  }

  cancelImport(): void {
    if (!this.busy) return;
    this.cancelRequested = true;
    this.abort?.abort();
    this.setProgress((p) => (p ? { ...p, cancelling: true, message: `${p.message} — stopping` } : p));
  }

  /**
   * Everything goes: stored files, presets, key, tables. It works whatever state the database is in
   * (busy, failed, silent): work under way is dropped, the browser's storage is deleted first, then
   * the database is closed within a time limit. A fresh database and key follow.
   */
  async clearAll(): Promise<void> {
    this.epoch++;
    this.generation++;
    this.cancelRequested = true;
    this.abort?.abort();
    const old = this.liveEngine;
    this.liveEngine = null;
    this.show(null);
    this.set({ error: null, restoreStopped: null, progress: { message: 'Deleting all data' }, imports: [], source: null, presets: [], showRealNames: false });
    let problem: string | null = null;
    this.store?.close();
    this.store = null;
    try {
      await withinTime(this.deps.wipeStorage(), this.deps.wipeLimitMs ?? WIPE_LIMIT_MS, 'Deleting the data kept in this browser');
    } catch (e) {
      problem = `${errorText(e)} Clear this site's data in the browser's settings to be sure.`;
    }
    // The database after the storage; close() terminates a worker that does not answer in time.
    await old?.db.close().catch(() => undefined);
    // Nothing of the old workspace stays: actions waiting on it give up (their engine is closed).
    this.startup = null;
    this.restarting = null;
    this.running = null;
    this.busy = false;
    this.keyInUse = newPseudonymKey();
    this.setProgress({ message: 'Starting a fresh database' });
    await this.openFresh();
    this.dataChanged({ progress: null, ...(problem ? { error: problem } : {}) });
  }

  /** After "Delete all data": a new engine (with the new key) and a new browser store. */
  private async openFresh(): Promise<void> {
    const fresh = this.open();
    this.enginePromise = fresh;
    fresh.catch(() => undefined);
    try {
      const next = await fresh;
      this.store = (await this.deps.openStore()).store;
      this.show(next);
    } catch (e) {
      this.set({ openError: `The in-browser database could not start: ${errorText(e)}` });
    }
  }

  /** Load the kept files again after a load that stopped the database (restoreStopped). */
  retryRestore(): Promise<boolean> {
    return this.run(async (eng) => {
      const s = this.store;
      if (!s) return;
      this.set({ restoreStopped: null });
      const source = await s.source();
      const files = await s.files();
      if (source === 'sample') await this.sampleInto(eng);
      else if (files.length > 0) await this.restore(eng, files);
    });
  }

  async savePreset(name: string, mapping: Mapping): Promise<void> {
    const s = this.store;
    if (!s) throw new Error('The browser store is not open yet.');
    await s.savePreset(name, mapping);
    this.set({ presets: await s.presets() });
  }

  async deletePreset(name: string): Promise<void> {
    const s = this.store;
    if (!s) return;
    await s.deletePreset(name);
    this.set({ presets: await s.presets() });
  }

  async setShowRealNames(show: boolean): Promise<void> {
    this.set({ showRealNames: show });
    await this.keep('The real-names choice', (s) => s.setShowRealNames(show));
  }

  saveAliases(aliases: Aliases): Promise<boolean> {
    return this.run(async (eng) => {
      const stored = await eng.setAliases(aliases);
      await this.keep('The name matches', (s) => s.setExtra(ALIASES, stored));
      await this.rebuild(eng);
      if (this.state.source === 'files') this.scheduleSnapshot(eng);
    });
  }
}
