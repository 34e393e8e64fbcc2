/**
 * Grid rotas: staff as rows, days as columns, shift codes in the cells, as small providers keep
 * them in a spreadsheet (a sheet per week or month). One sheet in, canonical rota rows out, with
 * every cell of every staff row accounted for: cellsRead = accepted + rejected + blank.
 *
 *   cells ─► layout (header row(s) of dates, name / id / role / type / unit columns, title)
 *         ─► key on the sheet ("E = 07:00-15:00") over the default codes (gridCodes.ts)
 *         ─► each staff row's day cells: a shift, no shift (blank, leave, OFF) or a question
 *
 * Pure: no I/O. gridLoad.ts turns the rows into a canonical rota CSV for the shifts path.
 */
import { codeKey, contractIn, DEFAULT_SHIFT_CODES, looksLikeCapitalCode, looksLikeCode, noShiftWords, parseKeyCell, parseTimeRange, readCell, type CodeTable, type Contract } from './gridCodes';
import { dateContext, dateToken, isoDate, resolveDates, unitInTitle, type DateToken, type DayNumber } from './gridDates';

export type GridCell = string | number | Date | null | undefined;

export interface GridSettings {
  /** The user's answers and codes, over the sheet's key and the defaults: code → meaning. */
  codes?: CodeTable;
  /** The unit of every row (the user's word: over a unit column and the title). */
  unit?: string;
  /** A key found elsewhere in the workbook (a "Key" sheet): under this sheet's own key. */
  workbookKey?: CodeTable;
}

export interface GridShiftRow {
  shift_id: string;
  staff_id: string | null;
  unit: string | null;
  /** Local wall-clock 'YYYY-MM-DD HH:MM'. */
  start: string;
  end: string;
  role: string | null;
  contract: Contract | null;
  status: 'worked' | 'unfilled' | 'sickness';
  /** Where the cell is: its sheet row (1-based) and its column's header. */
  sheetRow: number;
  column: string;
  value: string;
}

export interface GridRejected {
  sheetRow: number;
  column: string;
  value: string;
  reason: string;
}

export interface GridQuestion {
  /** The cell text as written (the key of an answer in GridSettings.codes). */
  code: string;
  count: number;
  example: { sheetRow: number; column: string; staff: string | null };
}

export interface GridAccounting {
  /** Day cells of staff rows. */
  cellsRead: number;
  accepted: number;
  rejected: number;
  /** Empty cells and cells that are no shift (leave, OFF, training): counted in `noShift` by meaning. */
  blank: number;
  noShift: Record<string, number>;
}

export interface GridLayout {
  headerRows: number[];
  dateColumns: number[];
  dates: string[];
  nameColumn: number | null;
  idColumn: number | null;
  roleColumn: number | null;
  typeColumn: number | null;
  unitColumn: number | null;
  /** Where the unit came from. */
  unitFrom: 'settings' | 'column' | 'title' | 'sheet name' | null;
  /** Codes read from a key on the sheet. */
  key: CodeTable;
}

export type GridResult =
  | { ok: true; rows: GridShiftRow[]; rejected: GridRejected[]; questions: GridQuestion[]; accounting: GridAccounting; layout: GridLayout; notes: string[] }
  | { ok: false; reason: string };

/** A header row has at least this many day columns. */
const MIN_DAYS = 5;
/** Header rows are looked for among the first rows. */
const HEADER_SCAN = 30;

const text = (c: GridCell): string => {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  return String(c).trim();
};

// ---------------------------------------------------------------------------------------------
// Layout.

interface Header {
  /** Sheet row indices (0-based) of the header. */
  rows: number[];
  columns: number[];
  tokens: DateToken[];
}

/** The row (with a weekday or day-number row beside it) whose cells name the most days. */
function findHeader(cells: GridCell[][]): Header | null {
  let best: Header | null = null;
  const limit = Math.min(cells.length, HEADER_SCAN);
  for (let r = 0; r < limit; r++) {
    const row = cells[r] ?? [];
    const tokens = row.map(dateToken);
    // A row of initials alone (M T W …) is a weekday row, never the header's dates.
    const dated = tokens.map((t, c) => (t && !t.initial ? c : -1)).filter((c) => c >= 0);
    if (dated.length < MIN_DAYS || (best && dated.length <= best.columns.length)) continue;
    // Bare numbers must run as days do (1, 2, 3 … or 03, 04 …), or they are counts.
    const merged = dated.map((c) => ({ ...tokens[c]! }));
    const rows = [r];
    for (const other of [r + 1, r - 1]) {
      if (other < 0 || other >= cells.length) continue;
      const extra = dated.map((c) => dateToken((cells[other] ?? [])[c]));
      if (extra.every((t) => t !== null)) {
        extra.forEach((t, i) => Object.assign(merged[i]!, { ...t, ...merged[i] }));
        rows.push(other);
        break;
      }
    }
    if (!plausibleRun(merged)) continue;
    best = { rows: rows.sort((a, b) => a - b), columns: dated, tokens: merged.map(({ initial: _, ...t }) => t) };
  }
  return best;
}

/** Day numbers without month must mostly go up by one (wrapping at a month end). */
function plausibleRun(tokens: DateToken[]): boolean {
  const days = tokens.filter((t) => t.month === undefined && t.day !== undefined).map((t) => t.day!);
  if (days.length < tokens.length / 2) return true;
  let steps = 0;
  for (let i = 1; i < days.length; i++) if (days[i] === days[i - 1]! + 1 || (days[i] === 1 && days[i - 1]! >= 28)) steps++;
  return steps >= (days.length - 1) * 0.8;
}

const COLUMN_ROLES: [keyof Pick<GridLayout, 'idColumn' | 'roleColumn' | 'typeColumn' | 'unitColumn' | 'nameColumn'>, RegExp][] = [
  ['idColumn', /\b(no|number|id|ref|code|payroll|assignment)\b|^id$/i],
  ['typeColumn', /\b(type|contract|employment|perm\/bank|bank\/agency)\b/i],
  ['roleColumn', /\b(role|grade|band|job|position|designation|title)\b/i],
  ['unitColumn', /\b(unit|ward|location|base|home|site|service)\b/i],
  ['nameColumn', /\b(name|staff|employee|colleague|worker|carer)\b/i],
];

/** What the columns beside the days hold, from their headers; the name column by its values if unnamed. */
function columnRoles(cells: GridCell[][], header: Header, dataStart: number): Pick<GridLayout, 'idColumn' | 'roleColumn' | 'typeColumn' | 'unitColumn' | 'nameColumn'> {
  const out = { idColumn: null, roleColumn: null, typeColumn: null, unitColumn: null, nameColumn: null } as Record<string, number | null>;
  const width = Math.max(...cells.map((r) => r.length));
  const days = new Set(header.columns);
  const first = header.columns[0]!;
  for (let c = 0; c < width; c++) {
    if (days.has(c)) continue;
    const label = header.rows.map((r) => text((cells[r] ?? [])[c])).filter(Boolean).join(' ');
    if (label === '' || /\b(total|hours|hrs|sum|count)\b/i.test(label)) continue;
    const role = COLUMN_ROLES.find(([k, re]) => out[k] === null && re.test(label));
    if (role) out[role[0]] = c;
  }
  // "No." holding 1, 2, 3 … numbers the lines; it does not identify staff.
  if (out.idColumn !== null) {
    const ids = cells.slice(dataStart).map((r) => text(r[out.idColumn!])).filter(Boolean);
    if (ids.length > 1 && ids.every((v, k) => v === String(k + 1))) out.idColumn = null;
  }
  if (out.nameColumn === null) {
    // The left-most column before the days whose values are mostly words.
    for (let c = 0; c < first; c++) {
      if (Object.values(out).includes(c)) continue;
      const values = cells.slice(dataStart).map((r) => text(r[c])).filter(Boolean);
      if (values.length > 0 && values.filter((v) => /[A-Za-z]{2,}/.test(v)).length >= values.length * 0.8) {
        out.nameColumn = c;
        break;
      }
    }
  }
  return out as ReturnType<typeof columnRoles>;
}

/** Key entries anywhere on the sheet: "E = 07:00-15:00" in a cell, or "E" | "07:00-15:00" in two cells beside the days. */
export function readKey(cells: GridCell[][], dayColumns: Set<number> = new Set()): CodeTable {
  const key: CodeTable = {};
  cells.forEach((row) =>
    row.forEach((cell, c) => {
      const t = text(cell);
      const one = parseKeyCell(t);
      if (one) key[codeKey(one.code)] = one.meaning;
      else if (!dayColumns.has(c) && !dayColumns.has(c + 1) && looksLikeCode(t)) {
        const beside = text(row[c + 1]);
        const range = parseTimeRange(beside);
        const contract = contractIn(text(row[c + 2]));
        if (range) key[codeKey(t)] = { kind: 'shift', ...range, ...(contract && contract !== 'permanent' ? { contract } : {}) };
        else if (looksLikeCapitalCode(t) && noShiftWords(beside)) key[codeKey(t)] = { kind: 'none', label: beside.toLowerCase() };
      }
    }),
  );
  return key;
}

// ---------------------------------------------------------------------------------------------
// Rows.

const SECTION = /\b(staff|nurses?|workers?|team|carers?|assistants?|hcas?|rns?|rmns?|registered|permanent|trained|untrained|qualified|unqualified|agency|bank|seniors?|managers?)\b/i;
const VACANT = /^(vacant|vacancy|unfilled|open shift|not filled|tbc|to be filled)\b/i;
const SUMMARY = /\b(total|totals|count|on duty|on shift|numbers?|required|cover)\b/i;
const NAME_MARKER = /\s*[([]\s*(agency|agy|bank)\s*[)\]]\s*|\s+[-–]\s*(agency|agy|bank)\s*$/i;

type RowKind = 'blank' | 'key' | 'section' | 'summary' | 'staff';

function rowKind(name: string, dayTexts: string[], keyArea: boolean): RowKind {
  const daysBlank = dayTexts.every((t) => t === '');
  if (name === '' && daysBlank) return 'blank';
  // A nameless line of numbers under a member of staff: their hours, or a day's totals.
  if (name === '' && dayTexts.every((t) => t === '' || /^\d+(\.\d+)?$/.test(t))) return 'summary';
  if (/^key\b:?/i.test(name) || parseKeyCell(name) || (keyArea && daysBlank)) return 'key';
  if (daysBlank && SECTION.test(name) && !NAME_MARKER.test(name) && !/\d/.test(name)) return 'section';
  if (SUMMARY.test(name)) return 'summary';
  return 'staff';
}

const clockOn = (day: DayNumber, hhmm: string) => `${isoDate(day)} ${hhmm}`;

/** Read one sheet of a grid rota. */
export function readGridRota(cells: GridCell[][], sheetName: string, settings: GridSettings = {}): GridResult {
  const header = findHeader(cells);
  if (!header) return { ok: false, reason: `No row of ${MIN_DAYS} or more days (dates, weekdays or day numbers) was found at the top of the sheet.` };
  const headerEnd = Math.max(...header.rows) + 1;
  const titles = cells.slice(0, header.rows[0]).map((r) => r.map(text).filter(Boolean).join(' ')).filter(Boolean);
  const dated = resolveDates(header.tokens, dateContext([...titles, sheetName]));
  if (typeof dated === 'string') return { ok: false, reason: dated };
  const roles = columnRoles(cells, header, headerEnd);
  if (roles.nameColumn === null && roles.idColumn === null) return { ok: false, reason: 'No column of staff names was found beside the days.' };
  const dayColumns = new Set(header.columns);
  const key = readKey(cells, dayColumns);
  const table: CodeTable = { ...DEFAULT_SHIFT_CODES, ...settings.workbookKey, ...key, ...Object.fromEntries(Object.entries(settings.codes ?? {}).map(([k, v]) => [codeKey(k), v])) };
  const columnLabel = (i: number) =>
    header.rows.map((r) => text((cells[r] ?? [])[header.columns[i]!])).filter(Boolean).join(' ') || isoDate(dated[i]!);

  const titleUnit = titles.map(unitInTitle).find((u) => u !== null) ?? null;
  const sheetUnit = /^(sheet|tabelle|feuil)\s*\d*$/i.test(sheetName) ? null : unitInTitle(sheetName);
  const unitFrom: GridLayout['unitFrom'] = settings.unit ? 'settings' : roles.unitColumn !== null ? 'column' : titleUnit ? 'title' : sheetUnit ? 'sheet name' : null;

  const rows: GridShiftRow[] = [];
  const rejected: GridRejected[] = [];
  const unknown = new Map<string, GridQuestion>();
  const acc: GridAccounting = { cellsRead: 0, accepted: 0, rejected: 0, blank: 0, noShift: {} };
  const notes: string[] = [];
  const unknownTypes = new Set<string>();
  let section: { role: string | null; contract: Contract | null } = { role: null, contract: null };
  let keyArea = false;
  const nameCol = roles.nameColumn ?? roles.idColumn!;

  for (let r = headerEnd; r < cells.length; r++) {
    const row = cells[r] ?? [];
    const name = text(row[nameCol]);
    const dayTexts = header.columns.map((c) => text(row[c]));
    const kind = rowKind(name, dayTexts, keyArea);
    if (kind === 'key') keyArea = true;
    if (kind === 'blank' || kind === 'key') continue;
    if (kind === 'summary') {
      notes.push(`Row ${r + 1}${name ? ` ("${name}")` : ''} holds numbers (hours or totals), not a member of staff's shifts: not read as shifts.`);
      continue;
    }
    if (kind === 'section') {
      const contract = contractIn(name);
      section = contract && contract !== 'permanent' ? { role: null, contract } : { role: name, contract: contract ?? null };
      continue;
    }
    keyArea = false;
    const vacant = VACANT.test(name);
    // "(agency)" after a name, or a line for an unnamed worker: "Agency 1", "Bank HCA".
    const marker = NAME_MARKER.exec(name) ?? /^(agency|agy|bank)\b/i.exec(name);
    const cleanName = name.replace(NAME_MARKER, '').trim();
    const id = roles.idColumn !== null ? text(row[roles.idColumn]) : '';
    const staff = vacant ? null : id || cleanName || null;
    const typeText = roles.typeColumn !== null ? text(row[roles.typeColumn]) : '';
    const typeContract = typeText ? contractIn(typeText) : null;
    if (typeText && !typeContract) unknownTypes.add(typeText);
    const rowContract: Contract | null = vacant ? null : (marker ? contractIn(marker[0]) : null) ?? typeContract ?? section.contract ?? (typeText ? null : 'permanent');
    const role = (roles.roleColumn !== null ? text(row[roles.roleColumn]) : '') || section.role;
    const unit = settings.unit ?? (roles.unitColumn !== null ? text(row[roles.unitColumn]) || null : null) ?? titleUnit ?? sheetUnit;

    header.columns.forEach((_, i) => {
      acc.cellsRead++;
      const value = dayTexts[i]!;
      const column = columnLabel(i);
      const reject = (reason: string) => {
        acc.rejected++;
        rejected.push({ sheetRow: r + 1, column, value, reason });
      };
      const cell = row[header.columns[i]!];
      if (cell instanceof Date) return reject('a date where a shift code was expected');
      const reading = readCell(value, table);
      if (reading.kind === 'blank' || reading.kind === 'none') {
        acc.blank++;
        const label = reading.kind === 'blank' ? 'blank' : reading.label;
        acc.noShift[label] = (acc.noShift[label] ?? 0) + 1;
        return;
      }
      if (reading.kind === 'unknown') {
        const q = unknown.get(codeKey(reading.code)) ?? { code: reading.code, count: 0, example: { sheetRow: r + 1, column, staff } };
        q.count++;
        unknown.set(codeKey(reading.code), q);
        return reject(`the times of shift code "${reading.code}" are not known: say what they are`);
      }
      if (!unit) return reject('the sheet does not say which unit this rota is for: give the unit');
      if (!staff && !vacant) return reject('this row names no member of staff');
      const day = dated[i]!;
      const start = clockOn(day, reading.start);
      const end = clockOn(reading.end <= reading.start ? day + 1 : day, reading.end);
      acc.accepted++;
      rows.push({
        shift_id: `grid:${unit}:${staff ?? `${sheetName}!R${r + 1}`}:${start}`,
        staff_id: staff,
        unit,
        start,
        end,
        role: role || null,
        contract: vacant ? null : reading.contract ?? rowContract,
        status: vacant ? 'unfilled' : reading.sickness ? 'sickness' : 'worked',
        sheetRow: r + 1,
        column,
        value,
      });
    });
  }
  for (const t of unknownTypes) notes.push(`Staff type "${t}" is not permanent, bank or agency: its staff's contract is left unknown.`);
  if (!unitFrom) notes.push('No unit was found in the sheet title, its name or a column: give the unit.');
  return {
    ok: true,
    rows,
    rejected,
    questions: [...unknown.values()],
    accounting: acc,
    layout: {
      headerRows: header.rows.map((r) => r + 1),
      dateColumns: header.columns,
      dates: dated.map(isoDate),
      ...roles,
      unitFrom,
      key,
    },
    notes,
  };
}

/**
 * Does a sheet look like a grid rota: a header of at least five days, and day cells that read as
 * shift codes (known codes, times, leave) for most of the filled ones? A requirements table
 * (numbers under weekdays) or a list with a date column does not.
 */
export function looksLikeGridRota(cells: GridCell[][]): boolean {
  const header = findHeader(cells);
  if (!header) return false;
  const dayColumns = new Set(header.columns);
  const table = { ...DEFAULT_SHIFT_CODES, ...readKey(cells, dayColumns) };
  let filled = 0;
  let codes = 0;
  const values = new Set<string>();
  for (const row of cells.slice(Math.max(...header.rows) + 1)) {
    for (const c of header.columns) {
      const t = text(row[c]);
      if (t === '' || row[c] instanceof Date) continue;
      filled++;
      values.add(t.toLowerCase());
      const reading = readCell(t, table);
      if (reading.kind === 'shift' || reading.kind === 'none') codes++;
    }
  }
  // Yes/no ticks under days (plan delivery, a register) are not shifts, though "N" is a Night code.
  const yesNo = [...values].every((v) => /^(y|n|yes|no|x|✓|✔|✗|0|1|true|false)$/.test(v));
  return filled > 0 && !yesNo && codes >= filled * 0.5;
}
