/**
 * Data quality on a hand-built month (April 2025, unit Oak). Every expected number is worked out
 * by hand in the comments.
 */
import fs from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { dataQualityAnalysis, type DataQualityResult } from '../../../src/analysis/dataQuality';
import { NO_FILTERS } from '../../../src/analysis/types';
import { USE_OF_FORCE_ITEMS } from '../../../src/model/useOfForce';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { buildExposure, modelOf } from '../helpers/model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { analyzeSample } from '../../fixtures/analysis/sample';
import { enc, freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';
import { referenceFile } from '../helpers/reference';


// The rota covers 1–30 April (K1, K2); A1 is a night line allocated to T1 starting 16 April.
const SHIFTS = `shift_id,staff_id,unit,start,end,contract,status,person_id
K1,S1,Oak,2025-04-01 07:00,2025-04-01 15:00,permanent,worked,
K2,S1,Oak,2025-04-30 07:00,2025-04-30 15:00,permanent,worked,
A1,S2,Oak,2025-04-16 23:00,2025-04-17 07:00,permanent,worked,T1
`;
const REQUIREMENTS = `unit,shift,required
Oak,Early,2
Oak,Late,2
Oak,Night,1
`;
const PEOPLE = `person_id,name,unit,admitted,discharged
T1,Tess Example,Oak,2025-04-01,2025-04-30
T2,,Oak,2025-04-10,2025-04-20
T3,Eli Example,Elm,2025-04-01,2025-04-05
T4,Tom Example,Oak,2025-04-01,2025-04-30
`;
// D3 is 40 s after D2 (same behaviour, other case) and D4 50 s after D3 (but 90 s after D2);
// D5 is 20 s after D2 with another behaviour. D9 names unit "OAK"; D10 is after T2's discharge.
const INCIDENTS = `incident_id,person_id,occurred_at,unit,behaviour_type,consequence,injury_person,staff_involved
D1,T1,2025-04-01 10:00:00,Oak,hitting,calmed,,S1;S2
D2,T1,2025-04-30 12:00:00,Oak,hitting,ended,,
D3,T1,2025-04-30 12:00:40,Oak,Hitting,,,
D4,T1,2025-04-30 12:01:30,Oak,hitting,,,
D5,T1,2025-04-30 12:00:20,Oak,shouting,,,
D6,T2,2025-04-10 09:00:00,Oak,hitting,seclusion,yes,S3
D7,T4,2025-04-08 09:00:00,Oak,hitting,,,
D8,T4,2025-04-30 09:00:00,Oak,hitting,,,
D9,T1,2025-04-09 10:00:00,OAK,hitting,,,
D10,T2,2025-04-22 10:00:00,Oak,hitting,,,
`;
const PLAN = `person_id,date,strategy,delivered
T1,2025-04-09,Walk,yes
T2,2025-04-25,Walk,yes
`;
// Records of force (PRN aside): D1/09 holds a, b, c, e, g, h, m, n; D2/01 holds b, c, e, g, m;
// D6/05 holds a, c, g, h, m, n (no end or duration; T2 has no name). Z1 has no incident.
const INTERVENTIONS = `incident_id,type,reason,started_at,ended_at,duration_minutes,injury_person
D1,09,10,2025-04-01 10:05,2025-04-01 10:20,,no
D2,01,,2025-04-30 12:05,,5,
D6,05,11,2025-04-10 09:10,,,
D6,PRN,,2025-04-10 09:30,,,
Z1,06,10,2025-04-12 10:00,2025-04-12 11:00,,
`;

describe('data quality on the April fixture', () => {
  let db: Connector;
  let r: DataQualityResult;
  beforeAll(async () => {
    db = await freshDb();
    await loadFixture(db, { people: PEOPLE, requirements: REQUIREMENTS, shifts: SHIFTS, incidents: INCIDENTS, interventions: INTERVENTIONS, planDelivery: PLAN });
    // A second plan file: one row already imported (skipped as a duplicate), one new.
    const second = await loadDelimitedFile(db, {
      importId: 7,
      fileName: 'plan-again.csv',
      kind: 'planDelivery',
      data: enc(`person_id,date,strategy,delivered\nT2,2025-04-25,Walk,yes\nT2,2025-04-26,Walk,yes\n`),
    });
    expect(second).toMatchObject({ read: 2, accepted: 1, rejected: 1, duplicates: 1 });
    await buildExposure(db, DEFAULT_SETTINGS);
    r = await dataQualityAnalysis(modelOf(db), NO_FILTERS);
  });
  afterAll(() => db.close());

  it('finds runs of 7 or more days without records within the rota dates, and not runs of 6', () => {
    // T1 (1–30 Apr): records 1 (D1), 9 (plan, D9), 16 (A1 starts), 30 → 2–8 = 7 days (a gap);
    //   10–15 = 6 (not a gap); 17–29 = 13 (a gap).
    // T2 (10–20 Apr): a record on the 10th only (D10 and the plan rows are after discharge) → 11–20 = 10.
    // T3 is on Elm, which has no rota: no dates to look in. T4: records 8 and 30 → 1–7 = 7 and 9–29 = 21.
    // Longest first (ties in pseudonym order, so compared here by person).
    expect(r.gaps.list.map((g) => g.days)).toEqual([21, 13, 10, 7, 7]);
    expect(r.gaps.list.map((g) => [g.personId, g.from, g.to, g.days]).sort()).toEqual([
      ['T1', '2025-04-02', '2025-04-08', 7],
      ['T1', '2025-04-17', '2025-04-29', 13],
      ['T2', '2025-04-11', '2025-04-20', 10],
      ['T4', '2025-04-01', '2025-04-07', 7],
      ['T4', '2025-04-09', '2025-04-29', 21],
    ]);
    expect(r.gaps).toMatchObject({ total: 5, days: 58, people: 3, truncated: false });
    expect(r.sentences.gaps).toMatch(/^5 stretches of 7 or more days passed with no record at all .* for 3 people, 58 days in all; the longest was 21 days \(Person [0-9A-F]{6}, 9 Apr 2025 to 29 Apr 2025\)/);
  });

  it('clips spans to the date filter and takes the gap length as a parameter', async () => {
    // 5–20 Apr: T1 marks 4 (edge), 9, 16, 21 (edge) → runs of 4, 6, 4; T2 11–20 = 10; T4 marks 4, 8, 21 → 9–20 = 12.
    const f = await dataQualityAnalysis(modelOf(db), { ...NO_FILTERS, from: '2025-04-05', to: '2025-04-20' });
    expect(f.gaps.list.map((g) => [g.personId, g.from, g.to, g.days])).toEqual([
      ['T4', '2025-04-09', '2025-04-20', 12],
      ['T2', '2025-04-11', '2025-04-20', 10],
    ]);
    // With 5 days, T1's 10–15 (6) counts too.
    const five = await dataQualityAnalysis(modelOf(db), NO_FILTERS, undefined, { gapDays: 5 });
    expect(five.gaps.total).toBe(6);
    const t2 = await dataQualityAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'T2' });
    expect(t2.gaps.list.map((g) => g.personId)).toEqual(['T2']);
  });

  it('counts incidents outside the exposure by reason', () => {
    // D9's unit OAK has no rota; D10 is after T2's discharge. 10 incidents in all.
    expect(r.outsideExposure.incidents).toBe(10);
    expect(r.outsideExposure.outside).toBe(2);
    expect(r.outsideExposure.byReason.map((x) => [x.reason, x.count]).sort()).toEqual([
      ['outside rota coverage (no shift period of its unit at that time)', 1],
      ["outside the person's admission", 1],
    ]);
    expect(r.outsideExposure.examples.map((x) => x.incidentId)).toEqual(['D9', 'D10']);
    expect(r.sentences.outside).toMatch(/^2 of 10 incidents fall outside every person-period/);
  });

  it('lists units missing from a file and names that differ only in case', () => {
    const u = (name: string) => r.units.find((x) => x.unit === name)!;
    expect(r.units.map((x) => x.unit)).toEqual(['Elm', 'OAK', 'Oak']);
    expect(u('Oak')).toMatchObject({ shifts: 3, incidents: 9, people: 3, requirements: 3, events: 0, missingFrom: [], similarTo: ['OAK'] });
    expect(u('OAK')).toMatchObject({ incidents: 1, missingFrom: ['rota', 'people', 'staffing requirements'], similarTo: ['Oak'] });
    expect(u('Elm')).toMatchObject({ people: 1, missingFrom: ['rota', 'incidents', 'staffing requirements'], similarTo: [] });
    expect(r.sentences.units).toMatch(/"OAK" is missing from the rota, people, staffing requirements files and looks like "Oak" spelt differently/);
  });

  it('reports duplicates skipped at import and possible duplicates among accepted incidents', () => {
    expect(r.duplicates.skippedAtImport).toBe(1);
    // D2–D3 (40 s) and D3–D4 (50 s); not D2–D4 (90 s), not D2–D5 (another behaviour).
    expect(r.duplicates.possible.map((p) => [p.firstId, p.secondId])).toEqual([
      ['D2', 'D3'],
      ['D3', 'D4'],
    ]);
    expect(r.duplicates.possibleTotal).toBe(2);
    expect(r.sentences.duplicates).toBe(
      '1 row was skipped at import as duplicates of rows already imported; 2 pairs of accepted incidents may be the same event recorded twice (same person and behaviour, at most a minute apart).',
    );
  });

  it('finds interventions whose incident does not exist', () => {
    expect(r.orphanInterventions).toEqual({ count: 1, examples: [{ incidentId: 'Z1', type: '06', startedAt: '2025-04-12 10:00' }] });
  });

  it('reports Use of Force Act s6(5) completeness item by item', () => {
    const f = r.useOfForce;
    expect(f.records).toBe(3);
    expect(f.prnExcluded).toBe(1);
    const holding = Object.fromEntries(f.items.map((x) => [x.item, x.holding]));
    // a: D1, D6; b: D1, D2 (duration, no end); c, g: all; e: T1's two (T2 has no name);
    // h: D1, D6; m: D1, D2, D6; n: D1 (recorded "no"), D6 (incident injury).
    expect(holding).toEqual({ a: 2, b: 2, c: 3, d: null, e: 2, f: null, g: 3, h: 2, i: null, j: null, k: null, l: null, m: 3, n: 2, o: null, p: null });
    expect(f.items.find((x) => x.item === 'a')!.share).toBeCloseTo(2 / 3, 12);
    expect(f.items.find((x) => x.item === 'o')!.note).toBe('Not recorded in these exports.');
    expect(r.sentences.useOfForce).toBe(
      'These exports carry 8 of the 16 items the Use of Force Act asks every record of force to hold; across 3 restrictive interventions (PRN excluded) ' +
        'the least complete was item a, the reason for the use of force (67 %). Items d, f, i, j, k, l, o, p are not recorded in these exports.',
    );
  });

  it('keeps the import ledger: read = accepted + rejected', () => {
    expect(r.imports).toHaveLength(7);
    expect(r.imports.every((x) => x.balanced)).toBe(true);
    const again = r.imports.find((x) => x.file === 'plan-again.csv')!;
    expect(again).toMatchObject({ read: 2, accepted: 1, rejected: 1, duplicates: 1 });
    // Rows: people 4, requirements 3, shifts 3, incidents 10, interventions 5, plan 2, plan again 2 = 29 read, 1 rejected.
    expect(r.sentences.imports).toBe('Across 7 files, every row read is accounted for: 29 read = 28 accepted + 1 rejected.');
  });
});

describe('the Use of Force items', () => {
  it('match the sixteen items of shared/reference', () => {
    const ref = Papa.parse<string[]>(fs.readFileSync(referenceFile('use-of-force-act-s6-record.csv'), 'utf8'), { skipEmptyLines: true }).data.slice(1);
    expect(USE_OF_FORCE_ITEMS.map((x) => [x.item, x.requirement])).toEqual(ref.map((row) => [row[0], row[1]]));
  });
});

describe('data quality on the sample service', () => {
  it('balances every import and accounts for every incident', async () => {
    const { analyses, imports, staffing } = await analyzeSample();
    const r = analyses.dataQuality as DataQualityResult;
    expect(r.imports).toHaveLength(imports.length);
    expect(r.imports.every((x) => x.balanced)).toBe(true);
    expect(r.outsideExposure.incidents).toBe(imports.find((i) => i.kind === 'incidents')!.accepted);
    expect(r.outsideExposure.outside).toBe(staffing.exposure.incidentsOutsideExposure);
    // Every unit of the sample is in the rota, incidents, people and requirements.
    expect(r.units.map((u) => [u.unit, u.missingFrom])).toEqual([['Oak', []], ['Willow', []]]);
    expect(r.orphanInterventions.count).toBe(0);
    // The sample's records carry items a, b, c, e, g, h, m, n for every restrictive intervention with a start time.
    expect(r.useOfForce.records).toBeGreaterThan(0);
  });
});
