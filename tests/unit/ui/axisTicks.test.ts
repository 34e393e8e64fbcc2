import { describe, expect, it } from 'vitest';
import { monthTicks, roundStep, valueAxis } from '../../../src/ui/axisTicks';

/** Mondays from `first`, `n` weeks. */
function mondays(first: string, n: number): string[] {
  const t0 = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: n }, (_, k) => new Date(t0 + k * 7 * 86_400_000).toISOString().slice(0, 10));
}

describe('value axis ticks at round values', () => {
  it('gives 0, 0.5, 1, 1.5 where an even split of 0–1.65 would give 0.55 / 1.1 / 1.65', () => {
    expect(valueAxis([0.2, 1.65]).ticks).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(valueAxis([0.2, 1.65]).domain).toEqual([0, 2]);
  });

  it('steps are 1, 2 or 5 times a power of ten', () => {
    expect(roundStep(10)).toBe(2);
    expect(roundStep(33.7)).toBe(10);
    expect(roundStep(1.28)).toBe(0.5);
    expect(roundStep(144.7)).toBe(50);
    expect(roundStep(0.07)).toBe(0.02);
  });

  it('covers every value, from 0, ending on a tick', () => {
    // The sample's weekly incidents chart: values up to 33.7 (its upper limit).
    expect(valueAxis([3.9, 18.8, 33.7]).ticks).toEqual([0, 10, 20, 30, 40]);
    expect(valueAxis([0, 0.47, 1.28]).ticks).toEqual([0, 0.5, 1, 1.5]);
    // Nulls (suppressed bars) and non-finite values are ignored.
    expect(valueAxis([null, 2.6, undefined, Number.NaN, 3.1]).ticks).toEqual([0, 1, 2, 3, 4]);
  });

  it('has no floating-point dust in its ticks', () => {
    for (const t of valueAxis([0, 0.7]).ticks) expect(String(t).length).toBeLessThanOrEqual(3);
    expect(valueAxis([0, 0.7]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('reaches below 0 for a negative value, and gives 0 to 1 with nothing to show', () => {
    expect(valueAxis([-3, 7]).ticks).toEqual([-4, -2, 0, 2, 4, 6, 8]);
    expect(valueAxis([])).toEqual({ domain: [0, 1], ticks: [0, 1] });
    expect(valueAxis([0, 0])).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });
});

describe('weekly date axis names each month once', () => {
  it('the evidence pack fixture: May to July 2025 names May, Jun and Jul once each', () => {
    // w/c 5 May … 28 Jul 2025; the old ticks read "May 25", "Jun 25", "Jun 25", … by minTickGap.
    const weeks = mondays('2025-05-05', 13);
    const axis = monthTicks(weeks);
    expect(axis.ticks).toEqual(['2025-05-05', '2025-06-02', '2025-07-07']);
    expect(axis.ticks.map(axis.label)).toEqual(['May 2025', 'Jun', 'Jul']);
  });

  it('a week starting on the last days of a month belongs to that month; the next month starts at its first Monday', () => {
    const weeks = mondays('2025-04-21', 7); // 21 Apr, 28 Apr, 5 May, …, 2 Jun
    const axis = monthTicks(weeks);
    expect(axis.ticks).toEqual(['2025-04-21', '2025-05-05', '2025-06-02']);
    expect(axis.ticks.map(axis.label)).toEqual(['Apr 2025', 'May', 'Jun']);
  });

  it('a year of weeks (the sample: w/c 6 Jan 2025 to 22 Dec 2025) names all twelve months, no month twice', () => {
    const weeks = mondays('2025-01-06', 51);
    const axis = monthTicks(weeks);
    const labels = axis.ticks.map(axis.label);
    expect(labels).toEqual(['Jan 2025', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('says the year again at each January', () => {
    const weeks = mondays('2025-11-03', 12); // Nov 2025 to Jan 2026
    const axis = monthTicks(weeks);
    expect(axis.ticks.map(axis.label)).toEqual(['Nov 2025', 'Dec', 'Jan 2026']);
  });

  it('by month (five years of firsts of months, analysis/grain.ts) names the first month too, every sixth after it', () => {
    const months = Array.from({ length: 60 }, (_, i) => `${2021 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}-01`);
    const axis = monthTicks(months, 13, 'month');
    expect(axis.ticks.map(axis.label)).toEqual(['Jan 2021', 'Jul', 'Jan 2022', 'Jul', 'Jan 2023', 'Jul', 'Jan 2024', 'Jul', 'Jan 2025', 'Jul']);
    // Read as weeks, the first point would be dropped as a lone week before the next month.
    expect(monthTicks(months).ticks[0]).toBe('2021-07-01');
  });

  it('over three years names every third month (Jan, Apr, Jul, Oct), at most 13 labels', () => {
    const weeks = mondays('2024-01-01', 156);
    const axis = monthTicks(weeks);
    expect(axis.ticks.length).toBeLessThanOrEqual(13);
    expect(axis.ticks.map(axis.label).slice(0, 5)).toEqual(['Jan 2024', 'Apr', 'Jul', 'Oct', 'Jan 2025']);
  });

  it('leaves out a first month with a single week, which would overlap the next label', () => {
    // The sample's plan weeks: w/c 30 Dec 2024, then January 2025 onwards.
    const axis = monthTicks(mondays('2024-12-30', 10));
    expect(axis.ticks.map(axis.label)).toEqual(['Jan 2025', 'Feb', 'Mar']);
    expect(monthTicks(['2024-12-30']).ticks).toEqual(['2024-12-30']);
  });

  it('no weeks, no ticks', () => {
    expect(monthTicks([]).ticks).toEqual([]);
  });
});
