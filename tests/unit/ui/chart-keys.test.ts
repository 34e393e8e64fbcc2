/**
 * The charts' keyboard (components/chartKeys.ts): where each key goes among a chart's buckets,
 * the words said for a bucket, and where its tooltip sits. Expected values worked out by hand
 * from the rules in the module's comments.
 */
import { describe, expect, it } from 'vitest';
import { announcement, keyHint, seriesDigits, spokenPeriod, stepKey, tooltipLeft } from '../../../src/ui/components/chartKeys';
import { bucketLabel } from '../../../src/analysis/grain';

describe('stepKey', () => {
  it('starts at the first bucket with Right or Page Down, the last with Left or Page Up', () => {
    expect(stepKey('ArrowRight', null, 52, 4)).toEqual({ to: 0 });
    expect(stepKey('PageDown', null, 52, 4)).toEqual({ to: 0 });
    expect(stepKey('ArrowLeft', null, 52, 4)).toEqual({ to: 51 });
    expect(stepKey('PageUp', null, 52, 4)).toEqual({ to: 51 });
  });

  it('steps one, a page, or to either end, and stops at the ends', () => {
    expect(stepKey('ArrowRight', 10, 52, 4)).toEqual({ to: 11 });
    expect(stepKey('ArrowLeft', 10, 52, 4)).toEqual({ to: 9 });
    expect(stepKey('PageDown', 10, 52, 4)).toEqual({ to: 14 });
    expect(stepKey('PageUp', 10, 52, 4)).toEqual({ to: 6 });
    expect(stepKey('PageDown', 10, 36, 12)).toEqual({ to: 22 });
    expect(stepKey('Home', 10, 52, 4)).toEqual({ to: 0 });
    expect(stepKey('End', 10, 52, 4)).toEqual({ to: 51 });
    expect(stepKey('ArrowRight', 51, 52, 4)).toEqual({ to: 51 });
    expect(stepKey('ArrowLeft', 0, 52, 4)).toEqual({ to: 0 });
    expect(stepKey('PageDown', 50, 52, 4)).toEqual({ to: 51 });
    expect(stepKey('PageUp', 2, 52, 4)).toEqual({ to: 0 });
  });

  it('hides with Escape only when a value is shown, and leaves other keys (Tab, Enter, letters) alone', () => {
    expect(stepKey('Escape', 3, 52, 4)).toBe('hide');
    expect(stepKey('Escape', null, 52, 4)).toBeNull();
    for (const k of ['Tab', 'Enter', ' ', 'a', 'ArrowUp', 'ArrowDown']) expect(stepKey(k, 3, 52, 4)).toBeNull();
  });

  it('does nothing on a chart with no buckets', () => {
    expect(stepKey('ArrowRight', null, 0, 4)).toBeNull();
    expect(stepKey('End', null, 0, 4)).toBeNull();
  });
});

describe('what is said', () => {
  it('says a week in words, and a part month as its label in the table', () => {
    expect(spokenPeriod('w/c 3 Mar 2025')).toBe('Week of 3 Mar 2025');
    expect(spokenPeriod(bucketLabel('week', '2025-03-03', null))).toBe('Week of 3 Mar 2025');
    const span = { first: '2022-01-15', last: '2024-12-31' };
    expect(spokenPeriod(bucketLabel('month', '2022-01-01', span))).toBe('January 2022 (from 15 Jan)');
    expect(spokenPeriod('1 short')).toBe('1 short');
  });

  it('gives the period, then each value after its name and a colon; a missing value in words', () => {
    expect(
      announcement('w/c 3 Mar 2025', [
        { label: 'Incidents', value: '12' },
        { label: 'Restraints', value: '3' },
      ]),
    ).toBe('Week of 3 Mar 2025: Incidents: 12; Restraints: 3');
    expect(announcement('January 2022 (from 15 Jan)', [{ label: 'Strategies delivered (%)', value: '–' }])).toBe(
      'January 2022 (from 15 Jan): Strategies delivered (%): no value',
    );
    expect(announcement('w/c 3 Mar 2025', [])).toBe('Week of 3 Mar 2025');
    expect(announcement('w/c 6 Jan 2025', [{ label: '1 no harm', value: '0' }, { label: '2 low', value: '1' }])).toBe('Week of 6 Jan 2025: 1 no harm: 0; 2 low: 1');
  });

  it('shows counts whole and measures to one decimal: a series with any fraction has one', () => {
    expect(seriesDigits([12, 3, null, 0])).toBe(0);
    expect(seriesDigits([12, 3.5, null])).toBe(1);
    expect(seriesDigits([])).toBe(0);
  });

  it('tells the keys, with the page step', () => {
    expect(keyHint('months', 12)).toBe(
      'Left and right arrow keys step through the months, Page Up and Page Down 12 at a time, Home and End to the first and last; Escape hides the value.',
    );
  });
});

describe('tooltipLeft', () => {
  // A 600 px frame, a 10 px mark, a 150 px tooltip, 8 px from the mark.
  it('puts the tooltip right of the mark when it fits, else left of it', () => {
    expect(tooltipLeft(100, 10, 150, 600)).toBe(118);
    expect(tooltipLeft(500, 10, 150, 600)).toBe(342);
  });

  it('keeps a tooltip too wide for either side inside the frame, centred on the mark where it can', () => {
    // 300 px frame, mark at 140–240, tooltip 200 px: no room either side; centred on 190 → 90.
    expect(tooltipLeft(140, 100, 200, 300)).toBe(90);
    // Near the left edge: centred would start at -40, so 0.
    expect(tooltipLeft(20, 100, 220, 300)).toBe(0);
    // Wider than the frame: from its left edge.
    expect(tooltipLeft(20, 10, 400, 300)).toBe(0);
  });
});
