/**
 * The headless report on vendor exports: it detects and applies mappings itself and reports them
 * under files[].mapping; it stops with exit code 3 and the question when a date order is
 * ambiguous and no value of the files read together settles it (never guessing), and succeeds
 * with --date-order; the rota's 13/04 settles the incidents' order when both are given; --save-mapping writes mappings that
 * --mapping applies again (by the file's columns or by kind=); a mapping that fits no file is a
 * bad argument.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, parseCommandLine } from '../../../src/cli/analyze';
import { MappingArgError, QuestionsError } from '../../../src/cli/mappings';
import { buildReport } from '../../../src/cli/report';
import { mappingFromJson, mappingToJson } from '../../../src/ingest/mapping';
import { inspectFile } from '../../../src/ingest/inspect';
import { writeXlsx } from '../../../src/cli/xlsxWriter';
import { commandLine } from './commandLine';

const root = path.resolve(__dirname, '../../..');
const vendor = (f: string) => path.join(root, 'tests/fixtures/vendor', f);
const sample = (f: string) => path.join(root, 'sample-data', f);
// Datix-style incidents (dates 11–12 April: day and month both ≤ 12) with a HealthRoster-style rota.
const ARGV = ['--incidents', vendor('datix-incidents.csv'), '--shifts', vendor('healthroster-rota.csv')];
// The incidents with the canonical sample rota (ISO dates say nothing of day/month order): nothing settles it.
const ALONE = ['--incidents', vendor('datix-incidents.csv'), '--shifts', sample('shifts.csv')];
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-lens-mapping-'));

/**
 * The vendor pair with the sample's people and --save-mapping: one whole report, read by the two
 * tests below (the detected mappings it reports, and the mappings it saved).
 */
let savedRun: Promise<{ dir: string; result: Awaited<ReturnType<typeof analyze>> }> | undefined;
const detectedAndSaved = () =>
  (savedRun ??= (async () => {
    const dir = tmp();
    return { dir, result: await analyze(parseCommandLine([...ARGV, '--people', sample('people.csv'), '--save-mapping', dir, '--json'])) };
  })());

// Each test runs whole reports (analyses included): over 30 s each on a busy machine.
describe('analyze with vendor exports', { timeout: 180_000 }, () => {
  it('stops on an ambiguous date order with the question and how to answer it', async () => {
    const dir = tmp();
    const args = parseCommandLine([...ALONE, '--save-mapping', dir]);
    const error = await analyze(args).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QuestionsError);
    const message = (error as Error).message;
    expect(message).toContain('datix-incidents.csv (incidents)');
    expect(message).toMatch(/"Incident Date" \(occurred_at\): \d\d\/\d\d\/2025: \d+ April or \d+ \w+\?/);
    expect(message).toContain('--date-order dmy');
    expect(message).toContain('--date-order mdy');
    expect(message).toContain(path.join(dir, 'datix-incidents.csv.mapping.json'));
  });

  it('imports with the order the rota settles and reports the detected mapping per file, canonical files with none', async () => {
    // No --date-order: the rota's dates (13/04/2025 among them) can only be day first, so the
    // incidents read with it are too — not a genuinely open question.
    const { result } = await detectedAndSaved();
    const report = buildReport(result.imports, result.staffing, result.analyses, result.mappingSources);
    const byFile = new Map(report.files.map((f) => [f.file, f as Record<string, unknown>]));
    const datix = byFile.get('datix-incidents.csv')!;
    expect(datix).toMatchObject({ kind: 'incidents', read: 13, accepted: 12, rejected: 1, mappingSource: 'detected', format: 'delimited', encoding: 'utf-8-bom' });
    const mapping = datix.mapping as { kind: string; fields: Record<string, { source: unknown; format?: unknown }> };
    expect(mapping.kind).toBe('incidents');
    expect(mapping.fields.occurred_at!.source).toEqual({ from: 'dateTime', date: 'Incident Date', time: 'Time' });
    expect(mapping.fields.occurred_at!.format).toEqual({ kind: 'pattern', patterns: ['%d/%m/%Y'] });
    expect(byFile.get('healthroster-rota.csv')).toMatchObject({ kind: 'shifts', read: 37, accepted: 37, mappingSource: 'detected' });
    expect(byFile.get('people.csv')).toMatchObject({ mappingSource: 'canonical', mapping: null });
    // The unpivoted restraint and seclusion columns are their own entry, counted under interventions.
    expect(byFile.get('datix-incidents.csv (restrictive intervention columns)')).toMatchObject({
      kind: 'interventions', unpivotedFrom: 'datix-incidents.csv', read: 7, accepted: 7, rejected: 0,
    });
    expect(report.rows.interventions).toEqual({ read: 7, accepted: 7, rejected: 0, duplicates: 0 });
    expect(report.rows.incidents).toEqual({ read: 13, accepted: 12, rejected: 1, duplicates: 0 });
    // The mapping in the JSON is a valid mapping again.
    expect(mappingFromJson(JSON.stringify(mapping)).ok).toBe(true);
  });

  it('writes mappings with --save-mapping that --mapping applies again, by columns or by kind', async () => {
    const { dir, result: first } = await detectedAndSaved();
    expect(first.mappingSources).toEqual({ 'people.csv': 'canonical', 'healthroster-rota.csv': 'detected', 'datix-incidents.csv': 'detected' });
    expect(fs.readdirSync(dir).sort()).toEqual(['datix-incidents.csv.mapping.json', 'healthroster-rota.csv.mapping.json']);
    const saved = path.join(dir, 'datix-incidents.csv.mapping.json');
    expect(fs.existsSync(saved)).toBe(true);
    const rotaMapping = path.join(dir, 'healthroster-rota.csv.mapping.json');
    expect(fs.existsSync(rotaMapping)).toBe(true);

    // The saved mapping holds the UK reading; given explicitly, it is used without a question.
    const result = await analyze(parseCommandLine([...ARGV, '--mapping', saved, '--mapping', `shifts=${rotaMapping}`]));
    expect(result.mappingSources).toEqual({ 'healthroster-rota.csv': 'given', 'datix-incidents.csv': 'given' });
    expect(result.imports.find((i) => i.kind === 'incidents')).toMatchObject({ read: 13, accepted: 12 });

    const badKind = await analyze(parseCommandLine([...ARGV, '--mapping', `incidents=${rotaMapping}`])).catch((e: unknown) => e);
    expect(badKind).toBeInstanceOf(MappingArgError);
    const stray = await analyze(parseCommandLine(['--incidents', sample('incidents.csv'), '--shifts', sample('shifts.csv'), '--mapping', saved])).catch(
      (e: unknown) => e,
    );
    expect(stray).toBeInstanceOf(MappingArgError);
    expect((stray as Error).message).toMatch(/fits none of the files/);
  });

  it('asks which value an unknown staff type means, and imports once the mapping says', async () => {
    const dir = tmp();
    const rota = path.join(dir, 'rota.csv');
    fs.writeFileSync(
      rota,
      'Employee Number,Ward,Duty Date,Shift Start,Shift End,Staff Type,Shift Status\n' +
        'E1,Oak,13/04/2025,07:00,15:00,Substantive,Worked\nE2,Oak,13/04/2025,07:00,15:00,Locum Plus,Worked\n',
    );
    const incidents = path.join(dir, 'incidents.csv');
    fs.writeFileSync(incidents, 'incident_id,person_id,occurred_at,unit\nI1,P1,2025-04-13 09:00,Oak\n');
    const argv = ['--incidents', incidents, '--shifts', rota, '--save-mapping', dir];
    const stopped = await analyze(parseCommandLine(argv)).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(QuestionsError);
    expect((stopped as Error).message).toContain('"Staff Type" (contract): values it does not know: "Locum Plus" (1)');
    expect((stopped as Error).message).toContain('fields.contract.values = {"Locum Plus":"…"}');

    const file = path.join(dir, 'rota.csv.mapping.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    m.fields.contract.values = { 'Locum Plus': 'agency' };
    fs.writeFileSync(file, JSON.stringify(m));
    const result = await analyze(parseCommandLine(['--incidents', incidents, '--shifts', rota, '--mapping', file]));
    expect(result.imports.find((i) => i.kind === 'shifts')).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
    expect(result.staffing.exposure.periods).toBeGreaterThan(0);
  });

  it('finds the file of a workbook mapping made on a sheet other than the one the workbook opens on', async () => {
    const dir = tmp();
    const summary = Array.from({ length: 40 }, (_, r) => ['Ward', 'Week', 'Hours', 'Cost', 'Notes', r]);
    const rota = [
      ['Employee Number', 'Ward', 'Duty Date', 'Shift Start', 'Shift End', 'Staff Type', 'Shift Status'],
      ['E1', 'Oak', '13/04/2025', '07:00', '15:00', 'Bank', 'Worked'],
    ];
    const book = path.join(dir, 'rota.xlsx');
    fs.writeFileSync(book, writeXlsx([{ name: 'Summary', rows: summary }, { name: 'Rota', rows: rota }]));
    const inspection = await inspectFile('rota.xlsx', new Uint8Array(fs.readFileSync(book)), { sheet: 'Rota' });
    expect(inspection.mapping).toMatchObject({ kind: 'shifts', sheet: 'Rota' });
    const file = path.join(dir, 'rota.mapping.json');
    fs.writeFileSync(file, mappingToJson(inspection.mapping!));
    const incidents = path.join(dir, 'incidents.csv');
    fs.writeFileSync(incidents, 'incident_id,person_id,occurred_at,unit\nI1,P1,2025-04-13 09:00,Oak\n');
    const result = await analyze(parseCommandLine(['--incidents', incidents, '--shifts', book, '--mapping', file]));
    expect(result.mappingSources['rota.xlsx']).toBe('given');
    expect(result.imports.find((i) => i.kind === 'shifts')).toMatchObject({ format: 'xlsx', sheet: 'Rota', read: 1, accepted: 1 });
  });

  it('reads a file as its flag says; when it lacks that kind\'s columns it asks for them, noting the columns look like another kind', async () => {
    // The flag is the user's word (issue 13): an incident log given as --shifts is not refused for
    // looking like incidents; it stops only because a rota needs start and end and it has neither.
    const argv = ['--incidents', vendor('radar-incidents.csv'), '--shifts', vendor('careapp-incidents.csv')];
    const stopped = await analyze(parseCommandLine(argv)).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(QuestionsError);
    const message = (stopped as Error).message;
    expect(message).toContain('careapp-incidents.csv (staff rota):');
    expect(message).toContain('Note: Read as staff rota, as its flag says, though its columns');
    expect(message).toContain('look more like incidents to PBS Lens; if they are, give it with --incidents.');
    expect(message).toContain('No column for start');
  });

  it('exits with code 3 and the question on stderr from the command line, and 0 with the answer', async () => {
    // In this process, through what the command line's main prints (a child process's own exit
    // code and pipes: analyze-date-order and analyze-together).
    const stopped = await commandLine(ALONE);
    expect(stopped.status).toBe(3);
    expect(stopped.stderr).toMatch(/April or \d+ \w+\?/);
    expect(stopped.stdout).toBe('');
    const answered = await commandLine([...ALONE, '--date-order', 'dmy', '--json']);
    expect(answered.status).toBe(0);
    const json = JSON.parse(answered.stdout) as { files: { file: string; mapping: { kind: string } | null }[] };
    expect(json.files.find((f) => f.file === 'datix-incidents.csv')!.mapping!.kind).toBe('incidents');
  });
});
