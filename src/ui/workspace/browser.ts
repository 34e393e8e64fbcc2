/** The workspace's collaborators in the browser: IndexedDB, the site's storage, the bundled sample. */
import { fetchSampleFile, SAMPLE_FILES } from '../sample';
import { openWorkspaceStore, wipeBrowserStorage } from '../storage';
import type { Connect } from './types';
import type { WorkspaceDeps } from './WorkspaceController';

export function browserWorkspaceDeps(connect: Connect): WorkspaceDeps {
  return {
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
