/**
 * The point of the importer: a service's vendor exports (a Datix-style incident log in
 * Windows-1252 with title rows, UK dates, harm grades and flat restraint / seclusion / RT / PRN
 * columns; a roster with HHMM times, nights ending "before" they start, staff types and statuses
 * in words, no shift ids) give exactly the staffing numbers of canonical files holding the same
 * content. Both pairs are written here from the vendor fixtures' truth (truth.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import { createEngine, type Engine } from '../../../src/engine';
import { NO_FILTERS } from '../../../src/analysis/types';
import { resolveMapping } from '../../../src/ingest/inspect';
import { INCIDENTS, PEOPLE, SHIFTS, staffById } from '../../fixtures/vendor/truth';

const enc = (s: string) => new TextEncoder().encode(s);
const csv = (cells: (string | number)[]) => cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(',');
const ukDate = (at: string) => `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)}`;

const PEOPLE_CSV = 'person_id,name,unit,admitted\n' + PEOPLE.map((p) => csv([p.id, p.name, p.unit, '2025-04-01'])).join('\n') + '\n';

const canonical = {
  shifts:
    'shift_id,staff_id,unit,start,end,role,contract,status,person_id\n' +
    SHIFTS.map((s) => {
      const st = s.staff ? staffById(s.staff) : null;
      return csv([`S${s.n}`, s.staff, s.unit, s.start, s.end, st?.role ?? '', st?.contract ?? '', s.status, '']);
    }).join('\n') + '\n',
  incidents:
    'incident_id,person_id,occurred_at,unit,behaviour_type,severity,injury_person,injury_staff,description\n' +
    INCIDENTS.map((i) => csv([`INC${i.n}`, i.person, i.at, PEOPLE.find((p) => p.id === i.person)!.unit, i.behaviour, i.severity, i.injuryPerson ? 'yes' : 'no', i.injuryStaff ? 'yes' : 'no', i.description])).join('\n') + '\n',
  interventions:
    'incident_id,type,started_at,duration_minutes\n' +
    INCIDENTS.flatMap((i) => [
      ...(i.restraint ? [csv([`INC${i.n}`, i.restraint.type, i.at, i.restraint.minutes])] : []),
      ...(i.seclusion ? [csv([`INC${i.n}`, '05', i.at, i.seclusion])] : []),
      ...(i.rt ? [csv([`INC${i.n}`, '14', i.at, ''])] : []),
      ...(i.prn ? [csv([`INC${i.n}`, 'PRN', i.at, ''])] : []),
    ]).join('\n') + '\n',
};

const POSITION: Record<string, string> = { '01': 'Prone', '07': 'Standing', '08': 'Escort', '09': 'Face up', '10': 'Side', '11': 'Seated', '12': 'Kneeling' };
const HARM = ['', 'No harm', 'Low harm', 'Moderate harm', 'Severe harm'];
const CP1252: Record<string, number> = { '£': 0xa3, 'é': 0xe9, 'ë': 0xeb, '’': 0x92, '–': 0x96 };
const cp1252 = (s: string) => new Uint8Array(Array.from(s, (ch) => CP1252[ch] ?? ch.charCodeAt(0)));

const vendor = {
  incidents: cp1252(
    'Incident Report – All Incidents\r\nPrinted 14/04/2025 by Datix Web\r\n\r\n' +
      'Ref,Incident Date,Time,Ward,Service User ID,Category,Harm Grade,Description,Restraint Used?,Restraint Position,Duration (mins),' +
      'Seclusion (Y/N),Seclusion Duration (mins),RT Given?,PRN Given,Patient Injured,Staff Injured\r\n' +
      INCIDENTS.map((i) =>
        csv([
          `INC${i.n}`, ukDate(i.at), i.at.slice(11, 16), PEOPLE.find((p) => p.id === i.person)!.unit, i.person, i.behaviour, HARM[i.severity]!, i.description,
          i.restraint ? 'Y' : 'N', i.restraint ? POSITION[i.restraint.type]! : '', i.restraint?.minutes ?? '',
          i.seclusion ? 'Y' : 'N', i.seclusion ?? '', i.rt ? 'Y' : 'N', i.prn ? 'Y' : 'N', i.injuryPerson ? 'Y' : 'N', i.injuryStaff ? 'Y' : 'N',
        ]),
      ).join('\r\n') + '\r\nTotal incidents: 20\r\n',
  ),
  rota: enc(
    'Roster Report – Actual Worked Hours\n\n' +
      'Employee Number,Ward,Duty Date,Start,End,Staff Type,Shift Status,Grade\n' +
      SHIFTS.map((s) => {
        const st = s.staff ? staffById(s.staff) : null;
        const type = { permanent: 'Substantive', bank: 'Bank', agency: 'Agency' }[st?.contract ?? 'permanent'];
        const status = { worked: 'Worked', unfilled: 'Unfilled', sickness: 'Sick' }[s.status];
        const hhmm = (at: string) => at.slice(11, 13) + at.slice(14, 16);
        return csv([s.staff, s.unit, ukDate(s.start), hhmm(s.start), hhmm(s.end), st ? type : '', status, st?.role ?? '']);
      }).join('\n') + '\n',
  ),
};

let canonicalDb: Connector;
let vendorDb: Connector;
let a: Engine;
let b: Engine;
beforeAll(async () => {
  canonicalDb = await openNodeDatabase();
  vendorDb = await openNodeDatabase();
  a = createEngine(canonicalDb);
  b = createEngine(vendorDb);
});
afterAll(async () => {
  await canonicalDb.close();
  await vendorDb.close();
});

describe('vendor exports and canonical files holding the same content', () => {
  it('give the same staffing numbers', async () => {
    for (const [name, text, kind] of [
      ['people.csv', PEOPLE_CSV, 'people'],
      ['shifts.csv', canonical.shifts, 'shifts'],
      ['incidents.csv', canonical.incidents, 'incidents'],
      ['restrictive_interventions.csv', canonical.interventions, 'interventions'],
    ] as const) {
      const r = await a.importFile(name, enc(text), kind);
      expect(r).toMatchObject({ error: null, rejected: 0 });
    }

    expect((await b.importFile('people.csv', enc(PEOPLE_CSV), 'people')).rejected).toBe(0);
    for (const [name, data] of [
      ['roster.csv', vendor.rota],
      ['datix.csv', vendor.incidents],
    ] as const) {
      const inspection = await b.inspectFile(name, data);
      const r = resolveMapping(inspection, { dateOrder: 'dmy' });
      expect(r.questions).toEqual([]);
      const report = await b.importFile(name, data, { mapping: r.mapping! });
      expect(report.error).toBeNull();
      expect(report.accepted + report.rejected).toBe(report.read);
      if (name === 'datix.csv') {
        // The footer line is the only reject; the 20 incidents and their 17 interventions are in.
        expect(report).toMatchObject({ read: 21, accepted: 20, rejected: 1, encoding: 'windows-1252' });
        expect(report.interventions).toMatchObject({ read: 17, accepted: 17, rejected: 0 });
      } else {
        expect(report).toMatchObject({ read: SHIFTS.length, accepted: SHIFTS.length });
      }
    }

    const count = async (db: Connector, table: string) =>
      ((await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`)) as [{ n: number }])[0].n;
    for (const t of ['shifts', 'incidents', 'restrictive_interventions']) expect(await count(vendorDb, t)).toBe(await count(canonicalDb, t));
    const pound = await vendorDb.query<{ description: string }>(`SELECT description FROM incidents WHERE incident_id = 'INC3'`);
    expect(pound[0]!.description).toBe(INCIDENTS[2]!.description);

    const fromCanonical = await a.staffing(NO_FILTERS);
    const fromVendor = await b.staffing(NO_FILTERS);
    expect(fromCanonical.exposure.incidents).toBe(INCIDENTS.length);
    expect(fromCanonical.exposure.periods).toBeGreaterThan(0);
    expect(fromVendor).toEqual(fromCanonical);
  });
});
