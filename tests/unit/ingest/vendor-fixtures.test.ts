/**
 * Every vendor fixture, end to end through the pure rules: format and encoding, header row, kind,
 * proposed mapping and its questions, then the mapping applied in JS; the rows must equal the
 * `.expected.json` written from truth.ts, and every data row is accepted or rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import { createTranscoder, needsTranscoding } from '../../../src/ingest/decode';
import fs from 'node:fs';
import path from 'node:path';
import { detectFormat, sniffText } from '../../../src/ingest/sniff';
import { proposeMapping, type Proposal } from '../../../src/ingest/headers';
import { applyMapping, mappingFromJson, mappingToJson } from '../../../src/ingest/mapping';
import { likelySheet, openWorkbook, sheetToCsv } from '../../../src/ingest/xlsx';

const dir = path.resolve(__dirname, '../../fixtures/vendor');
const files = fs.readdirSync(dir).filter((f) => /\.(csv|tsv|xlsx)$/.test(f));

interface Expected {
  file: string;
  kind: string;
  format: 'delimited' | 'xlsx';
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  headerRow: number;
  headerRows: number;
  questions: string[];
  rowsRead: number;
  accepted: Record<string, Record<string, unknown>[]>;
  rejected: { line: number; field: string; value: string }[];
}

async function load(file: string) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(dir, file)));
  const format = detectFormat(bytes, file);
  if (format.format === 'rejected') throw new Error(format.message);
  if (format.format === 'xlsx') {
    const wb = await openWorkbook(bytes);
    const sheet = likelySheet(wb.sheets)!;
    const table = wb.read(sheet);
    return { format, rows: table.rows, merges: table.merges, sheet, line: (record: number) => record + 1 };
  }
  const s = sniffText(bytes);
  return { format, rows: s.rows, sniff: s, line: (record: number) => s.lines[record]! };
}

const project = (rows: Record<string, unknown>[], keys: string[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null])));

it('has the corpus the issue asks for: ≥ 4 incident and ≥ 4 rota layouts, two .xlsx', () => {
  const expected = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, `${f}.expected.json`), 'utf8')) as Expected);
  expect(expected.filter((e) => e.kind === 'incidents').length).toBeGreaterThanOrEqual(4);
  expect(expected.filter((e) => e.kind === 'shifts').length).toBeGreaterThanOrEqual(4);
  expect(expected.filter((e) => e.format === 'xlsx').length).toBeGreaterThanOrEqual(2);
});

let db: Connector;
beforeAll(async () => {
  db = await openNodeDatabase();
});
afterAll(async () => {
  await db.close();
});

describe.each(files)('%s', (file) => {
  const expected = JSON.parse(fs.readFileSync(path.join(dir, `${file}.expected.json`), 'utf8')) as Expected;

  it('is read, mapped and accounted for row by row', async () => {
    const t = await load(file);
    expect(t.format.format).toBe(expected.format);
    if (t.sniff) {
      expect(t.sniff.encoding.encoding).toBe(expected.encoding);
      expect(t.sniff.delimiter.delimiter).toBe(expected.delimiter);
    } else {
      expect(t.sheet).toBe(expected.sheet);
    }
    const input = {
      rows: t.rows,
      merges: t.merges,
      format: expected.format,
      ...(t.sniff ? { encoding: t.sniff.encoding.encoding, delimiter: t.sniff.delimiter.delimiter, quote: t.sniff.delimiter.quote } : { sheet: t.sheet }),
    };
    let p: Proposal = proposeMapping(input);
    if (!p.ok) throw new Error(p.message);
    expect(p.header.headerRow).toBe(expected.headerRow);
    expect(p.header.headerRows).toBe(expected.headerRows);
    expect(p.mapping.kind).toBe(expected.kind);
    expect(p.questions.map((q) => q.type)).toEqual(expected.questions);
    if (expected.questions.includes('dateOrder')) {
      // The UK answer to "11/04/2025: 11 April or 4 November?"
      p = proposeMapping({ ...input, dateOrder: 'dmy' });
      if (!p.ok) throw new Error(p.message);
      expect(p.questions).toEqual([]);
    }

    // The mapping survives its JSON round trip unchanged.
    const back = mappingFromJson(mappingToJson(p.mapping));
    expect(back).toEqual({ ok: true, mapping: p.mapping });

    const applied = applyMapping(p.mapping, t.rows, p.header.dataStart);
    expect(applied.read).toBe(expected.rowsRead);
    const rejectedRecords = new Set(applied.problems.map((x) => x.record));
    // Rows read = accepted + rejected.
    expect(applied.rows.length + rejectedRecords.size).toBe(applied.read);

    const main = expected.kind === 'incidents' ? 'incidents' : 'shifts';
    const want = expected.accepted[main]!;
    expect(project(applied.rows.map((r) => r.values), Object.keys(want[0]!))).toEqual(want);
    if (expected.accepted.restrictive_interventions) {
      const wantIv = expected.accepted.restrictive_interventions;
      expect(project(applied.interventions.map((r) => r.values), Object.keys(wantIv[0]!))).toEqual(wantIv);
    }
    expect(applied.interventionProblems).toEqual([]);
    const lines = applied.problems.map((x) => ({ line: t.line(x.record), field: x.field, value: x.value }));
    for (const r of expected.rejected) expect(lines).toContainEqual(r);
    expect(rejectedRecords.size).toBe(expected.rejected.length);
  });

  if (!file.endsWith('.xlsx')) {
    it('is read by DuckDB read_csv record for record with the sniffed dialect (transcoded if needed)', async () => {
      const t = await load(file);
      const p = proposeMapping({ rows: t.rows, format: 'delimited', dateOrder: 'dmy' });
      if (!p.ok || !t.sniff) throw new Error('no proposal');
      let bytes = new Uint8Array(fs.readFileSync(path.join(dir, file)));
      if (needsTranscoding(t.sniff.encoding.encoding)) {
        const tr = createTranscoder(t.sniff.encoding);
        const a = tr.push(bytes);
        const b = tr.end();
        bytes = new Uint8Array([...a, ...b]);
      }
      const slot = `pbs-lens-files/${file}`;
      await db.registerFile(slot, bytes);
      const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
      const names = p.header.headers.map((h, i) => q(`c${i}`)).join(', ');
      const rows = await db.query<Record<string, string | null>>(
        `SELECT * FROM read_csv(${q(slot)}, header = false, skip = ${p.header.dataStart}, delim = ${q(t.sniff.delimiter.delimiter)},
           quote = ${q(t.sniff.delimiter.quote)}, escape = ${q(t.sniff.delimiter.quote)}, all_varchar = true, null_padding = true,
           parallel = false, names = [${names}])`,
      );
      const preview = t.rows.slice(p.header.dataStart).filter((r) => r.some((c) => c.trim() !== ''));
      expect(rows.length).toBe(expected.rowsRead);
      expect(rows.map((r) => p.header.headers.map((_, i) => r[`c${i}`] ?? ''))).toEqual(
        preview.map((r) => p.header.headers.map((_, i) => r[i] ?? '')),
      );
    });
  }

  if (file.endsWith('.xlsx')) {
    it('becomes CSV the loader can read, with sheet row numbers', async () => {
      const t = await load(file);
      const p = proposeMapping({ rows: t.rows, merges: t.merges, format: 'xlsx', sheet: t.sheet });
      if (!p.ok) throw new Error(p.message);
      const csv = new TextDecoder().decode(sheetToCsv(t.rows, { headers: p.header.headers, dataStart: p.header.dataStart, lineColumn: '__line' }));
      const lines = csv.trimEnd().split('\n');
      expect(lines[0]).toBe(['__line', ...p.header.headers].join(','));
      expect(lines.length - 1).toBe(expected.rowsRead);
      expect(lines[1]!.split(',')[0]).toBe(String(p.header.dataStart + 1));
    });
  }
});
