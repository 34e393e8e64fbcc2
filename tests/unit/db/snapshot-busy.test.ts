/**
 * A snapshot written while the app is in use. At W-L the write takes many seconds, and a user
 * opening pages meanwhile makes the Model build summary tables. A person would expect the snapshot
 * to stand (without the tables built after it started, which are built again when asked for), and
 * a table whose rows change under the write never to be carried half-old: then it is written again,
 * and refused in words when the workspace keeps changing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import { bytesSource, concatBytes, restoreSnapshot, writeSnapshot, type SnapshotTag } from '../../../src/db/snapshot';

const TAG: SnapshotTag = { app: 'a', definitions: 'd', settings: 's', key: 'k' };
const open: Connector[] = [];

// Closed after each test (the next test's databases reuse their wasm instances: db/node.ts).
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

/** Two tables, a and b, of 3 and 2 rows. */
async function twoTables(): Promise<Connector> {
  const db = await openNodeDatabase();
  open.push(db);
  await db.exec('CREATE TABLE a AS SELECT range::INTEGER AS x FROM range(3); CREATE TABLE b AS SELECT range::INTEGER AS y FROM range(2)');
  return db;
}

/** `db`, running `meanwhile` after each table it streams out (as a page's statement would run between two). */
function busy(db: Connector, meanwhile: (streamed: number) => Promise<void>): Connector {
  let streamed = 0;
  return {
    ...db,
    arrowStream: async (sql, onPiece) => {
      await db.arrowStream!(sql, onPiece);
      await meanwhile(++streamed);
    },
  };
}

const tablesOf = async (db: Connector) => (await db.query<{ n: string }>(`SELECT table_name AS n FROM duckdb_tables() ORDER BY 1`)).map((r) => r.n);

describe('a snapshot written while pages are opened', () => {
  it('stands when a table is built during the write, and leaves that table out', async () => {
    const db = await twoTables();
    const snap = await writeSnapshot(busy(db, (n) => (n === 1 ? db.exec('CREATE TABLE built_meanwhile AS SELECT 42 AS z') : Promise.resolve())), TAG);
    expect(snap.manifest.tables.map((t) => t.name)).toEqual(['a', 'b']);
    const fresh = await openNodeDatabase();
    open.push(fresh);
    await restoreSnapshot(fresh, bytesSource(concatBytes(snap.parts as Uint8Array[])), TAG);
    expect(await tablesOf(fresh)).toEqual(['a', 'b']);
    expect(await fresh.query('SELECT count(*)::INTEGER AS n FROM b')).toEqual([{ n: 2 }]);
  });

  it('is written again when a table it holds changes under it, so no table is carried half-old', async () => {
    const db = await twoTables();
    let writes = 0;
    const snap = await writeSnapshot(
      busy(db, async (n) => {
        if (n % 2 === 1) writes++;
        // Only during the first write: a row added to b once it was streamed.
        if (n === 2) await db.exec('INSERT INTO b VALUES (7)');
      }),
      TAG,
    );
    expect(writes).toBe(2);
    expect(snap.manifest.tables.find((t) => t.name === 'b')?.rows).toBe(3);
  });

  it('is refused in words when the workspace keeps changing', async () => {
    const db = await twoTables();
    await expect(writeSnapshot(busy(db, (n) => (n % 2 === 1 ? db.exec('INSERT INTO a VALUES (9)') : Promise.resolve())), TAG)).rejects.toThrow(
      'The workspace kept changing while its snapshot was written.',
    );
  });
});
