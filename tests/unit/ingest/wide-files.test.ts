/**
 * Exports carrying thousands of columns nobody maps (audit fields, a system's every form field).
 * A vendor export with 10,000 extra columns imports through its mapping: the mapped columns are
 * read wherever they sit and the rest ignored. A canonical file with 10,000 unknown columns
 * imports its known ones; one whose header is thousands of columns wider than its rows is refused
 * in plain words. All through the real SQL loader.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import type { Engine } from '../../../src/engine';
import { PREVIEW_BYTES } from '../../../src/ingest/decode';
import { resolveMapping } from '../../../src/ingest/inspect';
import type { Mapping } from '../../../src/ingest/mapping';
import { storedRows, freshEngineEachTest } from './loader-helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const EXTRA = 10_000;
const ROWS = 50;
const HARM = ['No harm', 'Low harm', 'Moderate harm', 'Severe harm', 'Death'];

/** One incident of the generated export, as the file has it and as it must be stored. */
function incident(i: number) {
  const day = 1 + (i % 28);
  const hour = i % 24;
  const minute = (i * 7) % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    file: { ref: `W${i}`, date: `${two(day)}/05/2025`, time: `${two(hour)}:${two(minute)}`, ward: i % 2 ? 'Willow Ward' : 'Oak Ward', patient: `P${i % 4}`, harm: HARM[i % 5]! },
    stored: { incident_id: `W${i}`, occurred_at: `2025-05-${two(day)} ${two(hour)}:${two(minute)}:00`, unit: i % 2 ? 'Willow Ward' : 'Oak Ward', person_id: `P${i % 4}`, severity: (i % 5) + 1 },
  };
}

/**
 * A Datix-style export: the mapped columns, with `extra` unmapped columns split into two blocks —
 * one between Time and Location, one at the end — each cell filled.
 */
function vendorExport(extra: number): string {
  const half = Math.floor(extra / 2);
  const block = (from: number, to: number, cell: (c: number) => string) => Array.from({ length: to - from }, (_, k) => cell(from + k));
  const header = ['Ref', 'Incident Date', 'Time', ...block(0, half, (c) => `Audit field ${c}`), 'Location (exact)', 'Service User', 'Harm Grade', ...block(half, extra, (c) => `Audit field ${c}`)];
  const lines = [header.join(',')];
  for (let i = 0; i < ROWS; i++) {
    const f = incident(i).file;
    lines.push([f.ref, f.date, f.time, ...block(0, half, (c) => `a${i}.${c}`), f.ward, f.patient, f.harm, ...block(half, extra, (c) => `a${i}.${c}`)].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('files with 10,000 columns nobody maps', () => {
  let db: Connector;
  let engine: Engine;
  freshEngineEachTest((d, e) => ([db, engine] = [d, e]));

  async function mappingOf(name: string, bytes: Uint8Array): Promise<Mapping> {
    const inspection = await engine.inspectFile(name, bytes);
    expect(inspection.error).toBeNull();
    const r = resolveMapping(inspection, inspection.questions.some((q) => q.type === 'dateOrder') ? { dateOrder: 'dmy' } : {});
    expect(r.questions).toEqual([]);
    return r.mapping!;
  }

  const want = Array.from({ length: ROWS }, (_, i) => incident(i).stored);
  const stored = async () =>
    (await storedRows(db, 'incidents')).map((r) => ({ incident_id: r.incident_id, occurred_at: r.occurred_at, unit: r.unit, person_id: r.person_id, severity: r.severity }));

  it('imports a vendor export with 10,000 extra columns through the mapping made on the narrow export', async () => {
    const narrow = await mappingOf('export.csv', enc(vendorExport(0)));
    const wide = enc(vendorExport(EXTRA));
    // The header line alone is far past the 64 KB preview.
    expect(wide.indexOf(10)).toBeGreaterThan(2 * PREVIEW_BYTES);
    const report = await engine.importFile('export.csv', wide, { mapping: narrow });
    expect(report.error).toBeNull();
    expect(report).toMatchObject({ read: ROWS, accepted: ROWS, rejected: 0 });
    expect(report.mapping?.headers.length).toBe(EXTRA + 6);
    expect(await stored()).toEqual(want);
    // Line numbers: header on line 1, one row a line.
    expect((await storedRows(db, 'incidents')).map((r) => r.source_line)).toEqual(want.map((_, i) => i + 2));
  }, 120_000);

  it('maps the wide export itself: the header is found past the first 64 KB and the same rows are imported', async () => {
    const wide = enc(vendorExport(EXTRA));
    const mapping = await mappingOf('export.csv', wide);
    expect(mapping.kind).toBe('incidents');
    expect(mapping.headerRow).toBe(0);
    expect(mapping.fields.unit?.source).toEqual({ from: 'column', column: 'Location (exact)' });
    const report = await engine.importFile('export.csv', wide, { mapping });
    expect(report).toMatchObject({ error: null, read: ROWS, accepted: ROWS, rejected: 0 });
    expect(await stored()).toEqual(want);
  }, 120_000);

  it('imports a canonical file with 10,000 unknown columns, reading its known ones and ignoring the rest', async () => {
    const known = 'incident_id,occurred_at,person_id,unit,severity,injury_person';
    const header = `${known},${Array.from({ length: EXTRA }, (_, c) => `extra_${c}`).join(',')}`;
    const lines = [header];
    for (let i = 0; i < ROWS; i++) {
      const s = incident(i).stored;
      const extras = Array.from({ length: EXTRA }, (_, c) => `x${i}.${c}`).join(',');
      lines.push(`${s.incident_id},${s.occurred_at.slice(0, 16)},${s.person_id},${s.unit},${s.severity},${i % 3 === 0 ? 'yes' : 'no'},${extras}`);
    }
    const report = await engine.importFile('incidents.csv', enc(`${lines.join('\n')}\n`));
    expect(report).toMatchObject({ error: null, kind: 'incidents', read: ROWS, accepted: ROWS, rejected: 0 });
    expect(await stored()).toEqual(want);
    const injured = (await storedRows(db, 'incidents')).map((r) => r.injury_person);
    expect(injured).toEqual(want.map((_, i) => i % 3 === 0));
  }, 120_000);

  it('refuses, in plain words and quickly, a canonical file whose header is 10,000 columns wider than its rows', async () => {
    const header = `incident_id,occurred_at,person_id,unit,${Array.from({ length: EXTRA }, (_, c) => `extra_${c}`).join(',')}`;
    const rows = want.map((s) => `${s.incident_id},${s.occurred_at.slice(0, 16)},${s.person_id},${s.unit}`);
    const started = performance.now();
    const report = await engine.importFile('incidents.csv', enc(`${header}\n${rows.join('\n')}\n`));
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(report).toMatchObject({ read: 0, accepted: 0 });
    expect(report.error).toMatch(/header row names 10,004 columns but the rows under it have at most 4 fields/);
    expect(await storedRows(db, 'incidents')).toEqual([]);
  }, 120_000);
});
