/**
 * The few storage operations the workspace needs, so its logic runs the same over IndexedDB in
 * the browser and over a Map in Node tests. Keys are strings; values are structured-clonable
 * (Blobs included), which is what IndexedDB stores natively.
 */
export const STORES = ['files', 'presets', 'meta'] as const;
export type StoreName = (typeof STORES)[number];

export interface Backend {
  get<T>(store: StoreName, key: string): Promise<T | undefined>;
  put(store: StoreName, key: string, value: unknown): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
  /** Every value of a store, in key order. */
  all<T>(store: StoreName): Promise<T[]>;
  /** Every key of a store, in order. */
  keys(store: StoreName): Promise<string[]>;
  clear(store: StoreName): Promise<void>;
  close(): void;
}

/** An in-memory backend: for tests, and the fallback when the browser refuses IndexedDB (private windows of some browsers). */
export function memoryBackend(): Backend {
  const stores = new Map<StoreName, Map<string, unknown>>(STORES.map((s) => [s, new Map()]));
  const store = (s: StoreName) => stores.get(s)!;
  return {
    async get<T>(s: StoreName, key: string) {
      return store(s).get(key) as T | undefined;
    },
    async put(s, key, value) {
      store(s).set(key, value);
    },
    async delete(s, key) {
      store(s).delete(key);
    },
    async all<T>(s: StoreName) {
      return [...store(s).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v as T);
    },
    async keys(s) {
      return [...store(s).keys()].sort();
    },
    async clear(s) {
      store(s).clear();
    },
    close() {},
  };
}
