/**
 * What survives a reload: the source files themselves (as Blobs) with the kind and mapping each
 * was imported with, the pseudonym key, where the data came from, settings, the real-names
 * choice, mapping presets and room for later steps (reconciliation). The files are the source of
 * truth: on load they are imported again through the same path, so what is shown after a reload
 * is what an import makes — unless a snapshot of DuckDB's tables made from exactly these files is
 * kept beside them (ui/snapshots.ts, under extra:snapshot…; not duckdb-wasm's opfs:// databases,
 * which have open durability bugs).
 */
import type { FileKind } from '../../ingest/canonical';
import type { GridLoadRequest } from '../../ingest/gridLoad';
import { MappingSchema, type Mapping } from '../../ingest/mapping';
import { Settings } from '../../model/settings';
import type { Backend } from './backend';

export interface StoredFile {
  /** Storage key; sorts in import order. */
  id: string;
  name: string;
  type: string;
  size: number;
  lastModified: number;
  blob: Blob;
  /** The kind chosen or confirmed at import (null: detected again on restore). */
  kind: FileKind | null;
  /** The mapping the import used (null for a canonical file read as it is). */
  mapping: Mapping | null;
  /** A grid rota's settled codes (imported by the grid reader; absent for other files). */
  grid?: GridLoadRequest['grid'];
  savedAt: string;
}

export interface Preset {
  name: string;
  mapping: Mapping;
  savedAt: string;
  /** Save order (newest highest): a preset saved again becomes the newest. */
  seq: number;
}

export type StoredSource = 'sample' | 'files' | null;

const META = {
  pseudonymKey: 'pseudonymKey',
  source: 'source',
  showRealNames: 'showRealNames',
  settings: 'settings',
} as const;
const EXTRA_PREFIX = 'extra:';

/** 128 random bits as hex: the key of the keyed pseudonyms (never derived from the data). */
export function newPseudonymKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const fileKey = (n: number) => `f${String(n).padStart(9, '0')}`;

export class WorkspaceStore {
  constructor(private readonly backend: Backend) {}

  // --- the pseudonym key: one per browser profile, made on first use ---------------------

  async pseudonymKey(): Promise<string | null> {
    const k = await this.backend.get<string>('meta', META.pseudonymKey);
    return typeof k === 'string' && /^[0-9a-f]{32}$/.test(k) ? k : null;
  }

  /** Keep `candidate` as the key unless one is stored already; returns the key in force. */
  async ensurePseudonymKey(candidate: string): Promise<string> {
    const existing = await this.pseudonymKey();
    if (existing) return existing;
    await this.backend.put('meta', META.pseudonymKey, candidate);
    return candidate;
  }

  // --- source files -----------------------------------------------------------------------

  async files(): Promise<StoredFile[]> {
    const all = await this.backend.all<StoredFile>('files');
    return all.filter((f) => f && f.blob && typeof f.name === 'string');
  }

  async addFile(file: Blob & { name: string; lastModified?: number }, kind: FileKind | null, mapping: Mapping | null, grid?: GridLoadRequest['grid']): Promise<StoredFile> {
    const existing = await this.backend.all<StoredFile>('files');
    const last = existing.reduce((m, f) => Math.max(m, Number(f.id.slice(1)) || 0), 0);
    const stored: StoredFile = {
      id: fileKey(last + 1),
      name: file.name,
      type: file.type,
      size: file.size,
      lastModified: file.lastModified ?? Date.now(),
      blob: file,
      kind,
      mapping,
      ...(grid ? { grid } : {}),
      savedAt: new Date().toISOString(),
    };
    await this.backend.put('files', stored.id, stored);
    return stored;
  }

  async removeFile(id: string): Promise<void> {
    await this.backend.delete('files', id);
  }

  async clearFiles(): Promise<void> {
    await this.backend.clear('files');
  }

  // --- workspace choices ------------------------------------------------------------------

  async source(): Promise<StoredSource> {
    const s = await this.backend.get<string>('meta', META.source);
    return s === 'sample' || s === 'files' ? s : null;
  }

  async setSource(source: StoredSource): Promise<void> {
    if (source === null) await this.backend.delete('meta', META.source);
    else await this.backend.put('meta', META.source, source);
  }

  async showRealNames(): Promise<boolean> {
    return (await this.backend.get<boolean>('meta', META.showRealNames)) === true;
  }

  async setShowRealNames(show: boolean): Promise<void> {
    await this.backend.put('meta', META.showRealNames, show);
  }

  /** Saved settings, or null when none are saved or they no longer fit the schema. */
  async settings(): Promise<Settings | null> {
    const raw = await this.backend.get<unknown>('meta', META.settings);
    if (raw === undefined) return null;
    const r = Settings.safeParse(raw);
    return r.success ? r.data : null;
  }

  async setSettings(settings: Settings): Promise<void> {
    await this.backend.put('meta', META.settings, settings);
  }

  /** Room for later steps (unit and person reconciliation): any structured-clonable value under a name. */
  async extra<T>(name: string): Promise<T | undefined> {
    return this.backend.get<T>('meta', EXTRA_PREFIX + name);
  }

  /** The names of the extras that begin with `prefix`, in order (a snapshot's records: ui/snapshots.ts). */
  async extraNames(prefix: string): Promise<string[]> {
    return (await this.backend.keys('meta')).filter((k) => k.startsWith(EXTRA_PREFIX + prefix)).map((k) => k.slice(EXTRA_PREFIX.length));
  }

  async setExtra(name: string, value: unknown): Promise<void> {
    if (value === undefined) await this.backend.delete('meta', EXTRA_PREFIX + name);
    else await this.backend.put('meta', EXTRA_PREFIX + name, value);
  }

  // --- mapping presets --------------------------------------------------------------------

  /** Presets oldest first (matchPreset takes the last match as the newest). Invalid ones are skipped. */
  async presets(): Promise<Preset[]> {
    const all = await this.backend.all<Preset>('presets');
    return all
      .filter((p) => p && typeof p.name === 'string' && MappingSchema.safeParse(p.mapping).success)
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.savedAt.localeCompare(b.savedAt));
  }

  /** Save (or replace) a preset under its name; the mapping carries the name too. */
  async savePreset(name: string, mapping: Mapping): Promise<Preset> {
    const clean = name.trim();
    if (clean === '') throw new Error('A preset needs a name.');
    const seq = (await this.backend.all<Preset>('presets')).reduce((m, p) => Math.max(m, p?.seq ?? 0), 0) + 1;
    const preset: Preset = { name: clean, mapping: { ...mapping, name: clean }, savedAt: new Date().toISOString(), seq };
    await this.backend.put('presets', clean, preset);
    return preset;
  }

  async deletePreset(name: string): Promise<void> {
    await this.backend.delete('presets', name);
  }

  /** Everything this store holds, gone (the key too: new data gets a new key). */
  async clearAll(): Promise<void> {
    for (const s of ['files', 'presets', 'meta'] as const) await this.backend.clear(s);
  }

  close(): void {
    this.backend.close();
  }
}
