import { describe, expect, test } from 'vitest';
import type { RateCell } from '../../../src/analysis/types';
import { periodEnd } from '../../../src/ui/pages/MethodsPage';
import { formatInterval, formatNumber, formatPercent } from '../../../src/ui/format';
import { rateSummary } from '../../../src/ui/summaries';

const cell = (incidents: number, personPeriods: number, lower: number | null, upper: number | null): RateCell => ({
  incidents,
  personPeriods,
  rate: personPeriods > 0 ? (100 * incidents) / personPeriods : null,
  lower,
  upper,
});

describe('chart sentences', () => {
  test('compare the reference band with the last band that has data', () => {
    // 40 in 400 = 10.0 per 100; 30 in 120 = 25.0 per 100 (intervals as given).
    const s = rateSummary('shortfall', { none: cell(40, 400, 7.1, 13.6), one: cell(0, 0, null, null), twoPlus: cell(30, 120, 16.9, 35.7) }, [
      'none',
      'one',
      'twoPlus',
    ]);
    expect(s).toBe(
      'Incidents per 100 person-periods: 10.0 (95\u00a0% CI 7.1 to 13.6) in fully staffed periods, rising to 25.0 (95\u00a0% CI 16.9 to 35.7) in periods two or more staff short.',
    );
  });

  test('flag bands resting on fewer than five incidents', () => {
    const s = rateSummary('agency', { none: cell(50, 500, 7.4, 13.2), over50: cell(3, 100, 0.6, 8.8) }, ['none', 'upTo25', 'from25To50', 'over50']);
    expect(s).toContain('falling to 3.0');
    expect(s).toContain('Fewer than 5 incidents with agency staff working more than half of the hours: read those rates with care.');
  });

  test('say so when there is nothing to count', () => {
    expect(rateSummary('unfamiliar', { none: cell(0, 0, null, null) }, ['none'])).toMatch(/no person-periods/);
  });
});

describe('formatting', () => {
  test('fixed decimals in British style, a dash for none', () => {
    expect(formatNumber(1234.567, 1)).toBe('1,234.6');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatPercent(0.3896)).toBe('39\u00a0%'); // no break between number and sign
    expect(formatInterval(1.452, 1.9637, 2)).toBe('1.45 to 1.96');
  });

  test('shift periods end where their hours take them, across midnight', () => {
    expect(periodEnd({ name: 'Night', start: '23:00', hours: 8 })).toBe('07:00');
    expect(periodEnd({ name: 'Long day', start: '07:30', hours: 12.5 })).toBe('20:00');
    expect(periodEnd({ name: 'Day', start: '00:00', hours: 24 })).toBe('00:00');
  });
});
