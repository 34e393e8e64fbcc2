/**
 * Fuzzing the real import pipeline (engine.importFile → DuckDB) with malformed and adversarial
 * files. Whatever comes in: no unhandled error, always a report, rows read = accepted + rejected,
 * a refusal in plain words, and the data imported before is left exactly as it was. Lines may end
 * in any mix of styles: a good file whose lines do is still imported whole.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { createEngine, type Engine, type ImportReport } from '../../../src/engine';
import { TABLES } from '../../../src/ingest/canonical';
import { enc, freshDb } from '../helpers/db';
import { fuzzRuns, scaled } from '../helpers/fuzz';

// PBS_LENS_FUZZ_RUNS=full runs the full counts (400, 60, 100); by default 50 each (helpers/fuzz.ts).
const PLAUSIBLE_RUNS = fuzzRuns(400);
const LINE_END_RUNS = fuzzRuns(60);
const ODD_RUNS = fuzzRuns(100);

const BASELINE = `person_id,name,unit,admitted
P1,Alex Example,Oak,2025-01-01
P2,Sam Example,Oak,2025-01-01
`;

const headers = Object.values(TABLES).map((t) => t.fields.map((f) => f.name));

/** A good value per field type, so some rows of each broken file are fine and get imported. */
const GOOD: Record<string, (n: number) => string> = {
  id: (n) => `X${n}`, text: (n) => `text ${n}`, ratio: () => '2:1', contract: () => 'agency', status: () => 'worked',
  interventionType: () => '07', interventionReason: () => '10', timestamp: (n) => `2025-01-${String(1 + (n % 28)).padStart(2, '0')} 10:00`,
  date: (n) => `2025-02-${String(1 + (n % 28)).padStart(2, '0')}`, number: (n) => String(n % 50), minutes: (n) => String(n % 50), integer: (n) => String(n % 5),
  boolean: () => 'yes', severity: () => '3', weekday: () => 'Mon',
};
const goodRow = (header: string[], n: number, k: number) => {
  const spec = Object.values(TABLES).find((t) => t.fields.map((f) => f.name).join() === header.join())!;
  // Shifts must end after they start.
  return spec.fields.map((f) => (f.name === 'end' ? '2025-01-28 23:00' : f.name === 'start' ? '2025-01-28 15:00' : GOOD[f.type]!(n * 31 + k)));
};

/** Cells that break naive parsers: delimiters, quotes, newlines, formulas, odd dates, markup. */
const nastyCell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '"', '""', '"unbalanced', 'a,b', 'a;b', 'line\nbreak', '\r', '=1+1', '+SUM(A1)', '-2+3', '@cmd',
    "=cmd|' /C calc'!A0", '31/02/2025', '2025-02-31', '2025-13-01 25:61', '0000-00-00', '１２３',
    "'); DROP TABLE incidents; --", '<img src=x onerror=alert(1)>', '\u0000', '\uFEFF', 'Zoë £5 — “quoted”',
    'yes', 'agency', 'worked', '07', 'PRN', '9'.repeat(400),
  ),
);

const rowOf = (width: number) => fc.array(nastyCell, { minLength: 0, maxLength: width + 2 });
const quoteIfNeeded = (c: string, k: number) => (/[",\n]/.test(c) && k % 2 === 0 ? `"${c.replaceAll('"', '""')}"` : c);

/** A file that starts like one of ours and then goes wrong in many ways. */
const plausibleFile = fc
  .record({
    header: fc.constantFrom(...headers),
    rows: fc.array(fc.nat(), { maxLength: 25 }),
    seed: fc.array(nastyCell, { minLength: 200, maxLength: 200 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    // 'mixed': each line ends as `eols` says (a file edited in two programs, or rows appended by a script).
    eol: fc.constantFrom('\n', '\r\n', '\r', 'mixed'),
    eols: fc.array(fc.constantFrom('\n', '\r\n', '\r\n', '\r'), { minLength: 8, maxLength: 8 }),
    bom: fc.constantFrom('', '\uFEFF'),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ header, rows, seed, delimiter, eol, eols, bom, cut }) => {
    let k = 0;
    const lines = [header.join(delimiter)];
    for (const n of rows) {
      if (n % 3 === 0) {
        lines.push(goodRow(header, n, k++).join(delimiter));
        continue;
      }
      const width = (n % (header.length + 3)) + 1;
      const cells = Array.from({ length: width }, () => quoteIfNeeded(seed[k % seed.length]!, k++));
      lines.push(cells.join(delimiter));
    }
    const end = (i: number) => (eol === 'mixed' ? eols[i % eols.length]! : eol);
    let text = bom + lines.map((l, i) => l + end(i)).join('');
    if (cut !== undefined) text = text.slice(0, cut % (text.length + 1));
    return enc(text);
  });

const oddFile = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }), // random bytes
  fc.constant(new Uint8Array(0)), // empty
  fc.constantFrom(...headers).map((h) => enc(h.join(',') + '\n')), // header only
  fc.constantFrom(...headers).map((h) => enc(h.join(','))), // header, no newline
  fc.constant(enc(Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',') + '\n1,2,3\n')), // 10,000 columns
  fc.constant(enc(`incident_id,person_id,occurred_at,unit,description\nI1,P1,2025-01-01 10:00,Oak,"${'x'.repeat(200_000)}"\n`)), // huge field
  fc.constant(enc('incident_id,person_id,occurred_at,unit\nI1,P1,31/02/2025,Oak\nI2,P1,2025-02-31 10:00,Oak\n')), // impossible dates
  fc.constant(enc('incident_id,person_id,occurred_at,unit\nI1,P1,2025-01-01 10:00,Oak\n\uFEFFI2,P1,2025-01-01 11:00,Oak\n')), // BOM mid-file
  fc.constant(enc('incident_id,person_id,occurred_at,unit\n"I1,P1,2025-01-01 10:00,Oak\nI2,P1,2025-01-01 11:00,Oak\n')), // unbalanced quote
  fc.constant(new Uint8Array([0xff, 0xfe, ...enc('shift_id,unit\n')])), // UTF-16 BOM then UTF-8
  fc.constant(new Uint8Array([...enc('person_id,name,unit\nP9,'), 0x5a, 0xeb, ...enc(' \xa3,Oak\n')])), // Windows-1252 bytes inside UTF-8
  fc.constant(enc('%PDF-1.4\n%âãÏÓ\n1 0 obj\n')), // a PDF
  fc.constant(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0])), // a zip that is not a workbook
);

describe('fuzzing the import pipeline', () => {
  let db: Connector;
  let engine: Engine;
  let baseline: unknown[];
  beforeAll(async () => {
    db = await freshDb();
    engine = createEngine(db);
    const report = await engine.importFile('people.csv', enc(BASELINE));
    expect(report.accepted).toBe(2);
    baseline = await db.query('SELECT * FROM people ORDER BY person_id');
  });
  afterAll(() => db.close());

  // What the runs did, so the test fails if the generators stop reaching the deep paths.
  const seen = { refused: 0, withRejects: 0, withAccepted: 0 };
  const check = async (bytes: Uint8Array, name: string) => {
    let report: ImportReport;
    try {
      report = await engine.importFile(name, bytes);
    } catch (e) {
      throw new Error(`importFile threw on ${bytes.length} bytes: ${(e as Error).message}`);
    }
    expect(typeof report.read).toBe('number');
    expect(report.read).toBe(report.accepted + report.rejected);
    if (report.error !== null) {
      expect(report.error.length).toBeGreaterThan(10);
      expect(report.accepted).toBe(0);
      // Plain words: never DuckDB's own wording or the name the file was registered under.
      expect(report.error).not.toMatch(/Invalid Input Error|sniffing|state machine|strict_mode|import_\d+\.csv/);
    }
    expect(report.rejected).toBeGreaterThanOrEqual(report.rejects.length > 0 ? 1 : 0);
    if (report.error !== null) seen.refused++;
    if (report.rejected > 0) seen.withRejects++;
    if (report.accepted > 0) seen.withAccepted++;
    // What was imported before is untouched.
    const people = await db.query('SELECT * FROM people WHERE person_id IN (\'P1\', \'P2\') AND import_id = 1 ORDER BY person_id');
    expect(people).toEqual(baseline);
  };

  it(`survives ${PLAUSIBLE_RUNS} plausible-but-broken files`, async () => {
    await fc.assert(fc.asyncProperty(plausibleFile, (bytes) => check(bytes, 'fuzz.csv')), { numRuns: PLAUSIBLE_RUNS, seed: 20261123 });
    // Files were refused, partly rejected and partly accepted — every branch was exercised (the
    // counts are those of 400 runs, scaled to the runs made).
    const what = JSON.stringify(seen);
    expect(seen.refused, what).toBeGreaterThan(scaled(10, 400, PLAUSIBLE_RUNS));
    expect(seen.withRejects, what).toBeGreaterThan(scaled(50, 400, PLAUSIBLE_RUNS));
    expect(seen.withAccepted, what).toBeGreaterThan(scaled(10, 400, PLAUSIBLE_RUNS));
  }, 600_000);

  it('imports every row of a good file whatever mix of line endings its lines have, quoted line breaks included', async () => {
    const DESCRIPTIONS = ['plain', '"with, a comma"', '"two\nlines"', '"two\r\nlines"', '"said ""no"""', '"ends in a break\r"'];
    const goodFile = fc.record({
      rows: fc.array(fc.record({ d: fc.nat({ max: DESCRIPTIONS.length - 1 }), eol: fc.constantFrom('\n', '\r\n', '\r') }), { minLength: 1, maxLength: 30 }),
      headerEol: fc.constantFrom('\n', '\r\n', '\r'),
    });
    let mixed = 0;
    await fc.assert(
      fc.asyncProperty(goodFile, async ({ rows, headerEol }) => {
        const text =
          `incident_id,person_id,occurred_at,unit,description${headerEol}` +
          rows.map((r, i) => `M${i},P1,2025-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00,Oak,${DESCRIPTIONS[r.d]}${r.eol}`).join('');
        const report = await engine.importFile('incidents.csv', enc(text));
        expect(report.error).toBeNull();
        expect(report).toMatchObject({ read: rows.length, accepted: rows.length, rejected: 0 });
        if (new Set([headerEol, ...rows.map((r) => r.eol)]).size > 1) mixed++;
        const stored = await db.query<{ incident_id: string; description: string; source_line: number }>(
          `SELECT incident_id, description, source_line FROM incidents WHERE incident_id LIKE 'M%' ORDER BY source_line`,
        );
        // Quoted line breaks are data: kept, though a normalised file has them as LF.
        const unquote = (d: string) => (d.startsWith('"') ? d.slice(1, -1).replaceAll('""', '"') : d);
        const lf = (d: string) => d.replace(/\r\n?/g, '\n');
        expect(stored.map((r) => [r.incident_id, lf(r.description), r.source_line])).toEqual(
          rows.map((r, i) => [`M${i}`, lf(unquote(DESCRIPTIONS[r.d]!)), i + 2]),
        );
        await db.exec("DELETE FROM incidents WHERE incident_id LIKE 'M%'");
      }),
      { numRuns: LINE_END_RUNS, seed: 20260711 },
    );
    expect(mixed).toBeGreaterThan(scaled(30, 60, LINE_END_RUNS));
  }, 600_000);

  it(`survives ${ODD_RUNS} odd files: random bytes, empty, header-only, 10,000 columns, huge fields, bad dates, BOMs, other formats`, async () => {
    await fc.assert(fc.asyncProperty(oddFile, (bytes) => check(bytes, 'odd.csv')), { numRuns: ODD_RUNS, seed: 1123 });
  }, 600_000);
});
