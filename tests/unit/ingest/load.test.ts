import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { detectCanonicalKind } from '../../../src/ingest/kind';
import { detectDelimiter } from '../../../src/ingest/sniff';
import { enc, freshDb } from '../helpers/db';
import { SHIFTS_HEADER } from './loader-helpers';

let db: Connector;
beforeEach(async () => {
  db = await freshDb();
});
afterEach(async () => {
  await db.close();
});


describe('loading a canonical CSV', () => {
  it('accepts good rows and accounts for every bad one with line, column, value and reason', async () => {
    const csv =
      SHIFTS_HEADER +
      'R1,S1,Oak,2025-01-01 07:00:00,2025-01-01 15:00:00,Support Worker,permanent,worked,\n' + // line 2 ok
      'R2,S2,Oak,2025-01-01 23:00,2025-01-02 07:00,Nurse,Agency,Worked,\n' + // line 3 ok (case, no seconds)
      'R3,S3,Oak,01/02/2025 07:00,2025-01-01 15:00:00,,bank,worked,\n' + // line 4 bad start
      'R4,S4,Oak,2025-01-01 07:00:00,2025-01-01 06:00:00,,bank,worked,\n' + // line 5 ends before start
      'R5,S5,Oak,2025-01-01 07:00:00,2025-01-01 15:00:00,,bank,on leave,\n' + // line 6 bad status
      'R6,S6,Oak,2025-01-01 07:00:00,2025-01-01 15:00:00,,bank\n' + // line 7 too few fields (padded? no: rejected)
      'R1,S1,Oak,2025-01-01 07:00:00,2025-01-01 15:00:00,Support Worker,permanent,worked,\n' + // line 8 duplicate of line 2
      ',S7,Oak,2025-01-01 07:00:00,2025-01-01 15:00:00,,bank,worked,\n'; // line 9 missing id
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'rota.csv', data: enc(csv) });
    expect(report.error).toBeNull();
    expect(report.kind).toBe('shifts');
    expect(report.read).toBe(8);
    expect(report.accepted).toBe(2);
    expect(report.rejected).toBe(6);
    expect(report.read).toBe(report.accepted + report.rejected);
    expect(report.duplicates).toBe(1);
    const byLine = new Map(report.rejects.map((r) => [r.line, r]));
    expect(byLine.get(4)).toMatchObject({ column: 'start', value: '01/02/2025 07:00' });
    expect(byLine.get(5)).toMatchObject({ column: 'end', reason: 'the shift ends before (or when) it starts' });
    expect(byLine.get(6)).toMatchObject({ column: 'status', value: 'on leave' });
    expect(byLine.get(7)?.reason).toMatch(/wrong number of fields/);
    expect(byLine.get(8)?.reason).toMatch(/duplicate/);
    expect(byLine.get(9)).toMatchObject({ column: 'shift_id', reason: 'shift_id is missing' });
    const rows = await db.query<{ shift_id: string; contract: string; status: string; hours: number }>(
      `SELECT shift_id, contract, status, epoch("end" - "start") / 3600 AS hours FROM shifts ORDER BY shift_id`,
    );
    expect(rows).toEqual([
      { shift_id: 'R1', contract: 'permanent', status: 'worked', hours: 8 },
      { shift_id: 'R2', contract: 'agency', status: 'worked', hours: 8 },
    ]);
  });

  it('skips rows already imported from an earlier file and says so', async () => {
    const first = SHIFTS_HEADER + 'R1,S1,Oak,2025-01-01 07:00,2025-01-01 15:00,,permanent,worked,\n';
    const second = first + 'R2,S1,Oak,2025-01-02 07:00,2025-01-02 15:00,,permanent,worked,\n';
    await loadDelimitedFile(db, { importId: 1, fileName: 'a.csv', data: enc(first) });
    const report = await loadDelimitedFile(db, { importId: 2, fileName: 'b.csv', data: enc(second) });
    expect(report).toMatchObject({ read: 2, accepted: 1, rejected: 1, duplicates: 1 });
    expect(report.rejects[0]).toMatchObject({ line: 2, value: 'R1' });
    expect(report.rejects[0]!.reason).toMatch(/already imported/);
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM shifts')) as [{ n: number }];
    expect(n).toBe(2);
  });

  it('counts line numbers past a quoted field holding a newline and a comma', async () => {
    const csv =
      'incident_id,person_id,occurred_at,unit,description\n' +
      'I1,P1,2025-01-01 10:00,Oak,"shouted, then\nleft the room"\n' +
      'I2,P1,not a time,Oak,x\n';
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'incidents.csv', data: enc(csv) });
    expect(report).toMatchObject({ kind: 'incidents', read: 2, accepted: 1, rejected: 1 });
    expect(report.rejects[0]).toMatchObject({ line: 3, column: 'occurred_at', value: 'not a time' });
    const [row] = await db.query<{ description: string }>('SELECT description FROM incidents');
    expect(row!.description).toBe('shouted, then\nleft the room');
  });

  it('gives a plain message for an empty file, a binary file and a file of the wrong kind, importing nothing', async () => {
    const empty = await loadDelimitedFile(db, { importId: 1, fileName: 'x.csv', data: enc('') });
    expect(empty.error).toBe('The file is empty.');
    const binary = await loadDelimitedFile(db, { importId: 2, fileName: 'x.csv', data: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1]) });
    expect(binary.error).toMatch(/binary file/);
    const wrong = await loadDelimitedFile(db, { importId: 3, fileName: 'x.csv', data: enc('colour,size\nred,3\n') });
    expect(wrong.error).toMatch(/Could not tell what kind of file/);
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM imports WHERE error IS NOT NULL')) as [{ n: number }];
    expect(n).toBe(3);
  });

  it('reads MHSDS codes and labels, yes/no and harm grades through the vocabulary', async () => {
    const csv =
      'incident_id,type,reason,started_at,ended_at,duration_minutes,injury_person\n' +
      'I1,01,10,2025-01-01 10:00,2025-01-01 10:05,,yes\n' +
      'I2,Seclusion,17,2025-01-01 11:00,,90,No\n' +
      'I3,prn,,,,,\n' +
      'I4,99,10,,,,\n';
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'ri.csv', data: enc(csv) });
    expect(report).toMatchObject({ kind: 'interventions', read: 4, accepted: 3, rejected: 1 });
    expect(report.rejects[0]).toMatchObject({ line: 5, column: 'type', value: '99' });
    const rows = await db.query('SELECT incident_id, type, reason, injury_person FROM restrictive_interventions ORDER BY incident_id');
    expect(rows).toEqual([
      { incident_id: 'I1', type: '01', reason: '10', injury_person: true },
      { incident_id: 'I2', type: '05', reason: '17', injury_person: false },
      { incident_id: 'I3', type: 'PRN', reason: null, injury_person: null },
    ]);
  });
});

describe('a canonical CSV separated by semicolons', () => {
  it('is read by semicolon even when a quoted extra column name holds more commas than the header has semicolons', async () => {
    // A person reads five columns: four canonical ones and the quoted free-text heading.
    const csv = 'incident_id;person_id;occurred_at;unit;"Notes, remarks, comments, asides, etc., if any"\nI1;P1;2025-01-01 10:00;Oak;"Shouted, then calm"\nI2;P2;2025-01-02 11:30;Oak;\n';
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'incidents.csv', data: enc(csv) });
    expect(report.error).toBeNull();
    expect(report).toMatchObject({ kind: 'incidents', read: 2, accepted: 2, rejected: 0 });
  });
});

describe('sniffing', () => {
  it('picks the delimiter that splits the header', () => {
    expect(detectDelimiter('a;b;c\n1;2;3').delimiter).toBe(';');
    expect(detectDelimiter('a\tb\n').delimiter).toBe('\t');
    expect(detectDelimiter('\uFEFFa,b|c\n').delimiter).toBe(',');
  });
  it('detects the kind from canonical headers', () => {
    expect(detectCanonicalKind(['person_id', 'date', 'strategy', 'delivered'])).toBe('planDelivery');
    expect(detectCanonicalKind(['unit', 'shift', 'required'])).toBe('requirements');
  });
});
