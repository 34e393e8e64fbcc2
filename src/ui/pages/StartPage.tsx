import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { Engine } from '../../engine';
import { FILE_KINDS, TABLES } from '../../ingest/canonical';
import { inspectFile } from '../../ingest/inspect';
import type { Mapping } from '../../ingest/mapping';
import { ImportWizard, type Inspect } from '../import/ImportWizard';
import { PresetManager } from '../import/PresetManager';
import type { ImportPlan } from '../import/wizardState';
import { SAMPLE_FILES } from '../sample';
import type { Preset } from '../storage';
import type { DataSource } from '../useWorkspace';

interface Props {
  busy: boolean;
  source: DataSource;
  /** Bytes the workspace already holds, for the memory check before an import. */
  keptBytes: number;
  engine: Engine | null;
  presets: Preset[];
  onSample: () => void;
  /** Import what the wizard settled; resolves false when the import could not run. */
  onImport: (plans: ImportPlan[]) => Promise<boolean>;
  onSavePreset: (name: string, mapping: Mapping) => Promise<void>;
  onDeletePreset: (name: string) => Promise<void>;
}

const ACCEPT = '.csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default function StartPage({ busy, source, keptBytes, engine, presets, onSample, onImport, onSavePreset, onDeletePreset }: Props) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  /** Files dropped or picked, being checked in the wizard. */
  const [pending, setPending] = useState<File[] | null>(null);
  // Back from the wizard (cancelled), keyboard focus returns to where files are chosen.
  const importHeading = useRef<HTMLHeadingElement>(null);
  const returning = useRef(false);
  useEffect(() => {
    if (!pending && returning.current) {
      returning.current = false;
      importHeading.current?.focus();
    }
  }, [pending]);
  const onFiles = (files: File[]) => {
    // The wizard opens even while the database starts or restores: reading a file does not need it.
    if (files.length > 0) setPending(files);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    onFiles(Array.from(e.dataTransfer.files));
  };
  // Reading a file needs no database: the engine's inspectFile when it is up, the same function otherwise.
  const inspect: Inspect = (file, options) => (engine ? engine.inspectFile(file.name, file, options) : inspectFile(file.name, file, options));

  if (pending) {
    return (
      <ImportWizard
        files={pending}
        keptBytes={keptBytes}
        presets={presets}
        busy={busy}
        inspect={inspect}
        onImport={(plans) => {
          void onImport(plans).then((ok) => {
            if (ok) setPending(null);
          });
        }}
        onCancel={() => {
          returning.current = true;
          setPending(null);
        }}
        onSavePreset={onSavePreset}
      />
    );
  }

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
          <h2 id="import-title" ref={importHeading} tabIndex={-1}>
            Use your own data
          </h2>
          <label htmlFor={inputId} className="file-label">
            Import your files
          </label>
          <input
            id={inputId}
            type="file"
            multiple
            accept={ACCEPT}
            data-testid="file-input"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              if (files.length > 0) onFiles(files);
            }}
          />
          <p className="note">
            Or drop them here: exports of your incident system and rota system as CSV, TSV or Excel (.xlsx), several at once. PBS Lens
            recognises the columns and asks only what it cannot work out; nothing is imported before you have seen how it will be read.
          </p>
          {source === 'sample' && <p className="note">Importing your files replaces the sample service.</p>}
        </section>
      </div>

      <section className="card" aria-labelledby="files-title">
        <h2 id="files-title">The files PBS Lens reads</h2>
        <p>
          Exports from incident and rota systems are mapped onto these tables (required fields in bold). A CSV with exactly these column
          names, dates as <code>YYYY-MM-DD</code> and times as <code>YYYY-MM-DD HH:MM</code> in local time, is read as it is.
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
          Nothing leaves this computer: the files are read by a database running inside this browser tab. So that your work is still
          here next time, the files you import, their column mappings and your choices are kept in this browser’s own storage, never
          sent anywhere. “Delete all data” removes all of it.
        </p>
      </section>

      <PresetManager presets={presets} onSave={onSavePreset} onDelete={onDeletePreset} />
    </>
  );
}
