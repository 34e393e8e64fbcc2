/**
 * Settling a judged table (one row per record read, with `ok` and the checks that decide it):
 * duplicates found, good rows inserted with their lines, every bad row written to `rejects` with
 * its reason, the import logged, and the report built. Both loaders (canonical and mapped) and the
 * unpivoted interventions end here, so read = accepted + rejected holds in one place; a file refused
 * as a whole is logged here too (logRefusal).
 */
import type { Connector } from '../db/connector';
import { ident, literal } from '../db/sql';
import { TABLES, type FileKind } from './canonical';
import type { CsvReject, LineNumbers } from './lineNumbers';
import { failedReport, REPORTED_REJECTS, rejectedRows, rejectReasons, type ImportReport, type ReportMeta } from './report';

export interface Settle {
  importId: number;
  fileName: string;
  kind: FileKind;
  /** Table of judged rows: the spec's fields, `ok`, `_blank`, `_row` (for lines) and `ord` (row identity). */
  judged: string;
  ord: string;
  /**
   * The judged table is a main-schema table whose columns begin as the kind's table does, with
   * this import's `import_id` and `source_line` (right when DuckDB rejected no line): a first
   * import of its kind may become the table (adoptJudged) instead of being copied into it.
   * The judging columns after those, to be dropped then.
   */
  adoptable?: string[];
  lines: LineNumbers;
  /** Struct expressions describing a bad row's problems. */
  checks: string[];
  csvRejects: CsvReject[];
  meta: ReportMeta;
}

/** Why a line DuckDB could not decode was rejected (the file is read as UTF-8; see decode.ts). */
const NOT_UTF8 = 'the line holds bytes that are not valid UTF-8 text (a character saved in another encoding?), so it could not be read';

/**
 * Insert the good rows, skip duplicates (the same key earlier in this file or already imported)
 * and describe the bad ones. Problems are spelled out only for rows that have them, so clean
 * files stay fast.
 */
export async function settle(db: Connector, s: Settle): Promise<ImportReport> {
  const { existing, counts } = await findDuplicates(db, s);
  // A clean file (no bad row, no duplicate) has nothing to describe: its statements are skipped.
  const judgedBad = counts.rejected - s.csvRejects.length;
  if (judgedBad > 0) await insertRejected(db, s);
  if (s.csvRejects.length > 0) await insertUnreadLines(db, s.importId);
  if (s.adoptable && existing === 0 && s.csvRejects.length === 0) await adoptJudged(db, s, s.adoptable, judgedBad > 0);
  else await insertAccepted(db, s);
  await logImport(db, s, counts);
  return {
    fileName: s.fileName,
    kind: s.kind,
    ...counts,
    reasons: counts.rejected > 0 ? await rejectReasons(db, s.importId) : [],
    rejects: counts.rejected > 0 ? await rejectedRows(db, s.importId, REPORTED_REJECTS) : [],
    error: null,
    format: s.meta.format,
    encoding: s.meta.encoding,
    sheet: s.meta.sheet,
    mapping: s.meta.mapping,
    notes: s.meta.notes,
  };
}

const keyLabelOf = (kind: FileKind) => literal(TABLES[kind].key.join(' + '));

/**
 * The `duplicates` table: good rows whose key came earlier in this file or is already imported.
 * Returns the rows already in the kind's table and the counts (read in the same round trip).
 */
async function findDuplicates(db: Connector, s: Settle): Promise<{ existing: number; counts: Counts }> {
  const spec = TABLES[s.kind];
  const J = s.judged;
  const ord = ident(s.ord);
  const keyLabel = keyLabelOf(s.kind);
  const sameKey = (a: string, b: string) => spec.key.map((k) => `${a}.${ident(k)} IS NOT DISTINCT FROM ${b}.${ident(k)}`).join(' AND ');
  const [{ existing }] = (await db.query<{ existing: number }>(`SELECT count(*)::DOUBLE AS existing FROM ${ident(spec.table)}`)) as [{ existing: number }];
  const [counted] = await db.query<CountedRows>(`CREATE OR REPLACE TEMP TABLE duplicates AS
    WITH repeated AS (
      SELECT ${spec.key.map(ident).join(', ')}, min(${ord}) AS first_row FROM ${J} WHERE ok
      GROUP BY ALL HAVING count(*) > 1)
    SELECT j.${ord} AS _dup, 'duplicate of an earlier row in this file (same ' || ${keyLabel} || ')' AS reason
    FROM ${J} j JOIN repeated r ON ${sameKey('j', 'r')} WHERE j.ok AND j.${ord} > r.first_row
    ${existing > 0 ? `UNION ALL
    SELECT j.${ord}, 'already imported (same ' || ${keyLabel} || ')' FROM ${J} j
    WHERE j.ok AND EXISTS (SELECT 1 FROM ${ident(spec.table)} t WHERE ${sameKey('t', 'j')})` : ''};
    ${countRowsSql(s)}`);
  return { existing, counts: countsOf(counted as CountedRows, s) };
}

/**
 * The kind's table is empty: the judged table becomes it. Bad rows and duplicates are deleted,
 * the judging columns `drop` dropped (DuckDB drops a column without copying the others) and the
 * empty table replaced in one transaction: the accepted rows are never copied, which at millions
 * of rows takes a third as long as reading them.
 *
 * The connection is shared (the pages query while an import runs): a statement of the swap that
 * fails leaves its transaction open and aborted, failing every other caller's statement until a
 * ROLLBACK. So the ROLLBACK is sent right behind the swap, before anyone else can send a
 * statement, and the swap ends by opening a spare transaction for it to close when all went well.
 */
async function adoptJudged(db: Connector, s: Settle, drop: string[], anyBad: boolean): Promise<void> {
  const table = ident(TABLES[s.kind].table);
  const J = ident(s.judged);
  const bad = anyBad ? `NOT ok OR ${ident(s.ord)} IN (SELECT _dup FROM duplicates)` : 'NOT ok';
  // The delete goes before the transaction: DuckDB refuses to commit one that deletes rows and renames the table.
  const swap = db.exec(`DELETE FROM ${J} WHERE ${bad};
    BEGIN; ${drop.map((c) => `ALTER TABLE ${J} DROP COLUMN ${ident(c)};`).join(' ')}
    DROP TABLE ${table}; ALTER TABLE ${J} RENAME TO ${table}; COMMIT; BEGIN`);
  const close = db.exec('ROLLBACK').then(
    () => null,
    (e: unknown) => e,
  );
  try {
    await swap;
  } catch (e) {
    await close;
    throw e;
  }
  const unclosed = await close;
  if (unclosed) throw unclosed;
}

/** The good rows that are not duplicates go into the kind's table, each with its source line. */
async function insertAccepted(db: Connector, s: Settle): Promise<void> {
  const spec = TABLES[s.kind];
  await db.query(
    `INSERT INTO ${ident(spec.table)} (${spec.fields.map((f) => ident(f.name)).join(', ')}, import_id, source_line)
     SELECT ${spec.fields.map((f) => `j.${ident(f.name)}`).join(', ')}, ?, ${s.lines.of('j')}
     FROM ${s.judged} j ${s.lines.join}
     WHERE j.ok AND j.${ident(s.ord)} NOT IN (SELECT _dup FROM duplicates)`,
    [s.importId],
  );
}

/** Each problem of a bad (non-blank) row, and each duplicate, as a reject with its line. */
async function insertRejected(db: Connector, s: Settle): Promise<void> {
  const lineOf = s.lines.of('j');
  const keyValue = `concat_ws(' + ', ${TABLES[s.kind].key.map((k) => `j.${ident(k)}::VARCHAR`).join(', ')})`;
  await db.query(
    `INSERT INTO rejects (import_id, line, "column", value, reason)
     SELECT ?, line, p.column, p.value, p.reason FROM (
       SELECT ${lineOf} AS line, unnest(list_filter([${s.checks.join(', ')}], x -> x IS NOT NULL)) AS p
       FROM ${s.judged} j ${s.lines.join} WHERE NOT j.ok AND NOT j._blank)
     UNION ALL
     SELECT ?, ${lineOf}, ${keyLabelOf(s.kind)}, ${keyValue}, d.reason
     FROM ${s.judged} j JOIN duplicates d ON d._dup = j.${ident(s.ord)} ${s.lines.join}`,
    [s.importId, s.importId],
  );
}

/** The lines DuckDB could not read at all (csv_rejects), in plain words. */
async function insertUnreadLines(db: Connector, importId: number): Promise<void> {
  await db.query(
    `INSERT INTO rejects (import_id, line, "column", value, reason)
     SELECT ?, line::INTEGER, NULL, left(min(csv_line), 500),
       CASE min(error_type)
         WHEN 'TOO MANY COLUMNS' THEN 'the line has the wrong number of fields (' || replace(replace(min(error_message), 'Expected Number of Columns', 'expected'), 'Found', 'found') || ')'
         WHEN 'MISSING COLUMNS' THEN 'the line has the wrong number of fields (' || replace(replace(min(error_message), 'Expected Number of Columns', 'expected'), 'Found', 'found') || ')'
         WHEN 'UNQUOTED VALUE' THEN 'the line could not be read (unquoted value)'
         WHEN 'INVALID UNICODE' THEN ${literal(NOT_UTF8)}
         WHEN 'INVALID ENCODING' THEN ${literal(NOT_UTF8)}
         ELSE 'the line could not be read: ' || min(error_message)
       END
     FROM csv_rejects GROUP BY line`,
    [importId],
  );
}

export interface Counts {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

interface CountedRows {
  parsed: number;
  accepted: number;
  duplicates: number;
}

/** The judged rows parsed (blank ones aside), accepted and found duplicate, once `duplicates` is made. */
const countRowsSql = (s: Settle) => `SELECT count(*) FILTER (WHERE NOT _blank)::INTEGER AS parsed,
            (count(*) FILTER (WHERE ok) - (SELECT count(*) FROM duplicates))::INTEGER AS accepted,
            (SELECT count(*) FROM duplicates)::INTEGER AS duplicates
     FROM ${s.judged}`;

/** read = rows parsed (blank ones aside) + lines DuckDB could not read; rejected = read − accepted. */
function countsOf(c: CountedRows, s: Settle): Counts {
  const read = c.parsed + s.csvRejects.length;
  return { read, accepted: c.accepted, rejected: read - c.accepted, duplicates: c.duplicates };
}

/** An import's line in the imports log; `error` for a file refused as a whole (its counts all 0). */
export async function logImport(
  db: Connector,
  entry: { importId: number; fileName: string; kind: string; meta: ReportMeta },
  c: Counts,
  error: string | null = null,
): Promise<void> {
  const { meta } = entry;
  await db.query(
    `INSERT INTO imports (import_id, file_name, kind, imported_at, read, accepted, rejected, duplicates, error, mapping, encoding, format)
     VALUES (?, ?, ?, current_timestamp::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [entry.importId, entry.fileName, entry.kind, c.read, c.accepted, c.rejected, c.duplicates, error, meta.mapping ? JSON.stringify(meta.mapping) : null, meta.encoding, meta.format],
  );
}

/**
 * A file refused as a whole: logged with counts of 0 and the reason, and reported so. Without a
 * kind the log says 'unknown' (the report, which needs one, says incidents).
 */
export async function logRefusal(db: Connector, entry: { importId: number; fileName: string; kind: FileKind | null }, error: string, meta: ReportMeta): Promise<ImportReport> {
  const zero = { read: 0, accepted: 0, rejected: 0, duplicates: 0 };
  await logImport(db, { importId: entry.importId, fileName: entry.fileName, kind: entry.kind ?? 'unknown', meta }, zero, error);
  return failedReport(entry.fileName, entry.kind ?? 'incidents', error, meta);
}
