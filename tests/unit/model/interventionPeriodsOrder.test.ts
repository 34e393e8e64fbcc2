/**
 * intervention_periods marks the first row of each incident, group and type from one sort; that
 * sort now starts with the unit, person and date (every row of an incident has the same three), so
 * the table comes out in that order and the restrictive-practice page's scans for a unit, a person
 * or dates read only their blocks. The rows and their flags must be what the sort by incident
 * alone made: the table as built against the same SELECT with the window ordered by incident
 * (the old text, derived here from the new), compared row for row both ways on the sample service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { INTERVENTION_PERIODS } from '../../../src/model/interventionPeriods';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { sampleServiceDb } from '../helpers/sampleService';
import { modelOf } from '../helpers/model';

const ctx = { settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk: false };
const NEW_ORDER = 'ORDER BY unit_idx, person_idx, date, incident_key, grp_idx, type_idx';

describe('intervention_periods in unit, person and date order', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await sampleServiceDb();
    await modelOf(db).ensure(['intervention_periods']);
  });
  afterAll(async () => {
    await db.close();
  });

  it('has the rows and first-of flags the sort by incident alone gave', async () => {
    const text = INTERVENTION_PERIODS.select(ctx).text;
    expect(text).toContain(NEW_ORDER);
    await db.exec(`CREATE TABLE old_ip AS ${text.replace(NEW_ORDER, 'ORDER BY incident_key, grp_idx, type_idx')}`);
    const count = async (q: string) => Number(((await db.query(q)) as { n: number }[])[0]!.n);
    const rows = await count('SELECT count(*)::DOUBLE AS n FROM intervention_periods');
    expect(rows).toBeGreaterThan(50);
    expect(await count('SELECT count(*)::DOUBLE AS n FROM old_ip')).toBe(rows);
    expect(await count('SELECT count(*)::DOUBLE AS n FROM (SELECT * FROM intervention_periods EXCEPT ALL SELECT * FROM old_ip)')).toBe(0);
    expect(await count('SELECT count(*)::DOUBLE AS n FROM (SELECT * FROM old_ip EXCEPT ALL SELECT * FROM intervention_periods)')).toBe(0);
    // The flags say something here: incidents with several interventions, of several groups.
    expect(await count('SELECT count(*) FILTER (WHERE NOT first_of_incident)::DOUBLE AS n FROM intervention_periods')).toBeGreaterThan(0);
    expect(await count('SELECT count(*) FILTER (WHERE first_of_group AND NOT first_of_incident)::DOUBLE AS n FROM intervention_periods')).toBeGreaterThan(0);
  });

  it('is stored in unit, person and date order', async () => {
    const out = await count(db, `
      SELECT count(*)::DOUBLE AS n FROM (
        SELECT unit_idx, person_idx, date, lag(unit_idx) OVER w AS u, lag(person_idx) OVER w AS p, lag(date) OVER w AS d
        FROM (SELECT rowid AS r, * FROM intervention_periods) WINDOW w AS (ORDER BY r))
      WHERE u IS NOT NULL AND (u, p, d) > (unit_idx, person_idx, date)`);
    expect(out).toBe(0);
  });
});

async function count(db: Connector, q: string): Promise<number> {
  return Number(((await db.query(q)) as { n: number }[])[0]!.n);
}
