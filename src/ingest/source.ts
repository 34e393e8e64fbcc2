/**
 * Getting a file's bytes to DuckDB without holding them in JS: plain UTF-8 is handed over as it
 * is (a browser File, or in Node a file on disk); other encodings are transcoded to UTF-8 chunk by
 * chunk into a Blob (which browsers keep on disk when large). Also the physical line on which
 * every record starts, for files where records and lines part ways (quoted line breaks, blank
 * lines): DuckDB reports lines only for the records it rejects.
 */
import type { Connector } from '../db/connector';
import { createDecoder, createTranscoder, needsTranscoding, type EncodingGuess, type Transcoder } from './decode';

const CHUNK = 1 << 20;

export function byteLength(data: Uint8Array | Blob): number {
  return data instanceof Uint8Array ? data.length : data.size;
}

/** The first bytes of a file (a slice of a File is read without reading the rest). */
export async function readHead(data: Uint8Array | Blob, bytes: number): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data.subarray(0, bytes);
  return new Uint8Array(await data.slice(0, bytes).arrayBuffer());
}

/**
 * The head of a text file for sniffing: `bytes`, doubled (up to `max`) while it holds fewer than
 * `lines` line breaks, so that a very wide header (thousands of columns) is seen whole, with rows
 * under it. Ordinary files stop at the first read.
 */
export async function readTextHead(data: Uint8Array | Blob, bytes: number, lines = 12, max = 16 << 20): Promise<Uint8Array> {
  const size = byteLength(data);
  let head = await readHead(data, bytes);
  while (head.length < size && head.length < max && lineBreaks(head, lines) < lines) {
    head = await readHead(data, Math.min(max, head.length * 2));
  }
  return head;
}

/** LF bytes (CR bytes in a file without LF), counted up to `enough`. */
function lineBreaks(bytes: Uint8Array, enough: number): number {
  for (const b of [10, 13]) {
    let n = 0;
    for (let at = bytes.indexOf(b); at >= 0 && n < enough; at = bytes.indexOf(b, at + 1)) n++;
    if (n > 0) return n;
  }
  return 0;
}

/** The whole file as bytes (workbooks only: a zip is read from its directory at the end). */
export async function readAll(data: Uint8Array | Blob): Promise<Uint8Array> {
  return data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

/** The file in chunks of about 1 MB, read one at a time. */
export async function* chunksOf(data: Uint8Array | Blob, size = CHUNK): AsyncGenerator<Uint8Array> {
  if (data instanceof Uint8Array) {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    return;
  }
  for (let i = 0; i < data.size; i += size) yield new Uint8Array(await data.slice(i, i + size).arrayBuffer());
}

export interface SourceProgress {
  /** Bytes of the original file handled so far, of `total`. */
  bytes: number;
  total: number;
}

export interface SourceOptions {
  onProgress?: (p: SourceProgress) => void;
  signal?: AbortSignal;
  /** Also find record start lines while transcoding (the text is passing through anyway). */
  scan?: RecordLineScanner;
  /** Rewrite the UTF-8 bytes on their way in (e.g. normalise line endings); makes a copy even of UTF-8 files. */
  rewrite?: Transcoder;
}

export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled.');
  }
}

/**
 * Register a text file with DuckDB under `name`, as UTF-8. Returns the transcoded (or rewritten)
 * UTF-8 Blob, or null when the file was plain UTF-8 (with or without BOM) and registered as it
 * is: never copied into JS memory.
 */
export async function registerText(
  db: Connector,
  name: string,
  data: Uint8Array | Blob,
  encoding: Pick<EncodingGuess, 'encoding' | 'bomLength'>,
  opts: SourceOptions = {},
): Promise<Blob | null> {
  const transcode = needsTranscoding(encoding.encoding);
  if (!transcode && !opts.rewrite) {
    await db.registerFile(name, data);
    return null;
  }
  const total = byteLength(data);
  // UTF-8 passes through as it is (a BOM included: read_csv skips it).
  const t = !transcode ? passThrough : encoding.encoding === 'windows-1252' ? cp1252Transcoder() : createTranscoder(encoding);
  const rewrite = opts.rewrite;
  // Parts are folded into a Blob every ~16 MB so the JS heap holds one window at a time.
  let blob = new Blob([]);
  let parts: Uint8Array[] = [];
  let pending = 0;
  let done = 0;
  const add = (out: Uint8Array) => {
    if (out.length === 0) return;
    opts.scan?.push(out);
    parts.push(out);
    pending += out.length;
    if (pending > 16 * CHUNK) {
      blob = new Blob([blob, ...(parts as BlobPart[])]);
      parts = [];
      pending = 0;
    }
  };
  const out = (bytes: Uint8Array) => add(rewrite ? rewrite.push(bytes) : bytes);
  for await (const chunk of chunksOf(data)) {
    if (opts.signal?.aborted) throw new ImportCancelled();
    out(t.push(chunk));
    done += chunk.length;
    opts.onProgress?.({ bytes: done, total });
  }
  out(t.end());
  if (rewrite) add(rewrite.end());
  blob = new Blob([blob, ...(parts as BlobPart[])]);
  await db.registerFile(name, blob);
  return blob;
}

const passThrough: Transcoder = { push: (chunk) => chunk, end: () => new Uint8Array(0) };

/**
 * Finds the physical line (1-based) on which each record starts, reading UTF-8 (or any ASCII-
 * compatible) bytes in chunks. It splits records the way DuckDB's read_csv does with an explicit
 * dialect: a quote opens a quoted field only at the start of a field, a doubled quote inside is a
 * literal quote, and LF, CRLF or a lone CR end a line. Empty lines are not records (DuckDB skips
 * them) but do count as lines. The first `skip` records (blank lines included, as read_csv's
 * `skip` counts them) are passed over.
 */
export class RecordLineScanner {
  private readonly q: number;
  private readonly d: number;
  private line = 1;
  private record = 0;
  private inQuotes = false;
  /** A quote was just seen inside a quoted field: a second one makes it literal. */
  private quotePending = false;
  private fieldStart = true;
  /** Bytes seen in the current line's record so far (0 = the line is still empty). */
  private lineHasBytes = false;
  private recordStart = 1;
  private lastWasCR = false;
  private out = new Int32Array(1024);
  private n = 0;

  constructor(
    quote: string,
    delimiter: string,
    private readonly skip: number,
  ) {
    this.q = quote.charCodeAt(0);
    this.d = delimiter.charCodeAt(0);
  }

  push(bytes: Uint8Array): void {
    const { q, d } = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.lastWasCR) {
        this.lastWasCR = false;
        if (b === 10) continue; // the LF of a CRLF
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (b === q) continue; // "" inside quotes
          this.inQuotes = false; // the quote closed the field; fall through with b
        } else if (b === q) {
          this.quotePending = true;
          continue;
        } else {
          if (b === 10 || b === 13) {
            this.line++;
            this.lastWasCR = b === 13;
          }
          continue;
        }
      }
      if (b === 10 || b === 13) {
        this.endLine();
        this.lastWasCR = b === 13;
        continue;
      }
      if (!this.lineHasBytes) {
        this.lineHasBytes = true;
        this.recordStart = this.line;
      }
      if (b === q && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
      } else {
        this.fieldStart = b === d;
      }
    }
  }

  private endLine(): void {
    if (this.lineHasBytes) this.emit(this.recordStart);
    else if (this.record < this.skip) this.record++; // a blank line among the skipped records
    this.line++;
    this.lineHasBytes = false;
    this.fieldStart = true;
  }

  private emit(start: number): void {
    this.record++;
    if (this.record <= this.skip) return;
    if (this.n === this.out.length) {
      const grown = new Int32Array(this.out.length * 2);
      grown.set(this.out);
      this.out = grown;
    }
    this.out[this.n++] = start;
  }

  /** Start lines of the records after the skipped ones, in order. */
  end(): Int32Array {
    if (this.inQuotes || this.lineHasBytes) this.emit(this.recordStart);
    this.inQuotes = false;
    this.lineHasBytes = false;
    return this.out.subarray(0, this.n);
  }
}

/** Scan a (UTF-8) file for record start lines, reading it in chunks. */
export async function scanRecordLines(
  data: Uint8Array | Blob,
  quote: string,
  delimiter: string,
  skip: number,
  signal?: AbortSignal,
): Promise<Int32Array> {
  const s = new RecordLineScanner(quote, delimiter, skip);
  for await (const chunk of chunksOf(data)) {
    if (signal?.aborted) throw new ImportCancelled();
    s.push(chunk);
  }
  return s.end();
}

/** UTF-8 bytes of Windows-1252 bytes 0x80–0xFF, from decode.ts's table (one source of truth). */
let highBytes: Uint8Array[] | null = null;
function cp1252High(): Uint8Array[] {
  if (!highBytes) {
    const enc = new TextEncoder();
    highBytes = Array.from({ length: 128 }, (_, i) => enc.encode(createDecoder('windows-1252').decode(new Uint8Array([0x80 + i]))));
  }
  return highBytes;
}

/**
 * Windows-1252 to UTF-8 byte for byte, without making strings (decoding to a string and encoding
 * it again took seconds for a 200 MB export). ASCII chunks pass through unchanged.
 */
export function cp1252Transcoder(): Transcoder {
  const high = cp1252High();
  return {
    push(chunk) {
      let extra = 0;
      for (let i = 0; i < chunk.length; i++) if (chunk[i]! >= 0x80) extra += high[chunk[i]! - 0x80]!.length - 1;
      let hasHigh = extra > 0;
      if (!hasHigh) for (let i = 0; i < chunk.length && !hasHigh; i++) hasHigh = chunk[i]! >= 0x80;
      if (!hasHigh) return chunk;
      const out = new Uint8Array(chunk.length + extra);
      let o = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b < 0x80) out[o++] = b;
        else {
          const seq = high[b - 0x80]!;
          for (let k = 0; k < seq.length; k++) out[o++] = seq[k]!;
        }
      }
      return out;
    },
    end: () => new Uint8Array(0),
  };
}
