/**
 * Person's story's lagged view ("does distress follow a short shift?") finds each period's previous
 * period on its unit within the statement, over just the units the person's periods are on, instead
 * of reading a table of every period's previous band (issue 18). The table's SQL as it was is kept
 * here verbatim and joined as the analysis joined it; for every person of the sample service, with
 * no filter, their own unit, another unit and a date range, every count of both views must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, SqlParam } from '../../../src/db/connector';
import { personStoryAnalysis, type PersonStory } from '../../../src/analysis/personStory';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { SHORTFALL_BANDS } from '../../../src/model/settings';
import { sampleServiceDb } from '../helpers/sampleService';
import { modelOf } from '../helpers/model';

/** model/periodLags.ts as it was, and the lagged statement that read it. */
const OLD_PERIOD_LAGS = `
SELECT p.period_id, lag(b.shortfall_band) OVER (PARTITION BY p.unit_idx ORDER BY p."start") AS previous_band
FROM periods p JOIN period_bands b USING (period_id)`;
const OLD_LAGGED = (where: string) => `
WITH period_lags AS (${OLD_PERIOD_LAGS})
SELECT 'same' AS timing, shortfall_band AS band, sum(incidents)::DOUBLE AS incidents, count(*)::DOUBLE AS person_periods
FROM person_periods pp WHERE ${where} GROUP BY ALL
UNION ALL
SELECT 'previous', l.previous_band, sum(pp.incidents)::DOUBLE, count(*)::DOUBLE
FROM person_periods pp JOIN period_lags l USING (period_id) WHERE ${where} GROUP BY ALL`;

function where(f: Filters): { sql: string; params: SqlParam[] } {
  const parts = ['pp.person_idx = (SELECT person_idx FROM person_spans WHERE person_id = ?)'];
  const params: SqlParam[] = [f.personId];
  if (f.from) (parts.push('pp.date >= ?::DATE'), params.push(f.from));
  if (f.to) (parts.push('pp.date <= ?::DATE'), params.push(f.to));
  if (f.unit) (parts.push('pp.unit_idx = (SELECT unit_idx FROM units WHERE unit = ?)'), params.push(f.unit));
  return { sql: parts.join(' AND '), params };
}

describe("person's story: the previous period's band found in the statement", () => {
  let db: Connector;
  beforeAll(async () => {
    db = await sampleServiceDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives every person the same lagged counts as the table of previous bands did, under every filter', async () => {
    const people = await db.query<{ person_id: string; unit: string | null }>('SELECT person_id, unit FROM person_spans ORDER BY person_id');
    const units = (await db.query<{ unit: string }>('SELECT unit FROM units ORDER BY unit')).map((u) => u.unit);
    expect(people.length).toBeGreaterThan(5);
    let compared = 0;
    let previousSeen = 0;
    for (const p of people) {
      const other = units.find((u) => u !== p.unit) ?? null;
      const filters: Filters[] = [
        { ...NO_FILTERS, personId: p.person_id },
        { ...NO_FILTERS, personId: p.person_id, unit: p.unit },
        { ...NO_FILTERS, personId: p.person_id, unit: other },
        { ...NO_FILTERS, personId: p.person_id, from: '2025-03-05', to: '2025-08-20' },
      ];
      for (const f of filters) {
        const r = await personStoryAnalysis(modelOf(db), f);
        if (r.kind !== 'story') throw new Error(`no story for ${JSON.stringify(f)}`);
        const w = where(f);
        const old = await db.query<{ timing: 'same' | 'previous'; band: string | null; incidents: number; person_periods: number }>(OLD_LAGGED(w.sql), [...w.params, ...w.params]);
        const cell = (timing: 'same' | 'previous', band: string | null) => {
          const o = old.find((x) => x.timing === timing && x.band === band);
          return [o?.incidents ?? 0, o?.person_periods ?? 0];
        };
        for (const band of SHORTFALL_BANDS) {
          const row = (r as PersonStory).lagged.rows.find((x) => x.band === band)!;
          expect([row.same.incidents, row.same.personPeriods], `${JSON.stringify(f)} same ${band}`).toEqual(cell('same', band));
          expect([row.previous.incidents, row.previous.personPeriods], `${JSON.stringify(f)} previous ${band}`).toEqual(cell('previous', band));
          previousSeen += row.previous.personPeriods;
        }
        expect(r.lagged.unknown).toEqual({ same: cell('same', null)[1], previous: cell('previous', null)[1] });
        compared++;
      }
    }
    expect(compared).toBe(people.length * 4);
    // Not vacuous: the previous-period view had periods in it.
    expect(previousSeen).toBeGreaterThan(1000);
  }, 300_000);
});
