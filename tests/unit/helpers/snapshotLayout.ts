/** Each table's byte range in a snapshot, read from its manifest as db/snapshot.ts lays it out (for tests that damage or hold back one table). */
import type { SnapshotManifest } from '../../../src/db/snapshot';

export function snapshotLayout(bytes: Uint8Array): { name: string; from: number; to: number }[] {
  const magic = 'PBS-LENS-SNAPSHOT 1\n'.length;
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(magic, true);
  const manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(magic + 4, magic + 4 + length))) as SnapshotManifest;
  let at = magic + 4 + length;
  return manifest.tables.map((t) => {
    const from = at;
    at += t.segments.reduce((n, s) => n + s.bytes, 0);
    return { name: t.name, from, to: at };
  });
}
