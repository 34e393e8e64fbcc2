/**
 * The canonical loader's working table and its swap into the kind's table (issue 18, item 1):
 * cells trimmed exactly as before, but only when they can need it; the staging table never in a
 * snapshot begun while an import runs; a swap that fails never leaves the shared connection
 * inside an aborted transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector, SqlParam } from '../../../src/db/connector';
import { STAGING_PREFIX, writeSnapshot, type SnapshotTag } from '../../../src/db/snapshot';
import { literal } from '../../../src/db/sql';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { CANONICAL_JUDGED, cleanText } from '../../../src/ingest/load/canonicalSql';
import { PREVIEW_BYTES } from '../../../src/ingest/decode';
import { EXPECTED, sqlTrimmed } from '../../../src/ingest/mapped';
import { enc, freshDb } from '../helpers/db';
import { storedRows, SHIFTS_HEADER } from './loader-helpers';

let db: Connector;
beforeEach(async () => {
  db = await freshDb();
});
afterEach(async () => {
  await db.close();
});

const importedAt = new Date('2026-12-07T12:00:00');
const TAG: SnapshotTag = { app: 'a', definitions: 'd', settings: 's', key: 'k' };
const shift = (id: string, start: string, end: string, extra = ',permanent,worked,') => `${id},S1,Oak,${start},${end},RN${extra}\n`;

/** `rows` clean rota rows: more bytes than the preview holds, so what follows is seen only by the full read. */
function cleanRows(rows: number): string {
  let text = '';
  for (let i = 1; i <= rows; i++) text += shift(`C${i}`, '2025-01-01 07:00:00', '2025-01-01 15:00:00');
  return text;
}

describe('cells trimmed only when they can need it', () => {
  // DuckDB's trim strips U+0020 and the other Unicode space separators (category Zs) from both
  // ends, not tabs or other control characters. Every Zs character, at the start, at the end and
  // inside, and the values around the cheap check's edges ('!' 33, '~' 126, DEL 127, unit separator 31).
  const SPACES = [0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000].map((c) =>
    String.fromCodePoint(c),
  );
  // Every ASCII character (NUL aside: added in SQL below) alone, at either end and at both: the
  // all-ASCII check keeps what trim would keep only if trim strips no ASCII character but the space.
  const ASCII = Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1));
  const values = [
    ...SPACES.flatMap((s) => [`${s}R1`, `R1${s}`, `${s}R1${s}`, `R${s}1`, s, `${s}${s}`]),
    ...ASCII.flatMap((c) => [c, `${c}R1`, `R1${c}`, `${c}R1${c}`, `${c}café${c}`]),
    'café R1',
    'R1 café',
    'é R1 é',
    '',
    'R1',
    'x',
    '!',
    '~',
    '!x~',
    '\x7fR1',
    'R1\x7f',
    '\x1fR1',
    '\tR1\t',
    '\nR1\r',
    'é',
    'café',
    'e\u0301',
    ' e\u0301 ',
    'R1 \u0301',
    '\u200bR1\u200b', // zero-width space: a format character, not a space separator
    '😀',
    ' 😀 ',
    '2024-01-01 10:00:00',
    ' 2024-01-01 10:00:00 ',
  ];

  it('gives what trimming every cell gave, for every kind of space, at either end', async () => {
    const rows = values.map((v) => `(${literal(v)})`).join(', ');
    const differ = await db.query<{ v: string; fast: string | null; trimmed: string | null }>(
      `WITH t(v) AS (VALUES ${rows}, (chr(0) || 'R1'), ('R1' || chr(0)), (NULL))
       SELECT v, ${cleanText('v')} AS fast, nullif(trim(v), '') AS trimmed FROM t WHERE fast IS DISTINCT FROM trimmed`,
    );
    expect(differ).toEqual([]);
    // And the check is not vacuous: values with spaces around were trimmed.
    const [{ trimmed }] = (await db.query<{ trimmed: string }>(`SELECT ${cleanText(literal('\u3000R1\u00a0'))} AS trimmed`)) as [{ trimmed: string }];
    expect(trimmed).toBe('R1');
  });

  it('vendor exports: cells trimmed as JavaScript trims them (tabs, line breaks and every Unicode space)', async () => {
    const all = [...values, '\u2028R1\u2029', '\ufeffR1', '\vR1\f'];
    const got = await db.query<{ v: string; t: string | null }>(
      `SELECT v, ${sqlTrimmed('v')} AS t FROM (SELECT unnest([${all.map(literal).join(', ')}]) AS v, generate_subscripts([${all.map(literal).join(', ')}], 1) AS i) ORDER BY i`,
    );
    expect(got.map((r) => r.t)).toEqual(all.map((v) => v.trim() || null));
  });

  it('reads spaces that appear only after the preview, and late bad rows, as in the first rows', async () => {
    // What a person expects: surrounding spaces of any kind are not part of a value; a tab is
    // kept (it is not a space to trim, as before); a contract of spaces alone is blank; a
    // timestamp that cannot be read is rejected however late it comes.
    const head = cleanRows(3000);
    expect(enc(SHIFTS_HEADER + head).length).toBeGreaterThan(PREVIEW_BYTES);
    const late =
      shift(' R1 ', '\u00a02025-01-02 07:00\u3000', ' 2025-01-02 15:00:00', ', permanent\u2009, worked\u00a0,') +
      '\tR2,S1,\u3000Oak\u3000,2025-01-02 07:00,2025-01-02 15:00,RN,\u00a0,worked,\n' +
      shift('R3', '2025-02-30 07:00', '2025-01-02 15:00') +
      shift('R4', '2025-01-02T07:00', '2025-01-02 15:00', ',permanent, sick ,P1 ');
    const report = await loadDelimitedFile(db, { importId: 1, fileName: 'rota.csv', data: enc(SHIFTS_HEADER + head + late), importedAt });
    expect(report).toMatchObject({ read: 3004, accepted: 3003, rejected: 1 });
    const rows = (await storedRows(db, 'shifts', 1)).slice(3000);
    expect(rows.map((r) => [r.shift_id, r.unit, r.start, r.end, r.contract, r.status, r.person_id, r.source_line])).toEqual([
      ['R1', 'Oak', '2025-01-02 07:00:00', '2025-01-02 15:00:00', 'permanent', 'worked', null, 3002],
      ['\tR2', 'Oak', '2025-01-02 07:00:00', '2025-01-02 15:00:00', null, 'worked', null, 3003],
      ['R4', 'Oak', '2025-01-02 07:00:00', '2025-01-02 15:00:00', 'permanent', 'sickness', 'P1', 3005],
    ]);
    expect(await db.query(`SELECT line, "column", value, reason FROM rejects WHERE import_id = 1`)).toEqual([
      { line: 3004, column: 'start', value: '2025-02-30 07:00', reason: `not ${EXPECTED.timestamp}` },
    ]);
  });
});

describe('the staging table and the swap', () => {
  const file = SHIFTS_HEADER + shift('R1', '2025-01-01 07:00', '2025-01-01 15:00') + shift('R2', '2025-01-01 23:00', '2025-01-02 07:00');

  it('a snapshot begun while an import runs lists no staging table', async () => {
    let listed: string[] | null = null;
    let staged: unknown[] = [];
    // The rows are judged into the staging table: a snapshot begins now (the app keeps
    // imports out of snapshots, but one may start just as an import does).
    const after = async (sql: string) => {
      if (listed === null && sql.includes(`TABLE ${CANONICAL_JUDGED} AS`)) {
        staged = await db.query(`SELECT table_name FROM duckdb_tables() WHERE table_name = ${literal(CANONICAL_JUDGED)} AND NOT temporary`);
        listed = (await writeSnapshot(db, TAG)).manifest.tables.map((t) => t.name);
      }
    };
    const importing: Connector = {
      ...db,
      exec: async (sql) => {
        await db.exec(sql);
        await after(sql);
      },
      // The judging and the read of DuckDB's rejected lines go in one query.
      query: async <T,>(sql: string, params?: readonly SqlParam[]) => {
        const rows = await db.query<T>(sql, params);
        await after(sql);
        return rows;
      },
    };
    const report = await loadDelimitedFile(importing, { importId: 1, fileName: 'rota.csv', data: enc(file), importedAt });
    expect(report).toMatchObject({ read: 2, accepted: 2, error: null });
    expect(staged).toHaveLength(1); // the staging table was there, in the workspace
    expect(listed).toContain('shifts');
    expect(listed!.filter((n) => n.startsWith(STAGING_PREFIX) || n.includes('judged'))).toEqual([]);
  });

  it('a swap that fails leaves no transaction open for the next statement, and the table as it was', async () => {
    let next: Promise<unknown> | null = null;
    const failing: Connector = {
      ...db,
      exec: (sql) => {
        if (!sql.includes('RENAME TO')) return db.exec(sql);
        // The swap fails after dropping the kind's table (a renamed table that is not there) ...
        const swap = db.exec(sql.replace(/ALTER TABLE "?[a-z_]+"? RENAME TO/, 'ALTER TABLE no_such_table RENAME TO'));
        // ... and a page asks something as soon as it can, before the import hears of the failure.
        queueMicrotask(() => {
          next = db.query('SELECT count(*)::INTEGER AS n FROM shifts');
        });
        return swap;
      },
    };
    const report = await loadDelimitedFile(failing, { importId: 1, fileName: 'rota.csv', data: enc(file), importedAt });
    expect(report.error).not.toBeNull();
    expect(report).toMatchObject({ read: 0, accepted: 0 });
    expect(next).not.toBeNull();
    await expect(next).resolves.toEqual([{ n: 0 }]); // not "Current transaction is aborted"
    // Nothing half done: the table is there, empty, and a later import is adopted as usual.
    const again = await loadDelimitedFile(db, { importId: 3, fileName: 'rota.csv', data: enc(file), importedAt });
    expect(again).toMatchObject({ read: 2, accepted: 2, error: null });
    expect((await storedRows(db, 'shifts')).map((r) => r.shift_id)).toEqual(['R1', 'R2']);
    await db.exec('BEGIN; COMMIT'); // and no transaction is left open
  });
});
