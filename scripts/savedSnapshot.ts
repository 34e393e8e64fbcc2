/**
 * A workspace snapshot saved by `scripts/memory-probe.ts --save f` (its head in f.head, its
 * record batches in f.body), read back as the engine's SnapshotSource without loading f.body whole.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openNodeDatabase } from '../src/db/node';
import { createEngine, type SnapshotSource } from '../src/engine';

export function savedSnapshot(file: string): SnapshotSource {
  const head = fs.readFileSync(`${file}.head`);
  const body = fs.openSync(`${file}.body`, 'r');
  return {
    size: head.length + fs.fstatSync(body).size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const out = new Uint8Array(length);
      let done = 0;
      if (offset < head.length) done = head.copy(out, 0, offset, Math.min(head.length, offset + length));
      if (done < length) fs.readSync(body, out, done, length - done, offset + done - head.length);
      return out;
    },
  };
}

/** A Node engine with the workspace saved in `file` restored and its exposure built (the app's state before a page opens). */
export async function restoredEngine(file: string) {
  const db = await openNodeDatabase();
  const engine = createEngine(db);
  await engine.restore(savedSnapshot(file), { app: 'memory-probe', definitions: 'memory-probe' });
  await engine.ready();
  return { db, engine };
}

/** Runs `work`, printing its time and every named measure it made (statements, builds). */
export async function timedStep(label: string, work: () => Promise<unknown>): Promise<void> {
  performance.clearMeasures();
  const t = performance.now();
  await work();
  const parts = performance.getEntriesByType('measure').map((m) => `${m.name} ${Math.round(m.duration)}`).join(', ');
  process.stdout.write(`${label.padEnd(20)} ${String(Math.round(performance.now() - t)).padStart(7)} ms   ${parts}\n`);
}
