/**
 * SQL inside the app's own DuckDB worker, run from a test or the browser benchmark without any
 * hook in the app: Playwright evaluates code in the worker's global scope, which speaks
 * duckdb-wasm's message protocol (CONNECT, RUN_QUERY, DISCONNECT). The caller's replies are
 * taken out of the worker's postMessage so the app never sees them; results come back as Arrow
 * IPC bytes and are read here with the apache-arrow package duckdb-wasm itself depends on.
 * Pinned to @duckdb/duckdb-wasm 1.32's protocol.
 */
import { tableFromIPC } from 'apache-arrow';
import type { Page, Worker } from 'playwright-core';
import { WORKSPACE_SQL } from '../db/connector';

/** The app's DuckDB worker: the one that answers duckdb-wasm's messages. */
export async function appWorker(page: Page): Promise<Worker> {
  for (let i = 0; i < 100; i++) {
    for (const w of page.workers()) {
      const isDuckDb = await w.evaluate("typeof globalThis.onmessage === 'function'").catch(() => false);
      if (isDuckDb) return w;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('The page has no DuckDB worker.');
}

/** Run one statement on a connection of its own in the app's database; rows as plain objects. */
export async function sqlInAppWorker(page: Page, sql: string): Promise<Record<string, unknown>[]> {
  const bytes = await inAppWorker<number[]>(page, SQL_STATEMENT, sql);
  return tableFromIPC(new Uint8Array(bytes))
    .toArray()
    .map((row) => {
      const obj = (row as { toJSON(): Record<string, unknown> }).toJSON();
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
    });
}

/**
 * Run `body` — the source of an `async (ask, arg) => …` function — in the app's DuckDB worker.
 * `ask(type, data)` sends one duckdb-wasm request (CONNECT, RUN_QUERY, REGISTER_FILE_HANDLE, …)
 * and resolves with its reply message ({ type, data }); the app never sees these replies.
 */
export async function inAppWorker<T>(page: Page, body: string, arg: unknown): Promise<T> {
  const worker = await appWorker(page);
  return (await worker.evaluate(`(${IN_WORKER})(${body}, ${JSON.stringify(arg)})`)) as T;
}

/** A new connection uses the app's workspace database first, as the app's own do (db/connector.ts). */
const SQL_STATEMENT = `async (ask, statement) => {
  const connected = await ask('CONNECT', null);
  if (connected.type === 'ERROR') throw new Error(connected.data.message);
  const used = await ask('RUN_QUERY', [connected.data, ${JSON.stringify(WORKSPACE_SQL.join('; '))}]);
  if (used.type === 'ERROR') throw new Error(used.data.message);
  const result = await ask('RUN_QUERY', [connected.data, statement]);
  await ask('DISCONNECT', connected.data);
  if (result.type === 'ERROR') throw new Error(result.data.message);
  return Array.from(result.data);
}`;

/**
 * Runs in the worker. Plain JavaScript in a string: a compiled function would carry the test
 * compiler's helpers (e.g. __name), which do not exist in the worker.
 */
const IN_WORKER = `async (body, arg) => {
  const g = globalThis;
  const post = g.postMessage;
  const waiting = new Map();
  // Far above the app's own message ids.
  let next = 1900000000 + Math.floor(Math.random() * 100000000);
  g.postMessage = (msg, transfer) => {
    const done = msg && waiting.get(msg.requestId);
    if (done) {
      waiting.delete(msg.requestId);
      done(msg);
    } else post.call(g, msg, transfer);
  };
  const ask = (type, data) =>
    new Promise((resolve) => {
      const messageId = next++;
      waiting.set(messageId, resolve);
      void g.onmessage({ data: { messageId, type, data } });
    });
  try {
    return await body(ask, arg);
  } finally {
    g.postMessage = post;
  }
}`;
