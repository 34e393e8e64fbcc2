/**
 * Vendor spellings of coded values → canonical values: staff types, shift statuses, yes/no,
 * restraint positions and types (MHSDS codes), reasons, harm grades, weekdays. Extends the
 * canonical spellings of baseVocabulary.ts. Values are compared after `normaliseTerm`, which the
 * SQL side reproduces exactly with `sqlNormaliseTerm`, so the loader can join on a lookup table.
 * Anything not listed comes back as unknown: the import asks the user rather than guessing.
 */
import { baseVocabulary, type VocabularyRow } from './baseVocabulary';
import { ALL_INTERVENTION_TYPES, INTERVENTION_REASONS } from './mhsds';
import type { FieldType } from './canonical';

export type VocabularyName = 'boolean' | 'contract' | 'status' | 'severity' | 'weekday' | 'interventionType' | 'interventionReason';
export const VOCABULARY_NAMES: VocabularyName[] = ['boolean', 'contract', 'status', 'severity', 'weekday', 'interventionType', 'interventionReason'];

/** The vocabulary that reads each coded field type; types not listed are not coded. */
export const VOCABULARY_OF: Partial<Record<FieldType, VocabularyName>> = {
  boolean: 'boolean',
  contract: 'contract',
  status: 'status',
  severity: 'severity',
  weekday: 'weekday',
  interventionType: 'interventionType',
  interventionReason: 'interventionReason',
};

/** Symbols that carry meaning in yes/no columns survive normalisation. */
const KEEP = 'a-z0-9✓✔✗✘';

/** Lower case, accents stripped, runs of anything else (punctuation, spaces) to one space, trimmed. */
export function normaliseTerm(raw: string | null | undefined): string {
  if (raw == null) return '';
  return raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(new RegExp(`[^${KEEP}]+`, 'gu'), ' ')
    .trim();
}

/** The same normalisation in DuckDB SQL, for an expression holding raw text. */
export function sqlNormaliseTerm(expr: string): string {
  return `trim(regexp_replace(lower(strip_accents(CAST(${expr} AS VARCHAR))), '[^${KEEP}]+', ' ', 'g'))`;
}

type Table = Record<string, string[]>;

const BOOLEAN: Table = {
  true: ['yes', 'y', 'true', 't', '1', 'x', '✓', '✔', 'ticked', 'checked', 'used', 'applied', 'given', 'yes used'],
  false: ['no', 'n', 'false', 'f', '0', '✗', '✘', 'none', 'not used', 'not applied', 'not given', 'nil', 'no not used'],
};

const CONTRACT: Table = {
  permanent: [
    'permanent', 'perm', 'substantive', 'substantive staff', 'permanent staff', 'contracted', 'employed', 'employee',
    'core', 'core staff', 'own staff', 'in house', 'fixed term', 'full time', 'part time', 'overtime', 'nhs', 'staff',
  ],
  bank: ['bank', 'bank staff', 'staff bank', 'internal bank', 'relief', 'relief staff', 'nhsp', 'nhs professionals', 'zero hours', 'casual'],
  agency: ['agency', 'agency staff', 'locum', 'temporary', 'temp', 'external', 'external agency', 'framework agency', 'off framework', 'contractor'],
};

const STATUS: Table = {
  worked: ['worked', 'actual', 'actuals', 'attended', 'completed', 'complete', 'on duty', 'present', 'shift worked'],
  planned: ['planned', 'rostered', 'scheduled', 'booked', 'published', 'roster'],
  unfilled: ['unfilled', 'open', 'vacant', 'vacancy', 'uncovered', 'not filled', 'unfilled shift', 'open shift', 'gap'],
  cancelled: ['cancelled', 'canceled', 'deleted', 'removed', 'cancelled shift', 'not required'],
  sickness: ['sick', 'sickness', 'sickness absence', 'sick leave', 'off sick', 'absent', 'absence', 'ill'],
};

/** Harm grades (NRLS/Datix: no, low, moderate, severe harm, death) and NPSA consequence words. */
const SEVERITY: Table = {
  '1': ['no harm', 'none', 'nil', 'no injury', 'insignificant', 'negligible', 'near miss'],
  '2': ['low', 'low harm', 'minor', 'minor harm', 'minimal harm'],
  '3': ['moderate', 'moderate harm', 'medium'],
  '4': ['severe', 'severe harm', 'major', 'major harm', 'serious', 'serious harm'],
  '5': ['death', 'catastrophic', 'fatal', 'catastrophic death'],
};

const WEEKDAY: Table = {
  '1': ['mo', 'mon', 'monday'],
  '2': ['tu', 'tue', 'tues', 'tuesday'],
  '3': ['we', 'wed', 'weds', 'wednesday'],
  '4': ['th', 'thu', 'thur', 'thurs', 'thursday'],
  '5': ['fr', 'fri', 'friday'],
  '6': ['sa', 'sat', 'saturday'],
  '7': ['su', 'sun', 'sunday'],
};

/**
 * Restraint positions and types. A restraint recorded without its position has no MHSDS
 * position code: it maps to the legacy grouping 02 (physical, position not recorded), and an
 * unspecified chemical restraint to 03, rather than to a position it may not have been.
 */
const INTERVENTION_TYPE: Table = {
  '01': ['prone', 'face down', 'prone restraint', 'prone position', 'floor prone', 'face down restraint', 'prone hold', 'prone floor'],
  '04': [
    'mechanical', 'mechanical restraint', 'handcuffs', 'cuffs', 'soft cuffs', 'belt', 'restraint belt', 'emergency response belt',
    'erb', 'leg restraints', 'limb restraints', 'straps',
  ],
  '05': ['seclusion', 'secluded', 'seclusion room'],
  '06': ['segregation', 'long term segregation', 'lts', 'segregated'],
  '07': ['standing', 'standing restraint', 'standing hold', 'upright'],
  '08': ['escort', 'restrictive escort', 'escorted', 'escort hold', 'walking escort'],
  '09': ['supine', 'face up', 'supine restraint', 'supine position', 'floor supine', 'supine hold', 'on back'],
  '10': ['side', 'recovery', 'recovery position', 'side lying', 'side restraint', 'lateral'],
  '11': ['seated', 'chair', 'sitting', 'seated restraint', 'seated hold', 'chair hold'],
  '12': ['kneeling', 'kneeling restraint', 'kneeling hold'],
  '13': ['other physical', 'physical other', 'other restraint', 'other hold', 'other physical restraint'],
  '14': [
    'rapid tranquillisation', 'rapid tranquilisation', 'rapid tranquillization', 'rapid tranquilization', 'rt', 'im',
    'im rt', 'rt im', 'intramuscular', 'im injection', 'rapid tranq', 'rt injection',
  ],
  '15': ['injection not rt', 'non rt injection', 'injection non rapid tranquillisation', 'injection not rapid tranquillisation', 'im non rt'],
  '16': ['oral', 'oral medication', 'chemical oral', 'oral chemical restraint'],
  '17': ['other chemical', 'chemical other'],
  '02': ['restraint', 'physical restraint', 'physical intervention', 'hold', 'physical hold', 'manual restraint', 'restrained', 'pi'],
  '03': ['chemical restraint', 'chemical'],
  PRN: ['prn', 'oral prn', 'prn given', 'prn medication', 'prn oral', 'as required', 'as required medication', 'pro re nata', 'prn psychotropic'],
};

const INTERVENTION_REASON: Table = {
  '10': ['violence to others', 'violence', 'aggression', 'aggression to others', 'physical aggression', 'assault', 'harm to others', 'risk to others'],
  '11': ['self harm', 'self injury', 'intentional self harm', 'risk to self', 'self injurious behaviour'],
  '12': ['accidental injury', 'accident', 'risk of accidental injury'],
  '13': ['medication', 'administer medication', 'medical treatment', 'treatment'],
  '14': ['personal care'],
  '15': ['ng feeding', 'nasogastric feeding', 'ng'],
  '16': ['over activity', 'overactivity', 'prolonged over activity'],
  '17': ['dangerous behaviour', 'otherwise dangerous behaviour'],
  '18': ['search', 'property search'],
  '19': ['absconding', 'abscond', 'awol', 'absconsion'],
  '98': ['other'],
  '99': ['not known', 'unknown', 'not recorded'],
};

const VENDOR: Record<VocabularyName, Table> = {
  boolean: BOOLEAN,
  contract: CONTRACT,
  status: STATUS,
  severity: SEVERITY,
  weekday: WEEKDAY,
  interventionType: INTERVENTION_TYPE,
  interventionReason: INTERVENTION_REASON,
};

function vendorRows(): VocabularyRow[] {
  const out: VocabularyRow[] = [];
  for (const vocabulary of VOCABULARY_NAMES) {
    for (const [output, inputs] of Object.entries(VENDOR[vocabulary])) {
      for (const input of inputs) out.push({ vocabulary, input, output });
    }
  }
  // Datix-style numbered grades: "1 - No harm", "No harm (1)".
  for (const [output, inputs] of Object.entries(SEVERITY)) {
    for (const input of inputs) out.push({ vocabulary: 'severity', input: `${output} ${input}`, output }, { vocabulary: 'severity', input: `${input} ${output}`, output });
  }
  return out;
}

/**
 * Every (vocabulary, normalised input, output) row, canonical spellings included, without
 * duplicates: the loader puts these in its lookup table and normalises values with
 * `sqlNormaliseTerm` before joining.
 */
export function vocabularyRows(): VocabularyRow[] {
  const seen = new Map<string, VocabularyRow>();
  for (const row of [...baseVocabulary(), ...vendorRows()]) {
    const input = normaliseTerm(row.input);
    const key = `${row.vocabulary}\u0000${input}`;
    if (!seen.has(key)) seen.set(key, { vocabulary: row.vocabulary, input, output: row.output });
  }
  return [...seen.values()];
}

let index: Map<string, string> | null = null;
function lookupIndex(): Map<string, string> {
  if (!index) index = new Map(vocabularyRows().map((r) => [`${r.vocabulary}\u0000${r.input}`, r.output]));
  return index;
}

export type LookupResult = { status: 'match'; value: string } | { status: 'blank' } | { status: 'unknown'; normalised: string };

/**
 * Map one raw value (JS side, for previews). `overrides` are the user's answers for this file,
 * raw spelling → canonical value; they win over the built-in table.
 */
export function lookup(vocabulary: VocabularyName, raw: string | null | undefined, overrides?: Record<string, string>): LookupResult {
  const normalised = normaliseTerm(raw);
  if (normalised === '') return { status: 'blank' };
  if (overrides) {
    for (const [k, v] of Object.entries(overrides)) if (normaliseTerm(k) === normalised) return { status: 'match', value: v };
  }
  const value = lookupIndex().get(`${vocabulary}\u0000${normalised}`);
  return value === undefined ? { status: 'unknown', normalised } : { status: 'match', value };
}

/** Distinct values of a column the vocabulary does not know, most frequent first: the questions to ask. */
export function unknownValues(
  vocabulary: VocabularyName,
  samples: readonly (string | null | undefined)[],
  overrides?: Record<string, string>,
): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const s of samples) {
    if (lookup(vocabulary, s, overrides).status === 'unknown') counts.set(s!.trim(), (counts.get(s!.trim()) ?? 0) + 1);
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** The canonical values a question can offer, with labels for the UI. */
export const VOCABULARY_OUTPUTS: Record<VocabularyName, { value: string; label: string }[]> = {
  boolean: [
    { value: 'true', label: 'Yes' },
    { value: 'false', label: 'No' },
  ],
  contract: [
    { value: 'permanent', label: 'Permanent (own staff)' },
    { value: 'bank', label: 'Bank' },
    { value: 'agency', label: 'Agency' },
  ],
  status: [
    { value: 'worked', label: 'Worked' },
    { value: 'planned', label: 'Planned' },
    { value: 'unfilled', label: 'Unfilled' },
    { value: 'cancelled', label: 'Cancelled' },
    { value: 'sickness', label: 'Sickness' },
  ],
  severity: [
    { value: '1', label: '1 – no harm' },
    { value: '2', label: '2 – low harm' },
    { value: '3', label: '3 – moderate harm' },
    { value: '4', label: '4 – severe harm' },
    { value: '5', label: '5 – death' },
  ],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((label, i) => ({ value: String(i + 1), label })),
  interventionType: ALL_INTERVENTION_TYPES.map((t) => ({ value: t.code, label: `${t.code} ${t.label}` })),
  interventionReason: INTERVENTION_REASONS.map((r) => ({ value: r.code, label: `${r.code} ${r.label}` })),
};
