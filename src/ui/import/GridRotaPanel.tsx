/**
 * A grid rota in the wizard: how the sheet reads (days, cells accounted for, notes), the codes
 * whose times are not known — each answered with its times or "no shift" — and the first rows.
 */
import { useState } from 'react';
import type { CodeMeaning, CodeTable } from '../../ingest/gridCodes';
import type { GridQuestion, GridResult } from '../../ingest/gridRota';
import { ColumnHeads } from '../components/ColumnHeads';

interface Props {
  grid: Extract<GridResult, { ok: true }>;
  /** The workbook has other sheets and none was chosen: every grid sheet is imported. */
  allSheets: boolean;
  codes: CodeTable;
  onCodes: (codes: CodeTable) => void;
  unit: string;
  onUnit: (unit: string) => void;
}

const UNIT_FROM = { settings: 'as you gave it', column: 'from its unit column', title: 'from the sheet title', 'sheet name': 'from the sheet name' } as const;

export function GridRotaPanel({ grid, allSheets, codes, onCodes, unit, onUnit }: Props) {
  const a = grid.accounting;
  const days = grid.layout.dates;
  const found = grid.rows[0]?.unit;
  return (
    <div className="grid-rota" data-testid="grid-rota">
      <p>
        A grid rota: staff as rows, {days.length} days as columns ({days[0]} to {days[days.length - 1]}). {a.cellsRead} day cells: {a.accepted}{' '}
        shifts, {a.rejected} not readable yet, {a.blank} with no shift (blank, leave, days off).
        {allSheets && ' Every sheet of the workbook that reads as a grid rota (a sheet per week or month) is imported; choose a sheet to import only that one.'}
      </p>
      <p>
        <label htmlFor="grid-unit">
          Unit{' '}
          {grid.layout.unitFrom ? `(${found ?? ''}, ${UNIT_FROM[grid.layout.unitFrom]}; type another to replace it)` : '(the sheet does not say: which unit is this rota for?)'}
        </label>{' '}
        <input id="grid-unit" data-testid="grid-unit" value={unit} onChange={(e) => onUnit(e.target.value)} />
      </p>
      {grid.notes.length > 0 && (
        <ul>
          {grid.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {grid.questions.map((q) => (
        <CodeQuestion key={q.code} question={q} onAnswer={(m) => onCodes({ ...codes, [q.code]: m })} />
      ))}
      {grid.rows.length > 0 && (
        <table className="preview-table">
          <caption>First rota rows</caption>
          <ColumnHeads labels={['Staff', 'Start', 'End', 'Contract', 'Status']} />
          <tbody>
            {grid.rows.slice(0, 10).map((r) => (
              <tr key={r.shift_id}>
                <td>{r.staff_id ?? '(unfilled)'}</td>
                <td>{r.start}</td>
                <td>{r.end}</td>
                <td>{r.contract ?? ''}</td>
                <td>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CodeQuestion({ question: q, onAnswer }: { question: GridQuestion; onAnswer: (m: CodeMeaning) => void }) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const id = `grid-code-${q.code.replace(/\W+/g, '-')}`;
  return (
    <fieldset className="question" data-testid="grid-code-question" data-code={q.code}>
      <legend>
        What times is “{q.code}”? ({q.count} {q.count === 1 ? 'cell' : 'cells'}, e.g. {q.example.staff ?? 'a vacant line'}, {q.example.column})
      </legend>
      <label htmlFor={`${id}-start`}>Start</label> <input id={`${id}-start`} type="time" value={start} onChange={(e) => setStart(e.target.value)} />{' '}
      <label htmlFor={`${id}-end`}>End</label> <input id={`${id}-end`} type="time" value={end} onChange={(e) => setEnd(e.target.value)} />{' '}
      <button type="button" disabled={!start || !end || start === end} onClick={() => onAnswer({ kind: 'shift', start, end })}>
        Use these times
      </button>{' '}
      <button type="button" onClick={() => onAnswer({ kind: 'none', label: `no shift (${q.code})` })}>
        Not a shift
      </button>
    </fieldset>
  );
}
