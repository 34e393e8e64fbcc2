/**
 * The dates of a grid rota's day columns: from the header cells ("06/01/2025", "Mon 06/01",
 * a Date, "Mon" over "06", day numbers 1–31) and, where the header gives less than a full date,
 * from the sheet's title or name ("w/c 6 January 2025", "January 2025"). UK day/month order.
 */

/** Days since 1970-01-01 (UTC calendar arithmetic; wall-clock dates have no zone). */
export type DayNumber = number;

const DAY_MS = 86_400_000;
export const dayNumber = (y: number, m: number, d: number): DayNumber => Date.UTC(y, m - 1, d) / DAY_MS;
export const weekdayOf = (day: DayNumber): number => new Date(day * DAY_MS).getUTCDay(); // 0 = Sunday
export function isoDate(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const validDate = (y: number, m: number, d: number) =>
  m >= 1 && m <= 12 && d >= 1 && d <= 31 && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const monthOf = (word: string) => MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAY_WORD = String.raw`(sun(?:day)?|mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?)`;
const weekdayIndex = (word: string) => WEEKDAYS.indexOf(word.slice(0, 3).toLowerCase());

/** What one header cell says about its column's date; every part optional. */
export interface DateToken {
  year?: number;
  month?: number;
  day?: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday?: number;
  /** A single letter (M T W T F S S): a weekday only when the whole row reads as such. */
  initial?: string;
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** A header cell read as (part of) a date; null when it is not one. */
export function dateToken(cell: unknown): DateToken | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return { year: cell.getUTCFullYear(), month: cell.getUTCMonth() + 1, day: cell.getUTCDate(), weekday: cell.getUTCDay() };
  }
  if (typeof cell === 'number') {
    // An Excel date serial (1900 system) for 1954–2119; else a day of the month.
    if (Number.isInteger(cell) && cell >= 20_000 && cell <= 80_000) {
      const day = cell - 25_569;
      const date = new Date(day * DAY_MS);
      return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() };
    }
    return Number.isInteger(cell) && cell >= 1 && cell <= 31 ? { day: cell } : null;
  }
  if (typeof cell !== 'string') return null;
  // A workbook reader hands an unformatted date serial over as its digits.
  if (/^\d{5}$/.test(cell.trim())) return dateToken(Number(cell.trim()));
  const t = cell.trim().replace(/\s+/g, ' ');
  if (t === '') return null;
  let m: RegExpExecArray | null;
  let weekday: number | undefined;
  let rest = t;
  if ((m = new RegExp(String.raw`^${WEEKDAY_WORD}\.?,?(?:\s+|$)`, 'i').exec(t))) {
    weekday = weekdayIndex(m[1]!);
    rest = t.slice(m[0].length);
    if (rest === '') return { weekday };
  }
  const w = weekday === undefined ? {} : { weekday };
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(rest))) return checked({ ...w, year: +m[1]!, month: +m[2]!, day: +m[3]! });
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(rest))) return checked({ ...w, year: fullYear(m[3]!), month: +m[2]!, day: +m[1]! });
  if ((m = /^(\d{1,2})[/.-](\d{1,2})$/.exec(rest))) return checked({ ...w, month: +m[2]!, day: +m[1]! });
  if ((m = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?[\s-]${MONTH_WORD}\.?(?:[\s-](\d{2}|\d{4}))?$`, 'i').exec(rest))) {
    return checked({ ...w, month: monthOf(m[2]!), day: +m[1]!, ...(m[3] ? { year: fullYear(m[3]) } : {}) });
  }
  if ((m = new RegExp(String.raw`^${MONTH_WORD}\.?\s(\d{1,2})(?:st|nd|rd|th)?(?:,?\s(\d{4}))?$`, 'i').exec(rest))) {
    return checked({ ...w, month: monthOf(m[1]!), day: +m[2]!, ...(m[3] ? { year: +m[3] } : {}) });
  }
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(rest))) return +m[1]! >= 1 && +m[1]! <= 31 ? { ...w, day: +m[1]! } : null;
  if (weekday === undefined && /^[MTWFS]$/.test(t)) return { initial: t };
  return null;
}

function checked(t: DateToken): DateToken | null {
  if (t.month === undefined || t.day === undefined) return t;
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31) return null;
  return t.year === undefined || validDate(t.year, t.month, t.day) ? t : null;
}

/** What the title rows or the sheet name say about when the grid is. */
export interface DateContext {
  /** "w/c 13/01/2025", "week commencing 6 January 2025", or any full date in a title. */
  weekStart?: DayNumber;
  /** "January 2025". */
  month?: { year: number; month: number };
  year?: number;
}

/** Full dates and month-years in free text. */
export function dateContext(texts: string[]): DateContext {
  const out: DateContext = {};
  for (const text of texts) {
    const t = text.replace(/\s+/g, ' ');
    let m: RegExpExecArray | null;
    const full = [
      /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/.exec(t),
      new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH_WORD}\.?,?\s+(\d{4})\b`, 'i').exec(t),
      /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(t),
    ];
    if (out.weekStart === undefined) {
      if ((m = full[0]!) && validDate(fullYear(m[3]!), +m[2]!, +m[1]!)) out.weekStart = dayNumber(fullYear(m[3]!), +m[2]!, +m[1]!);
      else if ((m = full[1]!)) out.weekStart = dayNumber(+m[3]!, monthOf(m[2]!), +m[1]!);
      else if ((m = full[2]!) && validDate(+m[1]!, +m[2]!, +m[3]!)) out.weekStart = dayNumber(+m[1]!, +m[2]!, +m[3]!);
    }
    if (!out.month && !full[1] && (m = new RegExp(String.raw`\b${MONTH_WORD}\.?,?\s+(\d{4})\b`, 'i').exec(t))) {
      out.month = { year: +m[2]!, month: monthOf(m[1]!) };
    }
    if (out.year === undefined && (m = /\b(20\d{2})\b/.exec(t))) out.year = +m[1]!;
  }
  return out;
}

/** Text a title or sheet name holds besides dates and rota words: the unit it names, if any. */
export function unitInTitle(text: string): string | null {
  const stripped = text
    .replace(/\b(w\/c|w\.c\.|wc|week (?:commencing|starting|beginning|ending))\b/gi, ' ')
    .replace(/\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b/g, ' ')
    .replace(new RegExp(String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+${MONTH_WORD}\b|\b${MONTH_WORD}\b|\b${WEEKDAY_WORD}\b`, 'gi'), ' ')
    .replace(/\b(20\d{2}|wk\s*\d+|week\s*\d+|sheet\s*\d*|page\s*\d+)\b/gi, ' ')
    .replace(/\b(staff(?:ing)?|rota|rotas|roster|rosta|duty|duties|off[- ]duty|schedule|shifts?|plan|for|the|of|weekly|monthly|week|month|draft|final|version|v\d+)\b/gi, ' ')
    .replace(/[–—\-:|,()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return /[A-Za-z]{2,}/.test(stripped) && stripped.length <= 40 ? stripped : null;
}

/**
 * The dates of the columns whose header tokens are given (in column order), or a sentence why not.
 * Full dates stand; a day and month take the year from the context (or the weekday named);
 * day numbers run on from the context's month (or week start), the month advancing when they
 * fall back; weekdays alone count on from the week start.
 */
export function resolveDates(tokens: DateToken[], ctx: DateContext): DayNumber[] | string {
  const out: DayNumber[] = [];
  let prev: DayNumber | null = null;
  let month = ctx.month ?? (ctx.weekStart !== undefined ? monthYear(ctx.weekStart) : undefined);
  for (const t of tokens) {
    let day: DayNumber | null = null;
    if (t.year !== undefined && t.month !== undefined && t.day !== undefined) day = dayNumber(t.year, t.month, t.day);
    else if (t.month !== undefined && t.day !== undefined) {
      const year = ctx.year ?? ctx.month?.year ?? (ctx.weekStart !== undefined ? monthYear(ctx.weekStart).year : yearForWeekday(t));
      if (year === undefined) return 'The day columns give no year, and the sheet title names none.';
      day = dayNumber(year, t.month, t.day);
      // A week over New Year: 30/12, 31/12, 01/01 …
      if (prev !== null && day < prev) day = dayNumber(year + 1, t.month, t.day);
    } else if (t.day !== undefined) {
      if (!month) return 'The day columns are numbered, but the sheet title names no month ("January 2025", "w/c 6 January 2025").';
      if (prev !== null && t.day < Number(isoDate(prev).slice(8))) month = nextMonth(month);
      if (!validDate(month.year, month.month, t.day)) return `Day ${t.day} is not a day of ${month.month}/${month.year}.`;
      day = dayNumber(month.year, month.month, t.day);
    } else if (t.weekday !== undefined) {
      if (prev === null) {
        if (ctx.weekStart === undefined) return 'The day columns name weekdays only, and the sheet title gives no week start ("w/c 6 January 2025").';
        day = ctx.weekStart + ((t.weekday - weekdayOf(ctx.weekStart) + 7) % 7);
      } else day = prev + 1 + ((t.weekday - weekdayOf(prev + 1) + 7) % 7);
    } else return 'A day column has no date.';
    if (t.weekday !== undefined && weekdayOf(day) !== t.weekday) {
      return `The header says ${DAY_NAMES[t.weekday]} over ${isoDate(day)}, which is a ${DAY_NAMES[weekdayOf(day)]}: check the dates (or the week start in the title).`;
    }
    out.push(day);
    prev = day;
  }
  return out;
}

function monthYear(day: DayNumber): { year: number; month: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}
const nextMonth = (m: { year: number; month: number }) => (m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 });

/** The year (nearest to this one) in which a day/month falls on the weekday named. */
function yearForWeekday(t: DateToken): number | undefined {
  if (t.weekday === undefined || t.month === undefined || t.day === undefined) return undefined;
  const now = new Date().getUTCFullYear();
  for (let k = 0; k <= 6; k++) {
    for (const y of [now - k, now + k]) {
      if (validDate(y, t.month, t.day) && weekdayOf(dayNumber(y, t.month, t.day)) === t.weekday) return y;
    }
  }
  return undefined;
}
