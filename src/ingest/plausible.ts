/**
 * What a value must be to be believed. A row dated 2205 (or 9999-12-31) would stretch the
 * calendar to hundreds of thousands of periods; a duration of NaN, Infinity or 1e12 minutes, a
 * requirement of a billion staff or commissioned hours from 25:00 would flow into every sum. Such
 * rows are rejected on import with a reason, never used. The limits are settings (model/settings.ts
 * holds them with the rest) and the methods page states them (plausibilityText).
 */
import '../zodJitless'; // before any schema is made, whichever chunk this module lands in
import { z } from 'zod';
import { literal } from '../db/sql';
import { TABLES, type FileKind } from './canonical';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const PlausibilityLimits = z.object({
  /** No date or time before this day is believed. */
  earliestDate: isoDate,
  /** Nor one more than this many days after the day of the import. */
  latestDaysAfterImport: z.number().int().min(0).max(36_600),
  /** A restrictive intervention lasting longer than this (minutes) is not believed. */
  maxDurationMinutes: z.number().positive(),
  /** Nor a staffing requirement of more staff than this on one shift. */
  maxRequiredStaff: z.number().positive(),
});
export type PlausibilityLimits = z.infer<typeof PlausibilityLimits>;

export const DEFAULT_PLAUSIBILITY: PlausibilityLimits = {
  earliestDate: '2000-01-01',
  latestDaysAfterImport: 365,
  maxDurationMinutes: 366 * 24 * 60,
  maxRequiredStaff: 200,
};

/** The earliest admission date believed, whatever the window (see plausibilityRules). */
export const LONG_STAY_EARLIEST = '1900-01-01';

/** One import's window of believable dates, [earliest, latest] as ISO days. */
export interface DateWindow {
  earliest: string;
  latest: string;
}

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The window for an import made on `importedAt` (local calendar day, as the data's times are). */
export function dateWindow(limits: PlausibilityLimits, importedAt: Date): DateWindow {
  const latest = new Date(importedAt.getFullYear(), importedAt.getMonth(), importedAt.getDate() + limits.latestDaysAfterImport);
  return { earliest: limits.earliestDate, latest: isoDay(latest) };
}

/** [condition that makes the row bad, column, reason], as load/rules.ts's row rules. */
export type RowRule = [string, string, string];

/** What the model reads as a clock time (model/commissioned.ts), possible or not. */
const CLOCK = '\\d{1,2}:\\d{2}(:\\d{2})?';
/** HH:MM (seconds allowed: a workbook's time cells read as HH:MM:SS). */
const TIME_OF_DAY = '^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$';

const plain = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/** The plausibility rules for one kind of file: every date and time in the window, numbers finite and in range. */
export function plausibilityRules(kind: FileKind, limits: PlausibilityLimits, window: DateWindow): RowRule[] {
  const rules: RowRule[] = [];
  for (const field of TABLES[kind].fields) {
    const col = `"${field.name}"`;
    if (field.type === 'date' || field.type === 'timestamp') {
      // People are held in hospital for decades: an admission before the window is real, and
      // admissions never stretch the calendar (the rota does). Only the far past is refused.
      const earliest = kind === 'people' && field.name === 'admitted' ? LONG_STAY_EARLIEST : window.earliest;
      const outside = `outside the plausible dates (${earliest} to ${window.latest}, a year after the import): check the year`;
      rules.push([`(CAST(${col} AS DATE) < DATE ${literal(earliest)} OR CAST(${col} AS DATE) > DATE ${literal(window.latest)})`, field.name, outside]);
    }
  }
  if (kind === 'interventions') {
    rules.push(['NOT isfinite(duration_minutes)', 'duration_minutes', 'the duration is not a finite number']);
    rules.push([
      `isfinite(duration_minutes) AND duration_minutes > ${limits.maxDurationMinutes}`,
      'duration_minutes',
      `the duration is more than ${plain(limits.maxDurationMinutes)} minutes: not plausible`,
    ]);
  }
  if (kind === 'requirements') {
    rules.push(['NOT isfinite(required)', 'required', 'the number of staff required is not a finite number']);
    rules.push([
      `isfinite(required) AND required > ${limits.maxRequiredStaff}`,
      'required',
      `more than ${plain(limits.maxRequiredStaff)} staff required on one shift: not plausible`,
    ]);
  }
  if (kind === 'people') {
    // Read as hours and minutes by the model, so 25:00 would be 1,500 minutes into the day. Other
    // text ("8am", "days") is kept: the analysis warns that it cannot read it and assumes all day.
    const clock = (c: string) => `regexp_full_match(trim(${c}), '${CLOCK}')`;
    rules.push([`${clock('commissioned_from')} AND NOT regexp_full_match(trim(commissioned_from), '${TIME_OF_DAY}')`, 'commissioned_from', 'commissioned_from is not a time of day (00:00 to 23:59)']);
    // The hours may run to midnight: 24:00 ends the day.
    rules.push([
      `${clock('commissioned_to')} AND NOT regexp_full_match(trim(commissioned_to), '${TIME_OF_DAY}') AND NOT regexp_full_match(trim(commissioned_to), '24:00(:00)?')`,
      'commissioned_to',
      'commissioned_to is not a time of day (00:00 to 24:00)',
    ]);
  }
  return rules;
}

/**
 * A NUL byte is not text (a damaged export, or binary pasted into a field): the row holding one
 * in a column that is read is rejected, the rest of the file kept. Typed fields are checked on
 * their raw text.
 */
export function nulRules(kind: FileKind): RowRule[] {
  return TABLES[kind].fields.map((field): RowRule => {
    const typed = field.type !== 'text' && field.type !== 'id';
    const col = `"${typed ? `raw__${field.name}` : field.name}"`;
    return [`contains(${col}, chr(0))`, field.name, 'holds a NUL byte (a zero byte, which is not text): the row is not imported'];
  });
}

/** The limits in words, for the methods page. */
export function plausibilityText(limits: PlausibilityLimits): string {
  return (
    `Rows whose dates or times fall before ${limits.earliestDate}, or more than ${plain(limits.latestDaysAfterImport)} days after the day of the import, are rejected, not used ` +
    `(a mistyped year would otherwise stretch the calendar); admission dates may go back to ${LONG_STAY_EARLIEST.slice(0, 4)}, as some people have been in hospital that long. So are durations that are not finite numbers or exceed ${plain(limits.maxDurationMinutes)} minutes, ` +
    `staffing requirements above ${plain(limits.maxRequiredStaff)} staff on one shift, and commissioned hours written as impossible clock times (25:00, 12:75). Each such row is listed with its reason.`
  );
}
