/**
 * An unexpected failure of an import, in the user's words. DuckDB's own wording (its sniffer, its
 * parser's state machine, the registered file's name) means nothing to them, so its errors become
 * what they mean for the file and what to do. Known refusals (ImportError) say so themselves.
 */
import { failureOf } from '../../db/failure';
import { sniffText } from '../sniff';

/** From this many columns on, running out of memory is put down to the file's width. */
const MANY_COLUMNS = 1000;

/** The number of columns of a text file, from its first bytes (the sniffed table width). */
export function columnsIn(head: Uint8Array): number {
  return sniffText(head).delimiter.width;
}

/** DuckDB could not split the file into rows (its sniffer or its CSV parser's state machine gave up). */
export const isCsvParseError = (e: unknown) =>
  e instanceof Error && /Error when sniffing file|state machine reached an invalid state|not possible to automatically detect the CSV/.test(e.message);

/** The message for an unexpected error; `columns` is the file's width when it is a text file. */
export function plainFailure(e: Error, columns: number | null = null): string {
  const m = e.message;
  if (failureOf(e) === 'memory' && columns !== null && columns >= MANY_COLUMNS) {
    // Not the computer's fault, and closing tabs will not help: the file is too wide.
    return (
      `The file has ${columns.toLocaleString('en-GB')} columns, too many for the in-browser database to read at once (it ran out of memory). ` +
      'Export only the columns PBS Lens needs, or delete the others in a spreadsheet, and import it again.'
    );
  }
  if (failureOf(e) === 'memory') {
    return 'The file could not be read: the in-browser database ran out of memory. Close other tabs, or split the file into smaller ones, and try again.';
  }
  if (/^Invalid Input Error: /.test(m)) return unreadableInput(e);
  return `The file could not be read: ${m.split('\n')[0]}`;
}

/** DuckDB's "Invalid Input Error": an overlong line, bytes that are not text, or lines that do not follow one layout. */
function unreadableInput(e: Error): string {
  if (!isCsvParseError(e) && /Maximum line size/.test(e.message)) {
    return 'The file could not be read: one of its lines is too long (over 2 million characters without a line break). Check that every quoted field is closed, or save the file again from a spreadsheet.';
  }
  if (!isCsvParseError(e) && /invalid unicode|invalid utf-?8|encoding/i.test(e.message)) {
    return 'The file could not be read: it holds bytes that are not valid text. It may be damaged or in an unusual encoding; open it in a spreadsheet and save it as "CSV UTF-8".';
  }
  return 'The file could not be split into rows and columns: its lines do not follow one CSV layout. Check that it is a CSV or text export with the same delimiter on every line and every quote closed, or open it in a spreadsheet and save it as CSV again.';
}
