/**
 * Who was there in the evidence pack: the easy-read line only when the unfamiliar-staff or
 * continuity finding is clear, the specialist section only when asked for, its counts through
 * the suppression policy, and no staff id in the pack or its JSON on the sample service.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { createEngine } from '../../../src/engine';
import type { FileKind } from '../../../src/ingest/canonical';
import { easyReadLines } from '../../../src/report/easyRead';
import { buildEvidenceReport, reportJson, type EvidencePackData } from '../../../src/report/evidencePack';
import { loadEvidencePack } from '../../../src/report/pack';
import { numberPolicy } from '../../../src/report/suppression';
import { freshDb } from '../helpers/db';
import { effectStaffing, est, input } from './fixtures';

const LINE = 'When Person 3F2A9C did not know the staff, there were more hard times.';
const texts = (lines: { text: string }[]) => lines.map((l) => l.text);
const reading = (continuity: ReturnType<typeof est> | null, counts = [30, 20]) => ({ continuityRatio: continuity, continuityCounts: counts });

describe('the easy-read line about unfamiliar staff', () => {
  const plain = numberPolicy(false);
  it('is said when the least-against-most continuity interval lies above 1', () => {
    expect(texts(easyReadLines(input(effectStaffing(), { whoWasThere: reading(est(1.5, 1.1, 2)) }), plain, 'Person 3F2A9C'))).toContain(LINE);
  });
  it('is not said when that interval includes 1 or lies below it, or without the analysis', () => {
    expect(texts(easyReadLines(input(effectStaffing(), { whoWasThere: reading(est(1.03, 0.88, 1.19)) }), plain, 'Person 3F2A9C'))).not.toContain(LINE);
    expect(texts(easyReadLines(input(effectStaffing(), { whoWasThere: reading(est(0.5, 0.3, 0.8)) }), plain, 'Person 3F2A9C'))).not.toContain(LINE);
    expect(texts(easyReadLines(input(effectStaffing(), { whoWasThere: reading(null) }), plain, 'Person 3F2A9C'))).not.toContain(LINE);
    expect(texts(easyReadLines(input(effectStaffing()), plain, 'Person 3F2A9C'))).not.toContain(LINE);
  });
  it('is not said under suppression when a band behind it holds fewer than 5', () => {
    const small = reading(est(3, 1.2, 9), [4, 60]);
    expect(texts(easyReadLines(input(effectStaffing(), { whoWasThere: small }), numberPolicy(true), 'Person 3F2A9C'))).not.toContain(LINE);
  });
});

const SAMPLE = path.resolve(__dirname, '../../../sample-data');
const FILES: [string, FileKind][] = [
  ['people.csv', 'people'], ['staffing_requirements.csv', 'requirements'], ['shifts.csv', 'shifts'], ['incidents.csv', 'incidents'],
  ['restrictive_interventions.csv', 'interventions'], ['plan_delivery.csv', 'planDelivery'], ['events.csv', 'events'],
];
const STAFF_IDS = [...new Set(fs.readFileSync(path.join(SAMPLE, 'shifts.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[1]).filter((s): s is string => !!s))];

describe('the specialist section on the sample service', () => {
  let db: Connector;
  let pack: EvidencePackData;
  beforeAll(async () => {
    db = await freshDb();
    const engine = createEngine(db, { pseudonymKey: 'test-key' });
    for (const [file, kind] of FILES) await engine.importFile(file, new Uint8Array(fs.readFileSync(path.join(SAMPLE, file))), kind);
    await engine.rebuild();
    pack = await loadEvidencePack(engine, { from: null, to: null, unit: null, personId: 'P001' }, new Date(2026, 0, 2, 9, 5));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('is left out unless asked for, and then adds its two figures and method notes', () => {
    expect(pack.failures).toEqual([]);
    const off = buildEvidenceReport(pack, { suppress: false, showRealName: false });
    const allFigures = (r: typeof off) => [...r.figures, ...(r.specialist?.figures ?? [])];
    expect(allFigures(off).map((f) => f.id)).not.toContain('who-involvement');
    const on = buildEvidenceReport(pack, { suppress: false, showRealName: false, specialist: true });
    // In the specialist section, after the ABC summary.
    const ids = on.specialist!.figures.map((f) => f.id);
    expect(ids).toContain('who-involvement');
    expect(ids).toContain('who-continuity');
    expect(on.specialist!.method.map((n) => n.id)).toContain('who-involvement');
    const fig = on.specialist!.figures.find((f) => f.id === 'who-involvement')!;
    // The rows are the pack's numbers: agency staff named as often as the analysis counted.
    expect(fig.table.rows[0]).toMatchObject({ staff: 'Agency staff', named: String(pack.staffInvolvement!.agency.involvements) });
    expect(fig.sentence).toContain(pack.staffInvolvement!.agency.sentence);
  });

  it('under suppression, every count in its tables is 0, a multiple of 5 or *', () => {
    const r = buildEvidenceReport(pack, { suppress: true, showRealName: false, specialist: true });
    const figures = [...r.figures, ...(r.specialist?.figures ?? [])].filter((x) => x.id.startsWith('who-'));
    expect(figures).toHaveLength(2);
    for (const f of figures) {
      for (const row of f.table.rows) {
        for (const key of ['named', 'incidents']) {
          if (row[key] === undefined) continue;
          expect(row[key], `${f.id} ${key}`).toMatch(/^(0|\*|\d*[05])$/);
        }
      }
    }
  });

  it('holds no staff id in the pack or its JSON', () => {
    const r = buildEvidenceReport(pack, { suppress: false, showRealName: false, specialist: true });
    const json = reportJson(pack, r);
    expect(STAFF_IDS.length).toBeGreaterThan(100);
    expect(STAFF_IDS.filter((id) => new RegExp(`\\b${id}\\b`).test(json))).toEqual([]);
  });
});
