/**
 * The wizard's state for one dropped file and what follows from it: the inspection (format,
 * header, proposed mapping or saved preset, questions) as adjusted by the user's choices (header
 * row, preset left unused), the answers, the preview of the first rows as they will be stored,
 * and whether the file is ready, still has questions, needs no mapping (canonical) or cannot be
 * imported. Pure apart from React-free data: tested in Node on the vendor fixtures.
 */
import { FILE_KINDS, TABLES, type FileKind } from '../../ingest/canonical';
import { detectDateFormat, type DateOrder } from '../../ingest/dates';
import type { Question } from '../../ingest/headers';
import { previewRows, propose, questionKey, type Answers, type Inspection, type Preview } from '../../ingest/inspect';
import type { FieldMapping, Mapping } from '../../ingest/mapping';
import type { CodeTable } from '../../ingest/gridCodes';
import type { GridLoadRequest } from '../../ingest/gridLoad';
import type { GridResult } from '../../ingest/gridRota';
import { readGridWorkbook } from '../../ingest/gridWorkbook';
import { inspectTogether } from '../../ingest/links';

export interface WizardFile {
  id: string;
  file: File;
  /** Null while the file is being read. */
  inspection: Inspection | null;
  /** Reading the file failed outright (an unexpected error, said in words). */
  failure: string | null;
  answers: Answers;
  /** The header row chosen by the user (0-based record index), when they moved it. */
  headerRow?: number;
  /** Leave the matching saved preset unused and map the file afresh. */
  ignorePreset: boolean;
  /** A grid rota's codes as the user settled them (times, or no shift). */
  gridCodes?: CodeTable;
  /** A grid rota's unit as the user gave it (over the sheet's title or unit column). */
  gridUnit?: string;
}

export type FileStatus = 'reading' | 'refused' | 'canonical' | 'open' | 'ready';

export interface Derived {
  /** The inspection after the user's header-row and preset choices. */
  inspection: Inspection | null;
  /** For a canonical file: the table its columns are (read as it is, without a mapping). */
  canonicalKind?: FileKind;
  preview: Preview | null;
  status: FileStatus;
  /** Why the file cannot be imported, in words. */
  message: string | null;
  /** A grid rota (staff × days) as it reads with the user's codes: its questions are the open ones. */
  grid?: Extract<GridResult, { ok: true }>;
}

/**
 * The table a canonical CSV is: its first line holds only PBS Lens's own column names, the
 * required ones of one table among them. The proposal's kind is not enough on its own: an events
 * file (person_id, unit, date, type, description) also reads as incidents by its words.
 */
export function canonicalKindOf(i: Inspection): FileKind | null {
  if (i.format !== 'delimited' || !i.header || i.header.headerRow !== 0 || i.header.headerRows !== 1) return null;
  if (i.canonical && i.mapping) return i.mapping.kind;
  const headers = i.header.headers.map((h) => h.trim().toLowerCase());
  const fits = FILE_KINDS.filter((k) => {
    const names = new Set(TABLES[k].fields.map((f) => f.name));
    return headers.every((h) => names.has(h)) && TABLES[k].fields.every((f) => !f.required || headers.includes(f.name));
  });
  if (fits.length <= 1) return fits[0] ?? null;
  // Several tables fit: the one the file is named after, else the one whose fields it covers best.
  const name = i.fileName.toLowerCase();
  const named = fits.find((k) => name.includes(TABLES[k].table) || name.includes(TABLES[k].table.replace(/_/g, '')));
  if (named) return named;
  const cover = (k: FileKind) => headers.length / TABLES[k].fields.length;
  return [...fits].sort((a, b) => cover(b) - cover(a))[0]!;
}

/** The kinds' detection found nothing it knows in the columns. */
function unrecognised(i: Inspection): boolean {
  return i.kinds.length > 0 && i.kinds.every((k) => k.score === 0);
}

/** The runner-up is shown when its score is at least this share of the winner's. */
const CLOSE = 0.7;

/** Why a file reads as `kind` (the detected kind or the one chosen), and the runner-up when close. */
export function kindReason(i: Inspection, kind: FileKind): { kind: FileKind; why: string; runnerUp?: { kind: FileKind; why: string } } | null {
  const guess = i.kinds.find((k) => k.kind === kind);
  if (!guess || guess.why.length === 0) return null;
  const top = i.kinds[0]!;
  const other = i.kinds.find((k) => k.kind !== kind && k.score > 0 && k.score >= CLOSE * Math.max(guess.score, top.score));
  return { kind, why: guess.why.join('; '), ...(other ? { runnerUp: { kind: other.kind, why: other.why.join('; ') } } : {}) };
}

let together: { read: Inspection[]; out: Inspection[] } | null = null;

/**
 * Files dropped together are read together (links.ts): each file's inspection with its links to
 * the others, once every file has been read. The same inspections are not read again.
 */
export function readTogether(items: WizardFile[]): WizardFile[] {
  if (items.some((x) => !x.inspection && !x.failure)) return items;
  const ready = items.filter((x) => x.inspection && !x.inspection.error && !x.failure);
  if (ready.length < 2) return items;
  const read = ready.map((x) => x.inspection!);
  const same = together && together.read.length === read.length && together.read.every((x, k) => x === read[k]);
  if (!same) together = { read, out: inspectTogether(read).inspections };
  const byId = new Map(ready.map((x, k) => [x.id, together!.out[k]!]));
  return items.map((x) => (byId.has(x.id) ? { ...x, inspection: byId.get(x.id)! } : x));
}

export function adjusted(f: WizardFile): Inspection | null {
  let i = f.inspection;
  if (!i) return null;
  if (f.headerRow !== undefined && i.records.length > 0) {
    // Records above the chosen row are blanked (indices kept) so the header search starts there.
    i = propose({ ...i, records: i.records.map((r, k) => (k < f.headerRow! ? [] : r)) }, i.options);
  }
  if (f.ignorePreset && i.preset) i = propose(i, { ...i.options, presets: [] });
  // The kind the user chose is final: mapping, notes and unused columns are those of that kind.
  const kind = f.answers.kind;
  if (kind && !i.error && (kind !== i.options.kind || (i.mapping && i.mapping.kind !== kind))) i = propose(i, { ...i.options, kind });
  return i;
}

export function derive(f: WizardFile, previewLimit = 20): Derived {
  if (f.failure) return { inspection: null, preview: null, status: 'refused', message: f.failure };
  const i = adjusted(f);
  if (!i) return { inspection: null, preview: null, status: 'reading', message: null };
  if (i.error) return { inspection: i, preview: null, status: 'refused', message: i.error };
  if (i.grid && (!f.answers.kind || f.answers.kind === 'shifts')) {
    // Every week sheet of a workbook with its Key sheet, as the import will read them.
    const grid = readGridWorkbook(i.grid.workbook ?? { sheets: [{ sheetName: i.grid.sheetName, cells: i.records }], workbookKey: {} }, gridSettings(f));
    const open = grid.ok && (grid.questions.length > 0 || grid.layout.unitFrom === null);
    if (grid.ok) return { inspection: i, preview: null, status: open ? 'open' : 'ready', message: null, grid };
  }
  if (unrecognised(i) && !f.answers.kind) {
    const columns = (i.header?.headers ?? []).slice(0, 6).join(', ');
    return {
      inspection: i,
      preview: null,
      status: 'refused',
      message: `PBS Lens could not tell what kind of file this is: none of its columns (${columns}) is one it knows. If it is an incident, rota or other export, choose its kind below.`,
    };
  }
  const canonicalKind = f.answers.kind ? null : canonicalKindOf(i);
  if (canonicalKind) {
    // Previewed as the table it is (the proposal may have read its words as another kind).
    const preview = previewRows(i, canonicalKind === i.mapping?.kind ? {} : { kind: canonicalKind }, previewLimit);
    return { inspection: i, preview, status: 'canonical', message: null, canonicalKind };
  }
  const preview = previewRows(i, f.answers, previewLimit);
  return { inspection: i, preview, status: preview.questions.length > 0 ? 'open' : 'ready', message: null };
}

/** The user's settings for a grid rota: codes answered, the unit if given. */
const gridSettings = (f: WizardFile) => ({ codes: f.gridCodes ?? {}, ...(f.gridUnit?.trim() ? { unit: f.gridUnit.trim() } : {}) });

export interface ImportPlan {
  file: File;
  kind?: FileKind;
  mapping?: Mapping | null;
  preset?: string | null;
  /** A grid rota: imported by the grid reader with these codes (engine ImportOptions.grid). */
  grid?: GridLoadRequest['grid'];
}

/**
 * What to import for a file, or null while it has open questions. A refused file is still
 * handed to the import: the report then lists it with the reason, so nothing dropped vanishes.
 */
export function planFor(f: WizardFile, d: Derived): ImportPlan | null {
  switch (d.status) {
    case 'reading':
    case 'open':
      return null;
    case 'refused':
      return { file: f.file };
    case 'canonical':
      return { file: f.file, ...(d.canonicalKind ? { kind: d.canonicalKind } : {}) };
    case 'ready': {
      // A workbook's every grid sheet (a sheet per week or month) unless the user chose one.
      const sheet = d.inspection?.options.sheet;
      if (d.grid) return { file: f.file, kind: 'shifts', grid: { ...gridSettings(f), ...(sheet ? { sheet } : {}) } };
      const mapping = d.preview!.mapping!;
      return { file: f.file, kind: mapping.kind, mapping, preset: d.inspection?.preset?.name ?? null };
    }
  }
}

/** Drop the whole set straight in: every file is canonical or cannot be read, and one at least is canonical. */
export function goesStraightThrough(derived: Derived[]): boolean {
  return derived.length > 0 && derived.every((d) => d.status === 'canonical' || d.status === 'refused') && derived.some((d) => d.status === 'canonical');
}

/** Values of a column below the header, for detection. */
export function columnSamples(i: Inspection, column: string): string[] {
  const h = i.header;
  if (!h) return [];
  const c = h.headers.indexOf(column);
  return i.records.slice(h.dataStart).filter((r) => r.some((x) => x.trim() !== '')).map((r) => (r[c] ?? '').trim());
}

/** A field taken from a column the user picked; date and time columns get their format detected. */
export function fieldFromColumn(i: Inspection, kind: FileKind, field: string, column: string, dateOrder?: DateOrder): FieldMapping {
  const spec = TABLES[kind].fields.find((f) => f.name === field);
  const fm: FieldMapping = { source: { from: 'column', column } };
  if (spec && (spec.type === 'date' || spec.type === 'timestamp')) {
    const d = detectDateFormat(columnSamples(i, column), { expect: spec.type === 'date' ? 'date' : 'datetime', ...(dateOrder ? { order: dateOrder } : {}) });
    if (d.status === 'ok') fm.format = d.format;
    if (d.status === 'ambiguous') fm.format = d.question.options.find((o) => o.order === d.question.suggested)!.format;
    const notBefore = field === 'end' ? 'start' : field === 'ended_at' ? 'started_at' : undefined;
    if (notBefore) fm.notBefore = notBefore;
  }
  return fm;
}

/** Answers with one field's source set (null: not used; undefined: back to the proposal). */
export function withField(answers: Answers, field: string, fm: FieldMapping | null | undefined): Answers {
  const fields = { ...(answers.fields ?? {}) };
  if (fm === undefined) delete fields[field];
  else fields[field] = fm;
  return { ...answers, fields };
}

/** Answers with one unknown value's meaning set ('' rejects its rows; undefined: not answered). */
export function withValue(answers: Answers, q: Extract<Question, { type: 'values' }>, raw: string, value: string | undefined): Answers {
  const key = questionKey(q);
  const given = { ...(answers.values?.[key] ?? {}) };
  if (value === undefined) delete given[raw];
  else given[raw] = value;
  return { ...answers, values: { ...(answers.values ?? {}), [key]: given } };
}

/** A key for a question that stays the same while it is answered (for keeping it on screen). */
export function stableKey(q: Question): string {
  if (q.type === 'values') return `values:${questionKey(q)}`;
  if (q.type === 'kind') return 'kind';
  return `${q.type}:${q.field}`;
}

export { questionKey };
