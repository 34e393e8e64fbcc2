/**
 * Import one file into a canonical table. Every row read ends either in the table or in `rejects`
 * with its line, column, value and reason: read = accepted + rejected.
 *
 *   bytes ──(transcode)──read_csv──► judged (parse + validate, SQL) ──► canonical table
 *               └─ malformed lines ─┐          └─ problems, duplicates ─┐
 *                                   └──────────────► rejects ◄───────────┘
 *
 * This module orchestrates: it tells the format (sniff.ts), hands the file to one of two loaders,
 * reads it again with normalised line endings when they turn out to mix, and undoes a failed
 * import, recording why in words the user understands. The parts, by responsibility:
 *
 *   load/canonical.ts    a canonical CSV (PBS Lens's own column names; kind from kind.ts)
 *   load/mapped.ts       a vendor export (CSV, TSV, Excel) through a Mapping, prepared by
 *                        prepare/text.ts or prepare/workbook.ts, interventions unpivoted
 *   lineNumbers.ts       where every accepted and rejected row's line number comes from
 *   settle.ts            duplicates, inserts, rejects and the imports log: the counts
 *   report.ts            the ImportReport and reading its rejects back
 *   load/failure.ts      unexpected errors in plain words
 */
import { fileSlot, type Connector } from '../db/connector';
import { ident } from '../db/sql';
import { TABLES } from './canonical';
import { PREVIEW_BYTES } from './decode';
import type { LineEndingCounts } from './lineEndings';
import { loadCanonical } from './load/canonical';
import { CANONICAL_JUDGED } from './load/canonicalSql';
import { columnsIn, plainFailure } from './load/failure';
import { loadMapped } from './load/mapped';
import { MixedLineEndings } from './load/mixedEndings';
import { ImportError, type LoadAttempt, type LoadRequest } from './load/request';
import { MappingSqlError } from './mapped';
import type { ImportReport, ReportMeta } from './report';
import { ensureSchema } from './schema';
import { logRefusal } from './settle';
import { detectFormat } from './sniff';
import { ImportCancelled, readTextHead } from './source';
import { XlsxError } from './xlsx';

export type { ImportProgress, LoadRequest } from './load/request';

/** Temporary tables an import may leave behind. */
const CLEANUP = [CANONICAL_JUDGED, 'judged', 'duplicates', 'csv_bad', 'csv_rejects', 'csv_scans', 'iv_judged', 'rec_lines', 'good_lines', 'field_vocab', 'import_constants'];
const dropTemps = (db: Connector) => db.exec(CLEANUP.map((t) => `DROP TABLE IF EXISTS ${t}`).join('; '));

export async function loadDelimitedFile(db: Connector, req: LoadRequest): Promise<ImportReport> {
  await ensureSchema(db);
  const registered = fileSlot(`import_${req.importId}.csv`);
  let meta: ReportMeta = { format: null, encoding: null, mapping: req.mapping ?? null, sheet: null, notes: [] };
  let head: Uint8Array | null = null;
  try {
    req.onProgress?.({ phase: 'reading' });
    head = await readTextHead(req.data, PREVIEW_BYTES);
    const format = formatOf(head, req.fileName);
    meta = { ...meta, format };
    const setMeta = (m: Partial<ReportMeta>) => (meta = { ...meta, ...m });
    const first = head;
    const load = (lineEndings: LineEndingCounts | null) => {
      const attempt: LoadAttempt = { db, req, format, registered, setMeta, lineEndings };
      return req.mapping ? loadMapped(attempt, req.mapping) : loadCanonical(attempt, first);
    };
    const report = await loadOnceMore(load, async () => {
      await undoImport(db, [req.importId, req.importId + 1]);
      await dropTemps(db);
      await db.dropFile(registered).catch(() => undefined);
    });
    req.onProgress?.({ phase: 'done' });
    return report;
  } catch (e) {
    // Nothing half-imported: whatever this import (and its unpivoted interventions) wrote goes.
    await undoImport(db, [req.importId, req.importId + 1]);
    if (e instanceof ImportCancelled) throw e;
    const message = failureMessage(e as Error, meta.format === 'delimited' ? head : null);
    return logRefusal(db, { importId: req.importId, fileName: req.fileName, kind: req.mapping?.kind ?? req.kind ?? null }, message, meta);
  } finally {
    await dropTemps(db);
    await db.dropFile(registered).catch(() => undefined);
  }
}

/** The file's format from its first bytes; refused in plain words when it is empty or not a table. */
function formatOf(head: Uint8Array, fileName: string): 'delimited' | 'xlsx' {
  if (head.length === 0) throw new ImportError('The file is empty.');
  const format = detectFormat(head, fileName);
  if (format.format !== 'rejected') return format.format;
  if (format.reason === 'empty') throw new ImportError('The file is empty.');
  if (format.reason === 'unreadable') throw new ImportError(format.message);
  throw new ImportError(`This looks like a binary file, not a CSV or text export. ${format.message}`);
}

/** Load as the file is; when its line endings turn out to mix past the preview, clear up and load it normalised. */
async function loadOnceMore(load: (lineEndings: LineEndingCounts | null) => Promise<ImportReport>, clearUp: () => Promise<void>): Promise<ImportReport> {
  try {
    return await load(null);
  } catch (e) {
    if (!(e instanceof MixedLineEndings)) throw e;
    await clearUp();
    return load(e.counts);
  }
}

/** Known refusals say what they mean; anything else is put in plain words (`head`: a text file's first bytes). */
function failureMessage(e: Error, head: Uint8Array | null): string {
  const known = e instanceof ImportError || e instanceof XlsxError || e instanceof MappingSqlError;
  return known ? e.message : plainFailure(e, head ? columnsIn(head) : null);
}

/**
 * Remove every row an import wrote. Not a transaction: the app shares one connection, and the
 * pages' queries running meanwhile must not land inside (or be rolled back with) an import.
 */
async function undoImport(db: Connector, importIds: number[]): Promise<void> {
  const ids = importIds.map(() => '?').join(', ');
  for (const t of [...Object.values(TABLES).map((x) => x.table), 'rejects', 'imports']) {
    await db.query(`DELETE FROM ${ident(t)} WHERE import_id IN (${ids})`, importIds);
  }
}
