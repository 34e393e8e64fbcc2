/**
 * person_days is sorted by unit, person and date (model/personDays.ts), so Plan delivery's and
 * Person's story's scans for a unit or a person read only their blocks. The rows must be those of
 * the same SELECT unsorted (compared both ways, on the sample service), the table stored in that
 * order, and the pages reading it answer as they did on the unsorted table, under a unit, a person,
 * dates and none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { planDeliveryAnalysis } from '../../../src/analysis/planDelivery';
import { personStoryAnalysis } from '../../../src/analysis/personStory';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { PERSON_DAYS } from '../../../src/model/personDays';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { sampleServiceDb } from '../helpers/sampleService';
import { modelOf } from '../helpers/model';

const ORDER = '\nORDER BY unit_idx, person_idx, date';
const FILTERS: Filters[] = [
  NO_FILTERS,
  { ...NO_FILTERS, unit: 'Oak' },
  { ...NO_FILTERS, unit: 'Willow', personId: 'P006' },
  { ...NO_FILTERS, personId: 'P002', from: '2025-03-04', to: '2025-09-17' },
  { ...NO_FILTERS, from: '2025-02-05', to: '2025-11-20' },
];

async function count(db: Connector, q: string): Promise<number> {
  return Number(((await db.query(q)) as { n: number }[])[0]!.n);
}

describe('person_days in unit, person and date order', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await sampleServiceDb();
    await modelOf(db).ensure(['person_days']);
  });
  afterAll(async () => {
    await db.close();
  });

  it('holds the rows of the unsorted SELECT, stored in that order', async () => {
    const text = PERSON_DAYS.select({ settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk: false }).text;
    expect(text).toContain(ORDER);
    await db.exec(`CREATE TABLE unsorted_pd AS ${text.replace(ORDER, '')}`);
    const rows = await count(db, 'SELECT count(*)::DOUBLE AS n FROM person_days');
    expect(rows).toBeGreaterThan(1000);
    expect(await count(db, 'SELECT count(*)::DOUBLE AS n FROM (SELECT * FROM person_days EXCEPT ALL SELECT * FROM unsorted_pd)')).toBe(0);
    expect(await count(db, 'SELECT count(*)::DOUBLE AS n FROM (SELECT * FROM unsorted_pd EXCEPT ALL SELECT * FROM person_days)')).toBe(0);
    const outOfOrder = await count(db, `
      SELECT count(*)::DOUBLE AS n FROM (
        SELECT unit_idx, person_idx, date, lag(unit_idx) OVER w AS u, lag(person_idx) OVER w AS p, lag(date) OVER w AS d
        FROM (SELECT rowid AS r, * FROM person_days) WINDOW w AS (ORDER BY r))
      WHERE u IS NOT NULL AND (u, p, d) > (unit_idx, person_idx, date)`);
    expect(outOfOrder).toBe(0);
  });

  it('gives Plan delivery and Person\'s story the answers the unsorted table gave', async () => {
    const answers = async () => {
      const out: unknown[] = [];
      for (const f of FILTERS) out.push(await planDeliveryAnalysis(modelOf(db), f), await personStoryAnalysis(modelOf(db), f, DEFAULT_SETTINGS));
      return out;
    };
    const sorted = await answers();
    await db.exec('CREATE TABLE sorted_pd AS SELECT * FROM person_days');
    await db.exec('CREATE OR REPLACE TABLE person_days AS SELECT * FROM unsorted_pd');
    const unsorted = await answers();
    await db.exec('CREATE OR REPLACE TABLE person_days AS SELECT * FROM sorted_pd');
    expect(sorted).toEqual(unsorted);
    // The filters reach a person's plan rows and a unit's.
    expect(JSON.stringify(sorted)).toContain('"planned"');
  });
});
