/**
 * A weekday × hour heatmap drawn as a table: the colour is for the eye, the table (row and column
 * headers, a number in every cell) is for screen readers and for copying. A switch shows the
 * numbers on screen too. Colours run along viridis, reversed so more is darker: a sequential scale
 * that stays readable with the common colour-vision deficiencies and in greyscale.
 */
import { useId, useState } from 'react';
import { ChartCard } from './ChartCard';
import { heatmapSvg } from './heatmapSvg';
import { TableScroll } from './TableScroll';

/** Viridis, from its light end to its dark end. */
const SCALE = ['#fde725', '#addc30', '#5ec962', '#28ae80', '#21918c', '#2c728e', '#3b528b', '#472d7b', '#440154'];
const EMPTY = '#eceff1';

function hex(c: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
}

/** Colour for t in [0, 1] along the scale. */
export function scaleColour(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(x));
  const a = hex(SCALE[i]!);
  const b = hex(SCALE[i + 1]!);
  const f = x - i;
  return `#${a.map((v, k) => Math.round(v + (b[k]! - v) * f).toString(16).padStart(2, '0')).join('')}`;
}

/** Black or white text, whichever reads better on the colour. */
function ink(colour: string): string {
  const [r, g, b] = hex(colour).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.22 ? '#000000' : '#ffffff';
}

export interface HeatmapCell {
  weekday: number;
  hour: number;
}

interface Props<C extends HeatmapCell> {
  id: string;
  title: string;
  sentence: string;
  cells: C[];
  value: (c: C) => number | null;
  format: (v: number) => string;
  /** What a value is, for the legend and cell titles ("incidents", "per 1,000 person-hours"). */
  unit: string;
  rowLabels: readonly string[];
  /** Fixed top of the scale; default the largest value. */
  max?: number;
  /** Bottom of the scale: 0 (default, for counts and rates) or the smallest value, to show differences in a narrow range. */
  min?: 0 | 'data';
}

export function Heatmap<C extends HeatmapCell>(props: Props<C>) {
  const { id, title, sentence, cells, value, format, unit, rowLabels } = props;
  const [showNumbers, setShowNumbers] = useState(false);
  const toggleId = useId();
  const values = cells.map(value).filter((v): v is number => v !== null && Number.isFinite(v));
  const top = props.max ?? Math.max(0, ...values);
  const bottom = props.min === 'data' && values.length > 0 ? Math.min(...values) : 0;
  const position = (v: number) => (top > bottom ? (v - bottom) / (top - bottom) : 0);
  const at = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c]));
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const legend = [0, 0.25, 0.5, 0.75, 1];
  const fillOf = (v: number | null) => (v === null || !Number.isFinite(v) ? EMPTY : scaleColour(position(v)));
  const textOf = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : format(v));
  const valueAt = (row: number, h: number) => {
    const c = at.get(`${row + 1}-${h}`);
    return c ? value(c) : null;
  };
  const drawing = () =>
    heatmapSvg({
      title,
      rowLabels,
      cell: (row, h) => {
        const v = valueAt(row, h);
        const fill = fillOf(v);
        return { text: v === null ? '' : textOf(v), fill, ink: ink(fill) };
      },
      legend: { from: format(bottom), to: format(top), unit, colours: legend.map(scaleColour), empty: EMPTY },
    });
  const csv = () => ({
    columns: [
      { key: 'weekday', label: 'Weekday' },
      ...hours.map((h) => ({ key: `h${h}`, label: `${String(h).padStart(2, '0')}:00` })),
    ],
    rows: rowLabels.map((label, row) => Object.fromEntries([['weekday', label], ...hours.map((h) => [`h${h}`, valueAt(row, h)])])),
  });
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={sentence}
      testid={`heatmap-${id}`}
      sentenceTestid={`summary-${id}`}
      drawing={drawing}
      csv={csv}
      json={() => cells}
      before={
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1.5rem', alignItems: 'center', margin: '0.25rem 0 0.5rem' }}>
          <div aria-hidden="true" style={{ display: 'flex', alignItems: 'center', gap: '0.4rem', fontSize: '0.85rem' }}>
            <span>{format(bottom)}</span>
            <span style={{ display: 'inline-flex' }}>
              {legend.map((t) => (
                <span key={t} style={{ width: 28, height: 14, background: scaleColour(t), border: '1px solid #52606d' }} />
              ))}
            </span>
            <span>
              {format(top)} {unit}
            </span>
            <span style={{ width: 14, height: 14, background: EMPTY, border: '1px solid #52606d', marginLeft: '0.75rem' }} />
            <span>no data</span>
          </div>
          <label htmlFor={toggleId} style={{ fontSize: '0.9rem' }}>
            <input id={toggleId} type="checkbox" checked={showNumbers} onChange={(e) => setShowNumbers(e.target.checked)} /> Show the numbers
          </label>
        </div>
      }
    >
      <TableScroll caption={title} what="table, weekdays by hour">
        <table className="numbers" style={{ tableLayout: 'fixed', minWidth: showNumbers ? 1100 : 640, borderCollapse: 'separate', borderSpacing: 1 }}>
          <caption className="visually-hidden">
            {title} ({unit}), rows are weekdays and columns hours of the day
          </caption>
          <thead>
            <tr>
              <th scope="col" style={{ width: '3.2rem' }}>
                <span className="visually-hidden">Weekday</span>
              </th>
              {hours.map((h) => (
                <th key={h} scope="col" style={{ padding: '0 1px', textAlign: 'center', fontSize: '0.75rem' }}>
                  <span aria-hidden={h % 3 !== 0}>{h % 3 === 0 ? String(h).padStart(2, '0') : ''}</span>
                  <span className="visually-hidden">{h % 3 === 0 ? ':00' : `${String(h).padStart(2, '0')}:00`}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rowLabels.map((label, i) => (
              <tr key={label}>
                <th scope="row" style={{ minWidth: 0, padding: '0 0.3rem' }}>
                  {label}
                </th>
                {hours.map((h) => {
                  const v = valueAt(i, h);
                  const bg = fillOf(v);
                  const text = textOf(v);
                  return (
                    <td
                      key={h}
                      title={`${label} ${String(h).padStart(2, '0')}:00: ${text} ${unit}`}
                      data-testid={`${id}-${i + 1}-${h}`}
                      data-value={v ?? ''}
                      style={{
                        background: bg,
                        color: ink(bg),
                        height: '1.7rem',
                        padding: '0 1px',
                        textAlign: 'center',
                        fontSize: '0.7rem',
                        border: 'none',
                      }}
                    >
                      <span className={showNumbers ? undefined : 'visually-hidden'}>{text}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </ChartCard>
  );
}
