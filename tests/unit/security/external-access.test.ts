/**
 * Defence in depth (issue 15, item 11): the engine itself cannot reach the network or the disk.
 * Only files handed to it by registerFile (under FILES_DIR) can be read; read_csv('http://…'),
 * a local path, escaping the directory with "..", and switching the setting back all fail in
 * DuckDB, whatever the Content-Security-Policy does. The browser connector runs the same
 * CONNECTION_SETUP_SQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONNECTION_SETUP_SQL, fileSlot, type Connector } from '../../../src/db/connector';
import { localFile, openNodeDatabase } from '../../../src/db/node';
import { loadDelimitedFile } from '../../../src/ingest/load';

let db: Connector;
let dir: string;
beforeAll(async () => {
  db = await openNodeDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-ext-'));
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const refused = /file system operations are disabled|Permission Error|Cannot access/i;

describe('DuckDB external access', () => {
  test('is off in every connection set-up', async () => {
    expect(CONNECTION_SETUP_SQL.at(-1)).toBe('SET enable_external_access = false');
    const rows = await db.query<{ value: string }>(`SELECT value FROM duckdb_settings() WHERE name = 'enable_external_access'`);
    expect(rows[0]!.value).toBe('false');
  });

  test('read_csv of a URL fails in the engine', async () => {
    await expect(db.query(`SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')`)).rejects.toThrow(refused);
    await expect(db.query(`SELECT * FROM read_csv('https://example.org/x.csv')`)).rejects.toThrow(refused);
  });

  test('a local path, and one escaping the registered directory, fail', async () => {
    const file = path.join(dir, 'secret.csv');
    fs.writeFileSync(file, 'a\n1\n');
    await expect(db.query(`SELECT * FROM read_csv('${file}')`)).rejects.toThrow(refused);
    await expect(db.query(`SELECT * FROM read_csv('${fileSlot(`../..${file}`)}')`)).rejects.toThrow(refused);
    await expect(db.exec(`ATTACH '${path.join(dir, 'x.db')}'`)).rejects.toThrow();
    expect(fs.existsSync(path.join(dir, 'x.db'))).toBe(false);
  });

  test('cannot be switched back on, nor the allowed directories widened', async () => {
    await expect(db.exec('SET enable_external_access = true')).rejects.toThrow();
    await expect(db.exec(`SET allowed_directories = ['/']`)).rejects.toThrow();
  });

  test('registered files (bytes and file handles) are still read', async () => {
    await db.registerFile(fileSlot('bytes.csv'), new TextEncoder().encode('x,y\n1,2\n'));
    expect(await db.query(`SELECT x, y FROM read_csv('${fileSlot('bytes.csv')}')`)).toEqual([{ x: 1, y: 2 }]);
    const file = path.join(dir, 'handle.csv');
    fs.writeFileSync(file, 'x\n5\n');
    await db.registerFile(fileSlot('handle.csv'), await localFile(file));
    expect(await db.query(`SELECT x FROM read_csv('${fileSlot('handle.csv')}')`)).toEqual([{ x: 5 }]);
  });

  test('a name outside the registered directory is refused when registering', async () => {
    await expect(db.registerFile('elsewhere.csv', new Uint8Array([0x61]))).rejects.toThrow(/fileSlot/);
  });

  test('an import still works end to end', async () => {
    const csv = 'unit,shift,required\nOak,Early,3\n';
    const r = await loadDelimitedFile(db, { importId: 1, fileName: 'req.csv', data: new TextEncoder().encode(csv) });
    expect(r.error).toBeNull();
    expect(r.accepted).toBe(1);
  });
});
