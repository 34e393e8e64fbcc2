import { describe, expect, it } from 'vitest';
import {
  applyMapping,
  applyPreset,
  headersSignature,
  mappingFromJson,
  mappingToJson,
  matchPreset,
  missingRequired,
  parseNumber,
  type Mapping,
} from '../../../src/ingest/mapping';
import type { DateFormat } from '../../../src/ingest/dates';

const UK: DateFormat = { kind: 'pattern', patterns: ['%d/%m/%Y'] };
const HHMM: DateFormat = { kind: 'pattern', patterns: ['%H%M'], padTime: true };
const HM: DateFormat = { kind: 'pattern', patterns: ['%H:%M'] };

const rotaHeaders = ['Duty Date', 'Ward', 'Employee', 'Start', 'End', 'Staff Type', 'Status'];
const rota: Mapping = {
  version: 1,
  name: 'HealthRoster weekly',
  kind: 'shifts',
  format: 'delimited',
  encoding: 'utf-8',
  delimiter: ',',
  headerRow: 0,
  headerRows: 1,
  headers: rotaHeaders,
  signature: headersSignature(rotaHeaders),
  fields: {
    shift_id: { source: { from: 'contentKey' } },
    staff_id: { source: { from: 'column', column: 'Employee' } },
    unit: { source: { from: 'column', column: 'Ward' } },
    start: { source: { from: 'dateTime', date: 'Duty Date', time: 'Start' }, format: UK, timeFormat: HHMM },
    end: { source: { from: 'dateTime', date: 'Duty Date', time: 'End' }, format: UK, timeFormat: HHMM, notBefore: 'start' },
    contract: { source: { from: 'column', column: 'Staff Type' }, values: { Thornbury: 'agency' } },
    status: { source: { from: 'column', column: 'Status' } },
  },
};

describe('Mapping schema and JSON', () => {
  it('round-trips through JSON', () => {
    expect(mappingFromJson(mappingToJson(rota))).toEqual({ ok: true, mapping: rota });
  });
  it('rejects broken mappings with readable reasons', () => {
    const bad = (m: unknown) => {
      const r = mappingFromJson(JSON.stringify(m));
      return r.ok ? '' : r.error;
    };
    expect(mappingFromJson('{not json')).toMatchObject({ ok: false });
    expect(bad({ ...rota, fields: { ...rota.fields, occurred_at: { source: { from: 'column', column: 'Ward' } } } })).toMatch(/shifts has no field "occurred_at"/);
    expect(bad({ ...rota, fields: { ...rota.fields, unit: { source: { from: 'column', column: 'Site' } } } })).toMatch(/no column "Site"/);
    expect(bad({ ...rota, interventions: [{ label: 'Restraint', flag: 'Ward', type: '02' }] })).toMatch(/only incident exports/);
    expect(bad({ ...rota, kind: 'nonsense' })).toMatch(/kind/);
    expect(bad({ ...rota, fields: { ...rota.fields, start: { ...rota.fields.start, format: { kind: 'pattern', patterns: ["%d'); DROP"] } } } })).toMatch(/unsupported date pattern/);
  });
  it('lists required fields without a source', () => {
    expect(missingRequired(rota)).toEqual([]);
    const { status: _s, ...rest } = rota.fields;
    expect(missingRequired({ kind: 'shifts', fields: rest })).toEqual(['status']);
  });
});

describe('headers signature and presets', () => {
  it('ignores case, punctuation and order, but not a column more or less', () => {
    const sig = headersSignature(rotaHeaders);
    expect(headersSignature(['WARD', 'duty-date', 'Employee', 'Start', 'End', 'Staff type', 'Status'])).toBe(sig);
    expect(headersSignature([...rotaHeaders, 'Grade'])).not.toBe(sig);
    expect(headersSignature(rotaHeaders.slice(1))).not.toBe(sig);
  });
  it('finds the preset for a later file and re-targets it to that file’s spelling', () => {
    const later = ['Ward', 'Duty date', 'Employee', 'Start', 'End', 'Staff type', 'Status'];
    const other: Mapping = { ...rota, name: 'Other', signature: headersSignature(['x', 'y']) };
    const found = matchPreset([other, rota], later, 'shifts');
    expect(found?.name).toBe('HealthRoster weekly');
    expect(matchPreset([rota], later, 'incidents')).toBeNull();
    const applied = applyPreset(found!, later, 2, 1);
    expect(applied.fields.start!.source).toEqual({ from: 'dateTime', date: 'Duty date', time: 'Start' });
    expect(applied.headerRow).toBe(2);
    expect(mappingFromJson(mappingToJson(applied)).ok).toBe(true);
  });
});

describe('applyMapping', () => {
  it('rolls night shifts over midnight and reads HHMM text', () => {
    const rows = [
      rotaHeaders,
      ['11/04/2025', 'Oak', 'E1', '2300', '0700', 'Substantive', 'Worked'],
      ['11/04/2025', 'Oak', 'E2', '700', '1500', 'Bank', 'Worked'],
    ];
    const a = applyMapping(rota, rows);
    expect(a.rows.map((r) => [r.values.start, r.values.end])).toEqual([
      ['2025-04-11 23:00:00', '2025-04-12 07:00:00'],
      ['2025-04-11 07:00:00', '2025-04-11 15:00:00'],
    ]);
    expect(a.problems).toEqual([]);
  });
  it('rejects rows with unknown codes, bad dates or missing required values, and uses the user’s answers', () => {
    const rows = [
      rotaHeaders,
      ['11/04/2025', 'Oak', 'E1', '0700', '1500', 'Thornbury', 'Worked'],
      ['11/04/2025', 'Oak', 'E1', '0700', '1500', 'Pool', 'Worked'],
      ['31/02/2025', 'Oak', 'E1', '0700', '1500', 'Bank', 'Worked'],
      ['11/04/2025', '', 'E1', '0700', '1500', 'Bank', 'Worked'],
      ['', '', '', '', '', '', ''],
      ['11/04/2025', 'Oak', '', '', '1500', '', 'Unfilled'],
    ];
    const a = applyMapping(rota, rows);
    expect(a.read).toBe(5);
    expect(a.rows.map((r) => r.record)).toEqual([1]);
    expect(a.rows[0]!.values.contract).toBe('agency');
    expect(a.problems).toEqual([
      { record: 2, field: 'contract', value: 'Pool', reason: 'unknown value' },
      { record: 3, field: 'start', value: '31/02/2025 0700', reason: 'invalid' },
      { record: 3, field: 'end', value: '31/02/2025 1500', reason: 'invalid' },
      { record: 4, field: 'unit', value: '', reason: 'missing' },
      { record: 6, field: 'start', value: '11/04/2025', reason: 'missing' },
    ]);
  });

  const incHeaders = ['Ref', 'Date', 'Time', 'Ward', 'Person', 'Restraint?', 'Position', 'Mins', 'Restraint start', 'Restraint end', 'Seclusion mins', 'PRN'];
  const incidents: Mapping = {
    version: 1,
    kind: 'incidents',
    format: 'delimited',
    headerRow: 0,
    headerRows: 1,
    headers: incHeaders,
    signature: headersSignature(incHeaders),
    fields: {
      incident_id: { source: { from: 'column', column: 'Ref' } },
      person_id: { source: { from: 'column', column: 'Person' } },
      occurred_at: { source: { from: 'dateTime', date: 'Date', time: 'Time' }, format: UK, timeFormat: HM },
      unit: { source: { from: 'column', column: 'Ward' } },
    },
    interventions: [
      { label: 'Restraint', flag: 'Restraint?', typeColumn: 'Position', type: '02', minutes: 'Mins', start: { column: 'Restraint start', format: HM }, end: { column: 'Restraint end', format: HM } },
      { label: 'Seclusion', type: '05', minutes: 'Seclusion mins' },
      { label: 'PRN medication', flag: 'PRN', type: 'PRN', flagValues: { given: 'true' } },
    ],
  };
  it('unpivots flat restraint, seclusion and PRN columns by the flag, type and minutes rules', () => {
    const rows = [
      incHeaders,
      ['1', '11/04/2025', '23:40', 'Oak', 'P1', 'Y', 'Face down', '12', '23:45', '00:05', '95', 'N'],
      ['2', '12/04/2025', '09:00', 'Oak', 'P1', 'Y', '', '3 mins', '', '', '', 'given'],
      // Flag says no: a stray position is not a restraint.
      ['3', '12/04/2025', '10:00', 'Oak', 'P2', 'N', 'Prone', '', '', '', '0', ''],
      ['4', '12/04/2025', '11:00', 'Oak', 'P2', 'Y', 'Cartwheel', '', '', '', '', ''],
    ];
    const a = applyMapping(incidents, rows);
    const iv = a.interventions.map((r) => [r.values.incident_id, r.values.type, r.values.duration_minutes, r.values.started_at, r.values.ended_at]);
    expect(iv).toEqual([
      ['1', '01', 12, '2025-04-11 23:45:00', '2025-04-12 00:05:00'],
      ['1', '05', 95, null, null],
      ['2', '02', 3, null, null],
      ['2', 'PRN', null, null, null],
    ]);
    expect(a.interventionProblems).toEqual([{ record: 4, field: 'Restraint type', value: 'Cartwheel', reason: 'unknown value' }]);
    expect(a.problems).toEqual([]);
    // The incident itself is accepted even when one of its interventions is not.
    expect(a.rows.map((r) => r.values.incident_id)).toEqual(['1', '2', '3', '4']);
  });
});

describe('parseNumber', () => {
  it('reads minutes as exports write them', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' 12.5 ')).toBe(12.5);
    expect(parseNumber('12 mins')).toBe(12);
    expect(parseNumber('1,240')).toBe(1240);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('about ten')).toBeNaN();
  });
});
