/**
 * Over time's G chart for a person: its dates are now asked together with the weeks (one wait in
 * the browser, not two in a row). They must still be the person's own incidents in exposure under
 * the filters — with a restrictive intervention, or all of them — as SQL over exposure_incidents
 * counts them here: the events, the gaps between them (one fewer) and the days the gaps add up to
 * (first to last date), for every person of the sample service, with and without dates, both kinds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { overTimeAnalysis } from '../../../src/analysis/overTime';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { sampleServiceDb } from '../helpers/sampleService';
import { modelOf } from '../helpers/model';

describe("over time's G chart for a person", () => {
  let db: Connector;
  beforeAll(async () => {
    db = await sampleServiceDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it("has the person's own events in exposure under the filters", async () => {
    const people = (await db.query<{ id: string }>('SELECT person_id AS id FROM person_spans ORDER BY person_id')).map((r) => r.id);
    expect(people.length).toBeGreaterThan(3);
    let charted = 0;
    for (const personId of people) {
      for (const f of [{ personId }, { personId, from: '2025-04-01', to: '2025-10-31' }] as Partial<Filters>[]) {
        for (const gChartOf of ['restrictive', 'incidents'] as const) {
          const filters = { ...NO_FILTERS, ...f };
          const r = await overTimeAnalysis(modelOf(db), filters, undefined, { gChartOf });
          const [expected] = await db.query<{ n: number; first: string | null; last: string | null }>(
            `SELECT count(*)::DOUBLE AS n, strftime(min(occurred_on), '%Y-%m-%d') AS first, strftime(max(occurred_on), '%Y-%m-%d') AS last
             FROM exposure_incidents ei JOIN person_spans ps USING (person_idx)
             WHERE ps.person_id = ? AND (? OR ei.with_ri) AND ei.date >= coalesce(?::DATE, ei.date) AND ei.date <= coalesce(?::DATE, ei.date)`,
            [personId, gChartOf === 'incidents', filters.from, filters.to],
          );
          const g = r.gChart;
          const label = `${personId} ${JSON.stringify(f)} ${gChartOf}`;
          expect(g.events, label).toBe(expected!.n);
          if (expected!.n < 2) continue;
          charted++;
          expect(g.points.length, label).toBe(expected!.n - 1);
          const days = g.points.reduce((t, p) => t + p.value, 0);
          expect(days, label).toBe((Date.parse(expected!.last!) - Date.parse(expected!.first!)) / 86_400_000);
        }
      }
    }
    expect(charted).toBeGreaterThan(8);
  });
});
