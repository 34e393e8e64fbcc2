/**
 * Progress of an import or a restore: which file of how many, a bar over the bytes of all files
 * (within a file the bytes move while its text is converted; DuckDB then reads it in one
 * statement and reports nothing while it runs), the elapsed time, and Cancel, which aborts the
 * file being converted or stops before the next file, keeping what was imported already.
 */
import { useEffect, useState } from 'react';
import type { Progress } from '../useWorkspace';
import './import.css';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(n < 10 * 1024 ** 2 ? 1 : 0)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function ImportProgress({ progress, onCancel }: { progress: Progress; onCancel: () => void }) {
  const now = useNow(true);
  const { step, of, bytesDone, bytesTotal, startedAt } = progress;
  // The bar moves by whole files; within a file it is indeterminate.
  const fraction = bytesTotal && bytesTotal > 0 && bytesDone !== undefined ? bytesDone / bytesTotal : undefined;
  const label = progress.task === 'restore' ? 'Restoring your workspace' : 'Import progress';
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="import-progress-text" role="status" aria-live="polite">
        <strong>{progress.message}</strong>
        {step !== undefined && of !== undefined && of > 1 && (
          <span data-testid="progress-step">
            {' '}
            — file {step} of {of}
          </span>
        )}
      </div>
      <div className="import-progress-row">
        <progress
          className={fraction === undefined || fraction === 0 ? 'indeterminate' : undefined}
          aria-label={label}
          max={1}
          {...(fraction !== undefined && fraction > 0 ? { value: fraction } : {})}
        />
        {startedAt !== undefined && (
          <span className="elapsed" data-testid="progress-elapsed">
            {formatElapsed(now - startedAt)}
          </span>
        )}
        {progress.cancellable && (
          <button type="button" onClick={onCancel} disabled={progress.cancelling} data-testid="cancel-import">
            {progress.cancelling ? 'Stopping…' : 'Cancel'}
          </button>
        )}
      </div>
      {bytesTotal !== undefined && bytesTotal > 0 && (
        <p className="note">
          {formatBytes(bytesDone ?? 0)} of {formatBytes(bytesTotal)} read.
          {progress.cancellable && ' Cancel stops the import as soon as it can (at the latest before the next file); files already imported stay.'}
        </p>
      )}
    </div>
  );
}
