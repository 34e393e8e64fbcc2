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
import type { ImportReport } from '../engine';
import { TABLES } from './canonical';
import { readGridRota, type GridCell, type GridResult, type GridSettings } from './gridRota';
import { loadDelimitedFile, rejectedRows, rejectReasons, type LoadRequest } from './load';
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

/** The cells of a CSV / TSV or one workbook sheet, as the grid reader takes them. */
export async function readGridSheet(fileName: string, data: Uint8Array | Blob, sheet?: string): Promise<GridSheet> {
  const bytes = await readAll(data);
  const format = detectFormat(bytes.subarray(0, 64 * 1024), fileName);
  if (format.format === 'rejected') throw new XlsxError(format.message);
  if (format.format === 'xlsx') {
    const wb = await openWorkbook(bytes);
    const name = sheet ?? likelySheet(wb.sheets);
    if (!name) throw new XlsxError(`${fileName} holds no sheets with data.`);
    const rows = wb.read(name).rows;
    return { cells: rows, sheetName: name, format: 'xlsx', lines: rows.map((_, i) => i + 1) };
  }
  const sniff = sniffText(bytes, bytes.length);
  return { cells: sniff.rows, sheetName: fileName.replace(/\.[^.]+$/, ''), format: 'delimited', lines: sniff.lines };
}

const csvField = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The grid's rows as a canonical rota CSV (line k + 2 is rows[k]). */
export function gridRowsCsv(result: Extract<GridResult, { ok: true }>): string {
  const fields = TABLES.shifts.fields.map((f) => f.name);
  const lines = result.rows.map((r) => fields.map((f) => csvField((r as unknown as Record<string, string | null>)[f] ?? null)).join(','));
  return [fields.join(','), ...lines].join('\n') + '\n';
}

function blankNote(result: Extract<GridResult, { ok: true }>): string {
  const a = result.accounting;
  const parts = Object.entries(a.noShift).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`);
  return (
    `Grid rota: ${a.cellsRead} day cells read = ${a.accepted} shifts + ${a.rejected} not readable + ${a.blank} with no shift` +
    (parts.length ? ` (${parts.join(', ')}).` : '.')
  );
}

export async function loadGridRota(db: Connector, req: GridLoadRequest): Promise<ImportReport> {
  await ensureSchema(db);
  const empty = (error: string): ImportReport => ({
    fileName: req.fileName, kind: 'shifts', read: 0, accepted: 0, rejected: 0, duplicates: 0, reasons: [], rejects: [], error,
    format: null, encoding: null, sheet: null, mapping: null, notes: [],
  });
  let sheet: GridSheet;
  try {
    sheet = await readGridSheet(req.fileName, req.data, req.grid.sheet);
  } catch (e) {
    if (!(e instanceof XlsxError)) throw e;
    return logFailure(db, req, empty(e.message));
  }
  const result = readGridRota(sheet.cells, sheet.sheetName, req.grid);
  if (!result.ok) return logFailure(db, req, { ...empty(`This does not read as a grid rota: ${result.reason}`), format: sheet.format });
  const lineOf = (sheetRow: number) => sheet.lines[sheetRow - 1] ?? sheetRow;

  const report = await loadDelimitedFile(db, {
    ...req,
    kind: 'shifts',
    data: new TextEncoder().encode(gridRowsCsv(result)),
  });
  if (report.error) return { ...report, format: sheet.format, sheet: sheet.format === 'xlsx' ? sheet.sheetName : null };

  // Canonical CSV line → sheet row and day column, for the stored rows and their rejects.
  const slot = fileSlot(`grid_${req.importId}.csv`);
  const map = ['csv_line,sheet_line,day_column', ...result.rows.map((r, k) => `${k + 2},${lineOf(r.sheetRow)},${csvField(r.column)}`)].join('\n');
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
  for (const r of result.rejected) {
    await db.query('INSERT INTO rejects (import_id, line, "column", value, reason) VALUES (?, ?, ?, ?, ?)', [req.importId, lineOf(r.sheetRow), r.column, r.value, r.reason]);
  }
  const extra = result.rejected.length;
  const format = sheet.format;
  await db.query('UPDATE imports SET read = read + ?, rejected = rejected + ?, format = ? WHERE import_id = ?', [extra, extra, format, req.importId]);
  return {
    ...report,
    read: report.read + extra,
    rejected: report.rejected + extra,
    reasons: await rejectReasons(db, req.importId),
    rejects: await rejectedRows(db, req.importId, 200),
    format,
    encoding: format === 'xlsx' ? null : report.encoding,
    sheet: format === 'xlsx' ? sheet.sheetName : null,
    notes: [...report.notes, blankNote(result), ...result.notes],
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
