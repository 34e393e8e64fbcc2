/**
 * How the headless report reads each file: a canonical CSV as it is; a vendor export through the
 * mapping given with --mapping (matched to the file by kind= or by its headers' signature), else
 * through the mapping it detects itself. The flag a file is given with is the user's word: the
 * file is read as that kind, and where its columns look like another kind that is a warning in
 * the report (and a hint beside any question), never a refusal. Where detection leaves a question
 * that is genuinely open (an ambiguous date order, values it does not know, a required column it
 * cannot find) it stops and says how to answer: it never guesses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { localFile } from '../db/node';
import type { Engine } from '../engine';
import { TABLES, type FileKind } from '../ingest/canonical';
import type { DateOrder } from '../ingest/dates';
import { describeFormat } from '../ingest/dates';
import { parseTimeRange, type CodeTable } from '../ingest/gridCodes';
import { readGridSheets, type GridLoadRequest } from '../ingest/gridLoad';
import type { GridQuestion, GridSettings } from '../ingest/gridRota';
import { readGridWorkbook } from '../ingest/gridWorkbook';
import type { Question } from '../ingest/headers';
import type { Inspection } from '../ingest/inspect';
import { dateOrderNotes } from '../ingest/groupDates';
import { inspectTogether } from '../ingest/links';
import { headersSignature, mappingFromJson, mappingToJson, type Mapping } from '../ingest/mapping';

export interface MappingArg {
  /** Set with `--mapping incidents=M.json`; otherwise the file is found by its headers. */
  kind: FileKind | null;
  path: string;
}

/** `grid`: a grid rota (staff as rows, days as columns), read by ingest/gridRota.ts, not through a mapping. */
export type MappingSource = 'canonical' | 'given' | 'detected' | 'grid';

/** The answers for a grid rota given with --shifts: --grid-codes (code → times or no shift) and --grid-unit. */
export interface GridAnswers {
  codes?: CodeTable;
  unit?: string | null;
}

/** What is still open about a grid rota: codes whose times are not known, and the unit if the sheet does not say. */
export interface GridOpen {
  codes: GridQuestion[];
  unit: boolean;
}

export interface PlannedFile {
  kind: FileKind;
  path: string;
  name: string;
  data: Blob;
  mapping: Mapping | null;
  source: MappingSource;
  /** The --mapping file used. */
  mappingPath: string | null;
  questions: Question[];
  /** A grid rota: imported with these settings (engine ImportOptions.grid), not through `mapping`. */
  grid: GridLoadRequest['grid'] | null;
  /** A grid rota's open questions (none open: null). */
  gridOpen: GridOpen | null;
  /** Said in the report, not asked: e.g. the columns look like another kind than the flag says. */
  warnings: string[];
  inspection: Inspection;
}

/** `--mapping incidents=M.json` or `--mapping M.json`; kind names as the file flags spell them. */
export function parseMappingArg(arg: string, flags: Record<string, FileKind>): MappingArg {
  const m = /^([A-Za-z]+)=(.+)$/.exec(arg);
  if (m && (flags[m[1]!] || (Object.keys(TABLES) as string[]).includes(m[1]!))) {
    return { kind: flags[m[1]!] ?? (m[1] as FileKind), path: m[2]! };
  }
  return { kind: null, path: arg };
}

/** The command-line flag of each kind (as analyze.ts spells them). */
const FLAG_OF: Record<string, FileKind> = {
  people: 'people', incidents: 'incidents', interventions: 'interventions', shifts: 'shifts', requirements: 'requirements', plan: 'planDelivery', events: 'events',
};

/** Thrown when a file cannot be imported without the user's answers; the message says how to give them. */
export class QuestionsError extends Error {}

/** A --mapping file that cannot be used (missing, invalid, fits no file): a bad argument. */
export class MappingArgError extends Error {}

/**
 * A --grid-codes file: `{"T": {"start": "08:00", "end": "16:00"}, "Agency": "none", "TW": "9-17"}`,
 * each code's times (as an object or a range) or "none" for a code that is no shift (leave, a day off).
 */
export function parseGridCodes(file: string): CodeTable {
  const fail = (why: string): never => {
    throw new Error(`${file} is not a grid-codes file (${why}); write {"CODE": {"start": "08:00", "end": "16:00"}, "OTHER": "none"}.`);
  };
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return fail((e as Error).message.split('\n')[0]!);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a JSON object');
  const table: CodeTable = {};
  for (const [code, v] of Object.entries(json as Record<string, unknown>)) {
    if (typeof v === 'string' && /^(none|no shift)$/i.test(v.trim())) {
      table[code] = { kind: 'none', label: 'no shift (--grid-codes)' };
      continue;
    }
    const o = v as { start?: unknown; end?: unknown } | null;
    const text = typeof v === 'string' ? v : o && typeof o === 'object' && typeof o.start === 'string' && typeof o.end === 'string' ? `${o.start}-${o.end}` : null;
    const range = text === null ? null : parseTimeRange(text);
    if (!range) return fail(`${JSON.stringify(code)}: ${JSON.stringify(v)} is neither times nor "none"`);
    table[code] = { kind: 'shift', ...range };
  }
  return table;
}

function readMapping(file: string): Mapping {
  if (!fs.existsSync(file)) throw new MappingArgError(`No such mapping file: ${file}`);
  const parsed = mappingFromJson(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new MappingArgError(`${file} is not a valid mapping: ${parsed.error}`);
  return parsed.mapping;
}

/**
 * Inspect every file, read them together (links across files, as the wizard does), and decide
 * each one's mapping. Throws MappingArgError on a --mapping that cannot be used.
 */
export async function planImports(
  engine: Engine,
  files: { kind: FileKind; path: string }[],
  opts: { mappings?: MappingArg[]; dateOrder?: DateOrder | null; grid?: GridAnswers },
): Promise<PlannedFile[]> {
  const given = (opts.mappings ?? []).map((a) => ({ ...a, mapping: readMapping(a.path), used: false }));
  const gridSettings = { codes: opts.grid?.codes ?? {}, ...(opts.grid?.unit ? { unit: opts.grid.unit } : {}) };
  const read = [];
  for (const f of files) {
    const data = await localFile(f.path);
    const name = path.basename(f.path);
    const options = { kind: f.kind, ...(opts.dateOrder ? { dateOrder: opts.dateOrder } : {}), ...(f.kind === 'shifts' ? { grid: gridSettings } : {}) };
    read.push({ f, data, name, inspection: await engine.inspectFile(name, data, options) });
  }
  // Vendor files (not grid rotas, which are no table of columns) are read together for their links.
  const together = read.filter((r) => !r.inspection.canonical && !r.inspection.grid);
  const linked = inspectTogether(together.map((r) => r.inspection)).inspections;
  together.forEach((r, k) => (r.inspection = linked[k]!));

  const planned: PlannedFile[] = [];
  const none = { questions: [], warnings: [], grid: null, gridOpen: null };
  for (const { f, data, name, inspection } of read) {
    const signatureOf = (i: Inspection) => (i.header ? headersSignature(i.header.headers) : null);
    let match = given.find((g) => !g.used && (g.kind ? g.kind === f.kind : g.mapping.signature === signatureOf(inspection)));
    // A workbook mapping made on another sheet than the one the file opens on: compare that sheet.
    for (const g of given) {
      if (match || g.used || g.kind || !g.mapping.sheet || inspection.format !== 'xlsx' || g.mapping.sheet === inspection.sheet) continue;
      if (!inspection.sheets.some((x) => x.name === g.mapping.sheet)) continue;
      const other = await engine.inspectFile(name, data, { kind: f.kind, sheet: g.mapping.sheet });
      if (g.mapping.signature === signatureOf(other)) match = g;
    }
    if (match) {
      match.used = true;
      if (match.mapping.kind !== f.kind) {
        throw new MappingArgError(`${match.path} maps ${TABLES[match.mapping.kind].label.toLowerCase()}, but ${name} was given as ${TABLES[f.kind].label.toLowerCase()}.`);
      }
      planned.push({ ...f, name, data, ...none, mapping: match.mapping, source: 'given', mappingPath: match.path, inspection });
    } else if (inspection.grid) {
      // A grid rota given as the rota: every grid sheet of a workbook, with the codes and unit answered.
      const gridOpen = await gridQuestions(name, data, inspection, gridSettings);
      const open = gridOpen.codes.length > 0 || gridOpen.unit;
      planned.push({ ...f, name, data, ...none, mapping: null, source: 'grid', mappingPath: null, grid: gridSettings, gridOpen: open ? gridOpen : null, inspection });
    } else if (inspection.canonical || inspection.error || !inspection.mapping) {
      // Canonical files, and files that cannot be read at all (the import report says why).
      planned.push({ ...f, name, data, ...none, mapping: null, source: 'canonical', mappingPath: null, inspection });
    } else {
      // Read as the flag says (inspected with that kind); the detector's other opinion is only said.
      // Where a day/month order no value settles was taken from (or which files disagree) is said too.
      const warnings = [...kindDisagreement(inspection, f.kind), ...dateOrderNotes(inspection)];
      // A kind question cannot stand: the flag answered it.
      const questions = inspection.questions.filter((q) => q.type !== 'kind');
      planned.push({ ...f, name, data, ...none, mapping: inspection.mapping, source: 'detected', mappingPath: null, questions, warnings, inspection });
    }
  }
  const unused = given.filter((g) => !g.used);
  if (unused.length > 0) {
    throw new MappingArgError(
      unused.map((g) => `${g.path} fits none of the files (${g.kind ? `no ${g.kind} file` : 'no file has the columns it was made for'}).`).join('\n'),
    );
  }
  return planned;
}

/**
 * A grid rota's open questions over every sheet the import will read (a workbook's sheet per week
 * or month, with the key of a "Key" sheet), not only the sheet inspected: each code once, its cells counted.
 */
async function gridQuestions(name: string, data: Blob, inspection: Inspection, settings: GridSettings): Promise<GridOpen> {
  const own = { codes: inspection.grid!.questions, unit: inspection.grid!.layout.unitFrom === null };
  let read: Awaited<ReturnType<typeof readGridSheets>>;
  try {
    read = await readGridSheets(name, data);
  } catch {
    return own; // The import says why the workbook cannot be read.
  }
  const r = readGridWorkbook(read, settings);
  return r.ok ? { codes: r.questions, unit: r.layout.unitFrom === null } : own;
}

/** The flag given for a file, where the detector read its columns as another kind: the warning, or none. */
export function kindDisagreement(inspection: Inspection, given: FileKind): string[] {
  const best = inspection.kinds[0]?.kind;
  if (!best || best === given || !inspection.header) return [];
  const headers = inspection.header.headers;
  const flag = Object.entries(FLAG_OF).find(([, k]) => k === best)?.[0] ?? best;
  return [
    `Read as ${TABLES[given].label.toLowerCase()}, as its flag says, though its columns (${headers.slice(0, 8).join(', ')}${headers.length > 8 ? ', …' : ''}) ` +
      `look more like ${TABLES[best].label.toLowerCase()} to PBS Lens; if they are, give it with --${flag}.`,
  ];
}

/** Write each vendor file's mapping (detected or given) as DIR/<file>.mapping.json; returns the paths. */
export function saveMappings(dir: string, planned: PlannedFile[]): Map<string, string> {
  fs.mkdirSync(dir, { recursive: true });
  const out = new Map<string, string>();
  for (const p of planned) {
    if (!p.mapping) continue;
    const file = path.join(dir, `${p.name}.mapping.json`);
    fs.writeFileSync(file, `${mappingToJson(p.mapping)}\n`);
    out.set(p.name, file);
  }
  return out;
}

/** The questions of every file, each with how to answer it on the command line or in the mapping JSON. */
export function questionsMessage(planned: PlannedFile[], saved: Map<string, string> | null): string {
  const out = ['PBS Lens needs your answers before it can import these files (it does not guess):', ''];
  for (const p of planned.filter(hasQuestions)) {
    out.push(`${p.name} (${TABLES[p.kind].label.toLowerCase()}${p.gridOpen ? ', a grid rota: staff as rows, days as columns' : ''}):`);
    for (const w of p.warnings) out.push(`  Note: ${w}`);
    const lines = p.gridOpen ? describeGridOpen(p.gridOpen) : p.questions.map((q) => describeQuestion(q, p.mapping!, p.kind));
    lines.forEach((q, k) => out.push(...q.map((line, i) => (i === 0 ? `  ${k + 1}. ${line}` : `     ${line}`))));
    out.push('');
  }
  const flagsOnly = planned.every((p) => p.questions.every((q) => q.type === 'dateOrder'));
  if (saved && saved.size > 0) {
    out.push('The detected mappings were written to:');
    for (const [name, file] of saved) out.push(`  ${file}${planned.find((p) => p.name === name)?.questions.length ? '   ← answer the questions above in this file' : ''}`);
    out.push('Edit them, then run again with --mapping <file> for each (a mapping finds its file by the file\'s columns;', '`--mapping incidents=<file>` names the file kind).');
  } else if (!flagsOnly) {
    out.push('Run again with --save-mapping <folder> to write the detected mappings as JSON, answer the questions in them,', 'and pass each with --mapping <file>.');
  }
  return out.join('\n') + '\n';
}

/** A file the report cannot import until the user answers. */
export const hasQuestions = (p: PlannedFile): boolean => p.questions.length > 0 || p.gridOpen !== null;

/** A grid rota's open questions: the codes to give times for (--grid-codes), the unit (--grid-unit). */
function describeGridOpen(open: GridOpen): string[][] {
  const out: string[][] = [];
  if (open.codes.length > 0) {
    const cells = (q: GridQuestion) => `${q.count} cell${q.count === 1 ? '' : 's'}, e.g. row ${q.example.sheetRow} "${q.example.column}"${q.example.staff ? ` (${q.example.staff})` : ''}`;
    const example = JSON.stringify(Object.fromEntries(open.codes.slice(0, 2).map((q, k) => [q.code, k === 0 ? { start: '08:00', end: '16:00' } : 'none'])));
    out.push([
      `Shift codes whose times PBS Lens does not know: ${open.codes.slice(0, 8).map((q) => `${JSON.stringify(q.code)} (${cells(q)})`).join('; ')}${open.codes.length > 8 ? '; …' : ''}.`,
      `→ write each code's times in a JSON file and add --grid-codes <file>, e.g. ${example}`,
      `  ("none" for a code that is no shift: leave, a day off, training; cells left unknown are rejected and listed).`,
    ]);
  }
  if (open.unit) out.push(['No unit was found in the sheet title, its name or a column.', '→ add --grid-unit "<unit>" (the unit this rota is for).']);
  return out;
}

function describeQuestion(q: Question, m: Mapping, given: FileKind): string[] {
  switch (q.type) {
    case 'dateOrder': {
      const [a, b] = q.question.options;
      const format = m.fields[q.field]?.format;
      return [
        `"${q.column}" (${q.field}): ${q.question.text}`,
        `→ add --date-order ${a!.order} (${a!.label}) or --date-order ${b!.order} (${b!.label}) for every ambiguous date column,`,
        `  or set fields.${q.field}.format in the mapping (saved as ${format ? describeFormat(format) : 'the UK order'}; change it if the file is in the other order).`,
      ];
    }
    case 'dateFormat':
      return [
        `"${q.column}" (${q.field}): dates or times in a form PBS Lens cannot read, e.g. ${q.unparsed.slice(0, 3).map((v) => JSON.stringify(v)).join(', ')}`,
        `→ set fields.${q.field}.format in the mapping, e.g. {"kind": "pattern", "patterns": ["%d.%m.%Y %H:%M"]} (strptime codes).`,
      ];
    case 'values': {
      const unknown = q.unknown.slice(0, 8).map((u) => `${JSON.stringify(u.value)} (${u.count})`).join(', ') + (q.unknown.length > 8 ? ', …' : '');
      const where = q.intervention
        ? `interventions[${(m.interventions ?? []).findIndex((x) => x.label === q.intervention!.label)}].${q.intervention.part === 'flag' ? 'flagValues' : 'values'}`
        : `fields.${q.field}.values`;
      const example = JSON.stringify(Object.fromEntries(q.unknown.slice(0, 2).map((u) => [u.value, '…'])));
      return [
        `"${q.column}" (${q.intervention ? `${q.intervention.label} ${q.intervention.part}` : q.field}): values it does not know: ${unknown}`,
        `→ say what each means in the mapping: ${where} = ${example}`,
        `  (one of: ${q.options.map((o) => o.value).join(', ')}; rows with values left unknown are rejected and listed).`,
      ];
    }
    case 'missingField':
      if (q.proposed) {
        return [
          `${q.field} (${q.description}): PBS Lens proposes the column "${q.proposed.column}"${q.proposed.why ? ` (${q.proposed.why})` : ''} but is not sure of it.`,
          `→ if it is right, save the mapping (--save-mapping) and pass it back with --mapping as it is; if not, set fields.${q.field}.source`,
          `  to {"from": "column", "column": "<a column>"}. The file's columns: ${m.headers.join(', ')}.`,
        ];
      }
      return [
        `No column for ${q.field} (${q.description}). The file's columns: ${m.headers.join(', ')}.`,
        `→ set fields.${q.field} in the mapping: {"source": {"from": "column", "column": "<a column>"}} or {"source": {"from": "constant", "value": "…"}}.`,
      ];
    case 'kind': {
      const best = q.options[0]!.kind;
      const flag = Object.entries(FLAG_OF).find(([, k]) => k === best)?.[0] ?? best;
      return [
        `Its columns look like ${TABLES[best].label.toLowerCase()}, not ${TABLES[given].label.toLowerCase()} (${m.headers.slice(0, 8).join(', ')}${m.headers.length > 8 ? ', …' : ''}).`,
        `→ check the flag it was given with (--${flag} for ${TABLES[best].label.toLowerCase()}).`,
      ];
    }
  }
}
