/**
 * What a column's values say about it, whatever its header: how many distinct values, whether
 * one value fills it, whether it is unique per row, and what the values look like (dates, times,
 * codes, names, numbers, yes/no, ward names, restraint positions…). Kind scoring and field
 * choice rest on these profiles as well as on header names, and each choice quotes them back
 * ("values like W000123, one per row"). Pure; reads at most SAMPLE rows of a column.
 */
import { detectDateFormat, parseDateValue } from './dates';
import { POSITION_CODES } from './mhsds';
import { lookup, type VocabularyName } from './vocabularies';

const SAMPLE = 300;

export interface ColumnProfile {
  column: string;
  /** Non-blank values among the rows sampled, and rows sampled. */
  filled: number;
  rows: number;
  distinct: number;
  /** Share of the filled values held by the most common one. */
  topShare: number;
  /** One value (or nearly: ≥ 95 % of at least 5). */
  constant: boolean;
  /** A different value on every filled row (at least 3). */
  unique: boolean;
  /** Shares of filled values of each shape. */
  date: number;
  time: number;
  /** Date-times whose time of day varies (not all midnight). */
  dateTime: number;
  number: number;
  /** Codes and numbers of an id: W000123, 20418000, RX1001, INC-77. */
  code: number;
  /** Person-like names: two or more capitalised words. */
  name: number;
  /** Names of places care happens: Oak Ward, Cedar House. */
  place: number;
  /** Long free text (several words). */
  text: number;
  /** Values the vocabularies know. */
  vocab: Partial<Record<VocabularyName, number>>;
  /** Early / Late / Night shift names. */
  shiftName: number;
  /** Lengths of time: "45 mins", "1h 05m", or h:mm values all under four hours ("00:45"). */
  duration: number;
  /** Staffing ratios: 1:1, 2:1. */
  ratio: number;
  /** Restraint positions (prone, supine, seated …): the hold of a restraint, not the kind of intervention. */
  position: number;
  examples: string[];
}

const CODE_RE = /^[A-Z]{1,5}[-/ ]?\d[\d -]{0,14}$|^\d{3}[\d -]{0,14}$/i;
const NAME_RE = /^[\p{Lu}][\p{L}'’.-]+(?: [\p{Lu}][\p{L}'’.-]+){1,3}(?: ?[-(].*)?$/u;
const PLACE_RE = /\b(ward|unit|house|lodge|home|suite|court|cottage|centre|center|villa|flat|bungalow|view|hall|place|annexe|service)\b/i;
const SHIFT_RE = /^(early|late|night|long day|ld|day|twilight|e|l|n|am|pm|waking night|sleep in)$/i;
const DATE_RE = /^\d{1,4}[/.-](\d{1,2}|[a-z]{3,9})[/.-]\d{1,4}|^\d{1,2} [a-z]{3,9} \d{2,4}/i;
const TIME_RE = /^\d{1,2}[:.]\d{2}(:\d{2})?( ?[ap]m)?$|^\d{4}$/i;
/** A length of time with its units: "45m", "45 mins", "1h", "1h 05m", "2 hrs 10 mins". */
const SPELT_DURATION_RE = /^(?=\d)(\d+(?:\.\d+)?\s*h(?:rs?|ours?)?)?\s*(\d+\s*m(?:ins?|inutes?)?)?$/i;
const CLOCK_RE = /^(\d{1,3}):([0-5]\d)$/;

/**
 * Minutes from a length of time: "45", "45 mins", "1h 05m", "1.5 hours", "00:45" (h:mm); null
 * when blank, NaN when not a length of time.
 */
export function parseMinutes(raw: string): number | null {
  const t = raw.trim().replace(/,/g, '');
  if (t === '') return null;
  const plain = /^(\d+(?:\.\d+)?)$/.exec(t);
  if (plain) return Number(plain[1]);
  const clock = CLOCK_RE.exec(t);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const spelt = SPELT_DURATION_RE.exec(t);
  if (spelt && (spelt[1] || spelt[2])) return (spelt[1] ? parseFloat(spelt[1]) * 60 : 0) + (spelt[2] ? parseFloat(spelt[2]) : 0);
  return Number.NaN;
}

/**
 * h:mm values read as lengths of time rather than times of day: at least five different ones,
 * all under four hours (incident times spread over the day; durations of holds do not).
 */
function clockDurations(counts: Map<string, number>): boolean {
  const clocks = [...counts.keys()].map((v) => CLOCK_RE.exec(v));
  return clocks.length >= 5 && clocks.every((m) => m !== null && Number(m[1]) < 4);
}

/** The profile of one column's values. */
export function profileColumn(column: string, values: readonly string[]): ColumnProfile {
  const sample = values.slice(0, SAMPLE).map((v) => v.trim());
  const filledValues = sample.filter((v) => v !== '');
  const n = filledValues.length;
  const counts = new Map<string, number>();
  for (const v of filledValues) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  // Each distinct value tested once, weighted by how often it occurs.
  const share = (test: (v: string) => boolean) => {
    if (n === 0) return 0;
    let hits = 0;
    for (const [v, c] of counts) if (test(v)) hits += c;
    return hits / n;
  };
  const dateShare = share((v) => DATE_RE.test(v));
  const clockLengths = clockDurations(counts);
  const timeShare = clockLengths ? 0 : share((v) => TIME_RE.test(v));
  let dateTime = 0;
  if (dateShare >= 0.8) {
    const d = detectDateFormat([...counts.keys()].slice(0, 60), { expect: 'datetime', order: 'dmy' });
    if (d.status === 'ok' && d.hasTime) {
      const f = d.format;
      const dayMs = 86_400_000;
      dateTime = share((v) => {
        const t = parseDateValue(v, f);
        return t !== null && t % dayMs !== 0;
      });
    }
  }
  const vocab: Partial<Record<VocabularyName, number>> = {};
  for (const name of ['boolean', 'interventionType', 'interventionReason', 'status', 'contract', 'severity', 'weekday'] as const) {
    vocab[name] = share((v) => lookup(name, v).status === 'match');
  }
  return {
    column,
    filled: n,
    rows: sample.length,
    distinct: counts.size,
    topShare: n === 0 ? 0 : top / n,
    constant: n > 0 && (counts.size === 1 || (n >= 5 && top / n >= 0.95)),
    unique: n >= 3 && counts.size === n,
    date: dateShare,
    time: timeShare,
    dateTime,
    number: share((v) => /^-?\d+(\.\d+)?( ?mins?| ?minutes)?$/i.test(v)),
    code: share((v) => CODE_RE.test(v) && /\d/.test(v) && !DATE_RE.test(v) && !TIME_RE.test(v)),
    name: share((v) => NAME_RE.test(v) && !PLACE_RE.test(v)),
    place: share((v) => PLACE_RE.test(v)),
    text: share((v) => v.split(/\s+/).length >= 4),
    vocab,
    shiftName: share((v) => SHIFT_RE.test(v)),
    ratio: share((v) => /^\d\s*:\s*\d$/.test(v)),
    duration: clockLengths ? 1 : share((v) => /[hm]/i.test(v) && SPELT_DURATION_RE.test(v)),
    position: share((v) => {
      const r = lookup('interventionType', v);
      return r.status === 'match' && POSITION_CODES.has(r.value);
    }),
    examples: [...counts.keys()].slice(0, 3),
  };
}

/** Profiles of a table's columns, computed when first asked for. */
export interface Profiles {
  get(column: string): ColumnProfile;
  /** The column's values (as sampled). */
  values(column: string): string[];
}

export function tableProfiles(headers: readonly string[], data: readonly string[][]): Profiles {
  const cache = new Map<string, ColumnProfile>();
  const values = (column: string) => {
    const i = headers.indexOf(column);
    return data.slice(0, SAMPLE).map((r) => (r[i] ?? '').trim());
  };
  return {
    get(column) {
      let p = cache.get(column);
      if (!p) cache.set(column, (p = profileColumn(column, values(column))));
      return p;
    },
    values,
  };
}

/** Values quoted for a reason: "W000123, W000124". */
export function examplesOf(p: ColumnProfile, n = 2): string {
  return p.examples
    .slice(0, n)
    .map((e) => (e.length > 24 ? `${e.slice(0, 22)}…` : e))
    .join(', ');
}

/** How often the column's values repeat, in words. */
export function repetition(p: ColumnProfile): string {
  if (p.filled === 0) return 'always blank';
  if (p.unique) return 'one per row';
  if (p.constant) return p.distinct === 1 ? 'the same on every row' : 'nearly always the same';
  return `${p.distinct} different in ${p.filled} rows`;
}

/** "values like W000123, W000124, one per row". */
export function describeValues(p: ColumnProfile): string {
  return p.filled === 0 ? 'no values' : `values like ${examplesOf(p)}, ${repetition(p)}`;
}

/**
 * The name column's values each go with one value of the id column and the other way round:
 * the id is the same person's (or staff member's) code.
 */
/**
 * Whether `fine` nests under `coarse`: every filled value of `fine` goes with one value of
 * `coarse` (a sub-category under its category), on at least three rows with both filled.
 */
export function nestsUnder(fine: readonly string[], coarse: readonly string[]): boolean {
  const parent = new Map<string, string>();
  let pairs = 0;
  for (let i = 0; i < Math.min(fine.length, coarse.length); i++) {
    const f = fine[i]!.trim();
    const c = coarse[i]!.trim();
    if (!f || !c) continue;
    pairs++;
    if ((parent.get(f) ?? c) !== c) return false;
    parent.set(f, c);
  }
  return pairs >= 3;
}

export function oneToOne(names: readonly string[], ids: readonly string[]): boolean {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  let pairs = 0;
  for (let i = 0; i < Math.min(names.length, ids.length); i++) {
    const n = names[i]!.trim();
    const d = ids[i]!.trim();
    if (!n || !d) continue;
    pairs++;
    if ((a.get(n) ?? d) !== d || (b.get(d) ?? n) !== n) return false;
    a.set(n, d);
    b.set(d, n);
  }
  return pairs >= 3;
}
