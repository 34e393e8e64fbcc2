/**
 * What if keeps its scenarios with the fit they come from (analysis/whatIf.ts scenariosOf), so a
 * filter change back to a selection seen before (Clear above all) does not redo 500 people's
 * arithmetic. Kept or not, the answer must be the one worked out afresh: the sample service,
 * filters changed as a user changes them (a unit, a person, a start date, Clear, another unit,
 * another cap, a person alone, dates alone), against each selection computed once on a database of
 * its own — and a selection asked again is the kept answer (the same objects), not a near miss
 * such as the whole selection's answer for one person or another cap's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { whatIfAnalysis, type WhatIfOptions, type WhatIfResult } from '../../../src/analysis/whatIf';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { sampleServiceDb } from '../helpers/sampleService';
import { modelOf } from '../helpers/model';

type Step = { filters: Filters; options: WhatIfOptions };
const step = (f: Partial<Filters>, agencyCap?: WhatIfOptions['agencyCap']): Step => ({ filters: { ...NO_FILTERS, ...f }, options: agencyCap ? { agencyCap } : {} });
const SEQUENCE: Step[] = [
  step({}),
  step({ unit: 'Oak' }),
  step({ unit: 'Oak', personId: 'P002' }),
  step({ unit: 'Oak', personId: 'P002', from: '2024-03-01' }),
  step({}),
  step({ unit: 'Willow' }),
  step({}, 'none'),
  step({}),
  step({ personId: 'P001' }),
  step({ personId: 'P003' }),
  step({ from: '2024-06-01', to: '2025-03-31' }),
  step({ unit: 'Oak' }),
  step({ personId: 'P001' }),
  step({}),
];
const keyOf = (s: Step) => JSON.stringify(s);

describe('what if asked again for a selection', () => {
  let db: Connector;
  let fresh: Connector;
  beforeAll(async () => {
    [db, fresh] = await Promise.all([sampleServiceDb(), sampleServiceDb()]);
  });
  afterAll(async () => {
    await Promise.all([db.close(), fresh.close()]);
  });

  it('gives what the selection gives worked out afresh, and the kept answer when it is the same selection', async () => {
    // Each distinct selection once, on a database (and Model) of its own: nothing kept from another selection.
    const expected = new Map<string, WhatIfResult>();
    for (const s of SEQUENCE) {
      if (!expected.has(keyOf(s))) expected.set(keyOf(s), await whatIfAnalysis(modelOf(fresh), s.filters, DEFAULT_SETTINGS, s.options));
    }
    const seen = new Map<string, WhatIfResult>();
    for (const s of SEQUENCE) {
      const r = await whatIfAnalysis(modelOf(db), s.filters, DEFAULT_SETTINGS, s.options);
      expect(r, keyOf(s)).toEqual(expected.get(keyOf(s)));
      const before = seen.get(keyOf(s));
      // The fit over everyone is asked every few steps, so it stays among the fits kept (staffingModel keeps the last four).
      const overEveryone = !s.filters.unit && !s.filters.from && !s.filters.to;
      if (before && overEveryone) expect(r.people, `${keyOf(s)} kept`).toBe(before.people);
      seen.set(keyOf(s), r);
    }
    // The sequence reaches what it is meant to: people chosen, a unit's people, and differing answers.
    const all = expected.get(keyOf(step({})))!;
    expect(all.people.length).toBeGreaterThan(5);
    expect(expected.get(keyOf(step({ personId: 'P001' })))!.people.map((p) => p.personId)).toEqual(['P001']);
    expect(expected.get(keyOf(step({}, 'none')))!.scenarios.agencyCap).not.toEqual(all.scenarios.agencyCap);
    expect(expected.get(keyOf(step({ unit: 'Oak' })))!.scenarios.fullStaffing.observed).toBeLessThan(all.scenarios.fullStaffing.observed);
  });
});
