/**
 * Every vendor fixture through the real path: inspectFile proposes the mapping (the date question
 * answered the UK way where asked), the SQL loader imports it into DuckDB, and the stored rows must
 * equal the `.expected.json` written from truth.ts and the JS reference (applyMapping) row for row;
 * rows read = accepted + rejected, the rejected lines as expected; re-importing the same file
 * gives nothing but duplicates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import type { Engine } from '../../../src/engine';
import { TABLES, type FileKind } from '../../../src/ingest/canonical';
import { resolveMapping } from '../../../src/ingest/inspect';
import { applyMapping } from '../../../src/ingest/mapping';
import { project, sorted, storedRows, type Row, freshEngineEachTest } from './loader-helpers';

const dir = path.resolve(__dirname, '../../fixtures/vendor');
const files = fs.readdirSync(dir).filter((f) => /\.(csv|tsv|xlsx)$/.test(f));

interface Expected {
  kind: FileKind;
  format: 'delimited' | 'xlsx';
  encoding?: string;
  sheet?: string;
  questions: string[];
  rowsRead: number;
  accepted: Record<string, Row[]>;
  rejected: { line: number; field: string; value: string }[];
}

let db: Connector;
let engine: Engine;
freshEngineEachTest((d, e) => ([db, engine] = [d, e]));

/** The mapping a user gets by accepting the proposal (and answering the date question the UK way). */
async function mappingFor(file: string, bytes: Uint8Array) {
  const inspection = await engine.inspectFile(file, bytes);
  const r = resolveMapping(inspection, inspection.questions.some((q) => q.type === 'dateOrder') ? { dateOrder: 'dmy' } : {});
  return { inspection, mapping: r.mapping!, open: r.questions };
}

describe.each(files)('%s', (file) => {
  const expected = JSON.parse(fs.readFileSync(path.join(dir, `${file}.expected.json`), 'utf8')) as Expected;
  const bytes = () => new Uint8Array(fs.readFileSync(path.join(dir, file)));

  it('imports through the SQL loader to the expected rows, the same as applyMapping, every row accounted for', async () => {
    const { inspection, mapping, open } = await mappingFor(file, bytes());
    expect(inspection.questions.map((q) => q.type)).toEqual(expected.questions);
    expect(open).toEqual([]);
    const report = await engine.importFile(file, bytes(), { mapping });
    expect(report.error).toBeNull();
    expect(report.kind).toBe(expected.kind);
    expect(report.format).toBe(expected.format);
    expect(report.encoding).toBe(expected.encoding ?? null);
    expect(report.mapping?.kind).toBe(expected.kind);
    if (expected.sheet) expect(report.sheet).toBe(expected.sheet);
    expect(report.read).toBe(expected.rowsRead);
    expect(report.accepted + report.rejected).toBe(report.read);
    expect(report.duplicates).toBe(0);

    // Rejected rows: the lines the fixture expects, with the field at fault and its value.
    const rejectedLines = new Set(report.rejects.map((r) => r.line));
    expect(rejectedLines.size).toBe(expected.rejected.length);
    expect(report.rejected).toBe(expected.rejected.length);
    for (const r of expected.rejected) {
      expect(report.rejects.map((x) => ({ line: x.line, field: x.column, value: x.value ?? '' }))).toContainEqual(r);
    }

    const main = expected.kind === 'incidents' ? 'incidents' : 'shifts';
    const stored = await storedRows(db, expected.kind);
    const want = expected.accepted[main]!;
    const keyField = Object.entries(mapping.fields).find(([, fm]) => fm.source.from === 'contentKey')?.[0];
    const compared = Object.keys(want[0]!).filter((k) => k !== keyField);
    expect(project(stored, compared)).toEqual(project(want, compared));
    if (keyField) {
      // Built from the row's content: present and distinct on every row.
      const keys = stored.map((r) => r[keyField]);
      expect(keys.every((k) => typeof k === 'string' && k.length > 0)).toBe(true);
      expect(new Set(keys).size).toBe(keys.length);
    }

    // The JS reference on the whole file (records read the way inspectFile read them) agrees field for field.
    const reference = applyMapping(mapping, inspection.records, mapping.headerRow + mapping.headerRows);
    const allFields = TABLES[expected.kind].fields.map((f) => f.name).filter((k) => k !== keyField);
    expect(project(stored, allFields)).toEqual(project(reference.rows.map((r) => r.values), allFields));
    expect(stored.map((r) => r.source_line)).toEqual(reference.rows.map((r) => inspection.lines[r.record]));

    const wantIv = expected.accepted.restrictive_interventions;
    if (wantIv) {
      expect(report.interventions).toBeDefined();
      const iv = report.interventions!;
      expect(iv.accepted).toBe(wantIv.length);
      expect(iv.rejected).toBe(0);
      expect(iv.read).toBe(iv.accepted + iv.rejected);
      const storedIv = await storedRows(db, 'interventions');
      expect(sorted(project(storedIv, Object.keys(wantIv[0]!)))).toEqual(sorted(wantIv));
      // The reference leaves started_at empty without a start column; the loader uses the incident's time.
      const ivFields = ['incident_id', 'type', 'reason', 'ended_at', 'duration_minutes'];
      expect(sorted(project(storedIv, ivFields))).toEqual(sorted(project(reference.interventions.map((r) => r.values), ivFields)));
      const occurred = new Map(stored.map((r) => [r.incident_id, r.occurred_at]));
      for (const r of storedIv) expect(r.started_at).toBe(occurred.get(r.incident_id));
    } else {
      expect(report.interventions).toBeUndefined();
    }
  });

  it('gives only duplicates when the same file is imported again', async () => {
    const { mapping } = await mappingFor(file, bytes());
    const first = await engine.importFile(file, bytes(), { mapping });
    const again = await engine.importFile(file, bytes(), { mapping });
    expect(again).toMatchObject({ read: first.read, accepted: 0, duplicates: first.accepted, rejected: first.read });
    expect(again.reasons.some((r) => /already imported/.test(r.reason))).toBe(true);
    if (first.interventions) {
      expect(again.interventions).toMatchObject({ accepted: 0, duplicates: first.interventions.accepted });
    }
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${TABLES[expected.kind].table}`)) as [{ n: number }];
    expect(n).toBe(first.accepted);
  });
});
