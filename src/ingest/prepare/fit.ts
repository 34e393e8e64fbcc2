/**
 * A mapping fitted to the file in hand: the header it was made on is looked for where the mapping
 * says, then anywhere (a later export may have more title rows), then accepted with columns added
 * or removed as long as every column the mapping reads is there. Columns the mapping reads that
 * share their name with another are refused (the first would silently win).
 */
import { combineHeaderRows, findHeader, repeatedNames, repeatedNamesMessage, uniqueHeaders, type MergeRange } from '../headers';
import { ImportError } from '../load/request';
import { applyPreset, headersSignature, type Mapping } from '../mapping';

/** The mapping applied to this file's header, and the record index of its first data row. */
export interface Fitted {
  mapping: Mapping;
  dataStart: number;
}

/** The header as the mapping describes it, checked against the file (a later export may have more title rows). */
export function fitMapping(mapping: Mapping, rows: string[][], merges: MergeRange[], fileName: string): Fitted {
  const at = headersAt(rows, mapping.headerRow, mapping.headerRows, merges);
  if (at && headersSignature(at) === mapping.signature) {
    return { mapping: applyPreset(mapping, at, mapping.headerRow, mapping.headerRows), dataStart: mapping.headerRow + mapping.headerRows };
  }
  const found = findHeader(rows, merges);
  if (found && headersSignature(found.headers) === mapping.signature) {
    return { mapping: applyPreset(mapping, found.headers, found.headerRow, found.headerRows), dataStart: found.dataStart };
  }
  // Columns added or removed since the mapping was made: fine while every column it reads is there.
  const used = usedColumns(mapping);
  const key = (h: string) => h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  for (const candidate of [at ? { headers: at, headerRow: mapping.headerRow, headerRows: mapping.headerRows } : null, found]) {
    if (!candidate) continue;
    const have = new Set(candidate.headers.map(key));
    if (used.every((c) => have.has(key(c)))) {
      const m = applyPreset(mapping, candidate.headers, candidate.headerRow, candidate.headerRows);
      return { mapping: m, dataStart: candidate.headerRow + candidate.headerRows };
    }
  }
  const missing = used.filter((c) => !(found?.headers ?? at ?? []).map(key).includes(key(c)));
  throw new ImportError(
    `${fileName} does not have the columns this mapping reads (${missing.map((c) => `"${c}"`).join(', ') || 'header row not found'}). ` +
      `Its columns are: ${(found?.headers ?? at ?? []).join(', ') || 'none found'}. Map the file again.`,
  );
}

/** The file's columns the mapping reads: field sources and the flat intervention columns. */
function usedColumns(m: Mapping): string[] {
  const out: string[] = [];
  for (const fm of Object.values(m.fields)) {
    const s = fm.source;
    if (s.from === 'column') out.push(s.column);
    if (s.from === 'dateTime') out.push(s.date, s.time);
  }
  for (const iv of m.interventions ?? []) {
    for (const c of [iv.flag, iv.typeColumn, iv.minutes, iv.reason, iv.start?.column, iv.end?.column]) if (c) out.push(c);
  }
  return [...new Set(out)];
}

/** Column names of the header record(s) at `row`, combined and made unique as findHeader does. */
export function headersAt(rows: string[][], row: number, count: number, merges: MergeRange[] = []): string[] | null {
  const names = rawHeadersAt(rows, row, count, merges);
  return names && uniqueHeaders(names);
}

/** The header record(s) at `row` combined, names as the file has them (blank or repeated). */
function rawHeadersAt(rows: string[][], row: number, count: number, merges: MergeRange[]): string[] | null {
  if (row + count > rows.length) return null;
  let names = rows[row]!;
  for (let k = 1; k < count; k++) names = combineHeaderRows(names, rows[row + k]!, row + k - 1, merges);
  return names;
}

/** Refuse a file when a column the mapping reads shares its name with another: the first would silently win. */
export function refuseRepeatedColumns(rows: string[][], mapping: Mapping, merges: MergeRange[]): void {
  const used = new Set(usedColumns(mapping));
  const clash = repeatedNames(rawHeadersAt(rows, mapping.headerRow, mapping.headerRows, merges) ?? []).filter((g) => g.headers.some((h) => used.has(h)));
  if (clash.length > 0) throw new ImportError(repeatedNamesMessage(clash));
}
