/** The pack's context reads in real DuckDB on a hand-built three-day rota. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { createEngine, type Engine } from '../../../src/engine';
import { evidenceContext } from '../../../src/report/context';
import { enc, freshDb } from '../helpers/db';
import { INCIDENTS, REQUIREMENTS, SHIFTS } from '../helpers/threeDays';

// P1 was judged ready for discharge on 2 January; P2 has no date.
const PEOPLE = `person_id,name,unit,admitted,discharged,commissioned_ratio,commissioned_from,commissioned_to,ready_for_discharge
P1,Alex Example,Oak,2024-06-01,,2:1,08:00,22:00,2025-01-02
P2,Sam Example,Oak,2025-01-02,2025-01-02,,,,
`;
// One good row and two rejected (no person, bad date).
const EXTRA_INCIDENTS = `incident_id,person_id,occurred_at,unit
X1,P1,2025-01-03 09:00,Oak
X2,,2025-01-03 10:00,Oak
X3,P1,not a date,Oak
`;

let db: Connector;
let engine: Engine;
beforeAll(async () => {
  db = await freshDb();
  engine = createEngine(db);
  for (const [name, kind, text] of [
    ['people.csv', 'people', PEOPLE],
    ['requirements.csv', 'requirements', REQUIREMENTS],
    ['rota.csv', 'shifts', SHIFTS],
    ['incidents.csv', 'incidents', INCIDENTS],
    ['more incidents.csv', 'incidents', EXTRA_INCIDENTS],
  ] as const) {
    await engine.importFile(name, enc(text), kind);
  }
  await engine.rebuild();
});
afterAll(async () => {
  await db?.close();
});

describe('evidence context', () => {
  it('reads the person with their pseudonym, real name kept apart, and ready-for-discharge date', async () => {
    const ctx = await evidenceContext(engine.model, { from: null, to: null, unit: null, personId: 'P1' });
    expect(ctx.person).toMatchObject({
      personId: 'P1',
      name: 'Alex Example',
      unit: 'Oak',
      admitted: '2024-06-01',
      discharged: null, // none recorded: the rota's last date stands in for the model, not as a discharge
      readyForDischarge: '2025-01-02',
      commissionedRatio: '2:1',
      commissionedFrom: '08:00',
      commissionedTo: '22:00',
      inferred: false,
    });
    expect(ctx.person!.label).toMatch(/^Person [0-9A-F]{6}$/);
    expect(ctx.person!.label).not.toContain('Alex');
  });

  it('gives the dates the person-periods actually cover, cut by the filters', async () => {
    // The rota covers 1–3 January; P1 was admitted before it, so all three days.
    expect((await evidenceContext(engine.model, { from: null, to: null, unit: null, personId: 'P1' })).covered).toEqual({ from: '2025-01-01', to: '2025-01-03', days: 3 });
    expect((await evidenceContext(engine.model, { from: '2025-01-02', to: null, unit: null, personId: 'P1' })).covered).toEqual({ from: '2025-01-02', to: '2025-01-03', days: 2 });
    // P2 was in for one day only.
    const p2 = await evidenceContext(engine.model, { from: null, to: null, unit: null, personId: 'P2' });
    expect(p2.covered).toEqual({ from: '2025-01-02', to: '2025-01-02', days: 1 });
    expect(p2.person).toMatchObject({ discharged: '2025-01-02', readyForDischarge: null });
    expect((await evidenceContext(engine.model, { from: '2026-01-01', to: null, unit: null, personId: 'P1' })).covered).toEqual({ from: null, to: null, days: 0 });
  });

  it('lists every import with rows read, accepted and rejected, and why', async () => {
    const { imports } = await evidenceContext(engine.model, { from: null, to: null, unit: null, personId: 'P1' });
    expect(imports.map((i) => [i.fileName, i.kindLabel, i.read, i.accepted, i.rejected])).toEqual([
      ['people.csv', 'People', 2, 2, 0],
      ['requirements.csv', 'Staffing requirements', 3, 3, 0],
      ['rota.csv', 'Staff rota', 12, 12, 0],
      ['incidents.csv', 'Incidents', 6, 6, 0],
      ['more incidents.csv', 'Incidents', 3, 1, 2],
    ]);
    for (const i of imports) expect(i.read).toBe(i.accepted + i.rejected);
    const more = imports[4]!;
    expect(more.reasons.reduce((t, r) => t + r.count, 0)).toBe(2);
    expect(more.reasons.length).toBe(2);
    // Canonical files: each field read from the column of the same name.
    expect(more.mapping).toContainEqual({ field: 'occurred_at', source: 'column "occurred_at"' });
    expect(more.mappingNote).toMatch(/canonical/);
  });
});
