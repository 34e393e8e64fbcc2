/**
 * Preparing an .xlsx export for the mapped loader: the sheet is streamed into a CSV that read_csv
 * reads, each row carrying its sheet row number in `__line` (the line the report gives). Its first
 * rows are held until the mapping's header is placed among them (fit.ts); then every row streams
 * straight through. Hidden rows are read like the others (the inspection lists them).
 */
import type { Connector } from '../../db/connector';
import { literal } from '../../db/sql';
import { FROM_LINE_COLUMN } from '../lineNumbers';
import { ImportError, type LoadRequest } from '../load/request';
import type { Mapping } from '../mapping';
import { byteLength, readAll } from '../source';
import { emptyWorkbookMessage, hiddenRowsNote, isEmptyWorkbook } from '../workbookNotes';
import { CsvSink, likelySheet, openWorkbook, type XlsxWorkbook as Workbook } from '../xlsx';
import { fitMapping, refuseRepeatedColumns, type Fitted } from './fit';
import type { Prepared } from './prepared';

/** Sheet rows kept for finding the header (title rows, group rows) before the rest streams to CSV. */
const WORKBOOK_HEAD_ROWS = 200;

export async function prepareWorkbook(db: Connector, req: LoadRequest, mapping: Mapping, registered: string): Promise<Prepared> {
  const wb = await openWorkbook(await readAll(req.data));
  const sheet = sheetToRead(wb, mapping, req.fileName);
  const head: string[][] = [];
  let sink: CsvSink | null = null;
  let m: Mapping = mapping;
  let dataStart = 0;
  const start = () => {
    const fitted = fitToSheet(wb, sheet, mapping, head, req.fileName);
    refuseRepeatedColumns(head, fitted.mapping, mapping.headerRows > 1 ? wb.merges(sheet) : []);
    m = { ...fitted.mapping, sheet };
    dataStart = fitted.dataStart;
    sink = new CsvSink({ headers: m.headers, dataStart: fitted.dataStart, lineColumn: '__line' });
    head.forEach((row, i) => sink!.row(i, row));
    return sink;
  };
  const scanned = await wb.stream(
    sheet,
    (index, cells) => {
      if (sink) return sink.row(index, cells);
      if (index < WORKBOOK_HEAD_ROWS) return holdRow(head, index, cells);
      start().row(index, cells);
    },
    { signal: req.signal, onProgress: progressShare(req) },
  );
  await db.registerFile(registered, (sink ?? start()).blob());
  const columns = [`'__line': 'VARCHAR'`, ...m.headers.map((_, i) => `'c${i}': 'VARCHAR'`)].join(', ');
  return {
    source: `read_csv(${literal(registered)}, auto_detect = false, header = false, skip = 1, delim = ',', quote = '"', escape = '"',
      columns = {${columns}}, null_padding = true, parallel = false)`,
    mapping: m,
    width: m.headers.length,
    encoding: null,
    sheet,
    lineColumn: '__line',
    lines: async () => FROM_LINE_COLUMN,
    notes: hiddenRowsNote({ ...scanned, rows: head }, dataStart),
    wholeFile: null,
  };
}

/** The sheet the mapping names (refused when the workbook lacks it), or else the likeliest. */
function sheetToRead(wb: Workbook, mapping: Mapping, fileName: string): string {
  if (isEmptyWorkbook(wb)) throw new ImportError(emptyWorkbookMessage(fileName));
  if (mapping.sheet && !wb.sheets.some((s) => s.name === mapping.sheet)) {
    throw new ImportError(`The workbook has no sheet called "${mapping.sheet}" (its sheets: ${wb.sheets.map((s) => s.name).join(', ')}).`);
  }
  const sheet = mapping.sheet ?? likelySheet(wb.sheets);
  if (!sheet) throw new ImportError('The workbook holds no sheets with data.');
  return sheet;
}

/**
 * The mapping fitted to the sheet's first rows. Merged ranges (read from the end of the sheet: one
 * more inflate) matter only to a header of several rows, or when the header has to be found again.
 */
function fitToSheet(wb: Workbook, sheet: string, mapping: Mapping, head: string[][], fileName: string): Fitted {
  if (mapping.headerRows > 1) return fitMapping(mapping, head, wb.merges(sheet), fileName);
  try {
    return fitMapping(mapping, head, [], fileName);
  } catch (e) {
    if (e instanceof ImportError) return fitMapping(mapping, head, wb.merges(sheet), fileName);
    throw e;
  }
}

/** Keep a sheet row among the head rows, at its index (rows the sheet skips stay empty). */
function holdRow(head: string[][], index: number, cells: string[]): void {
  while (head.length < index) head.push([]);
  head.push(cells);
}

/** The request's progress as a share of the workbook read, in bytes. */
function progressShare(req: LoadRequest): ((share: number) => void) | undefined {
  if (!req.onProgress) return undefined;
  const size = byteLength(req.data);
  return (share) => req.onProgress!({ phase: 'transcoding', bytes: Math.round(share * size), total: size });
}
