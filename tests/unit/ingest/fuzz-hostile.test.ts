/**
 * Issue 15's hostile classes, fuzzed through the real import pipeline (engine.importFile →
 * DuckDB): non-finite and absurd numbers, dates far from now, duplicate headers, single bad
 * bytes, NULs inside fields and bidi controls. Whatever comes in: a report (never a throw), rows
 * read = accepted + rejected, and nothing implausible stored — no date outside the window, no
 * non-finite number, no NUL, no re-decoded "Café", no column read first-wins.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { createEngine, type Engine, type ImportReport } from '../../../src/engine';
import { TABLES, type FileKind } from '../../../src/ingest/canonical';
import { dateWindow, DEFAULT_PLAUSIBILITY, LONG_STAY_EARLIEST } from '../../../src/ingest/plausible';
import { ident } from '../../../src/db/sql';
import { inspectFile, resolveMapping } from '../../../src/ingest/inspect';
import { enc, freshDb } from '../helpers/db';

const GOOD: Record<string, (n: number) => string> = {
  id: (n) => `X${n}`, text: (n) => `Café ${n}`, ratio: () => '2:1', contract: () => 'agency', status: () => 'worked',
  interventionType: () => '07', interventionReason: () => '10', timestamp: (n) => `2025-01-${String(1 + (n % 27)).padStart(2, '0')} 10:00`,
  date: (n) => `2025-02-${String(1 + (n % 28)).padStart(2, '0')}`, number: (n) => String(n % 50), minutes: (n) => String(n % 50), integer: (n) => String(n % 5),
  boolean: () => 'yes', severity: () => '3', weekday: () => 'Mon',
};
const KINDS = Object.keys(TABLES) as FileKind[];
const cell = (kind: FileKind, field: string, n: number) => {
  if (field === 'end') return '2025-01-28 23:00';
  if (field === 'start') return '2025-01-28 15:00';
  if (field === 'commissioned_from') return '07:00';
  if (field === 'commissioned_to') return '21:00';
  return GOOD[TABLES[kind].fields.find((f) => f.name === field)!.type]!(n);
};

const NON_FINITE = ['NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e309', '-1e309', '1e12', '1000000000', '1e-400', '0x1F'];
const FAR_DATES = ['0001-01-01', '1899-12-31', '1999-12-31', '2205-01-01', '9999-12-31', '2999-06-30 10:00', '1970-01-01 00:00', '0999-01-01 07:00'];
const BIDI = ['\u202E', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200F', '\u061C'];

/** A canonical file of `kind` whose cells at the chosen positions are replaced by `hostile` values. */
const fileWith = (values: string[], fields: (kind: FileKind) => string[]) =>
  fc
    .record({
      kind: fc.constantFrom(...KINDS),
      rows: fc.integer({ min: 1, max: 12 }),
      hits: fc.array(fc.record({ row: fc.nat(), field: fc.nat(), value: fc.constantFrom(...values) }), { minLength: 1, maxLength: 6 }),
    })
    .filter(({ kind }) => fields(kind).length > 0)
    .map(({ kind, rows, hits }) => {
      const names = TABLES[kind].fields.map((f) => f.name);
      const table = Array.from({ length: rows }, (_, r) => names.map((f) => cell(kind, f, r * 7 + names.indexOf(f))));
      for (const h of hits) {
        const f = fields(kind)[h.field % fields(kind).length]!;
        table[h.row % rows]![names.indexOf(f)] = h.value;
      }
      const csv = `${names.join(',')}\n${table.map((r) => r.map((c) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\n')}\n`;
      return { kind, csv };
    });

const fieldsOfType = (...types: string[]) => (kind: FileKind) => TABLES[kind].fields.filter((f) => types.includes(f.type)).map((f) => f.name);

describe('fuzzing the hostile classes of issue 15', () => {
  let db: Connector;
  let engine: Engine;
  beforeAll(async () => {
    db = await freshDb();
    engine = createEngine(db);
  });
  afterAll(() => db.close());

  let n = 0;
  const importAs = async (kind: FileKind, data: Uint8Array, name = `${kind}-${n++}.csv`): Promise<ImportReport> => {
    let report: ImportReport;
    try {
      report = await engine.importFile(name, data, kind);
    } catch (e) {
      throw new Error(`importFile threw: ${(e as Error).message}`);
    }
    expect(report.read).toBe(report.accepted + report.rejected);
    if (report.error !== null) expect(report.error).not.toMatch(/Invalid Input Error|Out of Memory|RangeError|Conversion Error|import_\d+\.csv/);
    return report;
  };
  const stored = (kind: FileKind) => db.query<Record<string, unknown>>(`SELECT * FROM ${ident(TABLES[kind].table)}`);
  const clear = () => db.exec(Object.values(TABLES).map((t) => `DELETE FROM ${ident(t.table)}`).join('; '));

  it('non-finite and absurd numbers are never stored', async () => {
    await fc.assert(
      fc.asyncProperty(fileWith(NON_FINITE, fieldsOfType('number', 'integer')), async ({ kind, csv }) => {
        await importAs(kind, enc(csv));
        const numbers = TABLES[kind].fields.filter((f) => f.type === 'number' || f.type === 'integer');
        for (const row of await stored(kind)) {
          for (const f of numbers) {
            const v = row[f.name];
            if (v === null) continue;
            expect(Number.isFinite(v), `${kind}.${f.name} = ${v}`).toBe(true);
            if (f.name === 'required') expect(v as number).toBeLessThanOrEqual(DEFAULT_PLAUSIBILITY.maxRequiredStaff);
            if (f.name === 'duration_minutes') expect(v as number).toBeLessThanOrEqual(DEFAULT_PLAUSIBILITY.maxDurationMinutes);
          }
        }
        await clear();
      }),
      { numRuns: 20, seed: 1501 },
    );
  }, 300_000);

  it('dates far from now are rejected, never stored', async () => {
    const w = dateWindow(DEFAULT_PLAUSIBILITY, new Date());
    await fc.assert(
      fc.asyncProperty(fileWith(FAR_DATES, fieldsOfType('date', 'timestamp')), async ({ kind, csv }) => {
        await importAs(kind, enc(csv));
        // Admissions may go back to 1900 (long stays); every other date lies in the window.
        const dated = TABLES[kind].fields.filter((f) => f.type === 'date' || f.type === 'timestamp');
        const from = (f: string) => (kind === 'people' && f === 'admitted' ? LONG_STAY_EARLIEST : w.earliest);
        const [{ bad }] = (await db.query<{ bad: number }>(
          `SELECT count(*)::INTEGER AS bad FROM ${ident(TABLES[kind].table)}
           WHERE ${dated.map((f) => `CAST(${ident(f.name)} AS DATE) NOT BETWEEN DATE '${from(f.name)}' AND DATE '${w.latest}'`).join(' OR ')}`,
        )) as [{ bad: number }];
        expect(bad).toBe(0);
        await clear();
      }),
      { numRuns: 25, seed: 1502 },
    );
  }, 300_000);

  it('dates far from now in a vendor export (UK dates, separate time) are rejected through its mapping too', async () => {
    const w = dateWindow(DEFAULT_PLAUSIBILITY, new Date());
    const header = 'Employee Number,Staff Name,Ward,Duty Date,Shift Start,Shift End,Staff Type,Shift Status\r\n';
    const good = (i: number) => `E${i},Ann Lee,Oak,${String(1 + (i % 27)).padStart(2, '0')}/04/2025,07:00,15:00,Substantive,Worked`;
    const mapping = resolveMapping(await inspectFile('rota.csv', enc(header + [1, 2, 3].map(good).join('\r\n') + '\r\n')), {}).mapping!;
    // Before 2000, or at least two years from now (so always past the window's end).
    const year = fc.oneof(fc.integer({ min: 1900, max: 1999 }), fc.integer({ min: new Date().getFullYear() + 2, max: 2199 }));
    const file = fc.record({ rows: fc.integer({ min: 1, max: 10 }), far: fc.array(fc.record({ at: fc.nat(), year }), { minLength: 1, maxLength: 4 }) });
    await fc.assert(
      fc.asyncProperty(file, async ({ rows, far }) => {
        const lines = Array.from({ length: rows }, (_, i) => good(i));
        for (const f of far) lines[f.at % rows] = lines[f.at % rows]!.replace('/2025,', `/${f.year},`);
        const r = await engine.importFile(`rota-${n++}.csv`, enc(header + lines.join('\r\n') + '\r\n'), { mapping });
        expect(r.error).toBeNull();
        expect(r.read).toBe(r.accepted + r.rejected);
        const [{ bad }] = (await db.query<{ bad: number }>(
          `SELECT count(*)::INTEGER AS bad FROM shifts WHERE "start"::DATE NOT BETWEEN DATE '${w.earliest}' AND DATE '${w.latest}'`,
        )) as [{ bad: number }];
        expect(bad).toBe(0);
        expect(r.rejected).toBeGreaterThanOrEqual(new Set(far.map((f) => f.at % rows)).size);
        await clear();
      }),
      { numRuns: 15, seed: 1507 },
    );
  }, 300_000);

  it('a repeated field name refuses the file, naming it', async () => {
    const file = fc.record({ kind: fc.constantFrom(...KINDS), at: fc.nat(), to: fc.nat(), upper: fc.boolean() }).map(({ kind, at, to, upper }) => {
      const names = TABLES[kind].fields.map((f) => f.name);
      const dup = names[at % names.length]!;
      const header = [...names];
      header.splice(to % (names.length + 1), 0, upper ? dup.toUpperCase() : dup);
      const row = header.map((h) => cell(kind, h.toLowerCase(), 3));
      return { kind, dup, csv: `${header.join(',')}\n${row.join(',')}\n` };
    });
    await fc.assert(
      fc.asyncProperty(file, async ({ kind, dup, csv }) => {
        const r = await importAs(kind, enc(csv));
        expect(r.accepted).toBe(0);
        expect(r.error?.toLowerCase()).toContain(`more than one column has the same name: "${dup}"`);
      }),
      { numRuns: 30, seed: 1503 },
    );
  }, 300_000);

  it('a single bad byte rejects at most its line, and re-decodes nothing', async () => {
    const file = fc.record({ rows: fc.integer({ min: 2, max: 30 }), at: fc.nat(), byte: fc.integer({ min: 0x80, max: 0xff }) }).map(({ rows, at, byte }) => {
      const text = `incident_id,person_id,occurred_at,unit,description\n${Array.from({ length: rows }, (_, i) => `B${i},P1,2025-01-01 10:00,Café,"é ${i}"`).join('\n')}\n`;
      const bytes = enc(text);
      // Inside a field after the header: at a character boundary (not inside é), not beside a quote
      // (anything after a closing quote breaks the CSV layout, a different fault) nor at a line end.
      const ok = (p: number) => (bytes[p]! & 0xc0) !== 0x80 && ![0x22, 0x0a].includes(bytes[p]!) && bytes[p - 1] !== 0x22;
      let pos = text.indexOf('\n') + 1 + (at % (bytes.length - text.indexOf('\n') - 1));
      while (!ok(pos)) pos = pos + 1 < bytes.length ? pos + 1 : text.indexOf('\n') + 1;
      return { rows, bytes: new Uint8Array([...bytes.subarray(0, pos), byte, ...bytes.subarray(pos)]) };
    });
    await fc.assert(
      fc.asyncProperty(file, async ({ rows, bytes }) => {
        const r = await importAs('incidents', bytes);
        expect(r.error).toBeNull();
        expect(r.encoding).toBe('utf-8');
        expect(r.read).toBeGreaterThanOrEqual(rows);
        expect(r.rejected).toBeLessThanOrEqual(1);
        const units = await db.query<{ unit: string }>('SELECT DISTINCT unit FROM incidents');
        for (const u of units) expect(u.unit).not.toMatch(/Ã/);
        await clear();
      }),
      { numRuns: 25, seed: 1504 },
    );
  }, 300_000);

  it('NULs inside fields reject only their rows', async () => {
    await fc.assert(
      fc.asyncProperty(fileWith(['a\u0000b', '\u0000', 'x\u0000'], fieldsOfType('text', 'id')), async ({ kind, csv }) => {
        const nulRows = csv.split('\n').filter((l) => l.includes('\u0000')).length;
        const r = await importAs(kind, enc(csv));
        expect(r.error).toBeNull();
        expect(r.rejected).toBeGreaterThanOrEqual(nulRows);
        const nul = TABLES[kind].fields.filter((f) => f.type === 'text' || f.type === 'id').map((f) => `contains(coalesce(${ident(f.name)}, ''), chr(0))`);
        const [{ bad }] = (await db.query<{ bad: number }>(`SELECT count(*)::INTEGER AS bad FROM ${ident(TABLES[kind].table)} WHERE ${nul.join(' OR ')}`)) as [{ bad: number }];
        expect(bad).toBe(0);
        await clear();
      }),
      { numRuns: 20, seed: 1505 },
    );
  }, 300_000);

  it('bidi controls in text and file names are kept as data, imported like any text', async () => {
    const withBidi = BIDI.flatMap((b) => [`${b}evil`, `a${b}b`, `${b}`]);
    await fc.assert(
      fc.asyncProperty(fileWith(withBidi, fieldsOfType('text')), fc.constantFrom(...BIDI), async ({ kind, csv }, b) => {
        const r = await importAs(kind, enc(csv), `report${b}vsc.csv`);
        expect(r.error).toBeNull();
        expect(r.fileName).toBe(`report${b}vsc.csv`);
        await clear();
      }),
      { numRuns: 20, seed: 1506 },
    );
  }, 300_000);
});
