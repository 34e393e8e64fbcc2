/**
 * A period in which nobody worked (issue 14, correction 3; the BRIEF). On the three-day fixture
 * (tests/unit/helpers/threeDays.ts), 2 Jan Late has only a sickness line: nobody worked. It has
 * agency and unfamiliar share 0 and is short by the whole requirement (2), so it stays in the
 * model — P1 and P2 were both admitted then, and I4 (P2, 18:00) happened in it. 3 Jan Night has
 * no rota line at all: unknown, left out as before (one person-period, I6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { dataQualityAnalysis } from '../../../src/analysis/dataQuality';
import { nobodyWorkedSentence } from '../../../src/analysis/sentences';
import { staffingAnalysis } from '../../../src/analysis/staffing';
import { NO_FILTERS } from '../../../src/analysis/types';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { threeDaysDb } from '../helpers/threeDays';
import { modelOf } from '../helpers/model';

describe('a period in which nobody worked', () => {
  let db: Connector;
  beforeAll(async () => {
    ({ db } = await threeDaysDb());
  });
  afterAll(() => db.close());

  it('is counted in the staffing model, in the two-or-more-short and no-agency bands', async () => {
    const r = await staffingAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    // 12 person-periods, less the one of 3 Jan Night (no rota lines): 11 in the model (9 before,
    // when the two person-periods of 2 Jan Late were left out as 0/0).
    expect(r.model.personPeriods).toBe(11);
    // Two or more short: 2 Jan Late × 2 people (I4). Agency none now holds them too: 1 Jan Early
    // (P1), 2 Jan Early and Late (P1, P2), 3 Jan Early and Late (P1) = 7.
    expect(r.ratesPer100.shortfall.twoPlus).toMatchObject({ incidents: 1, personPeriods: 2 });
    expect(r.ratesPer100.agency.none.personPeriods).toBe(7);
    expect(r.warnings.join(' ')).not.toMatch(/no worked staff hours/);
  });

  it('is left out of the check, which says how many there were', async () => {
    const r = await staffingAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    expect(r.withoutNobodyWorked).toMatchObject({ periods: 1, personPeriods: 2, incidents: 1 });
    // Without 2 Jan Late no period is two or more short: that rate ratio has nothing to stand on.
    expect(r.withoutNobodyWorked!.rateRatios.shortfall.twoPlus).toBeNull();
    expect(r.nobodyWorkedSentence).toMatch(/^In 1 unit period nobody worked: every rota line was unfilled, sick or cancelled\. .*\(2 person-periods, 1 incidents\)\. Without them, as a check/);
    expect(nobodyWorkedSentence({ ...r, withoutNobodyWorked: null })).toBe('');
    // A selection without such a period has no check.
    const day1 = await staffingAnalysis(modelOf(db), { ...NO_FILTERS, from: '2025-01-01', to: '2025-01-01' }, DEFAULT_SETTINGS);
    expect(day1.withoutNobodyWorked).toBeNull();
    expect(day1.nobodyWorkedSentence).toBe('');
  });

  it('is listed on Data quality as a possible gap in the rota, per unit with dates', async () => {
    const q = await dataQualityAnalysis(modelOf(db), NO_FILTERS);
    expect(q.rotaGaps.total).toBe(1);
    expect(q.rotaGaps.list).toEqual([{ unit: 'Oak', date: '2025-01-02', shift: 'Late', required: 2 }]);
    expect(q.rotaGaps.byUnit).toEqual([{ unit: 'Oak', periods: 1, from: '2025-01-02', to: '2025-01-02' }]);
    expect(q.sentences.rotaGaps).toMatch(/^In 1 shift period nobody worked: .* 1 period on Oak \(.+\)\. These may be gaps in the rota/);
    // Filters: another unit, a date range without it, and a person not admitted then (P2 was, P1 too).
    expect((await dataQualityAnalysis(modelOf(db), { ...NO_FILTERS, unit: 'Willow' })).rotaGaps.total).toBe(0);
    expect((await dataQualityAnalysis(modelOf(db), { ...NO_FILTERS, from: '2025-01-03' })).rotaGaps.total).toBe(0);
    expect((await dataQualityAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P2' })).rotaGaps.total).toBe(1);
    expect((await dataQualityAnalysis(modelOf(db), { ...NO_FILTERS, unit: 'Willow' })).sentences.rotaGaps).toMatch(/somebody worked/);
  });
});
