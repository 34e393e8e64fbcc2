/**
 * Pieces the restrictive-practice, plan-delivery, commissioned-hours and data-quality pages
 * share: the page frame (filters, loading, errors), numbers with test ids, a table that is also
 * a CSV download, a bar chart with interval whiskers and a chart by week. Views only: every
 * number arrives from an analysis function.
 */
import { useRef, type ReactNode, type RefObject } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, ErrorBar, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { weekLabel } from '../../analysis/overTime';
import type { Filters } from '../../analysis/types';
import type { Engine } from '../../engine';
import { ExportButtons } from '../components/ExportButtons';
import { FilterBar } from '../components/FilterBar';
import { formatCount, formatInterval, formatNumber } from '../format';
import { useAsync } from '../useAsync';

export interface PageProps {
  engine: Engine | null;
  hasData: boolean;
  dataVersion: number;
  filters: Filters;
  onFilters: (f: Filters) => void;
  onStart: () => void;
}

/** The common frame: empty state, filter bar, extra controls, progress and errors around the result. */
export function AnalysisFrame<T>(
  props: PageProps & {
    /** What failed, in words ("The plan-delivery analysis"). */
    what: string;
    testid: string;
    run: (engine: Engine) => Promise<T>;
    /** Extra inputs besides the filters that change the result. */
    deps?: readonly unknown[];
    controls?: ReactNode;
    children: (result: T, stale: boolean) => ReactNode;
  },
) {
  const { engine, hasData, dataVersion, filters, onFilters, onStart } = props;
  const ready = engine && hasData ? engine : null;
  const options = useAsync(ready ? () => ready.filterOptions() : null, [ready, dataVersion]);
  const result = useAsync<T>(
    ready
      ? async () => {
          await ready.ready();
          return props.run(ready);
        }
      : null,
    [ready, dataVersion, filters.from, filters.to, filters.unit, filters.personId, ...(props.deps ?? [])],
  );
  if (!hasData) {
    return (
      <div className="empty">
        <p>No data is loaded yet.</p>
        <button type="button" className="primary" onClick={onStart}>
          Go to the start page to explore the sample service or import your files
        </button>
      </div>
    );
  }
  return (
    <>
      <FilterBar filters={filters} options={options.value} onChange={onFilters} />
      {props.controls}
      {result.loading && (
        <p className="progress" role="status" data-testid="calculating">
          <span className="spinner" aria-hidden="true" />
          Calculating…
        </p>
      )}
      {result.error && (
        <div className="error" role="alert" data-testid={`${props.testid}-error`}>
          {props.what} failed: {result.error}
        </div>
      )}
      {result.value !== null && (
        <div className={result.loading ? 'results stale' : 'results'} aria-busy={result.loading} data-testid={`${props.testid}-results`}>
          {props.children(result.value, result.loading)}
        </div>
      )}
    </>
  );
}

/** A number the end-to-end tests read: its exact value in data-value, formatted in the text. */
export function Num(props: { testid: string; value: number | null | undefined; text?: string; digits?: number }) {
  const text = props.text ?? (props.digits === undefined ? formatCount(props.value) : formatNumber(props.value, props.digits));
  return (
    <span data-testid={props.testid} data-value={props.value ?? ''}>
      {text}
    </span>
  );
}

export function Warnings({ warnings, id }: { warnings: string[]; id: string }) {
  if (warnings.length === 0) return null;
  return (
    <section className="warnings" aria-labelledby={`${id}-warnings-title`}>
      <h2 id={`${id}-warnings-title`}>Warnings</h2>
      <ul data-testid={`${id}-warnings`}>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </section>
  );
}

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
}

/**
 * A table of numbers with its CSV download. The first column is the row header. Cells get
 * data-testid `${id}-${column}-${i}` when `testids` is set.
 */
export function DataTable<R>(props: { id: string; caption: string; columns: Column<R>[]; rows: R[]; testids?: boolean; download?: boolean }) {
  const { id, caption, columns, rows } = props;
  const shown = (c: Column<R>, r: R): ReactNode => {
    if (c.show) return c.show(r);
    const v = c.value(r);
    return typeof v === 'number' ? formatCount(v) : (v ?? '–');
  };
  return (
    <>
      <div className="table-scroll">
        <table className="numbers" data-testid={`${id}-table`}>
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
                {columns.map((c, j) =>
                  j === 0 ? (
                    <th key={c.key} scope="row">
                      {shown(c, r)}
                    </th>
                  ) : (
                    <td
                      key={c.key}
                      className={c.left ? 'left' : undefined}
                      style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                      data-testid={props.testids ? `${id}-${c.key}-${i}` : undefined}
                      data-value={props.testids ? (c.value(r) ?? '') : undefined}
                    >
                      {shown(c, r)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.download !== false && rows.length > 0 && (
        <ExportButtons
          label={caption}
          stem={id}
          table={{
            columns: columns.map((c) => ({ key: c.key, label: c.label })),
            rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.value(r)]))),
          }}
        />
      )}
    </>
  );
}

/** A card: title, the one sentence saying what the chart shows, the chart, then its numbers. */
export function ChartCard(props: {
  id: string;
  title: string;
  sentence: string;
  chart?: (ref: RefObject<HTMLDivElement | null>) => ReactNode;
  children?: ReactNode;
  accent?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  return (
    <section
      className="card"
      aria-labelledby={`${props.id}-title`}
      data-testid={`card-${props.id}`}
      style={props.accent ? { borderLeft: `6px solid ${props.accent}` } : undefined}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p className="summary" data-testid={`sentence-${props.id}`}>
        {props.sentence}
      </p>
      {props.chart && (
        <>
          {props.chart(ref)}
          <ExportButtons label={props.title} stem={props.id} chartRef={ref} />
        </>
      )}
      {props.children}
    </section>
  );
}

export interface CiBar {
  key: string;
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  colour: string;
}

/** Bars with 95 % interval whiskers; the caller puts the table beside it. */
export function CiBarChart(props: { bars: CiBar[]; sentence: string; yLabel: string; chartRef: RefObject<HTMLDivElement | null>; digits?: number; height?: number }) {
  const data = props.bars.map((b) => ({
    ...b,
    ci: b.value !== null && b.lower !== null && b.upper !== null ? [b.value - b.lower, b.upper - b.value] : null,
  }));
  const digits = props.digits ?? 1;
  return (
    <div className="chart" ref={props.chartRef} role="img" tabIndex={0} aria-label={`Bar chart. ${props.sentence} The table gives the numbers.`}>
      <ResponsiveContainer width="100%" height={props.height ?? 260}>
        <BarChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d0d4da" />
          <XAxis dataKey="label" tick={{ fill: '#1f2933', fontSize: 12 }} interval={0} />
          <YAxis
            tick={{ fill: '#1f2933', fontSize: 12 }}
            width={60}
            label={{ value: props.yLabel, angle: -90, position: 'insideLeft', offset: 4, style: { fill: '#3e4c59', fontSize: 12, textAnchor: 'middle' } }}
          />
          <Tooltip
            formatter={(_v, _n, item) => {
              const b = item.payload as CiBar;
              return [`${formatNumber(b.value, digits)} (95 % CI ${formatInterval(b.lower, b.upper, digits)})`, props.yLabel];
            }}
          />
          <Bar dataKey="value" isAnimationActive={false} stroke="#1f2933" strokeWidth={1}>
            {data.map((d) => (
              <Cell key={d.key} fill={d.colour} />
            ))}
            <ErrorBar dataKey="ci" width={10} stroke="#000000" strokeWidth={1.5} direction="y" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface WeeklySeries<W> {
  key: string;
  label: string;
  colour: string;
  value: (w: W) => number | null;
  kind: 'bar' | 'line';
  /** Bars with the same stack id are stacked. */
  stack?: string;
}

/** A chart by ISO week (at most 2,000 points come from the engine). */
export function WeeklyChart<W extends { week: string }>(props: {
  weeks: W[];
  series: WeeklySeries<W>[];
  sentence: string;
  yLabel: string;
  chartRef: RefObject<HTMLDivElement | null>;
  yMax?: number;
}) {
  const data = props.weeks.map((w) => Object.fromEntries([['week', w.week], ...props.series.map((s) => [s.key, s.value(w)])]));
  return (
    <div className="chart" ref={props.chartRef} role="img" tabIndex={0} aria-label={`Chart by week. ${props.sentence} The table gives the numbers.`}>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d0d4da" />
          <XAxis dataKey="week" tick={{ fill: '#1f2933', fontSize: 12 }} tickFormatter={weekLabel} minTickGap={24} />
          <YAxis
            tick={{ fill: '#1f2933', fontSize: 12 }}
            width={60}
            domain={props.yMax !== undefined ? [0, props.yMax] : [0, 'auto']}
            label={{ value: props.yLabel, angle: -90, position: 'insideLeft', offset: 4, style: { fill: '#3e4c59', fontSize: 12, textAnchor: 'middle' } }}
          />
          <Tooltip labelFormatter={(x) => weekLabel(String(x))} formatter={(v) => (typeof v === 'number' ? formatNumber(v, 1) : String(v))} />
          <Legend />
          {props.series.map((s) =>
            s.kind === 'bar' ? (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId={s.stack} fill={s.colour} isAnimationActive={false} />
            ) : (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={s.colour} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A table inside a disclosure, for long weekly tables. */
export function Disclosure(props: { summary: string; children: ReactNode; open?: boolean }) {
  return (
    <details open={props.open}>
      <summary>{props.summary}</summary>
      {props.children}
    </details>
  );
}

export const interval = (e: { lower: number | null; upper: number | null } | null | undefined, digits = 1) =>
  e ? formatInterval(e.lower, e.upper, digits) : '–';
