/**
 * The detection corpus through the Node pipeline (issue 13): 34 CSV exports and 6 workbooks in
 * layouts real systems document, written with what a person would choose for them (expected.json)
 * before the detector was run on them. Each group of files is read together; the first proposal
 * must have the expected kind for every file, the expected column for ≥ 95 % of required fields,
 * every cross-file link; and each file must load with rows read = accepted + rejected.
 * `heldout/` and `xlsx/` were kept out of the tuning until their first check; their misses were
 * then fixed by cause (see KNOWN), so `heldout2/` is the held-out set now.
 *
 * First proposals (kinds · required fields · links), before → after the issue-13 follow-up:
 *   dev       18/18 · 67/67 · 7/7   →  unchanged
 *   heldout    8/9  · 32/33 · 3/3 (+1 unlisted) → 9/9 · 33/33 · 4/4 (the staff link now expected)
 *   xlsx       6/6  · 19/20 · 2/2   →  6/6 · 20/20 · 2/2
 *   heldout2   (new; checked once)  →  7/7 · 24/24 · 4/4, other named fields 13/14; its one miss (behaviour
 *              type from "Incident Category" over "Incident Sub-Category") then fixed by cause — a
 *              sub-category nested under its category is the finer field (headers.ts preferFiner,
 *              tests/unit/ingest/finer-category.test.ts) — so heldout2 is no longer unseen either.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveMapping } from '../../../src/ingest/inspect';
import { freshEngineEachTest } from './loader-helpers';
import { CORPUS, readExpected, runCorpus, summary, type CorpusResult } from './corpus-score';
import type { Engine } from '../../../src/engine';
import type { Connector } from '../../../src/db/connector';

let engine: Engine;
let db: Connector;
freshEngineEachTest((d, e) => {
  db = d;
  engine = e;
});

/** Data rows below the header, counted from the records read (the files are small enough to be read whole). */
function dataRows(r: CorpusResult['files'][number]): number {
  const i = r.inspection;
  expect(i.truncated).toBe(false);
  return i.records.slice(i.header!.dataStart).filter((row) => row.some((c) => c.trim() !== '')).length;
}

/**
 * Known misses, by set. None left in dev, heldout and xlsx: what the first held-out check showed
 * was fixed by its general cause, not by the file — the supported-living client list ("Client,
 * Placement, Start date, End date, Support ratio", once taken for plan delivery) is people because
 * one row per person with dates and no times of day is a people list and a one-row-per-person file
 * is no log of sessions; the restraint log's type is "Intervention", not "Position", because a
 * column of restraint positions only is the hold, not the kind of intervention; and the ABC chart's
 * "Staff" → the house rota's "Staff Name" link is right (the brief's analysis 10 matches staff
 * involved to the rota's staff), so expected.json now lists it, with the reason.
 * Since heldout/ and xlsx/ were looked at for those fixes, they are no longer held out: heldout2/
 * was written (expected.json first) for that, and is checked once, last.
 */
/*
 * heldout2/ (7 exports: generate-heldout2.ts, expected.json committed before the detector saw
 * them), checked once on 6 Dec 2026 after the detector work above was done, not tuned on since:
 * kinds 7/7, required fields 24/24, other named fields 13/14, links 4/4, no extra links.
 * What it showed: the InPhase-style listing's behaviour type is taken from "Incident Category"
 * (two values: "Violence & Aggression", "Self Harm") instead of "Incident Sub-Category" (the six
 * behaviours) — a category that varies a little still wins on its name over the sub-category;
 * and the PAS list asks the day/month order of "Date of Discharge" (one value, 02/06/2025) though
 * "Date of Admission" in the same file settles it (27/01/2025): a question that is not genuinely
 * open. Both left as found. Its import also showed every behaviour-log row stored as a physical
 * restraint through its bare "Duration" column; the same happened to the dev and xlsx ABC charts
 * (50 and 46 false restraints), so that was fixed by its cause (a bare duration on an incident is
 * not a restraint's minutes unless a flag, type, time or the column's name says restraint) and
 * tested on dev and xlsx; heldout2's scores above did not change with it.
 */
const KNOWN: Record<string, { files: string[]; extraLinks: string[]; fields?: string[]; others?: string[]; minFiles: number }> = {
  dev: { files: [], extraLinks: [], minFiles: 9 },
  heldout: { files: [], extraLinks: [], fields: [], minFiles: 9 },
  xlsx: { files: [], extraLinks: [], fields: [], minFiles: 6 },
  heldout2: { files: [], extraLinks: [], fields: [], others: [], minFiles: 6 },
};

const results = new Map<string, Promise<CorpusResult>>();
const corpus = (folder: string) => {
  if (!results.has(folder)) results.set(folder, runCorpus(folder));
  return results.get(folder)!;
};

describe.each(['dev', 'heldout', 'xlsx', 'heldout2'])('%s set', (folder) => {
  const get = () => corpus(folder);

  it('has its layouts and what a person expects of them', () => {
    const e = readExpected(folder);
    expect(e.files.length).toBeGreaterThanOrEqual(KNOWN[folder]!.minFiles);
    for (const f of e.files) expect(fs.existsSync(path.join(CORPUS, folder, f.file)), f.file).toBe(true);
  });

  const known = KNOWN[folder]!;
  const checked = async () => (await get()).files.filter((f) => !known.files.includes(f.file));

  it('takes every file for its kind, finds ≥ 95 % of required fields and every link', async () => {
    const r = await get();
    const s = summary(r);
    const wrongKind = r.files.filter((f) => !f.kindOk).map((f) => f.file);
    const wrongFields = r.files.flatMap((f) => f.required.filter((x) => !x.ok).map((x) => `${f.file} ${x.field}: ${x.got}`));
    expect(wrongKind).toEqual(known.files);
    expect(s.requiredShare, wrongFields.join('\n')).toBeGreaterThanOrEqual(0.95);
    if (known.fields) expect(wrongFields).toEqual(known.fields);
    expect(r.links.filter((l) => !l.found).map((l) => l.expected)).toEqual([]);
    expect(r.extraLinks.map((l) => `${l.from.file}.${l.from.column} → ${l.to.file}.${l.to.column}`)).toEqual(known.extraLinks);
  });

  if (known.others) {
    it('names the other fields a person expects, but for the known misses', async () => {
      const r = await get();
      const wrong = r.files.flatMap((f) => f.other.filter((x) => !x.ok).map((x) => `${f.file} ${x.field}: ${x.got}`));
      expect(wrong).toEqual(known.others);
    });
  }

  it('says why for every field it maps, and asks only about values and date order', async () => {
    for (const f of await checked()) {
      const m = f.inspection.mapping!;
      for (const field of Object.keys(m.fields)) expect(f.inspection.why[field], `${f.file} ${field}`).toMatch(/\w/);
      // No kind or column question: every required field is confidently mapped.
      expect(f.inspection.questions.filter((q) => q.type === 'kind' || q.type === 'missingField').map((q) => q.type), f.file).toEqual([]);
    }
  });

  it('loads every file with rows read = accepted + rejected', async () => {
    for (const f of await checked()) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS, folder, f.file)));
      const { mapping } = resolveMapping(f.inspection, { dateOrder: 'dmy' });
      const report = await engine.importFile(f.file, bytes, { mapping: mapping! });
      expect(report.error, f.file).toBeNull();
      expect(report.read, f.file).toBe(dataRows(f));
      expect(report.accepted + report.rejected, f.file).toBe(report.read);
      // The corpus is clean: rows go in, unless a required field's values are still a question
      // (a "Worked?" yes/no column as shift status: what does "No" mean?).
      const open = f.inspection.questions.some((q) => q.type === 'values' && q.field === 'status');
      if (!open) expect(report.accepted, f.file).toBeGreaterThan(0);
    }
  });
});

describe('the cases of issue 13', () => {
  const file = async (folder: string, name: string) => (await corpus(folder)).files.find((f) => f.file === name)!;

  it('a patient list with admission and discharge dates is a people list, not incidents', async () => {
    const f = await file('dev', 'patients.csv');
    expect(f.inspection.mapping?.kind).toBe('people');
    expect(f.inspection.kinds[0]!.why.join(' ')).toMatch(/one row per person/);
    expect(f.inspection.notes.join(' ')).not.toMatch(/midnight/);
  });

  it('behaviour type comes from the varying Sub-category, not the constant Category', async () => {
    const f = await file('dev', 'datixweb-listing.csv');
    expect(f.inspection.mapping?.fields.behaviour_type?.source).toEqual({ from: 'column', column: 'Sub-category' });
    expect(f.inspection.why.behaviour_type).toMatch(/not "Type" \(the same value on every row\), "Category" \(the same value on every row\)/);
  });

  it('a one-row-per-person client list with start dates is people, not plan delivery', async () => {
    const f = await file('heldout', 'client-list.csv');
    expect(f.inspection.mapping?.kind).toBe('people');
    expect(f.inspection.mapping?.fields.person_id?.source).toEqual({ from: 'column', column: 'Client' });
    expect(f.inspection.kinds.find((k) => k.kind === 'planDelivery')!.why.join(' ')).toMatch(/one row per person \("Client"\): not a log/);
  });

  it('restraint type comes from the intervention kinds, not the column of positions', async () => {
    const f = await file('xlsx', 'restraint-log.xlsx');
    expect(f.inspection.mapping?.fields.type?.source).toEqual({ from: 'column', column: 'Intervention' });
    expect(f.inspection.why.type).toMatch(/not "Position" \(restraint positions only/);
    // Every row goes in now, the seclusion rows (no position) among them: 30 read, 30 accepted.
    const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS, 'xlsx', f.file)));
    const report = await engine.importFile(f.file, bytes, { mapping: resolveMapping(f.inspection, { dateOrder: 'dmy' }).mapping! });
    expect([report.read, report.accepted, report.rejected]).toEqual([30, 30, 0]);
    // Each physical restraint keeps the position written beside it (prone is a red flag): the
    // MHSDS code of the Position cell; seclusions stay 05. Counted from the sheet's own cells.
    const i = f.inspection;
    const head = i.records[i.header!.headerRow]!;
    const cells = i.records.slice(i.header!.dataStart).filter((r) => r.some((c) => c.trim() !== ''));
    const at = (r: string[], name: string) => r[head.indexOf(name)]!.trim();
    const code: Record<string, string> = { Prone: '01', Standing: '07', Supine: '09', Side: '10', Seated: '11' };
    const want = new Map<string, number>();
    for (const r of cells) {
      const t = at(r, 'Intervention') === 'Seclusion' ? '05' : code[at(r, 'Position')]!;
      want.set(t, (want.get(t) ?? 0) + 1);
    }
    const got = await db.query<{ type: string; n: number }>('SELECT type, count(*)::INTEGER AS n FROM restrictive_interventions GROUP BY type');
    expect(new Map(got.map((g) => [g.type, g.n]))).toEqual(want);
    expect(want.get('05')).toBe(14);
    expect(f.inspection.notes.join(' ')).toMatch(/"Position" holds restraint positions/);
  });

  it('an ABC chart\'s Duration is how long the behaviour lasted, not a restraint', async () => {
    // Before: every chart became a physical restraint (dev 50, xlsx 46) through its "Duration" column.
    for (const [folder, name, rows] of [['dev', 'careapp-abc.csv', 50], ['xlsx', 'careapp-abc.xlsx', 46]] as const) {
      await engine.clear();
      const f = await file(folder, name);
      expect(f.inspection.mapping?.interventions, name).toBeUndefined();
      expect(f.inspection.notes.join(' '), name).toMatch(/"Duration(?: \(mins\))?" holds lengths of time, but nothing says they are restraints/);
      const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS, folder, name)));
      const report = await engine.importFile(name, bytes, { mapping: resolveMapping(f.inspection, { dateOrder: 'dmy' }).mapping! });
      expect([report.read, report.accepted], name).toEqual([rows, rows]);
      const [n] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM restrictive_interventions');
      expect(n!.n, name).toBe(0);
    }
  });

  it('staff are identified by Assignment No, not by the Employee names', async () => {
    const f = await file('dev', 'healthroster-roster.csv');
    expect(f.inspection.mapping?.fields.staff_id?.source).toEqual({ from: 'column', column: 'Assignment No' });
  });

  it('the raw incident table is incidents, and its restraint file is its child through inc_ourref', async () => {
    const r = await corpus('dev');
    const inc = r.files.find((f) => f.file === 'datix-raw-incidents.csv')!;
    const child = r.files.find((f) => f.file === 'datix-raw-restraint.csv')!;
    expect(inc.inspection.mapping?.kind).toBe('incidents');
    expect(child.inspection.mapping?.kind).toBe('interventions');
    expect(child.inspection.mapping?.fields.incident_id?.source).toEqual({ from: 'column', column: 'inc_ourref' });
    expect(child.inspection.why.incident_id).toMatch(/100 % of "inc_ourref" values are found in "inc_ourref" of datix-raw-incidents.csv/);
  });
});
