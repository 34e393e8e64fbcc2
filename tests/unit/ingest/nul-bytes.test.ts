/**
 * Issue 15, item 7: one NUL byte used to refuse the whole file as "binary", even inside one
 * description at row 300. Only the rows holding one are rejected, with their line numbers; the
 * rest are kept (read = accepted + rejected). A file that really is binary is still refused.
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { inspectFile, resolveMapping } from '../../../src/ingest/inspect';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { detectFormat } from '../../../src/ingest/sniff';
import { enc } from '../helpers/db';
import { freshEngineEachTest } from './loader-helpers';

let db: Connector;
freshEngineEachTest((d) => (db = d));

/** 400 incidents; rows whose number is in `nul` have a NUL inside their description. */
function incidents(nul: number[], header = 'incident_id,person_id,occurred_at,unit,description'): string {
  const rows = Array.from({ length: 400 }, (_, k) => {
    const i = k + 1;
    return `I${i},P1,2025-01-01 ${String(i % 24).padStart(2, '0')}:00,Oak,"calm${nul.includes(i) ? '\0' : ''} day ${i}"`;
  });
  return `${header}\n${rows.join('\n')}\n`;
}

describe('NUL bytes in a text file', () => {
  it('reject only the rows that hold one, with their line numbers (row 2 and row 300)', async () => {
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'incidents.csv', data: enc(incidents([2, 300])) });
    expect(r.error).toBeNull();
    expect(r).toMatchObject({ read: 400, accepted: 398, rejected: 2 });
    expect(r.rejects.map((x) => [x.line, x.column, x.reason])).toEqual([
      [3, 'description', 'holds a NUL byte (a zero byte, which is not text): the row is not imported'],
      [301, 'description', 'holds a NUL byte (a zero byte, which is not text): the row is not imported'],
    ]);
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM incidents WHERE contains(description, chr(0))`)) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('in a vendor export read through a mapping, likewise', async () => {
    const data = enc(incidents([5], 'Incident Ref,Patient ID,Date/Time,Ward,Description'));
    const i = await inspectFile('datix.csv', data);
    expect(i.error).toBeNull();
    const m = resolveMapping(i, {});
    expect(m.questions).toEqual([]);
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'datix.csv', data, mapping: m.mapping! });
    expect(r).toMatchObject({ read: 400, accepted: 399, rejected: 1 });
    expect(r.rejects.map((x) => x.line)).toEqual([6]);
  });

  it('is not mistaken for a binary file; a file of control bytes still is', () => {
    expect(detectFormat(enc(incidents([1])))).toEqual({ format: 'delimited' });
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(detectFormat(binary)).toMatchObject({ format: 'rejected', reason: 'binary' });
  });
});
