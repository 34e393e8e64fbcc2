/**
 * One definition, one place: every number in PBS Lens rests on these settings. The SQL in
 * model/ and the methods page both read them. Defaults are the BRIEF's.
 */
import '../zodJitless'; // before any schema is made, whichever chunk this module lands in
import { z } from 'zod';
import { DEFAULT_PLAUSIBILITY, PlausibilityLimits } from '../ingest/plausible';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

export const ShiftDefinition = z.object({
  name: z.string().min(1),
  start: hhmm,
  /** Length in hours; a period may cross midnight (Night 23:00 + 8 h). */
  hours: z.number().positive().max(24),
});
export type ShiftDefinition = z.infer<typeof ShiftDefinition>;

export const Settings = z.object({
  /** The default day cut; a unit may have its own in unitShiftPatterns. Must tile 24 hours. */
  shiftPattern: z.array(ShiftDefinition).min(1),
  unitShiftPatterns: z.record(z.string(), z.array(ShiftDefinition).min(1)),
  familiarity: z.object({
    /** A worked shift is by an unfamiliar staff member with fewer than minShifts … */
    minShifts: z.number().int().min(1),
    /** … worked shifts on the same unit in the windowDays before it starts. */
    windowDays: z.number().int().min(1),
  }),
  /** Shortfall bands: none < one; one < twoPlus (staff). */
  shortfallBandEdges: z.object({ one: z.number(), twoPlus: z.number() }),
  /** Agency and unfamiliar share bands: 0; (0, lowUpper]; (lowUpper, midUpper]; > midUpper. */
  shareBandEdges: z.object({ lowUpper: z.number(), midUpper: z.number() }),
  /** Dispersion above which intervals are widened quasi-Poisson style. */
  dispersionThreshold: z.number().positive(),
  /** What an imported value must be to be believed (dates in a window, numbers in range); rows outside are rejected. */
  plausibility: PlausibilityLimits.default(DEFAULT_PLAUSIBILITY),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  shiftPattern: [
    { name: 'Early', start: '07:00', hours: 8 },
    { name: 'Late', start: '15:00', hours: 8 },
    { name: 'Night', start: '23:00', hours: 8 },
  ],
  unitShiftPatterns: {},
  familiarity: { minShifts: 3, windowDays: 28 },
  shortfallBandEdges: { one: 0.5, twoPlus: 1.5 },
  shareBandEdges: { lowUpper: 0.25, midUpper: 0.5 },
  dispersionThreshold: 1.2,
  plausibility: DEFAULT_PLAUSIBILITY,
};

export const SHORTFALL_BANDS = ['none', 'one', 'twoPlus'] as const;
export const SHARE_BANDS = ['none', 'upTo25', 'from25To50', 'over50'] as const;
export type ShortfallBand = (typeof SHORTFALL_BANDS)[number];
export type ShareBand = (typeof SHARE_BANDS)[number];

export const SHORTFALL_BAND_LABELS: Record<ShortfallBand, string> = {
  none: 'Fully staffed (short by < 0.5)',
  one: 'About one short (0.5 to < 1.5)',
  twoPlus: 'Two or more short (≥ 1.5)',
};
export const SHARE_BAND_LABELS: Record<ShareBand, string> = {
  none: 'None',
  upTo25: 'More than 0 up to 25 %',
  from25To50: 'More than 25 % up to 50 %',
  over50: 'More than 50 %',
};
