/** Date ranges as whole ISO weeks plus part weeks at the ends (analysis/filters.ts), checked on a calendar by hand. */
import { describe, expect, it } from 'vitest';
import { wholeWeeks } from '../../../src/analysis/filters';
import { NO_FILTERS } from '../../../src/analysis/types';

const range = (from: string | null, to: string | null) => wholeWeeks({ ...NO_FILTERS, from, to });

describe('wholeWeeks', () => {
  it('takes the weeks that lie wholly inside a range from Wednesday to Wednesday', () => {
    // Wed 5 Mar 2025 … Wed 20 Aug 2025: the first whole week starts Mon 10 Mar; the last whole
    // week is Mon 11 – Sun 17 Aug (Mon 18 – Sun 24 Aug runs past the 20th).
    expect(range('2025-03-05', '2025-08-20')).toEqual({ first: '2025-03-10', last: '2025-08-11' });
  });
  it('keeps a range that is exactly one week, Monday to Sunday', () => {
    expect(range('2025-02-03', '2025-02-09')).toEqual({ first: '2025-02-03', last: '2025-02-03' });
  });
  it('has no whole week inside Tuesday to Saturday', () => {
    expect(range('2025-02-04', '2025-02-08')).toBeNull();
  });
  it('leaves open ends open', () => {
    expect(range(null, null)).toEqual({ first: null, last: null });
    // From Sun 1 Jun 2025: the first whole week starts Mon 2 Jun.
    expect(range('2025-06-01', null)).toEqual({ first: '2025-06-02', last: null });
    // To Sun 13 Apr 2025: the last whole week is Mon 7 – Sun 13 Apr.
    expect(range(null, '2025-04-13')).toEqual({ first: null, last: '2025-04-07' });
  });
  it('crosses a year end', () => {
    // Thu 1 Jan 2026 is in the week of Mon 29 Dec 2025; from Wed 31 Dec 2025 the first whole week starts Mon 5 Jan 2026.
    expect(range('2025-12-31', '2026-01-11')).toEqual({ first: '2026-01-05', last: '2026-01-05' });
  });
});
