/**
 * The sentences under the charts and tables: each says in plain English what the numbers show.
 * Pure functions of the analysis result, so they can be tested without a browser.
 */
import type { RateCell, StaffingResult } from '../analysis/types';
import type { ShareBand, ShortfallBand } from '../model/settings';
import { formatInterval, formatNumber } from './format';

export type Dimension = 'shortfall' | 'agency' | 'unfamiliar';

/** How each band reads inside a sentence ("… in periods two or more staff short"). */
export const BAND_PHRASES: { shortfall: Record<ShortfallBand, string> } & Record<'agency' | 'unfamiliar', Record<ShareBand, string>> = {
  shortfall: {
    none: 'in fully staffed periods',
    one: 'in periods about one staff member short',
    twoPlus: 'in periods two or more staff short',
  },
  agency: {
    none: 'in periods with no agency staff',
    upTo25: 'with agency staff working up to 25 % of the hours',
    from25To50: 'with agency staff working more than 25 % up to 50 % of the hours',
    over50: 'with agency staff working more than half of the hours',
  },
  unfamiliar: {
    none: 'in periods with no unfamiliar staff',
    upTo25: 'with unfamiliar staff working up to 25 % of the hours',
    from25To50: 'with unfamiliar staff working more than 25 % up to 50 % of the hours',
    over50: 'with unfamiliar staff working more than half of the hours',
  },
};

/** Below this many incidents a band's rate is flagged as resting on small numbers. */
export const SMALL_COUNT = 5;

function rateText(cell: RateCell): string {
  return `${formatNumber(cell.rate)} (95\u00a0% CI ${formatInterval(cell.lower, cell.upper)})`;
}

export function rateSummary(dimension: Dimension, cells: Record<string, RateCell>, order: readonly string[]): string {
  const phrases = BAND_PHRASES[dimension] as Record<string, string>;
  const withData = order.filter((b) => (cells[b]?.personPeriods ?? 0) > 0 && cells[b]?.rate !== null);
  if (withData.length === 0) return 'There are no person-periods to count in this selection, so there are no rates.';
  const first = withData[0]!;
  const firstCell = cells[first]!;
  let sentence: string;
  if (withData.length === 1) {
    sentence = `Every person-period fell ${phrases[first]}: ${rateText(firstCell)} incidents per 100 person-periods.`;
  } else {
    const last = withData[withData.length - 1]!;
    const lastCell = cells[last]!;
    const a = firstCell.rate!;
    const b = lastCell.rate!;
    const move = b > a * 1.05 ? 'rising to' : b < a * 0.95 ? 'falling to' : 'and much the same,';
    sentence =
      `Incidents per 100 person-periods: ${rateText(firstCell)} ${phrases[first]}, ` +
      `${move} ${rateText(lastCell)} ${phrases[last]}.`;
  }
  const small = withData.filter((b) => cells[b]!.incidents < SMALL_COUNT);
  if (small.length > 0) {
    sentence += ` Fewer than ${SMALL_COUNT} incidents ${small.map((b) => phrases[b]).join('; ')}: read those rates with care.`;
  }
  return sentence;
}

/** What the dispersion meant for the intervals; the value itself is shown beside it. */
export function dispersionNote(result: StaffingResult, threshold: number): string {
  const m = result.model;
  if (!m.fitted) return m.message ?? 'The model could not be fitted to this selection.';
  if (m.dispersion === null) return 'The dispersion could not be computed.';
  return m.widened
    ? `the counts varied more than a Poisson model expects (above ${formatNumber(threshold, 1)}), so every interval was widened by the square root of the dispersion.`
    : `within what a Poisson model expects (threshold ${formatNumber(threshold, 1)}), so the intervals were not widened.`;
}
