/**
 * Issue 15, items 2 and 6: values no one would believe are rejected on import with a reason,
 * never used. Dates before 2000 or more than a year after the import (both configurable) would
 * stretch the calendar (one row dated 2205 made 197,274 periods, one dated 9999-12-31 ran DuckDB
 * out of memory); NaN, Infinity, 1e309 and 1e12 minutes, 25:00 and a billion staff would flow into
 * every sum. Canonical and mapped imports alike; read = accepted + rejected throughout.
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import type { Engine } from '../../../src/engine';
import { inspectFile, resolveMapping } from '../../../src/ingest/inspect';
import { DEFAULT_PLAUSIBILITY, plausibilityText } from '../../../src/ingest/plausible';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { definitions } from '../../../src/report/method';
import { DEFAULT_SETTINGS, Settings } from '../../../src/model/settings';
import { enc } from '../helpers/db';
import { INCIDENTS, PEOPLE, REQUIREMENTS, SHIFTS } from '../helpers/threeDays';
import { freshEngineEachTest } from './loader-helpers';

let db: Connector;
let engine: Engine;
freshEngineEachTest((d, e) => ([db, engine] = [d, e]));

const balanced = (r: { read: number; accepted: number; rejected: number }) => expect(r.read).toBe(r.accepted + r.rejected);
const SHIFT_HEADER = 'shift_id,staff_id,unit,start,end,role,contract,status,person_id\n';
const IMPORTED = new Date(2025, 5, 1); // 1 June 2025

describe('dates outside the plausible window', () => {
  it('rejects rota rows dated 2205, 9999-12-31 and 1999 with a reason, keeping the calendar to the real dates', async () => {
    const bad = [
      'X1,S1,Oak,2205-01-01 07:00,2205-01-01 15:00,SW,permanent,worked,',
      'X2,S1,Oak,9999-12-31 07:00,9999-12-31 15:00,SW,permanent,worked,',
      'X3,S1,Oak,1999-12-31 07:00,1999-12-31 15:00,SW,permanent,worked,',
    ];
    await engine.importFile('people.csv', enc(PEOPLE));
    await engine.importFile('requirements.csv', enc(REQUIREMENTS));
    const r = await engine.importFile('rota.csv', enc(SHIFTS + bad.join('\n') + '\n'));
    balanced(r);
    expect(r.error).toBeNull();
    expect(r).toMatchObject({ read: 15, accepted: 12, rejected: 3 });
    // Both the start and the end of each are outside: two reasons, one rejected row each.
    expect(r.rejects.map((x) => [x.line, x.column])).toEqual([14, 15, 16].flatMap((l) => [[l, 'end'], [l, 'start']]));
    for (const x of r.rejects) expect(x.reason).toMatch(/outside the plausible dates \(2000-01-01 to \d{4}-\d{2}-\d{2}, a year after the import\)/);
    expect(r.rejects.find((x) => x.line === 15 && x.column === 'start')?.value).toBe('9999-12-31 07:00');
    await engine.importFile('incidents.csv', enc(INCIDENTS));
    const summary = await engine.rebuild();
    // Three days (1–3 January, the last incident's 5 January stretches nothing past the rota) of three shifts.
    expect(summary.periods).toBeLessThan(20);
  });

  it('uses the import day and the configured limits for the window', async () => {
    const rows = [
      'A,S1,Oak,1995-03-01 07:00,1995-03-01 15:00,,permanent,worked,',
      'B,S1,Oak,2026-05-31 07:00,2026-05-31 15:00,,permanent,worked,', // 364 days after 1 June 2025
      'C,S1,Oak,2026-06-02 07:00,2026-06-02 15:00,,permanent,worked,', // 366 days after
    ];
    const data = enc(SHIFT_HEADER + rows.join('\n') + '\n');
    const strict = await loadDelimitedFile(db, { importId: 1, fileName: 'a.csv', data, importedAt: IMPORTED });
    expect([...new Set(strict.rejects.map((x) => x.line))]).toEqual([2, 4]);
    expect(strict).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
    const wide = await loadDelimitedFile(db, {
      importId: 3,
      fileName: 'b.csv',
      data: enc(SHIFT_HEADER + rows.map((r) => `W${r}`).join('\n') + '\n'), // other ids: not duplicates of the first
      importedAt: IMPORTED,
      limits: { ...DEFAULT_PLAUSIBILITY, earliestDate: '1990-01-01', latestDaysAfterImport: 400 },
    });
    expect(wide).toMatchObject({ accepted: 3, rejected: 0 });
  });

  it('checks every date and timestamp column of every kind', async () => {
    const files: [string, string, string][] = [
      ['people.csv', 'person_id,unit,admitted,discharged,ready_for_discharge\nP1,Oak,2024-01-01,2205-01-01,\nP2,Oak,1899-01-01,,\nP3,Oak,2024-01-01,,3024-01-01\nP4,Oak,2027-01-01,,\n', 'discharged admitted ready_for_discharge admitted'],
      ['incidents.csv', 'incident_id,person_id,occurred_at,unit\nI1,P1,2205-01-01 10:00,Oak\n', 'occurred_at'],
      ['interventions.csv', 'incident_id,type,started_at,ended_at\nI1,09,2024-01-01 10:00,9999-12-31 10:00\n', 'ended_at'],
      ['plan.csv', 'person_id,date,strategy,delivered\nP1,0201-01-01,walk,yes\n', 'date'],
      ['events.csv', 'person_id,unit,date,type\nP1,Oak,2999-01-01,move\n', 'date'],
    ];
    let id = 1;
    for (const [name, csv, columns] of files) {
      const r = await loadDelimitedFile(db, { importId: id, fileName: name, data: enc(csv), importedAt: IMPORTED });
      id += 2;
      balanced(r);
      expect(r.accepted, name).toBe(0);
      expect(r.rejects.map((x) => x.column).join(' '), name).toBe(columns);
      for (const x of r.rejects) expect(x.reason).toMatch(/outside the plausible dates/);
    }
  });

  it('believes an admission decades ago (long stays are real, and admissions never stretch the calendar), not one before 1900', async () => {
    const csv = 'person_id,unit,admitted,discharged\nP1,Oak,1987-03-01,\nP2,Oak,1899-12-31,\nP3,Oak,1995-01-01,1999-01-01\n';
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'people.csv', data: enc(csv), importedAt: IMPORTED });
    balanced(r);
    expect(r).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
    expect(r.rejects.map((x) => [x.line, x.column])).toEqual([
      [3, 'admitted'],
      [4, 'discharged'],
    ]);
    expect(r.rejects[0]!.reason).toMatch(/^outside the plausible dates \(1900-01-01 to /);
  });

  it('applies to mapped vendor exports too (UK dates, separate date and time)', async () => {
    const csv =
      'Employee Number,Staff Name,Ward,Duty Date,Shift Start,Shift End,Staff Type,Shift Status\r\n' +
      'E1,Ann Lee,Oak,13/04/2025,07:00,15:00,Substantive,Worked\r\n' +
      'E2,Bob Ray,Oak,31/12/2150,07:00,15:00,Substantive,Worked\r\n' +
      'E3,Cy Dee,Oak,01/01/1950,07:00,15:00,Substantive,Worked\r\n';
    const data = enc(csv);
    const r0 = resolveMapping(await inspectFile('rota.csv', data), {});
    expect(r0.questions).toEqual([]);
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'rota.csv', data, mapping: r0.mapping!, importedAt: IMPORTED });
    balanced(r);
    expect(r).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
    expect([...new Set(r.rejects.map((x) => x.line))]).toEqual([3, 4]);
    expect(r.rejects[0]!.reason).toMatch(/outside the plausible dates/);
  });
});

describe('numbers no one would believe', () => {
  it('rejects durations of NaN, Infinity, 1e309 and 1e12 minutes, keeping plausible ones', async () => {
    const csv = 'incident_id,type,duration_minutes\nI1,09,NaN\nI2,09,Infinity\nI3,09,1e309\nI4,09,1e12\nI5,09,-inf\nI6,09,45\nI7,05,20160\n';
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'iv.csv', data: enc(csv) });
    balanced(r);
    expect(r).toMatchObject({ read: 7, accepted: 2, rejected: 5 });
    const reason = new Map(r.rejects.map((x) => [x.line, x.reason]));
    for (const line of [2, 3, 4, 6]) expect(reason.get(line)).toBe('the duration is not a finite number');
    expect(reason.get(5)).toBe('the duration is more than 527,040 minutes: not plausible');
  });

  it('rejects a requirement of NaN, Infinity or a billion staff', async () => {
    const csv = 'unit,shift,required\nOak,Early,NaN\nOak,Late,Infinity\nOak,Night,1000000000\nElm,Early,3\n';
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'req.csv', data: enc(csv) });
    balanced(r);
    expect(r).toMatchObject({ read: 4, accepted: 1, rejected: 3 });
    expect(r.rejects.map((x) => [x.line, x.column])).toEqual([
      [2, 'required'],
      [3, 'required'],
      [4, 'required'],
    ]);
    expect(r.rejects[2]!.reason).toBe('more than 200 staff required on one shift: not plausible');
  });

  it('rejects commissioned hours at impossible clock times (25:00, 12:75), keeping 07:00, 7:30, 21:00:00, hours to 24:00 and words (8am: the analysis warns)', async () => {
    const csv = 'person_id,unit,commissioned_ratio,commissioned_from,commissioned_to\nP1,Oak,2:1,25:00,23:00\nP2,Oak,2:1,07:00,12:75\nP3,Oak,1:1,7:30,21:00:00\nP4,Oak,1:1,,\nP5,Oak,1:1,08:00,24:00\nP6,Oak,1:1,24:00,08:00\nP7,Oak,1:1,8am,6pm\n';
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'people.csv', data: enc(csv) });
    balanced(r);
    expect(r).toMatchObject({ read: 7, accepted: 4, rejected: 3 });
    expect(r.rejects.map((x) => [x.line, x.column, x.value])).toEqual([
      [2, 'commissioned_from', '25:00'],
      [3, 'commissioned_to', '12:75'],
      [7, 'commissioned_from', '24:00'],
    ]);
  });
});

describe('the limits are settings, stated on the methods page', () => {
  it('old saved settings without them still parse, with the defaults', () => {
    const { plausibility: _p, ...old } = DEFAULT_SETTINGS;
    expect(Settings.parse(old).plausibility).toEqual(DEFAULT_PLAUSIBILITY);
  });

  it('the definitions say the limits the import used', () => {
    const settings = { ...DEFAULT_SETTINGS, plausibility: { ...DEFAULT_PLAUSIBILITY, earliestDate: '1998-04-01', maxRequiredStaff: 60 } };
    const note = definitions(settings).find((n) => n.id === 'def-plausible')!;
    expect(note.text).toBe(plausibilityText(settings.plausibility));
    expect(note.text).toContain('before 1998-04-01');
    expect(note.text).toContain('above 60 staff');
    expect(note.text).toContain('365 days after');
  });
});
