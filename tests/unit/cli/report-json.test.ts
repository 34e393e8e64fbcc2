/**
 * docs/report-json.md cannot drift from the code: the report is run on the sample service and
 * the keys the page documents must be exactly the keys the JSON has — at the top level, one
 * level down in every analysis, and in each weekly point of the charts over time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasmSampleReports } from './sampleReports';

const root = path.resolve(__dirname, '../../..');

/** The JSON exactly as `npm run analyze -- … --json` prints it: the whole sample's, and with --person P001 (shared with native-engine). */
const wholeReport = async () => (await wasmSampleReports())[0];
const onePersonReport = async () => (await wasmSampleReports())[1];

/** The page cut into its `## …` / `### …` sections, and the first backticked name of each table row. */
function docs() {
  const text = fs.readFileSync(path.join(root, 'docs', 'report-json.md'), 'utf8');
  const sections = new Map<string, string>();
  let heading = '';
  for (const line of text.split('\n')) {
    if (/^#{2,3} /.test(line)) heading = line.replace(/^#+ /, '');
    else sections.set(heading, `${sections.get(heading) ?? ''}${line}\n`);
  }
  /** Rows of the table under `header` in this section: the first name of each row, or all of them. */
  const rows = (section: string, header: string, all = false): Set<string> => {
    const body = sections.get(section) ?? '';
    const start = body.indexOf(header);
    if (start < 0) return new Set();
    const lines = body.slice(start).split('\n').slice(2);
    const table = lines.slice(0, lines.findIndex((l) => !l.startsWith('|')));
    return new Set(
      table.flatMap((l) => {
        const first = l.split(/(?<!\\)\|/)[1] ?? '';
        const names = [...first.matchAll(/`([A-Za-z0-9]+)/g)].map((m) => m[1]!);
        return all ? names : names.slice(0, 1);
      }),
    );
  };
  const analyses = [...sections.keys()].map((h) => /^`(\w+)`$/.exec(h)?.[1]).filter((k): k is string => !!k);
  return { rows, analyses };
}

describe('docs/report-json.md', () => {
  it('documents exactly the keys the headless report prints, at the top and in every analysis', async () => {
    const [whole, onePerson] = [await wholeReport(), await onePersonReport()];
    const d = docs();

    const documentedTop = new Set([...d.rows('Keys', '| key | meaning |'), ...d.analyses]);
    expect([...documentedTop].sort()).toEqual(Object.keys(whole).sort());

    expect(d.analyses.sort()).toEqual(
      ['restrictivePractice', 'when', 'overTime', 'planDelivery', 'commissionedVsDelivered', 'personStory', 'whatIf', 'staffInvolvement', 'dataQuality', 'reconciliation', 'abc'].sort(),
    );
    for (const key of d.analyses) {
      const actual = new Set(Object.keys(whole[key]!));
      // The person's story has two shapes: the list to choose from, and one person's story.
      if (key === 'personStory') for (const k of Object.keys(onePerson[key]!)) actual.add(k);
      expect([...d.rows(`\`${key}\``, '| key | meaning |')].sort(), key).toEqual([...actual].sort());
    }
    expect(whole.personStory!.kind).toBe('choosePerson');
    expect(onePerson.personStory!.kind).toBe('story');
  });

  it('documents every field of a weekly point: its value, centre line, limits and rules', async () => {
    const whole = await wholeReport();
    const charts = whole.overTime!.charts as Record<string, { points: Record<string, unknown>[] }>;
    const point = charts.incidents!.points[0]!;
    expect([...docs().rows('`overTime`', '| field | meaning |', true)].sort()).toEqual(Object.keys(point).sort());
    expect(Object.keys(point)).toEqual(expect.arrayContaining(['value', 'mean', 'lower', 'upper', 'rules']));
  });
});
