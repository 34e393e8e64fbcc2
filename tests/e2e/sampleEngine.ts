/**
 * The headless engine's results on the sample service (analyzeEach of src/cli/analyze.ts, in
 * Node), under every cut a browser test compares a page with: one import and model build for all
 * the cuts, made once per run and kept for the other test files and workers (keptForRun, the
 * folder of sampleCacheSetup). Each cut's result is the one `analyze` gives under it alone
 * (tests/unit/cli/analyze-each.test.ts), so a file reads the same numbers it computed itself.
 */
import { analyzeEach, type AnalyzeResult } from '../../src/cli/analyze';
import type { Filters } from '../../src/analysis/types';
import { SAMPLE_FILES } from '../fixtures/sampleFiles';
import { keptForRun } from '../unit/helpers/keptForRun';

const EVERYONE: Filters = { from: null, to: null, unit: null, personId: null };

/** Every cut the browser tests ask for (dashboard, sample, who-was-there, abc, evidence-pack). */
const CUTS: readonly Filters[] = [
  EVERYONE,
  { ...EVERYONE, unit: 'Oak' },
  { ...EVERYONE, unit: 'Oak', personId: 'P001' },
  { from: '2025-03-01', to: '2025-06-30', unit: 'Oak', personId: 'P001' },
  { from: '2025-03-01', to: '2025-06-30', unit: 'Oak', personId: null },
  { ...EVERYONE, personId: 'P002' },
];

const key = (f: Filters) => JSON.stringify([f.from, f.to, f.unit, f.personId]);

const allCuts = keptForRun('e2e.sample.results', () => analyzeEach({ files: SAMPLE_FILES, filters: EVERYONE, json: true }, CUTS));

/** The sample's results under `filters`, one of CUTS (else it throws: add the cut there). */
export async function sampleResult(filters: Filters): Promise<AnalyzeResult> {
  const i = CUTS.findIndex((c) => key(c) === key(filters));
  if (i < 0) throw new Error(`No sample cut ${key(filters)} in tests/e2e/sampleEngine.ts`);
  return (await allCuts())[i]!;
}
