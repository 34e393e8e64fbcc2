/** The workspace's words to the user, and the time limit it puts on work that may hang. */
import type { WorkerStopped } from './types';

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/** What the user is told once the database has been started again and the workspace is back. */
export function recoveredText(failure: WorkerStopped, wasBusy: boolean): string {
  const tip = failure.kind === 'memory' ? ' If it happens again, close other tabs or import very large files one at a time.' : '';
  const during = wasBusy ? ' Anything you were doing at that moment (an import, a change of settings) did not finish: please do it again.' : '';
  return `${failure.message} PBS Lens started it again and loaded your workspace back from this browser's storage: nothing that was kept is lost.${during}${tip}`;
}

/**
 * Kept in the browser while the kept files are being loaded, removed once they are in. Found at
 * start-up, it means the last load stopped the database or never finished: the files are then
 * not loaded again without the user's say.
 */
export interface RestoreMark {
  startedAt: string;
  /** What stopped it, when the app lived to see it. */
  failure?: string;
  /** This load followed one left by closing the page during a snapshot's background stage (closeNote.ts). */
  afterClose?: boolean;
}

/** Why the kept files were not loaded, and what the user can do. */
export function restoreStoppedText(mark: RestoreMark): string {
  const why = mark.failure
    ? `When PBS Lens last loaded the files kept in this browser, this happened: “${mark.failure}”`
    : 'When PBS Lens last loaded the files kept in this browser, the loading did not finish (the database stopped or the page was closed).';
  return (
    `Your workspace was not loaded. ${why} Loading the same files again would most likely stop it again, so they were left as they are. ` +
    'You can try again (close other tabs first to free memory), or delete all data and import your files again — one at a time, checking each import report.'
  );
}

/** `work`, or an error once `ms` have passed without it settling. */
export function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} seconds.`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
