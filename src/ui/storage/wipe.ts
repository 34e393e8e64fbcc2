import { SHELL_CACHE_PREFIX } from '../../offline/serviceWorker';

/**
 * "Delete all data", for the browser's storage: every IndexedDB database, Origin Private File
 * System entry, Cache Storage cache, localStorage and sessionStorage item of this origin. The
 * origin serves PBS Lens only, so everything it holds is the app's. DuckDB's tables are dropped
 * separately (engine.clear); they live in memory. The app's own files, kept by the service worker
 * so it starts offline (SHELL_CACHE_PREFIX), hold no data and stay.
 */

type DirectoryWithKeys = FileSystemDirectoryHandle & { keys(): AsyncIterableIterator<string> };

async function opfsRoot(): Promise<DirectoryWithKeys | null> {
  try {
    if (!navigator.storage?.getDirectory) return null;
    return (await navigator.storage.getDirectory()) as DirectoryWithKeys;
  } catch {
    return null;
  }
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error(`The stored database ${name} could not be deleted.`));
    // Another tab holds it open: it closes on versionchange (see idb.ts), then this succeeds.
    req.onblocked = () => undefined;
  });
}

/** Remove everything this origin stores in the browser. Close open IndexedDB connections first. */
export async function wipeBrowserStorage(): Promise<void> {
  const problems: string[] = [];
  const attempt = async (what: string, f: () => Promise<void> | void) => {
    try {
      await f();
    } catch (e) {
      problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  await attempt('IndexedDB', async () => {
    if (typeof indexedDB === 'undefined') return;
    const names = (await indexedDB.databases?.())?.map((d) => d.name).filter((n): n is string => !!n) ?? [];
    for (const name of new Set([...names, 'pbs-lens'])) await deleteDatabase(name);
  });
  await attempt('files in the browser', async () => {
    const root = await opfsRoot();
    if (!root) return;
    const names: string[] = [];
    for await (const name of root.keys()) names.push(name);
    for (const name of names) await root.removeEntry(name, { recursive: true });
  });
  await attempt('caches', async () => {
    if (typeof caches === 'undefined') return;
    for (const name of await caches.keys()) if (!name.startsWith(SHELL_CACHE_PREFIX)) await caches.delete(name);
  });
  await attempt('local storage', () => {
    localStorage.clear();
    sessionStorage.clear();
  });
  if (problems.length > 0) throw new Error(`Some stored data could not be deleted (${problems.join('; ')}). Clear this site's data in the browser settings.`);
}
