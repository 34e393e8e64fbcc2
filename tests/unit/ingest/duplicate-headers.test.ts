/**
 * Issue 15, item 5: two columns with one name (`person_id,incident_id,person_id,…`) used to be
 * read first-wins, silently. A file whose columns to read share a name is refused, in plain words
 * that name them; repeated names among columns nobody reads do not stop an import.
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { inspectFile, resolveMapping } from '../../../src/ingest/inspect';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { repeatedNames } from '../../../src/ingest/headers';
import { enc } from '../helpers/db';
import { freshEngineEachTest } from './loader-helpers';

let db: Connector;
freshEngineEachTest((d) => (db = d));

describe('repeated column names', () => {
  it('are found as uniqueHeaders compares them (case and spacing ignored)', () => {
    expect(repeatedNames(['person_id', 'incident_id', 'Person_ID ', 'x', 'x', 'y'])).toEqual([
      { name: 'person_id', columns: [1, 3], headers: ['person_id', 'Person_ID (2)'] },
      { name: 'x', columns: [4, 5], headers: ['x', 'x (2)'] },
    ]);
  });

  it('refuse a canonical file whose person_id appears twice, naming the column and where', async () => {
    const csv = 'person_id,incident_id,person_id,occurred_at,unit\nP1,I1,P2,2025-01-01 10:00,Oak\n';
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'incidents.csv', data: enc(csv) });
    expect(r).toMatchObject({ read: 0, accepted: 0, rejected: 0 });
    expect(r.error).toBe(
      'More than one column has the same name: "person_id" (columns 1 and 3). PBS Lens cannot tell which of them to read, so the file was not imported. ' +
        'Rename or remove the extra column in the export (or in a spreadsheet) and import it again.',
    );
    expect(await db.query('SELECT * FROM incidents')).toEqual([]);
  });

  it('do not stop a canonical file when the repeated column is not one PBS Lens reads', async () => {
    const csv = 'incident_id,person_id,occurred_at,unit,note,note\nI1,P1,2025-01-01 10:00,Oak,a,b\n';
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'incidents.csv', data: enc(csv) });
    expect(r).toMatchObject({ error: null, read: 1, accepted: 1 });
  });

  it('refuse a vendor export at inspection when a column the mapping would read is repeated', async () => {
    const csv = 'Incident Ref,Patient ID,Date/Time,Ward,Patient ID\r\nA1,P1,01/02/2025 10:00,Oak,P9\r\n';
    const i = await inspectFile('datix.csv', enc(csv));
    expect(i.mapping).toBeNull();
    expect(i.error).toMatch(/^More than one column has the same name: "Patient ID" \(columns 2 and 5\)/);
  });

  it('refuse a vendor export read through a saved mapping when the column it reads is now repeated', async () => {
    const good = enc('Incident Ref,Patient ID,Date/Time,Ward\r\nA1,P1,2025-02-01 10:00,Oak\r\n');
    const r0 = resolveMapping(await inspectFile('datix.csv', good), {});
    expect(r0.questions).toEqual([]);
    const later = enc('Incident Ref,Patient ID,Date/Time,Ward,Patient ID\r\nA1,P1,2025-02-01 10:00,Oak,P9\r\n');
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'datix-later.csv', data: later, mapping: r0.mapping! });
    expect(r.accepted).toBe(0);
    expect(r.error).toMatch(/"Patient ID" \(columns 2 and 5\)/);
  });
});
