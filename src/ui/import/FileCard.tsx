/**
 * One dropped file in the wizard: what it was recognised as (kind, sheet, header row — each
 * changeable), the saved mapping applied if any, the questions left, the column mapping with
 * samples, a preview of the first rows as they will be stored, and saving the mapping as a preset.
 */
import { useId, useMemo, useRef, useState } from 'react';
import { SavePresetForm, type PresetMessage } from './SavePresetForm';
import { TABLES, FILE_KINDS, type FileKind } from '../../ingest/canonical';
import type { DateOrder } from '../../ingest/dates';
import type { Question } from '../../ingest/headers';
import type { Mapping } from '../../ingest/mapping';
import { errorText } from '../useWorkspace';
import { formatBytes } from './ImportProgress';
import { KindReason, MappingTable, PreviewTable } from './MappingTable';
import { QuestionForm } from './Questions';
import { GridRotaPanel } from './GridRotaPanel';
import { questionKey, stableKey, type Derived, type WizardFile } from './wizardState';

const STATUS_TEXT: Record<Derived['status'], string> = {
  reading: 'Reading…',
  refused: 'Cannot be imported',
  canonical: 'Ready: PBS Lens’s own columns',
  open: 'Questions to answer',
  ready: 'Ready to import',
};

interface Props {
  item: WizardFile;
  derived: Derived;
  onChange: (patch: Partial<WizardFile>) => void;
  onSheet: (sheet: string) => void;
  onRemove: () => void;
  onSavePreset: (name: string, mapping: Mapping) => Promise<void>;
}

/** Questions stay on screen once answered (marked so), and a values question keeps every value it asked about. */
function useShownQuestions(open: Question[]): { question: Question; open: boolean }[] {
  const seen = useRef(new Map<string, Question>());
  return useMemo(() => {
    const openKeys = new Set(open.map(stableKey));
    for (const q of open) {
      const key = stableKey(q);
      const before = seen.current.get(key);
      if (q.type === 'values' && before?.type === 'values') {
        const values = new Map(before.unknown.map((u) => [u.value, u]));
        for (const u of q.unknown) values.set(u.value, u);
        seen.current.set(key, { ...q, unknown: [...values.values()] });
      } else {
        seen.current.set(key, q);
      }
    }
    return [...seen.current.entries()].map(([key, question]) => ({ question, open: openKeys.has(key) }));
  }, [open]);
}

export function FileCard({ item, derived, onChange, onSheet, onRemove, onSavePreset }: Props) {
  const id = useId();
  const i = derived.inspection;
  const preview = derived.preview;
  const mapping = preview?.mapping ?? null;
  const kind: FileKind | undefined = item.answers.kind ?? derived.canonicalKind ?? i?.mapping?.kind;
  const shownQuestions = useShownQuestions(preview?.questions ?? []);
  // Questions about a field whose answer has since been undone are only shown while open.
  const questions = shownQuestions.filter((q) => q.open || answered(q.question, item));
  const [presetName, setPresetName] = useState(i?.preset?.name ?? '');
  const [presetMessage, setPresetMessage] = useState<PresetMessage | null>(null);

  const headerOptions = (i?.records ?? []).slice(0, 30).map((r, n) => ({ n, text: r.filter((c) => c.trim() !== '').join(' · ').slice(0, 70) }));
  const openCount = derived.grid?.questions.length ?? preview?.questions.length ?? 0;

  return (
    <section className={`card wizard-file status-${derived.status}`} aria-labelledby={`${id}-title`} data-testid="wizard-file" data-file={item.file.name} data-status={derived.status}>
      <div className="wizard-file-head">
        <h3 id={`${id}-title`}>
          <bdi>{item.file.name}</bdi> <span className="note">({formatBytes(item.file.size)})</span>
        </h3>
        <span className="status-pill" data-testid="file-status">
          {STATUS_TEXT[derived.status]}
          {derived.status === 'open' && ` (${openCount})`}
        </span>
        <button type="button" className="link-button" onClick={onRemove}>
          Leave this file out<span className="visually-hidden"> ({item.file.name})</span>
        </button>
      </div>

      {derived.message && (
        <p className="error" role="alert" data-testid="file-error">
          {derived.message}
        </p>
      )}

      {i && (i.records.length > 0 || i.sheets.length > 0) && (
        <div className="file-choices">
          {i.header && (
            <div className="field">
              <label htmlFor={`${id}-kind`}>This file holds</label>
              <select
                id={`${id}-kind`}
                value={kind ?? ''}
                onChange={(e) => onChange({ answers: { kind: e.target.value as FileKind, ...(item.answers.dateOrder ? { dateOrder: item.answers.dateOrder } : {}) } })}
                data-testid="kind-select"
              >
                {!kind && <option value="">Choose…</option>}
                {FILE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {TABLES[k].label}
                  </option>
                ))}
              </select>
            </div>
          )}
          {i.dateOrderSettled && !i.error && (
            <div className="field">
              <label htmlFor={`${id}-date-order`}>Day/month order</label>
              <select
                id={`${id}-date-order`}
                value={item.answers.dateOrder ?? i.dateOrderSettled.order}
                onChange={(e) => onChange({ answers: { ...item.answers, dateOrder: e.target.value as DateOrder } })}
                data-testid="date-order-select"
                aria-describedby={`${id}-date-order-why`}
              >
                <option value="dmy">Day first (dd/mm)</option>
                <option value="mdy">Month first (mm/dd)</option>
              </select>
              <span className="note" id={`${id}-date-order-why`}>
                {' '}
                {item.answers.dateOrder ? 'your choice' : 'read from the other dates (see the notes); change it if that is wrong'}
              </span>
            </div>
          )}
          {i.sheets.length > 1 && (
            <div className="field">
              <label htmlFor={`${id}-sheet`}>Sheet</label>
              <select id={`${id}-sheet`} value={i.sheet ?? ''} onChange={(e) => onSheet(e.target.value)} data-testid="sheet-select">
                {i.sheets.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name}
                    {s.hidden ? ' (hidden)' : ''} — {s.rows} rows
                  </option>
                ))}
              </select>
            </div>
          )}
          {headerOptions.length > 1 && (
            <div className="field header-row">
              <label htmlFor={`${id}-header`}>Column names are in</label>
              <select
                id={`${id}-header`}
                value={i.header?.headerRow ?? ''}
                onChange={(e) => onChange({ headerRow: Number(e.target.value), answers: { ...(item.answers.kind ? { kind: item.answers.kind } : {}) } })}
                data-testid="header-select"
              >
                {!i.header && <option value="">Choose the row…</option>}
                {headerOptions.map((o) => (
                  <option key={o.n} value={o.n}>
                    {i.format === 'xlsx' ? 'Row' : 'Line'} {i.lines[o.n] ?? o.n + 1}: {o.text || '(blank)'}
                  </option>
                ))}
              </select>
              {i.header && i.header.headerRow > 0 && (
                <span className="note">
                  {' '}
                  {i.header.headerRow} {i.header.headerRow === 1 ? 'row' : 'rows'} of titles above it are skipped.
                </span>
              )}
            </div>
          )}
        </div>
      )}

      {i?.preset && (
        <p className="preset-banner" role="status" data-testid="preset-banner">
          Using your saved mapping ‘<bdi>{i.preset.name}</bdi>’.{' '}
          <button type="button" className="link-button" onClick={() => onChange({ ignorePreset: true, answers: {} })}>
            Map this file afresh instead
          </button>
        </p>
      )}
      {item.ignorePreset && (
        <p className="note">
          Your saved mapping for these columns is not used for this file.{' '}
          <button type="button" className="link-button" onClick={() => onChange({ ignorePreset: false, answers: {} })}>
            Use it again
          </button>
        </p>
      )}

      {derived.status === 'canonical' && (
        <p className="ok" data-testid="canonical-note">
          This file has PBS Lens’s own column names: it is read as it is, as {TABLES[derived.canonicalKind!].label.toLowerCase()}.
        </p>
      )}

      {questions.length > 0 && i && kind && (
        <div className="questions" data-testid="questions">
          <h4>{openCount > 0 ? `${openCount} ${openCount === 1 ? 'thing' : 'things'} PBS Lens needs you to decide` : 'Your answers'}</h4>
          {questions.map(({ question, open }) => (
            <QuestionForm
              key={stableKey(question)}
              inspection={i}
              kind={kind}
              question={question}
              open={open}
              answers={item.answers}
              currentField={question.type === 'dateFormat' || question.type === 'missingField' ? mapping?.fields[question.field] : undefined}
              onAnswers={(answers) => onChange({ answers })}
            />
          ))}
        </div>
      )}

      {derived.grid && (
        <GridRotaPanel
          grid={derived.grid}
          allSheets={(i?.sheets.length ?? 0) > 1 && !i?.options.sheet}
          codes={item.gridCodes ?? {}}
          onCodes={(gridCodes) => onChange({ gridCodes })}
          unit={item.gridUnit ?? ''}
          onUnit={(gridUnit) => onChange({ gridUnit })}
        />
      )}
      {i && mapping && preview && derived.status !== 'refused' && (
        <>
          {derived.status !== 'canonical' && (
            <details className="mapping-details" open>
              <summary>Column mapping</summary>
              <KindReason inspection={i} kind={mapping.kind} />
              <MappingTable inspection={i} mapping={mapping} preview={preview} answers={item.answers} onAnswers={(answers) => onChange({ answers })} />
              {i.unmapped.length > 0 && <p className="note">Columns not used: {i.unmapped.join(', ')}.</p>}
              {i.notes.length > 0 && (
                <ul className="notes">
                  {i.notes.filter((n) => !(item.answers.dateOrder && n === i.dateOrderSettled?.note)).map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
            </details>
          )}
          <details className="preview-details" open={derived.status !== 'canonical'}>
            <summary>Preview of the first rows</summary>
            <PreviewTable mapping={mapping} preview={preview} fileName={item.file.name} />
          </details>
          {derived.status === 'ready' && (
            <SavePresetForm
              inputId={`${id}-preset`}
              placeholder="e.g. HealthRoster weekly"
              name={presetName}
              onName={setPresetName}
              message={presetMessage}
              onSubmit={() => {
                setPresetMessage(null);
                onSavePreset(presetName, mapping).then(
                  () => setPresetMessage({ ok: true, text: `Saved as ‘${presetName.trim()}’. Later files with the same columns are mapped this way.` }),
                  (err: unknown) => setPresetMessage({ ok: false, text: errorText(err) }),
                );
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

/** Whether an answer for this question is in the file's answers. */
function answered(q: Question, item: WizardFile): boolean {
  const a = item.answers;
  switch (q.type) {
    case 'kind':
      return a.kind !== undefined;
    case 'dateOrder':
      return a.dateOrder !== undefined;
    case 'dateFormat':
    case 'missingField':
      return a.fields?.[q.field] !== undefined;
    case 'values':
      return Object.keys(a.values?.[questionKey(q)] ?? {}).length > 0;
  }
}
