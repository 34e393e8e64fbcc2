/**
 * Reading the parts of a zip archive (an .xlsx workbook) held in memory, one part at a time and
 * in chunks: the central directory is read here, fflate inflates. A sheet's XML can be many times
 * the size of the file, so it is never decompressed whole.
 */
import { Inflate, inflateSync } from 'fflate';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the local file header. */
  offset: number;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The archive's entries by lower-case name (zip part names in a workbook are case-insensitive). */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError('the zip directory is missing (the file is cut short or is not a workbook)');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) throw new ZipError('the workbook is larger than 4 GB (zip64), which is not supported');
  const entries = new Map<string, ZipEntry>();
  const names = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) throw new ZipError('the zip directory is damaged');
    const nameLength = view.getUint16(at + 28, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength)).replace(/^\/+/, '');
    entries.set(name.toLowerCase(), {
      name,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

function compressedData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.offset + 30 > bytes.length || view.getUint32(e.offset, true) !== LOCAL) throw new ZipError(`the part ${e.name} is damaged`);
  const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
  if (start + e.compressedSize > bytes.length) throw new ZipError(`the part ${e.name} is cut short`);
  return bytes.subarray(start, start + e.compressedSize);
}

const IN_CHUNK = 1 << 18;

/** The entry's uncompressed bytes, chunk by chunk (each chunk is yielded before the next is inflated). */
export function* entryChunks(bytes: Uint8Array, e: ZipEntry): Generator<Uint8Array> {
  const data = compressedData(bytes, e);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += IN_CHUNK) yield data.subarray(i, i + IN_CHUNK);
    return;
  }
  if (e.method !== 8) throw new ZipError(`the part ${e.name} uses a compression method (${e.method}) that is not supported`);
  let out: Uint8Array[] = [];
  const inflate = new Inflate((chunk) => {
    out.push(chunk);
  });
  for (let i = 0; i < data.length || i === 0; i += IN_CHUNK) {
    try {
      inflate.push(data.subarray(i, i + IN_CHUNK), i + IN_CHUNK >= data.length);
    } catch (err) {
      throw new ZipError(`the part ${e.name} could not be decompressed (${(err as Error).message})`);
    }
    const ready = out;
    out = [];
    yield* ready;
  }
}

/** The whole entry as text (for the small parts: workbook, relationships, styles). */
export function entryText(bytes: Uint8Array, e: ZipEntry): string {
  const data = compressedData(bytes, e);
  let raw: Uint8Array;
  try {
    raw = e.method === 0 ? data : e.method === 8 ? inflateSync(data) : new Uint8Array(0);
  } catch (err) {
    throw new ZipError(`the part ${e.name} could not be decompressed (${(err as Error).message})`);
  }
  if (e.method !== 0 && e.method !== 8) throw new ZipError(`the part ${e.name} uses a compression method (${e.method}) that is not supported`);
  return xmlText(raw);
}

/** XML bytes as text: UTF-8 (BOM dropped), or UTF-16 when a BOM says so. */
export function xmlText(raw: Uint8Array): string {
  if (raw[0] === 0xff && raw[1] === 0xfe) return new TextDecoder('utf-16le').decode(raw.subarray(2));
  if (raw[0] === 0xfe && raw[1] === 0xff) return new TextDecoder('utf-16be').decode(raw.subarray(2));
  return new TextDecoder('utf-8').decode(raw);
}
