import type { Progress } from '../useWorkspace';

/** Work under way (announced politely) and errors (announced at once), never a blank page. */
export function StatusBar(props: { progress: Progress | null; error: string | null; openError: string | null; onDismiss: () => void }) {
  const { progress, error, openError, onDismiss } = props;
  return (
    <>
      <div className="status" role="status" aria-live="polite">
        {progress && (
          <div className="progress" data-testid="progress">
            <span className="spinner" aria-hidden="true" />
            {progress.message}
            {progress.step !== undefined && progress.of !== undefined && ` (${progress.step} of ${progress.of})`}…
          </div>
        )}
      </div>
      {openError && (
        <div className="error" role="alert" data-testid="open-error">
          {openError}
        </div>
      )}
      {error && (
        <div className="error" role="alert" data-testid="action-error">
          <p>{error}</p>
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
