/**
 * Files whose lines end in a mix of styles (CRLF rows and LF rows: edited in two programs, or
 * rows appended by a script). DuckDB alone refuses them ("state machine reached an invalid
 * state") or rejects their rows; the loader normalises the endings and reads every row, says so
 * in a note, keeps quoted line breaks as data and line numbers as the user sees them, and leaves
 * files with one style on the fast path (the file handed to DuckDB as it is).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import type { Engine } from '../../../src/engine';
import { PREVIEW_BYTES } from '../../../src/ingest/decode';
import { resolveMapping } from '../../../src/ingest/inspect';
import { isMixed, LineEndingCounter, lineEndingNormaliser, previewLineEndings } from '../../../src/ingest/lineEndings';
import { loadDelimitedFile } from '../../../src/ingest/load';
import type { Mapping } from '../../../src/ingest/mapping';
import { storedRows, freshEngineEachTest } from './loader-helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const VENDOR = path.resolve(import.meta.dirname, '../../fixtures/vendor');
const fixture = (file: string) => new Uint8Array(fs.readFileSync(path.join(VENDOR, file)));

/** Every other line ending of the bytes made LF (CRLF → LF), starting with the `from`-th line; byte-wise, so any ASCII-compatible encoding stays as it is. */
function mixEndings(bytes: Uint8Array, from = 0): Uint8Array {
  const out: number[] = [];
  let line = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10) {
      if (line >= from && line % 2 === 1) continue; // drop the CR
      line++;
    } else if (bytes[i] === 10 && bytes[i - 1] !== 13) line++;
    out.push(bytes[i]!);
  }
  return new Uint8Array(out);
}

describe('counting line endings', () => {
  it('counts record endings by style, not line breaks inside quoted fields', () => {
    // Record endings: CRLF (header), CRLF (row 1), LF (row 2), CR (row 3, end of file).
    // Inside quotes: an LF, a CRLF and a doubled quote followed by an LF, none of them endings.
    const text = 'a,b\r\n1,"x\ny"\r\n2,"p\r\nq ""z""\n"\n3,z\r';
    const c = new LineEndingCounter('"', ',');
    c.push(enc(text));
    expect(c.end()).toEqual({ crlf: 2, lf: 1, cr: 1 });
    expect(isMixed(c.counts)).toBe(true);
  });

  it('gives the same counts fed a byte at a time (a CRLF split across chunks is one ending)', () => {
    const text = 'h\r\n1,"a\r\nb"\r\n2\n3\r\n';
    const whole = new LineEndingCounter('"', ',');
    whole.push(enc(text));
    const bytewise = new LineEndingCounter('"', ',');
    for (const b of enc(text)) bytewise.push(new Uint8Array([b]));
    expect(bytewise.end()).toEqual({ crlf: 3, lf: 1, cr: 0 });
    expect(whole.end()).toEqual(bytewise.counts);
  });

  it('opens quotes only at the start of a field, as read_csv does', () => {
    // The quote in 5"6 is data, so the CRLF after it ends the record.
    const c = new LineEndingCounter('"', ',');
    c.push(enc('a,5"6\r\nb,c\n'));
    expect(c.end()).toEqual({ crlf: 1, lf: 1, cr: 0 });
    // With ; as the delimiter, a quote after a comma is data too.
    const semi = new LineEndingCounter('"', ';');
    semi.push(enc('a;x,"y\r\nb;c\r\n'));
    expect(semi.end()).toEqual({ crlf: 2, lf: 0, cr: 0 });
  });

  it('leaves a preview’s last CR uncounted (its LF may be past the cut)', () => {
    expect(previewLineEndings('a\nb\r', '"', ',')).toEqual({ crlf: 0, lf: 1, cr: 0 });
    expect(isMixed(previewLineEndings('a\r\nb\r\n"x\ny"\r\n', '"', ','))).toBe(false);
  });
});

describe('normalising line endings', () => {
  it('turns CRLF and lone CR into LF and leaves everything else byte for byte', () => {
    const n = lineEndingNormaliser();
    const input = enc('Zoë,a\r\nb\nc\rd\r\n"q\r\nr"\n£');
    expect(dec(n.push(input))).toBe('Zoë,a\nb\nc\nd\n"q\nr"\n£');
  });

  it('joins a CR at the end of one chunk with an LF at the start of the next', () => {
    const n = lineEndingNormaliser();
    const parts = [enc('a\r'), enc('\nb\r'), enc('c\r'), enc('\r\n'), enc('d')].map((p) => dec(n.push(p)));
    expect(parts.join('') + dec(n.end())).toBe('a\nb\nc\n\nd');
  });

  it('hands back a chunk without CR as it is (no copy)', () => {
    const n = lineEndingNormaliser();
    const chunk = enc('a,b\nc,d\n');
    expect(n.push(chunk)).toBe(chunk);
  });
});

describe('importing files with mixed line endings', () => {
  let db: Connector;
  let engine: Engine;
  freshEngineEachTest((d, e) => ([db, engine] = [d, e]));

  const NOTE = /Line endings were normalised/;

  it('imports a canonical incidents file whose rows end in CRLF and LF, every row with its values', async () => {
    const text =
      'incident_id,person_id,occurred_at,unit,severity,description\r\n' + // line 1, CRLF
      'I1,P1,2025-03-01 08:15,Oak,2,"Shouted, then settled"\n' + // line 2, LF
      'I2,P2,2025-03-01 14:00,Oak,1,"Two lines:\r\nfirst, then second"\r\n' + // lines 3–4, quoted CRLF, CRLF
      'I3,P1,2025-03-02 23:30,Willow,4,"Across\nlines"\n' + // lines 5–6, quoted LF, LF
      'I4,P3,2025-03-03 07:05,Willow,3,Plain\r\n' + // line 7, CRLF
      'I5,P2,2025-03-03 12:00,Oak,5,Last\n'; // line 8, LF
    const report = await engine.importFile('incidents.csv', enc(text));
    expect(report).toMatchObject({ error: null, kind: 'incidents', read: 5, accepted: 5, rejected: 0 });
    expect(report.notes.some((n) => NOTE.test(n) && /Windows CR LF and Unix LF/.test(n))).toBe(true);
    const rows = await storedRows(db, 'incidents');
    expect(rows.map((r) => [r.incident_id, r.person_id, r.occurred_at, r.unit, r.severity, r.description])).toEqual([
      ['I1', 'P1', '2025-03-01 08:15:00', 'Oak', 2, 'Shouted, then settled'],
      ['I2', 'P2', '2025-03-01 14:00:00', 'Oak', 1, 'Two lines:\nfirst, then second'],
      ['I3', 'P1', '2025-03-02 23:30:00', 'Willow', 4, 'Across\nlines'],
      ['I4', 'P3', '2025-03-03 07:05:00', 'Willow', 3, 'Plain'],
      ['I5', 'P2', '2025-03-03 12:00:00', 'Oak', 5, 'Last'],
    ]);
    // Canonical files number records (header = 1), as a spreadsheet numbers rows.
    expect(rows.map((r) => r.source_line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('imports a canonical file whose mix begins after the first 64 KB (DuckDB refuses it; the loader reads it again, normalised)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      return `I${i},P${i % 7},2025-02-${day} ${String(i % 24).padStart(2, '0')}:00,Oak,"note ${i}, with a comma"`;
    });
    const header = 'incident_id,person_id,occurred_at,unit,description';
    // CRLF until well past the preview, then rows appended with LF.
    const text = `${header}\r\n${rows.slice(0, 2000).map((r) => `${r}\r\n`).join('')}${rows.slice(2000).map((r) => `${r}\n`).join('')}`;
    expect(text.indexOf('\n', text.indexOf(rows[2000]!))).toBeGreaterThan(PREVIEW_BYTES);
    expect(isMixed(previewLineEndings(text.slice(0, PREVIEW_BYTES), '"', ','))).toBe(false);
    // DuckDB on its own gives up on this file.
    await db.registerFile('pbs-lens-files/raw-mixed.csv', enc(text));
    await expect(db.query(`SELECT count(*) FROM read_csv('pbs-lens-files/raw-mixed.csv', all_varchar = true, header = true, delim = ',', quote = '"', escape = '"')`)).rejects.toThrow();
    await db.dropFile('pbs-lens-files/raw-mixed.csv');

    const report = await engine.importFile('incidents.csv', enc(text));
    expect(report).toMatchObject({ error: null, read: 3000, accepted: 3000, rejected: 0 });
    expect(report.notes.some((n) => NOTE.test(n))).toBe(true);
    const stored = await storedRows(db, 'incidents');
    expect(stored.map((r) => r.incident_id)).toEqual(rows.map((_, i) => `I${i}`));
    expect(stored[2500]).toMatchObject({ person_id: `P${2500 % 7}`, occurred_at: '2025-02-09 04:00:00', description: 'note 2500, with a comma', source_line: 2502 });
  });

  /** The mapping a user settles on for the clean file (the date question answered the UK way). */
  async function mappingFor(file: string, bytes: Uint8Array): Promise<Mapping> {
    const inspection = await engine.inspectFile(file, bytes);
    const r = resolveMapping(inspection, inspection.questions.some((q) => q.type === 'dateOrder') ? { dateOrder: 'dmy' } : {});
    expect(r.questions).toEqual([]);
    return r.mapping!;
  }

  interface Expected {
    rowsRead: number;
    accepted: { incidents: Record<string, unknown>[] };
    rejected: { line: number; field: string; value: string }[];
  }

  // datix: UTF-8 with BOM, title rows, a quoted LF inside a CRLF file. careapp: Windows-1252, so
  // the endings are normalised on the transcoding path.
  it.each(['datix-incidents.csv', 'careapp-incidents.csv'])('imports a vendor export (%s) with mixed endings through its mapping, to the expected rows', async (file) => {
    const expected = JSON.parse(fs.readFileSync(path.join(VENDOR, `${file}.expected.json`), 'utf8')) as Expected;
    const clean = fixture(file);
    const mapping = await mappingFor(file, clean);
    const mixed = mixEndings(clean);
    expect(mixed.length).toBeLessThan(clean.length);
    const report = await engine.importFile(file, mixed, { mapping });
    expect(report.error).toBeNull();
    expect(report.notes.some((n) => NOTE.test(n))).toBe(true);
    expect(report.read).toBe(expected.rowsRead);
    expect(report.rejected).toBe(expected.rejected.length);
    for (const r of expected.rejected) {
      expect(report.rejects.map((x) => ({ line: x.line, field: x.column, value: x.value ?? '' }))).toContainEqual(r);
    }
    const want = expected.accepted.incidents;
    const keys = Object.keys(want[0]!);
    const stored = await storedRows(db, 'incidents');
    expect(stored.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null])))).toEqual(want);
  });

  /** What DuckDB's read_csv alone makes of a file (with the dialect the mapping loader gives it): an error, or how many rows. */
  async function duckdbAlone(text: string, width: number): Promise<'error' | number> {
    await db.registerFile('pbs-lens-files/raw.csv', enc(text));
    const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    try {
      const [{ n }] = (await db.query<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM read_csv('pbs-lens-files/raw.csv', auto_detect = false, header = false, skip = 1, delim = ',', quote = '"', escape = '"',
           columns = {${columns}}, null_padding = true, parallel = false, store_rejects = true)`,
      )) as [{ n: number }];
      return n;
    } catch {
      return 'error';
    } finally {
      await db.dropFile('pbs-lens-files/raw.csv');
    }
  }

  // LF rows with a quoted CRLF now and then make DuckDB give up on the file; LF rows that each
  // hold a quoted LF make it reject them, keeping only the rows before the change. The loader
  // must catch both.
  it.each([
    { inner: '\r\n', every: 10, alone: 'refuses the file' },
    { inner: '\n', every: 1, alone: 'rejects the rows after the change' },
  ])('imports a vendor export whose mix begins after the first 64 KB, quoted line breaks and all, with the right line numbers (DuckDB alone $alone)', async ({ inner, every, alone }) => {
    const header = 'Ref,Incident Date,Time,Location (exact),Service User,Category,Harm Grade,Description';
    const n = 1200; // DuckDB takes seconds over each hundred rows it rejects: the LF part stays short
    const row = (i: number, br: string, k = 10) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const description = i % k === 0 ? `"Row ${i}: first line${br}second line"` : `Row ${i} calm`;
      return `R${i},${day}/04/2025,${String(i % 24).padStart(2, '0')}:30,Oak Ward,Person ${i % 5},Distress,No harm,${description}`;
    };
    const cleanText = `${header}\r\n${Array.from({ length: n }, (_, i) => `${row(i, '\r\n')}\r\n`).join('')}`;
    const mapping = await mappingFor('export.csv', enc(cleanText));
    // From row 1000 on, rows end in LF, and every `every`-th has a quoted `inner` line break.
    const rows = Array.from({ length: n }, (_, i) => (i < 1000 ? `${row(i, '\r\n')}\r\n` : `${row(i, inner, every)}\n`));
    const text = `${header}\r\n${rows.join('')}`;
    expect(text.indexOf(rows[1000]!)).toBeGreaterThan(PREVIEW_BYTES);
    const raw = await duckdbAlone(text, 8);
    expect(alone === 'refuses the file' ? raw === 'error' : typeof raw === 'number' && raw < n).toBe(true);

    const report = await engine.importFile('export.csv', enc(text), { mapping });
    expect(report).toMatchObject({ error: null, read: n, accepted: n, rejected: 0 });
    expect(report.notes.some((x) => NOTE.test(x))).toBe(true);
    const stored = await storedRows(db, 'incidents');
    expect(stored.map((r) => r.incident_id)).toEqual(rows.map((_, i) => `R${i}`));
    // Line numbers: the header is line 1; each row takes as many lines as it has line breaks.
    const spans = rows.map((r) => r.replace(/\r?\n$/, '').split(/\r\n|\n/).length);
    const starts = spans.map((_, i) => 2 + spans.slice(0, i).reduce((a, b) => a + b, 0));
    expect(stored.map((r) => r.source_line)).toEqual(starts);
    expect(stored[990]).toMatchObject({ source_line: 2 + 990 + 99, description: 'Row 990: first line\nsecond line' });
    expect(stored[1010]).toMatchObject({ occurred_at: '2025-04-03 02:30:00', description: 'Row 1010: first line\nsecond line' });
    expect(stored[1011]).toMatchObject({ occurred_at: '2025-04-04 03:30:00', description: every === 1 ? 'Row 1011: first line\nsecond line' : 'Row 1011 calm' });
  });

  it('reads files with one style as they are: the file goes to DuckDB uncopied, with no note', async () => {
    const handed: (Uint8Array | Blob)[] = [];
    const spy: Connector = {
      ...db,
      registerFile: (name, data) => {
        if (name.includes('import_')) handed.push(data);
        return db.registerFile(name, data);
      },
    };
    const datix = fixture('datix-incidents.csv'); // CRLF, with a quoted LF inside a field
    const mapping = await mappingFor('datix-incidents.csv', datix);
    const lf = enc('incident_id,person_id,occurred_at,unit,description\nI1,P1,2025-03-01 08:15,Oak,"a\r\nb"\n');
    const a = await loadDelimitedFile(spy, { importId: 1, fileName: 'datix-incidents.csv', data: datix, mapping });
    const b = await loadDelimitedFile(spy, { importId: 3, fileName: 'incidents.csv', data: lf });
    expect(a.error).toBeNull();
    expect(b).toMatchObject({ error: null, accepted: 1 });
    expect([...a.notes, ...b.notes].filter((x) => NOTE.test(x))).toEqual([]);
    expect(handed).toEqual([datix, lf]);
    expect(handed[0]).toBe(datix);
    expect(handed[1]).toBe(lf);
    // A quoted CRLF inside an LF file is data, kept as it was.
    expect((await storedRows(db, 'incidents', 3))[0]!.description).toBe('a\r\nb');
  });

  it('refuses a file that still cannot be split into rows in plain words, not DuckDB’s', async () => {
    const report = await engine.importFile('incidents.csv', enc('incident_id,"person_id,occurred_at,unit\nI1,P1,2025-01-01 10:00,Oak\n'));
    expect(report.accepted).toBe(0);
    expect(report.error).toMatch(/could not be split into rows and columns/);
    expect(report.error).not.toMatch(/Invalid Input|sniff|state machine|dialect|import_\d+\.csv|strict_mode/i);
  });
});
