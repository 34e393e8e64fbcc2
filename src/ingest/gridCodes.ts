/**
 * Shift codes of grid rotas (staff as rows, days as columns): what a cell such as "E", "7-15",
 * "19:30-07:30", "A/L", "Sick (L)" or "Agency" means. One table of defaults, shown on the methods
 * page; a key on the sheet overrides it, and the user's answers override both.
 */

/** A time of day as HH:MM. */
export type Clock = string;

export type CodeMeaning =
  /** A shift with these times (end ≤ start: it ends the next day); a key may say who works it ("AG = Agency 07:00-19:30"). */
  | { kind: 'shift'; start: Clock; end: Clock; contract?: Contract }
  /** Not a rota shift: leave, a day off, training. */
  | { kind: 'none'; label: string };

export type CodeTable = Record<string, CodeMeaning>;

const shift = (start: Clock, end: Clock): CodeMeaning => ({ kind: 'shift', start, end });
const none = (label: string): CodeMeaning => ({ kind: 'none', label });

/**
 * The defaults. E, L and N are the app's default shift pattern (Early 07:00–15:00, Late
 * 15:00–23:00, Night 23:00–07:00; a test holds them to DEFAULT_SETTINGS); a long day is
 * 07:00–19:30 (the common NHS long day). Leave, days off and training are no shift.
 */
export const DEFAULT_SHIFT_CODES: CodeTable = {
  e: shift('07:00', '15:00'),
  early: shift('07:00', '15:00'),
  l: shift('15:00', '23:00'),
  late: shift('15:00', '23:00'),
  n: shift('23:00', '07:00'),
  night: shift('23:00', '07:00'),
  ld: shift('07:00', '19:30'),
  'long day': shift('07:00', '19:30'),
  'a/l': none('annual leave'),
  al: none('annual leave'),
  'annual leave': none('annual leave'),
  leave: none('leave'),
  hol: none('annual leave'),
  holiday: none('annual leave'),
  off: none('day off'),
  o: none('day off'),
  'day off': none('day off'),
  rd: none('day off'),
  'rest day': none('day off'),
  x: none('day off'),
  '-': none('day off'),
  '/': none('day off'),
  toil: none('time off in lieu'),
  'study leave': none('study leave'),
  'mat leave': none('maternity leave'),
  maternity: none('maternity leave'),
  training: none('training'),
  trg: none('training'),
};

/** Lower-cased, inner spaces single: the form the tables are keyed by. */
export const codeKey = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

const HM = String.raw`(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?`;
const RANGE = new RegExp(String.raw`^${HM}\s*(?:-|–|—|to)\s*${HM}$`, 'i');

function clock(h: string, m: string | undefined, ampm: string | undefined): Clock | null {
  let hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour === 24 && minute === 0) hour = 0;
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** "7-15", "07:00-15:00", "7.30-20", "0700-1500", "7am-3pm", "19:30 to 07:30" → times; else null. */
export function parseTimeRange(text: string): { start: Clock; end: Clock } | null {
  const m = RANGE.exec(text.trim());
  if (!m) return null;
  const start = clock(m[1]!, m[2], m[3]);
  const end = clock(m[4]!, m[5], m[6]);
  return start && end && start !== end ? { start, end } : null;
}

/**
 * A key entry written in one cell: "E = 07:00-15:00", "N: Night 20:00 - 08:00", "LD (08:00-20:00)".
 * The code is up to 12 letters (slashes and spaces allowed, e.g. "Long day").
 */
const KEY_CELL = /^([A-Za-z][A-Za-z/ ]{0,11}?)\s*(?:=|:|–|—|-|\()\s*([A-Za-z][A-Za-z ]*?\s+)?\(?(\d[\d:.apm ]*?\s*(?:-|–|—|to)\s*\d[\d:.apm ]*?)\)?\s*$/i;

export function parseKeyCell(text: string): { code: string; meaning: CodeMeaning } | null {
  const m = KEY_CELL.exec(text.trim());
  if (m) {
    const range = parseTimeRange(m[3]!);
    const contract = m[2] ? contractIn(m[2]) : null;
    return range ? { code: m[1]!.trim(), meaning: { kind: 'shift', ...range, ...(contract && contract !== 'permanent' ? { contract } : {}) } } : null;
  }
  const off = NO_SHIFT_CELL.exec(text.trim());
  return off && noShiftWords(off[2]!) ? { code: off[1]!, meaning: none(off[2]!.trim().toLowerCase()) } : null;
}

/** Words a key gives a code that is no shift: "SD = Study day", "TR: Training", "CL = Compassionate leave". */
const NO_SHIFT = /\b(leave|holiday|off|rest|training|study|course|induction|absence|absent|maternity|paternity|toil|lieu|compassionate|appointment|supervision)\b/i;
const NO_SHIFT_CELL = /^([A-Z][A-Z/]{0,4})\s*(?:=|:|–|—)\s*([A-Za-z][A-Za-z ]{1,30})$/;
/** A key's description of a no-shift code: those words, and no times. */
export const noShiftWords = (text: string): boolean => NO_SHIFT.test(text) && !/\d/.test(text);

/** A short code in capitals heading a two-cell key entry that says what it is in words ("SD" | "Study day"). */
export const looksLikeCapitalCode = (text: string): boolean => /^[A-Z][A-Z/]{0,4}$/.test(text.trim());

/** A short code that may head a two-cell key entry (code | times). */
export const looksLikeCode = (text: string): boolean => /^[A-Za-z][A-Za-z/]{0,5}$/.test(text.trim());

export type Contract = 'permanent' | 'bank' | 'agency';

/** Words in a cell, a name or a section that make the contract (or the status) plain. */
const AGENCY = /\b(agency|agy)\b/i;
const BANK = /\bbank\b/i;
const SICK = /\b(sick|sickness)\b/i;

export type CellReading =
  | { kind: 'blank' }
  | { kind: 'none'; label: string }
  | { kind: 'shift'; start: Clock; end: Clock; contract: Contract | null; sickness: boolean }
  /** Its times are not known: a question for the user (the whole cell text is the code). */
  | { kind: 'unknown'; code: string };

/**
 * What a cell says, looked up in `table` (the user's answers, the sheet's key and the defaults,
 * merged by the caller). "Agency", "Bank" and "Sick" are modifiers: "Sick (L)" is a Late missed
 * through sickness, "E Agency" an Early worked by agency staff; alone they do not say which
 * shift, so they are asked about like any unknown code (an answer keeps the modifier's meaning).
 */
export function readCell(text: string, table: CodeTable): CellReading {
  const raw = text.trim();
  if (raw === '') return { kind: 'blank' };
  const contract: Contract | null = AGENCY.test(raw) ? 'agency' : BANK.test(raw) ? 'bank' : null;
  const sickness = SICK.test(raw);
  const whole = table[codeKey(raw)];
  if (whole?.kind === 'none') return { kind: 'none', label: whole.label };
  if (whole) return { kind: 'shift', start: whole.start, end: whole.end, contract: contract ?? whole.contract ?? null, sickness };
  const range = parseTimeRange(raw);
  if (range) return { kind: 'shift', ...range, contract, sickness };
  const core = raw
    .replace(/\b(agency|agy|bank|sick|sickness)\b/gi, ' ')
    .replace(/[()[\]]/g, ' ')
    .replace(/^[\s\-–:/,]+|[\s\-–:/,]+$/g, '')
    .trim();
  if (core === '' || core === raw) return { kind: 'unknown', code: raw };
  const inner = table[codeKey(core)];
  if (inner?.kind === 'shift') return { kind: 'shift', start: inner.start, end: inner.end, contract, sickness };
  const innerRange = parseTimeRange(core);
  if (innerRange) return { kind: 'shift', ...innerRange, contract, sickness };
  return { kind: 'unknown', code: raw };
}

/** The contract a name, a section heading or a staff-type value states, if any. */
export function contractIn(text: string): Contract | null {
  if (AGENCY.test(text)) return 'agency';
  if (BANK.test(text)) return 'bank';
  if (/\b(perm|permanent|substantive|contracted|core|employed|staff member)\b/i.test(text)) return 'permanent';
  return null;
}

/** The default codes in words, for the methods page. */
export function gridCodesText(): string {
  const times = (k: string) => {
    const m = DEFAULT_SHIFT_CODES[k]!;
    return m.kind === 'shift' ? `${m.start}–${m.end}` : '';
  };
  return (
    `E (Early) ${times('e')}, L (Late) ${times('l')}, N (Night) ${times('n')}, LD (long day) ${times('ld')}; ` +
    'times written in a cell ("7-15", "07:00-15:00", "19:30-07:30") stand as written, a shift ending at or before its start ends the next day. ' +
    'A key on the sheet ("E = 08:00-14:00") or on a Key/Legend sheet of the workbook replaces these; a key entry may give a staff type ("AG = Agency 07:00-19:30") ' +
    'or call a code leave, study or training ("SD = Study day"), which is then no shift. Every week or month sheet of a workbook is read. Annual leave (A/L, AL, Hol), OFF, rest days and training are no shift. ' +
    '"Sick" or "Bank"/"Agency" with a code (e.g. "Sick (L)") mark that shift as sickness or its contract; alone they are asked about, like any code not known. ' +
    'Staff are agency or bank when a staff-type column, a section of the grid ("Agency staff") or their name ("(agency)") says so, otherwise permanent; a "Vacant" line’s shifts are unfilled.'
  );
}
