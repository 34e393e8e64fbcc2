/**
 * The workspace as React sees it: a thin hook over ui/workspace/WorkspaceController (the state,
 * the actions, start-up, restore and recovery live there, without React).
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { browserWorkspaceDeps } from './workspace/browser';
import type { Connect, Workspace } from './workspace/types';
import { WorkspaceController } from './workspace/WorkspaceController';

export type { Connect, DataSource, ImportEntry, ImportRequest, Progress, Workspace, WorkerStopped } from './workspace/types';
export { errorText, recoveredText, restoreStoppedText, withinTime } from './workspace/messages';

export function useWorkspace(connect: Connect): Workspace {
  // One workspace for the app's life; `connect` is the app's, fixed at the start.
  const [workspace] = useState(() => new WorkspaceController(browserWorkspaceDeps(connect)));
  useEffect(() => {
    void workspace.start();
  }, [workspace]);
  const state = useSyncExternalStore(workspace.subscribe, workspace.getSnapshot);
  return useMemo(() => ({ ...state, ...workspace.actions }), [state, workspace]);
}
