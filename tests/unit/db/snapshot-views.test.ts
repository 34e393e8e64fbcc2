/**
 * A restore creates each view as soon as the tables its SQL names are in (db/snapshot.ts
 * readsOfViews, from namesIn): a view that read anything else could be made, and read, while a
 * table under it is still half filled. Each view of a built workspace (the sample's, with every
 * model table) is created here in an empty database holding only empty copies of what
 * readsOfViews says it reads, and read: it fails if the view needs anything more.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { openNodeDatabase } from '../../../src/db/node';
import { readsOfViews } from '../../../src/db/snapshot';
import { sampleServiceDb } from '../helpers/sampleService';

const open: Connector[] = [];
afterAll(async () => {
  for (const db of open) await db.close();
});

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

describe('the views a snapshot carries', () => {
  it('each needs only the tables and views readsOfViews finds in its SQL', async () => {
    const db = await sampleServiceDb();
    open.push(db);
    const views = await db.query<{ name: string; sql: string }>(
      `SELECT view_name AS name, sql FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY view_name`,
    );
    const names = await db.query<{ name: string }>(
      `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'`,
    );
    // The reconciled views every page reads (model/reconcile.ts) are among them.
    expect(views.map((v) => v.name)).toEqual(expect.arrayContaining(['r_incidents', 'r_shifts']));
    const reads = readsOfViews(views, new Set(names.map((n) => n.name.toLowerCase())));
    const failures: string[] = [];
    for (const v of views) {
      // Closed once read, so the next view's database reuses its wasm instance (db/node.ts).
      const empty = await openNodeDatabase();
      for (const r of reads.get(v.name.toLowerCase()) ?? []) {
        const columns = await db.query<{ column_name: string; column_type: string }>(`DESCRIBE ${quote(r)}`);
        await empty.exec(`CREATE TABLE ${quote(r)} (${columns.map((c) => `${quote(c.column_name)} ${c.column_type}`).join(', ')})`);
      }
      try {
        await empty.exec(v.sql);
        await empty.query(`SELECT * FROM ${quote(v.name)} LIMIT 0`);
      } catch (e) {
        failures.push(`${v.name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      } finally {
        await empty.close();
      }
    }
    expect(failures).toEqual([]);
  });
});
