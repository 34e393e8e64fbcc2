/**
 * Vitest's test-file order: longest first, so that the two workers of a project end together.
 * Vitest orders by the durations it cached from an earlier run here; a fresh clone has none and
 * it falls back to file size, which put a 40 s browser file near the end. There the seconds in
 * tests/fileSeconds.json (a whole run's per-file times, rough: only their order matters) order
 * each project; a file not listed goes first, as Vitest runs unknown files first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

type Seconds = Record<string, Record<string, number>>;

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const root = this.ctx.config.root;
    const rel = (f: TestSpecification) => path.relative(root, f.moduleId).split(path.sep).join('/');
    // Vitest's own durations, when it has them for every file, are the better guide.
    if (base.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${rel(f)}`))) return base;
    let listed: Seconds;
    try {
      listed = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'fileSeconds.json'), 'utf8')) as Seconds;
    } catch {
      return base; // no list (or a broken one): Vitest's own order, not a run that cannot start
    }
    const seconds = (f: TestSpecification) => listed[f.project.name]?.[rel(f)] ?? Number.POSITIVE_INFINITY;
    // Stable: projects and their group order stay as the base order has them.
    const groupOf = new Map(base.map((f, i) => [f, base.findIndex((g) => g.project === f.project)]));
    return [...base].sort((a, b) => groupOf.get(a)! - groupOf.get(b)! || compare(seconds(b), seconds(a)));
  }
}

function compare(x: number, y: number): number {
  return x === y ? 0 : x < y ? -1 : 1;
}
