/**
 * The headless report takes the user's word for what a file is (issue 13, item 5): `--people F`
 * reads F as people even where the detector reads its columns as incidents; the disagreement is
 * a note in the report, never a refusal (no exit 3 for it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine } from '../../../src/engine';
import { planImports } from '../../../src/cli/mappings';
import { commandLine } from './commandLine';

const root = path.resolve(__dirname, '../../..');
const sample = (f: string) => path.join(root, 'sample-data', f);

/** A ward's patient list, as a hospital system exports it: names, no ids, UK dates. */
const PATIENTS = ['Patient,Ward,Admission date,Discharge date', 'Daniel Okafor,Oak,11/03/2019,', 'Zoë Hartley,Oak,26/07/2021,14/02/2025', 'Sam Reid,Willow,03/01/2022,'].join('\n') + '\n';

function patientsFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-flags-'));
  const file = path.join(dir, 'patients.csv');
  fs.writeFileSync(file, PATIENTS);
  return file;
}

describe('--people F is a people file', () => {
  it('plans F as people with the dates and ward mapped, no question, and the disagreement as a warning', async () => {
    const db = await openNodeDatabase();
    try {
      const planned = await planImports(createEngine(db), [{ kind: 'people', path: patientsFile() }], {});
      const p = planned[0]!;
      expect(p.kind).toBe('people');
      expect(p.questions).toEqual([]);
      expect(p.mapping?.kind).toBe('people');
      expect(p.mapping?.fields.admitted?.source).toEqual({ from: 'column', column: 'Admission date' });
      expect(p.mapping?.fields.discharged?.source).toEqual({ from: 'column', column: 'Discharge date' });
      expect(p.mapping?.fields.unit?.source).toEqual({ from: 'column', column: 'Ward' });
      // A warning at most: the detector may or may not read these columns as incidents.
      expect(p.warnings.length).toBeLessThanOrEqual(1);
      for (const w of p.warnings) expect(w).toMatch(/^Read as people, as its flag says/);
    } finally {
      await db.close();
    }
  });

  it('imports it from the command line: exit 0, every row accepted as people, the warning in the file notes', async () => {
    const patients = patientsFile();
    const run = await commandLine(['--incidents', sample('incidents.csv'), '--shifts', sample('shifts.csv'), '--people', patients, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { files: { file: string; kind: string; read: number; accepted: number; error: string | null; notes: string[]; mapping: { kind: string } | null }[] };
    const people = json.files.find((f) => f.file === 'patients.csv')!;
    expect(people).toMatchObject({ kind: 'people', read: 3, accepted: 3, error: null, mapping: { kind: 'people' } });
    expect(people.notes.filter((n) => /as its flag says/.test(n)).length).toBeLessThanOrEqual(1);
  });
});
