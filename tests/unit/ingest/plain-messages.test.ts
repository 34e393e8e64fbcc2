/**
 * Issue 15, item 10: messages that misled. A file of 50,000 columns that runs the database out of
 * memory is said to be too wide (not "close other tabs"); an empty workbook is said to be empty
 * (not "its columns need a mapping"); rows hidden in a workbook are imported with a note naming
 * them (nothing read is dropped unseen, and the user learns they were there).
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { writeXlsx } from '../../../src/cli/xlsxWriter';
import { inspectFile, resolveMapping } from '../../../src/ingest/inspect';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { enc } from '../helpers/db';
import { freshEngineEachTest } from './loader-helpers';

let db: Connector;
freshEngineEachTest((d) => (db = d));

/** The database as it is, except that reading the file runs out of memory (as the browser's did). */
function outOfMemoryOnRead(real: Connector): Connector {
  const oom = (sql: string) => {
    if (sql.includes('read_csv(')) throw new Error('Out of Memory Error: failed to allocate data of size 1.0 GiB (2.6 GiB/3.1 GiB used)');
  };
  return {
    ...real,
    query: async (sql, params) => (oom(sql), real.query(sql, params)),
    exec: async (sql) => (oom(sql), real.exec(sql)),
  };
}

describe('plain messages', () => {
  it('a very wide file that runs out of memory is said to have too many columns', async () => {
    const width = 50_000;
    const header = ['incident_id', 'person_id', 'occurred_at', 'unit', ...Array.from({ length: width - 4 }, (_, i) => `extra_${i}`)];
    const row = (r: number) => [`I${r}`, 'P1', '2025-01-01 10:00', 'Oak', ...Array.from({ length: width - 4 }, () => '1')].join(',');
    const csv = [header.join(','), ...Array.from({ length: 12 }, (_, r) => row(r))].join('\n') + '\n';
    const r = await loadDelimitedFile(outOfMemoryOnRead(db), { importId: 1, fileName: 'wide.csv', data: enc(csv) });
    expect(r).toMatchObject({ read: 0, accepted: 0, rejected: 0 });
    expect(r.error).toBe(
      'The file has 50,000 columns, too many for the in-browser database to read at once (it ran out of memory). ' +
        'Export only the columns PBS Lens needs, or delete the others in a spreadsheet, and import it again.',
    );
    // A narrow file running out of memory keeps the general advice.
    const narrow = await loadDelimitedFile(outOfMemoryOnRead(db), { importId: 3, fileName: 'n.csv', data: enc('incident_id,person_id,occurred_at,unit\nI1,P1,2025-01-01 10:00,Oak\n') });
    expect(narrow.error).toMatch(/ran out of memory\. Close other tabs/);
  });

  it('an empty workbook is said to be empty, imported or inspected', async () => {
    const bytes = writeXlsx([
      { name: 'Sheet1', rows: [] },
      { name: 'Sheet2', rows: [['', '  ']] },
    ]);
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'export.xlsx', data: bytes });
    expect(r.error).toBe('export.xlsx is empty: none of its sheets holds any data. Export the data again and check the export holds rows.');
    const i = await inspectFile('export.xlsx', bytes);
    expect(i.error).toBe(r.error);
  });

  it('rows hidden in a workbook are imported, and the import says which', async () => {
    const rows = [['Incident Ref', 'Patient ID', 'Date/Time', 'Ward'], ...[1, 2, 3, 4, 5].map((k) => [`A${k}`, 'P1', `2025-02-0${k} 10:00`, 'Oak'])];
    const bytes = writeXlsx([{ name: 'Incidents', rows, hiddenRows: [3, 5] }]);
    const i = await inspectFile('datix.xlsx', bytes);
    expect(i.error).toBeNull();
    const note =
      '2 rows of sheet "Incidents" are hidden in Excel (rows 3, 5). They were imported like the others; if they were hidden to leave them out, delete them in the workbook and import it again.';
    expect(i.notes).toContain(note);
    const m = resolveMapping(i, {});
    expect(m.questions).toEqual([]);
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'datix.xlsx', data: bytes, mapping: m.mapping! });
    expect(r).toMatchObject({ error: null, read: 5, accepted: 5, rejected: 0 });
    expect(r.notes).toContain(note);
  });
});
