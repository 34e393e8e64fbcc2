/**
 * Reading a vendor table's shape: where the header row is (below report titles, possibly two rows
 * with group titles over column names), what kind of export it is, and which column feeds which
 * canonical field, from a dictionary of the names vendors use weighed by what the columns' values
 * are (profiles.ts, evidence.ts) and by links to files imported with it (links.ts), each choice
 * with its reason. Pure functions over text cells.
 */
import { FILE_KINDS, TABLES, type FieldType, type FileKind } from './canonical';
import { detectDateFormat, type DateDetection, type DateFormat, type DateOrder, type DateQuestion } from './dates';
import { headersSignature, missingRequired, type FieldMapping, type InterventionSource, type Mapping } from './mapping';
import { lookup, normaliseTerm, unknownValues, VOCABULARY_OF, VOCABULARY_OUTPUTS, type VocabularyName } from './vocabularies';
import { kindSignal, NOT_ID_WORDS, valueCandidate, valueFactor } from './evidence';
import { describeValues, examplesOf, nestsUnder, oneToOne, tableProfiles, type Profiles } from './profiles';

export interface MergeRange {
  /** 0-based, inclusive. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Header text compared loosely: lower case, no accents, punctuation as spaces. */
export const headerKey = normaliseTerm;

// ---------------------------------------------------------------------------------------------
// The dictionary: per file kind, per target (a canonical field or a part the proposal combines,
// such as a separate date and time), the header names vendors use. Datix-style and Radar-style
// incident systems, care-record apps, HealthRoster-style and care rota exports.

const PERSON = [
  'person id', 'person', 'patient id', 'patient', 'patient name', 'service user', 'service user id', 'service user name', 'su id',
  'client', 'client id', 'client name', 'resident', 'resident id', 'individual', 'young person', 'person affected', 'name of person',
  'nhs number', 'hospital number', 'patient number', 'mrn', 'person name',
];
const UNIT = [
  'unit', 'ward', 'ward name', 'location', 'location exact', 'location of incident', 'site', 'service', 'home', 'area', 'ward unit',
  'department', 'roster', 'roster unit', 'team', 'placement', 'current ward',
];
const INCIDENT_ID = [
  'incident id', 'incident ref', 'incident reference', 'incident number', 'incident no', 'ref', 'reference', 'ref no', 'datix id',
  'datix ref', 'web ref', 'form id', 'report id', 'record id', 'log id', 'id',
];
const INJURY_PERSON = [
  'injury to person', 'person injured', 'patient injured', 'patient injury', 'service user injured', 'injury to service user',
  'su injured', 'injury', 'injured', 'injury patient', 'injury to patient',
];
const INJURY_STAFF = ['staff injured', 'injury to staff', 'staff injury', 'staff injuries', 'injury staff'];

export const HEADER_DICTIONARY: Record<FileKind, Record<string, string[]>> = {
  people: {
    person_id: ['person id', 'patient id', 'service user id', 'client id', 'resident id', 'su id', 'nhs number', 'hospital number', 'patient number', 'mrn', 'id'],
    name: ['name', 'patient name', 'service user', 'service user name', 'client name', 'resident', 'full name', 'patient', 'person name', 'person'],
    unit: UNIT,
    admitted: ['admitted', 'admission date', 'date admitted', 'admission', 'date of admission', 'start date'],
    discharged: ['discharged', 'discharge date', 'date discharged', 'date of discharge', 'end date'],
    commissioned_ratio: ['commissioned ratio', 'ratio', 'staffing ratio', 'support ratio', 'observation level', 'obs level', 'commissioned staffing', 'commissioned support'],
    commissioned_from: ['commissioned from', 'ratio from', 'hours from', 'commissioned hours from'],
    commissioned_to: ['commissioned to', 'ratio to', 'hours to', 'commissioned hours to'],
    ready_for_discharge: ['ready for discharge', 'ready for discharge date', 'clinically ready for discharge', 'crfd', 'date ready for discharge', 'delayed discharge from'],
  },
  incidents: {
    incident_id: INCIDENT_ID,
    person_id: PERSON,
    occurred_at: ['occurred at', 'incident date time', 'incident datetime', 'date time', 'datetime', 'date and time', 'date time of incident', 'date and time of incident', 'when'],
    occurred_date: ['incident date', 'date of incident', 'date', 'occurred date', 'event date', 'date occurred', 'incident occurred date'],
    occurred_time: ['time', 'incident time', 'time of incident', 'occurred time', 'event time', 'time occurred', 'incident occurred time'],
    unit: UNIT,
    behaviour_type: [
      'behaviour type', 'behaviour', 'type of behaviour', 'behaviour category', 'incident type', 'type of incident', 'type', 'category',
      'incident category', 'sub category', 'subcategory', 'sub type', 'subtype', 'incident subtype', 'nature of incident', 'cause group', 'cause',
    ],
    severity: ['severity', 'harm', 'harm grade', 'harm level', 'degree of harm', 'actual harm', 'result', 'impact', 'actual impact', 'severity of harm', 'grade'],
    antecedent: ['antecedent', 'antecedents', 'trigger', 'triggers', 'what happened before', 'setting event', 'setting events', 'before'],
    consequence: ['consequence', 'consequences', 'outcome', 'action taken', 'immediate action', 'immediate action taken', 'what happened after', 'response', 'after'],
    injury_person: INJURY_PERSON,
    injury_staff: INJURY_STAFF,
    staff_involved: ['staff involved', 'staff ids', 'staff names', 'staff present', 'people involved', 'staff'],
    description: ['description', 'description of incident', 'incident description', 'details', 'narrative', 'summary', 'what happened', 'account', 'free text', 'notes'],
    restraint_flag: ['restraint used', 'was restraint used', 'restraint', 'physical restraint', 'physical restraint used', 'restrained', 'physical intervention', 'physical intervention used', 'pi used', 'hold used', 'restraint y n'],
    restraint_type: ['type of restraint', 'restraint type', 'restraint position', 'position', 'position of restraint', 'hold type', 'type of hold', 'restraint method', 'physical intervention type', 'type of physical intervention'],
    restraint_minutes: ['restraint minutes', 'restraint duration', 'restraint duration mins', 'restraint duration minutes', 'duration', 'duration mins', 'duration minutes', 'minutes', 'length of restraint', 'time in restraint', 'restraint length', 'restraint mins'],
    restraint_start: ['restraint start', 'restraint start time', 'restraint began', 'time restraint started', 'restraint started'],
    restraint_end: ['restraint end', 'restraint end time', 'restraint ended', 'time restraint ended'],
    seclusion_flag: ['seclusion', 'seclusion used', 'secluded', 'seclusion y n', 'was seclusion used'],
    seclusion_minutes: ['seclusion minutes', 'seclusion duration', 'seclusion duration mins', 'seclusion duration minutes', 'seclusion length', 'seclusion mins', 'minutes in seclusion'],
    seclusion_start: ['seclusion start', 'seclusion start time', 'seclusion started', 'time seclusion started'],
    seclusion_end: ['seclusion end', 'seclusion end time', 'seclusion ended', 'time seclusion ended'],
    segregation_flag: ['segregation', 'segregation used', 'long term segregation', 'lts'],
    mechanical_flag: ['mechanical restraint', 'mechanical restraint used', 'mechanical', 'handcuffs used'],
    rt_flag: ['rapid tranquillisation', 'rapid tranquilisation', 'rapid tranquillisation given', 'rapid tranquilisation given', 'rt', 'rt given', 'im medication', 'im given'],
    prn_flag: ['prn', 'prn given', 'prn administered', 'prn medication', 'prn medication given', 'prn used', 'as required medication', 'as required medication given'],
    intervention_reason: ['reason for restraint', 'restraint reason', 'reason for intervention', 'reason for restrictive intervention', 'reason'],
  },
  interventions: {
    incident_id: INCIDENT_ID,
    type: ['type', 'intervention type', 'type of intervention', 'restrictive intervention', 'restrictive intervention type', 'type of restraint', 'restraint type', 'restraint position', 'position', 'intervention'],
    reason: ['reason', 'reason for intervention', 'reason for restraint', 'restraint reason'],
    started_at: ['started at', 'start', 'started', 'start time', 'start date time', 'start datetime', 'time started'],
    start_date: ['start date', 'date', 'date started'],
    ended_at: ['ended at', 'end', 'ended', 'end time', 'end date time', 'end datetime', 'time ended'],
    end_date: ['end date', 'date ended'],
    duration_minutes: ['duration minutes', 'duration', 'duration mins', 'minutes', 'length mins', 'length'],
    injury_person: INJURY_PERSON,
    injury_staff: INJURY_STAFF,
  },
  shifts: {
    shift_id: ['shift id', 'shift ref', 'duty id', 'duty ref', 'assignment id', 'booking ref', 'booking id', 'booking reference', 'line id', 'rota id', 'request id', 'id'],
    staff_id: ['staff id', 'employee number', 'employee no', 'employee id', 'staff number', 'staff no', 'assignment number', 'payroll number', 'esr number', 'person number', 'worker id'],
    staff_name: ['staff name', 'employee name', 'name', 'staff', 'worker', 'full name', 'staff member', 'employee', 'worker name'],
    unit: UNIT,
    shift_date: ['duty date', 'shift date', 'date', 'rota date', 'work date', 'day', 'date of shift'],
    start: ['shift start', 'start', 'start time', 'start date time', 'from', 'duty start', 'actual start', 'shift start time', 'begins'],
    end: ['shift end', 'end', 'end time', 'end date time', 'finish', 'finish time', 'to', 'duty end', 'actual end', 'shift end time', 'ends'],
    end_date: ['end date', 'finish date'],
    role: ['role', 'grade', 'job title', 'designation', 'band', 'staff grade', 'skill', 'job role', 'position'],
    contract: ['staff type', 'contract', 'contract type', 'employment', 'employment type', 'employment status', 'worker type', 'staff group', 'fill type', 'filled by', 'booking type', 'source', 'type'],
    status: ['shift status', 'status', 'duty status', 'attendance', 'state', 'outcome', 'fulfilment', 'worked', 'attended', 'shift worked'],
    person_id: ['allocated to', 'allocated person', 'one to one with', '1 1 with', 'observation patient', 'patient', 'service user', 'person'],
  },
  requirements: {
    unit: UNIT,
    shift: ['shift', 'shift name', 'shift type', 'period', 'duty'],
    required: ['required', 'staff required', 'required staff', 'minimum staffing', 'minimum', 'min staff', 'establishment', 'safe staffing', 'number required', 'planned staff', 'staffing level'],
    weekday: ['weekday', 'day', 'day of week', 'days'],
  },
  planDelivery: {
    person_id: PERSON,
    date: ['date', 'planned date', 'session date', 'day', 'date planned'],
    strategy: ['strategy', 'proactive strategy', 'activity', 'planned activity', 'support', 'plan item', 'session', 'intervention', 'pbs strategy'],
    delivered: ['delivered', 'delivered y n', 'was it delivered', 'done', 'completed', 'took place', 'happened', 'outcome'],
    reason_not_delivered: ['reason not delivered', 'reason not done', 'not delivered reason', 'why not', 'barrier', 'reason', 'comments'],
  },
  events: {
    person_id: PERSON,
    unit: UNIT,
    date: ['date', 'event date', 'date of event'],
    type: ['type', 'event type', 'event', 'category', 'kind'],
    description: ['description', 'details', 'notes', 'what happened', 'summary'],
  },
};

/** Aliases as word lists; a canonical field's own name (canonical CSVs) always matches it. */
const PREPARED: Record<FileKind, [string, string[][]][]> = Object.fromEntries(
  FILE_KINDS.map((k) => [
    k,
    Object.entries(HEADER_DICTIONARY[k]).map(([t, aliases]) => [t, [t, ...aliases].map((a) => headerKey(a).split(' '))]),
  ]),
) as Record<FileKind, [string, string[][]][]>;

/**
 * Every word of every alias. A header holding none of them matches no alias, so it is passed over
 * at once: a wide export's thousands of unmapped columns would otherwise each be scored against
 * the whole dictionary, for every candidate header row and every kind (seconds for 10,000).
 */
const ALIAS_WORDS = new Set(FILE_KINDS.flatMap((k) => PREPARED[k].flatMap(([, aliases]) => aliases.flat())));
const mayMatch = (key: string) => key.split(' ').some((w) => ALIAS_WORDS.has(w));

/**
 * How well a header matches an alias list, 0–1: 1 for the same words; less when the alias words
 * appear in a longer header ("Incident Date (dd/mm/yyyy)"). Short aliases (id, rt) only match whole.
 */
export function aliasScore(key: string, aliases: string[][]): number {
  const words = key.split(' ');
  let best = 0;
  for (const a of aliases) {
    if (a.length === words.length && a.every((w, i) => w === words[i])) return 1;
    if (a.length === 1 && a[0]!.length < 4) continue;
    for (let i = 0; i + a.length <= words.length; i++) {
      if (a.every((w, j) => w === words[i + j])) {
        best = Math.max(best, 0.5 + (0.4 * a.length) / words.length);
        break;
      }
    }
  }
  return best;
}

/** A cell that reads as a value rather than a column name: numbers, dates, times. */
export function looksLikeData(cell: string): boolean {
  const c = cell.trim();
  if (c === '') return false;
  return /^[-+£$]?\d+([.,]\d+)*%?$/.test(c) || /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/.test(c) || /^\d{1,2}:\d{2}/.test(c) || /^\d{1,2}-[a-z]{3}-\d{2,4}/i.test(c);
}

/** Best dictionary match of a header across all kinds (how "header-like" the cell is). */
function knownScore(key: string): number {
  if (!mayMatch(key)) return 0;
  let best = 0;
  for (const k of FILE_KINDS) for (const [, aliases] of PREPARED[k]) best = Math.max(best, aliasScore(key, aliases));
  return best;
}

// ---------------------------------------------------------------------------------------------
// Header row detection.

export interface HeaderDetection {
  /** Index of the first header record in the rows given. */
  headerRow: number;
  /** 1, or 2 when group titles sit above the column names. */
  headerRows: number;
  /** Column names, group titles combined ("Restraint Used?"), unique, blanks named "Column N". */
  headers: string[];
  /** Index of the first data record. */
  dataStart: number;
  score: number;
  /** Names more than one column has (headers then holds "Name", "Name (2)"…). */
  repeated?: RepeatedName[];
}

/**
 * Combine a group-title row with the column-name row below it. With merge ranges (xlsx) a title
 * covers exactly its merged cells; without them (CSV) a title carries to the right over blank
 * title cells whose column has a name below, the way a merged cell exports to CSV.
 */
export function combineHeaderRows(top: string[], bottom: string[], topRowIndex?: number, merges: MergeRange[] = []): string[] {
  const width = Math.max(top.length, bottom.length);
  const out: string[] = [];
  let carry = '';
  for (let c = 0; c < width; c++) {
    const t = (top[c] ?? '').trim();
    const b = (bottom[c] ?? '').trim();
    let parent = t;
    if (topRowIndex !== undefined && merges.length > 0) {
      const m = merges.find((r) => r.top <= topRowIndex && r.bottom >= topRowIndex && r.left <= c && r.right >= c);
      if (!t && m) parent = (top[m.left] ?? '').trim();
    } else if (t) {
      carry = b ? t : '';
    } else {
      parent = b ? carry : '';
      if (!b) carry = '';
    }
    out.push(parent && b && parent !== b ? `${parent} ${b}` : parent || b);
  }
  return out;
}

/** Blank names become "Column N"; repeated names get " (2)", " (3)"… so every column has a unique name. */
export function uniqueHeaders(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const base = raw.replace(/\s+/g, ' ').trim() || `Column ${i + 1}`;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** A column name used more than once: its columns (1-based) and the unique names uniqueHeaders gave them. */
export interface RepeatedName {
  name: string;
  columns: number[];
  headers: string[];
}

/** Names (compared as uniqueHeaders compares them) that more than one column has. */
export function repeatedNames(names: string[]): RepeatedName[] {
  const unique = uniqueHeaders(names);
  const groups = new Map<string, RepeatedName>();
  names.forEach((raw, i) => {
    const name = raw.replace(/\s+/g, ' ').trim();
    if (!name) return;
    const g = groups.get(name.toLowerCase()) ?? { name, columns: [], headers: [] };
    g.columns.push(i + 1);
    g.headers.push(unique[i]!);
    groups.set(name.toLowerCase(), g);
  });
  return [...groups.values()].filter((g) => g.columns.length > 1);
}

/** Why a file whose columns to read share a name is refused, naming them. */
export function repeatedNamesMessage(groups: RepeatedName[]): string {
  const list = groups.map((g) => `"${g.name}" (columns ${g.columns.join(' and ')})`).join('; ');
  return (
    `More than one column has the same name: ${list}. PBS Lens cannot tell which of them to read, so the file was not imported. ` +
    'Rename or remove the extra column in the export (or in a spreadsheet) and import it again.'
  );
}

const filled = (row: string[] | undefined) => (row ?? []).filter((c) => c.trim() !== '').length;

function scoreHeader(names: string[], rows: string[][], dataStart: number): number {
  const cells = names.filter((n) => n.trim() !== '');
  if (cells.length < 2) return -Infinity;
  const dataLike = cells.filter(looksLikeData).length;
  const known = cells.reduce((s, n) => s + (knownScore(headerKey(n)) >= 0.6 ? knownScore(headerKey(n)) : 0), 0);
  const distinct = new Set(cells.map((c) => c.toLowerCase())).size;
  // Rows below a real header are about as wide as it.
  const below = rows.slice(dataStart, dataStart + 10);
  const fits = below.length === 0 ? 0.5 : below.filter((r) => filled(r) >= Math.max(2, 0.4 * cells.length) && filled(r) <= names.length + 1).length / below.length;
  return known * 3 + distinct - dataLike * 4 + fits * 3;
}

/**
 * Find the header in the first records of a table: below report titles ("Incident Report – All
 * Incidents", "Printed 03/04/2025") and blank lines; one row, or two when a row of group titles
 * ("Restraint") sits over column names ("Used? | Position | Minutes"). Null when no row reads as
 * a header (a file of bare data): the user must say where the columns are.
 */
export function findHeader(rows: string[][], merges: MergeRange[] = []): HeaderDetection | null {
  let best: HeaderDetection | null = null;
  const limit = Math.min(rows.length, 30);
  for (let r = 0; r < limit; r++) {
    const row = rows[r]!;
    if (filled(row) < 2) continue;
    const options: { names: string[]; count: number }[] = [{ names: row, count: 1 }];
    const next = rows[r + 1];
    if (next && filled(next) >= 2 && !next.some(looksLikeData) && hasGroupGaps(row, next, r, merges)) {
      options.push({ names: combineHeaderRows(row, next, r, merges), count: 2 });
    }
    for (const o of options) {
      const score = scoreHeader(o.names, rows, r + o.count);
      if (!best || score > best.score + 1e-9) {
        best = { headerRow: r, headerRows: o.count, headers: uniqueHeaders(o.names), dataStart: r + o.count, score, repeated: repeatedNames(o.names) };
      }
    }
  }
  if (!best || best.score === -Infinity) return null;
  // A "header" made of values, with no name we know, is data: there is no header row.
  const cells = rows[best.headerRow]!.filter((c) => c.trim() !== '');
  const known = best.headers.filter((h) => knownScore(headerKey(h)) >= 0.6).length;
  if (known === 0 && cells.filter(looksLikeData).length >= cells.length / 2) return null;
  return best;
}

/** A group-title row has blank cells over named columns (or is merged across them). */
function hasGroupGaps(top: string[], bottom: string[], r: number, merges: MergeRange[]): boolean {
  if (merges.some((m) => m.top <= r && m.bottom >= r && m.right > m.left)) return true;
  let seenTitle = false;
  for (let c = 0; c < bottom.length; c++) {
    const t = (top[c] ?? '').trim();
    if (t) seenTitle = true;
    else if (seenTitle && (bottom[c] ?? '').trim()) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Kind detection and column matching.

export interface ColumnMatch {
  target: string;
  column: string;
  score: number;
  /** Why this column: its name, its values, the candidates passed over. */
  why?: string;
  /** Backed by its name, a link to another file, or the only column whose values fit. */
  confident?: boolean;
}

/** What the caller knows from other files imported with this one (see links.ts). */
export interface LinkHint {
  column: string;
  /**
   * What the column holds, by what the other file's column is: an incident reference, a person,
   * a staff member; or `reference`: this file's own reference, which another file quotes.
   */
  role: 'incident' | 'person' | 'staff' | 'reference';
  why: string;
}

/** The target a link role fills in a kind. */
export function linkTarget(kind: FileKind, role: LinkHint['role']): string | undefined {
  if (role === 'incident') return kind === 'interventions' ? 'incident_id' : undefined;
  if (role === 'reference') return kind === 'incidents' ? 'incident_id' : undefined;
  if (role === 'person') return TABLES[kind].fields.some((f) => f.name === 'person_id') ? 'person_id' : undefined;
  return kind === 'shifts' ? 'staff_id' : kind === 'incidents' ? 'staff_involved' : undefined;
}

/** Words vendors abbreviate: "Assignment No", "Patient Num". */
const WORD_FORMS: Record<string, string> = { no: 'number', num: 'number', nbr: 'number', nr: 'number' };

/**
 * The keys a header is matched by: its words, abbreviations spelt out, and without a table
 * prefix that most columns share (raw database extracts: inc_dincident, con_number).
 */
function matchKeys(headers: readonly string[]): string[][] {
  const prefixed = headers.filter((h) => /^[a-z]{2,4}_\w/.test(h.trim())).length;
  const strip = prefixed >= 3 && prefixed >= headers.length / 2;
  return headers.map((h) => {
    const key = headerKey(h);
    const spelt = key.split(' ').map((w) => WORD_FORMS[w] ?? w).join(' ');
    const keys = new Set([key, spelt]);
    if (strip && /^[a-z]{2,4}_\w/.test(h.trim())) keys.add(headerKey(h.trim().replace(/^[a-z]{2,4}_/, '')));
    return [...keys];
  });
}

/** Best alias score over a header's keys, with the alias's place in the list (earlier wins ties). */
function bestAlias(keys: string[], aliases: string[][]): { score: number; index: number } {
  let best = { score: 0, index: aliases.length };
  for (const key of keys) {
    if (!mayMatch(key) && !ALIAS_COMPACT.has(key.replace(/ /g, ''))) continue;
    const compact = key.replace(/ /g, '');
    aliases.forEach((a, index) => {
      let score = aliasScore(key, [a]);
      if (score < 1 && a.length > 1 && a.join('') === compact) score = 1;
      if (score > best.score || (score === best.score && score > 0 && index < best.index)) best = { score, index };
    });
  }
  return best;
}

/** Aliases of two or more words written together ("recordid"): matched without their spaces. */
const ALIAS_COMPACT = new Set(FILE_KINDS.flatMap((k) => PREPARED[k].flatMap(([, aliases]) => aliases.filter((a) => a.length > 1).map((a) => a.join('')))));

/** Beyond this many columns, values are not profiled for fields the names do not give (wide exports). */
const VALUE_ONLY_MAX_COLUMNS = 300;

/**
 * Best one-to-one matching of columns to a kind's targets: highest scores first, the earlier alias
 * and dictionary order on ties. With value profiles, a match is weighed by its column's values
 * (a column holding one value loses to one that varies; codes beat names for ids), columns the
 * names miss can qualify by their values alone, and links to other files decide their columns.
 */
export function matchColumns(headers: string[], kind: FileKind, profiles?: Profiles, links: readonly LinkHint[] = []): ColumnMatch[] {
  type Cand = ColumnMatch & { order: number; alias: number; passed?: string };
  const all: Cand[] = [];
  const keys = matchKeys(headers);
  const profile = (c: string) => profiles?.get(c);
  const named = keys.flatMap((ks, i) => (ks.some((k) => mayMatch(k) || ALIAS_COMPACT.has(k.replace(/ /g, ''))) ? [i] : []));
  PREPARED[kind].forEach(([target, aliases], order) => {
    named.forEach((i) => {
      const column = headers[i]!;
      const { score, index } = bestAlias(keys[i]!, aliases);
      if (score < 0.6) return;
      const p = profile(column);
      const adj = p ? valueFactor(kind, target, p, keys[i]![0]!) : { factor: 1 };
      const name = `named "${column}"`;
      const why = p ? `${name}; ${describeValues(p)}${adj.why && adj.factor < 1 && !p.constant ? ` (${adj.why})` : ''}` : name;
      // Confident: a name that says it, or a partial name whose values fit. The ranking factor
      // weighs candidates against each other; a constant unit is still the file's unit.
      const fits = !!p && !adj.mismatch && (score >= 0.75 || valueCandidate(kind, target, p, keys[i]![0]!) !== null || !p.constant);
      const confident = p ? score >= 0.6 && fits : score >= 0.75;
      all.push({ target, column, score: score * adj.factor, why, confident, order, alias: index, ...(adj.factor < 1 && adj.why ? { passed: adj.why } : {}) });
    });
  });
  if (profiles && headers.length <= VALUE_ONLY_MAX_COLUMNS) {
    PREPARED[kind].forEach(([target], order) => {
      const fits = headers.flatMap((column, i) => {
        const v = valueCandidate(kind, target, profiles.get(column), keys[i]![0]!);
        return v ? [{ column, v }] : [];
      });
      // The only column whose values fit is a confident choice; among several, a guess to confirm.
      for (const { column, v } of fits) all.push({ target, column, score: v.score, why: v.why, confident: fits.length === 1, order, alias: 999 });
    });
  }
  for (const l of links) {
    const target = linkTarget(kind, l.role);
    if (target && headers.includes(l.column)) all.push({ target, column: l.column, score: 2, why: l.why, confident: true, order: -1, alias: -1 });
  }
  all.sort((a, b) => b.score - a.score || a.alias - b.alias || a.order - b.order || headers.indexOf(a.column) - headers.indexOf(b.column));
  const usedTargets = new Set<string>();
  const usedColumns = new Set<string>();
  const out: ColumnMatch[] = [];
  for (const m of all) {
    if (usedTargets.has(m.target) || usedColumns.has(m.column)) continue;
    usedTargets.add(m.target);
    usedColumns.add(m.column);
    // Name the candidates this one won over because of their values.
    const passed = all.filter((x) => x.target === m.target && x.column !== m.column && x.passed && !usedColumns.has(x.column));
    const note = passed.length > 0 ? `; not ${passed.map((x) => `"${x.column}" (${x.passed})`).join(', ')}` : '';
    out.push({ target: m.target, column: m.column, score: m.score, ...(m.why ? { why: m.why + note } : {}), confident: m.confident ?? true });
  }
  return profiles ? preferCodes(kind, preferFiner(out, all, profiles), headers, profiles) : out;
}

/** Descriptive fields a sub-category refines: the behaviour is in the finer column. */
const REFINED = new Set(['behaviour_type']);

/**
 * A descriptive field given a category takes the named candidate nested under it with more values
 * and nearly as filled ("Incident Sub-Category" under "Incident Category"): the category groups
 * the behaviours, the sub-category says which one.
 */
function preferFiner(matches: ColumnMatch[], candidates: readonly ColumnMatch[], profiles: Profiles): ColumnMatch[] {
  const used = new Set(matches.map((m) => m.column));
  return matches.map((m) => {
    if (!REFINED.has(m.target)) return m;
    const coarse = profiles.get(m.column);
    const finer = candidates.find((c) => {
      if (c.target !== m.target || used.has(c.column) || !c.why?.startsWith('named')) return false;
      const p = profiles.get(c.column);
      return p.distinct > coarse.distinct && p.filled >= 0.8 * coarse.filled && nestsUnder(profiles.values(c.column), profiles.values(m.column));
    });
    if (!finer) return m;
    used.add(finer.column);
    const why = `${finer.why}; finer than "${m.column}": each of its values falls under one of "${m.column}"'s (${examplesOf(coarse)})`;
    return { target: m.target, column: finer.column, score: m.score, why, confident: true };
  });
}

const ID_WORDS = new Set(['id', 'number', 'ref', 'reference', 'code', 'nhs', 'mrn', 'assignment', 'payroll', 'esr', 'identifier', 'key']);

/**
 * An id field given a column of names takes the column of codes that goes one-to-one with
 * those names (Employee → Assignment No), and the names go to the name field.
 */
function preferCodes(kind: FileKind, matches: ColumnMatch[], headers: string[], profiles: Profiles): ColumnMatch[] {
  const pairs: [string, string | undefined][] = kind === 'shifts' ? [['staff_id', 'staff_name']] : kind === 'people' ? [['person_id', 'name']] : [['person_id', undefined]];
  let out = matches;
  for (const [idTarget, nameTarget] of pairs) {
    if (!TABLES[kind].fields.some((f) => f.name === idTarget)) continue;
    const idMatch = out.find((m) => m.target === idTarget);
    const nameMatch = nameTarget ? out.find((m) => m.target === nameTarget) : undefined;
    const namesCol = idMatch && profiles.get(idMatch.column).code < 0.5 ? idMatch.column : !idMatch ? nameMatch?.column : undefined;
    if (!namesCol) continue;
    const names = profiles.get(namesCol);
    if (names.name < 0.5) continue;
    const used = new Set(out.map((m) => m.column));
    const nameWords = new Set(headerKey(namesCol).split(' '));
    const code = headers.find((c) => {
      if (used.has(c)) return false;
      // Named as an id, or as the same thing as the names ("Patient Name" / "Patient Hospital No"):
      // a room number also goes one per name.
      const words = matchKeys([c])[0]!.flatMap((k) => k.split(' '));
      if (!words.some((w) => ID_WORDS.has(w) || nameWords.has(w)) || words.some((w) => NOT_ID_WORDS.has(w))) return false;
      const p = profiles.get(c);
      return p.code >= 0.9 && !p.constant && (kind === 'people' || !p.unique || names.unique) && oneToOne(profiles.values(namesCol), profiles.values(c));
    });
    if (!code) continue;
    const why = `codes like ${examplesOf(profiles.get(code))}, one per name in "${namesCol}"`;
    out = out.filter((m) => m.target !== idTarget && m.target !== nameTarget);
    out.push({ target: idTarget, column: code, score: 1, why, confident: true });
    if (nameTarget) out.push({ target: nameTarget, column: namesCol, score: 1, why: `names: ${describeValues(names)} (pseudonymised on import)`, confident: true });
  }
  return out;
}

/** Required fields that a combination of parts can stand in for. */
const STAND_INS: Record<string, string[]> = {
  occurred_at: ['occurred_date'],
  start: ['shift_date'],
  end: ['shift_date'],
  shift_id: ['*'],
  incident_id: ['*'],
  staff_id: ['staff_name'],
  person_id: ['name'],
};

export interface KindGuess {
  kind: FileKind;
  /** Sum of match scores, required fields counted twice, times coverage; plus what the values say. */
  score: number;
  /** Share of required fields found (or their stand-ins). */
  coverage: number;
  /** 0–1: how clearly this kind beats the others, times coverage. */
  confidence: number;
  /** Why, in words: the columns that fit, what the values say for or against. */
  why: string[];
}

/** Rank the file kinds by how well the headers (and, given profiles, the values) fit them. */
export function detectKind(headers: string[], profiles?: Profiles, links: readonly LinkHint[] = []): KindGuess[] {
  const all = profiles && headers.length <= VALUE_ONLY_MAX_COLUMNS ? headers.map((h) => profiles.get(h)) : [];
  const raw = FILE_KINDS.map((kind) => {
    const matches = matchColumns(headers, kind, profiles, links);
    const found = new Set(matches.map((m) => m.target));
    const required = TABLES[kind].fields.filter((f) => f.required).map((f) => f.name);
    const isRequired = (t: string) => required.includes(t);
    const score = matches.reduce((s, m) => s + Math.min(1, m.score) * (isRequired(m.target) ? 2 : 1), 0);
    // Ids the loader can make from content do not count for coverage either way.
    const counted = required.filter((f) => !(STAND_INS[f] ?? []).includes('*'));
    const satisfied = counted.filter((f) => found.has(f) || (STAND_INS[f] ?? []).some((s) => found.has(s)));
    const coverage = counted.length === 0 ? 1 : satisfied.length / counted.length;
    const why: string[] = [];
    const fitting = matches.filter((m) => isRequired(m.target) || m.score >= 0.8).map((m) => `"${m.column}"`);
    if (fitting.length > 0) why.push(`columns that fit: ${fitting.slice(0, 5).join(', ')}${fitting.length > 5 ? ', …' : ''}`);
    const missing = counted.filter((f) => !satisfied.includes(f));
    if (missing.length > 0) why.push(`no column for ${missing.join(', ')}`);
    let bonus = 0;
    if (profiles && all.length > 0) {
      const signal = kindSignal(kind, {
        column: (t) => matches.find((m) => m.target === t)?.column,
        profile: (c) => profiles.get(c),
        all,
      });
      bonus += signal.bonus;
      why.push(...signal.why);
    }
    for (const l of links) {
      if (l.role === 'incident' && kind === 'interventions' && headers.includes(l.column)) {
        bonus += 4;
        why.push(l.why);
      }
    }
    return { kind, score: Math.max(0, score * coverage + bonus * (coverage > 0 ? 1 : 0)), coverage, why };
  }).sort((a, b) => b.score - a.score);
  const top = raw[0]!.score;
  const second = raw[1]?.score ?? 0;
  return raw.map((r) => ({ ...r, confidence: top === 0 ? 0 : r.coverage * (r.score / (top + second)) }));
}

// ---------------------------------------------------------------------------------------------
// The proposed mapping: matches turned into field sources, formats detected from sample values,
// and the questions the user must answer before the file can be loaded.

export type Question =
  /** The headers fit no kind clearly: which kind of export is this? */
  | { type: 'kind'; options: KindGuess[] }
  /** "03/04/2025: 3 April or 4 March?" */
  | { type: 'dateOrder'; field: string; column: string; question: DateQuestion }
  /** A date/time column in a format we cannot read. */
  | { type: 'dateFormat'; field: string; column: string; unparsed: string[] }
  /** Values of a coded column we do not know, e.g. which staff type means agency. */
  | {
      type: 'values';
      /** A canonical field, or for flat intervention columns the intervention's label. */
      field: string;
      /** Set for flat intervention columns: the answer goes to that entry's flagValues / values. */
      intervention?: { label: string; part: 'flag' | 'type' };
      column: string;
      vocabulary: VocabularyName;
      unknown: { value: string; count: number }[];
      options: { value: string; label: string }[];
    }
  /**
   * A required field with no column, or (with `proposed`) one whose column is a guess the values
   * do not settle: pick one (or give a constant). Open until the field is answered.
   */
  | { type: 'missingField'; field: string; description: string; proposed?: { column: string; why: string } };

export interface ProposalInput {
  /** Records of the file or sheet (a preview is enough), as text cells. */
  rows: string[][];
  merges?: MergeRange[];
  format: 'delimited' | 'xlsx';
  encoding?: Mapping['encoding'];
  delimiter?: Mapping['delimiter'];
  quote?: Mapping['quote'];
  sheet?: string;
  /** The user's choice of kind, overriding detection. */
  kind?: FileKind;
  /** The user's answer to a date-order question, applied to every ambiguous column. */
  dateOrder?: DateOrder;
  /** Columns found to link to other files imported with this one (links.ts). */
  links?: LinkHint[];
}

export type Proposal =
  | {
      ok: true;
      header: HeaderDetection;
      kinds: KindGuess[];
      mapping: Mapping;
      matches: ColumnMatch[];
      /** Unanswered questions: the file must not be loaded while any remain. */
      questions: Question[];
      /** Things the user should know but need not answer. */
      notes: string[];
      /** Columns not used by the mapping. */
      unmapped: string[];
      /** Why each mapped field has its column(s), by field. */
      why: Record<string, string>;
    }
  | { ok: false; message: string };

const TIMESTAMP_PARTS: Record<string, { date: string; time?: string; endDate?: string }> = {
  occurred_at: { date: 'occurred_date', time: 'occurred_time' },
  started_at: { date: 'start_date' },
  ended_at: { date: 'end_date' },
  start: { date: 'shift_date' },
  end: { date: 'end_date', endDate: 'shift_date' },
};


/** Read the table's shape and propose a mapping, with the questions it could not settle. */
export function proposeMapping(input: ProposalInput): Proposal {
  const header = findHeader(input.rows, input.merges);
  if (!header) {
    return { ok: false, message: 'No header row found in the first 30 rows: the file needs a row of column names above the data.' };
  }
  const data = input.rows.slice(header.dataStart).filter((r) => r.some((c) => c.trim() !== ''));
  if (data.length === 0) return { ok: false, message: 'The file has a header row but no data rows below it.' };
  const profiles = tableProfiles(header.headers, data);
  const links = input.links ?? [];
  const kinds = detectKind(header.headers, profiles, links);
  const kind = input.kind ?? kinds[0]!.kind;
  const questions: Question[] = [];
  const notes: string[] = [];
  if (!input.kind && (kinds[0]!.confidence < 0.5 || kinds[0]!.coverage < 1)) questions.push({ type: 'kind', options: kinds });

  const matches = matchColumns(header.headers, kind, profiles, links);
  const col = (target: string) => matches.find((m) => m.target === target)?.column;
  const samples = (column: string) => {
    const i = header.headers.indexOf(column);
    return data.map((r) => r[i] ?? '');
  };
  const detect = (field: string, column: string, expect: 'date' | 'time' | 'datetime'): DateDetection => {
    const d = detectDateFormat(samples(column), { expect, order: input.dateOrder });
    if (d.status === 'ambiguous') questions.push({ type: 'dateOrder', field, column, question: d.question });
    if (d.status === 'unrecognised') questions.push({ type: 'dateFormat', field, column, unparsed: d.unparsed });
    return d;
  };
  /** The format to store now (the UK reading while a question is open), or undefined if unreadable. */
  const formatOf = (d: DateDetection): DateFormat | undefined =>
    d.status === 'ok' ? d.format : d.status === 'ambiguous' ? d.question.options.find((o) => o.order === d.question.suggested)!.format : undefined;
  const askValues = (field: string, column: string, vocabulary: VocabularyName, intervention?: { label: string; part: 'flag' | 'type' }) => {
    const unknown = unknownValues(vocabulary, samples(column));
    if (unknown.length === 0) return;
    questions.push({ type: 'values', field, ...(intervention ? { intervention } : {}), column, vocabulary, unknown, options: VOCABULARY_OUTPUTS[vocabulary] });
  };

  const fields: Record<string, FieldMapping> = {};
  const used = new Set<string>();
  const use = (...columns: (string | undefined)[]) => columns.forEach((c) => c && used.add(c));

  for (const spec of TABLES[kind].fields) {
    const name = spec.name;
    const direct = col(name);
    if (spec.type === 'timestamp') {
      const fm = timestampField(name, direct);
      if (fm) fields[name] = fm;
      continue;
    }
    if (!direct) {
      if (name === 'staff_id' && col('staff_name')) {
        fields[name] = { source: { from: 'column', column: col('staff_name')! } };
        use(col('staff_name'));
        notes.push(`Staff are identified by name ("${col('staff_name')}"): names are pseudonymised on import.`);
      } else if (name === 'person_id' && kind === 'people' && col('name')) {
        fields[name] = { source: { from: 'column', column: col('name')! } };
        use(col('name'));
        notes.push(`People are identified by name ("${col('name')}"): names are pseudonymised on import.`);
      } else if (spec.type === 'id' && spec.required && TABLES[kind].key.length === 1 && TABLES[kind].key[0] === name) {
        fields[name] = { source: { from: 'contentKey' } };
        notes.push(`No ${name} column: rows are identified by their content, so re-importing the same rows is still recognised.`);
      }
      continue;
    }
    use(direct);
    const fm: FieldMapping = { source: { from: 'column', column: direct } };
    if (spec.type === 'date') {
      const f = formatOf(detect(name, direct, 'date'));
      if (f) fm.format = f;
    }
    const vocabulary = VOCABULARY_OF[spec.type];
    if (vocabulary) askValues(name, direct, vocabulary);
    fields[name] = fm;
  }

  function timestampField(name: string, direct: string | undefined): FieldMapping | undefined {
    const parts = TIMESTAMP_PARTS[name] ?? { date: '' };
    const dateCol = col(parts.date) ?? (parts.endDate ? col(parts.endDate) : undefined);
    const timeCol = parts.time ? col(parts.time) : undefined;
    const notBefore = name === 'end' ? 'start' : name === 'ended_at' ? 'started_at' : undefined;
    const withOrder = (fm: FieldMapping): FieldMapping => (notBefore && TABLES[kind].fields.some((f) => f.name === notBefore) ? { ...fm, notBefore } : fm);
    if (direct) {
      const d = detect(name, direct, 'datetime');
      const f = formatOf(d);
      const hasDate = d.status === 'ok' ? d.hasDate : true;
      const hasTime = d.status === 'ok' ? d.hasTime : true;
      if (f && !hasDate && dateCol) {
        // A time column: the date comes from the date column (rota: Duty Date + Shift Start).
        const df = formatOf(detect(name, dateCol, 'date'));
        use(direct, dateCol);
        return withOrder({ source: { from: 'dateTime', date: dateCol, time: direct }, ...(df ? { format: df } : {}), timeFormat: f });
      }
      if (f && !hasDate) {
        // A time of day with no date anywhere cannot be placed on a day: stored, it would read as
        // a date in 1900 (and be refused as implausible). Left empty, said in words.
        notes.push(`"${direct}" holds times of day without dates, and no column gives the date: ${name} is left empty.`);
        return undefined;
      }
      if (f && hasDate && !hasTime && timeCol) {
        const tf = formatOf(detect(name, timeCol, 'time'));
        use(direct, timeCol);
        return withOrder({ source: { from: 'dateTime', date: direct, time: timeCol }, format: f, ...(tf ? { timeFormat: tf } : {}) });
      }
      if (f && hasDate && !hasTime) notes.push(`"${direct}" holds dates without times: ${name} will be at midnight.`);
      use(direct);
      return withOrder({ source: { from: 'column', column: direct }, ...(f ? { format: f } : {}) });
    }
    if (dateCol && timeCol) {
      const df = formatOf(detect(name, dateCol, 'date'));
      const tf = formatOf(detect(name, timeCol, 'time'));
      use(dateCol, timeCol);
      return withOrder({ source: { from: 'dateTime', date: dateCol, time: timeCol }, ...(df ? { format: df } : {}), ...(tf ? { timeFormat: tf } : {}) });
    }
    if (dateCol && name === 'occurred_at') {
      const df = formatOf(detect(name, dateCol, 'date'));
      use(dateCol);
      notes.push(`No time column: incidents will be placed at midnight of "${dateCol}", which puts them in the wrong shift.`);
      return { source: { from: 'column', column: dateCol }, ...(df ? { format: df } : {}) };
    }
    return undefined;
  }

  const interventions = kind === 'incidents' ? flatInterventions() : [];
  if (kind === 'interventions') placeRestraints();

  /** A column of restraint positions beside the intervention kinds gives a physical restraint its position. */
  function placeRestraints(): void {
    const fm = fields.type;
    if (fm?.source.from !== 'column' || profiles.get(fm.source.column).position >= 0.8) return;
    const position = header!.headers.find((h) => !used.has(h) && profiles.get(h).filled > 0 && profiles.get(h).position >= 0.8);
    if (!position) return;
    fm.detail = position;
    use(position);
    notes.push(`"${position}" holds restraint positions (${examplesOf(profiles.get(position))}): a physical restraint takes its position from it (Prone → 01 prone restraint).`);
  }

  function flatInterventions(): InterventionSource[] {
    const out: InterventionSource[] = [];
    const timeOf = (target: string): InterventionSource['start'] => {
      const c = col(target);
      if (!c) return undefined;
      const f = formatOf(detect(target, c, 'datetime'));
      use(c);
      return f ? { column: c, format: f } : undefined;
    };
    // "Restraint" may hold yes/no or the position itself: the values decide.
    let flag = col('restraint_flag');
    let typeColumn = col('restraint_type');
    if (flag && !typeColumn && mostly(samples(flag), 'interventionType') > mostly(samples(flag), 'boolean')) [flag, typeColumn] = [undefined, flag];
    const groups: [string, string | undefined, string | undefined, string, string | undefined, string | undefined, string | undefined][] = [
      ['Restraint', flag, typeColumn, '02', col('restraint_minutes'), 'restraint_start', 'restraint_end'],
      ['Seclusion', col('seclusion_flag'), undefined, '05', col('seclusion_minutes'), 'seclusion_start', 'seclusion_end'],
      ['Segregation', col('segregation_flag'), undefined, '06', undefined, undefined, undefined],
      ['Mechanical restraint', col('mechanical_flag'), undefined, '04', undefined, undefined, undefined],
      ['Rapid tranquillisation', col('rt_flag'), undefined, '14', undefined, undefined, undefined],
      ['PRN medication', col('prn_flag'), undefined, 'PRN', undefined, undefined, undefined],
    ];
    for (const [label, f, t, type, minutes, startT, endT] of groups) {
      const start = startT ? timeOf(startT) : undefined;
      const end = endT ? timeOf(endT) : undefined;
      if (!f && !t && !minutes && !start) continue;
      // A bare "Duration" on an incident is how long the behaviour lasted: restraint minutes only
      // when something else (a flag, a type, a time, the column's own name) says restraint.
      if (!f && !t && !start && !end && minutes && !/restrain|hold|intervention|secl/.test(headerKey(minutes))) {
        notes.push(`"${minutes}" holds lengths of time, but nothing says they are ${label.toLowerCase()}s: it is not read as one.`);
        continue;
      }
      use(f, t, minutes);
      if (f) askValues(label, f, 'boolean', { label, part: 'flag' });
      if (t) askValues(label, t, 'interventionType', { label, part: 'type' });
      const reason = label === 'Restraint' ? col('intervention_reason') : undefined;
      use(reason);
      out.push({
        label,
        ...(f ? { flag: f } : {}),
        ...(t ? { typeColumn: t } : {}),
        type,
        ...(minutes ? { minutes } : {}),
        ...(start ? { start } : {}),
        ...(end ? { end } : {}),
        ...(reason ? { reason } : {}),
      });
    }
    return out;
  }

  // Two columns of one name, one of them read: which holds the data only the user can say.
  const clash = (header.repeated ?? []).filter((g) => g.headers.some((h) => used.has(h)));
  if (clash.length > 0) return { ok: false, message: repeatedNamesMessage(clash) };

  const why = fieldReasons(fields, matches, profiles);
  if (fields.type?.detail) why.type += `; positions from "${fields.type.detail}"`;
  for (const spec of TABLES[kind].fields) {
    const fm = fields[spec.name];
    if (!spec.required || !fm || fm.source.from === 'contentKey') continue;
    const guess = sourceColumns(fm).map((c) => matches.find((m) => m.column === c)).find((m) => m && m.confident === false);
    if (guess) questions.push({ type: 'missingField', field: spec.name, description: spec.description, proposed: { column: guess.column, why: guess.why ?? '' } });
  }
  for (const f of missingRequired({ kind, fields })) {
    questions.push({ type: 'missingField', field: f, description: TABLES[kind].fields.find((x) => x.name === f)!.description });
  }

  const mapping: Mapping = {
    version: 1,
    kind,
    format: input.format,
    ...(input.encoding ? { encoding: input.encoding } : {}),
    ...(input.delimiter ? { delimiter: input.delimiter } : {}),
    ...(input.quote ? { quote: input.quote } : {}),
    ...(input.sheet ? { sheet: input.sheet } : {}),
    headerRow: header.headerRow,
    headerRows: header.headerRows,
    headers: header.headers,
    signature: headersSignature(header.headers),
    fields,
    ...(interventions.length > 0 ? { interventions } : {}),
  };
  return {
    ok: true,
    header,
    kinds,
    mapping,
    matches,
    questions,
    notes,
    unmapped: header.headers.filter((h) => !used.has(h)),
    why,
  };
}

/** The columns a field reads. */
function sourceColumns(fm: FieldMapping): string[] {
  const s = fm.source;
  return s.from === 'column' ? [s.column] : s.from === 'dateTime' ? [s.date, s.time] : [];
}

/** Why each field has its column(s): the matches' reasons, or what the values are. */
function fieldReasons(fields: Record<string, FieldMapping>, matches: ColumnMatch[], profiles: Profiles): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, fm] of Object.entries(fields)) {
    if (fm.source.from === 'contentKey') {
      out[field] = 'no column holds it: made from the row’s content';
      continue;
    }
    const parts = sourceColumns(fm).map((c) => {
      const m = matches.find((x) => x.column === c);
      return m?.why ?? `"${c}": ${describeValues(profiles.get(c))}`;
    });
    if (parts.length > 0) out[field] = parts.join(' + ');
  }
  return out;
}

/** Share of non-blank values a vocabulary knows. */
function mostly(values: string[], vocabulary: VocabularyName): number {
  const filledValues = values.filter((v) => v.trim() !== '');
  if (filledValues.length === 0) return 0;
  return filledValues.filter((v) => lookup(vocabulary, v).status === 'match').length / filledValues.length;
}
