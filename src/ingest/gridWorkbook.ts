/**
 * A workbook's grid rota as one rota: every sheet that reads as a grid (a sheet per week or
 * month), with the codes of its other sheets (a "Key" or "Legend" sheet: code → times, contract),
 * read together. The wizard, the headless report and the loader see the same sheets, the same
 * questions (each code once, its cells counted over all sheets) and the same accounting
 * (cellsRead = accepted + rejected + blank, summed over the sheets).
 */
import type { CodeTable } from './gridCodes';
import { looksLikeGridRota, readGridRota, readKey, type GridCell, type GridQuestion, type GridResult, type GridSettings } from './gridRota';
import { likelySheet, XlsxError, type XlsxWorkbook } from './xlsx';

export interface GridSheetCells {
  sheetName: string;
  cells: GridCell[][];
}

export interface WorkbookGrids {
  /** The grid sheets, in workbook order (the one asked for, if one was). */
  sheets: GridSheetCells[];
  /** Codes read from the workbook's other sheets (its key), under each sheet's own key. */
  workbookKey: CodeTable;
  /** Sheets with data that are not read as grids. */
  skipped: string[];
}

/**
 * The grid sheets of a workbook: the sheet asked for, or else every sheet that reads as a grid
 * rota, with the key of any other sheet. With no grid sheet, the likeliest sheet alone.
 */
export function workbookGrids(wb: XlsxWorkbook, fileName: string, sheet?: string, limit?: number): WorkbookGrids {
  const opts = limit === undefined ? {} : { limit };
  const tables = wb.sheets.filter((s) => s.rows > 0 && (sheet === undefined || s.name === sheet)).map((s) => wb.read(s.name, opts));
  if (sheet !== undefined && tables.length === 0) throw new XlsxError(`There is no sheet called "${sheet}" with data.`);
  const grids = tables.filter((t) => sheet !== undefined || looksLikeGridRota(t.rows));
  const chosen = grids.length > 0 ? grids : tables.filter((t) => t.name === likelySheet(wb.sheets));
  if (chosen.length === 0) throw new XlsxError(`${fileName} holds no sheets with data.`);
  const others = tables.filter((t) => !chosen.includes(t));
  return {
    sheets: chosen.map((t) => ({ sheetName: t.name, cells: t.rows })),
    workbookKey: Object.assign({}, ...others.map((t) => readKey(t.rows))) as CodeTable,
    skipped: others.map((t) => t.name),
  };
}

/**
 * Every grid sheet read with the user's settings and the workbook's key, as one reading: the
 * rows, rejects and questions of all sheets (a cell named "Sheet: column" when there are several),
 * the accounting summed, the days of all sheets. A sheet that does not read as a grid is named in
 * a note; with none that reads, the first sheet's reason.
 */
export function readGridWorkbook(grids: Pick<WorkbookGrids, 'sheets' | 'workbookKey'>, settings: GridSettings): GridResult {
  const read = grids.sheets.map((s) => ({ s, r: readGridRota(s.cells, s.sheetName, { ...settings, workbookKey: grids.workbookKey }) }));
  const ok = read.flatMap(({ s, r }) => (r.ok ? [{ s, r }] : []));
  const failed = read.flatMap(({ s, r }) => (r.ok ? [] : [`Sheet "${s.sheetName}" was not read: ${r.reason}`]));
  if (ok.length === 0) return read[0]?.r ?? { ok: false, reason: 'no sheet to read' };
  if (ok.length === 1) return { ...ok[0]!.r, notes: [...ok[0]!.r.notes, ...failed] };
  const label = (sheet: string, column: string) => `${sheet}: ${column}`;
  const questions = new Map<string, GridQuestion>();
  for (const { s, r } of ok) {
    for (const q of r.questions) {
      const seen = questions.get(q.code);
      questions.set(q.code, seen ? { ...seen, count: seen.count + q.count } : { ...q, example: { ...q.example, column: label(s.sheetName, q.example.column) } });
    }
  }
  const noShift: Record<string, number> = {};
  for (const { r } of ok) for (const [k, n] of Object.entries(r.accounting.noShift)) noShift[k] = (noShift[k] ?? 0) + n;
  const sum = (k: 'cellsRead' | 'accepted' | 'rejected' | 'blank') => ok.reduce((t, { r }) => t + r.accounting[k], 0);
  const first = ok[0]!.r;
  return {
    ok: true,
    rows: ok.flatMap(({ s, r }) => r.rows.map((x) => ({ ...x, column: label(s.sheetName, x.column) }))),
    rejected: ok.flatMap(({ s, r }) => r.rejected.map((x) => ({ ...x, column: label(s.sheetName, x.column) }))),
    questions: [...questions.values()],
    accounting: { cellsRead: sum('cellsRead'), accepted: sum('accepted'), rejected: sum('rejected'), blank: sum('blank'), noShift },
    layout: {
      ...first.layout,
      dates: [...new Set(ok.flatMap(({ r }) => r.layout.dates))].sort(),
      unitFrom: ok.some(({ r }) => r.layout.unitFrom === null) ? null : first.layout.unitFrom,
    },
    notes: [`${ok.length} sheets read as one rota: ${ok.map(({ s }) => s.sheetName).join(', ')}.`, ...new Set(ok.flatMap(({ r }) => r.notes)), ...failed],
  };
}
