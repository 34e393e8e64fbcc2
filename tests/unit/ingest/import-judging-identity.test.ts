/**
 * The judging scan's cheaper cell cleaning and coded lookups (issue 18, item 1) against the
 * expressions they replaced: the same canonical SQL built twice — once as the loader builds it
 * now, once with the former expressions put back — run over files hitting every timestamp
 * spelling, every kind of space, NUL bytes, coded values spelled every way (and unknown), missing
 * fields, unreadable values and broken row rules. Every judged row must come out the same (values,
 * raw text, ok); and the full import must still give each reason a person would expect.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { fileSlot } from '../../../src/db/connector';
import { ident, literal } from '../../../src/db/sql';
import { TABLES, type FileKind } from '../../../src/ingest/canonical';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { EXPECTED } from '../../../src/ingest/mapped';
import { CANONICAL_JUDGED, canonicalJudgedSql, cleanText } from '../../../src/ingest/load/canonicalSql';
import { sqlLookup, vocabularySpellings, type Spelling } from '../../../src/ingest/load/lookupSql';
import { rulesFor } from '../../../src/ingest/load/rules';
import { ensureSchema } from '../../../src/ingest/schema';
import { sqlNormaliseTerm, VOCABULARY_OF } from '../../../src/ingest/vocabularies';
import { enc, freshDb } from '../helpers/db';

let db: Connector;
beforeEach(async () => {
  db = await freshDb();
  await ensureSchema(db);
});
afterEach(async () => {
  await db.close();
});

const importedAt = new Date('2026-12-07T12:00:00');

/** The cleaning as it was before (commit bc43fd8): first and last characters read with ord. */
const formerClean = (cell: string) => `nullif(CASE WHEN ord(${cell}) BETWEEN 33 AND 126 AND ord(${cell}[-1]) BETWEEN 33 AND 126 THEN ${cell} ELSE trim(${cell}) END, '')`;
/** The lookup as it was: the MAP alone. */
function formerLookup(spellings: readonly Spelling[], raw: string): string {
  const map = `MAP {${spellings.map(([i, o]) => `${literal(i)}: ${literal(o)}`).join(', ')}}`;
  return `coalesce(${map}[${raw}], ${map}[${sqlNormaliseTerm(raw)}])`;
}

const SPACES = ['\u00a0', '\u2009', '\u3000', ' '];
const TIMESTAMPS = [
  '2025-01-02 07:00:00',
  '2025-01-02 07:00',
  '2025-01-02T07:00:00',
  '2025-01-02T07:00',
  '2025-01-02 07:00:00.25',
  ' 2025-01-02 07:00 ',
  '2025-01-02 07:00 ',
  ...SPACES.map((s) => `${s}2025-01-02 07:00${s}`),
  '\t2025-01-02 07:00', // a tab is not trimmed, but strptime skips white space before a number: read
  '2025-13-01 07:00',
  '2025-02-30 07:00',
  '2025-01-02',
  '2025-01-02 07:00+01:00',
  '02/01/2025 07:00',
  '1999-12-31 07:00', // before the plausible dates
  '2205-01-02 07:00', // after them
  '',
];
/** Spellings as written (canonical, vendor, other case, punctuation, spaces, unknown, blank). */
const spelled = (name: Parameters<typeof vocabularySpellings>[0]) => {
  const inputs = vocabularySpellings(name).map(([i]) => i);
  return [...inputs.slice(0, 10), ...inputs.slice(0, 4).flatMap((i) => [i.toUpperCase(), ` ${i}.`, `\u00a0${i}`, `${i} `]), 'no such value', ''];
};
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const line = (cells: string[]) => cells.map(csvCell).join(',') + '\n';

/** A rota hitting every case above, one varied field per row; ids repeat once (a duplicate). */
function rota(): string {
  const rows: string[][] = [];
  const base = (id: string) => [id, 'S1', 'Oak', '2025-01-02 07:00', '2025-01-02 15:00', 'RN', 'permanent', 'worked', ''];
  TIMESTAMPS.forEach((t, i) => rows.push(Object.assign(base(`T${i}`), { 3: t })));
  TIMESTAMPS.forEach((t, i) => rows.push(Object.assign(base(`E${i}`), { 4: t })));
  spelled('contract').forEach((c, i) => rows.push(Object.assign(base(`C${i}`), { 6: c })));
  spelled('status').forEach((s, i) => rows.push(Object.assign(base(`S${i}`), { 7: s })));
  rows.push(Object.assign(base('R1'), { 4: '2025-01-02 06:00' })); // ends before it starts
  rows.push(Object.assign(base('R2'), { 4: '2025-01-04 07:00' })); // longer than 24 hours
  rows.push(Object.assign(base('R3'), { 5: 'R\u0000N' })); // a NUL byte
  rows.push(Object.assign(base(' R4\u00a0'), { 2: '\u3000Café ', 5: 'café' }));
  rows.push(Object.assign(base(''), {})); // no shift_id
  rows.push(base('T0')); // a duplicate
  return line(TABLES.shifts.fields.map((f) => f.name)) + rows.map(line).join('');
}

/** Incidents with severities and yes/no answers spelled every way. */
function incidents(): string {
  const rows: string[][] = [];
  const base = (id: string) => [id, 'P1', '2025-01-02 10:00', 'Oak', 'hit', '2', 'demand', 'calm', 'no', 'no', 'S1;S2', 'text é'];
  spelled('severity').forEach((v, i) => rows.push(Object.assign(base(`V${i}`), { 5: v })));
  spelled('boolean').forEach((v, i) => rows.push(Object.assign(base(`B${i}`), { 8: v, 9: v })));
  TIMESTAMPS.forEach((t, i) => rows.push(Object.assign(base(`T${i}`), { 2: t })));
  rows.push(Object.assign(base('N1'), { 11: 'a\u0000b' }));
  return line(TABLES.incidents.fields.map((f) => f.name)) + rows.map(line).join('');
}

/** Interventions with types and reasons spelled every way, durations and times. */
function interventions(): string {
  const rows: string[][] = [];
  const base = (id: string) => [id, '01', '10', '2025-01-02 10:00', '2025-01-02 10:10', '', 'no', 'no'];
  spelled('interventionType').forEach((v, i) => rows.push(Object.assign(base(`Y${i}`), { 1: v })));
  spelled('interventionReason').forEach((v, i) => rows.push(Object.assign(base(`R${i}`), { 2: v })));
  ['10', ' 10 ', '-5', '1e12', 'ten', 'NaN', 'inf', ''].forEach((v, i) => rows.push(Object.assign(base(`D${i}`), { 5: v, 4: '' })));
  TIMESTAMPS.forEach((t, i) => rows.push(Object.assign(base(`T${i}`), { 3: t })));
  rows.push(Object.assign(base('X1'), { 4: '2025-01-02 09:00' })); // ends before it starts
  return line(TABLES.interventions.fields.map((f) => f.name)) + rows.map(line).join('');
}

/** Judge `text` as `kind` with the loader's SQL, or with the former expressions put back; the judged rows, ordered. */
async function judged(kind: FileKind, text: string, former: boolean): Promise<unknown[]> {
  const slot = fileSlot(`identity_${kind}.csv`);
  await db.registerFile(slot, enc(text));
  const fields = TABLES[kind].fields;
  const byLower = new Map(fields.map((f) => [f.name, f.name]));
  const source = `read_csv(${literal(slot)}, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"')`;
  let sql = canonicalJudgedSql(kind, byLower, rulesFor(kind, { importId: 1, fileName: 'x.csv', data: new Uint8Array(), importedAt }), source, 1);
  if (former) {
    for (const f of fields) {
      const now = cleanText(`s.${ident(f.name)}`);
      expect(sql).toContain(now);
      sql = sql.replaceAll(now, formerClean(`s.${ident(f.name)}`));
      const vocabulary = VOCABULARY_OF[f.type];
      if (vocabulary) {
        const raw = ident(`t__${f.name}`);
        const lookup = sqlLookup(vocabularySpellings(vocabulary), raw);
        expect(sql).toContain(lookup);
        sql = sql.replaceAll(lookup, formerLookup(vocabularySpellings(vocabulary), raw));
      }
    }
  }
  await db.exec(sql);
  const rows = await db.query(`SELECT * EXCLUDE (import_id) FROM ${CANONICAL_JUDGED} ORDER BY _row`);
  await db.exec(`DROP TABLE ${CANONICAL_JUDGED}`);
  await db.dropFile(slot);
  return rows;
}

const CASES: [FileKind, () => string][] = [
  ['shifts', rota],
  ['incidents', incidents],
  ['interventions', interventions],
];

describe('the judging scan against the expressions it replaced', () => {
  it.each(CASES)('%s: every judged row the same, good and bad', async (kind, make) => {
    const text = make();
    const now = await judged(kind, text, false);
    const before = await judged(kind, text, true);
    expect(now).toEqual(before);
    // Not vacuous: rows of both outcomes, and values that needed trimming and looking up.
    const oks = now.map((r) => (r as { ok: boolean }).ok);
    expect(oks.filter((ok) => ok).length).toBeGreaterThan(10);
    expect(oks.filter((ok) => !ok).length).toBeGreaterThan(5);
  });

  it('the rota: each reason a person expects, on the rows that earn it', async () => {
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'rota.csv', data: enc(rota()), importedAt });
    expect(report.read).toBe(report.accepted + report.rejected);
    const rejects = await db.query<{ line: number; column: string | null; value: string | null; reason: string }>(
      `SELECT line, "column", value, reason FROM rejects WHERE import_id = 1 ORDER BY line, "column", reason`,
    );
    const reasons = new Set(rejects.map((r) => r.reason));
    for (const reason of [
      `not ${EXPECTED.timestamp}`,
      'start is missing',
      'end is missing',
      'the shift ends before (or when) it starts',
      'the shift is longer than 24 hours',
      'holds a NUL byte (a zero byte, which is not text): the row is not imported',
      'status is missing',
      'shift_id is missing',
      'duplicate of an earlier row in this file (same shift_id)',
    ]) {
      expect(reasons).toContain(reason);
    }
    expect([...reasons].some((r) => r.startsWith('outside the plausible dates'))).toBe(true);
    // The spaces of every kind are trimmed; a tab is not, yet strptime reads past it: that end is
    // 07:00, when the shift starts (what the loader did before too).
    const tab = rejects.filter((r) => r.value === '\t2025-01-02 07:00');
    expect(tab).toEqual([{ line: expect.any(Number), column: 'end', value: '\t2025-01-02 07:00', reason: 'the shift ends before (or when) it starts' }]);
    const stored = await db.query<{ shift_id: string; unit: string; role: string }>(`SELECT shift_id, unit, role FROM shifts WHERE shift_id = 'R4'`);
    expect(stored).toEqual([{ shift_id: 'R4', unit: 'Café', role: 'café' }]);
  });
});
