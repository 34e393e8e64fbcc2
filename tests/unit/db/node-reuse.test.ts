/**
 * The unit tests' databases reuse closed databases' wasm instances (db/node.ts,
 * PBS_LENS_REUSE_WASM from vitest.config.ts). Every test relies on a database it opens being new:
 * nothing of one closed before it may be left — no table in either catalog, temp table, macro,
 * setting or registered file — and a closed database's connector must never reach the instance
 * (which by then holds another test's database).
 */
import { describe, expect, it } from 'vitest';
import { nodeInstancePool, openNodeDatabase } from '../../../src/db/node';

describe('a database opened after another was closed', () => {
  it('runs in this test run with instances reused', () => {
    expect(process.env.PBS_LENS_REUSE_WASM).toBe('1');
  });

  it('holds nothing of the closed one, and the closed one refuses every statement', async () => {
    const old = await openNodeDatabase();
    await old.registerFile('pbs-lens-files/left.csv', new TextEncoder().encode('x\n1\n2\n'));
    await old.exec(`CREATE TABLE left_table AS SELECT * FROM read_csv('pbs-lens-files/left.csv');
      CREATE TABLE memory.main.left_in_memory AS SELECT 1 AS x;
      CREATE TEMP TABLE left_temp AS SELECT 1 AS x;
      CREATE MACRO left_macro(a) AS a + 1;
      SET memory_limit = '123MB';`);
    const defaults = await old.query<{ limit: string }>(`SELECT current_setting('memory_limit') AS "limit"`);
    expect(defaults).toEqual([{ limit: '117.3 MiB' }]);
    await old.close();

    // Several opened at once, so that one of them has the closed one's instance whichever the worker keeps.
    const now = await Promise.all([openNodeDatabase(), openNodeDatabase()]);
    try {
      for (const db of now) {
        const tables = await db.query<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'left%'`);
        expect(tables).toEqual([]);
        await expect(db.query('SELECT left_macro(1)')).rejects.toThrow(/left_macro/);
        await expect(db.query(`SELECT * FROM read_csv('pbs-lens-files/left.csv')`)).rejects.toThrow(/No files found/);
        const [setting] = await db.query<{ limit: string }>(`SELECT current_setting('memory_limit') AS "limit"`);
        expect(setting!.limit).not.toBe('117.3 MiB');
        // The workspace database of db/connector.ts WORKSPACE_SQL, in use as when first opened.
        expect(await db.query('SELECT current_database() AS d')).toEqual([{ d: 'workspace' }]);
      }
    } finally {
      for (const db of now) await db.close();
    }

    await expect(old.query('SELECT 1')).rejects.toThrow('The database is closed.');
    await expect(old.exec('CREATE TABLE t (x INTEGER)')).rejects.toThrow('The database is closed.');
    await expect(old.registerFile('pbs-lens-files/a.csv', new Uint8Array([1]))).rejects.toThrow('The database is closed.');
    await expect(old.dropFile('pbs-lens-files/left.csv')).rejects.toThrow('The database is closed.');
    await expect(old.insertArrowStream!('t', new Uint8Array([1]))).rejects.toThrow('The database is closed.');
    await expect(old.arrowStream!('SELECT 1', () => undefined)).rejects.toThrow('The database is closed.');
    // A second close does nothing (the instance is not handed out twice).
    await expect(old.close()).resolves.toBeUndefined();
  });

  it('is a kept instance (none made), and an instance whose database ran out of memory is not kept', async () => {
    const healthy = await openNodeDatabase();
    await healthy.close();
    const before = nodeInstancePool();
    expect(before.idle).toBeGreaterThan(0);
    const reused = await openNodeDatabase();
    expect(nodeInstancePool()).toEqual({ made: before.made, idle: before.idle - 1 });
    // DuckDB's own out-of-memory error (db/failure.ts: a failure, not an ordinary SQL error).
    await reused.exec(`SET memory_limit = '2MB'`);
    await expect(reused.query('SELECT list(range) FROM range(5000000)')).rejects.toThrow(/^Out of Memory Error/);
    await reused.close();
    expect(nodeInstancePool().idle).toBe(before.idle - 1);
    // An ordinary SQL error leaves it fit to keep.
    const other = await openNodeDatabase();
    await expect(other.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    const idle = nodeInstancePool().idle;
    await other.close();
    expect(nodeInstancePool().idle).toBe(idle + 1);
  });
});
