/**
 * Small pieces the plain-English sentences of analyses 2, 5, 6 and 9 share. A comparison whose
 * interval includes 1 is never called a difference; small numbers are said out loud.
 */
import type { ShareBand, ShortfallBand } from '../model/settings';
import { ci, fmt, ratioCi, ratioDigits, timesAs } from './sentences';
import type { Estimate } from './types';

export { ci, fmt, ratioCi, ratioDigits, timesAs };

/** Below this many events a sentence says the numbers are small. */
export const SMALL_COUNT = 10;

export const pct = (share: number, digits = 0) => `${fmt(100 * share, digits)} %`;

export const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n, 0)} ${n === 1 ? one : many}`;

/** The verb agreeing with a count: are(1, 'is', 'are') → 'is'. */
export const agree = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const smallNote = (n: number, what: string, many?: string) =>
  n < SMALL_COUNT ? ` These are small numbers (${plural(n, what, many)}): read them with care.` : '';

/** Phrases for "in periods …" by condition and band. */
export const BAND_PHRASE = {
  shortfall: {
    none: 'fully staffed',
    one: 'about one staff member short',
    twoPlus: 'two or more staff short',
  } satisfies Record<ShortfallBand, string>,
  agency: {
    none: 'with no agency staff',
    upTo25: 'with agency staff on up to a quarter of the hours',
    from25To50: 'with agency staff on a quarter to half of the hours',
    over50: 'with agency staff on more than half of the hours',
  } satisfies Record<ShareBand, string>,
  unfamiliar: {
    none: 'with no unfamiliar staff',
    upTo25: 'with unfamiliar staff on up to a quarter of the hours',
    from25To50: 'with unfamiliar staff on a quarter to half of the hours',
    over50: 'with unfamiliar staff on more than half of the hours',
  } satisfies Record<ShareBand, string>,
};
export type Condition = keyof typeof BAND_PHRASE;

/** "periods when the unit was fully staffed", "periods with no agency staff". */
export function periodsPhrase(condition: Condition, band: string): string {
  const phrase = (BAND_PHRASE[condition] as Record<string, string>)[band] ?? band;
  return condition === 'shortfall' ? `periods when the unit was ${phrase}` : `periods ${phrase}`;
}
export const CONDITIONS: Condition[] = ['shortfall', 'agency', 'unfamiliar'];

/**
 * Reads a ratio (risk or rate): "about 2.1 times as likely (95 % CI …)" when the interval
 * excludes 1, otherwise "no clear difference (ratio …, CI …)". One ratio, one decimal.
 */
export function readRatio(e: Estimate | null, kind: 'risk' | 'rate'): { clear: boolean; text: string } | null {
  if (!e) return null;
  const name = kind === 'risk' ? 'risk ratio' : 'rate ratio';
  const word = kind === 'risk' ? 'as likely' : 'as often';
  if (e.lower > 1 || e.upper < 1) return { clear: true, text: `${timesAs(e, word)} (${ratioCi(e)})` };
  return { clear: false, text: `no clear difference (${name} ${fmt(e.estimate, ratioDigits(e))}, ${ratioCi(e)})` };
}

/** Minutes as "12 minutes" or "3.5 hours". */
export function minutesPhrase(m: number): string {
  const short = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  if (m < 120) return `${short(m)} ${m === 1 ? 'minute' : 'minutes'}`;
  return `${short(m / 60)} hours`;
}

export const ASSOCIATION = 'This is an association, not proof of cause.';
