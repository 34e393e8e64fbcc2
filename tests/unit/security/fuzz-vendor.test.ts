/**
 * The mapping loader under fuzz (tests/unit/ingest/fuzz.test.ts covers canonical files): vendor
 * exports from tests/fixtures/vendor, each imported through the mapping a user would settle for
 * the clean file, after fast-check has broken the bytes — truncated, spliced with random bytes,
 * re-encoded (Windows-1252, UTF-16, or half and half), a BOM mid-file, unbalanced quotes, rows of
 * formulas and markup, a huge field, 10,000 columns, a missing column, empty or header-only.
 * Whatever comes in: no unhandled error, a report, rows read = accepted + rejected (for the
 * unpivoted interventions too), a refusal imports nothing, and the data imported before stays.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { openNodeDatabase } from '../../../src/db/node';
import { concatBytes } from '../../../src/db/snapshot';
import { createEngine, type Engine, type ImportReport } from '../../../src/engine';
import { inspectFile, resolveMapping } from '../../../src/ingest/inspect';
import type { Mapping } from '../../../src/ingest/mapping';
import { fuzzRuns, scaled } from '../helpers/fuzz';

// PBS_LENS_FUZZ_RUNS=full runs the full 200 broken exports; by default 50 (helpers/fuzz.ts).
const BROKEN_RUNS = fuzzRuns(200);

const VENDOR = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'vendor');
/** Delimited exports a user maps without questions, of both kinds and several encodings and delimiters. */
const FIXTURES = ['radar-incidents.csv', 'careapp-incidents.csv', 'unicode-incidents.csv', 'healthroster-rota.csv', 'rota.tsv', 'nights-hhmm-rota.csv'];
const BASELINE = 'person_id,name,unit,admitted\nP1,Alex Example,Oak,2025-01-01\nP2,Sam Example,Oak,2025-01-01\n';

const enc = (s: string) => new TextEncoder().encode(s);
const utf16 = (s: string, bigEndian: boolean) => {
  const out = new Uint8Array(2 + s.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out.set(bigEndian ? [c >> 8, c & 0xff] : [c & 0xff, c >> 8], 2 + i * 2);
  }
  return out;
};
/** Windows-1252 for Latin-1 characters; anything else becomes '?'. */
const latin1 = (s: string) => Uint8Array.from(s, (ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 0x3f));
const concat = (...parts: Uint8Array[]) => concatBytes(parts);

const NASTY = [
  '"', '"unbalanced', 'a,b', 'a;b', 'a\tb', 'line\nbreak', '=1+1', '+SUM(A1)', '@cmd', "=cmd|' /C calc'!A0", '31/02/2025',
  '2025-02-31', '25:61', '0000-00-00', "'); DROP TABLE incidents; --", '<img src=x onerror=alert(1)>', '\u0000', '\uFEFF',
  'Zoë £5 — “quoted”', 'Restraint', 'Seclusion', 'Agency', 'yes', '', '9'.repeat(300),
];

/** One way of breaking a file's text or bytes. */
const breakage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('encoding' as const), as: fc.constantFrom('windows-1252', 'utf-16le', 'utf-16be', 'half-1252', 'half-utf16') }),
  fc.record({ kind: fc.constant('bomInside' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('rows' as const), line: fc.nat(), cells: fc.array(fc.constantFrom(...NASTY), { minLength: 1, maxLength: 14 }), times: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('hugeField' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('wideHeader' as const) }),
  fc.record({ kind: fc.constant('dropColumn' as const), column: fc.nat() }),
  fc.record({ kind: fc.constant('headerOnly' as const) }),
  fc.record({ kind: fc.constant('empty' as const) }),
  fc.record({ kind: fc.constant('duplicateRows' as const) }),
);
type Breakage = typeof breakage extends fc.Arbitrary<infer T> ? T : never;

interface Fixture {
  file: string;
  text: string;
  delimiter: string;
  /** First line of the header (title rows above it), and the first data line. */
  headerLine: number;
  dataLine: number;
  mapping: Mapping;
}

function applyBreakage(f: Fixture, b: Breakage): Uint8Array {
  const lines = f.text.split(/\r?\n/);
  const pos = (at: number, n: number) => Math.floor(at * n);
  switch (b.kind) {
    case 'truncate':
      return enc(f.text).slice(0, pos(b.at, enc(f.text).length));
    case 'splice': {
      const bytes = enc(f.text);
      const at = pos(b.at, bytes.length);
      return concat(bytes.slice(0, at), b.bytes, bytes.slice(at));
    }
    case 'encoding': {
      const half = Math.floor(f.text.length / 2);
      if (b.as === 'windows-1252') return latin1(f.text);
      if (b.as === 'utf-16le') return utf16(f.text, false);
      if (b.as === 'utf-16be') return utf16(f.text, true);
      if (b.as === 'half-1252') return concat(enc(f.text.slice(0, half)), latin1(f.text.slice(half)));
      return concat(enc(f.text.slice(0, half)), utf16(f.text.slice(half), false));
    }
    case 'bomInside': {
      const at = pos(b.at, f.text.length);
      return enc(`${f.text.slice(0, at)}\uFEFF${f.text.slice(at)}`);
    }
    case 'rows': {
      const at = f.dataLine + (b.line % Math.max(1, lines.length - f.dataLine));
      const row = b.cells.map((c) => (/[",\n\t;]/.test(c) && c.length % 2 === 0 ? `"${c.replaceAll('"', '""')}"` : c)).join(f.delimiter);
      lines.splice(at, 0, ...Array.from({ length: b.times }, () => row));
      return enc(lines.join('\r\n'));
    }
    case 'hugeField': {
      const at = f.dataLine + (b.line % Math.max(1, lines.length - f.dataLine));
      lines[at] = `"${'x'.repeat(200_000)}"${f.delimiter}${lines[at] ?? ''}`;
      return enc(lines.join('\r\n'));
    }
    case 'wideHeader':
      lines[f.dataLine - 1] += Array.from({ length: 10_000 }, (_, i) => `${f.delimiter}extra ${i}`).join('');
      return enc(lines.join('\r\n'));
    case 'dropColumn': {
      const cells = lines[f.dataLine - 1]!.split(f.delimiter);
      cells.splice(b.column % cells.length, 1);
      lines[f.dataLine - 1] = cells.join(f.delimiter);
      return enc(lines.join('\r\n'));
    }
    case 'headerOnly':
      return enc(lines.slice(0, f.dataLine).join('\r\n') + '\r\n');
    case 'empty':
      return new Uint8Array(0);
    case 'duplicateRows':
      return enc(`${f.text}${f.text.endsWith('\n') ? '' : '\r\n'}${lines.slice(f.dataLine).join('\r\n')}`);
  }
}

describe('fuzzing the mapping loader with broken vendor exports', () => {
  let db: Connector;
  let engine: Engine;
  let baseline: unknown[];
  const fixtures: Fixture[] = [];

  beforeAll(async () => {
    db = await openNodeDatabase();
    engine = createEngine(db);
    expect((await engine.importFile('people.csv', enc(BASELINE))).accepted).toBe(2);
    baseline = await db.query('SELECT * FROM people ORDER BY person_id');
    for (const file of FIXTURES) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(VENDOR, file)));
      const resolved = resolveMapping(await inspectFile(file, bytes));
      expect(resolved.questions, file).toEqual([]);
      const mapping = resolved.mapping!;
      // The fixtures are UTF-8 or Windows-1252; work on their text and write it back as UTF-8.
      const decoder = (['windows-1252', 'utf-16le', 'utf-16be'] as const).find((e) => e === mapping.encoding) ?? 'utf-8';
      const text = new TextDecoder(decoder).decode(bytes).replace(/^\uFEFF/, '');
      fixtures.push({ file, text, delimiter: mapping.delimiter ?? ',', headerLine: mapping.headerRow, dataLine: mapping.headerRow + mapping.headerRows, mapping: { ...mapping, encoding: 'utf-8' } });
    }
  }, 120_000);
  afterAll(() => db?.close());

  const seen = { refused: 0, withRejects: 0, withAccepted: 0, interventions: 0 };

  /** Remove what the previous run imported (not the baseline), so rows are new again, not duplicates. */
  async function forgetVendorRows(): Promise<void> {
    for (const table of ['incidents', 'restrictive_interventions', 'shifts']) await db.exec(`DELETE FROM ${table} WHERE import_id > 1`);
  }

  const refusals = new Map<string, number>();
  async function check(f: Fixture, bytes: Uint8Array): Promise<void> {
    await forgetVendorRows();
    let report: ImportReport;
    try {
      report = await engine.importFile(f.file, bytes, { mapping: f.mapping });
    } catch (e) {
      throw new Error(`importFile threw on a broken ${f.file}: ${(e as Error).message}`);
    }
    expect(report.read).toBe(report.accepted + report.rejected);
    if (report.error !== null) {
      expect(report.error.length).toBeGreaterThan(10);
      expect(report.accepted).toBe(0);
      seen.refused++;
      const reason = report.error.replace(/"[^"]*"|\d+/g, '…').slice(0, 60);
      refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
    }
    if (report.interventions) {
      const iv = report.interventions;
      expect(iv.read).toBe(iv.accepted + iv.rejected);
      seen.interventions++;
    }
    if (report.rejected > 0) seen.withRejects++;
    if (report.accepted > 0) seen.withAccepted++;
    expect(await db.query("SELECT * FROM people WHERE import_id = 1 ORDER BY person_id")).toEqual(baseline);
  }

  it('every clean fixture imports through its mapping (the starting point is sound)', async () => {
    for (const f of fixtures) {
      await forgetVendorRows();
      const report = await engine.importFile(f.file, enc(f.text), { mapping: f.mapping });
      expect(report.error, f.file).toBeNull();
      expect(report.accepted, f.file).toBeGreaterThan(0);
    }
  });

  it(`survives ${BROKEN_RUNS} broken exports`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), breakage, async (which, b) => {
        const f = fixtures[which % fixtures.length]!;
        await check(f, applyBreakage(f, b));
      }),
      { numRuns: BROKEN_RUNS, seed: 20261124 },
    );
    // The counts are those of 200 runs, scaled to the runs made.
    const what = JSON.stringify({ ...seen, refusals: Object.fromEntries(refusals) });
    expect(seen.refused, what).toBeGreaterThan(scaled(5, 200, BROKEN_RUNS));
    expect(seen.withRejects, what).toBeGreaterThan(scaled(20, 200, BROKEN_RUNS));
    expect(seen.withAccepted, what).toBeGreaterThan(scaled(50, 200, BROKEN_RUNS));
    expect(seen.interventions, what).toBeGreaterThan(scaled(20, 200, BROKEN_RUNS));
  }, 600_000);
});
