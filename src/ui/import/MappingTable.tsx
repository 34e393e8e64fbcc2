/**
 * The proposed mapping as a table — each canonical field, the source column(s) it comes from
 * (changeable), sample values from the file and the value each becomes — and a preview of the
 * first rows exactly as they will be stored, rejected ones with their reason.
 */
import { useId } from 'react';
import { TABLES, type FileKind } from '../../ingest/canonical';
import { describeFormat } from '../../ingest/dates';
import type { Answers, Inspection, Preview } from '../../ingest/inspect';
import type { CanonicalValue, FieldMapping, Mapping } from '../../ingest/mapping';
import { fieldFromColumn, kindReason, withField } from './wizardState';
import { isolateText } from '../../report/bidi';
import { TableScroll } from '../components/TableScroll';

const REASONS: Record<string, string> = {
  missing: 'is missing',
  invalid: 'cannot be read',
  'unknown value': 'is a value PBS Lens does not know',
};

export function shown(v: CanonicalValue | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function sourceText(fm: FieldMapping | undefined): string {
  if (!fm) return 'not in this file';
  const s = fm.source;
  const fmt = fm.format ? ` (${describeFormat(fm.format)}${fm.timeFormat ? ` + ${describeFormat(fm.timeFormat)}` : ''})` : '';
  switch (s.from) {
    case 'column':
      return `“${s.column}”${fmt}`;
    case 'dateTime':
      return `“${s.date}” + “${s.time}”${fmt}${fm.notBefore ? `; before ${fm.notBefore} means the next day` : ''}`;
    case 'constant':
      return `always “${s.value}”`;
    case 'contentKey':
      return 'made from the row’s content';
  }
}

function rawOf(fm: FieldMapping | undefined, record: string[], index: Map<string, number>): string {
  if (!fm) return '';
  const cell = (c: string) => (record[index.get(c) ?? -1] ?? '').trim();
  const s = fm.source;
  if (s.from === 'column') return cell(s.column);
  if (s.from === 'dateTime') return `${cell(s.date)} ${cell(s.time)}`.trim();
  if (s.from === 'constant') return s.value;
  return '';
}

interface Props {
  inspection: Inspection;
  mapping: Mapping;
  preview: Preview;
  answers: Answers;
  onAnswers: (a: Answers) => void;
}

const SAMPLES = 3;

/** Why the file was taken for its kind, and the runner-up when it came close. */
export function KindReason({ inspection, kind }: { inspection: Inspection; kind: FileKind }) {
  const r = kindReason(inspection, kind);
  const links = inspection.links ?? [];
  if (!r && links.length === 0) return null;
  return (
    <>
      {r && (
        <p className="note kind-why" data-testid="kind-why">
          Read as {TABLES[r.kind].label.toLowerCase()}: {r.why}.
          {r.runnerUp && ` It could also be ${TABLES[r.runnerUp.kind].label.toLowerCase()}${r.runnerUp.why ? ` (${r.runnerUp.why})` : ''}.`}
        </p>
      )}
      {links.length > 0 && (
        <ul className="notes" data-testid="file-links">
          {links.map((l) => (
            <li key={`${l.from.file}/${l.from.column}/${l.to.file}`}>
              “{l.from.column}” of {l.from.file} refers to “{l.to.column}” of {l.to.file}: {l.why}.
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function MappingTable({ inspection, mapping, preview, answers, onAnswers }: Props) {
  const id = useId();
  const spec = TABLES[mapping.kind];
  const index = new Map(mapping.headers.map((h, i) => [h, i]));
  const recordOf = new Map(inspection.lines.map((line, r) => [line, r]));
  const accepted = preview.rows.slice(0, SAMPLES).map((row) => ({ values: row.values, record: inspection.records[recordOf.get(row.line) ?? -1] ?? [] }));
  // '' is "not used", or back to the proposal where the proposal makes the field from the row's content.
  const madeFromContent = (field: string) => inspection.mapping?.kind === mapping.kind && inspection.mapping.fields[field]?.source.from === 'contentKey';
  const setColumn = (field: string, column: string) =>
    onAnswers(
      withField(answers, field, column !== '' ? fieldFromColumn(inspection, mapping.kind, field, column, answers.dateOrder) : madeFromContent(field) ? undefined : null),
    );
  return (
    <div className="table-scroll">
      <table className="numbers mapping-table" data-testid="mapping-table">
        <caption>
          How the columns of <bdi>{inspection.fileName}</bdi> become {spec.label.toLowerCase()}
        </caption>
        <thead>
          <tr>
            <th scope="col">PBS Lens field</th>
            <th scope="col" className="left">
              Comes from
            </th>
            <th scope="col" className="left">
              In the file
            </th>
            <th scope="col" className="left">
              Becomes
            </th>
          </tr>
        </thead>
        <tbody>
          {spec.fields.map((f) => {
            const fm = mapping.fields[f.name];
            // A key made from the row's content can be replaced by a column (a patient list's names as person_id).
            const selectable = f.type !== 'timestamp' && (!fm || fm.source.from === 'column' || fm.source.from === 'contentKey');
            const selectId = `${id}-${f.name}`;
            return (
              <tr key={f.name} data-field={f.name} className={fm ? undefined : 'unmapped'}>
                <th scope="row" title={f.description}>
                  {f.name}
                  {f.required && (
                    <span className="required" title="required">
                      {' '}
                      *<span className="visually-hidden"> required</span>
                    </span>
                  )}
                  <div className="note">{f.description}</div>
                </th>
                <td className="left">
                  {selectable ? (
                    <>
                      <label htmlFor={selectId} className="visually-hidden">
                        Column for {f.name}
                      </label>
                      <select id={selectId} value={fm?.source.from === 'column' ? fm.source.column : ''} onChange={(e) => setColumn(f.name, e.target.value)}>
                        <option value="">{madeFromContent(f.name) ? 'Made from the row’s content' : f.required ? 'Choose a column…' : 'Not used'}</option>
                        {mapping.headers.map((h) => (
                          <option key={h} value={h}>
                            {h}
                          </option>
                        ))}
                      </select>
                      {fm?.format && <span className="note"> {describeFormat(fm.format)}</span>}
                    </>
                  ) : (
                    sourceText(fm)
                  )}
                  {fm && answers.fields?.[f.name] === undefined && inspection.why[f.name] && (
                    <div className="note why" data-testid="field-why">
                      Why: {inspection.why[f.name]}
                    </div>
                  )}
                </td>
                <td className="left samples">{fm && fm.source.from !== 'contentKey' ? accepted.map((r) => rawOf(fm, r.record, index) || '—').join(' · ') : ''}</td>
                <td className="left samples">{fm && fm.source.from !== 'contentKey' ? accepted.map((r) => shown(r.values[f.name])).join(' · ') : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {mapping.interventions && mapping.interventions.length > 0 && (
        <div className="interventions-note">
          <h4>Restrictive interventions recorded in columns of this file</h4>
          <ul>
            {mapping.interventions.map((iv) => (
              <li key={iv.label}>
                <strong>{iv.label}</strong>:{' '}
                {[
                  iv.flag && `used when “${isolateText(iv.flag)}” says yes`,
                  iv.typeColumn && `kind from “${isolateText(iv.typeColumn)}”`,
                  iv.minutes && `minutes from “${isolateText(iv.minutes)}”`,
                  iv.start && `start from “${isolateText(iv.start.column)}”`,
                  iv.end && `end from “${isolateText(iv.end.column)}”`,
                  iv.reason && `reason from “${isolateText(iv.reason)}”`,
                ]
                  .filter(Boolean)
                  .join('; ')}
                .
              </li>
            ))}
          </ul>
          <p className="note">Each becomes a row of restrictive interventions linked to its incident.</p>
        </div>
      )}
    </div>
  );
}

/** The first rows as they will be stored; rejected rows say which field failed and why. */
export function PreviewTable({ mapping, preview, fileName, limit = 8 }: { mapping: Mapping; preview: Preview; fileName: string; limit?: number }) {
  const spec = TABLES[mapping.kind];
  const fields = spec.fields.filter((f) => mapping.fields[f.name] && mapping.fields[f.name]!.source.from !== 'contentKey');
  const accepted = new Map(preview.rows.map((r) => [r.line, r.values]));
  const problems = new Map<number, Preview['problems']>();
  for (const p of preview.problems) problems.set(p.line, [...(problems.get(p.line) ?? []), p]);
  const rejectedLines = [...problems.keys()].filter((l) => !accepted.has(l));
  const rejected = rejectedLines.length;
  // The first rows, and every rejected row of the preview after them (up to a few), so problems are seen.
  const first = [...new Set([...accepted.keys(), ...problems.keys()])].sort((a, b) => a - b).slice(0, limit);
  const lines = [...new Set([...first, ...rejectedLines.slice(0, 5)])].sort((a, b) => a - b);
  return (
    <TableScroll caption={`The first rows of ${isolateText(fileName)} as they will be stored`}>
      <table className="numbers preview-table" data-testid="preview-table">
        <caption>
          The first rows as they will be stored: {preview.rows.length} of {preview.read} would be accepted
          {rejected > 0 ? `, ${rejected} rejected with the reason shown` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            {fields.map((f) => (
              <th scope="col" key={f.name}>
                {f.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const values = accepted.get(line);
            const issues = problems.get(line) ?? [];
            return (
              <tr key={line} className={values ? undefined : 'rejected'}>
                <td>{line}</td>
                {values ? (
                  fields.map((f) => <td key={f.name}>{shown(values[f.name])}</td>)
                ) : (
                  <td colSpan={fields.length} className="left">
                    Rejected: {issues.map((p) => `${p.field} ${REASONS[p.reason] ?? p.reason}${p.value ? ` (“${p.value}”)` : ''}`).join('; ')}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {preview.interventions.length > 0 && (
        <p className="note">
          These rows also give {preview.interventions.length} restrictive {preview.interventions.length === 1 ? 'intervention' : 'interventions'} (
          {[...new Set(preview.interventions.map((iv) => String(iv.values.type)))].join(', ')}).
        </p>
      )}
      {preview.read === 0 && <p className="note">The file has no rows to preview.</p>}
    </TableScroll>
  );
}
