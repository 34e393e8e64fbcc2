/**
 * The browser's store for this workspace: IndexedDB, or memory when the browser refuses it
 * (then nothing survives a reload, and the app says so).
 */
import { memoryBackend } from './backend';
import { indexedDbBackend } from './idb';
import { WorkspaceStore } from './workspaceStore';

export interface OpenedStore {
  store: WorkspaceStore;
  /** False when the browser gave no lasting storage. */
  persistent: boolean;
}

export async function openWorkspaceStore(): Promise<OpenedStore> {
  try {
    return { store: new WorkspaceStore(indexedDbBackend()), persistent: true };
  } catch {
    return { store: new WorkspaceStore(memoryBackend()), persistent: false };
  }
}

export { newPseudonymKey, WorkspaceStore, type Preset, type StoredFile, type StoredSource } from './workspaceStore';
export { wipeBrowserStorage } from './wipe';
