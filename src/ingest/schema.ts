/** DDL for the canonical tables, the import log and the rejects, derived from canonical.ts. */
import type { Connector } from '../db/connector';
import { ident } from '../db/sql';
import { TABLES, type FieldType, type FileKind } from './canonical';
import { normaliseTerm, vocabularyRows } from './vocabularies';

const SQL_TYPE: Record<FieldType, string> = {
  id: 'VARCHAR',
  text: 'VARCHAR',
  ratio: 'VARCHAR',
  contract: 'VARCHAR',
  status: 'VARCHAR',
  interventionType: 'VARCHAR',
  interventionReason: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  number: 'DOUBLE',
  minutes: 'DOUBLE',
  integer: 'INTEGER',
  severity: 'INTEGER',
  weekday: 'INTEGER',
  boolean: 'BOOLEAN',
};

export const sqlType = (t: FieldType): string => SQL_TYPE[t];

export function tableDDL(kind: FileKind): string {
  const spec = TABLES[kind];
  const cols = spec.fields.map((f) => `${ident(f.name)} ${SQL_TYPE[f.type]}`);
  // Provenance: every canonical row can be traced to its file and line.
  cols.push('import_id INTEGER', 'source_line INTEGER');
  return `CREATE TABLE IF NOT EXISTS ${ident(spec.table)} (${cols.join(', ')})`;
}

export async function ensureSchema(db: Connector): Promise<void> {
  const ddl = (Object.keys(TABLES) as FileKind[]).map(tableDDL);
  ddl.push(
    `CREATE TABLE IF NOT EXISTS imports (
       import_id INTEGER, file_name VARCHAR, kind VARCHAR, imported_at TIMESTAMP,
       read INTEGER, accepted INTEGER, rejected INTEGER, duplicates INTEGER, error VARCHAR,
       mapping VARCHAR, encoding VARCHAR, format VARCHAR)`,
    // Import logs made before mappings were recorded gain the columns.
    'ALTER TABLE imports ADD COLUMN IF NOT EXISTS mapping VARCHAR',
    'ALTER TABLE imports ADD COLUMN IF NOT EXISTS encoding VARCHAR',
    'ALTER TABLE imports ADD COLUMN IF NOT EXISTS format VARCHAR',
    `CREATE TABLE IF NOT EXISTS rejects (
       import_id INTEGER, line INTEGER, "column" VARCHAR, value VARCHAR, reason VARCHAR)`,
    `CREATE TABLE IF NOT EXISTS vocabulary (vocabulary VARCHAR, input VARCHAR, output VARCHAR)`,
  );
  // One round trip, the vocabulary's count read behind the DDL: in the browser each statement is a message to the worker, and every import asks.
  const [{ n }] = (await db.query<{ n: number }>([...ddl, 'SELECT count(*)::INTEGER AS n FROM vocabulary'].join(';\n'))) as [{ n: number }];
  if (n === 0) await loadVocabulary(db, vocabularyRows());
}

/**
 * Vocabulary rows map a spelling normalised by `normaliseTerm` (vocabularies.ts; the SQL side
 * joins on `sqlNormaliseTerm` of the raw value) to a canonical value. Canonical and vendor
 * spellings alike: Substantive, Locum, Rostered, face down …
 */
export async function loadVocabulary(
  db: Connector,
  rows: { vocabulary: string; input: string; output: string }[],
): Promise<void> {
  // Parameterised multi-row insert, in chunks to keep statements small.
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const placeholders = chunk.map(() => '(?, ?, ?)').join(', ');
    await db.query(
      `INSERT INTO vocabulary VALUES ${placeholders}`,
      chunk.flatMap((r) => [r.vocabulary, normaliseTerm(r.input), r.output]),
    );
  }
}
