/**
 * A large table is written in several segments (each a whole Arrow stream with its CRC) and read
 * back whole: the rows, their order-independent contents and the column types come back exactly.
 * Segments are made small here so a table of 200,000 rows needs many.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { openNativeDatabase } from '../../../src/db/native';
import type { Connector } from '../../../src/db/connector';
import { bytesSource, concatBytes, restoreSnapshot, writeSnapshot, type SnapshotTag } from '../../../src/db/snapshot';

const TAG: SnapshotTag = { app: 'a', definitions: 'd', settings: 's', key: 'k' };
const open: Connector[] = [];

afterAll(async () => {
  for (const db of open) await db.close();
});

describe('snapshot segments', () => {
  it('is refused plainly by native DuckDB, which has no Arrow stream seam', async () => {
    const db = await openNativeDatabase();
    open.push(db);
    await db.exec('CREATE TABLE t AS SELECT 1 AS x');
    await expect(writeSnapshot(db, TAG)).rejects.toThrow(/cannot write or read snapshots/);
  });

  it('cuts a large table into several segments and restores every row with its types', async () => {
    const db = await openNodeDatabase();
    open.push(db);
    await db.exec(`CREATE TABLE big AS SELECT i::INTEGER AS id, (i::BIGINT * 40000000000000 + 1) AS big, 'row ' || i AS label,
      TIMESTAMP '2025-01-01 00:00:00' + to_minutes(i) AS ts, [i, i + 1] AS pair FROM range(200000) t(i)`);
    const snap = await writeSnapshot(db, TAG, null, undefined, 64 * 1024);
    const entry = snap.manifest.tables.find((t) => t.name === 'big')!;
    expect(entry.segments.length).toBeGreaterThan(5);
    expect(entry.rows).toBe(200000);
    const fresh = await openNodeDatabase();
    open.push(fresh);
    await restoreSnapshot(fresh, bytesSource(concatBytes(snap.parts)), TAG);
    const summary = (d: Connector) =>
      d.query(`SELECT count(*)::INTEGER AS n, sum(id)::VARCHAR AS ids, max(big)::VARCHAR AS big, min(ts)::VARCHAR AS first, max(ts)::VARCHAR AS last,
               sum(len(label))::INTEGER AS labels, sum(pair[2])::VARCHAR AS pairs FROM big`);
    expect(await summary(fresh)).toEqual(await summary(db));
    const types = (d: Connector) => d.query(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'big' ORDER BY column_index`);
    expect(await types(fresh)).toEqual(await types(db));
    // BIGINT beyond 2^53 would lose digits through a double: kept exactly.
    expect((await fresh.query<{ big: string }>(`SELECT max(big)::VARCHAR AS big FROM big`))[0]!.big).toBe(String(199999n * 40000000000000n + 1n));
  });
});
