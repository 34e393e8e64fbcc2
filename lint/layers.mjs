/**
 * ESLint rule `pbs/layers`: the import boundaries of the layering (ingest → model → analysis →
 * report/ui; stats pure). Each boundary names the files it applies to, the paths they may not
 * import, and the exceptions allowed today; paths are the repository-relative file a relative
 * import resolves to (no extension), so it holds at any folder depth. Package imports are not
 * checked. Plain syntax only (no type information), so it costs almost nothing.
 */
import path from 'node:path';

/** Repository-relative path of `file`, with forward slashes and no extension. */
function repoPath(root, file) {
  return path.relative(root, file).split(path.sep).join('/').replace(/\.[cm]?[jt]sx?$/, '');
}

const under = (dir) => (p) => p === dir || p.startsWith(`${dir}/`);

/**
 * The boundaries. `files` and `forbids` test repository paths; `allow` lists "importer → imported"
 * pairs tolerated for now, each with the reason it is still there (none are, today).
 */
export const BOUNDARIES = [
  {
    name: 'ui reaches db only to start the worker',
    files: (p) => under('src/ui')(p) || p === 'src/main',
    // What else the UI needs of db/ (the worker-stopped error, the capacity check) comes through the engine.
    forbids: (p) => under('src/db')(p) && p !== 'src/db/browser',
  },
  {
    name: 'analysis, model and stats never import ui',
    files: (p) => ['src/analysis', 'src/model', 'src/stats'].some((d) => under(d)(p)),
    forbids: (p) => under('src/ui')(p) || p === 'src/main',
  },
  {
    name: 'stats imports nothing from the project',
    files: under('src/stats'),
    forbids: (p) => !under('src/stats')(p),
  },
  {
    name: 'model never imports analysis',
    files: under('src/model'),
    forbids: under('src/analysis'),
  },
  {
    name: 'the app never imports the tests',
    files: under('src'),
    // The browser benchmark drives the app with src/cli/browserJourney.ts, which the e2e harness re-exports.
    forbids: under('tests'),
  },
  {
    name: 'ingest never imports the engine or the layers above it',
    files: under('src/ingest'),
    forbids: (p) => ['src/engine', 'src/main'].includes(p) || ['src/model', 'src/analysis', 'src/report', 'src/ui'].some((d) => under(d)(p)),
  },
];

/** The boundaries `from` would cross by importing `to` (both repository paths without extension). */
export function crossings(from, to, boundaries = BOUNDARIES) {
  return boundaries.filter((b) => b.files(from) && b.forbids(to) && !b.allow?.[`${from} → ${to}`]);
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the layering (ingest → model → analysis → report/ui; stats pure).' },
    schema: [],
    messages: { crosses: '{{from}} imports {{to}}: {{boundary}}.' },
  },
  create(context) {
    const root = context.cwd;
    const from = repoPath(root, context.filename);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = repoPath(root, path.resolve(path.dirname(context.filename), source));
      for (const b of crossings(from, to)) context.report({ node, messageId: 'crosses', data: { from, to, boundary: b.name } });
    };
    const fromSource = (node) => node.source && check(node, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layers: layersRule } };
