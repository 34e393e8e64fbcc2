/**
 * The IndexedDB backend: one database of this origin, three object stores. IndexedDB keeps
 * Blobs (the imported source files) as they are, survives reloads and browser restarts, and is
 * wiped by the app's "Delete all data" (see wipe.ts).
 */
import { STORES, type Backend, type StoreName } from './backend';

export const DATABASE_NAME = 'pbs-lens';
const VERSION = 1;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

async function openDatabase(name: string): Promise<IDBDatabase> {
  const open = indexedDB.open(name, VERSION);
  open.onupgradeneeded = () => {
    for (const s of STORES) if (!open.result.objectStoreNames.contains(s)) open.result.createObjectStore(s);
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened'));
    open.onblocked = () => reject(new Error('the browser storage is in use by an older PBS Lens tab: close it and reload'));
  });
  // Another tab deleting all data must not be blocked by this one holding the database open.
  db.onversionchange = () => db.close();
  return db;
}

/** Whether the database exists, without creating it (unknown → true: opening will tell). */
async function databaseExists(name: string): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return true;
  const list = await indexedDB.databases();
  return list.some((d) => d.name === name);
}

/**
 * An IndexedDB backend that creates its database only when something is first written: opening
 * the app stores nothing, and after "Delete all data" the origin's storage stays empty until the
 * next import.
 */
export function indexedDbBackend(name = DATABASE_NAME): Backend {
  if (typeof indexedDB === 'undefined') throw new Error('This browser offers no IndexedDB storage.');
  let db: Promise<IDBDatabase> | null = null;
  let closed = false;
  const connect = async (create: boolean): Promise<IDBDatabase | null> => {
    if (closed) throw new Error('the browser store was closed');
    if (!db) {
      const exists = await databaseExists(name);
      if (!create && !exists) return null;
      // Ask the browser not to evict the workspace under storage pressure (best effort; it may say no).
      if (!exists) void navigator.storage?.persist?.().catch(() => false);
      db = openDatabase(name);
      db.catch(() => {
        db = null;
      });
    }
    return db;
  };
  const run = async <T>(store: StoreName, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>, empty: T): Promise<T> => {
    const handle = await connect(mode === 'readwrite');
    if (!handle) return empty;
    const tx = handle.transaction(store, mode);
    const result = request(op(tx.objectStore(store)));
    await done(tx);
    return result;
  };
  return {
    get: <T>(store: StoreName, key: string) => run(store, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>, undefined),
    put: async (store, key, value) => {
      await run<unknown>(store, 'readwrite', (s) => s.put(value, key) as IDBRequest<unknown>, undefined);
    },
    delete: async (store, key) => {
      await run(store, 'readwrite', (s) => s.delete(key), undefined);
    },
    // getAll returns values in key order.
    all: <T>(store: StoreName) => run(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>, [] as T[]),
    // The app's keys are strings (Backend).
    keys: (store) => run(store, 'readonly', (s) => s.getAllKeys() as IDBRequest<string[]>, [] as string[]),
    clear: async (store) => {
      await run(store, 'readwrite', (s) => s.clear(), undefined);
    },
    close: () => {
      closed = true;
      void db?.then((d) => d.close(), () => undefined);
      db = null;
    },
  };
}
