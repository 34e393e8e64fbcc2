/**
 * `analyzeEach` (src/cli/analyze.ts) runs the report under several filter sets from one import,
 * and the browser tests compare every cut of a page with it: each cut's report must be the one
 * it would have alone, whichever cut runs first. A date range alone builds a table when first
 * asked (analysis/tables.ts BUILT_WHEN_ASKED) and refits the model; a unit and a person read
 * other tables. Run in both orders, each cut's report must be the same.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEach, parseCommandLine } from '../../../src/cli/analyze';
import { buildReport } from '../../../src/cli/report';
import type { Filters } from '../../../src/analysis/types';
import { SAMPLE_ARGV } from './sampleArgs';

const DATES: Filters = { from: '2025-03-01', to: '2025-06-30', unit: null, personId: null };
const UNIT_PERSON: Filters = { from: null, to: null, unit: 'Oak', personId: 'P001' };

async function reports(cuts: Filters[]) {
  const args = parseCommandLine(SAMPLE_ARGV);
  const rs = await analyzeEach(args, cuts);
  return rs.map((r) => JSON.parse(JSON.stringify(buildReport(r.imports, r.staffing, r.analyses, r.mappingSources))) as Record<string, unknown>);
}

describe('analyzeEach', () => {
  it('gives each cut the same report whichever cut runs first', async () => {
    const [datesFirst, unitSecond] = await reports([DATES, UNIT_PERSON]);
    const [unitFirst, datesSecond] = await reports([UNIT_PERSON, DATES]);
    // The cuts differ (so the comparison below could fail), and each is the same in both orders.
    expect(JSON.stringify(datesFirst)).not.toBe(JSON.stringify(unitFirst));
    expect(datesSecond).toEqual(datesFirst);
    expect(unitSecond).toEqual(unitFirst);
  }, 120_000);
});
