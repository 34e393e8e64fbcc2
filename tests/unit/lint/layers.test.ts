/** The layering rule of `npm run lint` (lint/layers.mjs) on made-up files: each boundary holds, at any depth. */
import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
// @ts-expect-error: a plain ES module without type declarations.
import { layersRule } from '../../../lint/layers.mjs';

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
    // Tolerated today, with a TODO in lint/layers.mjs.
    { filename: at('src/cli/benchBrowser.ts'), code: "const h = await import('../../tests/e2e/harness');" },
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
  ],
});
