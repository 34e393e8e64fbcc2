/** The workspace's collaborators in the browser: IndexedDB, the site's storage, the bundled sample, snapshots. */
import { fetchSampleFile, SAMPLE_FILES } from '../sample';
import { dropKeptSnapshot, prefetchSampleSnapshot, restoreKeptSnapshot, restoreSampleSnapshot, saveKeptPart, saveKeptSnapshot } from '../snapshots';
import { parseLocation } from '../url';
import { openWorkspaceStore, wipeBrowserStorage } from '../storage';
import { closeNoteIn } from './closeNote';
import type { Connect } from './types';
import type { WorkspaceDeps } from './WorkspaceController';

export function browserWorkspaceDeps(connect: Connect): WorkspaceDeps {
  // ?sample=1: the sample's snapshot is fetched while the database starts (a kept sample choice: prefetchSample).
  if (parseLocation(window.location.search).sample) prefetchSampleSnapshot();
  return {
    snapshots: { prefetchSample: prefetchSampleSnapshot, restoreSample: restoreSampleSnapshot, restoreKept: restoreKeptSnapshot, saveKept: saveKeptSnapshot, dropKept: dropKeptSnapshot, saveKeptPart },
    // Read at each use: merely touching localStorage throws where the browser blocks site storage.
    closeNote: closeNoteIn({ getItem: (k) => localStorage.getItem(k), setItem: (k, v) => localStorage.setItem(k, v) }, window),
    connect,
    openStore: openWorkspaceStore,
    wipeStorage: wipeBrowserStorage,
    sample:
      SAMPLE_FILES.length === 0
        ? null
        : async () => {
            const files = await Promise.all(SAMPLE_FILES.map((f) => fetchSampleFile(f)));
            return files.map((file, i) => ({ file, kind: SAMPLE_FILES[i]!.kind }));
          },
  };
}
