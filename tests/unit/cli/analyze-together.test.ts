/**
 * The headless report reads its files together, as the wizard does (issue 13, items 3 and 6):
 * a raw Datix restraint table keyed by `inc_ourref` is linked to the incident file's reference,
 * and a grid rota given with --shifts is imported as a grid, its unknown codes asked (exit 3) and
 * answered with --grid-codes. Every file and cell accounted for: read = accepted + rejected.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine } from '../../../src/engine';
import { parseGridCodes, planImports, questionsMessage, type PlannedFile } from '../../../src/cli/mappings';
import { parseCommandLine } from '../../../src/cli/analyze';
import { writeXlsx } from '../../../src/cli/xlsxWriter';
import { commandLine, commandLineProcess } from './commandLine';

const root = path.resolve(__dirname, '../../..');
const corpus = (f: string) => path.join(root, 'tests/fixtures/corpus/dev', f);
const sample = (f: string) => path.join(root, 'sample-data', f);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-together-'));

interface FileJson { file: string; kind: string; read: number; accepted: number; rejected: number; error: string | null; mappingSource?: string; mapping: { fields: Record<string, { source: unknown }> } | null; notes: string[] }

describe('a raw Datix incidents + restraint pair', () => {
  it('plans the restraint file with incident_id from inc_ourref, the link found across the two files', async () => {
    const db = await openNodeDatabase();
    try {
      const planned = await planImports(
        createEngine(db),
        [
          { kind: 'incidents', path: corpus('datix-raw-incidents.csv') },
          { kind: 'interventions', path: corpus('datix-raw-restraint.csv') },
        ],
        {},
      );
      const restraint = planned.find((p) => p.name === 'datix-raw-restraint.csv')!;
      const incidents = planned.find((p) => p.name === 'datix-raw-incidents.csv')!;
      // As expected.json says a person reads them: the restraint rows quote the incident reference.
      expect(restraint.mapping?.fields.incident_id?.source).toEqual({ from: 'column', column: 'inc_ourref' });
      expect(restraint.questions).toEqual([]);
      expect(incidents.mapping?.fields.incident_id?.source).toEqual({ from: 'column', column: 'inc_ourref' });
      expect(restraint.inspection.links).toContainEqual(
        expect.objectContaining({ from: { file: 'datix-raw-restraint.csv', column: 'inc_ourref' }, to: { file: 'datix-raw-incidents.csv', column: 'inc_ourref' }, role: 'incident' }),
      );
    } finally {
      await db.close();
    }
  });

  it('imports both from the command line once the severity codes (a genuinely open question) are answered', async () => {
    const dir = tmp();
    const args = ['--incidents', corpus('datix-raw-incidents.csv'), '--interventions', corpus('datix-raw-restraint.csv'), '--shifts', sample('shifts.csv')];
    const asked = await commandLine([...args, '--save-mapping', dir]);
    expect(asked.status).toBe(3);
    // The restraint file has no question: its incident reference was found through the link.
    expect(asked.stderr).not.toMatch(/datix-raw-restraint\.csv \(/);
    expect(asked.stderr).toMatch(/datix-raw-incidents\.csv \(incidents\)/);
    // Answer the incidents' severity codes in the saved mapping, as the message says.
    const file = path.join(dir, 'datix-raw-incidents.csv.mapping.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { fields: Record<string, { values?: Record<string, string> }> };
    m.fields.severity!.values = { ...m.fields.severity!.values, LOW: '1', MOD: '3', SEV: '5' };
    fs.writeFileSync(file, JSON.stringify(m));
    const run = await commandLine([...args, '--mapping', `incidents=${file}`, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = (JSON.parse(run.stdout) as { files: FileJson[] }).files;
    const incidents = files.find((f) => f.file === 'datix-raw-incidents.csv')!;
    const restraint = files.find((f) => f.file === 'datix-raw-restraint.csv')!;
    // 60 incident rows and 30 restraint rows in the files (line counts less the header).
    expect(incidents).toMatchObject({ kind: 'incidents', read: 60, rejected: 0, error: null, mappingSource: 'given' });
    expect(restraint).toMatchObject({ kind: 'interventions', read: 30, rejected: 0, error: null, mappingSource: 'detected' });
    expect(restraint.mapping?.fields.incident_id?.source).toEqual({ from: 'column', column: 'inc_ourref' });
    for (const f of files) expect(f.read).toBe(f.accepted + f.rejected);
  }, 240_000);
});

/**
 * A ward's weekly grid rota. By hand: Amy E,E,L,N,N (OFF, blank: no shift) = 5; Ben L,TW,TW,E,E
 * (A/L twice: leave) = 5; Cara N,N,LD,LD,LD = 5: 15 cells with a shift, of which TW (2) is a
 * code PBS Lens does not know.
 */
const GRID = [
  'Willow Ward – Staff Rota,,,,,,,,',
  'w/c 5 May 2025,,,,,,,,',
  'Name,Role,Mon 05/05,Tue 06/05,Wed 07/05,Thu 08/05,Fri 09/05,Sat 10/05,Sun 11/05',
  'Amy Brown,Nurse,E,E,L,OFF,N,N,',
  'Ben Cole,HCA,L,TW,TW,E,A/L,A/L,E',
  'Cara Dunn (agency),HCA,N,N,,,LD,LD,LD',
].join('\n') + '\n';

describe('a grid rota given with --shifts', () => {
  const setUp = () => {
    const dir = tmp();
    const rota = path.join(dir, 'willow-rota.csv');
    fs.writeFileSync(rota, GRID);
    return { dir, rota, args: ['--incidents', sample('incidents.csv'), '--shifts', rota] };
  };

  it('asks about the unknown code (exit 3), names it and says how to answer', async () => {
    const { args } = setUp();
    const run = await commandLine(args);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/willow-rota\.csv \(staff rota, a grid rota: staff as rows, days as columns\)/);
    expect(run.stderr).toMatch(/"TW" \(2 cells/);
    expect(run.stderr).toMatch(/--grid-codes/);
    // E, L, N, LD, OFF and A/L are known codes: not asked about.
    expect(run.stderr).not.toMatch(/"(E|L|N|LD|OFF|A\/L)" \(/);
  }, 120_000);

  it('with --grid-codes imports every shift cell: read 15 = 15 accepted + 0 rejected', async () => {
    const { dir, args } = setUp();
    const codes = path.join(dir, 'codes.json');
    fs.writeFileSync(codes, JSON.stringify({ TW: { start: '09:00', end: '17:00' } }));
    const run = await commandLine([...args, '--grid-codes', codes, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const rota = (JSON.parse(run.stdout) as { files: FileJson[] }).files.find((f) => f.file === 'willow-rota.csv')!;
    expect(rota).toMatchObject({ kind: 'shifts', read: 15, accepted: 15, rejected: 0, error: null, mappingSource: 'grid' });
  }, 120_000);

  it('a code left no shift ("none") is not read: 13 cells', async () => {
    // The rota's import as the command line plans and runs it (the whole report from the command
    // line, exit 0 and its JSON, is the test above): no analysis needed for its row counts.
    const { dir, rota, args } = setUp();
    const codes = path.join(dir, 'codes.json');
    fs.writeFileSync(codes, JSON.stringify({ TW: 'none' }));
    const grid = parseCommandLine([...args, '--grid-codes', codes]).grid!;
    const db = await openNodeDatabase();
    try {
      const engine = createEngine(db);
      const [p] = await planImports(engine, [{ kind: 'shifts', path: rota }], { grid });
      expect(p!.gridOpen).toBeNull();
      const report = await engine.importFile(p!.name, p!.data, { kind: 'shifts', grid: p!.grid! });
      expect(report).toMatchObject({ kind: 'shifts', read: 13, accepted: 13, rejected: 0, error: null });
    } finally {
      await db.close();
    }
  });
});

describe('a grid rota that does not name its unit', () => {
  it('asks for it, and --grid-unit answers it', async () => {
    const dir = tmp();
    const rota = path.join(dir, 'rota.csv');
    // The same grid without its title: nothing on the sheet names the ward.
    fs.writeFileSync(rota, GRID.split('\n').slice(2).join('\n'));
    const codes = path.join(dir, 'codes.json');
    fs.writeFileSync(codes, JSON.stringify({ TW: '9-17' }));
    const args = parseCommandLine(['--incidents', sample('incidents.csv'), '--shifts', rota, '--grid-codes', codes]);
    expect(args.grid).toEqual({ codes: { TW: { kind: 'shift', start: '09:00', end: '17:00' } }, unit: null });
    const db = await openNodeDatabase();
    try {
      const engine = createEngine(db);
      const [asked] = await planImports(engine, [{ kind: 'shifts', path: rota }], { grid: args.grid! });
      expect(asked!.gridOpen).toEqual({ codes: [], unit: true });
      expect(questionsMessage([asked!], null)).toMatch(/No unit was found .*\n.*--grid-unit/);
      const answered = parseCommandLine(['--incidents', sample('incidents.csv'), '--shifts', rota, '--grid-codes', codes, '--grid-unit', 'Willow Ward']);
      const [p] = await planImports(engine, [{ kind: 'shifts', path: rota }], { grid: answered.grid! });
      expect(p!.gridOpen).toBeNull();
      const report = await engine.importFile(p!.name, p!.data, { kind: 'shifts', grid: p!.grid! });
      expect(report).toMatchObject({ read: 15, accepted: 15, rejected: 0, error: null });
      const units = await db.query<{ unit: string; n: number }>('SELECT unit, count(*)::INTEGER AS n FROM shifts GROUP BY unit');
      expect(units).toEqual([{ unit: 'Willow Ward', n: 15 }]);
    } finally {
      await db.close();
    }
  });
});

describe('a grid rota workbook of a sheet per week with a Key sheet', () => {
  it('asks about codes on every week sheet, not only the first, and not those the Key sheet gives', async () => {
    const week = (title: string, days: string[], rows: string[][]) => [[title], ['Name', ...days], ...rows];
    const wb = writeXlsx([
      { name: 'Week 1', rows: week('Willow Ward w/c 5 May 2025', ['Mon 05/05', 'Tue 06/05', 'Wed 07/05', 'Thu 08/05', 'Fri 09/05'], [['Amy Brown', 'E', 'T', 'L', 'OFF', 'N'], ['Ben Cole', 'L', 'L', 'T', 'E', 'E']]) },
      { name: 'Week 2', rows: week('Willow Ward w/c 12 May 2025', ['Mon 12/05', 'Tue 13/05', 'Wed 14/05', 'Thu 15/05', 'Fri 16/05'], [['Amy Brown', 'E', 'SD', 'L', 'T', 'N'], ['Ben Cole', 'L', 'L', 'E', 'E', 'E']]) },
      { name: 'Key', rows: [['Key'], ['T = 08:00-16:00']] },
    ]);
    const dir = tmp();
    const file = path.join(dir, 'willow.xlsx');
    fs.writeFileSync(file, wb);
    const db = await openNodeDatabase();
    try {
      const engine = createEngine(db);
      const [p] = await planImports(engine, [{ kind: 'shifts', path: file }], {});
      // "T" is in the Key sheet; "SD" (week 2 only, one cell) is what nobody has said.
      expect(p!.gridOpen?.codes.map((q) => [q.code, q.count])).toEqual([['SD', 1]]);
      expect(questionsMessage([p!], null)).toMatch(/"SD" \(1 cell, e\.g\. row \d+ "Week 2: Tue 13\/05" \(Amy Brown\)\)/);
      // Answered: every cell with a shift on both sheets, by hand 9 + 9 = 18 (OFF and the study day SD are no shift).
      const [a] = await planImports(engine, [{ kind: 'shifts', path: file }], { grid: { codes: { SD: { kind: 'none', label: 'study day' } } } });
      expect(a!.gridOpen).toBeNull();
      const report = await engine.importFile(a!.name, a!.data, { kind: 'shifts', grid: a!.grid! });
      expect(report).toMatchObject({ read: 18, accepted: 18, rejected: 0, error: null });
    } finally {
      await db.close();
    }
  });
});

describe('--grid-codes files', () => {
  const write = (json: unknown) => {
    const f = path.join(tmp(), 'codes.json');
    fs.writeFileSync(f, JSON.stringify(json));
    return f;
  };
  it('reads times as an object or a range, and "none"', () => {
    expect(parseGridCodes(write({ TW: { start: '9:00', end: '17:00' }, T2: '19:30-07:30', SL: 'none' }))).toEqual({
      TW: { kind: 'shift', start: '09:00', end: '17:00' },
      T2: { kind: 'shift', start: '19:30', end: '07:30' },
      SL: { kind: 'none', label: 'no shift (--grid-codes)' },
    });
  });
  it('refuses what is neither times nor "none", naming the code', () => {
    expect(() => parseGridCodes(write({ TW: 'sometimes' }))).toThrow(/"TW".*neither times nor "none"/);
    expect(() => parseGridCodes(write([1]))).toThrow(/not a JSON object/);
  });
  it('the command line refuses a bad file with exit 2', () => {
    // A child process: the exit code and stderr of the process itself.
    const run = commandLineProcess(['--incidents', sample('incidents.csv'), '--shifts', sample('shifts.csv'), '--grid-codes', write({ TW: 5 })]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not a grid-codes file/);
  }, 60_000);
});

describe('a required field proposed without confidence', () => {
  it('the message names the column proposed and why', () => {
    const planned = {
      kind: 'interventions', name: 'restraint.csv', warnings: [], gridOpen: null,
      mapping: { headers: ['Ref', 'Intervention'], fields: {} },
      questions: [{ type: 'missingField', field: 'incident_id', description: 'the incident it belongs to', proposed: { column: 'Ref', why: 'values like W000123, one per row' } }],
    } as unknown as PlannedFile;
    const text = questionsMessage([planned], null);
    expect(text).toMatch(/incident_id \(the incident it belongs to\): PBS Lens proposes the column "Ref" \(values like W000123, one per row\) but is not sure of it/);
    expect(text).not.toMatch(/No column for incident_id/);
  });
});
