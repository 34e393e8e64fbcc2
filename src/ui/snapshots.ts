/**
 * Reopening without re-importing. After an import and model build the workspace's tables are
 * written as one snapshot (db/snapshot.ts) into the browser's storage next to the kept files; on
 * the next load they are read back instead of importing every file and rebuilding the model. The
 * kept files stay the source of truth: a snapshot is used only when it was made from exactly the
 * files and name matches kept now, by this app version, definitions, settings and key; anything
 * else (or any problem reading it) and the files are imported again, as before.
 *
 * The sample service has its own snapshot, built with the app (scripts/snapshotPlugin.ts).
 *
 * Storage: IndexedDB's meta store through WorkspaceStore.extra: the bytes as a Blob under
 * `snapshot:<id>`, and a pointer `snapshot` naming the one in force. A new snapshot is written
 * whole before the pointer moves to it; the old one is deleted after. "Delete all data" deletes
 * the whole database (storage/wipe.ts).
 *
 * The pages' tables: each page's summary tables, once built, are kept too, so that after a reload
 * a page's first open restores them instead of building them again. When the app has been idle
 * for a moment after a build, the tables built since are written as a snapshot part
 * (Engine.snapshotPart) under a key of its own (`snapshot:<id>:part:<unique>`, so that two tabs
 * never write or delete each other's), and only then listed in the pointer with its key: a load
 * reads the parts the pointer lists, each whole or not at all (missing, cut short, made under
 * another tag or for another snapshot: left out, the others still read, and its tables built
 * again when asked). A new snapshot (after an import) starts with no parts, and the old ones go
 * with the old snapshot.
 *
 * Tabs: every read-modify-write of the pointer holds a Web Lock (changingPointer), so two tabs
 * listing a part at once both keep theirs, and each part's save holds one of its own (savingPart).
 * After each new snapshot and each listing, part records no save under way needs and the pointer
 * does not list are deleted (sweepUnlistedParts): a save cut short, a listing lost where the
 * browser has no Web Locks (once the next snapshot is saved), a part of a pointer written before
 * parts had keys. A tab drops only the snapshot it found unusable, never a newer one (dropKeptSnapshot).
 */
import { APP_VERSION, DEFINITIONS_HASH } from 'virtual:pbs-lens-build';
import { fetchSampleSnapshot } from './sample';
import { blobSource, SnapshotCorrupt, type AppTag, type Engine, type Snapshot } from '../engine';
import type { StoredFile, WorkspaceStore } from './storage';
import type { ImportEntry } from './workspace/types';
import { timed } from '../timing';

export const APP_TAG: AppTag = { app: APP_VERSION, definitions: DEFINITIONS_HASH };

const POINTER = 'snapshot';
const record = (id: string) => `snapshot:${id}`;

interface SnapshotPointer {
  id: string;
  /** The kept files and name matches the snapshot was made from (fingerprint). */
  fingerprint: string;
  bytes: number;
  savedAt: string;
  /** The parts written since (saveKeptPart), in order, each stored under its `key`. */
  parts?: PartEntry[];
  /** Parts whose bytes are being stored, not yet listed: deleted with the snapshot should their save be cut short. */
  writing?: string[];
}

/**
 * A part as the pointer lists it. Pointers written before parts had keys of their own (a build of
 * one morning, parts named `snapshot:<id>:part<i>`) need no reading: their snapshot's tag holds the
 * definitions hash of that build (engine.ts and db/snapshot.ts have changed since), so it is
 * refused and the files imported; its parts' records are then deleted by sweepUnlistedParts.
 */
interface PartEntry {
  key: string;
  bytes: number;
  tables: string[];
}

/** A new part's record: unique, so that a part one tab lists is never overwritten or deleted by another. */
const newPartKey = (id: string) => `snapshot:${id}:part:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
/** Any part's record, keyed or from before parts had keys (snapshot:<id>:part<i>); a snapshot's own is `snapshot:<id>`. */
const isPartRecord = (name: string) => /^snapshot:[^:]+:part/.test(name);
/** A part's record from before parts had keys (snapshot:<id>:part<i>): no build writes one now. */
const isUnkeyedPart = (name: string) => /^snapshot:[^:]+:part\d/.test(name);
/** The snapshot id a part's record belongs to. */
const snapshotOfPart = (name: string) => name.split(':')[1];

/** Delete a snapshot's bytes, its parts' and those of any part whose save was cut short. */
async function dropRecords(store: WorkspaceStore, pointer: SnapshotPointer): Promise<void> {
  const keys = [...(pointer.parts ?? []).map((p) => p.key), ...(pointer.writing ?? [])].filter((k) => typeof k === 'string');
  for (const key of keys) await store.setExtra(key, undefined);
  await store.setExtra(record(pointer.id), undefined);
}

/** The Web Lock every tab holds while it reads and writes the pointer. */
const POINTER_LOCK = 'pbs-lens-snapshot-pointer';
/** The Web Lock a tab holds while it saves a part, from noting its key in the pointer to listing it. */
const PART_SAVE_LOCK = 'pbs-lens-snapshot-part-save:';

/** The browser's Web Locks (every tab and worker of the origin shares them), if it has them. */
const webLocks = (): LockManager | undefined => (typeof navigator === 'undefined' ? undefined : navigator.locks);

/**
 * Run `change` (a read of the pointer, then a write of what it read and changed) while no other
 * tab of this origin runs one: two tabs listing a part at once would each write back the pointer
 * it read, and one listing would be lost. The lock is held for the pointer alone, never while a
 * snapshot's or part's bytes are stored. Where the browser has no Web Locks, as before (a part
 * whose listing is lost is deleted by the next sweep: its tables are built and kept again).
 */
function changingPointer<T>(change: () => Promise<T>): Promise<T> {
  return holding(POINTER_LOCK, change);
}

/** Save part `key` holding its save lock: while it is held, no tab's sweep takes the part for one cut short. */
function savingPart<T>(key: string, save: () => Promise<T>): Promise<T> {
  return holding(PART_SAVE_LOCK + key, save);
}

function holding<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const locks = webLocks();
  // request resolves to what the callback's promise resolves to (its typing says the promise).
  return locks ? (locks.request(lock, work) as unknown as Promise<T>) : work();
}

/** The parts whose save some tab holds the lock of now; null where the browser cannot say (no Web Locks). */
async function partSavesUnderWay(): Promise<Set<string> | null> {
  const locks = webLocks();
  if (!locks) return null;
  const { held = [], pending = [] } = await locks.query();
  return new Set([...held, ...pending].flatMap((l) => (l.name?.startsWith(PART_SAVE_LOCK) ? [l.name.slice(PART_SAVE_LOCK.length)] : [])));
}

/**
 * Delete the part records no save under way needs and the pointer does not list: nothing would
 * ever read them, and they would stay until "Delete all data". A part noted as being written
 * whose save lock no tab holds was cut short (its page closed, the browser refused its bytes):
 * its note goes too. Never a part another tab is saving: it holds the save lock from before the
 * note is made.
 *
 * Without Web Locks another tab may note and list a part between this one's reads and deletes, so
 * only parts of no snapshot in force go: another snapshot's and unkeyed ones. The pointer is read
 * after the records are: a part is stored only while the pointer names its snapshot, so a part
 * of a snapshot saved meanwhile is seen as in force. The snapshot in force keeps its unlisted
 * parts (a listing lost to the other tab) until the next snapshot's sweep takes them.
 */
async function sweepUnlistedParts(store: WorkspaceStore): Promise<void> {
  await changingPointer(async () => {
    const records = (await store.extraNames('snapshot:')).filter(isPartRecord);
    const pointer = await store.extra<SnapshotPointer>(POINTER);
    const underWay = await partSavesUnderWay();
    const writing = (pointer?.writing ?? []).filter((k) => underWay === null || underWay.has(k));
    if (pointer && writing.length !== (pointer.writing ?? []).length) await store.setExtra(POINTER, { ...pointer, writing } satisfies SnapshotPointer);
    const named = new Set([...(pointer?.parts ?? []).map((p) => p.key), ...writing]);
    const mayGo = underWay !== null ? () => true : (name: string) => isUnkeyedPart(name) || snapshotOfPart(name) !== pointer?.id;
    for (const name of records) if (!named.has(name) && mayGo(name)) await store.setExtra(name, undefined);
  });
}

/** What the app keeps in a snapshot besides the tables. */
interface Kept {
  imports: ImportEntry[];
}

/** The kept files (each by its key, size and save time) and name matches: what a snapshot must have been made from. */
export function fingerprint(files: readonly StoredFile[], aliases: unknown): string {
  return `${files.map((f) => `${f.id}:${f.size}:${f.savedAt}`).join('|')}#${JSON.stringify(aliases ?? null)}`;
}

function importsOf(extra: unknown): ImportEntry[] {
  const imports = (extra as Partial<Kept> | null)?.imports;
  if (!Array.isArray(imports)) throw new Error('The snapshot holds no import reports.');
  return imports;
}

/** Problems with a snapshot never stop the app: they are noted for whoever looks, and the files are imported. */
function fallBack(what: string, e: unknown): null {
  console.warn(`PBS Lens: ${what} was not used (${e instanceof Error ? e.message : String(e)}); importing the files instead.`);
  return null;
}

/**
 * Delete the kept snapshot (the pointer first, so a half-done delete leaves nothing in force).
 * `id`: only if the pointer still names that snapshot — one this tab found unusable — never a
 * newer one another tab saved meanwhile (which deletes the old one itself).
 */
export async function dropKeptSnapshot(store: WorkspaceStore, id?: string): Promise<void> {
  const pointer = await changingPointer(async () => {
    const was = await store.extra<SnapshotPointer>(POINTER);
    if (!was || (id !== undefined && was.id !== id)) return undefined;
    await store.setExtra(POINTER, undefined);
    return was;
  });
  if (pointer) await dropRecords(store, pointer);
}

/**
 * Restore the kept snapshot into `engine` when it was made from these files and name matches;
 * the import entries to show, or null when the caller must import the files (the engine is then
 * empty). It returns once the first page's tables are in (Engine.restore, inBackground): the
 * rota, the incidents and the other pages' tables follow while the first chart is drawn, and a
 * page that reads one of them waits for it. Should one of those later tables turn out damaged,
 * the engine drops the workspace's tables and every page says so ("The stored snapshot is
 * damaged …"); the snapshot is deleted here, so the next load imports the kept files. A damaged
 * part costs that part only: its damaged table is built again when asked, and the part deleted.
 */
export async function restoreKeptSnapshot(engine: Engine, store: WorkspaceStore, files: readonly StoredFile[], aliases: unknown): Promise<ImportEntry[] | null> {
  let kept: KeptSnapshot | null;
  try {
    kept = await readKeptSnapshot(store, files, aliases);
  } catch (e) {
    return fallBack('The snapshot kept in this browser', e);
  }
  if (!kept) return null;
  const { id, blob, parts } = kept;
  try {
    const onPartDamaged = (i: number) => dropPart(store, id, parts[i]!.key).catch(() => undefined);
    const imports = importsOf(await engine.restore(blobSource(blob), APP_TAG, { inBackground: true, parts: parts.map((p) => blobSource(p.blob)), onPartDamaged }));
    engine.restoring.catch(async (e: unknown) => {
      // Damaged bytes are not tried again; a database that stopped meanwhile says nothing about them.
      if (!(e instanceof SnapshotCorrupt)) return;
      await dropKeptSnapshot(store, id).catch(() => undefined);
      console.warn(`PBS Lens: the snapshot kept in this browser was damaged (${e.message}); the workspace was emptied and the next load imports the files.`);
    });
    return imports;
  } catch (e) {
    // An unusable snapshot goes; a database that stopped while reading it says nothing about its bytes.
    if (!(e instanceof Error && e.name === 'DatabaseStopped')) await dropKeptSnapshot(store, id).catch(() => undefined);
    return fallBack('The snapshot kept in this browser', e);
  }
}

/** What a load restores: the snapshot in force (its id and bytes) and the listed parts whose bytes are there. */
interface KeptSnapshot {
  id: string;
  blob: Blob;
  parts: { key: string; blob: Blob }[];
}

/**
 * The snapshot the pointer names, if it was made from these files and name matches (else it is
 * deleted: null, the files are imported); throws when its bytes are missing.
 */
async function readKeptSnapshot(store: WorkspaceStore, files: readonly StoredFile[], aliases: unknown): Promise<KeptSnapshot | null> {
  const pointer = await store.extra<SnapshotPointer>(POINTER);
  if (!pointer) return null;
  if (pointer.fingerprint !== fingerprint(files, aliases)) {
    await dropKeptSnapshot(store, pointer.id);
    return null;
  }
  const blob = (await store.extra<{ blob?: Blob }>(record(pointer.id)))?.blob;
  if (!(blob instanceof Blob)) throw new Error('its bytes are missing');
  return { id: pointer.id, blob, parts: await keptParts(store, pointer) };
}

/** The parts the pointer lists whose bytes are there (the engine checks each before it reads any). */
async function keptParts(store: WorkspaceStore, pointer: SnapshotPointer): Promise<{ key: string; blob: Blob }[]> {
  const parts: { key: string; blob: Blob }[] = [];
  for (const { key } of pointer.parts ?? []) {
    const blob = typeof key === 'string' ? (await store.extra<{ blob?: Blob }>(key))?.blob : undefined;
    // Each part holds whole tables built from the snapshot's: one missing costs its own tables only.
    if (blob instanceof Blob) parts.push({ key, blob });
  }
  return parts;
}

/**
 * A damaged part goes, its listing first; the snapshot and the other parts stay. Not queued
 * behind the saves: the restore waits for this, and a part's save waits for the restore.
 */
async function dropPart(store: WorkspaceStore, id: string, key: string): Promise<void> {
  await changingPointer(async () => {
    const pointer = await store.extra<SnapshotPointer>(POINTER);
    if (pointer?.id !== id) return;
    const parts = pointer.parts ?? [];
    const listed = parts.filter((p) => p.key !== key);
    if (listed.length !== parts.length) await store.setExtra(POINTER, { ...pointer, parts: listed } satisfies SnapshotPointer);
  });
  await store.setExtra(key, undefined);
  console.warn('PBS Lens: a part of the snapshot kept in this browser was damaged; it was deleted and its tables are built again when asked.');
}

/** One save at a time: a second waits for the first, so pointers never cross. */
let saving: Promise<unknown> = Promise.resolve();

/** The snapshot the browser had no room for a part of (QuotaExceededError): no part is written for it again. */
let noRoomFor: string | null = null;

/**
 * Write the workspace's snapshot and make it the one in force. `kept` is read before the tables
 * are: if the files change meanwhile, either the engine refuses (its data changed) or the
 * fingerprint no longer matches at the next load, never a snapshot older than its fingerprint.
 */
export function saveKeptSnapshot(engine: Engine, store: WorkspaceStore, imports: () => ImportEntry[], aliases: () => Promise<unknown>): Promise<void> {
  const work = async () =>
    timed('snapshot save', async () => {
      const print = fingerprint(await store.files(), await aliases());
      // Each segment becomes a Blob as it fills: the page holds one segment at a time, not the database.
      const snap = await engine.snapshot(APP_TAG, { imports: imports() } satisfies Kept, (pieces) => new Blob(pieces as BlobPart[]));
      const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      await store.setExtra(record(id), { blob: new Blob(snap.parts as BlobPart[], { type: 'application/octet-stream' }) });
      const old = await changingPointer(async () => {
        const was = await store.extra<SnapshotPointer>(POINTER);
        await store.setExtra(POINTER, { id, fingerprint: print, bytes: snap.bytes, savedAt: new Date().toISOString() } satisfies SnapshotPointer);
        return was;
      });
      if (old && old.id !== id) await dropRecords(store, old);
      await sweepUnlistedParts(store).catch(() => undefined); // tidying only: the snapshot is kept whatever it meets
    });
  const done = saving.then(work, work);
  saving = done.catch(() => undefined);
  return done;
}

/**
 * Keep the pages' tables built since the kept snapshot was written or restored: written as a part
 * (Engine.snapshotPart: nothing when there is nothing new, or the workspace changed since), stored
 * and listed (storeAndList) while this tab holds the part's save lock, then unlisted parts swept.
 * A load cut short anywhere in this leaves the parts listed as they were.
 */
export function saveKeptPart(engine: Engine, store: WorkspaceStore): Promise<void> {
  // Timed whole, with nothing to keep too: the bench waits for the one after the last build.
  const work = () =>
    timed('snapshot part save', async () => {
      const pointer = await store.extra<SnapshotPointer>(POINTER);
      if (!pointer || pointer.id === noRoomFor) return;
      const part = await engine.snapshotPart(APP_TAG, (pieces) => new Blob(pieces as BlobPart[]));
      if (!part) return;
      const key = newPartKey(pointer.id);
      if (!(await savingPart(key, () => storeAndList(store, pointer.id, key, part)))) return;
      engine.partKept(part);
      await sweepUnlistedParts(store).catch(() => undefined); // tidying only: the part is kept whatever it meets
    });
  const done = saving.then(work, work);
  saving = done.catch(() => undefined);
  return done;
}

/**
 * Store a part's bytes whole under `key` (noted in the pointer's `writing` first, so a save cut
 * short leaves them to go with the snapshot or the sweep), then list it — if the pointer still
 * names snapshot `id` (else the bytes go: false).
 */
async function storeAndList(store: WorkspaceStore, id: string, key: string, part: Snapshot<Blob>): Promise<boolean> {
  const noted = await changingPointer(async () => {
    const before = await store.extra<SnapshotPointer>(POINTER);
    if (before?.id !== id) return false;
    await store.setExtra(POINTER, { ...before, writing: [...(before.writing ?? []), key] } satisfies SnapshotPointer);
    return true;
  });
  if (!noted) return false;
  try {
    await store.setExtra(key, { blob: new Blob(part.parts as BlobPart[], { type: 'application/octet-stream' }) });
  } catch (e) {
    // Every later build would write the same tables and be refused again: none until the next snapshot.
    if ((e as Error | null)?.name === 'QuotaExceededError') noRoomFor = id;
    throw e;
  }
  const tables = part.manifest.tables.map((t) => t.name);
  const listed = await changingPointer(async () => {
    const now = await store.extra<SnapshotPointer>(POINTER);
    if (now?.id !== id) return false;
    const writing = (now.writing ?? []).filter((k) => k !== key);
    await store.setExtra(POINTER, { ...now, parts: [...(now.parts ?? []), { key, bytes: part.bytes, tables }], writing } satisfies SnapshotPointer);
    return true;
  });
  if (!listed) await store.setExtra(key, undefined);
  return listed;
}

let samplePrefetch: Promise<Blob | null> | null = null;

/** Start fetching the sample's snapshot now (while the database starts); restoreSampleSnapshot takes it. */
export function prefetchSampleSnapshot(): void {
  if (samplePrefetch) return;
  samplePrefetch = fetchSampleSnapshot();
  samplePrefetch.catch(() => undefined);
}

/** Restore the sample service from the snapshot shipped with the app; null when the caller must import its CSVs. */
export async function restoreSampleSnapshot(engine: Engine): Promise<ImportEntry[] | null> {
  const fetched = samplePrefetch ?? fetchSampleSnapshot();
  samplePrefetch = null;
  try {
    const blob = await fetched;
    if (!blob) return null;
    engine.useSampleKey();
    // In stages, as a kept workspace: the first chart waits for the first page's tables only.
    const imports = importsOf(await engine.restore(blobSource(blob), APP_TAG, { inBackground: true }));
    engine.restoring.catch((e: unknown) => {
      if (e instanceof SnapshotCorrupt) console.warn(`PBS Lens: the sample service snapshot was damaged (${e.message}).`);
    });
    return imports;
  } catch (e) {
    return fallBack('The sample service snapshot', e);
  }
}
