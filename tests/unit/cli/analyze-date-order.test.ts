/**
 * The headless report asks the day/month order only when no value of the files given settles it
 * (issue 13, item 5). heldout2's PAS list has discharges all ≤ 12/12 (02/06/2025: 2 June or
 * 6 February?) beside admissions with 27/01/2025, and the incident listing, restraint and rota
 * files of the same trust are day first: a person reads 2 June. Before this, the report stopped
 * (exit 3) on that question; --date-order mdy (the user's word) still beats the evidence.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine } from '../../../src/engine';
import { planImports, questionsMessage } from '../../../src/cli/mappings';
import { describeFormat } from '../../../src/ingest/dates';
import type { FileKind } from '../../../src/ingest/canonical';
import { commandLineProcess } from './commandLine';

const root = path.resolve(__dirname, '../../..');
const h2 = (f: string) => path.join(root, 'tests/fixtures/corpus/heldout2', f);
const FILES: { kind: FileKind; flag: string; file: string }[] = [
  { kind: 'incidents', flag: '--incidents', file: 'inphase-incident-listing.csv' },
  { kind: 'interventions', flag: '--interventions', file: 'restraint-durations.csv' },
  { kind: 'people', flag: '--people', file: 'pas-ward-list.csv' },
  { kind: 'shifts', flag: '--shifts', file: 'allocate-duties.csv' },
  { kind: 'requirements', flag: '--requirements', file: 'ward-minimums.csv' },
];

async function plan(dateOrder: 'mdy' | null, files = FILES.map((f) => ({ kind: f.kind, path: h2(f.file) }))) {
  const db = await openNodeDatabase();
  try {
    return await planImports(createEngine(db), files, { dateOrder });
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
    // A child process, the one whole report the tests run as the command line itself runs
    // (its exit code and the JSON on its stdout pipe); the others run it in-process.
    const run = commandLineProcess([...FILES.flatMap((f) => [f.flag, h2(f.file)]), '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = (JSON.parse(run.stdout) as { files: { file: string; read: number; accepted: number; rejected: number; notes: string[] }[] }).files;
    const pas = files.find((f) => f.file === 'pas-ward-list.csv')!;
    expect(pas.read).toBeGreaterThan(0);
    expect(pas.accepted + pas.rejected).toBe(pas.read);
    // The report says where the order came from.
    expect(pas.notes.join(' ')).toMatch(/the day\/month order is taken from "Date of Admission"/);
  });

  it('leaves the question open when the files that settle an order disagree, naming them in the message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-dmy-'));
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    // A rota of 1–10 April (ambiguous), a US incident export (04/30) and a UK patient list (30/04).
    const rota = write('rota.csv', 'Staff Name,Unit,Shift Start,Shift End,Status\n' + ['01/04/2025', '03/04/2025', '05/04/2025', '10/04/2025'].map((d, k) => `Staff ${k},Oak,${d} 07:00,${d} 15:00,Worked`).join('\n') + '\n');
    const us = write('us-incidents.csv', 'Patient,Date,Time,Location,Behaviour\n' + ['04/30/2025', '05/12/2025', '04/02/2025'].map((d, k) => `P${k % 2},${d},1${k}:15,Oak,Distress`).join('\n') + '\n');
    const uk = write('uk-patients.csv', 'Patient,Ward,Admission date,Discharge date\nP0,Oak,30/04/2025,\nP1,Oak,14/02/2025,\n');
    const planned = await plan(null, [
      { kind: 'incidents', path: us },
      { kind: 'shifts', path: rota },
      { kind: 'people', path: uk },
    ]);
    const message = questionsMessage(planned, null);
    expect(planned.filter((p) => p.questions.length > 0).map((p) => p.name)).toEqual(['rota.csv']);
    expect(message).toMatch(/rota\.csv \(staff rota\):/);
    expect(message).toContain('--date-order dmy');
    expect(message).toMatch(/uk-patients\.csv \("Admission date", e\.g\. 30\/04\/2025\) read day first, us-incidents\.csv \("Date", e\.g\. 04\/30\/2025\) month first/);
  });
});
