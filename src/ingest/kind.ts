/**
 * Which canonical table a file is, from its column names (and its file name as a tie-break): how
 * a canonical CSV imported without a stated kind finds its table. Vendor exports say their kind
 * in their mapping instead.
 */
import { TABLES, type FileKind } from './canonical';
import { ImportError } from './load/request';

/** Which canonical table a file's headers describe: all required fields present, most fields matched. */
export function detectCanonicalKind(headers: string[], fileName = ''): FileKind {
  const have = new Set(headers.map((h) => h.trim().toLowerCase()));
  let best: { kind: FileKind; score: number } | null = null;
  for (const spec of Object.values(TABLES)) {
    if (!spec.fields.every((f) => !f.required || have.has(f.name))) continue;
    let score = spec.fields.filter((f) => have.has(f.name)).length / spec.fields.length;
    if (fileName.toLowerCase().includes(spec.table.replace(/_/g, '')) || fileName.toLowerCase().includes(spec.table)) score += 0.5;
    if (!best || score > best.score) best = { kind: spec.kind, score };
  }
  if (!best) throw new ImportError(unknownKindMessage(headers));
  return best.kind;
}

function unknownKindMessage(headers: string[]): string {
  const expected = Object.values(TABLES)
    .map((t) => `${t.label}: ${t.fields.filter((f) => f.required).map((f) => f.name).join(', ')}`)
    .join('; ');
  return (
    `Could not tell what kind of file this is from its columns (${headers.slice(0, 12).join(', ')}). ` +
    `Canonical files need these columns — ${expected}.`
  );
}
