/**
 * A restraint log with the kind of intervention in one column and the hold in another (issue 13):
 * the preview (applyMapping, JS) and the loader (SQL) give a physical restraint the MHSDS code of
 * its position, keep other kinds' own codes, and keep 02 when no position is written.
 */
import { describe, expect, it } from 'vitest';
import { applyMapping, headersSignature, type Mapping } from '../../../src/ingest/mapping';
import { freshEngineEachTest } from './loader-helpers';
import type { Engine } from '../../../src/engine';
import type { Connector } from '../../../src/db/connector';

const headers = ['Ref', 'Intervention', 'Position', 'Minutes'];
const records = [
  headers,
  ['R1', 'Physical restraint', 'Prone', '12'],
  ['R2', 'Physical restraint', 'Seated', '1h 05m'],
  ['R3', 'Seclusion', '', '00:45'],
  ['R4', 'Physical restraint', '', '5'],
  ['R5', 'Rapid tranquillisation', 'Prone', '3'],
];
// By hand: prone 01, seated 11, seclusion 05, restraint with no position 02, RT keeps 14.
const want = [
  ['R1', '01', 12],
  ['R2', '11', 65],
  ['R3', '05', 45],
  ['R4', '02', 5],
  ['R5', '14', 3],
];
const mapping: Mapping = {
  version: 1, kind: 'interventions', format: 'delimited', headerRow: 0, headerRows: 1, headers, signature: headersSignature(headers),
  fields: {
    incident_id: { source: { from: 'column', column: 'Ref' } },
    type: { source: { from: 'column', column: 'Intervention' }, detail: 'Position' },
    duration_minutes: { source: { from: 'column', column: 'Minutes' } },
  },
};

let engine: Engine;
let db: Connector;
freshEngineEachTest((d, e) => {
  db = d;
  engine = e;
});

describe('restraint positions beside the intervention', () => {
  it('the preview places each restraint', () => {
    const out = applyMapping(mapping, records);
    expect(out.rows.map((r) => [r.values.incident_id, r.values.type, r.values.duration_minutes])).toEqual(want);
  });

  it('the loader stores the same', async () => {
    const csv = records.map((r) => r.join(',')).join('\n') + '\n';
    const report = await engine.importFile('log.csv', new TextEncoder().encode(csv), { mapping });
    expect([report.read, report.accepted, report.rejected]).toEqual([5, 5, 0]);
    const rows = await db.query<{ incident_id: string; type: string; m: number }>(
      'SELECT incident_id, type, duration_minutes AS m FROM restrictive_interventions ORDER BY incident_id',
    );
    expect(rows.map((r) => [r.incident_id, r.type, r.m])).toEqual(want);
  });
});
