/**
 * Import a grid rota (gridRota.ts) through the ordinary rota path: the rows read from the grid
 * become a canonical rota CSV, which loadDelimitedFile validates, de-duplicates and stores like
 * any other; then the report is put back in the sheet's terms — lines are sheet rows, columns
 * the day's header — and the day cells the grid could not read (unknown codes) join the rejects.
 *
 *   read = accepted + rejected, counting day cells that hold something other than "no shift";
 *   blank cells, leave and days off are counted in a note (cellsRead = read + blank).
 */
import { fileSlot, type Connector } from '../db/connector';
import { literal } from '../db/sql';
import { TABLES } from './canonical';
import type { CodeTable } from './gridCodes';
import { looksLikeGridRota, readGridRota, readKey, type GridCell, type GridResult, type GridSettings, type GridShiftRow } from './gridRota';
import { loadDelimitedFile, type LoadRequest } from './load';
import { rejectedRows, rejectReasons, type ImportReport } from './report';
import { ensureSchema } from './schema';
import { detectFormat, sniffText } from './sniff';
import { readAll } from './source';
import { likelySheet, openWorkbook, XlsxError } from './xlsx';

export interface GridLoadRequest extends Omit<LoadRequest, 'mapping' | 'kind'> {
  /** Codes answered, the unit; `sheet` picks a workbook's sheet (default: the likeliest). */
  grid: GridSettings & { sheet?: string };
}

export interface GridSheet {
  cells: GridCell[][];
  sheetName: string;
  format: 'delimited' | 'xlsx';
  /** Per record: its line in the file or its sheet row (1-based). */
  lines: number[];
}

/**
 * The grid sheets of a file: a CSV / TSV is one; of a workbook, the sheet asked for, or else every
 * sheet that reads as a grid rota (a sheet per week or month), with the key of any other sheet.
 */
export async function readGridSheets(fileName: string, data: Uint8Array | Blob, sheet?: string): Promise<{ sheets: GridSheet[]; workbookKey: CodeTable; skipped: string[] }> {
  const bytes = await readAll(data);
  const format = detectFormat(bytes.subarray(0, 64 * 1024), fileName);
  if (format.format === 'rejected') throw new XlsxError(format.message);
  if (format.format === 'delimited') {
    const sniff = sniffText(bytes, bytes.length);
    return { sheets: [{ cells: sniff.rows, sheetName: fileName.replace(/\.[^.]+$/, ''), format: 'delimited', lines: sniff.lines }], workbookKey: {}, skipped: [] };
  }
  const wb = await openWorkbook(bytes);
  const tables = wb.sheets.filter((s) => s.rows > 0 && (sheet === undefined || s.name === sheet)).map((s) => wb.read(s.name));
  if (sheet !== undefined && tables.length === 0) throw new XlsxError(`There is no sheet called "${sheet}" with data.`);
  const grids = tables.filter((t) => sheet !== undefined || looksLikeGridRota(t.rows));
  const chosen = grids.length > 0 ? grids : tables.filter((t) => t.name === likelySheet(wb.sheets));
  if (chosen.length === 0) throw new XlsxError(`${fileName} holds no sheets with data.`);
  const others = tables.filter((t) => !chosen.includes(t));
  const workbookKey = Object.assign({}, ...others.map((t) => readKey(t.rows))) as CodeTable;
  return {
    sheets: chosen.map((t) => ({ cells: t.rows, sheetName: t.name, format: 'xlsx' as const, lines: t.rows.map((_, i) => i + 1) })),
    workbookKey,
    skipped: others.map((t) => t.name),
  };
}

const csvField = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The grid's rows as a canonical rota CSV (line k + 2 is rows[k]). */
export function gridRowsCsv(rows: GridShiftRow[]): string {
  const fields = TABLES.shifts.fields.map((f) => f.name);
  const lines = rows.map((r) => fields.map((f) => csvField((r as unknown as Record<string, string | null>)[f] ?? null)).join(','));
  return [fields.join(','), ...lines].join('\n') + '\n';
}

function blankNote(result: Extract<GridResult, { ok: true }>, sheet: string | null): string {
  const a = result.accounting;
  const parts = Object.entries(a.noShift).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`);
  return (
    `Grid rota${sheet ? ` (${sheet})` : ''}: ${a.cellsRead} day cells read = ${a.accepted} shifts + ${a.rejected} not readable + ${a.blank} with no shift` +
    (parts.length ? ` (${parts.join(', ')}).` : '.')
  );
}

export async function loadGridRota(db: Connector, req: GridLoadRequest): Promise<ImportReport> {
  await ensureSchema(db);
  const empty = (error: string): ImportReport => ({
    fileName: req.fileName, kind: 'shifts', read: 0, accepted: 0, rejected: 0, duplicates: 0, reasons: [], rejects: [], error,
    format: null, encoding: null, sheet: null, mapping: null, notes: [],
  });
  let read: Awaited<ReturnType<typeof readGridSheets>>;
  try {
    read = await readGridSheets(req.fileName, req.data, req.grid.sheet);
  } catch (e) {
    if (!(e instanceof XlsxError)) throw e;
    return logFailure(db, req, empty(e.message));
  }
  const format = read.sheets[0]!.format;
  const results: { sheet: GridSheet; result: Extract<GridResult, { ok: true }> }[] = [];
  const notes: string[] = [];
  for (const sheet of read.sheets) {
    const result = readGridRota(sheet.cells, sheet.sheetName, { ...req.grid, workbookKey: read.workbookKey });
    if (result.ok) results.push({ sheet, result });
    else if (read.sheets.length === 1) return logFailure(db, req, { ...empty(`This does not read as a grid rota: ${result.reason}`), format });
    else notes.push(`Sheet "${sheet.sheetName}" was not read: ${result.reason}`);
  }
  if (results.length === 0) return logFailure(db, req, { ...empty(`No sheet reads as a grid rota. ${notes.join(' ')}`), format });
  if (read.skipped.length > 0) notes.push(`Sheets not read as rota grids: ${read.skipped.join(', ')}.`);
  // Several sheets: a cell is named by its sheet and day column, its line by the sheet's row.
  const many = results.length > 1;
  const cellsOf = ({ sheet, result }: (typeof results)[number]) => {
    const lineOf = (sheetRow: number) => sheet.lines[sheetRow - 1] ?? sheetRow;
    const label = (column: string) => (many ? `${sheet.sheetName}: ${column}` : column);
    return {
      rows: result.rows.map((r) => ({ ...r, line: lineOf(r.sheetRow), column: label(r.column) })),
      rejected: result.rejected.map((r) => ({ ...r, line: lineOf(r.sheetRow), column: label(r.column) })),
    };
  };
  const all = results.map(cellsOf);
  const rows = all.flatMap((x) => x.rows);
  const rejected = all.flatMap((x) => x.rejected);
  const sheetName = format === 'xlsx' ? results.map((x) => x.sheet.sheetName).join(', ') : null;

  const report = await loadDelimitedFile(db, {
    ...req,
    kind: 'shifts',
    data: new TextEncoder().encode(gridRowsCsv(rows)),
  });
  if (report.error) return { ...report, format, sheet: sheetName };

  // Canonical CSV line → sheet row and day column, for the stored rows and their rejects.
  const slot = fileSlot(`grid_${req.importId}.csv`);
  const map = ['csv_line,sheet_line,day_column', ...rows.map((r, k) => `${k + 2},${r.line},${csvField(r.column)}`)].join('\n');
  await db.registerFile(slot, new TextEncoder().encode(`${map}\n`));
  try {
    await db.exec(`CREATE OR REPLACE TEMP TABLE grid_lines AS SELECT * FROM read_csv(${literal(slot)}, header = true,
      columns = {'csv_line': 'INTEGER', 'sheet_line': 'INTEGER', 'day_column': 'VARCHAR'})`);
  } finally {
    await db.dropFile(slot).catch(() => undefined);
  }
  await db.query(`UPDATE shifts SET source_line = g.sheet_line FROM grid_lines g WHERE shifts.import_id = ? AND shifts.source_line = g.csv_line`, [req.importId]);
  await db.query(
    `UPDATE rejects SET line = g.sheet_line, "column" = g.day_column || coalesce(' (' || rejects."column" || ')', '')
     FROM grid_lines g WHERE rejects.import_id = ? AND rejects.line = g.csv_line`,
    [req.importId],
  );
  await db.exec('DROP TABLE IF EXISTS grid_lines');
  for (const r of rejected) {
    await db.query('INSERT INTO rejects (import_id, line, "column", value, reason) VALUES (?, ?, ?, ?, ?)', [req.importId, r.line, r.column, r.value, r.reason]);
  }
  const extra = rejected.length;
  await db.query('UPDATE imports SET read = read + ?, rejected = rejected + ?, format = ? WHERE import_id = ?', [extra, extra, format, req.importId]);
  return {
    ...report,
    read: report.read + extra,
    rejected: report.rejected + extra,
    reasons: await rejectReasons(db, req.importId),
    rejects: await rejectedRows(db, req.importId, 200),
    format,
    encoding: format === 'xlsx' ? null : report.encoding,
    sheet: sheetName,
    notes: [...report.notes, ...results.map(({ sheet, result }) => blankNote(result, many ? sheet.sheetName : null)), ...results.flatMap((x) => x.result.notes), ...notes],
  };
}

async function logFailure(db: Connector, req: GridLoadRequest, report: ImportReport): Promise<ImportReport> {
  await db.query(
    `INSERT INTO imports (import_id, file_name, kind, imported_at, read, accepted, rejected, duplicates, error, mapping, encoding, format)
     VALUES (?, ?, 'shifts', current_timestamp::TIMESTAMP, 0, 0, 0, 0, ?, NULL, NULL, ?)`,
    [req.importId, req.fileName, report.error, report.format],
  );
  return report;
}
