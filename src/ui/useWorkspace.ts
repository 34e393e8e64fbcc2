/**
 * The workspace: the engine (DuckDB in its worker), what has been imported, and whether work is
 * under way. The views read this; only these actions change the data.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Engine, ImportReport } from '../engine';
import { fetchSampleFile, SAMPLE_FILES } from './sample';

export interface ImportEntry {
  fileName: string;
  /** The engine's report; null when the import itself failed (see failure). */
  report: ImportReport | null;
  failure: string | null;
}

export interface Progress {
  message: string;
  step?: number;
  of?: number;
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
  loadSample(): Promise<boolean>;
  importFiles(files: File[]): Promise<boolean>;
  clearAll(): Promise<void>;
  dismissError(): void;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

export function useWorkspace(connect: () => Promise<Engine>): Workspace {
  const enginePromise = useRef<Promise<Engine> | null>(null);
  const [engine, setEngine] = useState<Engine | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [imports, setImports] = useState<ImportEntry[]>([]);
  const [source, setSource] = useState<DataSource>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const busy = useRef(false);

  // Open the database once, in the background, as soon as the app shows.
  useEffect(() => {
    if (enginePromise.current) return;
    const p = connect();
    enginePromise.current = p;
    p.then(setEngine, (e: unknown) => setOpenError(`The in-browser database could not start: ${errorText(e)}`));
  }, [connect]);

  /** Run one data action at a time, with progress and errors shown; false when it failed. */
  const run = useCallback(async (action: (engine: Engine) => Promise<void>): Promise<boolean> => {
    if (busy.current || !enginePromise.current) return false;
    busy.current = true;
    setError(null);
    try {
      setProgress({ message: 'Starting the in-browser database' });
      await action(await enginePromise.current);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      busy.current = false;
      setProgress(null);
    }
  }, []);

  const importAll = async (eng: Engine, files: File[], kinds: (string | undefined)[]): Promise<ImportEntry[]> => {
    const entries: ImportEntry[] = [];
    for (const [i, file] of files.entries()) {
      setProgress({ message: `Importing ${file.name}`, step: i + 1, of: files.length });
      try {
        const kind = kinds[i] as Parameters<Engine['importFile']>[2];
        entries.push({ fileName: file.name, report: await eng.importFile(file.name, file, kind), failure: null });
      } catch (e) {
        entries.push({ fileName: file.name, report: null, failure: errorText(e) });
      }
    }
    return entries;
  };

  const rebuild = async (eng: Engine): Promise<void> => {
    setProgress({ message: 'Building the staffing model' });
    await eng.rebuild();
    setDataVersion((v) => v + 1);
  };

  const loadSample = useCallback(
    () =>
      run(async (eng) => {
        if (SAMPLE_FILES.length === 0) throw new Error('This build of PBS Lens has no sample service bundled.');
        // The sample replaces whatever was loaded: sample and real data must never mix.
        await eng.clear();
        setImports([]);
        const files: File[] = [];
        for (const [i, f] of SAMPLE_FILES.entries()) {
          setProgress({ message: `Reading the sample file ${f.name}`, step: i + 1, of: SAMPLE_FILES.length });
          files.push(await fetchSampleFile(f));
        }
        const entries = await importAll(eng, files, SAMPLE_FILES.map((f) => f.kind));
        setImports(entries);
        setSource('sample');
        await rebuild(eng);
      }),
    [run],
  );

  const importFiles = useCallback(
    (files: File[]) =>
      run(async (eng) => {
        let previous = imports;
        if (source === 'sample') {
          await eng.clear();
          previous = [];
        }
        const entries = await importAll(eng, files, []);
        setImports([...previous, ...entries]);
        setSource('files');
        await rebuild(eng);
      }),
    [run, imports, source],
  );

  const clearAll = useCallback(async () => {
    await run(async (eng) => {
      setProgress({ message: 'Deleting all data' });
      await eng.clear();
      setImports([]);
      setSource(null);
      setDataVersion((v) => v + 1);
    });
  }, [run]);

  const hasData = imports.some((e) => (e.report?.accepted ?? 0) > 0);
  return {
    engine,
    openError,
    progress,
    error,
    imports,
    source,
    dataVersion,
    hasData,
    loadSample,
    importFiles,
    clearAll,
    dismissError: () => setError(null),
  };
}
