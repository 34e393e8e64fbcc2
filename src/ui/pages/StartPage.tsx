import { useId, useState, type DragEvent } from 'react';
import { FILE_KINDS, TABLES } from '../../ingest/canonical';
import { SAMPLE_FILES } from '../sample';
import type { DataSource } from '../useWorkspace';

interface Props {
  busy: boolean;
  source: DataSource;
  onSample: () => void;
  onFiles: (files: File[]) => void;
}

export default function StartPage({ busy, source, onSample, onFiles }: Props) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length > 0 && !busy) onFiles(files);
  };
  return (
    <>
      <p className="lead">
        PBS Lens puts incidents back in their context: it reads your incident logs and staff rotas and shows how distress, restraint and
        seclusion move with staffing shortfalls, agency staff and unfamiliar staff. Everything happens in this browser — nothing you load
        leaves this computer.
      </p>

      <div className="start-actions">
        <section className="card" aria-labelledby="sample-title">
          <h2 id="sample-title">See it working</h2>
          <p>A made-up service with two units and several people over a year, with staffing effects planted in it.</p>
          <button type="button" className="primary big" onClick={onSample} disabled={busy || SAMPLE_FILES.length === 0} data-testid="load-sample">
            Explore the sample service
          </button>
          {SAMPLE_FILES.length === 0 && <p className="note">This build has no sample service bundled.</p>}
          {source === 'files' && <p className="note">Loading the sample replaces the files you imported.</p>}
        </section>

        <section
          className={dragging ? 'card dropzone dragging' : 'card dropzone'}
          aria-labelledby="import-title"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
        >
          <h2 id="import-title">Use your own data</h2>
          <label htmlFor={inputId} className="file-label">
            Import your files
          </label>
          <input
            id={inputId}
            type="file"
            multiple
            accept=".csv,text/csv"
            disabled={busy}
            data-testid="file-input"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              if (files.length > 0) onFiles(files);
            }}
          />
          <p className="note">Or drop CSV files here. Choose several at once: incidents, rota, people and the rest.</p>
          {source === 'sample' && <p className="note">Importing your files replaces the sample service.</p>}
        </section>
      </div>

      <section className="card" aria-labelledby="files-title">
        <h2 id="files-title">The files PBS Lens reads</h2>
        <p>
          For now, CSV files with these column names (required columns in bold). Dates are <code>YYYY-MM-DD</code>, times{' '}
          <code>YYYY-MM-DD HH:MM</code> in local time. The file kind is recognised from its columns.
        </p>
        <dl className="canonical">
          {FILE_KINDS.map((kind) => {
            const t = TABLES[kind];
            return (
              <div key={kind}>
                <dt>
                  {t.label} <code>{t.table}.csv</code>
                </dt>
                <dd>
                  {t.fields.map((f, i) => (
                    <span key={f.name} title={f.description}>
                      {i > 0 && ', '}
                      {f.required ? <strong>{f.name}</strong> : f.name}
                    </span>
                  ))}
                </dd>
              </div>
            );
          })}
        </dl>
        <p className="privacy">
          Nothing leaves this computer: the files are read by a database running inside this browser tab and are kept in memory only.
          Closing the tab or pressing “Delete all data” removes them.
        </p>
      </section>
    </>
  );
}
