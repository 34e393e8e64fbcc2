/**
 * Which errors mean the database itself has failed (restart it) and which are an ordinary
 * statement's error (show it): checked on errors DuckDB and WebAssembly really raise.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { openNodeDatabase } from '../../../src/db/node';
import { failureOf } from '../../../src/db/failure';

let db: Connector;
beforeAll(async () => {
  db = await openNodeDatabase();
});
afterAll(async () => {
  await db?.close();
});

async function errorOf(sql: string): Promise<Error> {
  try {
    await db.query(sql);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`no error from ${sql}`);
}

/** A wasm module whose one function is `unreachable`: calling it traps. */
function wasmTrap(): Error {
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
    0x03, 0x02, 0x01, 0x00, // function section
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f"
    0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b, // code: unreachable; end
  ]);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  try {
    (instance.exports.f as () => void)();
  } catch (e) {
    return e as Error;
  }
  throw new Error('the wasm did not trap');
}

describe('failureOf', () => {
  test("DuckDB's out-of-memory error is a memory failure", async () => {
    await db.exec("SET memory_limit = '4MB'");
    try {
      const e = await errorOf("SELECT count(*) FROM (SELECT range, repeat('x', 100) AS s FROM range(2000000) ORDER BY random())");
      expect(e.message).toMatch(/^Out of Memory Error/);
      expect(failureOf(e)).toBe('memory');
    } finally {
      await db.exec("RESET memory_limit");
    }
    // The database goes on: an out-of-memory error is recoverable in place, but the app restarts anyway to get memory back.
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  test('a wasm trap is a crash', () => {
    const e = wasmTrap();
    expect(e.name).toBe('RuntimeError');
    expect(failureOf(e)).toBe('crash');
    // As duckdb-wasm hands it over from the worker: name and message copied into a plain Error.
    const copied = new Error(e.message);
    copied.name = e.name;
    expect(failureOf(copied)).toBe('crash');
  });

  test("ordinary statement errors are not failures, even when a value from the data reads like one", async () => {
    for (const sql of [
      "SELECT 'Out of Memory Error: x'::INTEGER",
      "SELECT 'unreachable; database has been invalidated'::DATE",
      'SELECT * FROM no_such_table',
      'SELEKT 1',
    ]) {
      const e = await errorOf(sql);
      expect(failureOf(e), e.message).toBeNull();
    }
  });
});
