import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import Papa from 'papaparse';
import { INTERVENTION_REASONS, INTERVENTION_TYPES } from '../../../src/ingest/mhsds';
import { referenceFile } from '../helpers/reference';

const readCsv = (name: string) =>
  Papa.parse<Record<string, string>>(fs.readFileSync(referenceFile(name), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;

// The copy of shared/reference in tests/fixtures/reference; scripts/check-reference.mjs keeps it equal to shared/.
describe('MHSDS code lists match shared/reference', () => {
  it('restrictive intervention types', () => {
    const ref = readCsv('mhsds-restrictive-intervention-types.csv');
    expect(INTERVENTION_TYPES.map((t) => [t.code, t.label, t.group, t.positionOrRoute])).toEqual(
      ref.map((r) => [r.code, r.label, r.group, r.position_or_route ?? '']),
    );
  });
  it('restrictive intervention reasons', () => {
    const ref = readCsv('mhsds-restrictive-intervention-reasons.csv');
    expect(INTERVENTION_REASONS).toEqual(ref.map((r) => ({ code: r.code, label: r.label })));
  });
});
