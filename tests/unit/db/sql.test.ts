import { describe, expect, it } from 'vitest';
import { and, id, join, named, raw, runQuery, sql, table } from '../../../src/db/sql';
import { freshDb } from '../helpers/db';

describe('sql tagged template', () => {
  it('turns values into parameters and keeps their order across nested fragments', () => {
    const from = '2025-01-01';
    const inner = sql`p.unit_idx = ${3} AND p.person_idx = ${7}`;
    const q = sql`SELECT * FROM t p WHERE p.date >= ${from}::DATE AND ${inner} AND p.flag = ${true} AND p.x IS NOT DISTINCT FROM ${null}`;
    expect(q.text).toBe('SELECT * FROM t p WHERE p.date >= ?::DATE AND p.unit_idx = ? AND p.person_idx = ? AND p.flag = ? AND p.x IS NOT DISTINCT FROM ?');
    expect(q.params).toEqual(['2025-01-01', 3, 7, true, null]);
  });

  it('never splices a value into the text', () => {
    const evil = "x'); DROP TABLE incidents; --";
    const q = sql`SELECT ${evil} AS v`;
    expect(q.text).toBe('SELECT ? AS v');
    expect(q.params).toEqual([evil]);
  });

  it('refuses undefined, NaN and objects instead of sending them as NULL', () => {
    expect(() => sql`SELECT ${undefined as unknown as null}`).toThrow(/undefined/);
    expect(() => sql`SELECT ${Number.NaN}`).toThrow(/finite/);
    expect(() => sql`SELECT ${{} as unknown as string}`).toThrow(/object/);
  });

  it('joins fragments and ANDs conditions (none is TRUE)', () => {
    expect(and([]).text).toBe('TRUE');
    const c = and([sql`a = ${1}`, sql`b = ${2}`]);
    expect([c.text, c.params]).toEqual(['a = ? AND b = ?', [1, 2]]);
    const cols = join([id('my "col"'), raw('b')], ', ');
    expect(cols.text).toBe('"my ""col""", b');
  });

  it('lists the model tables a statement reads, nested ones included, once each', () => {
    const w = sql`EXISTS (SELECT 1 FROM ${table('unit_days')} u)`;
    const q = sql`SELECT * FROM ${table('person_days')} d JOIN ${table('unit_days')} x USING (date) WHERE ${w}`;
    expect(q.tables.sort()).toEqual(['person_days', 'unit_days']);
    expect(table('person_days').tables).toEqual(['person_days']);
    expect(() => table('person_days; DROP')).toThrow(/not a model table/);
  });

  it('names a statement in a leading comment, and its errors say the name', async () => {
    const q = named('test.answer', sql`SELECT ${41} + 1 AS n`);
    expect(q.text).toBe('-- test.answer\nSELECT ? + 1 AS n');
    const db = await freshDb();
    try {
      expect(await runQuery<{ n: number }>(db, q)).toEqual([{ n: 42 }]);
      await expect(runQuery(db, named('test.broken', sql`SELECT * FROM no_such_table`))).rejects.toThrow(/^test\.broken: .*no_such_table/);
      // A named fragment inside a bigger statement still runs: its comment ends at the newline.
      const outer = sql`SELECT n * ${2} AS m FROM (${q})`;
      expect(await runQuery<{ m: number }>(db, outer)).toEqual([{ m: 84 }]);
    } finally {
      await db.close();
    }
  });
});
