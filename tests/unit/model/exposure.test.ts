/**
 * The exposure model on a hand-built three-day rota. Every expected number below is worked out
 * by hand in the comments from the BRIEF's definitions; none is copied from the code's output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import type { ExposureSummary } from '../../../src/model/exposure';
import { buildExposure } from '../helpers/model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';

import { INCIDENTS, PEOPLE, REQUIREMENTS, SHIFTS, threeDaysDb } from '../helpers/threeDays';

interface PeriodRow {
  label: string;
  present: number;
  required: number | null;
  shortfall: number | null;
  shortfall_band: string | null;
  agency_share: number | null;
  agency_band: string | null;
  unfamiliar_share: number | null;
  unfamiliar_band: string | null;
}

async function periods(db: Connector): Promise<Record<string, PeriodRow>> {
  const rows = await db.query<PeriodRow>(`
    SELECT strftime(p.date, '%d') || substr(p.shift_name, 1, 1) AS label, s.present, s.required, s.shortfall,
           b.shortfall_band, s.agency_share, b.agency_band, s.unfamiliar_share, b.unfamiliar_band
    FROM periods p JOIN period_staffing s USING (period_id) JOIN period_bands b USING (period_id)`);
  return Object.fromEntries(rows.map((r) => [r.label, r]));
}

describe('exposure model with a requirements file', () => {
  let db: Connector;
  let summary: ExposureSummary;
  let p: Record<string, PeriodRow>;
  beforeAll(async () => {
    ({ db, summary } = await threeDaysDb());
    p = await periods(db);
  });
  afterAll(() => db.close());

  it('cuts three days into nine periods, one of them with no rota rows', () => {
    expect(summary.periods).toBe(9);
    expect(summary.periodsWithoutRota).toBe(1); // 3 Jan Night
    expect(p['03N']).toMatchObject({ shortfall: null, shortfall_band: null, agency_band: null });
  });

  it('counts a half shift and a long day across two periods by overlap hours', () => {
    // 1 Jan Early: S1 8 h + S2 4 h (left at 11:00) + S3 8 h of a 07–19 long day = 20 h / 8 = 2.5
    expect(p['01E']).toMatchObject({ present: 2.5, required: 2, shortfall: 0, shortfall_band: 'none' });
    // 1 Jan Late: S3's last 4 h + agency S4 8 h = 12 h / 8 = 1.5 → short by 0.5 → band "one"
    expect(p['01L']).toMatchObject({ present: 1.5, shortfall: 0.5, shortfall_band: 'one' });
    // agency share 8 / 12
    expect(p['01L']!.agency_share).toBeCloseTo(2 / 3, 9);
    expect(p['01L']!.agency_band).toBe('over50');
  });

  it('puts a night shift crossing midnight in the night period of the date it starts on', () => {
    // 1 Jan Night 23:00–07:00: agency S5 only → present 1, agency-only period
    expect(p['01N']).toMatchObject({ present: 1, shortfall: 0, agency_share: 1, agency_band: 'over50' });
  });

  it('uses the requirement, not the rota plan, and counts a period with only a sick shift as two short', () => {
    // 2 Jan Early: S1 worked, one unfilled line → present 1, required 2 → short by 1
    expect(p['02E']).toMatchObject({ present: 1, required: 2, shortfall: 1, shortfall_band: 'one', agency_band: 'none' });
    // 2 Jan Late: only a sickness line → nobody worked: present 0, short by the whole requirement
    // (2); no agency or unfamiliar hours were worked, so both shares are 0 (the BRIEF) and the
    // period stays in the model.
    expect(p['02L']).toMatchObject({ present: 0, shortfall: 2, shortfall_band: 'twoPlus', agency_share: 0, agency_band: 'none', unfamiliar_share: 0, unfamiliar_band: 'none' });
  });

  it('lists the periods in which nobody worked, and only those (a period without rota lines is unknown, not empty)', async () => {
    const rows = await db.query<{ unit: string; date: string; shift_name: string; required: number }>(
      `SELECT unit, strftime(date, '%Y-%m-%d') AS date, shift_name, required FROM nobody_worked_periods ORDER BY period_id`,
    );
    // 3 Jan Night has no rota line at all: left out as unknown, as before.
    expect(rows).toEqual([{ unit: 'Oak', date: '2025-01-02', shift_name: 'Late', required: 2 }]);
  });

  it('calls a worker with 2 prior shifts unfamiliar and one with 3 familiar', () => {
    // 3 Jan Early: S1 has worked 1 Jan Early and 2 Jan Early (2 prior) → unfamiliar → share 1
    expect(p['03E']).toMatchObject({ unfamiliar_share: 1, unfamiliar_band: 'over50' });
    // 3 Jan Late: S1 now has 3 prior (familiar), S2 has 1 → half the hours unfamiliar
    expect(p['03L']).toMatchObject({ unfamiliar_share: 0.5, unfamiliar_band: 'from25To50', shortfall_band: 'none' });
  });

  it('builds person-periods from admission to discharge inclusive', async () => {
    // P1: 3 days × 3 = 9 (open discharge → last rota date); P2: 2 Jan only = 3
    expect(summary.personPeriods).toBe(12);
    const perPerson = await db.query(
      `SELECT ps.person_id, count(*)::INTEGER AS n FROM person_periods JOIN person_spans ps USING (person_idx) GROUP BY 1 ORDER BY 1`,
    );
    expect(perPerson).toEqual([
      { person_id: 'P1', n: 9 },
      { person_id: 'P2', n: 3 },
    ]);
  });

  it('assigns incidents to periods and reports those outside exposure with a reason', async () => {
    expect(summary.incidents).toBe(6);
    expect(summary.incidentsOutsideExposure).toBe(2);
    const outside = await db.query(
      `SELECT incident_id, outside_reason FROM incident_periods WHERE outside_reason IS NOT NULL ORDER BY 1`,
    );
    expect(outside).toEqual([
      { incident_id: 'I3', outside_reason: "outside the person's admission" },
      { incident_id: 'I5', outside_reason: 'outside rota coverage (no shift period of its unit at that time)' },
    ]);
    const assigned = await db.query(`
      SELECT i.incident_id, strftime(p.date, '%d') || substr(p.shift_name, 1, 1) AS period, i.has_restrictive_intervention AS ri
      FROM incident_periods i JOIN periods p USING (period_id) WHERE outside_reason IS NULL ORDER BY 1`);
    expect(assigned).toEqual([
      { incident_id: 'I1', period: '01L', ri: false },
      { incident_id: 'I2', period: '01N', ri: true }, // 03:00 on 2 Jan belongs to the night starting 1 Jan; PRN counts
      { incident_id: 'I4', period: '02L', ri: true },
      { incident_id: 'I6', period: '03N', ri: false },
    ]);
    const [{ total }] = (await db.query<{ total: number }>(`SELECT sum(incidents)::INTEGER AS total FROM person_periods`)) as [{ total: number }];
    expect(total).toBe(4);
  });

  it('gives people stable pseudonyms that depend on the key', async () => {
    const a = await db.query<{ label: string }>('SELECT label FROM person_spans ORDER BY person_idx');
    expect(a.every((r) => /^Person [0-9A-F]{6}$/.test(r.label))).toBe(true);
    await buildExposure(db, DEFAULT_SETTINGS, 'another key');
    const b = await db.query<{ label: string }>('SELECT label FROM person_spans ORDER BY person_idx');
    expect(b).not.toEqual(a);
    await buildExposure(db, DEFAULT_SETTINGS);
    expect(await db.query<{ label: string }>('SELECT label FROM person_spans ORDER BY person_idx')).toEqual(a);
  });
});

describe('exposure model without a requirements file', () => {
  it('takes the requirement from the planned rota (worked + unfilled + cancelled + sickness)', async () => {
    const db = await freshDb();
    await loadFixture(db, { shifts: SHIFTS, people: PEOPLE, incidents: INCIDENTS });
    await buildExposure(db, DEFAULT_SETTINGS);
    const p = await periods(db);
    // 2 Jan Early: S1 worked + one unfilled → planned 2, present 1
    expect(p['02E']).toMatchObject({ required: 2, shortfall: 1 });
    // 2 Jan Late: one sickness line → planned 1, present 0
    expect(p['02L']).toMatchObject({ required: 1, shortfall: 1, shortfall_band: 'one' });
    // 1 Jan Early: planned = worked = 2.5 → no shortfall
    expect(p['01E']).toMatchObject({ required: 2.5, shortfall: 0 });
    await db.close();
  });

  it('honours a changed familiarity setting and a unit shift pattern', async () => {
    const db = await freshDb();
    await loadFixture(db, { shifts: SHIFTS, requirements: REQUIREMENTS });
    await buildExposure(db, {
      ...DEFAULT_SETTINGS,
      familiarity: { minShifts: 2, windowDays: 28 },
      unitShiftPatterns: { Oak: [{ name: 'Day', start: '08:00', hours: 12 }, { name: 'Night', start: '20:00', hours: 12 }] },
    });
    const rows = await db.query<{ label: string; present: number; unfamiliar_share: number }>(`
      SELECT strftime(p.date, '%d') || p.shift_name AS label, s.present, s.unfamiliar_share
      FROM periods p JOIN period_staffing s USING (period_id) WHERE p.date = DATE '2025-01-03' ORDER BY p."start"`);
    // 3 Jan Day 08–20: S1 07–15 → 7 h, S1 15–23 → 5 h, S2 15–23 → 5 h = 17 h / 12
    // With minShifts 2: S1's 07:00 shift has 2 prior (familiar); S1's 15:00 shift 3 prior; S2 has 1 → 5 h of 17 unfamiliar
    expect(rows[0]!.label).toBe('03Day');
    expect(rows[0]!.present).toBeCloseTo(17 / 12, 9);
    expect(rows[0]!.unfamiliar_share).toBeCloseTo(5 / 17, 9);
    await db.close();
  });
});
