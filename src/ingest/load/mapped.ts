/**
 * Loading a vendor export (CSV, TSV, Excel) through a Mapping (mapping.ts): the file is prepared
 * (../prepare/text.ts, ../prepare/workbook.ts) into columns c0 … cN, its fields are built by the
 * SQL of ../mapped.ts, and its flat restraint / seclusion / PRN columns are unpivoted by
 * ../unpivot.ts into restrictive_interventions, settled as an import of their own (importId + 1).
 */
import type { Connector } from '../../db/connector';
import { ident } from '../../db/sql';
import { TABLES } from '../canonical';
import { readWithRejects, type LineNumbers } from '../lineNumbers';
import { contentKeySql, createLookupTables, mappedQuery, sqlAllBlank, sqlFilledJoined, sqlTrimmed, type RawColumns } from '../mapped';
import { missingRequired, MappingSchema, type Mapping } from '../mapping';
import type { Prepared } from '../prepare/prepared';
import { prepareText } from '../prepare/text';
import { prepareWorkbook } from '../prepare/workbook';
import type { ImportReport, ReportMeta } from '../report';
import { settle } from '../settle';
import { unpivotConstants, unpivotQuery } from '../unpivot';
import { lookup } from '../vocabularies';
import { checkRejectedLines, reading } from './mixedEndings';
import { ImportError, type LoadAttempt, type LoadRequest } from './request';
import { rowRuleChecks, ruleClauses, rulesFor } from './rules';

type MappedQuery = ReturnType<typeof mappedQuery>;
type UnpivotQuery = NonNullable<ReturnType<typeof unpivotQuery>>;

/** Fields past the header's columns that hold values: the line's values have shifted (an unquoted delimiter). */
const EXTRA_CHECK = `CASE WHEN _extra IS NOT NULL THEN {'column': NULL::VARCHAR, 'value': _extra, 'reason': 'the line has more fields than the header has columns (its values may have shifted)'} END`;

/** Load a vendor export through the mapping `given`. */
export async function loadMapped(attempt: LoadAttempt, given: Mapping): Promise<ImportReport> {
  const { db, req, format, registered, setMeta, lineEndings } = attempt;
  const valid = validMapping(given, format, req);
  const prepared = format === 'xlsx' ? await prepareWorkbook(db, req, valid, registered) : await prepareText(db, req, valid, registered, lineEndings);
  const mapping = prepared.mapping;
  setMeta({ mapping, encoding: prepared.encoding, sheet: prepared.sheet });

  const { raw, used } = rawColumns(mapping);
  const q = mappedQuery(mapping, raw);
  const iv = unpivotQuery(mapping, raw);
  await createLookupTables(db, [...q.lookups, ...(iv?.lookups ?? [])], [...q.constants, ...fixedInterventionTypes(mapping)]);
  const rules = rulesFor(mapping.kind, req);
  req.onProgress?.({ phase: 'loading' });
  const judge = mappedJudgedSql(prepared, q, iv, [...used], ruleClauses(rules));
  // A workbook's CSV is written by us (every row read, its line in a column); only text has rejected lines.
  const csvRejects = await reading(() => (prepared.lineColumn ? db.exec(`DROP TABLE IF EXISTS csv_rejects; DROP TABLE IF EXISTS csv_scans; ${judge}`).then(() => []) : readWithRejects(db, judge)), prepared.wholeFile);
  await checkRejectedLines(csvRejects, prepared.wholeFile);
  const lines = await prepared.lines(csvRejects);
  const meta: ReportMeta = { format, encoding: prepared.encoding, mapping, sheet: prepared.sheet, notes: prepared.notes };
  const report = await settle(db, {
    importId: req.importId,
    fileName: req.fileName,
    kind: mapping.kind,
    judged: 'judged',
    ord: '_row',
    lines,
    checks: [EXTRA_CHECK, ...q.checks, ...rowRuleChecks(mapping.kind, rules)],
    csvRejects,
    meta,
  });
  if (iv) report.interventions = await settleInterventions(db, req, iv, lines, meta);
  return report;
}

/** The mapping, checked: valid, for this format and kind, and giving every required field. */
function validMapping(given: Mapping, format: 'delimited' | 'xlsx', req: LoadRequest): Mapping {
  const parsed = MappingSchema.safeParse(given);
  if (!parsed.success) {
    throw new ImportError(`The mapping is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ')}`);
  }
  if (parsed.data.format !== format) {
    throw new ImportError(
      format === 'xlsx' ? 'This mapping is for a CSV or text export, but the file is an Excel workbook.' : 'This mapping is for an Excel workbook, but the file is a CSV or text export.',
    );
  }
  if (req.kind && req.kind !== parsed.data.kind) {
    throw new ImportError(`This mapping reads ${TABLES[parsed.data.kind].label.toLowerCase()}, not ${TABLES[req.kind].label.toLowerCase()}.`);
  }
  const missing = missingRequired(parsed.data);
  if (missing.length > 0) throw new ImportError(`The mapping gives no column for ${missing.join(', ')}: say which column holds it (or a fixed value).`);
  return parsed.data;
}

/** The file's columns by header name as SQL on the source row `s`, noting which ones the mapping reads. */
function rawColumns(mapping: Mapping): { raw: RawColumns; used: Set<string> } {
  const columns = new Map(mapping.headers.map((h, i) => [h, `c${i}`]));
  const used = new Set<string>();
  const raw: RawColumns = {
    column(header) {
      const c = columns.get(header);
      if (c === undefined) throw new ImportError(`The mapping uses a column "${header}" that the file does not have.`);
      used.add(c);
      return sqlTrimmed(`s.${ident(c)}`);
    },
  };
  return { raw, used };
}

/** Intervention types the mapping fixes (not read from a column), as MHSDS codes. */
function fixedInterventionTypes(mapping: Mapping) {
  return unpivotConstants(mapping).map((c) => {
    const t = lookup('interventionType', c.value);
    if (t.status !== 'match') throw new ImportError(`The mapping gives "${c.value}" as an intervention type, which is not an MHSDS type code, label or PRN.`);
    return { ...c, value: t.value };
  });
}

/**
 * `CREATE … judged` over the prepared source: `_row`, `_line` (workbooks), `_blank`, `_extra`, the
 * mapped fields (adjusted and keyed) and `ok`. A row is blank (not read, as in applyMapping) when
 * every cell is; both are worked out next to the read, so only the columns the mapping reads
 * travel on through the joins.
 */
function mappedJudgedSql(prepared: Prepared, q: MappedQuery, iv: UnpivotQuery | null, used: string[], ruleOk: string[]): string {
  const mapping = prepared.mapping;
  const cells = Array.from({ length: prepared.width }, (_, i) => ident(`c${i}`));
  const blank = sqlAllBlank(cells);
  // Fields past the header's columns may only be empty (a trailing delimiter); values there mean
  // the line's values have shifted (an unquoted delimiter), so the row is refused, not guessed at.
  const extra = sqlFilledJoined(cells.slice(mapping.headers.length), String(mapping.delimiter ?? ','));
  const okParts = [...q.okParts, ...ruleOk, '_extra IS NULL'];
  const adjust = [...q.adjust, ...(iv?.adjust ?? [])];
  const keys = q.keys.map((k) => `${contentKeySql(k.content, '_row')} AS ${ident(k.name)}`);
  const line = prepared.lineColumn;
  // Raw text is read by the checks of bad rows only: good rows keep NULL there (less to store).
  const raws = TABLES[mapping.kind].fields.map((f) => ident(`raw__${f.name}`)).filter((r) => q.selects.some((x) => x.endsWith(` AS ${r}`)));
  const rawOnlyWhenBad = raws.length ? `REPLACE (${raws.map((r) => `CASE WHEN NOT ok THEN ${r} END AS ${r}`).join(', ')})` : '';
  return `CREATE OR REPLACE TEMP TABLE judged AS
    SELECT * ${rawOnlyWhenBad} FROM (
    SELECT *, NOT _blank AND ${okParts.join(' AND ') || 'TRUE'} AS ok FROM (
      SELECT * ${keys.length ? `REPLACE (${keys.join(', ')})` : ''} FROM (
        SELECT * ${adjust.length ? `REPLACE (${adjust.join(', ')})` : ''} FROM (
          SELECT s._row, ${line ? `TRY_CAST(s.${ident(line)} AS INTEGER)` : 'NULL::INTEGER'} AS _line, s._blank, s._extra,
                 ${[...q.selects, ...(iv?.selects ?? [])].join(',\n                 ')}
          FROM (SELECT row_number() OVER ()::INTEGER AS _row, * FROM (
            SELECT ${[...[...(line ? [line] : []), ...used].map(ident), `${blank} AS _blank`, `${extra} AS _extra`].join(', ')}
            FROM ${prepared.source})) s
          ${[...q.joins, ...(iv?.joins ?? [])].join('\n')}))))`;
}

/**
 * The interventions unpivoted from the judged incident rows, settled as an import of their own.
 * Candidates come from every accepted incident row, duplicates included, so a re-import reports
 * its interventions as duplicates too.
 */
async function settleInterventions(db: Connector, req: LoadRequest, iv: UnpivotQuery, lines: LineNumbers, meta: ReportMeta): Promise<ImportReport> {
  const ivRules = rulesFor('interventions', req, true);
  await db.exec(`CREATE OR REPLACE TEMP TABLE iv_judged AS
    SELECT row_number() OVER (ORDER BY _row, _iv)::INTEGER AS _ord, *, false AS _blank,
           _problem IS NULL AND type IS NOT NULL AND ${ruleClauses(ivRules).join(' AND ')} AS ok,
           CAST(duration_minutes AS VARCHAR) AS raw__duration_minutes, strftime(ended_at, '%Y-%m-%d %H:%M:%S') AS raw__ended_at,
           strftime(started_at, '%Y-%m-%d %H:%M:%S') AS raw__started_at
    FROM (${iv.candidates}) WHERE _problem IS NOT NULL OR _happened`);
  const checks = [
    '_problem',
    `CASE WHEN _problem IS NULL AND type IS NULL THEN {'column': 'type', 'value': NULL::VARCHAR, 'reason': 'type is missing (no type column value and no fixed type)'} END`,
    ...rowRuleChecks('interventions', ivRules),
  ];
  return settle(db, {
    importId: req.importId + 1,
    fileName: `${req.fileName} (restrictive intervention columns)`,
    kind: 'interventions',
    judged: 'iv_judged',
    ord: '_ord',
    lines,
    checks,
    csvRejects: [],
    meta: { ...meta, notes: [] },
  });
}
