/**
 * Saved column mappings ("presets"): listed with what they are for, downloadable as JSON (the
 * same file the headless report takes with --mapping), uploadable, deletable. A preset applies
 * itself to a later file with the same columns.
 */
import { useId, useState } from 'react';
import { TABLES } from '../../ingest/canonical';
import { presetFileName, presetJson, readPresetUpload } from '../storage/presets';
import type { Preset } from '../storage';
import { errorText } from '../useWorkspace';
import { downloadText } from './download';
import './import.css';

interface Props {
  presets: Preset[];
  onSave: (name: string, mapping: Preset['mapping']) => Promise<void>;
  onDelete: (name: string) => Promise<void>;
}

export function PresetManager({ presets, onSave, onDelete }: Props) {
  const uploadId = useId();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const upload = async (files: File[]) => {
    setMessage(null);
    const saved: string[] = [];
    try {
      for (const file of files) {
        const r = readPresetUpload(file.name, await file.text());
        if (!r.ok) {
          setMessage({ ok: false, text: r.error });
          return;
        }
        for (const p of r.presets) {
          await onSave(p.name, p.mapping);
          saved.push(p.name);
        }
      }
      setMessage({ ok: true, text: `Saved ${saved.map((n) => `“${n}”`).join(', ')}. It applies itself to files with the same columns.` });
    } catch (e) {
      setMessage({ ok: false, text: `The mapping could not be saved: ${errorText(e)}` });
    }
  };

  return (
    <section className="card presets" aria-labelledby="presets-title" data-testid="presets">
      <h2 id="presets-title">Saved column mappings</h2>
      {presets.length === 0 ? (
        <p className="note">
          None yet. When you import an export from your own systems you can save its column mapping; the next file with the same columns
          is then mapped the same way without questions.
        </p>
      ) : (
        <table className="numbers preset-list">
          <caption className="visually-hidden">Saved column mappings</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">File kind</th>
              <th scope="col">Columns</th>
              <th scope="col">Saved</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {presets.map((p) => (
              <tr key={p.name} data-testid="preset-row">
                <td>{p.name}</td>
                <td>{TABLES[p.mapping.kind].label}</td>
                <td>{p.mapping.headers.length}</td>
                <td>{new Date(p.savedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}</td>
                <td className="actions">
                  <button type="button" onClick={() => downloadText(presetFileName(p.name), presetJson(p.name, p.mapping), 'application/json')}>
                    Download<span className="visually-hidden"> {p.name}</span>
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setMessage(null);
                      onDelete(p.name).catch((e: unknown) => setMessage({ ok: false, text: errorText(e) }));
                    }}
                  >
                    Delete<span className="visually-hidden"> {p.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="upload-preset">
        <label htmlFor={uploadId}>Upload a saved mapping (.json)</label>{' '}
        <input
          id={uploadId}
          type="file"
          accept=".json,application/json"
          multiple
          data-testid="preset-upload"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length > 0) void upload(files);
          }}
        />
      </p>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="preset-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
