/**
 * Dates and times as vendors write them. A column's format is detected from sample values and
 * described once (a list of strptime patterns, or Excel serial numbers); the same descriptor
 * drives a JS parser for previews and a DuckDB SQL expression for the load, so the preview shows
 * exactly what the load will store. An ambiguous day/month order is asked, never guessed.
 *
 * Values are naive local wall-clock times. In JS they are epoch milliseconds read as UTC (the way
 * the DuckDB connector returns TIMESTAMPs); time-only values sit on 1900-01-01 as in DuckDB.
 */
import '../zodJitless'; // before any schema is made, whichever chunk this module lands in
import { z } from 'zod';

/** strptime tokens we generate and both parsers understand; literals limited to separators. */
const PATTERN_RE = /^(?:%-?[dmYyHIMSfpbBaA]|[ /\-.:,T])+$/;

export const DateFormatSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('pattern'),
    /** Tried in order, first match wins (as DuckDB's try_strptime with a list). */
    patterns: z.array(z.string().regex(PATTERN_RE, 'unsupported date pattern')).min(1),
    /** Times written as HHMM text lose a leading zero ("730"): pad 3-digit values to 4. */
    padTime: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('excelSerial') }),
]);
export type DateFormat = z.infer<typeof DateFormatSchema>;

export type DateOrder = 'dmy' | 'mdy';

const DAY_MS = 86_400_000;
/** Dated values outside these years are typing errors (or a 2-digit year read as %Y): NULL. */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2199;
/** Excel serials: 61 = 1900-03-01 (below it the 1900 leap-year bug shifts dates); 109575 = 2200-01-01. */
const SERIAL_MIN = 61;
const SERIAL_MAX = 109575;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTH_NAMES_TITLE = MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1));

/** Whitespace as DuckDB's strptime sees it after our SQL normalisation: trimmed, runs collapsed. */
export function normaliseDateText(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// strptime in JS, mirroring DuckDB 1.4 for the tokens above (checked against DuckDB in tests):
// numbers are read greedily up to their width without backtracking; %Y takes 1–4 digits, %y 1–2
// (00–68 → 20xx, 69–99 → 19xx); %b/%a are 3-letter abbreviations, %B/%A full names; %p am/pm.

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  us: number;
  pm: boolean | null;
}

function readDigits(text: string, at: number, max: number): [number, number] | null {
  let end = at;
  while (end < text.length && end - at < max && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  if (end === at) return null;
  return [Number(text.slice(at, end)), end];
}

function readWord(text: string, at: number, words: string[], abbreviated: boolean): [number, number] | null {
  const lower = text.slice(at).toLowerCase();
  for (let i = 0; i < words.length; i++) {
    const w = abbreviated ? words[i]!.slice(0, 3) : words[i]!;
    if (lower.startsWith(w)) return [i, at + w.length];
  }
  return null;
}

const daysInMonth = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();

/** Directives read as a plain number: at most how many digits, and the part they set. */
const NUMBER_DIRECTIVES: Partial<Record<string, { digits: number; part: 'y' | 'mo' | 'd' | 'h' | 'mi' | 's' }>> = {
  d: { digits: 2, part: 'd' },
  m: { digits: 2, part: 'mo' },
  Y: { digits: 4, part: 'y' },
  H: { digits: 2, part: 'h' },
  I: { digits: 2, part: 'h' },
  M: { digits: 2, part: 'mi' },
  S: { digits: 2, part: 's' },
};

/** Parse normalised text with one pattern; epoch ms (naive) or null. */
export function strptime(text: string, pattern: string): number | null {
  const p: Parts = { y: 1900, mo: 1, d: 1, h: 0, mi: 0, s: 0, us: 0, pm: null };
  let twelveHour = false;
  let at = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== '%') {
      if (text[at] !== c) return null;
      at++;
      continue;
    }
    let t = pattern[++i]!;
    if (t === '-') t = pattern[++i]!;
    let r: [number, number] | null;
    const numeric = NUMBER_DIRECTIVES[t];
    if (numeric) {
      r = readDigits(text, at, numeric.digits);
      if (!r) return null;
      p[numeric.part] = r[0];
      if (t === 'I') twelveHour = true;
      at = r[1];
      continue;
    }
    switch (t) {
      case 'y':
        r = readDigits(text, at, 2);
        if (!r) return null;
        p.y = r[0] <= 68 ? 2000 + r[0] : 1900 + r[0];
        break;
      case 'f': {
        r = readDigits(text, at, 6);
        if (!r) return null;
        p.us = r[0] * 10 ** (6 - (r[1] - at));
        break;
      }
      case 'p': {
        const ap = text.slice(at, at + 2).toLowerCase();
        if (ap !== 'am' && ap !== 'pm') return null;
        p.pm = ap === 'pm';
        r = [0, at + 2];
        break;
      }
      case 'b':
      case 'B':
        r = readWord(text, at, MONTHS, t === 'b');
        if (!r) return null;
        p.mo = r[0] + 1;
        break;
      case 'a':
      case 'A':
        // DuckDB reads the weekday name but does not check it against the date.
        r = readWord(text, at, WEEKDAYS, t === 'a');
        if (!r) return null;
        break;
      default:
        return null;
    }
    at = r[1];
  }
  if (at !== text.length) return null;
  if (twelveHour) {
    if (p.h < 1 || p.h > 12 || p.pm === null) return null;
    p.h = (p.h % 12) + (p.pm ? 12 : 0);
  }
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > daysInMonth(p.y, p.mo)) return null;
  if (p.h > 23 || p.mi > 59 || p.s > 59) return null;
  const ms = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) + Math.floor(p.us / 1000);
  // Date.UTC maps years 0–99 to 19xx; set the real year.
  return p.y < 100 ? new Date(ms).setUTCFullYear(p.y) : ms;
}

export function patternHasDate(pattern: string): boolean {
  return /%-?[dmYybB]/.test(pattern);
}
export function patternHasTime(pattern: string): boolean {
  return /%-?[HIMSp]/.test(pattern);
}
export function formatHasDate(f: DateFormat): boolean {
  return f.kind === 'excelSerial' || f.patterns.some(patternHasDate);
}
export function formatHasTime(f: DateFormat): boolean {
  return f.kind === 'excelSerial' || f.patterns.some(patternHasTime);
}

const yearOk = (ms: number) => {
  const y = new Date(ms).getUTCFullYear();
  return y >= YEAR_MIN && y <= YEAR_MAX;
};

/** Parse one raw cell with a detected format (JS side, for previews). Null when it does not fit. */
export function parseDateValue(raw: string | null | undefined, format: DateFormat): number | null {
  if (raw == null) return null;
  let text = normaliseDateText(raw);
  if (text === '') return null;
  if (format.kind === 'excelSerial') {
    if (!/^\d+(\.\d+)?$/.test(text)) return null;
    const n = Number(text);
    if (n < 1) return EXCEL_EPOCH + Math.round(n * 86400) * 1000;
    if (n >= SERIAL_MIN && n < SERIAL_MAX) return EXCEL_EPOCH + Math.round(n * 86400) * 1000;
    return null;
  }
  if (format.padTime && /^\d{3}$/.test(text)) text = '0' + text;
  for (const pattern of format.patterns) {
    const ms = strptime(text, pattern);
    if (ms === null) continue;
    return yearOk(ms) ? ms : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// SQL builders. All return NULL for anything that does not parse; none can throw.

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** `expr` is a SQL expression (e.g. a quoted column identifier) holding the raw text. */
export function sqlParseTimestamp(expr: string, format: DateFormat): string {
  const text = `trim(regexp_replace(CAST(${expr} AS VARCHAR), '\\s+', ' ', 'g'))`;
  if (format.kind === 'excelSerial') {
    const n = `TRY_CAST(${text} AS DOUBLE)`;
    const ts = `(TIMESTAMP '1899-12-30 00:00:00' + to_seconds(CAST(round(${n} * 86400) AS BIGINT)))`;
    return `(CASE WHEN regexp_full_match(${text}, '\\d+(\\.\\d+)?') AND (${n} < 1 OR (${n} >= ${SERIAL_MIN} AND ${n} < ${SERIAL_MAX})) THEN ${ts} END)`;
  }
  const value = format.padTime ? `(CASE WHEN regexp_full_match(${text}, '\\d{3}') THEN '0' || ${text} ELSE ${text} END)` : text;
  const parsed = `try_strptime(${value}, [${format.patterns.map(sqlString).join(', ')}])`;
  return `(CASE WHEN year(${parsed}) BETWEEN ${YEAR_MIN} AND ${YEAR_MAX} THEN ${parsed} END)`;
}

/** A DATE from a date column's text (or a timestamp column's date part). */
export function sqlParseDate(expr: string, format: DateFormat): string {
  return `CAST(${sqlParseTimestamp(expr, format)} AS DATE)`;
}

/** Date from one parsed TIMESTAMP, time of day from another: a TIMESTAMP (NULL if either is). */
export function sqlCombineDateTime(dateTs: string, timeTs: string): string {
  return `(CAST(${dateTs} AS DATE) + CAST(${timeTs} AS TIME))`;
}

/** An end earlier than its start on the same date is on the next day (night shifts). */
export function sqlNextDayIfBefore(endTs: string, startTs: string): string {
  return `(CASE WHEN ${endTs} < ${startTs} AND CAST(${endTs} AS DATE) = CAST(${startTs} AS DATE) THEN ${endTs} + INTERVAL 1 DAY ELSE ${endTs} END)`;
}

export function combineDateTime(date: number | null, time: number | null): number | null {
  if (date === null || time === null) return null;
  return Math.floor(date / DAY_MS) * DAY_MS + (((time % DAY_MS) + DAY_MS) % DAY_MS);
}

export function nextDayIfBefore(end: number | null, start: number | null): number | null {
  if (end === null || start === null) return end;
  return end < start && Math.floor(end / DAY_MS) === Math.floor(start / DAY_MS) ? end + DAY_MS : end;
}

/** 'YYYY-MM-DD HH:MM:SS' (or just the date / time part) for previews. */
export function formatNaive(ms: number | null, part: 'datetime' | 'date' | 'time' = 'datetime'): string {
  if (ms === null) return '';
  const iso = new Date(ms).toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return part === 'date' ? date : part === 'time' ? time : `${date} ${time}`;
}

// ---------------------------------------------------------------------------------------------
// Detection.

interface Candidate {
  pattern: string;
  order: DateOrder | 'neutral';
}

const TIMES = ['%H:%M', '%H:%M:%S', '%H:%M:%S.%f', '%I:%M %p', '%I:%M%p', '%I:%M:%S %p', '%I:%M:%S%p', '%I %p', '%I%p'];
const TIME_ONLY = [...TIMES, '%H.%M', '%H%M'];

function buildCandidates(): Candidate[] {
  const dates: Candidate[] = [];
  for (const sep of ['/', '-', '.', ' ']) {
    for (const y of ['%y', '%Y']) {
      dates.push({ pattern: `%d${sep}%m${sep}${y}`, order: 'dmy' });
      dates.push({ pattern: `%m${sep}%d${sep}${y}`, order: 'mdy' });
    }
  }
  for (const sep of ['-', '/', '.']) dates.push({ pattern: `%Y${sep}%m${sep}%d`, order: 'neutral' });
  for (const sep of ['-', ' ', '/']) {
    for (const mon of ['%b', '%B']) {
      for (const y of ['%y', '%Y']) dates.push({ pattern: `%d${sep}${mon}${sep}${y}`, order: 'neutral' });
    }
  }
  for (const mon of ['%b', '%B']) {
    dates.push({ pattern: `${mon} %d %Y`, order: 'neutral' }, { pattern: `${mon} %d, %Y`, order: 'neutral' });
  }
  const withWeekday = [...dates];
  for (const d of dates) withWeekday.push({ ...d, pattern: `%a ${d.pattern}` }, { ...d, pattern: `%A ${d.pattern}` });
  const out: Candidate[] = [];
  for (const d of withWeekday) {
    out.push(d);
    for (const t of [...TIMES, '%H%M']) out.push({ pattern: `${d.pattern} ${t}`, order: d.order });
    if (d.pattern.startsWith('%Y-')) {
      for (const t of ['%H:%M', '%H:%M:%S', '%H:%M:%S.%f']) out.push({ pattern: `${d.pattern}T${t}`, order: d.order });
    }
  }
  return out;
}

let candidateCache: Candidate[] | null = null;
const dateCandidates = () => (candidateCache ??= buildCandidates());

export interface DateQuestion {
  /** The sample value the question is about. */
  sample: string;
  /** e.g. "03/04/2025: 3 April or 4 March?" */
  text: string;
  options: { order: DateOrder; label: string; format: DateFormat }[];
  /** The UK reading, offered first. */
  suggested: DateOrder;
}

export type DateDetection =
  | {
      status: 'ok';
      format: DateFormat;
      /** How day and month were told apart; 'neutral' when the format cannot confuse them. */
      order: DateOrder | 'neutral';
      hasDate: boolean;
      hasTime: boolean;
      /** Sample values the format does not read (those rows will be rejected). */
      unparsed: string[];
    }
  | { status: 'ambiguous'; question: DateQuestion }
  | { status: 'unrecognised'; unparsed: string[] }
  | { status: 'empty' };

export interface DetectOptions {
  /** What the column should hold; it settles numbers such as 0730 (a time) or 45750 (a date). */
  expect?: 'date' | 'time' | 'datetime';
  /** The user's answer to an earlier question. */
  order?: DateOrder;
  /** Share of samples a format must read to be accepted (default 0.8). */
  minCoverage?: number;
}

/** Detect the format of a date, time or date-time column from sample values. */
export function detectDateFormat(samples: readonly (string | null | undefined)[], opts: DetectOptions = {}): DateDetection {
  const values = [...new Set(samples.filter((s): s is string => s != null).map(normaliseDateText).filter((s) => s !== ''))].slice(0, 500);
  if (values.length === 0) return { status: 'empty' };
  const minCoverage = opts.minCoverage ?? 0.8;

  const serial = detectSerial(values, opts.expect, minCoverage);
  if (serial) return serial;

  const allowed = dateCandidates().filter((c) => {
    const isTimeOnly = !patternHasDate(c.pattern);
    return !isTimeOnly && opts.expect !== 'time';
  });
  const timeOnly: Candidate[] = opts.expect === 'date' ? [] : TIME_ONLY.map((pattern) => ({ pattern, order: 'neutral' as const }));
  const pool = [...allowed, ...timeOnly];
  // HHMM text loses its leading zero in spreadsheets ("730"): read 3 digits as a padded time.
  const canPad = opts.expect !== 'date';
  const matches = values.map((raw) => {
    const v = canPad && /^\d{3}$/.test(raw) ? '0' + raw : raw;
    return pool.filter((c) => {
      const ms = strptime(v, c.pattern);
      return ms !== null && yearOk(ms);
    });
  });

  const cover = (order: DateOrder) => coverWith(values, matches, (c) => c.order === 'neutral' || c.order === order);
  const orders: DateOrder[] = opts.order ? [opts.order] : ['dmy', 'mdy'];
  const results = orders.map((o) => ({ order: o, ...cover(o) }));
  const best = Math.max(...results.map((r) => r.covered));
  if (best / values.length < minCoverage) {
    return { status: 'unrecognised', unparsed: results[0]!.unparsed.slice(0, 20) };
  }
  const winners = results.filter((r) => r.covered === best);
  const usesOrder = (r: (typeof results)[number]) => r.chosen.some((c) => c.order !== 'neutral');
  if (winners.length > 1 && winners.some(usesOrder)) {
    return { status: 'ambiguous', question: orderQuestion(values, winners.map((w) => ({ order: w.order, format: toFormat(w.chosen) }))) };
  }
  const w = winners[0]!;
  const format = toFormat(w.chosen);
  return {
    status: 'ok',
    format,
    order: usesOrder(w) ? w.order : 'neutral',
    hasDate: formatHasDate(format),
    hasTime: formatHasTime(format),
    unparsed: w.unparsed.slice(0, 20),
  };
}

/**
 * Excel serial numbers: times (0.3125) and dates or date-times (45750, 45750.3125). Detection
 * wants dates of 1950–2099 so that HHMM text such as 0730 (serial 730 = 1901) is not taken for one.
 */
function detectSerial(values: string[], expect: DetectOptions['expect'], minCoverage: number): DateDetection | null {
  const serialTime = (n: number) => expect !== 'date' && n < 1;
  const serialDate = (n: number) => expect !== 'time' && n >= 18264 && n < 73051;
  const hits = values.filter((v) => /^\d+(\.\d+)?$/.test(v) && (serialTime(Number(v)) || serialDate(Number(v))));
  if (hits.length === 0 || hits.length < minCoverage * values.length) return null;
  const hitSet = new Set(hits);
  const hasDate = hits.some((v) => Number(v) >= 1);
  const hasTime = hits.some((v) => !Number.isInteger(Number(v)));
  const unparsed = values.filter((v) => !hitSet.has(v)).slice(0, 20);
  return { status: 'ok', format: { kind: 'excelSerial' }, order: 'neutral', hasDate, hasTime, unparsed };
}

/** Greedy set cover: the fewest patterns (of the allowed ones) that read the most values. */
function coverWith(values: string[], matches: Candidate[][], allow: (c: Candidate) => boolean) {
  const uncovered = new Set(values.keys());
  const chosen: Candidate[] = [];
  for (;;) {
    const counts = new Map<string, { c: Candidate; n: number; first: number }>();
    for (const i of uncovered) {
      for (const c of matches[i]!) {
        if (!allow(c)) continue;
        const e = counts.get(c.pattern) ?? { c, n: 0, first: i };
        e.n++;
        counts.set(c.pattern, e);
      }
    }
    if (counts.size === 0) break;
    let top: { c: Candidate; n: number } | null = null;
    for (const e of counts.values()) if (!top || e.n > top.n) top = e;
    chosen.push(top!.c);
    for (const i of [...uncovered]) if (matches[i]!.some((c) => c.pattern === top!.c.pattern)) uncovered.delete(i);
  }
  return { chosen, covered: values.length - uncovered.size, unparsed: [...uncovered].map((i) => values[i]!) };
}

/** Patterns with a 2-digit year go first: DuckDB's %Y would read "25" as the year 25. */
function toFormat(chosen: Candidate[]): DateFormat {
  const patterns = chosen.map((c) => c.pattern).sort((a, b) => Number(b.includes('%y')) - Number(a.includes('%y')));
  return patterns.includes('%H%M') ? { kind: 'pattern', patterns, padTime: true } : { kind: 'pattern', patterns };
}

function orderQuestion(values: string[], options: { order: DateOrder; format: DateFormat }[]): DateQuestion {
  const readable = (v: string, f: DateFormat) => {
    const ms = parseDateValue(v, f);
    if (ms === null) return null;
    const d = new Date(ms);
    return { day: d.getUTCDate(), month: MONTH_NAMES_TITLE[d.getUTCMonth()]!, year: d.getUTCFullYear() };
  };
  // Ask about a value that reads differently under the two orders (day ≠ month).
  const sample =
    values.find((v) => {
      const [a, b] = options.map((o) => readable(v, o.format));
      return a && b && (a.day !== b.day || a.month !== b.month);
    }) ?? values[0]!;
  const opts = options.map((o) => {
    const r = readable(sample, o.format);
    return { ...o, label: r ? `${r.day} ${r.month} ${r.year}` : sample, short: r ? `${r.day} ${r.month}` : sample };
  });
  opts.sort((a, b) => (a.order === 'dmy' ? -1 : b.order === 'dmy' ? 1 : 0));
  return {
    sample,
    text: `${sample}: ${opts.map((o) => o.short).join(' or ')}?`,
    options: opts.map(({ order, label, format }) => ({ order, label, format })),
    suggested: 'dmy',
  };
}

/** The format in words for the mapping screen, e.g. "dd/mm/yyyy hh:mm". */
export function describeFormat(f: DateFormat): string {
  if (f.kind === 'excelSerial') return 'Excel serial number';
  const words: Record<string, string> = {
    d: 'dd', m: 'mm', Y: 'yyyy', y: 'yy', H: 'hh', I: 'h', M: 'mm', S: 'ss', f: 'ffffff', p: 'am/pm', b: 'Mon', B: 'Month', a: 'Ddd', A: 'Weekday',
  };
  const one = (p: string) => p.replace(/%-?([a-zA-Z])/g, (_m, t: string) => words[t] ?? t);
  return f.patterns.map(one).join(' or ') + (f.padTime ? ' (hhmm)' : '');
}
