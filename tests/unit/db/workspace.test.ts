/**
 * The workspace's tables live in a compressed in-memory database (WORKSPACE_SQL, issue 18 item 3):
 * DuckDB's default in-memory database keeps tables uncompressed, about ten times the size at W-L.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { WORKSPACE_DATABASE, type Connector } from '../../../src/db/connector';

describe('the workspace database', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await openNodeDatabase();
  });
  afterAll(() => db.close());

  test('is the one unqualified names mean, and keeps a table compressed as soon as it is made', async () => {
    expect(await db.query('SELECT current_database() AS d')).toEqual([{ d: WORKSPACE_DATABASE }]);
    // A large write is compressed as it is written (a small one, 200,000 rows here, only at a
    // CHECKPOINT): 1,000,000 rows of a counter and a repeating code, bit-packing and dictionary material.
    await db.exec(`CREATE TABLE packed_probe AS SELECT range AS i, (range % 3)::VARCHAR AS code FROM range(1000000)`);
    const tables = await db.query('SELECT database_name AS d, table_name AS t FROM duckdb_tables()');
    expect(tables).toEqual([{ d: WORKSPACE_DATABASE, t: 'packed_probe' }]);
    const methods = await db.query<{ c: string }>(`SELECT DISTINCT compression AS c FROM pragma_storage_info('packed_probe') WHERE segment_type <> 'VALIDITY'`);
    expect(methods.length).toBeGreaterThan(0);
    expect(methods.map((m) => m.c)).not.toContain('Uncompressed');
    await db.exec('DROP TABLE packed_probe');
  });

  test('takes temporary tables into the temp catalog, and drops them by name as before', async () => {
    await db.exec('CREATE OR REPLACE TEMP TABLE scratch_rows AS SELECT 1 AS x');
    expect(await db.query('SELECT database_name AS d FROM duckdb_tables() WHERE table_name = ?', ['scratch_rows'])).toEqual([{ d: 'temp' }]);
    await db.exec('DROP TABLE IF EXISTS scratch_rows');
    expect(await db.query('SELECT table_name FROM duckdb_tables()')).toEqual([]);
  });
});
