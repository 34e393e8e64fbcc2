/**
 * The BRIEF's staffing definitions, computed inside the generator so the planted effects act on
 * exactly the bands the app is meant to recover. Pure functions, exported for the tests.
 *
 * - A period belongs to the date it starts on; Night 23:00–07:00 runs into the next date.
 * - Staff present = minutes of worked shifts overlapping the period / the period's minutes.
 * - Shortfall = max(0, required − present); bands none < 0.5 ≤ one < 1.5 ≤ twoPlus.
 * - Agency share = agency minutes / all worked minutes in the period; bands 0, (0, .25],
 *   (.25, .5], > .5, exact at the edges (shift times are whole hours, so the ratios are exact
 *   binary fractions at the edges).
 */
import {
  DEFAULT_SETTINGS,
  type ShareBand,
  type ShiftDefinition,
  type ShortfallBand,
} from '../../src/model/settings';
import { MINUTES_PER_DAY, clockMinutes } from './calendar';

export interface Period {
  /** Shift name of the pattern, e.g. Early. */
  name: string;
  /** Day index the period belongs to (the date it starts on). */
  day: number;
  /** Minutes since the calendar's first midnight; end exclusive. */
  start: number;
  end: number;
}

export interface WorkedSpan {
  start: number;
  end: number;
  agency: boolean;
}

export interface PeriodStaffing {
  present: number;
  /** null when nobody worked in the period. */
  agencyShare: number | null;
}

export function periodsOfDay(
  day: number,
  pattern: readonly ShiftDefinition[] = DEFAULT_SETTINGS.shiftPattern,
): Period[] {
  return pattern.map((s) => {
    const start = day * MINUTES_PER_DAY + clockMinutes(s.start);
    return { name: s.name, day, start, end: start + Math.round(s.hours * 60) };
  });
}

export function overlapMinutes(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

export function periodStaffing(period: Period, worked: readonly WorkedSpan[]): PeriodStaffing {
  let all = 0;
  let agency = 0;
  for (const w of worked) {
    const m = overlapMinutes(w.start, w.end, period.start, period.end);
    all += m;
    if (w.agency) agency += m;
  }
  return { present: all / (period.end - period.start), agencyShare: all > 0 ? agency / all : null };
}

export function shortfall(required: number, present: number): number {
  return Math.max(0, required - present);
}

export function shortfallBand(
  value: number,
  edges = DEFAULT_SETTINGS.shortfallBandEdges,
): ShortfallBand {
  if (value >= edges.twoPlus) return 'twoPlus';
  if (value >= edges.one) return 'one';
  return 'none';
}

/** Band of a share; a period with no staff-hours has no share and counts as 'none'. */
export function shareBand(share: number | null, edges = DEFAULT_SETTINGS.shareBandEdges): ShareBand {
  if (share === null || share <= 0) return 'none';
  if (share <= edges.lowUpper) return 'upTo25';
  if (share <= edges.midUpper) return 'from25To50';
  return 'over50';
}
