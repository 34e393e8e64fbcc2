/**
 * Small-number suppression. Expected values are worked by hand from the NHS rule (1–4 hidden,
 * others to the nearest 5, zero shown) and from textbook exact Poisson limits.
 */
import { describe, expect, it } from 'vitest';
import { isSuppressedCount, numberPolicy, roundedCount, SUPPRESSED_CELL, SUPPRESSED_TEXT } from '../../../src/report/suppression';

const on = numberPolicy(true);
const off = numberPolicy(false);

describe('counts', () => {
  it('hides 1 to 4, rounds the rest to the nearest 5, keeps zero', () => {
    const cases: [number, number | null][] = [
      [0, 0], [1, null], [2, null], [3, null], [4, null], [5, 5], [6, 5], [7, 5], [8, 10], [12, 10], [13, 15], [136, 135], [137, 135], [138, 140], [1002, 1000],
    ];
    for (const [n, expected] of cases) expect(roundedCount(n), `count ${n}`).toBe(expected);
    expect([0, 1, 4, 5].map(isSuppressedCount)).toEqual([false, true, true, false]);
  });

  it('reads the same in sentences and table cells', () => {
    expect(on.count(3)).toMatchObject({ value: null, text: SUPPRESSED_TEXT, cell: SUPPRESSED_CELL, suppressed: true });
    expect(SUPPRESSED_TEXT).toBe('fewer than 5');
    expect(SUPPRESSED_CELL).toBe('*');
    expect(on.count(136)).toMatchObject({ value: 135, text: 'about 135', cell: '135', rounded: true });
    expect(on.count(0)).toMatchObject({ value: 0, text: '0', cell: '0', suppressed: false });
    expect(on.count(1234)).toMatchObject({ value: 1235, text: 'about 1,235', cell: '1,235' });
  });

  it('passes numbers through unchanged when suppression is off', () => {
    expect(off.count(3)).toMatchObject({ value: 3, text: '3', suppressed: false, rounded: false });
    expect(off.count(136).text).toBe('136');
    expect(off.percent(83, 136).text).toBe('61 %'); // 83 / 136 = 61.03 %
  });
});

describe('derived numbers never give a count away', () => {
  it('works percentages out from the rounded counts', () => {
    // 83 → 85 and 136 → 135: 85 / 135 = 62.96 %
    expect(on.percent(83, 136)).toMatchObject({ text: '63 %', rounded: true });
    expect(on.percent(0, 40).text).toBe('0 %');
  });

  it('hides a percentage whose numerator or denominator is hidden', () => {
    expect(on.percent(3, 136)).toMatchObject({ value: null, suppressed: true, cell: '*' });
    expect(on.percent(2, 4)).toMatchObject({ value: null, suppressed: true });
  });

  it('gives a rate and its exact interval for the rounded count', () => {
    // 7 → 5 incidents in 90 person-periods: 5.56 per 100; exact 95 % limits for 5 are 1.6235 and 11.6683.
    const r = on.rate(7, 90);
    expect(r.rate.value).toBeCloseTo((5 / 90) * 100, 10);
    expect(r.lower.value).toBeCloseTo((1.6235 / 90) * 100, 3);
    expect(r.upper.value).toBeCloseTo((11.6683 / 90) * 100, 3);
    expect([r.rate.text, r.lower.text, r.upper.text]).toEqual(['5.6', '1.8', '13.0']);
    expect(r.count.text).toBe('about 5');
    const hidden = on.rate(3, 90);
    expect([hidden.rate.value, hidden.lower.value, hidden.upper.value, hidden.count.cell]).toEqual([null, null, null, '*']);
  });

  it('shows the same everything for true counts that round alike', () => {
    // 8, 9, 10, 11 and 12 all round to 10: nothing shown may tell them apart.
    const shown = (n: number) =>
      JSON.stringify([on.count(n), on.percent(n, 60), on.rate(n, 200), on.riskRatio(n, 40, 20, 50), on.summary(17, n)]);
    const first = shown(8);
    for (const n of [9, 10, 11, 12]) expect(shown(n)).toBe(first);
    expect(shown(13)).not.toBe(first);
    for (const n of [1, 2, 3, 4]) expect(JSON.stringify([on.count(n), on.percent(n, 60), on.rate(n, 200)])).toBe(JSON.stringify([on.count(1), on.percent(1, 60), on.rate(1, 200)]));
  });

  it('recomputes a risk ratio from the rounded counts, and withholds it over a hidden count', () => {
    // 32/81 vs 11/55 → 30/80 vs 10/55; RR = 0.375 / 0.1818 = 2.0625; log-scale Wald interval.
    const rr = on.riskRatio(32, 81, 11, 55);
    expect(rr.shown).toBe(true);
    if (!rr.shown) return;
    const se = Math.sqrt(1 / 30 - 1 / 80 + 1 / 10 - 1 / 55);
    expect(rr.ratio.estimate).toBeCloseTo(2.0625, 10);
    expect(rr.ratio.lower).toBeCloseTo(2.0625 * Math.exp(-1.959964 * se), 8);
    expect(rr.ratio.upper).toBeCloseTo(2.0625 * Math.exp(1.959964 * se), 8);
    expect(on.riskRatio(3, 81, 11, 55)).toEqual({ shown: false, reason: 'withheld' });
    const unsuppressed = off.riskRatio(32, 81, 11, 55);
    expect(unsuppressed.shown && unsuppressed.ratio.estimate).toBeCloseTo(32 / 81 / (11 / 55), 10);
  });

  it('withholds a model ratio only when a band it compares holds 1 to 4 incidents', () => {
    const e = { estimate: 2.1, lower: 1.7, upper: 2.6 };
    expect(on.modelRatio(e, [34, 55])).toEqual({ shown: true, ratio: e });
    expect(on.modelRatio(e, [3, 55])).toEqual({ shown: false, reason: 'withheld' });
    expect(off.modelRatio(e, [3, 55])).toEqual({ shown: true, ratio: e });
    expect(on.modelRatio(null, [34, 55])).toEqual({ shown: false, reason: 'not estimable' });
  });

  it('hides a summary over 1 to 4 events and rounds estimated counts like counts', () => {
    expect(on.summary(12, 3)).toMatchObject({ value: null, suppressed: true });
    expect(on.summary(12, 6).text).toBe('12');
    expect(on.estimatedCount(53.4)).toMatchObject({ value: 55, text: 'about 55' });
    expect(on.estimatedCount(3.2).suppressed).toBe(true);
    expect([on.estimateBound(43.1).text, on.estimateBound(63.4).text, on.estimateBound(-2).text]).toEqual(['45', '65', '0']);
    expect(off.estimatedCount(53.4).text).toBe('53');
  });

  it('does not suppress exposure', () => {
    expect(on.exposure(3).text).toBe('3');
    expect(on.shareOfExposure(372, 1095).text).toBe('34 %'); // 33.97 %
  });
});
