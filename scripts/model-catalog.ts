/**
 * Writes docs/model-catalog.md: every table of the model catalog (src/model/catalog.ts) with the
 * file that defines it, what it reads, what reads it (catalog tables and named queries), and the
 * pages and report keys those queries feed. tests/unit/model/catalogDoc.test.ts fails when the
 * committed page is out of date.
 *
 *   npm run docs:catalog
 *
 * Which query reads which table is recorded, not guessed: every analysis runs on the three-day
 * fixture (tests/unit/helpers/threeDays.ts) under filters that take each branch (none, a unit, a
 * date range of whole weeks, a person, a person and dates), and the Model reports each statement
 * it runs with the tables it marks with `table()`. The pages come from the source: the analysis
 * functions each page (src/ui/pages) and the evidence pack (src/report/pack.ts) call.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORT_ANALYSES } from '../src/analysis/index';
import { openNodeDatabase } from '../src/db/node';
import { createEngine } from '../src/engine';
import { NO_FILTERS, type Filters } from '../src/model/filters';
import { buildOrder, CATALOG } from '../src/model/catalog';
import { loadEvidencePack } from '../src/report/pack';
import { INCIDENTS, INTERVENTIONS, PEOPLE, REQUIREMENTS, SHIFTS } from '../tests/unit/helpers/threeDays';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOG_DOC = path.join(root, 'docs', 'model-catalog.md');

const FILTERS: Filters[] = [
  NO_FILTERS,
  { ...NO_FILTERS, unit: 'Oak' },
  { ...NO_FILTERS, from: '2024-12-02', to: '2025-01-26' },
  { ...NO_FILTERS, personId: 'P1' },
  { ...NO_FILTERS, personId: 'P1', from: '2025-01-01', to: '2025-01-02' },
];

/** Query name → the catalog tables it marks, from running everything on the fixture. */
async function recordQueries(): Promise<Map<string, Set<string>>> {
  const db = await openNodeDatabase();
  const reads = new Map<string, Set<string>>();
  try {
    const engine = createEngine(db);
    const files = [['requirements', REQUIREMENTS], ['shifts', SHIFTS], ['people', PEOPLE], ['incidents', INCIDENTS], ['interventions', INTERVENTIONS]] as const;
    for (const [kind, text] of files) await engine.importFile(`${kind}.csv`, new TextEncoder().encode(text), kind);
    engine.model.onQuery = (q) => {
      const name = q.name ?? '(unnamed)';
      const set = reads.get(name) ?? new Set<string>();
      q.tables.forEach((t) => set.add(t));
      reads.set(name, set);
    };
    await engine.filterOptions();
    await engine.personLabels();
    await engine.realNames();
    for (const filters of FILTERS) {
      await engine.staffing(filters);
      for (const run of Object.values(REPORT_ANALYSES)) await run({ model: engine.model, filters, settings: engine.settings });
      if (filters.personId) await loadEvidencePack(engine, filters);
    }
  } finally {
    await db.close();
  }
  return reads;
}

const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');

/** The file under src/model that declares each table. */
function definingFiles(): Map<string, string> {
  const out = new Map<string, string>();
  const dir = path.join(root, 'src', 'model');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts')).sort()) {
    for (const m of read(`src/model/${f}`).matchAll(/defineTable\(\{\s*name: '(\w+)'/g)) out.set(m[1]!, `src/model/${f}`);
  }
  return out;
}

/**
 * The callers of each query family (a query's name up to its first dot: the analysis file, or
 * `filters`, `people`, `evidence`, `model`): pages and report keys.
 */
function callers(): Map<string, { pages: Set<string>; keys: Set<string> }> {
  const out = new Map<string, { pages: Set<string>; keys: Set<string> }>();
  const of = (family: string) => out.get(family) ?? (out.set(family, { pages: new Set(), keys: new Set() }), out.get(family)!);
  const called = (text: string) => {
    // An analysis, or part of one drawn on its own (Data quality's dataQualityChecks).
    const found = new Set([...text.matchAll(/\b(\w+?)(?:Analysis|Checks)\(/g)].map((m) => m[1]!));
    if (/\.staffing\(/.test(text)) found.add('staffing');
    return found;
  };
  const pack = ['evidence', ...called(read('src/report/pack.ts'))];
  const families = (text: string) => new Set([...called(text), ...(/loadEvidencePack\(/.test(text) ? pack : [])]);
  const pagesDir = path.join(root, 'src', 'ui', 'pages');
  for (const f of fs.readdirSync(pagesDir).filter((x) => x.endsWith('Page.tsx')).sort()) {
    for (const family of families(read(`src/ui/pages/${f}`))) of(family).pages.add(f.replace(/\.tsx$/, ''));
  }
  for (const family of ['filters', 'model']) of(family).pages.add('every page (the filters)');
  for (const m of read('src/analysis/index.ts').matchAll(/(\w+): \(\{[^}]*\}\) => (\w+)Analysis\(/g)) of(m[2]!).keys.add(m[1]!);
  of('staffing').keys.add('(top level: the staffing analysis)');
  return out;
}

const list = (xs: Iterable<string>, code = true) => [...xs].map((x) => (code ? `\`${x}\`` : x)).join(', ') || '—';

/** The whole page. */
export async function catalogMarkdown(): Promise<string> {
  const queries = await recordQueries();
  const files = definingFiles();
  const who = callers();
  const order = buildOrder(CATALOG.map((t) => t.name));
  const readers = (name: string) => [...queries].filter(([, tables]) => tables.has(name)).map(([q]) => q).sort();
  const familyOf = (q: string) => q.split('.')[0]!;
  const lines = [
    '# Model catalog',
    '',
    '<!-- Generated by `npm run docs:catalog` (scripts/model-catalog.ts) from src/model/catalog.ts; do not edit by hand. -->',
    '',
    'Every derived table PBS Lens builds, in build order (each after the tables it reads). The Model',
    '(src/model/model.ts) builds a table when a query reads it and it is older than the latest import,',
    'alias or settings change. **Reads** are the catalog and imported tables its SQL names (checked by',
    'tests/unit/model/catalog.test.ts); **read by** are the catalog tables built from it and the named',
    'queries (`analysis.what`, the name in each statement\'s leading comment and in its errors) that read',
    'it directly; **pages** and **report keys** are where those queries\' numbers are shown. The',
    'definitions behind the numbers are on the Methods page and in the BRIEF.',
    '',
    '| table | what it holds | defined in | reads | read by tables | read by queries | pages | report keys |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const t of order) {
    const direct = readers(t.name);
    const families = [...new Set(direct.map(familyOf))];
    const pages = new Set(families.flatMap((f) => [...(who.get(f)?.pages ?? [])]));
    const keys = new Set(families.flatMap((f) => [...(who.get(f)?.keys ?? [])]));
    const builtFrom = CATALOG.filter((c) => c.reads.includes(t.name)).map((c) => c.name);
    lines.push(
      `| \`${t.name}\` | ${t.doc.replaceAll('|', '\\|')} | [${files.get(t.name)}](../${files.get(t.name)}) | ${list(t.reads)} | ${list(builtFrom)} | ${list(direct)} | ${list([...pages].sort(), false)} | ${list([...keys].sort())} |`,
    );
  }
  lines.push('', '## Queries', '', 'Each named query and the catalog tables it reads directly.', '', '| query | reads |', '| --- | --- |');
  for (const [q, tables] of [...queries].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`| \`${q}\` | ${list([...tables].sort())} |`);
  lines.push('');
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await catalogMarkdown();
  fs.writeFileSync(CATALOG_DOC, text);
  console.log(`Wrote ${rel(CATALOG_DOC)} (${CATALOG.length} tables).`);
}
