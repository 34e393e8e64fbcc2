import { useId, useState } from 'react';
import { ColumnHeads } from '../components/ColumnHeads';
import { SavePresetForm, type PresetMessage } from '../import/SavePresetForm';
import type { Engine, ImportReport } from '../../engine';
import { TABLES } from '../../ingest/canonical';
import { describeFormat } from '../../ingest/dates';
import type { FieldMapping, Mapping } from '../../ingest/mapping';
import { formatCount } from '../format';
import { CheckNamesCallout, namesToCheck } from '../import/CheckNamesStep';
import { downloadText } from '../import/download';
import { errorText, type ImportEntry } from '../useWorkspace';
import { isolateText } from '../../report/bidi';
import { TableScroll } from '../components/TableScroll';

interface Props {
  engine: Engine | null;
  imports: ImportEntry[];
  onStart: () => void;
  /** Go to the "Check names" step (matching units and people across files). */
  onCheckNames?: () => void;
  /** Save a file's mapping as a named preset. */
  onSavePreset?: (name: string, mapping: Mapping) => Promise<void>;
}

export default function ImportSummaryPage(props: Props) {
  const { engine, imports, onStart, onCheckNames, onSavePreset } = props;
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
      {onCheckNames && namesToCheck(imports) && <CheckNamesCallout onCheckNames={onCheckNames} />}
      {imports.map((entry, i) => (
        <ImportCard key={`${entry.fileName}-${i}`} engine={engine} entry={entry} onSavePreset={onSavePreset} />
      ))}
    </>
  );
}

function ImportCard({ engine, entry, onSavePreset }: { engine: Engine | null; entry: ImportEntry; onSavePreset?: Props['onSavePreset'] }) {
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const r = entry.report;
  const failure = entry.failure ?? r?.error ?? null;
  return (
    <section className="card import" aria-label={`Import of ${entry.fileName}`} data-testid="import-card" data-file={entry.fileName}>
      <h2>
        <bdi>{entry.fileName}</bdi>
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
          <ReadAs report={r} preset={entry.preset ?? null} />
          {r.interventions && <InterventionCounts report={r.interventions} />}
          {r.reasons.length > 0 && (
            <>
              <h3>Why rows were rejected</h3>
              <ul className="reasons" data-testid="import-reasons">
                {r.reasons.map((x) => (
                  <li key={x.reason}>
                    <bdi>{x.reason}</bdi>: {formatCount(x.count)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {r.rejects.length > 0 && (
            <>
              <TableScroll caption={`Rejected rows of ${isolateText(entry.fileName)}`}>
                <table className="numbers rejects">
                  <caption>
                    {r.rejects.length < r.rejected ? `The first ${r.rejects.length} of ${formatCount(r.rejected)} rejected rows` : 'Rejected rows'}
                  </caption>
                  <ColumnHeads labels={['Line', 'Column', 'Value', 'Reason']} />
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
              </TableScroll>
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
                    (csv) => downloadText(`${r.fileName.replace(/\.[^.]*$/, '')}-rejected.csv`, csv),
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
          {entry.mapping && <MappingUsed mapping={entry.mapping} onSavePreset={onSavePreset} preset={entry.preset ?? null} />}
        </>
      )}
    </section>
  );
}

const ENCODING_WORDS: Record<string, string> = {
  'utf-8': 'UTF-8 text',
  'utf-8-bom': 'UTF-8 text',
  'utf-16le': 'UTF-16 text (Excel “Unicode text”)',
  'utf-16be': 'UTF-16 text',
  'windows-1252': 'Windows-1252 text (converted)',
};

/** How the file was read: format, encoding, sheet, the saved mapping used, the loader's notes. */
function ReadAs({ report, preset }: { report: ImportReport; preset: string | null }) {
  const parts = [
    report.format === 'xlsx' ? `Excel workbook${report.sheet ? `, sheet “${report.sheet}”` : ''}` : report.encoding ? ENCODING_WORDS[report.encoding] : null,
    report.mapping ? (preset ? `columns mapped with your saved mapping ‘${preset}’` : 'columns mapped to PBS Lens fields') : 'PBS Lens’s own columns',
  ].filter(Boolean);
  return (
    <>
      <p className="note" data-testid="import-read-as">
        Read as {parts.join('; ')}.
      </p>
      {report.notes.length > 0 && (
        <ul className="notes">
          {report.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Restrictive interventions unpivoted from a flat incident export's columns. */
function InterventionCounts({ report }: { report: ImportReport }) {
  return (
    <p data-testid="import-interventions">
      Restrictive interventions found in its columns: {formatCount(report.read)} read, {formatCount(report.accepted)} accepted,{' '}
      {formatCount(report.rejected)} rejected{report.duplicates > 0 ? ` (${formatCount(report.duplicates)} duplicates)` : ''}.
      {report.reasons.length > 0 && ` Reasons: ${report.reasons.map((x) => `${isolateText(x.reason)} (${formatCount(x.count)})`).join('; ')}.`}
    </p>
  );
}

function sourceWords(fm: FieldMapping): string {
  const s = fm.source;
  const fmt = fm.format ? `, ${describeFormat(fm.format)}${fm.timeFormat ? ` + ${describeFormat(fm.timeFormat)}` : ''}` : '';
  const values = fm.values && Object.keys(fm.values).length > 0 ? `; ${Object.entries(fm.values).map(([k, v]) => `“${k}” = ${v}`).join(', ')}` : '';
  if (s.from === 'column') return `“${s.column}”${fmt}${values}`;
  if (s.from === 'dateTime') return `“${s.date}” + “${s.time}”${fmt}`;
  if (s.from === 'constant') return `always “${s.value}”`;
  return 'made from the row’s content';
}

/** The mapping the import used (provenance), and saving it as a preset for the next export. */
function MappingUsed({ mapping, preset, onSavePreset }: { mapping: Mapping; preset: string | null; onSavePreset?: Props['onSavePreset'] }) {
  const id = useId();
  const [name, setName] = useState(preset ?? '');
  const [message, setMessage] = useState<PresetMessage | null>(null);
  return (
    <details className="mapping-used" data-testid="mapping-used">
      <summary>How the columns were mapped</summary>
      <table className="numbers">
        <caption className="visually-hidden">Column mapping used</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col" className="left">
              From
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(mapping.fields).map(([field, fm]) => (
            <tr key={field}>
              <th scope="row">{field}</th>
              <td className="left">{sourceWords(fm)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {onSavePreset && !preset && (
        <SavePresetForm
          inputId={`${id}-name`}
          placeholder="e.g. Datix weekly"
          name={name}
          onName={setName}
          message={message}
          onSubmit={() => {
            onSavePreset(name, mapping).then(
              () => setMessage({ ok: true, text: `Saved as ‘${name.trim()}’.` }),
              (err: unknown) => setMessage({ ok: false, text: errorText(err) }),
            );
          }}
        />
      )}
    </details>
  );
}
