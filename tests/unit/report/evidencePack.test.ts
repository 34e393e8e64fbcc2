/**
 * The whole pack on the sample service in Node: every analysis loads, suppression holds in every
 * table of every figure, and the JSON export keeps real names and exact counts out when asked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { createEngine, type Engine } from '../../../src/engine';
import type { FileKind } from '../../../src/ingest/canonical';
import { buildEvidenceReport, easyReadWithName, reportJson, type EvidencePackData } from '../../../src/report/evidencePack';
import { loadEvidencePack } from '../../../src/report/pack';
import { freshDb } from '../helpers/db';

const SAMPLE = path.resolve(__dirname, '../../../sample-data');
const FILES: [string, FileKind][] = [
  ['people.csv', 'people'], ['staffing_requirements.csv', 'requirements'], ['shifts.csv', 'shifts'], ['incidents.csv', 'incidents'],
  ['restrictive_interventions.csv', 'interventions'], ['plan_delivery.csv', 'planDelivery'], ['events.csv', 'events'],
];
const COUNT_COLUMNS = new Set(['incidents', 'withRi', 'count', 'planned', 'delivered']);

let db: Connector;
let engine: Engine;
const packs: Record<string, EvidencePackData> = {};
beforeAll(async () => {
  db = await freshDb();
  engine = createEngine(db, { pseudonymKey: 'test-key' });
  for (const [file, kind] of FILES) await engine.importFile(file, new Uint8Array(fs.readFileSync(path.join(SAMPLE, file))), kind);
  await engine.rebuild();
  for (const id of ['P001', 'P002', 'P008']) packs[id] = await loadEvidencePack(engine, { from: null, to: null, unit: null, personId: id }, new Date(2026, 0, 2, 9, 5));
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('the evidence pack on the sample service', () => {
  it('loads every analysis it reads, for each person', () => {
    for (const d of Object.values(packs)) {
      expect(d.failures).toEqual([]);
      expect(d.restrictivePractice && d.planDelivery && d.overTime && d.commissioned).toBeTruthy();
      expect(d.generatedAt).toBe('2026-01-02 09:05');
      expect(d.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('shows a commissioned-hours figure only for people with a commissioned ratio', () => {
    // P001: 2:1 from 08:00 to 22:00 (people.csv); P002: 1:1 all day; P008: 1:1 08:00–20:00.
    const figures = (id: string) => buildEvidenceReport(packs[id]!, { suppress: false, showRealName: false }).figures.map((f) => f.id);
    expect(figures('P001')).toContain('commissioned');
    const p1 = buildEvidenceReport(packs.P001!, { suppress: false, showRealName: false });
    expect(p1.findings.find((f) => f.id === 'commissioned')!.text).toMatch(/^2:1 support \(08:00–22:00 each day\) was commissioned\./);
  });

  it('under suppression, every count in every table is 0, a multiple of 5 or *', () => {
    for (const d of Object.values(packs)) {
      const r = buildEvidenceReport(d, { suppress: true, showRealName: false });
      let checked = 0;
      for (const f of r.figures) {
        for (const row of f.table.rows) {
          for (const [key, cell] of Object.entries(row)) {
            if (!COUNT_COLUMNS.has(key)) continue;
            expect(cell, `${f.id}.${key}`).toMatch(/^(\*|0|[\d,]*[05])$/);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(20);
      // Shares rest on rounded counts: a share shown is (rounded part) / (rounded whole).
      const rs = r.figures.find((f) => f.id === 'restrictive-by-staffing')!;
      for (const row of rs.table.rows) {
        if (row.share === '*' || row.share === '–') continue;
        const expected = Math.round((100 * Number(row.withRi)) / Number(row.incidents));
        expect(row.share).toBe(`${expected} %`);
      }
    }
  });

  it('keeps the real name out of the pack and its JSON unless chosen', () => {
    const d = packs.P002!;
    const name = d.context.person!.name!;
    expect(name).toBe('Zoë Hartley');
    const pseudonymous = buildEvidenceReport(d, { suppress: false, showRealName: false });
    const json = reportJson(d, pseudonymous);
    expect(json).not.toContain('Zoë');
    expect(json).not.toContain('Hartley');
    expect(JSON.parse(json).results.staffing.exposure.incidents).toBe(d.staffing.exposure.incidents);
    const named = buildEvidenceReport(d, { suppress: false, showRealName: true });
    expect(named.name).toBe(name);
    expect(reportJson(d, named)).toContain(name);
  });

  it('says there is nothing to report for dates with no data, without failing', async () => {
    const d = await loadEvidencePack(engine, { from: '2030-01-01', to: '2030-03-31', unit: null, personId: 'P002' });
    expect(d.failures).toEqual([]);
    for (const suppress of [false, true]) {
      const r = buildEvidenceReport(d, { suppress, showRealName: false });
      expect(r.rangeText).toBe('no dates with data');
      expect(r.findings.map((f) => f.id)).toEqual(['no-exposure']);
      expect(r.easyRead.map((l) => l.text)).toContain('Staff wrote down no hard times for this person.');
    }
  });

  it("gives each chart one bucket per row of its table, in the table's order (the keys say a bucket as its row)", () => {
    let charts = 0;
    for (const d of Object.values(packs)) {
      for (const suppress of [false, true]) {
        for (const f of buildEvidenceReport(d, { suppress, showRealName: false }).figures) {
          if (!f.chart) continue;
          charts++;
          const first = f.table.columns[0]!.key;
          const names = f.table.rows.map((r) => r[first]);
          if (f.chart.kind === 'bars') {
            // The axis may shorten a name ("Physical" for "Physical restraint") and marks a suppressed bar "(*)".
            expect(f.chart.data.map((b, i) => names[i]?.startsWith(b.label.replace(/ \(\*\)$/, ''))), f.id).toEqual(f.chart.data.map(() => true));
          } else if (f.chart.kind === 'spc' || f.chart.grain === 'week') {
            expect(f.chart.data.map((b) => b.week), f.id).toEqual(names);
          } else {
            expect(f.chart.data.length, f.id).toBe(names.length);
          }
        }
      }
    }
    expect(charts).toBeGreaterThan(20);
  });

  it('leaves the raw results (exact counts) out of the JSON when suppressed', () => {
    const d = packs.P002!;
    const doc = JSON.parse(reportJson(d, buildEvidenceReport(d, { suppress: true, showRealName: false })));
    expect(Object.keys(doc)).toEqual(['report']);
    expect(doc.report.sharing.suppressed).toBe(true);
  });

  it('calls the person by the typed name on the easy-read page only, never in the report or its JSON', () => {
    const d = packs.P002!;
    const options = { suppress: false, showRealName: false };
    const report = buildEvidenceReport(d, options);
    const lines = easyReadWithName(d, options, '  Sunny  ').map((l) => l.text);
    expect(lines[0]).toBe('This is about Sunny.');
    expect(lines).toContain('Staff wrote down ' + d.staffing.exposure.incidents + ' hard times for Sunny.');
    const json = reportJson(d, report);
    expect(json).not.toContain('Sunny');
    expect(JSON.stringify(report)).not.toContain('Sunny');
    // Without a typed name: the report's own lines, the pseudonym said once and then "this person".
    expect(easyReadWithName(d, options, ' ')).toEqual(report.easyRead);
    const withCode = report.easyRead.filter((l) => l.text.includes(report.name));
    expect(withCode.map((l) => l.id)).toEqual(['who']);
  });
});
