/**
 * The charts' keyboard (components/chartKeys.ts): where each key goes among a chart's buckets,
 * the words said for a bucket, and where its tooltip sits. Expected values worked out by hand
 * from the rules in the module's comments.
 */
import { describe, expect, it } from 'vitest';
import { announcement, atEnd, keyHint, rowBucket, markBand, seriesDigits, spokenPeriod, spokenRange, stepKey, stillShown, tooltipLeft } from '../../../src/ui/components/chartKeys';
import { bucketLabel } from '../../../src/analysis/grain';

describe('stepKey', () => {
  it('starts at the first bucket with Right, the last with Left', () => {
    expect(stepKey('ArrowRight', null, 52, 4)).toEqual({ to: 0 });
    expect(stepKey('ArrowLeft', null, 52, 4)).toEqual({ to: 51 });
  });

  it('leaves Page Up, Page Down, Home and End to the page (scrolling) until a value is shown', () => {
    for (const k of ['PageUp', 'PageDown', 'Home', 'End']) expect(stepKey(k, null, 52, 4)).toBeNull();
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
    // A suppressed cell ("*" in the pack's tables) in words, as the table's cell says it; a value merely containing * as it is.
    expect(announcement('About 1 short', [{ label: 'Incidents', value: '*' }, { label: 'Rate per 100', value: '12.5*' }])).toBe(
      'About 1 short: Incidents: fewer than 5, suppressed; Rate per 100: 12.5*',
    );
    expect(announcement('w/c 6 Jan 2025', [{ label: '1 no harm', value: '0' }, { label: '2 low', value: '1' }])).toBe('Week of 6 Jan 2025: 1 no harm: 0; 2 low: 1');
  });

  it('shows counts whole and measures to one decimal: a series with any fraction has one', () => {
    expect(seriesDigits([12, 3, null, 0])).toBe(0);
    expect(seriesDigits([12, 3.5, null])).toBe(1);
    expect(seriesDigits([])).toBe(0);
  });

  it('gives the position at an end, where a key moves nowhere, so something is said', () => {
    expect(atEnd('weeks', 51, 52)).toBe('week 52 of 52');
    expect(atEnd('months', 0, 36)).toBe('month 1 of 36');
    expect(atEnd('bars', 2, 3)).toBe('bar 3 of 3');
  });

  it('says a control chart without limits has none, not "– to –"', () => {
    expect(announcement('w/c 6 Jan 2025', [{ label: 'limits', value: spokenRange('–', '–') }])).toBe('Week of 6 Jan 2025: limits: none');
    expect(spokenRange('0.0', '4.2')).toBe('0.0 to 4.2');
  });

  it("tells a bucket from its table row: the first cell names it, each other cell follows its heading, blank cells left out", () => {
    const columns = [
      { key: 'week', label: 'Week from' },
      { key: 'incidents', label: 'Incidents' },
      { key: 'limits', label: 'Limits' },
      { key: 'signal', label: 'Signal' },
    ];
    const row = { week: '2025-01-06', incidents: '7', limits: '0.0 to 9.3', signal: '' };
    expect(rowBucket(columns, row)).toEqual({ period: '2025-01-06', values: [{ label: 'Incidents', value: '7' }, { label: 'Limits', value: '0.0 to 9.3' }] });
    const b = rowBucket(columns, { ...row, signal: 'concern' });
    expect(announcement(b.period, b.values)).toBe('2025-01-06: Incidents: 7; Limits: 0.0 to 9.3; Signal: concern');
    // A "–" cell is said as no value, as on the dashboard's charts.
    const bar = rowBucket([{ key: 'band', label: 'Staffing' }, { key: 'rate', label: 'Rate per 100' }], { band: '2 or more short', rate: '–' });
    expect(announcement(bar.period, bar.values)).toBe('2 or more short: Rate per 100: no value');
  });

  it('tells the keys, with the page step', () => {
    expect(keyHint('months', 12)).toBe(
      'Left and right arrow keys step through the months; then Page Up and Page Down 12 at a time, Home and End to the first and last; Escape hides the value.',
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

describe('markBand', () => {
  // A plot 100 px wide from x = 50; marks at least 6 px wide.
  it('marks one band per bar', () => {
    expect(markBand('band', 0, 4, 50, 100, 6)).toEqual({ x: 50, width: 25 });
    expect(markBand('band', 3, 4, 50, 100, 6)).toEqual({ x: 125, width: 25 });
    expect(markBand('band', 0, 1, 50, 100, 6)).toEqual({ x: 50, width: 100 });
  });

  it("centres a line's only point, as d3's point scale draws it", () => {
    // scalePoint().domain(['a']).range([0, 100])('a') === 50: the mark is the whole plot, centred on 100.
    expect(markBand('point', 0, 1, 50, 100, 6)).toEqual({ x: 50, width: 100 });
  });

  it("marks a line's points a step wide round each, cut at the plot's edges", () => {
    // Three points at 50, 100, 150: step 50.
    expect(markBand('point', 1, 3, 50, 100, 6)).toEqual({ x: 75, width: 50 });
    expect(markBand('point', 0, 3, 50, 100, 6)).toEqual({ x: 50, width: 25 });
    expect(markBand('point', 2, 3, 50, 100, 6)).toEqual({ x: 125, width: 25 });
  });

  it('widens a thin band to the least width round its middle, inside the plot', () => {
    // 200 bars in 100 px: 0.5 px each; bar 100 spans 100–100.5 → 6 px round 100.25.
    expect(markBand('band', 100, 200, 50, 100, 6)).toEqual({ x: 97.25, width: 6 });
    expect(markBand('band', 0, 200, 50, 100, 6)).toEqual({ x: 50, width: 6 });
    expect(markBand('point', 200, 201, 50, 100, 6)).toEqual({ x: 144, width: 6 });
  });
});

describe('stillShown', () => {
  const weeks = (values: number[]) => (i: number) => announcement(`w/c ${i + 1} Mar 2025`, [{ label: 'Incidents', value: String(values[i]) }]);
  it('keeps a value while its bucket says the same, and drops it when the data change or it is no longer drawn', () => {
    const shown = { index: 2, said: weeks([1, 2, 3])(2) };
    expect(stillShown(shown, 3, weeks([1, 2, 3]))).toBe(shown);
    expect(stillShown(shown, 3, weeks([1, 2, 7]))).toBeNull();
    expect(stillShown(shown, 2, weeks([1, 2]))).toBeNull();
    expect(stillShown(null, 3, weeks([1, 2, 3]))).toBeNull();
  });
});
