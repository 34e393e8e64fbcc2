/**
 * Stepping through a chart's values with the keyboard (ChartFrame.tsx): which bucket a key moves
 * to, and the words a screen reader says for it. Pure, so the unit tests read them without a browser.
 */
import type { Grain } from '../../analysis/grain';
import { SUPPRESSED_CELL, SUPPRESSED_SAID } from '../../report/suppression';

/** What a key does to the bucket shown: move to an index, hide the value, or nothing (the key is not ours). */
export type KeyStep = { to: number } | 'hide' | null;

/**
 * The bucket a key moves to from `current` (null: none shown yet) among `count` buckets:
 * Left/Right one bucket, Page Up/Page Down `page` buckets back/on (as down a table, later rows),
 * Home/End the first/last. Only an arrow starts from none shown, at the first (Right) or last
 * (Left) bucket: until then Page Up/Down, Home and End scroll the page as anywhere else. Stops at
 * the ends. Escape hides the value when one is shown.
 */
export function stepKey(key: string, current: number | null, count: number, page: number): KeyStep {
  if (key === 'Escape') return current === null ? null : 'hide';
  if (count <= 0) return null;
  const last = count - 1;
  const clamp = (i: number) => ({ to: Math.min(last, Math.max(0, i)) });
  if (current === null) return key === 'ArrowRight' ? { to: 0 } : key === 'ArrowLeft' ? { to: last } : null;
  switch (key) {
    case 'ArrowRight':
      return clamp(current + 1);
    case 'ArrowLeft':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + page);
    case 'PageUp':
      return clamp(current - page);
    case 'Home':
      return { to: 0 };
    case 'End':
      return { to: last };
    default:
      return null;
  }
}

/** How many buckets Page Up/Down move by: a year of months, else four (a month of weeks; four bars). */
export function bucketsPerPage(grain: Grain | null): number {
  return grain === 'month' ? 12 : 4;
}

/** A period as said aloud: "Week of 3 Mar 2025" for the charts' "w/c 3 Mar 2025"; a month's label as it is ("January 2022 (from 15 Jan)"). */
export function spokenPeriod(label: string): string {
  return label.replace(/^w\/c /, 'Week of ');
}

/** One value of a bucket: what it is and its number as shown ("–" when there is none). */
export interface SpokenValue {
  label: string;
  value: string;
}

/**
 * "Week of 3 Mar 2025: Incidents: 12; Restraints: 3": the period, then each value after its name as
 * the tooltip's lines have them (a colon between, so "1 no harm: 0" is not heard as one number);
 * no value ("–") and a suppressed one ("*") said in words, as a table's cell is (ShownCell).
 */
export function announcement(period: string, values: SpokenValue[]): string {
  const said = values.map((v) => `${v.label}: ${v.value === '–' ? 'no value' : v.value === SUPPRESSED_CELL ? SUPPRESSED_SAID : v.value}`);
  return said.length === 0 ? spokenPeriod(period) : `${spokenPeriod(period)}: ${said.join('; ')}`;
}

/**
 * A bucket of a chart told from its row of the table beside it (the evidence pack's charts): the
 * row's first cell names the bucket, each other cell is a value under its column's heading, as
 * the table shows it; a blank cell (a week with no signal) is left out.
 */
export function rowBucket(columns: readonly { key: string; label: string }[], row: Readonly<Record<string, string>>): { period: string; values: SpokenValue[] } {
  const [head, ...rest] = columns;
  return {
    period: head ? (row[head.key] ?? '') : '',
    values: rest.filter((c) => (row[c.key] ?? '') !== '').map((c) => ({ label: c.label, value: row[c.key]! })),
  };
}

/** Decimals for a series' values in its tooltip: none when every one is whole (counts: "12", not "12.0"), else one. */
export function seriesDigits(values: Iterable<number | null>): 0 | 1 {
  for (const v of values) if (v !== null && !Number.isInteger(v)) return 1;
  return 0;
}

/**
 * The value shown, if it still is: its bucket is still drawn and says the words it said when
 * shown. New data (a filter change) hides it, so the live region never says another week unprompted.
 */
export function stillShown<T extends { index: number; said: string }>(shown: T | null, count: number, spoken: (i: number) => string): T | null {
  return shown && shown.index < count && spoken(shown.index) === shown.said ? shown : null;
}

/** A bucket's place among the chart's, said when a key moves nowhere (at an end): "week 52 of 52". */
export function atEnd(things: string, index: number, count: number): string {
  return `${things.replace(/s$/, '')} ${index + 1} of ${count}`;
}

/** A thin band is marked at least this wide, so a week of five years' weeks still shows. */
export const MIN_MARK = 6;

/** What the visible caption under a focused chart says (the hint above is for screen readers). */
export const KEY_CAPTION = '← → read values';

/**
 * Where bucket i of `count` is marked across a plot `plotWidth` wide from `plotLeft`: 'band', one
 * band per bucket (bars, the weekly charts); 'point', a step wide round its point, the first point
 * on the plot's left edge and the last on its right, one point alone in the middle (as d3's point
 * scale draws lines). At least `minWidth` wide round its middle, and never past the plot's edges.
 */
export function markBand(scale: 'band' | 'point', i: number, count: number, plotLeft: number, plotWidth: number, minWidth: number): { x: number; width: number } {
  const step = scale === 'band' || count <= 1 ? plotWidth / Math.max(1, count) : plotWidth / (count - 1);
  const middle = plotLeft + (scale === 'band' || count <= 1 ? (i + 0.5) * step : i * step);
  const half = Math.max(step, Math.min(minWidth, plotWidth)) / 2;
  const right = plotLeft + plotWidth;
  let [lo, hi] = [Math.max(plotLeft, middle - half), Math.min(right, middle + half)];
  // Cut by an edge to less than the least width: as wide as that, along the edge.
  const least = Math.min(minWidth, plotWidth);
  if (hi - lo < least) [lo, hi] = lo === plotLeft ? [lo, lo + least] : [hi - least, hi];
  return { x: lo, width: hi - lo };
}

/** A range said aloud ("1.0 to 4.2"), or "none" when it has neither end (a control chart without limits). */
export function spokenRange(lower: string, upper: string): string {
  return lower === '–' && upper === '–' ? 'none' : `${lower} to ${upper}`;
}

/** How the keys are said to a screen reader user on reaching the chart ("weeks", "bars"). */
export function keyHint(things: string, page: number): string {
  return `Left and right arrow keys step through the ${things}; then Page Up and Page Down ${page} at a time, Home and End to the first and last; Escape hides the value.`;
}

/** The tooltip's left edge: right of the mark if it fits, else left of it, else as near the mark as the frame allows. */
export function tooltipLeft(markLeft: number, markWidth: number, tipWidth: number, frameWidth: number): number {
  const gap = 8;
  if (markLeft + markWidth + gap + tipWidth <= frameWidth) return markLeft + markWidth + gap;
  if (markLeft - gap - tipWidth >= 0) return markLeft - gap - tipWidth;
  return Math.max(0, Math.min(frameWidth - tipWidth, markLeft + markWidth / 2 - tipWidth / 2));
}
