/**
 * The import wizard: every dropped file is read (nothing imported yet), recognised and mapped;
 * the user answers only what PBS Lens could not decide, sees the first rows as they will be
 * stored, and imports. Files with PBS Lens's own columns go straight through. After the import
 * come "Check names" (matching units and people across files) and the import report.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { InspectOptions, Inspection } from '../../ingest/inspect';
import type { Mapping } from '../../ingest/mapping';
import { checkCapacity } from '../../engine';
import type { Preset } from '../storage';
import { errorText } from '../useWorkspace';
import { CHECK_NAMES_STEP } from './CheckNamesStep';
import { FileCard } from './FileCard';
import './import.css';
import { derive, goesStraightThrough, planFor, readTogether, type ImportPlan, type WizardFile } from './wizardState';
import { isolateText } from '../../report/bidi';

export type Inspect = (file: File, options: InspectOptions) => Promise<Inspection>;

interface Props {
  files: File[];
  /** Bytes the workspace already holds (they stay in memory beside the new files). */
  keptBytes: number;
  presets: Preset[];
  busy: boolean;
  inspect: Inspect;
  onImport: (plans: ImportPlan[]) => void;
  onCancel: () => void;
  onSavePreset: (name: string, mapping: Mapping) => Promise<void>;
}

const STEPS = ['Choose files', 'Check the columns', 'Import', ...(CHECK_NAMES_STEP ? [CHECK_NAMES_STEP] : []), 'Report'];

let nextId = 0;

export function ImportWizard({ files, keptBytes, presets, busy, inspect, onImport, onCancel, onSavePreset }: Props) {
  const [items, setItems] = useState<WizardFile[]>(() =>
    files.map((file) => ({ id: `f${++nextId}`, file, inspection: null, failure: null, answers: {}, ignorePreset: false })),
  );
  const heading = useRef<HTMLHeadingElement>(null);
  const presetMappings = useMemo(() => presets.map((p) => p.mapping), [presets]);
  const started = useRef(false);
  // Too large for this browser's memory: said before anything starts; the user may still go ahead.
  const capacity = useMemo(
    () => checkCapacity(items.map((i) => i.file), keptBytes, (navigator as Navigator & { deviceMemory?: number }).deviceMemory),
    [items, keptBytes],
  );
  const [goAhead, setGoAhead] = useState(false);
  const tooLarge = !capacity.fits && !goAhead;

  const read = (item: WizardFile, options: InspectOptions) =>
    inspect(item.file, { ...options, presets: presetMappings }).then(
      (inspection) => setItems((xs) => xs.map((x) => (x.id === item.id ? { ...x, inspection, failure: null } : x))),
      (e: unknown) => setItems((xs) => xs.map((x) => (x.id === item.id ? { ...x, failure: `${isolateText(item.file.name)} could not be read: ${errorText(e)}` } : x))),
    );

  // Read every file once; focus the wizard's heading so keyboard and screen-reader users land here.
  useEffect(() => {
    heading.current?.focus();
    for (const item of items) void read(item, {});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Files dropped together are read together: links between them decide keys and child files.
  const derived = useMemo(() => readTogether(items).map((item) => derive(item)), [items]);
  const reading = derived.some((d) => d.status === 'reading');
  const plans = derived.map((d, i) => planFor(items[i]!, d));
  const waiting = items.filter((_, i) => plans[i] === null && derived[i]!.status === 'open');
  const importable = plans.filter((p): p is ImportPlan => p !== null);
  const refused = derived.filter((d) => d.status === 'refused').length;
  const readable = importable.length - refused;

  // PBS Lens's own files (and files that cannot be read at all, which the report then lists) need no questions: import at once.
  useEffect(() => {
    if (started.current || reading || busy || tooLarge || items.length === 0) return;
    if (goesStraightThrough(derived)) {
      started.current = true;
      onImport(importable);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reading, derived, busy, tooLarge]);

  const update = (id: string, patch: Partial<WizardFile>) => setItems((xs) => xs.map((x) => (x.id === id ? { ...x, ...patch } : x)));
  const remove = (id: string) => {
    const rest = items.filter((x) => x.id !== id);
    if (rest.length === 0) onCancel();
    else {
      setItems(rest);
      heading.current?.focus();
    }
  };
  const changeSheet = (item: WizardFile, sheet: string) => {
    const reset = { ...item, inspection: null, headerRow: undefined, answers: {}, ignorePreset: false } as WizardFile;
    setItems((xs) => xs.map((x) => (x.id === item.id ? reset : x)));
    void read(reset, { sheet });
  };

  // The step shown as current: checking the columns, then importing once it has begun.
  const step = busy && started.current ? 2 : 1;

  const start = () => {
    if (waiting.length > 0 || reading || readable === 0 || tooLarge) return;
    started.current = true;
    onImport(importable);
  };

  return (
    <section className="wizard" aria-labelledby="wizard-title" data-testid="import-wizard">
      <h2 id="wizard-title" ref={heading} tabIndex={-1}>
        Check {items.length === 1 ? 'your file' : `your ${items.length} files`} before they are imported
      </h2>
      <ol className="wizard-steps" aria-label="Import steps">
        {STEPS.map((s, n) => (
          <li key={s} aria-current={n === step ? 'step' : undefined} className={n < step ? 'done' : n === step ? 'current' : undefined}>
            {s}
          </li>
        ))}
      </ol>
      <p className="note">
        Nothing is imported until you press Import. PBS Lens has read the start of each file, recognised what it holds and matched its
        columns; it asks only what it could not decide. Everything stays in this browser.
      </p>

      {!capacity.fits && (
        <div className="card warnings" role="alert" data-testid="too-large">
          <h3>Too large for this browser's memory</h3>
          <p>{capacity.message}</p>
          {goAhead ? (
            <p className="note">You chose to import anyway.</p>
          ) : (
            <div className="buttons">
              <button type="button" onClick={() => setGoAhead(true)} data-testid="import-anyway">
                Import anyway
              </button>
            </div>
          )}
        </div>
      )}

      {items.map((item, n) => (
        <FileCard
          key={item.id}
          item={item}
          derived={derived[n]!}
          onChange={(patch) => update(item.id, patch)}
          onSheet={(sheet) => changeSheet(item, sheet)}
          onRemove={() => remove(item.id)}
          onSavePreset={onSavePreset}
        />
      ))}

      <div className="wizard-actions card">
        {reading ? (
          <p role="status">Reading the files…</p>
        ) : waiting.length > 0 ? (
          <p data-testid="waiting">
            Answer the questions for {waiting.map((w) => w.file.name).join(', ')} first, or leave {waiting.length === 1 ? 'that file' : 'those files'} out.
          </p>
        ) : (
          <p data-testid="ready-summary">
            {readable === 0
              ? `${items.length === 1 ? 'This file cannot' : 'None of these files can'} be imported: see why above, then leave ${items.length === 1 ? 'it' : 'them'} out or drop other files.`
              : `${readable} ${readable === 1 ? 'file' : 'files'} to import.`}
            {readable > 0 && refused > 0 && ` ${refused === 1 ? 'The file that cannot be read is' : `The ${refused} files that cannot be read are`} listed in the report with the reason.`}
            {busy && (started.current ? ' Importing…' : ' Waiting for the in-browser database to be ready…')}
          </p>
        )}
        <div className="buttons">
          <button type="button" className="primary big" onClick={start} disabled={busy || reading || tooLarge || waiting.length > 0 || readable === 0} data-testid="start-import">
            Import {readable <= 1 ? 'the file' : `${readable} files`}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </div>
    </section>
  );
}
