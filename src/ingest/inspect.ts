/**
 * What a dropped file is and how it would import, before anything is imported: format, encoding,
 * delimiter, sheets, the header row, the proposed mapping (or a saved preset that fits the
 * columns), the questions only the user can answer, and a preview of the first rows as they will
 * be stored. Pure apart from reading the file's first 64 KB (or the workbook); no database.
 *
 *   inspectFile ─► Inspection ─(the user's Answers)─► resolveMapping / previewRows ─► importFile
 */
import { TABLES, type FieldType, type FileKind } from './canonical';
import { PREVIEW_BYTES, type EncodingGuess } from './decode';
import type { DateOrder } from './dates';
import { looksLikeGridRota, type GridResult, type GridSettings } from './gridRota';
import { readGridWorkbook, workbookGrids, type WorkbookGrids } from './gridWorkbook';
import { orderWithinFile, type SettledOrder } from './groupDates';
import type { FileLink } from './links';
import { headerKey, proposeMapping, type HeaderDetection, type KindGuess, type LinkHint, type MergeRange, type Question } from './headers';
import { applyMapping, applyPreset, matchPreset, missingRequired, type CanonicalRow, type FieldMapping, type Mapping } from './mapping';
import { byteLength, readAll, readTextHead } from './source';
import { detectFormat, sniffText, type Delimiter, type Quote } from './sniff';
import { unknownValues, VOCABULARY_OUTPUTS, type VocabularyName } from './vocabularies';
import { emptyWorkbookMessage, hiddenRowsNote, isEmptyWorkbook } from './workbookNotes';
import { likelySheet, openWorkbook, XlsxError, type SheetInfo } from './xlsx';

export interface InspectOptions {
  /** Saved mappings: one whose headers match the file's is applied instead of the detected mapping. */
  presets?: readonly Mapping[];
  /** Workbook sheet to read (default: the visible sheet with the most cells). */
  sheet?: string;
  /** The kind of file, when the caller knows it (overrides detection). */
  kind?: FileKind;
  /** Day/month order for ambiguous dates, when already answered (the user's word: final). */
  dateOrder?: DateOrder;
  /** The order files imported with this one settle (set by inspectTogether, groupDates.ts); the user's answer beats it. */
  dateOrderFrom?: SettledOrder;
  /** A grid rota's answered codes and unit (see Inspection.grid). */
  grid?: GridSettings;
  /** Columns that link to other files imported with this one (set by inspectTogether, links.ts). */
  links?: LinkHint[];
}

/** A grid rota (staff as rows, days as columns) as gridRota.ts reads the records inspected. */
export type GridInspection = Omit<Extract<GridResult, { ok: true }>, 'rows'> & {
  sheetName: string;
  /** A workbook's grid sheets (a sheet per week or month) and the key of its other sheets, read as one rota. */
  workbook?: Pick<WorkbookGrids, 'sheets' | 'workbookKey'>;
  /** The first rota rows it makes. */
  preview: Extract<GridResult, { ok: true }>['rows'];
};

export interface Inspection {
  fileName: string;
  size: number;
  format: 'delimited' | 'xlsx' | null;
  /** A file-level problem (empty, binary, no header row, no data): nothing can be imported. */
  error: string | null;
  encoding: EncodingGuess | null;
  delimiter: Delimiter | null;
  quote: Quote | null;
  sheets: SheetInfo[];
  sheet: string | null;
  /** The first records of the file or sheet, title rows included, as text cells. */
  records: string[][];
  /** Per record: its line in the file (text) or its sheet row (workbook), 1-based. */
  lines: number[];
  merges: MergeRange[];
  /** Workbooks: sheet rows (1-based) and columns (0-based) hidden in Excel, which import like the others. */
  hiddenRows: number[];
  hiddenColumns: number[];
  /** The records stop before the end of the file. */
  truncated: boolean;
  /** PBS Lens's own column names on the first line: importable as it is, without a mapping. */
  canonical: boolean;
  header: HeaderDetection | null;
  kinds: KindGuess[];
  /** The proposed mapping (a matching preset applied), or null when there is none. */
  mapping: Mapping | null;
  /** The saved preset that was applied. */
  preset: Mapping | null;
  /** What only the user can decide; the file must not be imported while any remain. */
  questions: Question[];
  notes: string[];
  /** Columns the mapping does not use. */
  unmapped: string[];
  /** Why each proposed field has its column(s), by field ("values like W000123, one per row"). */
  why: Record<string, string>;
  /** Links to files imported with this one (inspectTogether, links.ts). */
  links?: FileLink[];
  /**
   * The day/month order read from other date columns (of this file or of files imported with it)
   * where no value of a column settles it; absent when the user answered. It stays changeable.
   */
  dateOrderSettled?: SettledOrder;
  /** The options the proposal was made with (kind, date order, presets), for re-proposals. */
  options: InspectOptions;
  /**
   * Set when the records read as a grid rota: then the file imports with ImportOptions.grid (its
   * questions are shift codes whose times are not known), not through `mapping`.
   */
  grid?: GridInspection;
}

/** Workbook records kept for detection and preview (a sheet can hold hundreds of thousands). */
const MAX_RECORDS = 2000;

export async function inspectFile(fileName: string, data: Uint8Array | Blob, options: InspectOptions = {}): Promise<Inspection> {
  const size = byteLength(data);
  const base: Inspection = {
    fileName, size, format: null, error: null, encoding: null, delimiter: null, quote: null, sheets: [], sheet: null,
    records: [], lines: [], merges: [], hiddenRows: [], hiddenColumns: [], truncated: false, canonical: false, header: null, kinds: [], mapping: null,
    preset: null, questions: [], notes: [], unmapped: [], why: {}, options,
  };
  const head = await readTextHead(data, PREVIEW_BYTES);
  const format = detectFormat(head, fileName);
  if (format.format === 'rejected') return { ...base, error: format.message };
  if (format.format === 'xlsx') {
    try {
      const wb = await openWorkbook(await readAll(data));
      if (isEmptyWorkbook(wb)) return { ...base, format: 'xlsx', sheets: wb.sheets, error: emptyWorkbookMessage(fileName) };
      const sheet = options.sheet ?? likelySheet(wb.sheets) ?? null;
      if (sheet === null) return { ...base, format: 'xlsx', sheets: wb.sheets, error: `${fileName} holds no sheets with data.` };
      if (!wb.sheets.some((s) => s.name === sheet)) return { ...base, format: 'xlsx', sheets: wb.sheets, error: `There is no sheet called "${sheet}".` };
      const table = await wb.readAsync(sheet, { limit: MAX_RECORDS });
      const records = table.rows;
      const proposed = propose({
        ...base, format: 'xlsx', sheets: wb.sheets, sheet, records, lines: records.map((_, i) => i + 1), merges: table.merges,
        hiddenRows: table.hiddenRows, hiddenColumns: table.hiddenColumns, truncated: table.truncated,
      });
      // A grid rota is read with the workbook's other week sheets and its key, unless a sheet was chosen.
      const grids = options.sheet === undefined && looksLikeGridRota(records) ? workbookGrids(wb, fileName, undefined, MAX_RECORDS) : undefined;
      return withGrid(proposed.header ? { ...proposed, notes: [...proposed.notes, ...hiddenRowsNote(table, proposed.header.dataStart)] } : proposed, grids);
    } catch (e) {
      if (e instanceof XlsxError) return { ...base, format: 'xlsx', error: e.message };
      throw e;
    }
  }
  const sniff = sniffText(head, size);
  return withGrid(propose({
    ...base,
    format: 'delimited',
    encoding: sniff.encoding,
    delimiter: sniff.delimiter.delimiter,
    quote: sniff.delimiter.quote,
    records: sniff.rows,
    lines: sniff.lines,
    truncated: sniff.truncated,
  }));
}

/**
 * A grid rota is a rota whatever its headers say (unless the user named another kind): the
 * grid's reading, its questions and its notes go with the inspection, and rota comes first.
 */
function withGrid(i: Inspection, grids?: WorkbookGrids): Inspection {
  if ((i.options.kind && i.options.kind !== 'shifts') || i.records.length === 0 || !looksLikeGridRota(i.records)) return i;
  const sheetName = i.sheet ?? i.fileName.replace(/\.[^.]+$/, '');
  const workbook = grids?.sheets.some((s) => s.sheetName === sheetName) ? { sheets: grids.sheets, workbookKey: grids.workbookKey } : undefined;
  const r = readGridWorkbook(workbook ?? { sheets: [{ sheetName, cells: i.records }], workbookKey: {} }, i.options.grid ?? {});
  if (!r.ok) return i;
  const { rows, ...rest } = r;
  const days = r.layout.dates;
  const shifts = {
    kind: 'shifts' as const, score: rows.length, coverage: 1, confidence: 1,
    why: [`staff as rows and ${days.length} days as columns, cells holding shift codes`],
  };
  return {
    ...i,
    error: null,
    kinds: [shifts, ...i.kinds.filter((k) => k.kind !== 'shifts')],
    notes: [...i.notes, `A grid rota: staff as rows, ${days.length} days as columns (${days[0]} to ${days[days.length - 1]}).`, ...r.notes],
    grid: { ...rest, sheetName, preview: rows.slice(0, 20), ...(workbook ? { workbook } : {}) },
  };
}

/**
 * Propose (or re-propose with other options) a mapping for the records read. A day/month order
 * no value of a column settles is taken from the user's answer, else from the files imported
 * with this one (options.dateOrderFrom), else from this file's other date columns.
 */
export function propose(i: Inspection, options: InspectOptions = i.options): Inspection {
  const { dateOrderSettled: _, ...rest } = i;
  const settled = options.dateOrder ? undefined : options.dateOrderFrom;
  const first = proposeWith(rest, options, options.dateOrder ?? settled?.order);
  if (options.dateOrder || settled) return settled ? withSettled(first, settled) : first;
  const within = orderWithinFile(first);
  return within ? withSettled(proposeWith(rest, options, within.order), within) : first;
}

function withSettled(i: Inspection, settled: SettledOrder): Inspection {
  return i.error ? i : { ...i, dateOrderSettled: settled, notes: [...i.notes, settled.note] };
}

function proposeWith(i: Inspection, options: InspectOptions, dateOrder: DateOrder | undefined): Inspection {
  const p = proposeMapping({
    rows: i.records,
    merges: i.merges,
    format: i.format ?? 'delimited',
    ...(i.encoding ? { encoding: i.encoding.encoding } : {}),
    ...(i.delimiter ? { delimiter: i.delimiter } : {}),
    ...(i.quote ? { quote: i.quote } : {}),
    ...(i.sheet ? { sheet: i.sheet } : {}),
    ...(options.kind ? { kind: options.kind } : {}),
    ...(dateOrder ? { dateOrder } : {}),
    ...(options.links ? { links: options.links } : {}),
  });
  const cleared = { ...i, options, mapping: null, preset: null, header: null, kinds: [], questions: [], notes: [], unmapped: [], why: {}, canonical: false };
  if (!p.ok) return { ...cleared, error: p.message };
  const common = { ...cleared, error: null, header: p.header, kinds: p.kinds, notes: p.notes, unmapped: p.unmapped, why: p.why };
  const canonical = isCanonical(i, p.header, p.mapping.kind);
  const preset = canonical ? null : matchPreset(options.presets ?? [], p.header.headers, options.kind);
  if (!preset) return { ...common, canonical, mapping: p.mapping, questions: p.questions };
  // The preset decided formats and answers; what this file reads like (encoding, sheet) is its own.
  const mapping: Mapping = {
    ...applyPreset(preset, p.header.headers, p.header.headerRow, p.header.headerRows),
    format: p.mapping.format,
    ...(p.mapping.encoding ? { encoding: p.mapping.encoding } : {}),
    ...(p.mapping.delimiter ? { delimiter: p.mapping.delimiter } : {}),
    ...(p.mapping.quote ? { quote: p.mapping.quote } : {}),
    ...(p.mapping.sheet ? { sheet: p.mapping.sheet } : {}),
  };
  return { ...common, mapping, preset, questions: openQuestions(i, mapping, []), notes: [...p.notes, `Saved mapping "${preset.name ?? 'unnamed'}" applied.`] };
}

/** A CSV with PBS Lens's own column names on its first line: the canonical path reads it as it is. */
function isCanonical(i: Inspection, header: HeaderDetection, kind: FileKind): boolean {
  if (i.format !== 'delimited' || header.headerRow !== 0 || header.headerRows !== 1) return false;
  const spec = TABLES[kind];
  const names = new Set(spec.fields.map((f) => f.name));
  const headers = header.headers.map((h) => headerKey(h).replace(/ /g, '_'));
  return headers.every((h) => names.has(h)) && spec.fields.filter((f) => f.required).every((f) => headers.includes(f.name));
}

// ---------------------------------------------------------------------------------------------
// Answers.

export interface Answers {
  /** The kind of file (answers a `kind` question). */
  kind?: FileKind;
  /** Day/month order for every ambiguous date column (answers `dateOrder` questions). */
  dateOrder?: DateOrder;
  /**
   * Answers to `values` questions, by questionKey(question): raw value → canonical value, e.g.
   * { contract: { 'Locum Plus': 'agency' } }. An empty string leaves the value unknown on purpose
   * (its rows are rejected).
   */
  values?: Record<string, Record<string, string>>;
  /** A field's source set by hand (answers `missingField` and `dateFormat` questions); null removes it. */
  fields?: Record<string, FieldMapping | null>;
}

/** Stable key of a question, for Answers.values. */
export function questionKey(q: Question): string {
  if (q.type === 'values') return q.intervention ? `${q.intervention.label}/${q.intervention.part}` : q.field;
  if (q.type === 'kind') return 'kind';
  return `${q.type}:${q.field}`;
}

export interface Resolved {
  mapping: Mapping | null;
  /** Questions still open after the answers. */
  questions: Question[];
  inspection: Inspection;
}

/** The mapping with the answers applied, and what is still open. */
export function resolveMapping(inspection: Inspection, answers: Answers = {}): Resolved {
  let i = inspection;
  const kind = answers.kind ?? i.options.kind;
  const dateOrder = answers.dateOrder ?? i.options.dateOrder;
  if (kind !== i.options.kind || dateOrder !== i.options.dateOrder) {
    i = propose(i, { ...i.options, ...(kind ? { kind } : {}), ...(dateOrder ? { dateOrder } : {}) });
  }
  if (!i.mapping) return { mapping: null, questions: i.questions, inspection: i };
  const mapping: Mapping = structuredClone(i.mapping);
  for (const [field, fm] of Object.entries(answers.fields ?? {})) {
    if (fm === null) delete mapping.fields[field];
    else mapping.fields[field] = fm;
  }
  const left: Record<string, Set<string>> = {};
  for (const [key, given] of Object.entries(answers.values ?? {})) {
    const chosen = Object.entries(given).filter(([, to]) => to !== '');
    left[key] = new Set(Object.entries(given).filter(([, to]) => to === '').map(([raw]) => raw));
    if (chosen.length === 0) continue;
    const iv = mapping.interventions?.find((x) => key === `${x.label}/flag` || key === `${x.label}/type`);
    if (iv) {
      const part = key.endsWith('/flag') ? 'flagValues' : 'values';
      iv[part] = { ...iv[part], ...Object.fromEntries(chosen) };
    } else if (mapping.fields[key]) {
      mapping.fields[key] = { ...mapping.fields[key]!, values: { ...mapping.fields[key]!.values, ...Object.fromEntries(chosen) } };
    }
  }
  const questions = openQuestions(i, mapping, i.preset ? [] : i.questions, left, answers);
  return { mapping, questions, inspection: i };
}

/**
 * Questions still open for a mapping: value questions re-asked against its answers (a preset's
 * answers included), required fields it lacks; kind, date-order and date-format questions of
 * the proposal stay open until answered.
 */
function openQuestions(i: Inspection, mapping: Mapping, proposed: Question[], leftUnknown: Record<string, Set<string>> = {}, answers: Answers = {}): Question[] {
  const out: Question[] = [];
  const samples = (column: string) => {
    const c = mapping.headers.indexOf(column);
    return dataRecords(i, mapping).map((r) => r[c] ?? '');
  };
  for (const q of proposed) {
    if (q.type === 'kind' && !answers.kind) out.push(q);
    if (q.type === 'dateOrder' || q.type === 'dateFormat') {
      if (!answers.fields?.[q.field] && !(q.type === 'dateOrder' && answers.dateOrder)) out.push(q);
    }
    // A guessed column for a required field stays a question until the user confirms or changes it.
    if (q.type === 'missingField' && q.proposed && mapping.fields[q.field] && !(q.field in (answers.fields ?? {}))) out.push(q);
  }
  const ask = (q: Extract<Question, { type: 'values' }>, overrides: Record<string, string> | undefined) => {
    const skip = leftUnknown[questionKey(q)] ?? new Set();
    const unknown = unknownValues(q.vocabulary, samples(q.column), overrides).filter((u) => !skip.has(u.value));
    if (unknown.length > 0) out.push({ ...q, unknown });
  };
  const proposedValues = proposed.filter((q): q is Extract<Question, { type: 'values' }> => q.type === 'values');
  for (const [field, fm] of Object.entries(mapping.fields)) {
    const spec = TABLES[mapping.kind].fields.find((f) => f.name === field);
    const vocabulary = spec && VOCAB[spec.type];
    if (!vocabulary || fm.source.from !== 'column') continue;
    const q = proposedValues.find((x) => !x.intervention && x.field === field) ?? {
      type: 'values' as const, field, column: fm.source.column, vocabulary, unknown: [], options: [],
    };
    ask({ ...q, column: fm.source.column, options: q.options.length ? q.options : optionsOf(vocabulary) }, fm.values);
  }
  for (const iv of mapping.interventions ?? []) {
    if (iv.flag) ask({ type: 'values', field: iv.label, intervention: { label: iv.label, part: 'flag' }, column: iv.flag, vocabulary: 'boolean', unknown: [], options: optionsOf('boolean') }, iv.flagValues);
    if (iv.typeColumn) ask({ type: 'values', field: iv.label, intervention: { label: iv.label, part: 'type' }, column: iv.typeColumn, vocabulary: 'interventionType', unknown: [], options: optionsOf('interventionType') }, iv.values);
  }
  for (const f of missingRequired(mapping)) {
    out.push({ type: 'missingField', field: f, description: TABLES[mapping.kind].fields.find((x) => x.name === f)!.description });
  }
  return out;
}

const VOCAB: Partial<Record<FieldType, VocabularyName>> = {
  boolean: 'boolean', contract: 'contract', status: 'status', severity: 'severity', weekday: 'weekday',
  interventionType: 'interventionType', interventionReason: 'interventionReason',
};
const optionsOf = (v: VocabularyName) => VOCABULARY_OUTPUTS[v];

function dataRecords(i: Inspection, m: Mapping): string[][] {
  return i.records.slice(m.headerRow + m.headerRows).filter((r) => r.some((c) => c.trim() !== ''));
}

// ---------------------------------------------------------------------------------------------
// Preview.

export interface PreviewRow {
  line: number;
  values: CanonicalRow;
}

export interface Preview {
  mapping: Mapping | null;
  questions: Question[];
  /** The first rows as they will be stored (content keys are made by the load: shown as null). */
  rows: PreviewRow[];
  /** Restrictive interventions unpivoted from the first rows' flat columns. */
  interventions: PreviewRow[];
  /** Problems of the rows previewed that would be rejected. */
  problems: { line: number; field: string; value: string; reason: string }[];
  /** Data records in the preview; rows + rejected among them = read. */
  read: number;
}

/** The first `limit` data rows as they will be stored, with the answers applied. */
export function previewRows(inspection: Inspection, answers: Answers = {}, limit = 20): Preview {
  const r = resolveMapping(inspection, answers);
  if (!r.mapping) return { mapping: null, questions: r.questions, rows: [], interventions: [], problems: [], read: 0 };
  const m = r.mapping;
  const i = r.inspection;
  const start = m.headerRow + m.headerRows;
  // Take records until `limit` non-blank data rows (the same rows applyMapping would read first).
  let end = start;
  for (let n = 0; end < i.records.length && n < limit; end++) if (i.records[end]!.some((c) => c.trim() !== '')) n++;
  const applied = applyMapping(m, i.records.slice(0, end), start);
  const line = (record: number) => i.lines[record] ?? record + 1;
  return {
    mapping: m,
    questions: r.questions,
    rows: applied.rows.map((x) => ({ line: line(x.record), values: x.values })),
    interventions: applied.interventions.map((x) => ({ line: line(x.record), values: x.values })),
    problems: [...applied.problems, ...applied.interventionProblems].map((p) => ({ line: line(p.record), field: p.field, value: p.value, reason: p.reason })),
    read: applied.read,
  };
}
