/**
 * The evidence pack's optional specialist section (the ABC summary) on the sample service: off by
 * default; when chosen, the planted escape-like pattern is said in hedged words, suppression
 * holds in its tables, the easy-read page gains one line, and no staff id appears.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { createEngine } from '../../../src/engine';
import type { FileKind } from '../../../src/ingest/canonical';
import { buildEvidenceReport, easyReadWithName, type EvidencePackData } from '../../../src/report/evidencePack';
import { loadEvidencePack } from '../../../src/report/pack';
import { freshDb } from '../helpers/db';

const SAMPLE = path.resolve(__dirname, '../../../sample-data');
const FILES: [string, FileKind][] = [
  ['people.csv', 'people'], ['staffing_requirements.csv', 'requirements'], ['shifts.csv', 'shifts'], ['incidents.csv', 'incidents'],
  ['restrictive_interventions.csv', 'interventions'], ['plan_delivery.csv', 'planDelivery'], ['events.csv', 'events'],
];

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

describe('the specialist section of the evidence pack', () => {
  it('is off by default, and so is its easy-read line', () => {
    const r = buildEvidenceReport(pack, { suppress: false, showRealName: false });
    expect(pack.abc).toBeTruthy();
    expect(r.specialist).toBeNull();
    expect(r.easyRead.map((l) => l.id)).not.toContain('abc');
  });

  it('when chosen, says the planted pattern in hedged words with its tables, and adds one easy-read line', () => {
    const r = buildEvidenceReport(pack, { suppress: false, showRealName: false, specialist: true });
    const s = r.specialist!;
    expect(s.figures.map((f) => f.id)).toEqual(['abc-counts', 'abc-standouts', 'abc-setting-events']);
    expect(s.findings[0]).toMatch(/^After “demand placed”, the consequence recorded was “demand withdrawn” .* escape-maintained behaviour; a specialist should assess it\.$/);
    const standouts = s.figures[1]!.table.rows;
    // P001: 27 of 55 incidents after a demand had the demand withdrawn, against 15 % overall.
    expect(standouts[0]).toEqual({
      kind: 'consequence after antecedent', given: 'demand placed', outcome: 'demand withdrawn', incidents: '27',
      shareAfter: '49 %', shareOverall: '15 %', ratio: '3.34', ci: '2.69 to 3.70',
    });
    expect(s.method.map((n) => n.id)).toContain('abc-conditional');
    const abcLines = r.easyRead.filter((l) => l.id === 'abc');
    expect(abcLines.map((l) => l.text)).toEqual(['After “demand placed”, this person more often had hard times of the kind written down as “physical aggression”.']);
    const easy = easyReadWithName(pack, { suppress: false, showRealName: false, specialist: true }, 'Sam');
    expect(easy.find((l) => l.id === 'abc')!.text).toContain('Sam more often had hard times');
    // Staff are never named: no staff id of the sample (S…, B…, A… and digits) in the section.
    expect(JSON.stringify(s)).not.toMatch(/\b[SBA]\d{3}\b/);
  });

  it('under suppression: counts rounded or *, sentences left out, ratios from rounded counts', () => {
    const r = buildEvidenceReport(pack, { suppress: true, showRealName: false, specialist: true });
    const s = r.specialist!;
    expect(s.findings).toEqual([]);
    expect(s.note).toMatch(/left out because small numbers are suppressed/);
    let checked = 0;
    for (const f of s.figures) {
      for (const row of f.table.rows) {
        if (row.incidents === undefined || row.incidents.endsWith('%')) continue;
        expect(row.incidents === '*' || Number(row.incidents.replace(/,/g, '')) % 5 === 0, `${f.id} ${row.incidents}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
