/**
 * The sample generator: deterministic, the committed CSVs cannot drift from it, every row is in
 * the canonical formats, the rota has the texture the app must handle, and the planted staffing
 * effect shows up when the committed files are re-scored from the CSVs alone.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { TABLES, type FileKind } from '../../../src/ingest/canonical';
import { parseArgs } from '../../../sample-data/generate';
import { FILES, generate, type GenerateOptions, type Summary } from '../../../sample-data/lib/generator';
import { PLANTED } from '../../../sample-data/effects';
import { referenceFile } from '../helpers/reference';
import {
  overlapMinutes,
  periodStaffing,
  periodsOfDay,
  shareBand,
  shortfall,
  shortfallBand,
  type WorkedSpan,
} from '../../../sample-data/lib/staffing';

const SAMPLE_DIR = path.resolve(__dirname, '../../../sample-data');
const REFERENCE_DIR = path.dirname(referenceFile('mhsds-restrictive-intervention-types.csv'));

type Row = Record<string, string>;
const parse = (text: string) => Papa.parse<Row>(text, { header: true, skipEmptyLines: true });
const readCsv = (dir: string, file: string): Row[] => {
  const result = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  expect(result.errors, file).toEqual([]);
  return result.data;
};
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `pbs-sample-${name}-`));

/** Minutes since 1970-01-01 00:00 of a canonical timestamp, or NaN if it is not one (or not a real date). */
function minutesOf(ts: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(ts);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return NaN;
  return ms / 60_000;
}
const isDate = (s: string) => !Number.isNaN(minutesOf(`${s} 00:00:00`));
const dateOfMinute = (min: number) => new Date(min * 60_000).toISOString().slice(0, 10);

const DEFAULT_OPTIONS = (outDir: string): GenerateOptions => ({ ...parseArgs(['--quiet']), outDir });

describe('staffing definitions (hand-computed)', () => {
  const [early, late, night] = periodsOfDay(0);
  it('cuts the day into Early 07–15, Late 15–23, Night 23–07 of the next date', () => {
    expect([early, late, night].map((p) => [p!.name, p!.start, p!.end])).toEqual([
      ['Early', 7 * 60, 15 * 60],
      ['Late', 15 * 60, 23 * 60],
      ['Night', 23 * 60, 31 * 60],
    ]);
  });
  it('counts staff present as overlap hours over period hours', () => {
    const h = (x: number) => x * 60;
    const worked: WorkedSpan[] = [
      { start: h(7), end: h(15), agency: false }, // Early: 8 h
      { start: h(7), end: h(19), agency: true }, // long day: Early 8 h, Late 4 h
      { start: h(7), end: h(11), agency: false }, // went home at 11: Early 4 h
      { start: h(23), end: h(31), agency: true }, // night: Night 8 h only
    ];
    // Early: (8 + 8 + 4) / 8 = 2.5 present; agency 8 of 20 h = 0.4.
    expect(periodStaffing(early!, worked)).toEqual({ present: 2.5, agencyShare: 0.4 });
    // Late: 4 / 8 = 0.5 present, all of it agency.
    expect(periodStaffing(late!, worked)).toEqual({ present: 0.5, agencyShare: 1 });
    expect(periodStaffing(night!, worked)).toEqual({ present: 1, agencyShare: 1 });
    expect(periodStaffing(periodsOfDay(1)[0]!, worked)).toEqual({ present: 0, agencyShare: null });
    expect(overlapMinutes(h(23), h(31), h(31), h(39))).toBe(0);
  });
  it('puts band edges where the BRIEF does', () => {
    expect(shortfall(5, 5.5)).toBe(0);
    expect(shortfallBand(0.49)).toBe('none');
    expect(shortfallBand(shortfall(5, 4.5))).toBe('one');
    expect(shortfallBand(1.49)).toBe('one');
    expect(shortfallBand(shortfall(5, 3.5))).toBe('twoPlus');
    expect(shareBand(null)).toBe('none');
    expect(shareBand(0)).toBe('none');
    expect(shareBand(1 / 8)).toBe('upTo25');
    expect(shareBand(2 / 8)).toBe('upTo25');
    expect(shareBand(3 / 8)).toBe('from25To50');
    expect(shareBand(2 / 4)).toBe('from25To50');
    expect(shareBand(5 / 9)).toBe('over50');
  });
});

describe('command line', () => {
  it('defaults to the committed sample and scales or switches preset on request', () => {
    const d = parseArgs([]);
    expect(d.outDir).toBe(SAMPLE_DIR);
    expect(d.templates).toEqual(['oak', 'willow']);
    expect(d.years).toBe(1);
    expect(parseArgs(['--scale', '10']).templates).toHaveLength(20);
    const large = parseArgs(['--preset', 'large']);
    expect(large.outDir).toBe(path.join(SAMPLE_DIR, 'large'));
    expect(large.years).toBe(5);
    expect(large.templates).toHaveLength(50);
    expect(parseArgs(['--seed', '7', '--years', '2', '--out', '/tmp/x'])).toMatchObject({ seed: 7, years: 2, outDir: '/tmp/x' });
    expect(() => parseArgs(['--colour', 'red'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--scale', '0'])).toThrow(/positive/);
  });
});

describe('determinism', () => {
  it('writes identical bytes for the same seed and different ones for another seed', () => {
    const opts = (outDir: string, seed: number): GenerateOptions => ({ ...DEFAULT_OPTIONS(outDir), seed });
    const [a, b, c] = [tmp('a'), tmp('b'), tmp('c')];
    generate(opts(a, 11));
    generate(opts(b, 11));
    generate(opts(c, 12));
    for (const { file } of Object.values(FILES)) {
      expect(fs.readFileSync(path.join(b, file)).equals(fs.readFileSync(path.join(a, file))), file).toBe(true);
    }
    expect(fs.readFileSync(path.join(c, 'shifts.csv')).equals(fs.readFileSync(path.join(a, 'shifts.csv')))).toBe(false);
    expect(fs.readFileSync(path.join(c, 'incidents.csv')).equals(fs.readFileSync(path.join(a, 'incidents.csv')))).toBe(false);
  });

  it('the committed CSVs are exactly what the generator writes (run `npm run sample-data` after changing it)', () => {
    const dir = tmp('default');
    generate(DEFAULT_OPTIONS(dir));
    for (const { file } of Object.values(FILES)) {
      const fresh = fs.readFileSync(path.join(dir, file), 'utf8');
      const committed = fs.readFileSync(path.join(SAMPLE_DIR, file), 'utf8');
      expect(committed === fresh, `${file} differs from a fresh generation`).toBe(true);
    }
  });

  it('a 3× service repeats the unit templates with new people and distinct staff', () => {
    const dir = tmp('x3');
    const s = generate({ ...DEFAULT_OPTIONS(dir), templates: parseArgs(['--scale', '3']).templates });
    expect(s.units).toBe(6);
    expect(s.people).toBe(24);
    const people = readCsv(dir, 'people.csv');
    expect(new Set(people.map((p) => p.person_id)).size).toBe(24);
    expect(new Set(people.map((p) => p.name)).size).toBe(24);
    expect([...new Set(people.map((p) => p.unit))]).toEqual(['Oak', 'Willow', 'Ash', 'Birch', 'Cedar', 'Elm']);
    // The first two units are the hand-written default service.
    expect(people.slice(0, 8)).toEqual(readCsv(SAMPLE_DIR, 'people.csv'));
    const permanentByUnit = new Map<string, Set<string>>();
    for (const r of readCsv(dir, 'shifts.csv')) {
      if (r.contract !== 'permanent') continue;
      for (const [unit, ids] of permanentByUnit) if (unit !== r.unit) expect(ids.has(r.staff_id!)).toBe(false);
      permanentByUnit.set(r.unit!, (permanentByUnit.get(r.unit!) ?? new Set()).add(r.staff_id!));
    }
  });
});

describe('the committed sample', () => {
  const data = {} as Record<FileKind, Row[]>;
  const headers = {} as Record<FileKind, string[]>;
  beforeAll(() => {
    for (const kind of Object.keys(FILES) as FileKind[]) {
      const text = fs.readFileSync(path.join(SAMPLE_DIR, FILES[kind].file), 'utf8');
      const result = parse(text);
      expect(result.errors).toEqual([]);
      data[kind] = result.data;
      headers[kind] = result.meta.fields ?? [];
    }
  });

  it('has the canonical headers and is small', () => {
    for (const kind of Object.keys(FILES) as FileKind[]) {
      expect(headers[kind], kind).toEqual(TABLES[kind].fields.map((f) => f.name));
      expect(fs.statSync(path.join(SAMPLE_DIR, FILES[kind].file)).size).toBeLessThan(3_000_000);
    }
  });

  it('people: two units, ratios, commissioned hours, one admission and one discharge in the year', () => {
    const people = data.people;
    expect(people.length).toBeGreaterThanOrEqual(6);
    expect(people.length).toBeLessThanOrEqual(8);
    expect(new Set(people.map((p) => p.unit))).toEqual(new Set(['Oak', 'Willow']));
    for (const p of people) {
      expect(p.person_id).toMatch(/^P\d{3}$/);
      expect(p.name!.split(' ').length).toBeGreaterThanOrEqual(2);
      for (const d of [p.admitted!, p.discharged!, p.ready_for_discharge!]) if (d) expect(isDate(d), d).toBe(true);
      expect(['', '1:1', '2:1']).toContain(p.commissioned_ratio);
      for (const t of [p.commissioned_from!, p.commissioned_to!]) if (t) expect(t).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(Boolean(p.commissioned_from)).toBe(Boolean(p.commissioned_to));
    }
    expect(people.some((p) => /[^\x00-\x7f]/.test(p.name!))).toBe(true);
    expect(people.filter((p) => p.commissioned_ratio === '2:1')).toHaveLength(1);
    expect(people.filter((p) => p.commissioned_ratio === '1:1').length).toBeGreaterThanOrEqual(2);
    expect(people.filter((p) => p.admitted!.startsWith('2025'))).toHaveLength(1);
    expect(people.filter((p) => p.discharged!.startsWith('2025'))).toHaveLength(1);
    expect(people.filter((p) => p.ready_for_discharge).length).toBeGreaterThanOrEqual(2);
  });

  it('staffing requirements: one every-day row per unit and shift, weekday overrides valid', () => {
    const rows = data.requirements;
    for (const unit of ['Oak', 'Willow']) {
      for (const shift of ['Early', 'Late', 'Night']) {
        expect(rows.filter((r) => r.unit === unit && r.shift === shift && r.weekday === '')).toHaveLength(1);
      }
    }
    for (const r of rows) {
      expect(r.required).toMatch(/^[1-9]\d*$/);
      expect(['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']).toContain(r.weekday);
    }
  });

  it('shifts: every row parses and the rota has nights, long days, early leavers, gaps and all contracts', () => {
    const shifts = data.shifts;
    const people = new Set(data.people.map((p) => p.person_id));
    expect(new Set(shifts.map((s) => s.shift_id)).size).toBe(shifts.length);
    const prefix: Record<string, string> = { permanent: 'S', bank: 'B', agency: 'A' };
    const clock = (ts: string) => ts.slice(11, 16);
    for (const s of shifts) {
      const start = minutesOf(s.start!);
      const end = minutesOf(s.end!);
      expect(Number.isNaN(start) || Number.isNaN(end), `${s.shift_id} ${s.start} ${s.end}`).toBe(false);
      expect(end).toBeGreaterThan(start);
      expect(end - start).toBeLessThanOrEqual(16 * 60);
      expect(['Oak', 'Willow']).toContain(s.unit);
      expect(['Support Worker', 'Nurse', 'Team Leader']).toContain(s.role);
      expect(['worked', 'planned', 'cancelled', 'unfilled', 'sickness']).toContain(s.status);
      if (s.status === 'unfilled') {
        expect(s.staff_id).toBe('');
      } else {
        expect(['permanent', 'bank', 'agency']).toContain(s.contract);
        expect(s.staff_id).toMatch(new RegExp(`^${prefix[s.contract!]}\\d{3,}$`));
      }
      if (s.person_id) expect(people.has(s.person_id)).toBe(true);
      // Every night crosses midnight and ends on the next date.
      if (clock(s.start!) === '23:00') expect(dateOfMinute(end)).toBe(dateOfMinute(start + 24 * 60));
    }
    const worked = shifts.filter((s) => s.status === 'worked');
    const span = (s: Row) => `${clock(s.start!)}-${clock(s.end!)}`;
    expect(worked.filter((s) => clock(s.start!) === '23:00').length).toBeGreaterThan(500);
    expect(worked.some((s) => span(s) === '07:00-19:00')).toBe(true);
    expect(worked.some((s) => span(s) === '07:00-23:00')).toBe(true);
    expect(worked.some((s) => span(s) === '07:00-11:00')).toBe(true); // went home early
    expect(worked.some((s) => span(s) === '19:00-23:00')).toBe(true); // twilight after a 07–19
    for (const status of ['unfilled', 'sickness', 'cancelled']) {
      expect(shifts.filter((s) => s.status === status).length, status).toBeGreaterThan(20);
    }
    for (const contract of ['permanent', 'bank', 'agency']) {
      expect(worked.filter((s) => s.contract === contract).length, contract).toBeGreaterThan(100);
    }
    // 1:1 / 2:1 allocations, some not delivered.
    expect(worked.filter((s) => s.person_id).length).toBeGreaterThan(1000);
    expect(shifts.filter((s) => s.person_id && s.status === 'unfilled').length).toBeGreaterThan(10);
    // Nobody works two overlapping shifts.
    const byStaff = new Map<string, [number, number][]>();
    for (const s of shifts) {
      if (s.status === 'unfilled') continue;
      const list = byStaff.get(s.staff_id!) ?? [];
      list.push([minutesOf(s.start!), minutesOf(s.end!)]);
      byStaff.set(s.staff_id!, list);
    }
    for (const [id, list] of byStaff) {
      list.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < list.length; i++) expect(list[i]![0], id).toBeGreaterThanOrEqual(list[i - 1]![1]);
    }
  });

  it('agency staff are often unfamiliar (< 3 worked shifts on the unit in the 28 days before), permanent staff rarely', () => {
    const worked = data.shifts.filter((s) => s.status === 'worked').map((s) => ({ staff: s.staff_id!, unit: s.unit!, contract: s.contract!, t: minutesOf(s.start!) }));
    const history = new Map<string, number[]>();
    const unfamiliar = { agency: [0, 0], permanent: [0, 0] } as Record<string, [number, number]>;
    for (const s of worked.sort((a, b) => a.t - b.t)) {
      const key = `${s.staff}|${s.unit}`;
      const past = history.get(key) ?? [];
      const recent = past.filter((t) => t >= s.t - 28 * 24 * 60 && t < s.t).length;
      const tally = unfamiliar[s.contract];
      if (tally && s.t >= minutesOf('2025-02-01 00:00:00')) {
        tally[1]++;
        if (recent < 3) tally[0]++;
      }
      past.push(s.t);
      history.set(key, past);
    }
    const share = (c: string) => unfamiliar[c]![0] / unfamiliar[c]![1];
    expect(share('agency')).toBeGreaterThan(0.4);
    expect(share('permanent')).toBeLessThan(0.1);
  });

  it('incidents: every row parses, on the person’s own unit, inside their stay, in respectful language', () => {
    const people = new Map(data.people.map((p) => [p.person_id!, p]));
    const staff = new Set(data.shifts.map((s) => s.staff_id));
    const incidents = data.incidents;
    expect(incidents.length).toBeGreaterThanOrEqual(800);
    expect(incidents.length).toBeLessThanOrEqual(1500);
    expect(new Set(incidents.map((i) => i.incident_id)).size).toBe(incidents.length);
    const behaviours = ['physical aggression', 'self-injury', 'property damage', 'verbal aggression', 'absconding attempt'];
    const antecedents = ['demand placed', 'transition', 'waiting', 'noise', 'unfamiliar staff', 'activity cancelled', 'denied item'];
    let previous = -Infinity;
    for (const i of incidents) {
      const p = people.get(i.person_id!);
      expect(p, i.incident_id).toBeDefined();
      expect(i.unit).toBe(p!.unit);
      const t = minutesOf(i.occurred_at!);
      expect(Number.isNaN(t)).toBe(false);
      expect(t).toBeGreaterThanOrEqual(previous); // ids run in time order
      previous = t;
      // The period's date: the date of (time − 7 h) under the 07/15/23 pattern.
      const periodDate = dateOfMinute(t - 7 * 60);
      expect(periodDate >= '2025-01-01' && periodDate <= '2025-12-31').toBe(true);
      expect(periodDate >= p!.admitted!).toBe(true);
      if (p!.discharged) expect(periodDate <= p!.discharged).toBe(true);
      expect(behaviours).toContain(i.behaviour_type);
      expect(antecedents).toContain(i.antecedent);
      expect(i.severity).toMatch(/^[1-5]$/);
      expect(['yes', 'no']).toContain(i.injury_person);
      expect(['yes', 'no']).toContain(i.injury_staff);
      if (i.staff_involved) for (const id of i.staff_involved.split(';')) expect(staff.has(id), id).toBe(true);
      expect(i.description!.length).toBeGreaterThan(10);
      expect(i.description).not.toMatch(/challenging (person|individual|patient)/i);
    }
    expect(incidents.some((i) => i.description!.includes('"'))).toBe(true); // quoting is exercised
  });

  it('restrictive interventions: MHSDS type and reason codes from shared/reference, times after the incident', () => {
    const refTypes = readCsv(REFERENCE_DIR, 'mhsds-restrictive-intervention-types.csv').map((r) => r.code);
    const refReasons = readCsv(REFERENCE_DIR, 'mhsds-restrictive-intervention-reasons.csv').map((r) => r.code);
    const occurred = new Map(data.incidents.map((i) => [i.incident_id!, minutesOf(i.occurred_at!)]));
    const rows = data.interventions;
    expect(rows.length).toBeGreaterThan(150);
    for (const r of rows) {
      expect(occurred.has(r.incident_id!)).toBe(true);
      expect(r.type === 'PRN' || refTypes.includes(r.type!), r.type).toBe(true);
      expect(refReasons).toContain(r.reason);
      const start = minutesOf(r.started_at!);
      expect(start).toBeGreaterThanOrEqual(occurred.get(r.incident_id!)!);
      expect(r.ended_at && r.duration_minutes).toBeFalsy(); // one or the other, never both
      if (r.ended_at) expect(minutesOf(r.ended_at)).toBeGreaterThan(start);
      if (r.duration_minutes) expect(r.duration_minutes).toMatch(/^[1-9]\d*$/);
      expect(['yes', 'no']).toContain(r.injury_person);
      expect(['yes', 'no']).toContain(r.injury_staff);
    }
    const types = new Set(rows.map((r) => r.type));
    for (const t of ['07', '09', '10', '11', '01', '05', '14', '16', 'PRN']) expect(types.has(t), t).toBe(true);
    expect(rows.some((r) => r.ended_at)).toBe(true);
    expect(rows.some((r) => r.duration_minutes)).toBe(true);
  });

  it('plan delivery and events parse', () => {
    const people = new Set(data.people.map((p) => p.person_id));
    const reasons = ['not enough staff', 'declined', 'unwell', 'activity closed'];
    const perDay = new Map<string, number>();
    for (const r of data.planDelivery) {
      expect(people.has(r.person_id)).toBe(true);
      expect(isDate(r.date!)).toBe(true);
      expect(['yes', 'no']).toContain(r.delivered);
      if (r.delivered === 'yes') expect(r.reason_not_delivered).toBe('');
      else expect(reasons).toContain(r.reason_not_delivered);
      const k = `${r.person_id}|${r.date}`;
      perDay.set(k, (perDay.get(k) ?? 0) + 1);
    }
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(5);
    expect(data.events.length).toBeGreaterThanOrEqual(10);
    expect(data.events.length).toBeLessThanOrEqual(25);
    for (const e of data.events) {
      expect(isDate(e.date!)).toBe(true);
      if (e.person_id) expect(people.has(e.person_id)).toBe(true);
      expect(['medication change', 'plan review', 'move', 'illness', 'family visit', 'unit change']).toContain(e.type);
    }
  });

  describe('re-scored from the CSVs alone', () => {
    /** Period bands recomputed from shifts.csv and staffing_requirements.csv. */
    let bands: Map<string, { shortfall: string; agency: string }>;
    let summary: Summary;
    beforeAll(() => {
      summary = generate(DEFAULT_OPTIONS(tmp('rescore')));
      const base = minutesOf('2025-01-01 00:00:00');
      const worked = new Map<string, WorkedSpan[]>();
      for (const s of data.shifts) {
        if (s.status !== 'worked') continue;
        // A shift counts towards periods of its start date (all sample shifts lie in 07:00–07:00).
        const day = Math.floor((minutesOf(s.start!) - base - 7 * 60) / 1440);
        const key = `${s.unit}|${day}`;
        const list = worked.get(key) ?? [];
        list.push({ start: minutesOf(s.start!) - base, end: minutesOf(s.end!) - base, agency: s.contract === 'agency' });
        worked.set(key, list);
      }
      const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
      bands = new Map();
      for (const unit of ['Oak', 'Willow']) {
        for (let day = 0; day < 365; day++) {
          const weekday = weekdays[new Date((base + day * 1440) * 60_000).getUTCDay()];
          for (const p of periodsOfDay(day)) {
            const reqs = data.requirements.filter((r) => r.unit === unit && r.shift === p.name);
            const required = Number((reqs.find((r) => r.weekday === weekday) ?? reqs.find((r) => r.weekday === ''))!.required);
            const st = periodStaffing(p, worked.get(`${unit}|${day}`) ?? []);
            bands.set(`${unit}|${day}|${p.name}`, { shortfall: shortfallBand(shortfall(required, st.present)), agency: shareBand(st.agencyShare) });
          }
        }
      }
    });

    const periodKey = (unit: string, t: number) => {
      const base = minutesOf('2025-01-01 00:00:00');
      const rel = t - base;
      const day = Math.floor((rel - 7 * 60) / 1440);
      const clock = rel - day * 1440;
      return `${unit}|${day}|${clock < 15 * 60 ? 'Early' : clock < 23 * 60 ? 'Late' : 'Night'}`;
    };

    it('gives the same person-periods and incidents per band as the generator', () => {
      const base = minutesOf('2025-01-01 00:00:00');
      const exposure = { none: 0, one: 0, twoPlus: 0 } as Record<string, number>;
      const agencyExposure = { none: 0, upTo25: 0, from25To50: 0, over50: 0 } as Record<string, number>;
      for (const p of data.people) {
        const first = Math.max(0, (minutesOf(`${p.admitted} 00:00:00`) - base) / 1440);
        const last = p.discharged ? (minutesOf(`${p.discharged} 00:00:00`) - base) / 1440 : 364;
        for (let day = first; day <= last; day++) {
          for (const name of ['Early', 'Late', 'Night']) {
            const b = bands.get(`${p.unit}|${day}|${name}`)!;
            exposure[b.shortfall]!++;
            agencyExposure[b.agency]!++;
          }
        }
      }
      const incidents = { none: 0, one: 0, twoPlus: 0 } as Record<string, number>;
      for (const i of data.incidents) incidents[bands.get(periodKey(i.unit!, minutesOf(i.occurred_at!)))!.shortfall]!++;
      for (const b of ['none', 'one', 'twoPlus'] as const) {
        expect(exposure[b], b).toBe(summary.exposure.shortfall[b].personPeriods);
        expect(incidents[b], b).toBe(summary.exposure.shortfall[b].incidents);
      }
      for (const b of ['none', 'upTo25', 'from25To50', 'over50'] as const) {
        expect(agencyExposure[b], b).toBe(summary.exposure.agency[b].personPeriods);
      }
      // Every band is populated enough for an informative interval.
      const total = exposure.none! + exposure.one! + exposure.twoPlus!;
      expect(exposure.twoPlus! / total).toBeGreaterThan(0.1);
      for (const b of ['upTo25', 'from25To50', 'over50']) expect(agencyExposure[b]! / total, b).toBeGreaterThan(0.05);
      // Sanity: the crude incident rate is higher when two or more short than fully staffed.
      const rate = (b: string) => incidents[b]! / exposure[b]!;
      expect(rate('twoPlus') / rate('none')).toBeGreaterThan(1);
      expect(rate('one') / rate('none')).toBeGreaterThan(1);
    });

    it('restraint follows incidents in short periods more often, and plans slip on short days', () => {
      const withIntervention = new Set(data.interventions.map((r) => r.incident_id));
      const tally = { short: [0, 0], full: [0, 0] } as Record<string, [number, number]>;
      for (const i of data.incidents) {
        const band = bands.get(periodKey(i.unit!, minutesOf(i.occurred_at!)))!.shortfall;
        const t = tally[band === 'none' ? 'full' : 'short']!;
        t[1]++;
        if (withIntervention.has(i.incident_id)) t[0]++;
      }
      const risk = (k: string) => tally[k]![0] / tally[k]![1];
      expect(risk('short') / risk('full')).toBeGreaterThan(1);

      const base = minutesOf('2025-01-01 00:00:00');
      const unitOf = new Map(data.people.map((p) => [p.person_id!, p.unit!]));
      const plan = { short: [0, 0], full: [0, 0] } as Record<string, [number, number]>;
      for (const r of data.planDelivery) {
        const day = (minutesOf(`${r.date} 00:00:00`) - base) / 1440;
        const unit = unitOf.get(r.person_id!)!;
        const short = ['Early', 'Late', 'Night'].some((n) => bands.get(`${unit}|${day}|${n}`)!.shortfall !== 'none');
        const t = plan[short ? 'short' : 'full']!;
        t[1]++;
        if (r.delivered === 'no') t[0]++;
      }
      const missed = (k: string) => plan[k]![0] / plan[k]![1];
      expect(missed('short')).toBeGreaterThan(missed('full'));
      // Planted values are what the app should find; the sample's raw shares sit near them.
      expect(Math.abs(missed('full') - PLANTED.planNotDelivered.fullyStaffedDay)).toBeLessThan(0.03);
      expect(Math.abs(missed('short') - PLANTED.planNotDelivered.shortDay)).toBeLessThan(0.03);
    });
  });
});
