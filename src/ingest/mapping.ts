/**
 * A mapping says how one vendor export becomes a canonical table: which row holds the header,
 * how the text is encoded and delimited, and for each canonical field where its value comes from
 * and how to read it. Mappings are plain JSON (saved as named presets, downloaded, uploaded, given
 * to the CLI with --mapping) and validated with Zod on the way in. A preset applies itself to a
 * later file whose headers have the same signature.
 */
import '../zodJitless'; // before any schema is made, whichever chunk this module lands in
import { z } from 'zod';
import { FILE_KINDS, TABLES, type FieldType, type FileKind } from './canonical';
import { combineDateTime, DateFormatSchema, formatHasDate, formatNaive, nextDayIfBefore, parseDateValue } from './dates';
import { lookup, VOCABULARY_OF } from './vocabularies';
import { parseMinutes } from './profiles';
import { POSITION_CODES, UNPLACED_RESTRAINT } from './mhsds';

/** Where a field's value comes from. Column names are the header names as detected (see headers.ts). */
export const FieldSourceSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('column'), column: z.string().min(1) }),
  /** A timestamp from a date column and a time column. */
  z.object({ from: z.literal('dateTime'), date: z.string().min(1), time: z.string().min(1) }),
  /** The same value on every row, e.g. the unit when a file is one ward's rota. */
  z.object({ from: z.literal('constant'), value: z.string() }),
  /** No id in the export: the loader builds one from the row's mapped content (stable on re-import). */
  z.object({ from: z.literal('contentKey') }),
]);
export type FieldSource = z.infer<typeof FieldSourceSchema>;

export const FieldMappingSchema = z.object({
  source: FieldSourceSchema,
  /** Date/timestamp fields: the format of the column (for dateTime, of the date column). */
  format: DateFormatSchema.optional(),
  /** dateTime sources: the format of the time column. */
  timeFormat: DateFormatSchema.optional(),
  /** Coded fields: the user's answers, raw spelling → canonical value; they win over the vocabulary. */
  values: z.record(z.string(), z.string()).optional(),
  /** Timestamp fields: a value earlier than this field on the same date is on the next day. */
  notBefore: z.string().optional(),
  /**
   * Intervention types: a column of restraint positions beside the kinds of intervention. A
   * physical restraint recorded without its position (02) takes the position found there
   * ("Physical restraint" + "Prone" → 01); other kinds keep their own code.
   */
  detail: z.string().optional(),
});
export type FieldMapping = z.infer<typeof FieldMappingSchema>;

const ColumnTimeSchema = z.object({ column: z.string().min(1), format: DateFormatSchema });

/**
 * One kind of restrictive intervention held in columns of a flat incident export, unpivoted into
 * restrictive_interventions (one row per incident where it happened). It happened when the `flag`
 * column reads yes; without a flag column, when the type column is filled, minutes > 0 or a start
 * is given. Its type is the `typeColumn` value (interventionType vocabulary, `values` answers
 * first), else `type`. A start or end holding only a time takes the incident's date, and an end
 * before its start is on the next day.
 */
export const InterventionSourceSchema = z.object({
  label: z.string().min(1),
  flag: z.string().optional(),
  typeColumn: z.string().optional(),
  type: z.string().optional(),
  values: z.record(z.string(), z.string()).optional(),
  flagValues: z.record(z.string(), z.string()).optional(),
  minutes: z.string().optional(),
  start: ColumnTimeSchema.optional(),
  end: ColumnTimeSchema.optional(),
  reason: z.string().optional(),
});
export type InterventionSource = z.infer<typeof InterventionSourceSchema>;

export const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const;

const MappingObject = z.object({
  version: z.literal(1),
  /** Preset name shown in the app. */
  name: z.string().optional(),
  kind: z.enum(FILE_KINDS),
  format: z.enum(['delimited', 'xlsx']),
  encoding: z.enum(ENCODINGS).optional(),
  delimiter: z.enum([',', '\t', ';', '|']).optional(),
  quote: z.enum(['"', "'"]).optional(),
  sheet: z.string().optional(),
  /** 0-based index of the (first) header record; records above it are titles. */
  headerRow: z.number().int().min(0),
  /** Header records: 2 when a row of group titles sits over the column names. */
  headerRows: z.number().int().min(1).max(3),
  /** The column names as detected (group titles combined), in file order. */
  headers: z.array(z.string()),
  signature: z.string(),
  fields: z.record(z.string(), FieldMappingSchema),
  /** incidents only: flat restraint / seclusion / PRN columns to unpivot. */
  interventions: z.array(InterventionSourceSchema).optional(),
});

export const MappingSchema = MappingObject.superRefine((m, ctx) => {
  const known = new Set(TABLES[m.kind].fields.map((f) => f.name));
  const headers = new Set(m.headers);
  const checkColumn = (column: string | undefined, path: (string | number)[]) => {
    if (column !== undefined && !headers.has(column)) ctx.addIssue({ code: 'custom', path, message: `no column "${column}" in the headers` });
  };
  for (const [field, fm] of Object.entries(m.fields)) {
    if (!known.has(field)) ctx.addIssue({ code: 'custom', path: ['fields', field], message: `${m.kind} has no field "${field}"` });
    const s = fm.source;
    if (s.from === 'column') checkColumn(s.column, ['fields', field, 'source', 'column']);
    if (s.from === 'dateTime') {
      checkColumn(s.date, ['fields', field, 'source', 'date']);
      checkColumn(s.time, ['fields', field, 'source', 'time']);
    }
    checkColumn(fm.detail, ['fields', field, 'detail']);
    if (fm.notBefore !== undefined && !known.has(fm.notBefore))
      ctx.addIssue({ code: 'custom', path: ['fields', field, 'notBefore'], message: `no field "${fm.notBefore}"` });
  }
  if (m.interventions && m.kind !== 'incidents')
    ctx.addIssue({ code: 'custom', path: ['interventions'], message: 'only incident exports carry intervention columns' });
  m.interventions?.forEach((iv, i) => {
    for (const key of ['flag', 'typeColumn', 'minutes', 'reason'] as const) checkColumn(iv[key], ['interventions', i, key]);
    checkColumn(iv.start?.column, ['interventions', i, 'start']);
    checkColumn(iv.end?.column, ['interventions', i, 'end']);
    if (!iv.flag && !iv.typeColumn && !iv.minutes && !iv.start)
      ctx.addIssue({ code: 'custom', path: ['interventions', i], message: 'needs a flag, type, minutes or start column' });
    if (!iv.typeColumn && !iv.type) ctx.addIssue({ code: 'custom', path: ['interventions', i], message: 'needs a type column or a fixed type' });
  });
});
export type Mapping = z.infer<typeof MappingObject>;

/** What still stops a mapping from loading: required fields without a source. */
export function missingRequired(m: Pick<Mapping, 'kind' | 'fields'>): string[] {
  return TABLES[m.kind].fields.filter((f) => f.required && !m.fields[f.name]).map((f) => f.name);
}

export function mappingToJson(m: Mapping): string {
  return JSON.stringify(m, null, 2);
}

export type ParsedMapping = { ok: true; mapping: Mapping } | { ok: false; error: string };

/** Read a mapping from JSON text (an uploaded preset or a --mapping file); errors in words. */
export function mappingFromJson(text: string): ParsedMapping {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${(e as Error).message}` };
  }
  const r = MappingSchema.safeParse(data);
  if (r.success) return { ok: true, mapping: r.data };
  return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ') };
}

/** Header names compared loosely: case, spacing and punctuation do not matter. */
function headerKey(h: string): string {
  return h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** FNV-1a, 32-bit: a short stable fingerprint (not security). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Fingerprint of a file's header row: the same columns in any order, spelt with any case or
 * punctuation, give the same signature; a column more or less gives another.
 */
export function headersSignature(headers: readonly string[]): string {
  const keys = headers.map(headerKey).sort();
  return `v1-${keys.length}-${fnv1a(keys.join('\u001f'))}`;
}

/** The saved preset for a file with these headers (same signature; the newest if several). */
export function matchPreset(presets: readonly Mapping[], headers: readonly string[], kind?: FileKind): Mapping | null {
  const sig = headersSignature(headers);
  const sameKind = presets.filter((p) => !kind || p.kind === kind);
  return sameKind.filter((p) => p.signature === sig).at(-1) ?? null;
}

/** Re-target a preset to a file with the same headers (their spelling or order may differ). */
export function applyPreset(preset: Mapping, headers: readonly string[], headerRow: number, headerRows: number): Mapping {
  const byKey = new Map(headers.map((h) => [headerKey(h), h]));
  const rename = (c: string) => byKey.get(headerKey(c)) ?? c;
  const fields = Object.fromEntries(
    Object.entries(preset.fields).map(([f, fm]) => {
      const s = fm.source;
      const source: FieldSource =
        s.from === 'column' ? { ...s, column: rename(s.column) } : s.from === 'dateTime' ? { ...s, date: rename(s.date), time: rename(s.time) } : s;
      return [f, { ...fm, source, ...(fm.detail ? { detail: rename(fm.detail) } : {}) }];
    }),
  );
  const interventions = preset.interventions?.map((iv) => ({
    ...iv,
    ...(iv.flag ? { flag: rename(iv.flag) } : {}),
    ...(iv.typeColumn ? { typeColumn: rename(iv.typeColumn) } : {}),
    ...(iv.minutes ? { minutes: rename(iv.minutes) } : {}),
    ...(iv.reason ? { reason: rename(iv.reason) } : {}),
    ...(iv.start ? { start: { ...iv.start, column: rename(iv.start.column) } } : {}),
    ...(iv.end ? { end: { ...iv.end, column: rename(iv.end.column) } } : {}),
  }));
  return {
    ...preset,
    headers: [...headers],
    signature: headersSignature(headers),
    headerRow,
    headerRows,
    fields,
    ...(interventions ? { interventions } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The mapping applied in JS: the preview "as it will be stored", and the reference the SQL loader
// is tested against. Values come out in canonical text form (timestamps 'YYYY-MM-DD HH:MM:SS').

export type CanonicalValue = string | number | boolean | null;
export type CanonicalRow = Record<string, CanonicalValue>;

export interface RowProblem {
  /** Index of the record in the rows given. */
  record: number;
  field: string;
  value: string;
  reason: 'missing' | 'invalid' | 'unknown value';
}

export interface AppliedMapping {
  /** Accepted rows, with the record index they came from. */
  rows: { record: number; values: CanonicalRow }[];
  /** Unpivoted flat intervention columns (incidents only). */
  interventions: { record: number; values: CanonicalRow }[];
  /** Every problem of every rejected row: read = rows + distinct records here. */
  problems: RowProblem[];
  /** Flat intervention columns that could not be read; their incident row is still accepted. */
  interventionProblems: RowProblem[];
  /** Records read (non-blank rows below the header). */
  read: number;
}

const NUMBER_RE = /^(-?\d+(?:\.\d+)?)\s*(?:m|mins?|minutes?)?$/i;

/** Read a number cell ("12", "12.5", "12 mins"); null if blank, NaN if not a number. */
export function parseNumber(raw: string): number | null {
  const t = raw.trim().replace(/,/g, '');
  if (t === '') return null;
  const m = NUMBER_RE.exec(t);
  return m ? Number(m[1]) : Number.NaN;
}

/**
 * Apply a mapping to records (e.g. the preview rows, or a whole small file): each non-blank
 * record after the header becomes a canonical row or a list of problems, never nothing.
 */
export function applyMapping(m: Mapping, records: string[][], dataStart = m.headerRow + m.headerRows): AppliedMapping {
  const index = new Map(m.headers.map((h, i) => [h, i]));
  const spec = TABLES[m.kind];
  const out: AppliedMapping = { rows: [], interventions: [], problems: [], interventionProblems: [], read: 0 };
  for (let r = dataStart; r < records.length; r++) {
    const rec = records[r]!;
    if (!rec.some((c) => c.trim() !== '')) continue;
    out.read++;
    const cell = (column: string) => (rec[index.get(column) ?? -1] ?? '').trim();
    const values: CanonicalRow = {};
    const problems: RowProblem[] = [];
    const problem = (field: string, value: string, reason: RowProblem['reason']) => problems.push({ record: r, field, value, reason });
    const ms: Record<string, number | null> = {};
    for (const f of spec.fields) {
      const fm = m.fields[f.name];
      if (!fm) {
        values[f.name] = null;
        continue;
      }
      const { value, raw, ok, reason } = fieldValue(f.type, fm, cell, ms, f.name);
      values[f.name] = value;
      if (!ok) problem(f.name, raw, reason ?? 'invalid');
      else if (value === null && f.required && fm.source.from !== 'contentKey') problem(f.name, raw, 'missing');
    }
    if (problems.length > 0) {
      out.problems.push(...problems);
      continue;
    }
    out.rows.push({ record: r, values });
    for (const iv of m.interventions ?? []) {
      const got = unpivot(iv, cell, ms.occurred_at ?? null, values.incident_id ?? null);
      if (got.kind === 'problem') out.interventionProblems.push({ record: r, ...got.problem });
      if (got.kind === 'row') out.interventions.push({ record: r, values: got.values });
    }
  }
  return out;
}

type FieldResult = { value: CanonicalValue; raw: string; ok: boolean; reason?: RowProblem['reason'] };

function fieldValue(type: FieldType, fm: FieldMapping, cell: (c: string) => string, ms: Record<string, number | null>, name: string): FieldResult {
  const s = fm.source;
  if (s.from === 'contentKey') return { value: null, raw: '', ok: true };
  if (type === 'timestamp' || type === 'date') {
    let t: number | null;
    let raw: string;
    if (s.from === 'dateTime') {
      raw = `${cell(s.date)} ${cell(s.time)}`.trim();
      const d = fm.format ? parseDateValue(cell(s.date), fm.format) : null;
      const tm = fm.timeFormat ? parseDateValue(cell(s.time), fm.timeFormat) : null;
      t = combineDateTime(d, tm);
      if (t === null && (cell(s.date) !== '' || cell(s.time) !== '') && (cell(s.date) === '' || cell(s.time) === '')) {
        ms[name] = null;
        return { value: null, raw, ok: false, reason: 'missing' };
      }
    } else {
      raw = s.from === 'column' ? cell(s.column) : s.value;
      t = fm.format ? parseDateValue(raw, fm.format) : null;
    }
    if (t !== null && fm.notBefore) t = nextDayIfBefore(t, ms[fm.notBefore] ?? null);
    ms[name] = t;
    if (raw === '') return { value: null, raw, ok: true };
    if (t === null) return { value: null, raw, ok: false };
    return { value: formatNaive(t, type === 'date' ? 'date' : 'datetime'), raw, ok: true };
  }
  const raw = s.from === 'column' ? cell(s.column) : s.from === 'constant' ? s.value : '';
  if (raw === '') return { value: null, raw, ok: true };
  const vocabulary = VOCABULARY_OF[type];
  if (vocabulary) {
    const r = lookup(vocabulary, raw, fm.values);
    if (r.status !== 'match') return { value: null, raw, ok: false, reason: 'unknown value' };
    if (type === 'boolean') return { value: r.value === 'true', raw, ok: true };
    if (type === 'severity' || type === 'weekday') return { value: Number(r.value), raw, ok: true };
    if (type === 'interventionType' && fm.detail && r.value === UNPLACED_RESTRAINT) {
      const position = lookup('interventionType', cell(fm.detail), fm.values);
      if (position.status === 'match' && POSITION_CODES.has(position.value)) return { value: position.value, raw, ok: true };
    }
    return { value: r.value, raw, ok: true };
  }
  if (type === 'number' || type === 'integer' || type === 'minutes') {
    const n = type === 'minutes' ? parseMinutes(raw) : parseNumber(raw);
    if (n === null || Number.isNaN(n) || (type === 'integer' && !Number.isInteger(n))) return { value: null, raw, ok: false };
    return { value: n, raw, ok: true };
  }
  return { value: raw, raw, ok: true };
}


/** One flat intervention of one incident row: a canonical row, nothing (did not happen), or a problem. */
function unpivot(
  iv: InterventionSource,
  cell: (c: string) => string,
  occurredAt: number | null,
  incidentId: CanonicalValue,
): { kind: 'none' } | { kind: 'row'; values: CanonicalRow } | { kind: 'problem'; problem: Omit<RowProblem, 'record'> } {
  const fail = (part: string, value: string, reason: RowProblem['reason']) => ({ kind: 'problem' as const, problem: { field: `${iv.label} ${part}`, value, reason } });
  const minutes = iv.minutes ? parseMinutes(cell(iv.minutes)) : null;
  if (Number.isNaN(minutes)) return fail('minutes', cell(iv.minutes!), 'invalid');
  const typeRaw = iv.typeColumn ? cell(iv.typeColumn) : '';
  if (iv.flag) {
    const f = lookup('boolean', cell(iv.flag), iv.flagValues);
    if (f.status === 'unknown') return fail('flag', cell(iv.flag), 'unknown value');
    if (f.status === 'blank' || f.value !== 'true') return { kind: 'none' };
  } else if (typeRaw === '' && !(minutes !== null && minutes > 0) && !(iv.start && cell(iv.start.column) !== '')) {
    return { kind: 'none' };
  }
  let type = iv.type ?? null;
  if (typeRaw !== '') {
    const t = lookup('interventionType', typeRaw, iv.values);
    if (t.status !== 'match') return fail('type', typeRaw, 'unknown value');
    type = t.value;
  }
  const at = (c: InterventionSource['start']) => {
    if (!c) return null;
    const t = parseDateValue(cell(c.column), c.format);
    // A time alone takes the incident's date.
    return t !== null && !formatHasDate(c.format) ? combineDateTime(occurredAt, t) : t;
  };
  const started = at(iv.start);
  const ended = nextDayIfBefore(at(iv.end), started);
  const reasonRaw = iv.reason ? cell(iv.reason) : '';
  const reason = reasonRaw ? lookup('interventionReason', reasonRaw) : null;
  const values: CanonicalRow = {
    incident_id: incidentId,
    type,
    reason: reason && reason.status === 'match' ? reason.value : null,
    started_at: started === null ? null : formatNaive(started),
    ended_at: ended === null ? null : formatNaive(ended),
    duration_minutes: minutes,
    injury_person: null,
    injury_staff: null,
  };
  return { kind: 'row', values };
}
