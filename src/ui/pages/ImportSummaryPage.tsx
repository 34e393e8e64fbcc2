import { useState } from 'react';
import type { Engine } from '../../engine';
import { TABLES } from '../../ingest/canonical';
import { formatCount } from '../format';
import { errorText, type ImportEntry } from '../useWorkspace';

/** Offer text as a file download without it ever leaving the browser. */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function ImportSummaryPage(props: { engine: Engine | null; imports: ImportEntry[]; onStart: () => void }) {
  const { engine, imports, onStart } = props;
  if (imports.length === 0) {
    return (
      <div className="empty">
        <p>Nothing has been imported yet.</p>
        <button type="button" className="primary" onClick={onStart}>
          Go to the start page
        </button>
      </div>
    );
  }
  const total = imports.reduce(
    (t, e) => ({
      read: t.read + (e.report?.read ?? 0),
      accepted: t.accepted + (e.report?.accepted ?? 0),
      rejected: t.rejected + (e.report?.rejected ?? 0),
    }),
    { read: 0, accepted: 0, rejected: 0 },
  );
  return (
    <>
      <p className="summary" data-testid="import-totals">
        {imports.length} {imports.length === 1 ? 'file' : 'files'}: {formatCount(total.read)} rows read, {formatCount(total.accepted)} accepted,{' '}
        {formatCount(total.rejected)} rejected. Every row read is either accepted or rejected with a reason.
      </p>
      {imports.map((entry, i) => (
        <ImportCard key={`${entry.fileName}-${i}`} engine={engine} entry={entry} />
      ))}
    </>
  );
}

function ImportCard({ engine, entry }: { engine: Engine | null; entry: ImportEntry }) {
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const r = entry.report;
  const failure = entry.failure ?? r?.error ?? null;
  return (
    <section className="card import" aria-label={`Import of ${entry.fileName}`} data-testid="import-card" data-file={entry.fileName}>
      <h2>
        {entry.fileName}
        {r && !failure && <span className="kind"> — {TABLES[r.kind]?.label ?? r.kind}</span>}
      </h2>
      {failure && (
        <p className="error" role="alert" data-testid="import-error">
          This file was not imported: {failure}
        </p>
      )}
      {r && !failure && (
        <>
          <dl className="counts">
            <div>
              <dt>Rows read</dt>
              <dd data-testid="import-read">{formatCount(r.read)}</dd>
            </div>
            <div>
              <dt>Accepted</dt>
              <dd data-testid="import-accepted">{formatCount(r.accepted)}</dd>
            </div>
            <div>
              <dt>Rejected</dt>
              <dd data-testid="import-rejected">{formatCount(r.rejected)}</dd>
            </div>
            <div>
              <dt>of which duplicates</dt>
              <dd data-testid="import-duplicates">{formatCount(r.duplicates)}</dd>
            </div>
          </dl>
          {r.reasons.length > 0 && (
            <>
              <h3>Why rows were rejected</h3>
              <ul className="reasons" data-testid="import-reasons">
                {r.reasons.map((x) => (
                  <li key={x.reason}>
                    {x.reason}: {formatCount(x.count)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {r.rejects.length > 0 && (
            <>
              <div className="table-scroll">
                <table className="numbers rejects">
                  <caption>
                    {r.rejects.length < r.rejected ? `The first ${r.rejects.length} of ${formatCount(r.rejected)} rejected rows` : 'Rejected rows'}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Column</th>
                      <th scope="col">Value</th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.rejects.map((x, i) => (
                      <tr key={`${x.line}-${x.column}-${i}`}>
                        <td>{x.line}</td>
                        <td>{x.column}</td>
                        <td className="value">{x.value ?? <em>blank</em>}</td>
                        <td>{x.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {r.rejected > 0 && engine && (
            <p>
              <button
                type="button"
                data-testid="download-rejects"
                onClick={() => {
                  setDownloadError(null);
                  engine.rejectsCsv(r.fileName).then(
                    (csv) => download(`${r.fileName.replace(/\.[^.]*$/, '')}-rejected.csv`, csv),
                    (e: unknown) => setDownloadError(errorText(e)),
                  );
                }}
              >
                Download the rejected rows as CSV
              </button>
              {downloadError && (
                <span className="error" role="alert">
                  {' '}
                  {downloadError}
                </span>
              )}
            </p>
          )}
        </>
      )}
    </section>
  );
}
