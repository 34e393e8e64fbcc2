/** The layering rule of `npm run lint` (lint/layers.mjs) on made-up files: each boundary holds, at any depth. */
import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without type declarations.
import { BOUNDARIES, layersRule } from '../../../lint/layers.mjs';

RuleTester.describe = describe;
RuleTester.it = it;

const root = path.resolve(import.meta.dirname, '../../..');
const at = (file: string) => path.join(root, file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const UI_DB = 'ui reaches db only to start the worker';
const NO_UI = 'analysis, model and stats never import ui';
const STATS = 'stats imports nothing from the project';
const MODEL = 'model never imports analysis';
const TESTS = 'the app never imports the tests';
const INGEST = 'ingest never imports the engine or the layers above it';
/** The error for `from` importing `to` (repository paths without extension) across each boundary named. */
const crosses = (from: string, to: string, ...boundaries: string[]) => boundaries.map((boundary) => ({ messageId: 'crosses', data: { from, to, boundary } }));

tester.run('pbs/layers', layersRule, {
  valid: [
    // ui starts the worker; analysis reads the database through the connector type.
    { filename: at('src/main.tsx'), code: "import { openBrowserDatabase } from './db/browser';" },
    { filename: at('src/ui/pages/StaffingPage.tsx'), code: "import { fmt } from '../format'; import { staffingAnalysis } from '../../analysis/staffing';" },
    { filename: at('src/analysis/staffing.ts'), code: "import type { Connector } from '../db/connector'; import { poisson } from '../stats/poisson';" },
    { filename: at('src/stats/spc.ts'), code: "import { quantile } from './distributions'; import fs from 'node:fs';" },
    { filename: at('src/model/exposure.ts'), code: "import { literal } from '../db/sql';" },
    // The UI's seam to db/ beyond the worker is the engine; the benchmark has its own browser journey.
    { filename: at('src/ui/useWorkspace.ts'), code: "import type { DatabaseStopped, Engine } from '../engine';" },
    { filename: at('src/ui/import/ImportWizard.tsx'), code: "import { checkCapacity } from '../../engine';" },
    { filename: at('src/cli/benchBrowser.ts'), code: "const h = await import('./browserJourney');" },
    // Ingest reads the database through the connector and owns its report.
    { filename: at('src/ingest/load/canonical.ts'), code: "import type { Connector } from '../../db/connector'; import type { ImportReport } from '../report';" },
    // Tests may import anything.
    { filename: at('tests/unit/x.test.ts'), code: "import { App } from '../../src/ui/App'; import { openNodeDatabase } from '../../src/db/node';" },
  ],
  invalid: [
    // No longer tolerated: the filters and the Use of Force items moved to the model.
    { filename: at('src/model/tableFilters.ts'), code: "import type { Filters } from '../analysis/types';", errors: crosses('src/model/tableFilters', 'src/analysis/types', MODEL) },
    { filename: at('src/ui/pages/StaffingPage.tsx'), code: "import { openNodeDatabase } from '../../db/node';", errors: crosses('src/ui/pages/StaffingPage', 'src/db/node', UI_DB) },
    { filename: at('src/ui/App.tsx'), code: "export { literal } from '../db/sql';", errors: crosses('src/ui/App', 'src/db/sql', UI_DB) },
    { filename: at('src/main.tsx'), code: "import type { Connector } from './db/connector';", errors: crosses('src/main', 'src/db/connector', UI_DB) },
    { filename: at('src/analysis/when.ts'), code: "import { fmt } from '../ui/format';", errors: crosses('src/analysis/when', 'src/ui/format', NO_UI) },
    { filename: at('src/model/extra.ts'), code: "import { App } from '../main';", errors: crosses('src/model/extra', 'src/main', NO_UI) },
    { filename: at('src/stats/poisson.ts'), code: "import type { Connector } from '../db/connector';", errors: crosses('src/stats/poisson', 'src/db/connector', STATS) },
    // stats importing ui crosses two boundaries.
    { filename: at('src/stats/spc.ts'), code: "const f = await import('../ui/format');", errors: crosses('src/stats/spc', 'src/ui/format', NO_UI, STATS) },
    { filename: at('src/model/exposure.ts'), code: "import { NO_FILTERS } from '../analysis/types';", errors: crosses('src/model/exposure', 'src/analysis/types', MODEL) },
    { filename: at('src/model/nested/deep.ts'), code: "export * from '../../analysis/staffing';", errors: crosses('src/model/nested/deep', 'src/analysis/staffing', MODEL) },
    { filename: at('src/ingest/load.ts'), code: "import { startJourney } from '../../tests/e2e/harness';", errors: crosses('src/ingest/load', 'tests/e2e/harness', TESTS) },
    // No longer tolerated (issue 17): the UI's two reaches into db/ and the benchmark's into the e2e tests.
    { filename: at('src/ui/useWorkspace.ts'), code: "import type { DatabaseStopped } from '../db/failure';", errors: crosses('src/ui/useWorkspace', 'src/db/failure', UI_DB) },
    { filename: at('src/ui/import/ImportWizard.tsx'), code: "import { checkCapacity } from '../../db/capacity';", errors: crosses('src/ui/import/ImportWizard', 'src/db/capacity', UI_DB) },
    { filename: at('src/cli/benchBrowser.ts'), code: "const h = await import('../../tests/e2e/harness');", errors: crosses('src/cli/benchBrowser', 'tests/e2e/harness', TESTS) },
    { filename: at('src/cli/benchBrowser.ts'), code: "const w = await import('../../tests/e2e/appWorker');", errors: crosses('src/cli/benchBrowser', 'tests/e2e/appWorker', TESTS) },
    // Ingest owns the import report: it never takes it (or anything else) from the engine.
    { filename: at('src/ingest/gridLoad.ts'), code: "import type { ImportReport } from '../engine';", errors: crosses('src/ingest/gridLoad', 'src/engine', INGEST) },
    { filename: at('src/ingest/load/mapped.ts'), code: "import { buildExposure } from '../../model/exposure';", errors: crosses('src/ingest/load/mapped', 'src/model/exposure', INGEST) },
  ],
});

describe('the boundaries', () => {
  it('tolerate no exceptions', () => {
    const allowed = (BOUNDARIES as { name: string; allow?: Record<string, boolean> }[]).flatMap((b) => Object.keys(b.allow ?? {}).map((pair) => `${b.name}: ${pair}`));
    expect(allowed).toEqual([]);
  });
});
