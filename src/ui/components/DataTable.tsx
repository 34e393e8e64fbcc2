/**
 * A table of numbers: the first column is the row header, every cell a number or a word, and the
 * same columns make the CSV download (raw values, not the formatted text). Views only.
 */
import { useState, type ReactNode } from 'react';
import { bucketLabel, type Grain, type Span } from '../../analysis/grain';
import { formatCount } from '../format';
import type { ExportTable } from './ExportButtons';
import { TableScroll } from './TableScroll';

export interface Column<R> {
  key: string;
  label: string;
  /** The cell's value, for the CSV and data-value. */
  value: (row: R) => string | number | null;
  /** How it reads on screen; defaults to a count or the text. */
  show?: (row: R) => ReactNode;
  left?: boolean;
  /** Keep on one line (intervals such as "2.9 to 8.8"). */
  nowrap?: boolean;
  /** Left out of the CSV and JSON downloads (a column of buttons). */
  screenOnly?: boolean;
  /** A data-testid for the cell other than `${table}-${column}-${i}` (kept stable for tests). */
  testid?: (row: R, i: number) => string;
}

/**
 * The first column of a table by week or month: the Monday (first of the month) in the CSV, under
 * "Week" ("Month"); "w/c 6 Jan 2025" ("January 2022 (from 15 Jan)" for a part month of `span`) on screen.
 */
export function weekColumn<R extends { week: string }>(left = false, grain: Grain = 'week', span: Span | null = null): Column<R> {
  return { key: 'week', label: grain === 'week' ? 'Week' : 'Month', value: (w) => w.week, show: (w) => bucketLabel(grain, w.week, span), left };
}

export interface TableSpec<R> {
  /** Prefix of the cells' test ids; default the card's id. */
  id?: string;
  caption: string;
  columns: Column<R>[];
  rows: R[];
  /** Give every cell data-testid and data-value (see Column.testid). */
  testids?: boolean;
  /** Put the table in a disclosure with this summary (long weekly tables). */
  summary?: string;
  /** data-testid of the table element; default `${id}-table`. */
  testid?: string;
}

/** The table only when it has rows: a card with nothing to list shows no empty table. */
export function ifRows<R>(spec: TableSpec<R>): TableSpec<R> | undefined {
  return spec.rows.length > 0 ? spec : undefined;
}

/** The rows as the CSV and JSON downloads carry them: raw values under each column key. */
export function exportTable<R>(spec: Pick<TableSpec<R>, 'columns' | 'rows'>): ExportTable {
  const columns = spec.columns.filter((c) => !c.screenOnly);
  return {
    columns: columns.map((c) => ({ key: c.key, label: c.label })),
    rows: spec.rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.value(r)]))),
  };
}

export function DataTable<R>(props: TableSpec<R> & { id: string }) {
  const { id, caption, columns, rows } = props;
  const shown = (c: Column<R>, r: R): ReactNode => {
    if (c.show) return c.show(r);
    const v = c.value(r);
    return typeof v === 'number' ? formatCount(v) : (v ?? '–');
  };
  const cellId = (c: Column<R>, r: R, i: number) => (c.testid ? c.testid(r, i) : props.testids ? `${id}-${c.key}-${i}` : undefined);
  const table = () => (
    <TableScroll caption={caption}>
      <table className="numbers" data-testid={props.testid ?? `${id}-table`}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.left ? 'left' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c, j) => {
                const testid = cellId(c, r, i);
                const attrs = testid ? { 'data-testid': testid, 'data-value': c.value(r) ?? '' } : {};
                return j === 0 ? (
                  <th key={c.key} scope="row" {...attrs}>
                    {shown(c, r)}
                  </th>
                ) : (
                  <td key={c.key} className={c.left ? 'left' : undefined} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined} {...attrs}>
                    {shown(c, r)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
  return props.summary ? <Disclosure summary={props.summary}>{table}</Disclosure> : table();
}

/**
 * A closed disclosure whose content is made when it is opened (and kept while it stays open).
 * The long weekly tables sit in these: made while closed, every filter change rebuilt thousands
 * of cells nobody could see (the Over time page held 19,000 elements, most of them in five
 * closed tables of 260 weeks).
 */
function Disclosure(props: { summary: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="table-disclosure" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{props.summary}</summary>
      {open && props.children()}
    </details>
  );
}
