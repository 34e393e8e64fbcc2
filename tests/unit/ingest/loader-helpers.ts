/** Shared by the loader tests: canonical rows as stored, in the text form applyMapping and the fixtures use. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine } from '../../../src/engine';
import { ident } from '../../../src/db/sql';
import { TABLES, type FileKind } from '../../../src/ingest/canonical';

/** The canonical rota's header, for files written in tests. */
export const SHIFTS_HEADER = 'shift_id,staff_id,unit,start,end,role,contract,status,person_id\n';

export type Row = Record<string, string | number | boolean | null>;

/** Every canonical field of the rows one import stored, in file order; timestamps as 'YYYY-MM-DD HH:MM:SS'. */
export async function storedRows(db: Connector, kind: FileKind, importId?: number): Promise<(Row & { source_line: number })[]> {
  const spec = TABLES[kind];
  const cols = spec.fields.map((f) =>
    f.type === 'timestamp'
      ? `strftime(${ident(f.name)}, '%Y-%m-%d %H:%M:%S') AS ${ident(f.name)}`
      : f.type === 'date'
        ? `strftime(${ident(f.name)}, '%Y-%m-%d') AS ${ident(f.name)}`
        : ident(f.name),
  );
  return db.query(
    `SELECT ${cols.join(', ')}, source_line FROM ${ident(spec.table)} ${importId === undefined ? '' : 'WHERE import_id = ?'} ORDER BY source_line, rowid`,
    importId === undefined ? [] : [importId],
  );
}

export const project = (rows: Row[], keys: string[]): Row[] => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null])));

/** Order-free comparison of row lists. */
export const sorted = (rows: Row[]): Row[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** One Node database and engine for the enclosing file or describe block, emptied before each test. */
export function freshEngineEachTest(use: (db: Connector, engine: Engine) => void): void {
  let db: Connector;
  let engine: Engine;
  beforeAll(async () => {
    db = await openNodeDatabase();
    engine = createEngine(db);
    use(db, engine);
  });
  afterAll(() => db.close());
  beforeEach(() => engine.clear());
}
