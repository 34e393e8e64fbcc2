/**
 * Naive local wall-clock time for the generator. Times are whole minutes counted from midnight of
 * the first day of the service's calendar; dates are day indexes. No time zones, no DST: the
 * canonical formats carry none either.
 */

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const HOURS = Array.from({ length: 24 }, (_, h) => pad2(h));
const MINUTES = Array.from({ length: 60 }, (_, m) => pad2(m));

export const MINUTES_PER_DAY = 24 * 60;

/** Parses `YYYY-MM-DD` to days since 1970-01-01 (UTC arithmetic stands in for naive dates). */
export function epochDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
}

export function isoDate(epochDayNumber: number): string {
  return new Date(epochDayNumber * 86_400_000).toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6. */
export function weekdayIndex(epochDayNumber: number): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((epochDayNumber + 3) % 7) + 7) % 7;
}

/** A run of consecutive days with fast formatting of dates and timestamps. */
export class Calendar {
  readonly first: number;
  readonly days: number;
  private readonly dates: string[];

  constructor(firstIso: string, lastIso: string) {
    this.first = epochDay(firstIso);
    this.days = epochDay(lastIso) - this.first + 1;
    if (this.days < 1) throw new Error('calendar must cover at least one day');
    // One extra day so night shifts on the last day can print their end.
    this.dates = Array.from({ length: this.days + 1 }, (_, i) => isoDate(this.first + i));
  }

  date(day: number): string {
    const s = this.dates[day];
    if (s === undefined) return isoDate(this.first + day);
    return s;
  }

  weekday(day: number): Weekday {
    return WEEKDAYS[weekdayIndex(this.first + day)] as Weekday;
  }

  /** Day index of an ISO date (may be outside the calendar). */
  dayOf(iso: string): number {
    return epochDay(iso) - this.first;
  }

  /** `YYYY-MM-DD HH:MM:SS` for a minute count since the calendar's first midnight. */
  timestamp(minute: number): string {
    const day = Math.floor(minute / MINUTES_PER_DAY);
    const rest = minute - day * MINUTES_PER_DAY;
    const h = Math.floor(rest / 60);
    return `${this.date(day)} ${HOURS[h]}:${MINUTES[rest - h * 60]}:00`;
  }
}

/** `HH:MM` → minutes after midnight. */
export function clockMinutes(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`not an HH:MM time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}
