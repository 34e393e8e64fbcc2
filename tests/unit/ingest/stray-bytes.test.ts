/**
 * Issue 15, item 4: one stray Windows-1252 byte in an otherwise UTF-8 file used to re-decode the
 * whole file as Windows-1252 ("Café" became "CafÃ©", and 17 of 29 incidents fell outside
 * exposure). The file is read as UTF-8; only the line holding the byte is rejected, with its line
 * number and a reason, and a note says what happened. A real Windows-1252 export is still read
 * as one.
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { detectEncoding } from '../../../src/ingest/decode';
import { inspectFile, resolveMapping } from '../../../src/ingest/inspect';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { enc } from '../helpers/db';
import { freshEngineEachTest } from './loader-helpers';

let db: Connector;
freshEngineEachTest((d) => (db = d));

const cat = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => Array.from(p)));

/** 29 incidents on units "Café 0" … "Café 2" (UTF-8); row 5's description holds a lone 0xE9 (é in Windows-1252). */
function file(header = 'incident_id,person_id,occurred_at,unit,description'): Uint8Array {
  const rows = Array.from({ length: 29 }, (_, k) => `I${k + 1},P1,2025-01-01 10:${String(k).padStart(2, '0')},Café ${k % 3},"note ${k + 1}"`);
  const text = `${header}\n${rows.join('\n')}\n`;
  const at = text.indexOf('note 5"') + 'note'.length;
  return cat(enc(text.slice(0, at)), [0xe9], enc(text.slice(at)));
}

const REASON = 'the line holds bytes that are not valid UTF-8 text (a character saved in another encoding?), so it could not be read';

describe('a stray byte in a UTF-8 file', () => {
  it('leaves the file UTF-8, counting the bytes that are not', () => {
    expect(detectEncoding(file())).toMatchObject({ encoding: 'utf-8', invalidBytes: 1 });
    // A Windows-1252 export: every é a lone 0xE9, no UTF-8 character at all.
    const cp1252 = cat(enc('unit,n\nCaf'), [0xe9], enc(',1\nCaf'), [0xe9], enc(' 2,2\n'));
    expect(detectEncoding(cp1252).encoding).toBe('windows-1252');
  });

  it('rejects only its line on a canonical import, every "Café" intact', async () => {
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'incidents.csv', data: file() });
    expect(r.error).toBeNull();
    expect(r).toMatchObject({ encoding: 'utf-8', read: 29, accepted: 28, rejected: 1 });
    expect(r.rejects).toEqual([expect.objectContaining({ line: 6, column: '(whole line)', reason: REASON })]);
    expect(r.notes.join(' ')).toMatch(/one byte near its start is not valid UTF-8\. It was read as UTF-8 all the same/);
    const units = await db.query<{ unit: string }>('SELECT DISTINCT unit FROM incidents ORDER BY unit');
    expect(units.map((u) => u.unit)).toEqual(['Café 0', 'Café 1', 'Café 2']);
  });

  it('likewise through a mapping (vendor export)', async () => {
    const data = file('Incident Ref,Patient ID,Date/Time,Ward,Description');
    const i = await inspectFile('datix.csv', data);
    expect(i.encoding).toMatchObject({ encoding: 'utf-8', invalidBytes: 1 });
    const m = resolveMapping(i, {});
    expect(m.questions).toEqual([]);
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'datix.csv', data, mapping: m.mapping! });
    expect(r).toMatchObject({ read: 29, accepted: 28, rejected: 1 });
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([[6, REASON]]);
    const units = await db.query<{ unit: string }>('SELECT DISTINCT unit FROM incidents ORDER BY unit');
    expect(units.map((u) => u.unit)).toEqual(['Café 0', 'Café 1', 'Café 2']);
  });
});
