/** The empty state of a page that needs data, with the way to the start page. */
export function NoData({ onStart, action = 'explore the sample service or import your files' }: { onStart: () => void; action?: string }) {
  return (
    <div className="empty">
      <p>No data is loaded yet.</p>
      <button type="button" className="primary" onClick={onStart}>
        Go to the start page to {action}
      </button>
    </div>
  );
}
