/**
 * Text encodings of real exports: detect from the bytes, decode a preview, and transcode a whole
 * file to UTF-8 in chunks so DuckDB's read_csv (UTF-8 only) can read it without the file ever
 * being held in JS memory as a string.
 */

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding: Encoding;
  /** Bytes to skip at the start (a byte order mark). */
  bomLength: number;
  /** How it was decided, for the import report. */
  reason: string;
  /** UTF-8 files only: bytes in the sample that are not valid UTF-8 (their rows are rejected on import). */
  invalidBytes?: number;
}

/** Preview size: enough rows to find the header, detect formats and show a preview. */
export const PREVIEW_BYTES = 64 * 1024;

export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8-bom', bomLength: 3, reason: 'UTF-8 byte order mark' };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2, reason: 'UTF-16 little-endian byte order mark' };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2, reason: 'UTF-16 big-endian byte order mark' };
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) return { encoding: utf16, bomLength: 0, reason: 'zero bytes in alternate positions (UTF-16 without a byte order mark)' };
  if (isValidUtf8(bytes, true)) return { encoding: 'utf-8', bomLength: 0, reason: 'valid UTF-8' };
  // A stray Windows-1252 byte in UTF-8 text must not re-decode the whole file ("Café" → "CafÃ©"):
  // when real UTF-8 characters outnumber the bytes that are not UTF-8, the file is UTF-8.
  const { multiByte, invalid } = utf8Counts(bytes);
  if (multiByte >= invalid) {
    return {
      encoding: 'utf-8',
      bomLength: 0,
      invalidBytes: invalid,
      reason: `UTF-8, though ${invalid} byte${invalid === 1 ? ' is' : 's are'} not valid UTF-8 (read as UTF-8; the rows holding them are rejected)`,
    };
  }
  return { encoding: 'windows-1252', bomLength: 0, reason: 'not valid UTF-8: read as Windows-1252 (Excel "CSV" on Windows)' };
}

/** Valid multi-byte UTF-8 characters, and bytes that start no valid character (a cut-off last one is neither). */
export function utf8Counts(bytes: Uint8Array): { multiByte: number; invalid: number } {
  let multiByte = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceLength(bytes, i);
    if (n > 0) {
      multiByte++;
      i += n;
    } else if (n === 0) break; // cut off by the end of the preview
    else {
      invalid++;
      i++;
    }
  }
  return { multiByte, invalid };
}

/** Length of the valid UTF-8 sequence at `i` (≥ 2), 0 when cut off by the end, −1 when invalid. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    if (b === 0xf4) hi = 0x8f;
  } else return -1;
  for (let k = 1; k <= need; k++) {
    if (i + k >= bytes.length) return 0;
    const c = bytes[i + k]!;
    if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return -1;
  }
  return need + 1;
}

/**
 * Text of mostly Latin characters in UTF-16 has a zero in every other byte: in the odd positions
 * for little-endian, the even ones for big-endian. Only decided when the pattern is strong.
 */
function guessBomlessUtf16(bytes: Uint8Array): Encoding | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > 0.4 * pairs && evenZeros < 0.05 * pairs) return 'utf-16le';
  if (evenZeros > 0.4 * pairs && oddZeros < 0.05 * pairs) return 'utf-16be';
  return null;
}

/**
 * Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF). With `truncated`, a
 * multi-byte sequence cut off by the end of a preview is allowed.
 */
export function isValidUtf8(bytes: Uint8Array, truncated = false): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return truncated;
    if (length < 0) return false;
    i += length;
  }
  return true;
}

/** Windows-1252's 0x80–0x9F; the other bytes are Latin-1. Undefined bytes map to C1 controls as WHATWG does. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function cp1252Char(b: number): number {
  return b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
}

/** A stateful decoder: bytes in, text out, chunk boundaries anywhere (mid-character included). */
export interface ChunkDecoder {
  decode(chunk: Uint8Array): string;
  end(): string;
}

export function createDecoder(encoding: Encoding): ChunkDecoder {
  if (encoding === 'windows-1252') {
    return {
      decode(chunk) {
        let out = '';
        // Build in slices: String.fromCharCode with huge argument lists overflows the stack.
        for (let i = 0; i < chunk.length; i += 8192) {
          const codes = Array.from(chunk.subarray(i, i + 8192), cp1252Char);
          out += String.fromCharCode(...codes);
        }
        return out;
      },
      end: () => '',
    };
  }
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  // ignoreBOM: true keeps TextDecoder from eating a BOM we did not detect; callers skip bomLength.
  const td = new TextDecoder(label, { fatal: false, ignoreBOM: true });
  return {
    decode: (chunk) => td.decode(chunk, { stream: true }),
    end: () => td.decode(),
  };
}

export interface Preview {
  text: string;
  encoding: EncodingGuess;
  /** True when the preview stops before the end of the file (its last line may be cut). */
  truncated: boolean;
}

/**
 * Decode the first bytes of a file: all of `head` (callers read PREVIEW_BYTES, or more for very
 * wide files). `totalBytes` is the file size, to know if it was cut.
 */
export function decodePreview(head: Uint8Array, totalBytes = head.length): Preview {
  const encoding = detectEncoding(head);
  const bytes = head.subarray(encoding.bomLength);
  const dec = createDecoder(encoding.encoding);
  // A cut-off multi-byte character at the end of a truncated preview is dropped, not replaced.
  const truncated = totalBytes > encoding.bomLength + bytes.length;
  const text = dec.decode(bytes) + (truncated ? '' : dec.end());
  return { text, encoding, truncated };
}

/** Does DuckDB need a transcoded copy? Plain UTF-8 (with or without BOM) can be read as it is. */
export function needsTranscoding(encoding: Encoding): boolean {
  return encoding !== 'utf-8' && encoding !== 'utf-8-bom';
}

/** Incremental transcoder to UTF-8 bytes: skips the BOM, carries split characters across chunks. */
export interface Transcoder {
  push(chunk: Uint8Array): Uint8Array;
  end(): Uint8Array;
}

export function createTranscoder(guess: Pick<EncodingGuess, 'encoding' | 'bomLength'>): Transcoder {
  const dec = createDecoder(guess.encoding);
  const enc = new TextEncoder();
  let toSkip = guess.bomLength;
  return {
    push(chunk) {
      if (toSkip > 0) {
        const skip = Math.min(toSkip, chunk.length);
        toSkip -= skip;
        chunk = chunk.subarray(skip);
      }
      return enc.encode(dec.decode(chunk));
    },
    end: () => enc.encode(dec.end()),
  };
}

/** The transcoder as an async generator over chunks (e.g. from a File's stream reader). */
export async function* transcodeChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  guess: Pick<EncodingGuess, 'encoding' | 'bomLength'>,
): AsyncGenerator<Uint8Array> {
  const t = createTranscoder(guess);
  for await (const chunk of chunks) {
    const out = t.push(chunk);
    if (out.length > 0) yield out;
  }
  const tail = t.end();
  if (tail.length > 0) yield tail;
}

/** The transcoder as a web TransformStream: `file.stream().pipeThrough(transcodeStream(guess))`. */
export function transcodeStream(guess: Pick<EncodingGuess, 'encoding' | 'bomLength'>): TransformStream<Uint8Array, Uint8Array> {
  const t = createTranscoder(guess);
  return new TransformStream({
    transform(chunk, controller) {
      const out = t.push(chunk);
      if (out.length > 0) controller.enqueue(out);
    },
    flush(controller) {
      const tail = t.end();
      if (tail.length > 0) controller.enqueue(tail);
    },
  });
}
