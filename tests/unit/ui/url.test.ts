import { describe, expect, test } from 'vitest';
import { formatLocation, parseLocation } from '../../../src/ui/url';

describe('the URL holds the view and the filters', () => {
  test('reads view, dates, unit, person and the sample flag', () => {
    expect(parseLocation('?view=staffing&from=2025-03-01&to=2025-06-30&unit=Oak&person=P001')).toEqual({
      view: 'staffing',
      filters: { from: '2025-03-01', to: '2025-06-30', unit: 'Oak', personId: 'P001' },
      sample: false,
    });
    expect(parseLocation('?sample=1').sample).toBe(true);
    expect(parseLocation('?sample=yes').sample).toBe(false);
  });

  test('ignores what it does not understand instead of failing', () => {
    const loc = parseLocation('?view=admin&from=2025-02-30&to=30/06/2025&unit=&person=%20');
    expect(loc.view).toBe('start');
    // 30 February does not exist; a UK-style date is not the URL format.
    expect(loc.filters).toEqual({ from: null, to: null, unit: null, personId: null });
    expect(parseLocation('?from=2024-02-29').filters.from).toBe('2024-02-29');
    expect(parseLocation('?from=2025-02-29').filters.from).toBeNull();
  });

  test('writes only the keys that are set, and reads back what it wrote', () => {
    const loc = parseLocation('?view=import&unit=Willow%20%26%20Ash');
    expect(loc.filters.unit).toBe('Willow & Ash');
    const written = formatLocation(loc);
    expect(written).toBe('?view=import&unit=Willow+%26+Ash');
    expect(parseLocation(written)).toEqual(loc);
    expect(formatLocation(parseLocation(''))).toBe('?');
  });
});
