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

export async function openIndexedDb(name = DATABASE_NAME): Promise<Backend> {
  if (typeof indexedDB === 'undefined') throw new Error('This browser offers no IndexedDB storage.');
  const open = indexedDB.open(name, VERSION);
  open.onupgradeneeded = () => {
    for (const s of STORES) if (!open.result.objectStoreNames.contains(s)) open.result.createObjectStore(s);
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened'));
    open.onblocked = () => reject(new Error('The browser storage is in use by an older PBS Lens tab: close it and reload.'));
  });
  // Another tab deleting all data must not be blocked by this one holding the database open.
  db.onversionchange = () => db.close();

  const run = async <T>(store: StoreName, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = db.transaction(store, mode);
    const result = request(op(tx.objectStore(store)));
    await done(tx);
    return result;
  };
  return {
    get: <T>(store: StoreName, key: string) => run(store, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
    put: async (store, key, value) => {
      await run(store, 'readwrite', (s) => s.put(value, key));
    },
    delete: async (store, key) => {
      await run(store, 'readwrite', (s) => s.delete(key));
    },
    // getAll returns values in key order.
    all: <T>(store: StoreName) => run(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>),
    clear: async (store) => {
      await run(store, 'readwrite', (s) => s.clear());
    },
    close: () => db.close(),
  };
}
