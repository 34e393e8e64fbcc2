/**
 * The questions the import could not settle by itself, each as a small labelled form: the
 * day/month order of a date column, what unknown coded values mean, a column for a required
 * field, whether unreadable dates may be rejected. Every control has a label; answers apply at
 * once and the preview below follows.
 */
import { useId } from 'react';
import { TABLES, type FieldType, type FileKind } from '../../ingest/canonical';
import type { Question } from '../../ingest/headers';
import { questionKey, type Answers, type Inspection } from '../../ingest/inspect';
import type { FieldMapping } from '../../ingest/mapping';
import type { VocabularyName } from '../../ingest/vocabularies';
import { fieldFromColumn, stableKey, withField, withValue } from './wizardState';

/** An unknown value whose rows are to be rejected (and listed) rather than mapped. */
const REJECT = '';

const VOCABULARY_WORDS: Record<VocabularyName, string> = {
  boolean: 'yes or no',
  contract: 'the staff type (own staff, bank or agency)',
  status: 'the shift status',
  severity: 'the harm or severity',
  weekday: 'the weekday',
  interventionType: 'the kind of restrictive intervention',
  interventionReason: 'the reason for the intervention',
};

export function fieldLabel(kind: FileKind, field: string): string {
  const f = TABLES[kind].fields.find((x) => x.name === field);
  return f ? `${field.replace(/_/g, ' ')} (${f.description.charAt(0).toLowerCase()}${f.description.slice(1)})` : field;
}

const TEXT_TYPES: FieldType[] = ['id', 'text'];

interface Props {
  inspection: Inspection;
  kind: FileKind;
  question: Question;
  answers: Answers;
  /** False once answered: the form stays, marked as answered. */
  open: boolean;
  /** The field's mapping as it stands (dateFormat questions accept it as it is). */
  currentField?: FieldMapping;
  onAnswers: (a: Answers) => void;
}

export function QuestionForm(props: Props) {
  const { inspection, kind, question: q, answers, onAnswers, open } = props;
  const headers = inspection.header?.headers ?? [];
  const id = useId();
  const testid = `question-${stableKey(q).replace(/[^a-zA-Z0-9]+/g, '-')}`;
  const state = open ? undefined : <span className="answered"> ✓ answered</span>;

  if (q.type === 'kind') {
    return (
      <fieldset className="question" data-testid={testid}>
        <legend>What does this file hold? PBS Lens could not tell for sure from its columns.{state}</legend>
        {q.options.slice(0, 4).map((o) => (
          <label key={o.kind} className="choice">
            <input type="radio" name={`${id}-kind`} value={o.kind} checked={answers.kind === o.kind} onChange={() => onAnswers({ ...answers, kind: o.kind })} />
            {TABLES[o.kind].label}
            {o.coverage < 1 && <span className="note"> (some required columns not found)</span>}
          </label>
        ))}
      </fieldset>
    );
  }

  if (q.type === 'dateOrder') {
    return (
      <fieldset className="question" data-testid={testid}>
        <legend>
          Dates in “{q.column}” can be read two ways. <strong>{q.question.text}</strong>
          {state}
        </legend>
        {q.question.options.map((o) => (
          <label key={o.order} className="choice">
            <input type="radio" name={`${id}-order`} value={o.order} checked={answers.dateOrder === o.order} onChange={() => onAnswers({ ...answers, dateOrder: o.order })} />
            {o.label} <span className="note">({o.order === 'dmy' ? 'day first, as in the UK' : 'month first, as in the US'})</span>
          </label>
        ))}
      </fieldset>
    );
  }

  if (q.type === 'dateFormat') {
    const accepted = answers.fields?.[q.field] !== undefined;
    const current = props.currentField;
    return (
      <fieldset className="question" data-testid={testid}>
        <legend>
          PBS Lens cannot read the dates or times in “{q.column}”
          {q.unparsed.length > 0 && (
            <>
              , for example <code>{q.unparsed.slice(0, 3).join('’, ‘')}</code>
            </>
          )}
          .{state}
        </legend>
        <label className="choice">
          <input
            type="checkbox"
            checked={accepted}
            onChange={(e) =>
              onAnswers(withField(answers, q.field, e.target.checked ? (current ?? fieldFromColumn(inspection, kind, q.field, q.column, answers.dateOrder)) : undefined))
            }
          />
          Import anyway: rows whose {q.field.replace(/_/g, ' ')} cannot be read are rejected and listed with the reason
        </label>
        <p className="note">Or choose another column for {q.field.replace(/_/g, ' ')} in the mapping table below.</p>
      </fieldset>
    );
  }

  if (q.type === 'values') {
    const given = answers.values?.[questionKey(q)] ?? {};
    const setValue = (raw: string, value: string | undefined) => onAnswers(withValue(answers, q, raw, value));
    const what = q.intervention ? `${q.intervention.label.toLowerCase()} (${q.intervention.part === 'flag' ? 'yes or no' : 'its kind'})` : VOCABULARY_WORDS[q.vocabulary];
    const list = q.unknown.map((u) => u.value).join(' / ');
    return (
      <fieldset className="question" data-testid={testid}>
        <legend>
          “{q.column}” holds {what}. PBS Lens does not know {q.unknown.length === 1 ? 'this value' : 'these values'}: <strong>{list}</strong>.
          What {q.unknown.length === 1 ? 'does it' : 'does each'} mean?
          {state}
        </legend>
        <div className="value-answers">
          {q.unknown.map((u, i) => {
            const selectId = `${id}-v${i}`;
            const current = given[u.value];
            return (
              <div className="field" key={u.value}>
                <label htmlFor={selectId}>
                  “{u.value}” <span className="note">({u.count} {u.count === 1 ? 'row' : 'rows'} in the preview)</span>
                </label>
                <select id={selectId} value={current === undefined ? '?' : current === REJECT ? 'reject' : current} onChange={(e) => setValue(u.value, e.target.value === '?' ? undefined : e.target.value === 'reject' ? REJECT : e.target.value)}>
                  <option value="?">Choose…</option>
                  {q.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                  <option value="reject">None of these: reject these rows (they are listed)</option>
                </select>
              </div>
            );
          })}
        </div>
      </fieldset>
    );
  }

  // A required field whose column is a guess: accept it, or choose another below.
  if (q.proposed) {
    const current = props.currentField;
    return (
      <fieldset className="question" data-testid={testid}>
        <legend>
          Which column holds <strong>{q.field.replace(/_/g, ' ')}</strong> ({q.description.toLowerCase()})? PBS Lens proposes “{q.proposed.column}”: {q.proposed.why}
          ; other columns fit as well.{state}
        </legend>
        <label className="choice">
          <input
            type="checkbox"
            checked={answers.fields?.[q.field] !== undefined}
            onChange={(e) =>
              onAnswers(withField(answers, q.field, e.target.checked ? (current ?? fieldFromColumn(inspection, kind, q.field, q.proposed!.column, answers.dateOrder)) : undefined))
            }
          />
          Use “{q.proposed.column}”
        </label>
        <p className="note">Or choose another column for {q.field.replace(/_/g, ' ')} in the mapping table below.</p>
      </fieldset>
    );
  }

  // A required field with no column.
  const spec = TABLES[kind].fields.find((f) => f.name === q.field);
  const selectId = `${id}-col`;
  const constId = `${id}-const`;
  const chosen = answers.fields?.[q.field]?.source;
  const canBeConstant = spec ? TEXT_TYPES.includes(spec.type) && q.field !== 'incident_id' && q.field !== 'shift_id' : false;
  return (
    <fieldset className="question" data-testid={testid}>
      <legend>
        No column was found for <strong>{q.field.replace(/_/g, ' ')}</strong> ({q.description.toLowerCase()}), which every row needs.
        {state}
      </legend>
      <div className="field">
        <label htmlFor={selectId}>Take it from the column</label>
        <select
          id={selectId}
          value={chosen?.from === 'column' ? chosen.column : ''}
          onChange={(e) => onAnswers(withField(answers, q.field, e.target.value === '' ? undefined : fieldFromColumn(inspection, kind, q.field, e.target.value, answers.dateOrder)))}
        >
          <option value="">Choose a column…</option>
          {headers.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </div>
      {canBeConstant && (
        <div className="field">
          <label htmlFor={constId}>or, if the whole file is about one {q.field === 'unit' ? 'unit' : q.field.replace(/_/g, ' ')}, type it</label>
          <input
            id={constId}
            type="text"
            value={chosen?.from === 'constant' ? chosen.value : ''}
            onChange={(e) => onAnswers(withField(answers, q.field, e.target.value.trim() === '' ? undefined : { source: { from: 'constant', value: e.target.value } }))}
          />
        </div>
      )}
    </fieldset>
  );
}
