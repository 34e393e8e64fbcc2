/**
 * The headless report's JSON for the whole sample service and for one person (P001), as
 * `npm run analyze -- … --json [--person P001]` prints them, from one import and model build
 * (analyzeEach: each cut's report is the one it has alone, tests/unit/cli/analyze-each.test.ts).
 * The wasm engine's pair is made once per run and shared (helpers/keptForRun): report-json and
 * native-engine read the same reports instead of four imports of the sample.
 */
import { analyzeEach, parseCommandLine, type Engine } from '../../../src/cli/analyze';
import { buildReport } from '../../../src/cli/report';
import { keptForRun } from '../helpers/keptForRun';
import { SAMPLE_ARGV } from './sampleArgs';

export type ReportJson = Record<string, Record<string, unknown>>;

/** The command-line words of the second cut. */
export const ONE_PERSON = ['--person', 'P001'];

/** [the whole sample's report, P001's report] on `engine`. */
export async function sampleReports(engine: Engine): Promise<[ReportJson, ReportJson]> {
  const args = parseCommandLine([...SAMPLE_ARGV, '--engine', engine]);
  const person = parseCommandLine([...SAMPLE_ARGV, ...ONE_PERSON]).filters;
  const [whole, one] = (await analyzeEach(args, [args.filters, person])).map(
    (r) => JSON.parse(JSON.stringify(buildReport(r.imports, r.staffing, r.analyses, r.mappingSources))) as ReportJson,
  );
  return [whole!, one!];
}

/** The wasm engine's pair, made once per run. */
export const wasmSampleReports = keptForRun('sample.reports.wasm', () => sampleReports('wasm'));
