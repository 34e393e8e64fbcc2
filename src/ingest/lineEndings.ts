/**
 * Files whose lines end in more than one style (CRLF rows and LF rows: a file edited by two
 * tools, or rows appended by a script). DuckDB's read_csv settles on one newline and then refuses
 * the file ("state machine reached an invalid state") or rejects its rows, so such files are
 * rewritten with LF endings on their way in. Files with one style are read as they are.
 */
import type { Transcoder } from './decode';
import { chunksOf, ImportCancelled } from './source';

export type LineEndingStyle = 'crlf' | 'lf' | 'cr';

/** How many records end in each style, counted outside quoted fields (a quoted line break is data). */
export type LineEndingCounts = Record<LineEndingStyle, number>;

const STYLE_NAMES: Record<LineEndingStyle, string> = { crlf: 'Windows CR LF', lf: 'Unix LF', cr: 'old Mac CR' };

export function isMixed(c: LineEndingCounts): boolean {
  return (c.crlf > 0 ? 1 : 0) + (c.lf > 0 ? 1 : 0) + (c.cr > 0 ? 1 : 0) > 1;
}

/** The import report's note for a file whose endings were normalised. */
export function normalisedNote(c: LineEndingCounts): string {
  const styles = (Object.keys(STYLE_NAMES) as LineEndingStyle[]).filter((s) => c[s] > 0).map((s) => STYLE_NAMES[s]);
  return `Line endings were normalised: the file's lines end in a mix of styles (${styles.join(' and ')}), as when a file is edited in two programs or rows are appended by a script; each was read as one line.`;
}

/**
 * Counts record endings in UTF-8 (or any ASCII-compatible) bytes, chunk by chunk. Quotes follow
 * read_csv's rules with an explicit dialect: a quote opens a quoted field only at the start of a
 * field, and a doubled quote inside one is a literal quote.
 */
export class LineEndingCounter {
  readonly counts: LineEndingCounts = { crlf: 0, lf: 0, cr: 0 };
  private readonly q: number;
  private readonly d: number;
  private inQuotes = false;
  private quotePending = false;
  private fieldStart = true;
  private lastWasCR = false;

  constructor(quote: string, delimiter: string) {
    this.q = quote.charCodeAt(0);
    this.d = delimiter.charCodeAt(0);
  }

  push(bytes: Uint8Array): void {
    const { q, d, counts } = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.lastWasCR) {
        this.lastWasCR = false;
        if (b === 10) {
          counts.crlf++;
          continue;
        }
        counts.cr++;
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (b === q) continue; // "" inside quotes
          this.inQuotes = false; // the quote closed the field; go on with b
        } else {
          if (b === q) this.quotePending = true;
          continue;
        }
      }
      if (b === 13) {
        this.lastWasCR = true;
        this.fieldStart = true;
      } else if (b === 10) {
        counts.lf++;
        this.fieldStart = true;
      } else if (b === q && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
      } else {
        this.fieldStart = b === d;
      }
    }
  }

  /** The counts at the end of the whole file (a final lone CR counts; a preview's last CR may be half a CRLF). */
  end(): LineEndingCounts {
    if (this.lastWasCR) this.counts.cr++;
    this.lastWasCR = false;
    return this.counts;
  }
}

/** Line endings in a preview (the text may stop anywhere: a last CR is left uncounted). */
export function previewLineEndings(text: string, quote: string, delimiter: string): LineEndingCounts {
  const counter = new LineEndingCounter(quote, delimiter);
  counter.push(new TextEncoder().encode(text));
  return counter.counts;
}

/** Line endings of a whole UTF-8 file, read in chunks; stops as soon as the styles are seen to mix. */
export async function fileLineEndings(data: Uint8Array | Blob, quote: string, delimiter: string, signal?: AbortSignal): Promise<LineEndingCounts> {
  const counter = new LineEndingCounter(quote, delimiter);
  for await (const chunk of chunksOf(data)) {
    if (signal?.aborted) throw new ImportCancelled();
    counter.push(chunk);
    if (isMixed(counter.counts)) return counter.counts;
  }
  return counter.end();
}

/**
 * CRLF and lone CR become LF, byte by byte, in UTF-8 bytes; a CR at the end of one chunk and an
 * LF at the start of the next are one line ending. Quoted line breaks are rewritten too (read_csv
 * keeps them as data either way). Line numbers do not change: each ending stays one line break.
 */
export function lineEndingNormaliser(): Transcoder {
  let afterCR = false;
  return {
    push(chunk) {
      if (!afterCR && chunk.indexOf(13) < 0) return chunk;
      const out = new Uint8Array(chunk.length);
      let o = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b === 10 && afterCR) {
          afterCR = false;
          continue;
        }
        afterCR = b === 13;
        out[o++] = afterCR ? 10 : b;
      }
      return out.subarray(0, o);
    },
    end: () => new Uint8Array(0),
  };
}
