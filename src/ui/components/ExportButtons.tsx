/**
 * Download buttons for a chart and its table: PNG and SVG of the chart, CSV of the table, JSON of
 * whatever the page passes. Drop in beside any chart:
 *
 *   const ref = useRef<HTMLDivElement>(null);
 *   <div ref={ref}><BarChart …/></div>
 *   <ExportButtons label="Incidents by shortfall" stem="incidents-by-shortfall" chartRef={ref}
 *                  table={{ columns: [{ key: 'band', label: 'Band' }, …], rows }} />
 */
import { useContext, useState, type RefObject } from 'react';
import type { CsvColumn } from '../../report/csv';
import { downloadChart, downloadCsv, downloadDrawing, downloadJson, type SerialisedSvg } from '../../report/exports';
import { ExportScrub } from '../exportPrivacy';

export interface ExportTable {
  columns: CsvColumn[];
  rows: Record<string, unknown>[];
}

interface Props {
  /** What is being downloaded, for the buttons' accessible names ("Incidents by shortfall"). */
  label: string;
  /** File name without extension. */
  stem: string;
  chartRef?: RefObject<HTMLElement | null>;
  /** For a chart not drawn as SVG on screen: its drawing as SVG text, made on click. */
  drawing?: () => SerialisedSvg;
  table?: ExportTable;
  /** Called on click, so large results are only serialised when asked for. */
  json?: () => unknown;
}

export function ExportButtons({ label, stem, chartRef, drawing, table, json }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  // Pseudonyms in every table and result file (charts show only what the page shows).
  const privacy = useContext(ExportScrub);
  const scrub = <T,>(value: T): Promise<T> => (privacy.namesShown ? Promise.resolve(value) : privacy.pseudonymise(value));
  const run = (action: () => void | Promise<void>) => async () => {
    setProblem(null);
    try {
      await action();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };
  const chart = (format: 'png' | 'svg') =>
    run(async () => {
      if (drawing) return downloadDrawing(drawing(), stem, format);
      if (!chartRef?.current) throw new Error('There is no chart here to download.');
      await downloadChart(chartRef.current, stem, format, label);
    });
  return (
    <div className="export-buttons no-print" role="group" aria-label={`Download ${label}`}>
      <span className="export-label" aria-hidden="true">
        Download
      </span>
      {(chartRef || drawing) && (
        <>
          <button type="button" onClick={chart('png')} aria-label={`Download ${label} as PNG`}>
            PNG
          </button>
          <button type="button" onClick={chart('svg')} aria-label={`Download ${label} as SVG`}>
            SVG
          </button>
        </>
      )}
      {table && (
        <button type="button" onClick={run(async () => downloadCsv(table.columns, await scrub(table.rows), stem))} aria-label={`Download ${label} table as CSV`}>
          CSV
        </button>
      )}
      {json && (
        <button type="button" onClick={run(async () => downloadJson(await scrub(json()), stem))} aria-label={`Download ${label} as JSON`}>
          JSON
        </button>
      )}
      {problem && (
        <span role="alert" className="export-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
