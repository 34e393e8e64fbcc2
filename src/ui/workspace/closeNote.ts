/**
 * A page closed (or reloaded) while a snapshot's later tables were still loading in the background
 * is not a failed load: the first page had been answered and the app was working. The loading mark
 * (RestoreMark) cannot tell that from a crash, and the page cannot write IndexedDB as it goes, so
 * the mark's start time is noted synchronously in localStorage on `pagehide`. A crashed tab fires
 * no `pagehide`: its mark stays unnoted and the next load holds the files back as before.
 */
import type { RestoreMark } from './messages';

export interface CloseNote {
  /** Note `mark` if the page goes from now on; the returned function stops watching. */
  watch(mark: RestoreMark): () => void;
  /** Whether the page was closed normally while `mark`'s load was in its background stage. */
  closedDuring(mark: RestoreMark): boolean;
}

const KEY = 'pbs-lens:closed-while-loading';

/** The note kept in `storage`, written when `page` fires `pagehide` (the browser's: localStorage and window). */
export function closeNoteIn(storage: Pick<Storage, 'getItem' | 'setItem'>, page: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>): CloseNote {
  return {
    watch(mark) {
      const note = () => {
        try {
          storage.setItem(KEY, mark.startedAt);
        } catch {
          // Storage refused (a locked-down browser): the next load holds the files back, as for a crash.
        }
      };
      page.addEventListener('pagehide', note);
      return () => page.removeEventListener('pagehide', note);
    },
    closedDuring(mark) {
      try {
        return mark.failure === undefined && storage.getItem(KEY) === mark.startedAt;
      } catch {
        return false;
      }
    },
  };
}
