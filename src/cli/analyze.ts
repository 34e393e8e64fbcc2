/**
 * Headless report: the same engine as the browser, in Node.
 *   npm run analyze -- --incidents F --shifts F [--interventions F] [--requirements F] [--people F]
 *                      [--plan F] [--events F] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--unit U] [--person ID] [--json]
 *                      [--aliases F.json] [--no-auto-match]
 *                      [--mapping [kind=]M.json]... [--save-mapping DIR] [--date-order dmy|mdy]
 *                      [--earliest-date YYYY-MM-DD] [--latest-days N] [--grid-codes F.json] [--grid-unit U]
 *                      [--engine wasm|native]
 * --engine native runs the same SQL on native DuckDB (@duckdb/node-api): every core, spilling to
 * disk, no 4 GB wasm memory; the default is duckdb-wasm, the browser's engine.
 * Vendor exports (other column names, title rows, UK dates, Excel workbooks) are read through a
 * mapping: the one given with --mapping (it finds its file by the file's columns, or by kind=),
 * else the one detected, which the JSON reports under files[].mapping. Where detection leaves a
 * question (ambiguous date order, unknown values, a missing column) it stops with exit code 3 and
 * says how to answer (--date-order, or --save-mapping DIR, edit, --mapping). The flags are the
 * user's word: a file is read as the kind its flag says; if its columns look like another kind,
 * the report says so in that file's notes, and imports it all the same. Files are read together,
 * as in the wizard: a column whose values are another file's references is the link (a restraint
 * file's `inc_ourref` → the incidents' reference). A --shifts file that is a grid rota (staff as
 * rows, days as columns) is read as one; shift codes it does not know are asked about (exit 3)
 * and answered with --grid-codes (code → times, or "none"), a unit the sheet does not name with --grid-unit.
 * Unit names and person references that differ across files are reconciled: aliases from
 * --aliases (the JSON the app downloads), then the confident matches found automatically
 * (unless --no-auto-match); the report's `reconciliation` key lists both and what is undecided.
 * The aliases file's `staff` entries (reference → rota staff_id) are applied but never listed.
 * Without --json it prints a readable summary. The JSON keys are documented in the README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openNodeDatabase } from '../db/node';
import { openNativeDatabase } from '../db/native';
import type { Connector } from '../db/connector';
import { createEngine, type ImportReport } from '../engine';
import type { FileKind } from '../ingest/canonical';
import { NO_FILTERS, type Filters, type StaffingResult } from '../analysis/types';
import { REPORT_ANALYSES } from '../analysis';
import { buildReport, formatText } from './report';
import { hasQuestions, MappingArgError, parseGridCodes, parseMappingArg, planImports, QuestionsError, questionsMessage, saveMappings, type GridAnswers, type MappingArg, type MappingSource } from './mappings';
import type { DateOrder } from '../ingest/dates';
import { DEFAULT_PLAUSIBILITY, PlausibilityLimits } from '../ingest/plausible';
import { DEFAULT_SETTINGS } from '../model/settings';
import { AliasesSchema, planAliases, unmatchedUnits, type Aliases, type AppliedAlias, type Suggestion, type UnmatchedUnit } from '../model/reconcile';

const FILE_FLAGS: Record<string, FileKind> = {
  people: 'people',
  incidents: 'incidents',
  interventions: 'interventions',
  shifts: 'shifts',
  requirements: 'requirements',
  plan: 'planDelivery',
  events: 'events',
};

export interface AnalyzeArgs {
  files: { kind: FileKind; path: string }[];
  filters: Filters;
  json: boolean;
  /** An aliases JSON file (raw name → unit / person_id). */
  aliases?: string | null;
  /** Apply high-confidence matches automatically (default true). */
  autoMatch?: boolean;
  /** Mapping JSON files for vendor exports (--mapping, repeatable). */
  mappings?: MappingArg[];
  /** Folder to write each vendor file's mapping to (--save-mapping). */
  saveMappings?: string | null;
  /** The answer to ambiguous day/month questions (--date-order). */
  dateOrder?: DateOrder | null;
  /** What an imported value must be to be believed (--earliest-date, --latest-days over the defaults). */
  plausibility?: PlausibilityLimits;
  /** A grid rota's answers: shift codes' times (--grid-codes) and its unit (--grid-unit). */
  grid?: GridAnswers;
  /** duckdb-wasm (the browser's engine, the default) or native DuckDB. */
  engine?: Engine;
}

export type Engine = 'wasm' | 'native';

export function openDatabase(engine: Engine = 'wasm'): Promise<Connector> {
  return engine === 'native' ? openNativeDatabase() : openNodeDatabase();
}

export function parseCommandLine(argv: string[]): AnalyzeArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(FILE_FLAGS).map((k) => [k, { type: 'string' as const }])),
      from: { type: 'string' },
      to: { type: 'string' },
      unit: { type: 'string' },
      person: { type: 'string' },
      json: { type: 'boolean', default: false },
      aliases: { type: 'string' },
      'no-auto-match': { type: 'boolean', default: false },
      mapping: { type: 'string', multiple: true },
      'save-mapping': { type: 'string' },
      'date-order': { type: 'string' },
      'earliest-date': { type: 'string' },
      'latest-days': { type: 'string' },
      engine: { type: 'string', default: 'wasm' },
      'grid-codes': { type: 'string' },
      'grid-unit': { type: 'string' },
    },
    strict: true,
  });
  const v = values as Record<string, string | boolean | string[] | undefined>;
  if (!v.incidents || !v.shifts) throw new Error('--incidents and --shifts are required.');
  const files = Object.entries(FILE_FLAGS)
    .filter(([flag]) => typeof v[flag] === 'string')
    .map(([flag, kind]) => ({ kind, path: v[flag] as string }));
  for (const f of files) if (!fs.existsSync(f.path)) throw new Error(`No such file: ${f.path}`);
  if (typeof v.aliases === 'string' && !fs.existsSync(v.aliases)) throw new Error(`No such aliases file: ${v.aliases}`);
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
  const dateOrder = str('date-order');
  if (dateOrder !== null && dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new Error('--date-order is dmy (day first, UK) or mdy (month first, US).');
  const limits = PlausibilityLimits.safeParse({
    ...DEFAULT_PLAUSIBILITY,
    ...(str('earliest-date') !== null ? { earliestDate: str('earliest-date') } : {}),
    ...(str('latest-days') !== null ? { latestDaysAfterImport: Number(str('latest-days')) } : {}),
  });
  if (!limits.success) throw new Error('--earliest-date is a date as YYYY-MM-DD; --latest-days a whole number of days (0 or more).');
  if (v.engine !== 'wasm' && v.engine !== 'native') throw new Error('--engine is wasm (the browser\'s engine, the default) or native.');
  const mappings = ((v.mapping as string[] | undefined) ?? []).map((m) => parseMappingArg(m, FILE_FLAGS));
  for (const m of mappings) if (!fs.existsSync(m.path)) throw new Error(`No such mapping file: ${m.path}`);
  const gridCodes = str('grid-codes');
  if (gridCodes !== null && !fs.existsSync(gridCodes)) throw new Error(`No such grid-codes file: ${gridCodes}`);
  return {
    files,
    filters: { ...NO_FILTERS, from: str('from'), to: str('to'), unit: str('unit'), personId: str('person') },
    json: v.json === true,
    aliases: str('aliases'),
    autoMatch: v['no-auto-match'] !== true,
    mappings,
    saveMappings: str('save-mapping'),
    dateOrder: dateOrder as DateOrder | null,
    plausibility: limits.data,
    engine: v.engine,
    grid: { codes: gridCodes !== null ? parseGridCodes(gridCodes) : {}, unit: str('grid-unit') },
  };
}

export interface AnalyzeResult {
  imports: ImportReport[];
  staffing: StaffingResult;
  /** The other analyses, by their report key. */
  analyses: Record<string, unknown>;
  /** How each file was read: canonical, with a --mapping file, or with the detected mapping. */
  mappingSources: Record<string, MappingSource>;
}

export async function analyze(args: AnalyzeArgs): Promise<AnalyzeResult> {
  return (await analyzeEach(args, [args.filters]))[0]!;
}

/**
 * The report under each of several filter sets, from one import and one model build: the same
 * results as `analyze` under each set alone, whichever set comes first (tables built when a cut
 * first asks hold the same rows for every cut; tests/unit/cli/analyze-each.test.ts). The browser
 * tests compare a page's every cut with it.
 */
export async function analyzeEach(args: AnalyzeArgs, filterSets: readonly Filters[]): Promise<AnalyzeResult[]> {
  const db = await openDatabase(args.engine);
  try {
    const engine = createEngine(db, { settings: { ...DEFAULT_SETTINGS, plausibility: args.plausibility ?? DEFAULT_PLAUSIBILITY } });
    // People and rota first so later files can be checked against them.
    const order: FileKind[] = ['people', 'requirements', 'shifts', 'incidents', 'interventions', 'planDelivery', 'events'];
    const files = [...args.files].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    const planned = await planImports(engine, files, { mappings: args.mappings ?? [], dateOrder: args.dateOrder ?? null, ...(args.grid ? { grid: args.grid } : {}) });
    const saved = args.saveMappings ? saveMappings(args.saveMappings, planned) : null;
    if (planned.some(hasQuestions)) throw new QuestionsError(questionsMessage(planned, saved));
    const imports: ImportReport[] = [];
    const mappingSources: Record<string, MappingSource> = {};
    for (const p of planned) {
      mappingSources[p.name] = p.source;
      const how = p.grid ? { kind: p.kind, grid: p.grid } : p.mapping ? { kind: p.kind, mapping: p.mapping } : { kind: p.kind };
      const report = await engine.importFile(p.name, p.data, how);
      // A vendor file that could not be mapped failed again as a canonical one: the inspection's
      // reason (e.g. two columns of one name) is the one that says what is wrong.
      const why = !p.mapping && !p.grid && !p.inspection.canonical ? p.inspection.error : null;
      const read = report.error && why ? { ...report, error: why } : report;
      imports.push(p.warnings.length > 0 ? { ...read, notes: [...p.warnings, ...(read.notes ?? [])] } : read);
    }
    const names = await reconcileNames(engine, args);
    await engine.rebuild();
    const results: AnalyzeResult[] = [];
    for (const filters of filterSets) {
      const staffing = await engine.staffing(filters);
      const analyses: Record<string, unknown> = { reconciliation: names };
      for (const [key, run] of Object.entries(REPORT_ANALYSES)) {
        analyses[key] = await run({ model: engine.model, filters, settings: engine.settings });
      }
      results.push({ imports, staffing, analyses, mappingSources });
    }
    return results;
  } finally {
    await db.close();
  }
}

/** What the report says about reconciliation: aliases applied (and why), matches left undecided, units still apart. */
export interface ReconciliationReport {
  applied: AppliedAlias[];
  undecided: (Suggestion & { kind: 'unit' | 'person' })[];
  unmatchedUnits: UnmatchedUnit[];
}

/** Aliases from --aliases, then the confident matches (unless --no-auto-match), stored before the model is built. */
async function reconcileNames(engine: ReturnType<typeof createEngine>, args: AnalyzeArgs): Promise<ReconciliationReport> {
  let given: Aliases | undefined;
  if (args.aliases) {
    try {
      given = AliasesSchema.parse(JSON.parse(fs.readFileSync(args.aliases, 'utf8')));
    } catch (e) {
      throw new Error(`${args.aliases} is not an aliases file ({"units": [{"raw", "unit"}], "people": [{"raw", "personId"}], "staff": [{"raw", "staffId"}]}): ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const plan = planAliases(await engine.reconciliation(), given, args.autoMatch ?? true);
  await engine.setAliases(plan.aliases);
  return { applied: plan.applied, undecided: plan.undecided, unmatchedUnits: await unmatchedUnits(engine.db) };
}

export function reconciliationText(r: ReconciliationReport): string {
  const out = ['', 'Names reconciled across files'];
  if (r.applied.length === 0) out.push('  none needed or none found');
  for (const a of r.applied) out.push(`  ${a.kind} ${JSON.stringify(a.raw)} → ${JSON.stringify(a.target)} (${a.source === 'file' ? 'aliases file' : a.reason})`);
  if (r.undecided.length > 0) {
    out.push('Possible matches not applied (decide them in an aliases file, --aliases):');
    for (const s of r.undecided) out.push(`  ${s.kind} ${JSON.stringify(s.raw)}: ${s.reason}${s.confidence ? ` [${s.confidence}]` : ''}`);
  }
  if (r.unmatchedUnits.length > 0) out.push('Units still named in one file and not another:');
  for (const u of r.unmatchedUnits) out.push(`  ${JSON.stringify(u.unit)} does not appear in: ${u.missingFrom.join(', ')}`);
  return out.join('\n') + '\n';
}

/** What the command line prints and its exit code: 2 for a bad argument, 3 for questions, 1 when a file failed. */
export interface CommandLineRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** The command line's whole work short of the process: `main` prints what it returns (tests run it in-process too). */
export async function runCommandLine(argv: string[]): Promise<CommandLineRun> {
  let args: AnalyzeArgs;
  try {
    args = parseCommandLine(argv);
  } catch (e) {
    return { status: 2, stdout: '', stderr: `${(e as Error).message}\n` };
  }
  let result: AnalyzeResult;
  try {
    result = await analyze(args);
  } catch (e) {
    if (e instanceof QuestionsError) return { status: 3, stdout: '', stderr: e.message };
    if (e instanceof MappingArgError) return { status: 2, stdout: '', stderr: `${e.message}\n` };
    throw e;
  }
  const { imports, staffing, analyses, mappingSources } = result;
  const failed = imports.filter((i) => i.error);
  const report = buildReport(imports, staffing, analyses, mappingSources);
  let stdout = args.json ? `${JSON.stringify(report, null, 2)}\n` : formatText(report, imports, staffing);
  if (!args.json) stdout += reconciliationText(analyses.reconciliation as ReconciliationReport);
  const stderr = failed.length > 0 ? failed.map((f) => `${f.fileName}: ${f.error}`).join('\n') + '\n' : '';
  return { status: failed.length > 0 ? 1 : 0, stdout, stderr };
}

async function main(): Promise<void> {
  const run = await runCommandLine(process.argv.slice(2));
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  // exitCode, not exit(): a report piped to a slow reader is written asynchronously and exit() could cut it short.
  process.exitCode = run.status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
