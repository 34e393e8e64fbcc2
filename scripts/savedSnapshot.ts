/**
 * A workspace snapshot saved by `scripts/memory-probe.ts --save f` (its head in f.head, its
 * record batches in f.body), read back as the engine's SnapshotSource without loading f.body whole.
 */
import fs from 'node:fs';
import type { SnapshotSource } from '../src/engine';

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
