/**
 * Evidence from values, beside the header names: how a column's value profile (profiles.ts)
 * raises or lowers a header match, which columns qualify for a field by their values alone, and
 * what a table's content says about its kind (one row per person with admission dates; many
 * rows per person with times of day; staff with a start and an end; shift names with numbers).
 * Pure rules over profiles; headers.ts combines them with the dictionary.
 */
import type { FileKind } from './canonical';
import { describeValues, examplesOf, type ColumnProfile } from './profiles';

/** Fields that describe: a column holding one value says nothing while another candidate varies. */
const DESCRIPTIVE = new Set(['behaviour_type', 'antecedent', 'consequence', 'description', 'role', 'strategy', 'reason_not_delivered', 'shift']);
/** Fields that identify a person or a staff member: codes beat names. */
const WHO = new Set(['person_id', 'staff_id']);
/** Dates that are not when the thing happened. */
const NOT_OCCURRED = /report|enter|creat|clos|receiv|logg|approv|submit|modif|updat|print|birth|dob|review|notif/;
const DATE_TARGETS = new Set(['occurred_date', 'shift_date', 'start_date', 'end_date', 'date', 'admitted', 'discharged', 'ready_for_discharge']);
const DATETIME_TARGETS = new Set(['occurred_at', 'started_at', 'ended_at']);
const TIME_TARGETS = new Set(['occurred_time']);

/** Numbers that go one per person but are not who they are. */
export const NOT_ID_WORDS = new Set(['room', 'bed', 'bay', 'flat', 'house', 'door', 'phone', 'telephone', 'tel', 'mobile', 'extension', 'ext', 'postcode']);
const notAnId = (key: string) => key.split(' ').some((w) => NOT_ID_WORDS.has(w));

export interface Adjustment {
  factor: number;
  why?: string;
  /** The values contradict the name (not dates, not times, blank): never a confident choice. */
  mismatch?: boolean;
}

const CONSTANT = 'the same value on every row';

/** How a header match for `target` fares against the column's values. */
export function valueFactor(kind: FileKind, target: string, p: ColumnProfile, key: string): Adjustment {
  if (p.filled === 0) return { factor: 0.5, why: 'always blank', mismatch: true };
  if (DESCRIPTIVE.has(target) && kind !== 'interventions' && p.constant) return { factor: 0.3, why: CONSTANT };
  if (target === 'unit' && p.constant && !p.unique) return { factor: 0.6, why: CONSTANT };
  if (WHO.has(target)) {
    if (p.code >= 0.8) return { factor: 1.15, why: 'codes' };
    if (p.constant) return { factor: 0.4, why: CONSTANT };
  }
  // The hold of a restraint (prone, seated …) beside a column of intervention kinds: the kind is the type.
  if (target === 'type' && kind === 'interventions' && p.position >= 0.8) return { factor: 0.85, why: 'restraint positions only: the hold, not the kind of intervention' };
  if (target === 'incident_id' && kind === 'incidents') {
    if (p.unique) return { factor: 1.05, why: 'one per row' };
    if (p.constant) return { factor: 0.2, why: CONSTANT };
  }
  if ((target === 'occurred_date' || target === 'occurred_at') && NOT_OCCURRED.test(key.replace(/ /g, ''))) return { factor: 0.7, why: 'a date of the record, not of the event' };
  if ((DATE_TARGETS.has(target) || DATETIME_TARGETS.has(target)) && p.date < 0.5 && p.number < 0.8) return { factor: 0.5, why: 'values are not dates', mismatch: true };
  if (TIME_TARGETS.has(target) && p.time < 0.5 && p.dateTime < 0.5) return { factor: 0.6, why: 'values are not times', mismatch: true };
  return { factor: 1 };
}

export interface ValueCandidate {
  score: number;
  why: string;
}

/** A column that qualifies for `target` by its values alone (its header names nothing we know). */
export function valueCandidate(kind: FileKind, target: string, p: ColumnProfile, key: string): ValueCandidate | null {
  // A value or two says too little about a column to take it without a name.
  if (p.filled < 3) return null;
  const v = describeValues(p);
  const occurred = target === 'occurred_at' || target === 'occurred_date';
  if (occurred && NOT_OCCURRED.test(key.replace(/ /g, ''))) return null;
  switch (target) {
    case 'occurred_at':
    case 'started_at':
      return p.dateTime >= 0.8 ? { score: 0.62, why: `date-times: ${v}` } : null;
    case 'occurred_date':
    case 'shift_date':
    case 'date':
      return p.date >= 0.8 && p.dateTime < 0.2 ? { score: 0.61, why: `dates: ${v}` } : null;
    case 'occurred_time':
      return p.time >= 0.8 ? { score: 0.62, why: `times of day: ${v}` } : null;
    case 'unit':
      return p.place >= 0.6 && !p.unique ? { score: 0.62, why: `place names: ${v}` } : null;
    case 'incident_id':
      if (kind === 'incidents') return p.unique && p.code >= 0.9 ? { score: 0.62, why: `references: ${v}` } : null;
      return null;
    case 'person_id':
      if (notAnId(key)) return null;
      if (kind === 'people') return p.unique && p.code >= 0.9 ? { score: 0.6, why: `codes: ${v}` } : null;
      return p.code >= 0.9 && !p.unique && !p.constant ? { score: 0.6, why: `codes that repeat: ${v}` } : null;
    case 'staff_id':
      if (notAnId(key)) return null;
      return kind === 'shifts' && p.code >= 0.9 && !p.unique && !p.constant ? { score: 0.6, why: `codes that repeat: ${v}` } : null;
    case 'type':
      return kind === 'interventions' && (p.vocab.interventionType ?? 0) >= 0.8 ? { score: 0.62, why: `restrictive intervention types: ${v}` } : null;
    case 'reason':
      return kind === 'interventions' && (p.vocab.interventionReason ?? 0) >= 0.8 && !p.constant ? { score: 0.61, why: `reasons for restrictive interventions: ${v}` } : null;
    case 'name':
      // A people list names each person once.
      return kind === 'people' && p.name >= 0.8 && p.unique ? { score: 0.6, why: `person names, one per row: ${v}` } : null;
    case 'commissioned_ratio':
      return kind === 'people' && p.ratio >= 0.8 ? { score: 0.61, why: `staffing ratios: ${v}` } : null;
    case 'shift':
      return p.shiftName >= 0.8 ? { score: 0.62, why: `shift names: ${v}` } : null;
    case 'required':
      return p.number >= 0.95 && !p.constant ? { score: 0.6, why: `numbers: ${v}` } : null;
    case 'delivered':
      return (p.vocab.boolean ?? 0) >= 0.9 ? { score: 0.61, why: `yes/no: ${v}` } : null;
    case 'status':
      return kind === 'shifts' && (p.vocab.status ?? 0) >= 0.8 ? { score: 0.62, why: `shift statuses: ${v}` } : null;
    case 'contract':
      return (p.vocab.contract ?? 0) >= 0.8 && !p.constant ? { score: 0.61, why: `staff types: ${v}` } : null;
    case 'severity':
      return (p.vocab.severity ?? 0) >= 0.8 && p.number < 0.5 ? { score: 0.61, why: `harm grades: ${v}` } : null;
    case 'weekday':
      return (p.vocab.weekday ?? 0) >= 0.8 && p.number < 0.5 ? { score: 0.61, why: `weekdays: ${v}` } : null;
    case 'duration_minutes':
      if (kind !== 'interventions' || p.constant) return null;
      if (p.duration >= 0.8) return { score: 0.61, why: `lengths of time: ${v}` };
      return p.number >= 0.9 ? { score: 0.6, why: `numbers of minutes: ${v}` } : null;
    default:
      return null;
  }
}

/** What a table's content says for or against a kind. */
export interface KindSignal {
  bonus: number;
  why: string[];
}

export interface TableFacts {
  /** The columns matched to each target of this kind. */
  column: (target: string) => string | undefined;
  profile: (column: string) => ColumnProfile;
  /** Every column's profile (small tables only; empty for very wide ones). */
  all: ColumnProfile[];
}

/** Rows per distinct value of a column (1 = one row each). */
const perValue = (p: ColumnProfile) => (p.distinct === 0 ? 0 : p.filled / p.distinct);

export function kindSignal(kind: FileKind, t: TableFacts): KindSignal {
  const why: string[] = [];
  let bonus = 0;
  const timesOfDay = t.all.filter((p) => p.time >= 0.8 || p.dateTime >= 0.5);
  const dateOnly = t.all.filter((p) => p.date >= 0.8 && p.dateTime < 0.2);
  const personCol = t.column('person_id') ?? t.column('name');
  const person = personCol ? t.profile(personCol) : undefined;
  switch (kind) {
    case 'people': {
      if (person && person.filled >= 2 && perValue(person) <= 1.1 && dateOnly.length > 0 && timesOfDay.length === 0) {
        bonus += 3;
        why.push(`one row per person ("${person.column}") with dates and no times of day`);
      }
      if (person && perValue(person) > 1.5) {
        bonus -= 3;
        why.push(`"${person.column}" repeats (${perValue(person).toFixed(1)} rows per value): not one row per person`);
      }
      break;
    }
    case 'incidents': {
      const manyPerPerson = !person || perValue(person) > 1.2;
      if (manyPerPerson && timesOfDay.length > 0) {
        bonus += 1.5;
        why.push(`times of day ("${timesOfDay[0]!.column}")${person ? `, several rows per person ("${person.column}")` : ''}`);
      }
      if (timesOfDay.length === 0) {
        bonus -= 3;
        why.push('no times of day in any column');
      }
      break;
    }
    case 'shifts': {
      const staff = t.column('staff_id') ?? t.column('staff_name');
      const times = t.all.filter((p) => p.time >= 0.8 || p.dateTime >= 0.8);
      if (staff && times.length >= 2) {
        bonus += 2;
        why.push(`staff ("${staff}") with a start and an end ("${times[0]!.column}", "${times[1]!.column}")`);
      }
      break;
    }
    case 'interventions': {
      const types = t.all.filter((p) => (p.vocab.interventionType ?? 0) >= 0.8 && !p.constant);
      if (types.length > 0 && t.all.length <= 10) {
        bonus += 1;
        why.push(`restrictive intervention types in "${types[0]!.column}" (${examplesOf(types[0]!)})`);
      }
      break;
    }
    case 'requirements': {
      const shift = t.all.find((p) => p.shiftName >= 0.8);
      const number = t.all.find((p) => p.number >= 0.95 && p.date < 0.5);
      if (shift && number && dateOnly.length === 0 && timesOfDay.length === 0) {
        bonus += 2;
        why.push(`shift names ("${shift.column}") with numbers ("${number.column}") and no dates`);
      }
      break;
    }
    case 'planDelivery': {
      if (person && person.filled >= 3 && perValue(person) <= 1.1) {
        bonus -= 2;
        why.push(`one row per person ("${person.column}"): not a log of planned sessions`);
      }
      const yesNo = t.all.find((p) => (p.vocab.boolean ?? 0) >= 0.9 && !p.constant);
      if (yesNo && person && perValue(person) > 1.5 && dateOnly.length > 0 && timesOfDay.length === 0) {
        bonus += 1.5;
        why.push(`yes/no ("${yesNo.column}") by person and date`);
      }
      break;
    }
    case 'events':
      break;
  }
  return { bonus, why };
}
