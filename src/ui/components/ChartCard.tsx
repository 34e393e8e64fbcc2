/**
 * Every chart and table of the dashboard sits in one of these: a title, the one sentence saying
 * what it shows, the chart, the table of its numbers (for screen readers and for copying), and
 * the downloads (PNG and SVG of the chart, CSV of the table, JSON of its data).
 */
import { useMemo, useRef, type ReactNode, type RefObject } from 'react';
import type { SerialisedSvg } from '../../report/exports';
import { ChartCaptionContext } from './ChartFrame';
import { DataTable, exportTable, type TableSpec } from './DataTable';
import { ExportButtons, type ExportTable } from './ExportButtons';

export interface ChartCardProps<R> {
  id: string;
  title: string;
  sentence: string;
  /** The chart, drawn as SVG inside the element the ref points to (that SVG is what PNG/SVG download). */
  chart?: (ref: RefObject<HTMLDivElement | null>) => ReactNode;
  /** For a chart not drawn as SVG on screen (the heatmap grid): its drawing, made on click. */
  drawing?: () => SerialisedSvg;
  /** The numbers behind the chart, shown and offered as CSV. */
  table?: TableSpec<R>;
  /** What the CSV holds when the numbers are shown some other way (a custom table, the grid itself). */
  csv?: () => ExportTable;
  /** The JSON download; defaults to the table's rows. */
  json?: () => unknown;
  /** Chart and table side by side on wide screens. */
  side?: boolean;
  /** A coloured left border (e.g. vermillion for a red flag). */
  accent?: string;
  /** data-testid of the card and of its sentence (defaults `card-${id}`, `sentence-${id}`). */
  testid?: string;
  sentenceTestid?: string;
  /** Notes: under the chart (under chart and table when side by side). */
  children?: ReactNode;
  /** Shown between the sentence and the chart (legends, switches). */
  before?: ReactNode;
  /** Shown after the table (further detail). */
  after?: ReactNode;
}

export function ChartCard<R>(props: ChartCardProps<R>) {
  const { id, title, sentence, table } = props;
  const ref = useRef<HTMLDivElement>(null);
  const csv = props.csv ?? (table ? () => exportTable(table) : undefined);
  // The CSV and JSON are built on click, so a large table costs nothing until asked for.
  const lazyCsv = csv ? lazyTable(csv) : undefined;
  const json = props.json ?? (csv ? () => csv().rows : undefined);
  const chart = props.chart?.(ref);
  const tableEl = table && <DataTable {...table} id={table.id ?? id} />;
  // The chart is named by its kind and this title, and described by the sentence above it (said once).
  const caption = useMemo(() => ({ title, describedBy: `${id}-sentence` }), [title, id]);
  return (
    <ChartCaptionContext.Provider value={caption}>
      <section
        className="card"
        aria-labelledby={`${id}-title`}
        data-testid={props.testid ?? `card-${id}`}
        style={props.accent ? { borderLeft: `6px solid ${props.accent}` } : undefined}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <p className="summary" id={`${id}-sentence`} data-testid={props.sentenceTestid ?? `sentence-${id}`}>
          {sentence}
        </p>
        {props.before}
        {props.side && chart && tableEl ? (
          <>
            <div className="chart-and-table">
              {chart}
              {tableEl}
            </div>
            {props.children}
          </>
        ) : (
          <>
            {chart}
            {props.children}
            {tableEl}
          </>
        )}
        {props.after}
        {(chart || props.drawing || lazyCsv || json) && (
          <ExportButtons
            label={title}
            stem={id}
            chartRef={chart ? ref : undefined}
            drawing={props.drawing}
            table={lazyCsv}
            json={json}
          />
        )}
      </section>
    </ChartCaptionContext.Provider>
  );
}

/** An ExportTable whose columns and rows are only computed when the CSV button reads them. */
function lazyTable(make: () => ExportTable): ExportTable {
  let made: ExportTable | null = null;
  const get = () => (made ??= make());
  return {
    get columns() {
      return get().columns;
    },
    get rows() {
      return get().rows;
    },
  };
}
