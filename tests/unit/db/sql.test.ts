import { describe, expect, it } from 'vitest';
import { and, id, join, named, raw, runQuery, sql, table, type SqlValue } from '../../../src/db/sql';
import { Model } from '../../../src/model/model';
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

  it('written in as literals (what the model sends), a value gives the same rows as its parameter', async () => {
    const evil = "x'); DROP TABLE t; --";
    const values: SqlValue[] = [0, 1, -2, -0, 0.8, 1 / 3, 1e-7, 3e21, 2 ** 53 + 2, 2 ** 31, '', 'x', "it's", evil, 'a?b', '2025-03-01', 'ü∑ 😀\\n', true, false, null];
    const db = await freshDb();
    try {
      await db.exec('CREATE TABLE t AS SELECT 1 AS n');
      for (const v of values) {
        // The value's type, its text, and the uses the app makes of a value of its kind.
        const use =
          typeof v === 'number'
            ? sql`(1 + ${v}) / 3 AS x, ${Math.abs(v) < 2 ** 31 ? sql`${v}::INTEGER = n` : raw('NULL')} AS e, ${v} > 0.5 AS g`
            : typeof v === 'boolean'
              ? sql`${v} = (n = 1) AS e, NOT ${v} AS g`
              : sql`${v} = 'x' AS e, ${v} > 'a' AS g`;
        // typeof: a bound NULL is VARCHAR, a written NULL untyped (so that it goes with any type, as the bound one does in use).
        const q = named('test.inlined', sql`SELECT ${v === null ? raw("'-'") : sql`typeof(${v})`} AS t, ${v}::VARCHAR AS s, ${v} AS v, ${v} IS NULL AS z, coalesce(${v}::VARCHAR, '-') || ${'?'} AS c, ${use} FROM t`);
        const inlined = q.inlined;
        expect(inlined.params, 'no parameters left').toEqual([]);
        expect(inlined.text.startsWith('-- test.inlined\n'), 'the name kept').toBe(true);
        expect(await runQuery(db, inlined), JSON.stringify(v)).toEqual(await runQuery(db, q));
      }
      // A string or NULL compared with a DATE, a TIMESTAMP or a number, as a bound one can be (a VARCHAR-typed literal cannot).
      await db.exec(`CREATE TABLE typed AS SELECT DATE '2025-03-01' AS d, TIMESTAMP '2025-03-01 10:00' AS ts, 12 AS i`);
      const against = sql`SELECT d >= ${'2025-01-01'} AS a, d BETWEEN ${'2025-02-01'} AND ${'2025-03-31'} AS b, ts < ${'2025-03-01 11:00'} AS c,
        i > ${'10'} AS e, coalesce(${null}, d) AS f, CASE WHEN i > 100 THEN ${null} ELSE 1 END AS g FROM typed`;
      expect(await runQuery(db, against.inlined)).toEqual(await runQuery(db, against));
      for (const d of ['2025-03-01', '2024-02-29']) {
        const q = sql`SELECT ${d}::DATE AS d, ${d}::DATE + 1 AS next, date_trunc('week', ${d}::DATE)::DATE AS week, ${d}::DATE >= DATE '2025-01-01' AS later`;
        expect(await runQuery(db, q.inlined), d).toEqual(await runQuery(db, q));
      }
      // A NUL would end the statement's text on its way to the worker: that value stays a parameter.
      const nul = sql`SELECT ${'a\0b'} AS v, ${1} AS n`;
      expect([nul.inlined.text, nul.inlined.params]).toEqual([nul.text, nul.params]);
      // Nested fragments too, in order.
      const inner = sql`n = ${1} AND ${'b'} > ${'a'}`;
      const q = sql`SELECT count(*) AS k, ${2.5} * max(n) AS m FROM t WHERE ${inner} AND ${'2025-01-31'}::DATE + 1 = ${'2025-02-01'}::DATE`;
      expect(await runQuery(db, q.inlined)).toEqual([{ k: 1, m: 2.5 }]);
      expect(await runQuery(db, q.inlined)).toEqual(await runQuery(db, q));
      expect(await db.query('SELECT count(*)::INTEGER AS n FROM t'), 'the quoted string stayed a value').toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  });

  it("an error of a model query (its values written in) says what went wrong without DuckDB's excerpt, which would show the values", async () => {
    const db = await freshDb();
    try {
      await db.exec("CREATE TABLE t AS SELECT 'P-1' AS person_id");
      const q = named('test.excerpt', sql`SELECT person_id FROM t WHERE person_id = ${'P-Alice Smith'} AND nosuch = 1`);
      // Bound, DuckDB's excerpt shows "?"; written in, it would show the person's id.
      const bound = await runQuery(db, q).then(() => '', (e: Error) => e.message);
      expect(bound).toMatch(/nosuch/);
      const said = await new Model(db).query(q).then(() => '', (e: Error) => `${e.message}\n${e.stack ?? ''}`);
      expect(said).toMatch(/nosuch/);
      expect(said).not.toMatch(/Alice/);
    } finally {
      await db.close();
    }
  });
});
