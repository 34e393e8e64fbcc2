/**
 * The detection corpus (tests/fixtures/corpus) through the Node pipeline: every file inspected,
 * each group of files imported together read together (inspectTogether), and the first proposal
 * compared with what expected.json says a person would choose: the kind, the column of each
 * field, the links across files. Used by corpus.test.ts; `npx tsx tests/unit/ingest/corpus-score.ts dev`
 * prints the misses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TABLES, type FileKind } from '../../../src/ingest/canonical';
import { inspectFile, type Inspection } from '../../../src/ingest/inspect';
import { inspectTogether, type FileLink } from '../../../src/ingest/links';
import type { FieldMapping } from '../../../src/ingest/mapping';

export const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/corpus');

type Source = string | { date: string; time: string };
export interface ExpectedFile {
  file: string;
  group: string;
  kind: FileKind;
  fields: Record<string, Source>;
  layout: string;
}
export interface ExpectedLink {
  group: string;
  field: string;
  from: { file: string; column: string };
  to: { file: string; column: string };
}
export interface Expected {
  files: ExpectedFile[];
  links: ExpectedLink[];
}

export interface FileResult {
  file: string;
  expected: ExpectedFile;
  inspection: Inspection;
  kindOk: boolean;
  /** Required fields of the expected kind: right / all. */
  required: { field: string; ok: boolean; got: string }[];
  /** Other fields expected.json names (behaviour type, staff involved …). */
  other: { field: string; ok: boolean; got: string }[];
}

export interface CorpusResult {
  files: FileResult[];
  links: { expected: ExpectedLink; found: boolean }[];
  /** Links found that expected.json does not list. */
  extraLinks: FileLink[];
}

export function readExpected(folder: string): Expected {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, folder, 'expected.json'), 'utf8')) as Expected;
}

/** The field's source in the same words as expected.json. */
export function sourceText(fm: FieldMapping | undefined): string {
  if (!fm) return '(none)';
  const s = fm.source;
  if (s.from === 'column') return s.column;
  if (s.from === 'dateTime') return `${s.date} + ${s.time}`;
  if (s.from === 'contentKey') return 'contentKey';
  return `constant ${s.value}`;
}
const expectedText = (s: Source) => (typeof s === 'string' ? s : `${s.date} + ${s.time}`);

export async function runCorpus(folder: string): Promise<CorpusResult> {
  const expected = readExpected(folder);
  const files: FileResult[] = [];
  const allLinks: FileLink[] = [];
  const groups = [...new Set(expected.files.map((f) => f.group))];
  for (const group of groups) {
    const members = expected.files.filter((f) => f.group === group);
    const alone = await Promise.all(members.map((f) => inspectFile(f.file, new Uint8Array(fs.readFileSync(path.join(CORPUS, folder, f.file))))));
    const together = inspectTogether(alone);
    allLinks.push(...together.links);
    together.inspections.forEach((inspection, k) => {
      const e = members[k]!;
      const m = inspection.mapping;
      const check = (field: string) => {
        const got = sourceText(m?.fields[field]);
        const want = e.fields[field];
        return { field, ok: want !== undefined && got === expectedText(want), got };
      };
      const required = TABLES[e.kind].fields.filter((f) => f.required).map((f) => f.name);
      files.push({
        file: e.file,
        expected: e,
        inspection,
        kindOk: m?.kind === e.kind,
        required: required.map(check),
        other: Object.keys(e.fields).filter((f) => !required.includes(f)).map(check),
      });
    });
  }
  const same = (l: FileLink, e: ExpectedLink) =>
    (l.from.file === e.from.file && l.from.column === e.from.column && l.to.file === e.to.file && l.to.column === e.to.column) ||
    (l.from.file === e.to.file && l.from.column === e.to.column && l.to.file === e.from.file && l.to.column === e.from.column);
  const links = expected.links.map((e) => ({ expected: e, found: allLinks.some((l) => same(l, e)) }));
  const extraLinks = allLinks.filter((l) => !expected.links.some((e) => same(l, e)));
  return { files, links, extraLinks };
}

export function summary(r: CorpusResult) {
  const req = r.files.flatMap((f) => f.required);
  const other = r.files.flatMap((f) => f.other);
  return {
    kinds: `${r.files.filter((f) => f.kindOk).length}/${r.files.length}`,
    required: `${req.filter((x) => x.ok).length}/${req.length}`,
    requiredShare: req.filter((x) => x.ok).length / req.length,
    other: `${other.filter((x) => x.ok).length}/${other.length}`,
    links: `${r.links.filter((l) => l.found).length}/${r.links.length}`,
    extraLinks: r.extraLinks.length,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const folder = process.argv[2] ?? 'dev';
  const r = await runCorpus(folder);
  for (const f of r.files) {
    const miss = [...f.required, ...f.other].filter((x) => !x.ok);
    const qs = f.inspection.questions.map((q) => q.type + ('field' in q ? `:${q.field}` : '')).join(',');
    const k = f.inspection.kinds.slice(0, 2).map((g) => `${g.kind} ${g.score.toFixed(1)}`).join(' > ');
    console.log(`${f.kindOk ? 'ok ' : 'BAD'} ${f.file} [${k}] q=${qs}`);
    if (!f.kindOk) console.log(`     kind why: ${f.inspection.kinds[0]?.why.join(' | ')}`);
    for (const x of miss) console.log(`     ${x.field}: got ${x.got}, want ${JSON.stringify(f.expected.fields[x.field])}`);
  }
  for (const l of r.links) if (!l.found) console.log(`MISSING LINK ${JSON.stringify(l.expected)}`);
  for (const l of r.extraLinks) console.log(`extra link ${l.from.file}.${l.from.column} → ${l.to.file}.${l.to.column} (${l.role})`);
  console.log(summary(r));
}
