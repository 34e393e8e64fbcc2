/**
 * A file whose line endings change past the preview (CRLF, then LF) can make DuckDB refuse it or
 * split rows wrongly. The loaders read it as it is first; when DuckDB balks or rejects lines and
 * the whole file turns out to mix endings, they throw MixedLineEndings and the orchestration
 * (../load.ts) reads it once more, normalised (lineEndings.ts).
 */
import { isMixed, type LineEndingCounts } from '../lineEndings';
import type { CsvReject } from '../lineNumbers';
import { isCsvParseError } from './failure';

/** DuckDB refused (or rejected rows of) a file whose line endings turn out to be mixed: read it again, normalised. */
export class MixedLineEndings extends Error {
  constructor(readonly counts: LineEndingCounts) {
    super('The file mixes line endings.');
  }
}

/** Counts the whole file's line endings; null when the endings are normalised already (or a workbook). */
export type WholeFileEndings = (() => Promise<LineEndingCounts>) | null;

/**
 * Run what reads the file; when DuckDB cannot parse it and the whole file turns out to mix line
 * endings (the mix starting past the preview), ask for a normalised read instead.
 */
export async function reading<T>(run: () => Promise<T>, wholeFile: WholeFileEndings): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (wholeFile && isCsvParseError(e)) {
      const counts = await wholeFile();
      if (isMixed(counts)) throw new MixedLineEndings(counts);
    }
    throw e;
  }
}

/** Rows DuckDB rejected may be rows it split wrongly at a change of line endings: then read again, normalised. */
export async function checkRejectedLines(csvRejects: CsvReject[], wholeFile: WholeFileEndings): Promise<void> {
  if (csvRejects.length === 0 || !wholeFile) return;
  const counts = await wholeFile();
  if (isMixed(counts)) throw new MixedLineEndings(counts);
}
