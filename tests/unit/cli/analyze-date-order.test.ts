/**
 * The headless report asks the day/month order only when no value of the files given settles it
 * (issue 13, item 5). heldout2's PAS list has discharges all ≤ 12/12 (02/06/2025: 2 June or
 * 6 February?) beside admissions with 27/01/2025, and the incident listing, restraint and rota
 * files of the same trust are day first: a person reads 2 June. Before this, the report stopped
 * (exit 3) on that question; --date-order mdy (the user's word) still beats the evidence.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine } from '../../../src/engine';
import { planImports } from '../../../src/cli/mappings';
import { describeFormat } from '../../../src/ingest/dates';
import type { FileKind } from '../../../src/ingest/canonical';

const root = path.resolve(__dirname, '../../..');
const h2 = (f: string) => path.join(root, 'tests/fixtures/corpus/heldout2', f);
const FILES: { kind: FileKind; flag: string; file: string }[] = [
  { kind: 'incidents', flag: '--incidents', file: 'inphase-incident-listing.csv' },
  { kind: 'interventions', flag: '--interventions', file: 'restraint-durations.csv' },
  { kind: 'people', flag: '--people', file: 'pas-ward-list.csv' },
  { kind: 'shifts', flag: '--shifts', file: 'allocate-duties.csv' },
  { kind: 'requirements', flag: '--requirements', file: 'ward-minimums.csv' },
];

async function plan(dateOrder: 'mdy' | null) {
  const db = await openNodeDatabase();
  try {
    return await planImports(createEngine(db), FILES.map((f) => ({ kind: f.kind, path: h2(f.file) })), { dateOrder });
  } finally {
    await db.close();
  }
}

describe('the day/month order of heldout2 read together', { timeout: 180_000 }, () => {
  it('reads the PAS discharges day first, as the admissions beside them are, and says so', async () => {
    const pas = (await plan(null)).find((p) => p.name === 'pas-ward-list.csv')!;
    expect(pas.questions).toEqual([]);
    expect(describeFormat(pas.mapping!.fields.discharged!.format!)).toMatch(/^dd\/mm\/yyyy/);
    expect(pas.inspection.notes.join(' ')).toMatch(/Dates read day first \(dd\/mm\): the day\/month order is taken from "Date of Admission", whose values include \d\d\/\d\d\/\d{4}\./);
  });

  it('--date-order mdy beats the evidence', async () => {
    const pas = (await plan('mdy')).find((p) => p.name === 'pas-ward-list.csv')!;
    expect(describeFormat(pas.mapping!.fields.discharged!.format!)).toMatch(/^mm\/dd\/yyyy/);
    expect(pas.inspection.dateOrderSettled).toBeUndefined();
  });

  it('the report runs to the end without --date-order (exit 0), every row accounted for', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/analyze.ts'), ...FILES.flatMap((f) => [f.flag, h2(f.file)]), '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, HOME: path.join(root, '.home') },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = (JSON.parse(run.stdout) as { files: { file: string; read: number; accepted: number; rejected: number }[] }).files;
    const pas = files.find((f) => f.file === 'pas-ward-list.csv')!;
    expect(pas.read).toBeGreaterThan(0);
    expect(pas.accepted + pas.rejected).toBe(pas.read);
  });
});
