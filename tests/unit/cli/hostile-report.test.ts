/**
 * Issue 15, item 1: the headless report (the same engine and analyses as the browser) survives
 * inputs that used to end it with a stack trace — a staffing requirement of NaN or Infinity
 * (RangeError in the SPC charts), 65,536 incidents in one model cell (a USMALLINT overflow in the
 * summary tables) and one rota row dated 9999-12-31 (DuckDB out of memory building the calendar).
 * Each report comes out whole, with read = accepted + rejected for every file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, parseCommandLine } from '../../../src/cli/analyze';
import { buildReport } from '../../../src/cli/report';
import { DEFAULT_PLAUSIBILITY } from '../../../src/ingest/plausible';
import { INCIDENTS, INTERVENTIONS, PEOPLE, REQUIREMENTS, SHIFTS } from '../helpers/threeDays';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-hostile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Files {
  people?: string;
  incidents?: string;
  interventions?: string;
  shifts?: string;
  requirements?: string;
}

/** Write the files, run the report as `npm run analyze -- … --json` would, and return its JSON. */
async function report(name: string, files: Files, allowErrors = false) {
  const all = { people: PEOPLE, incidents: INCIDENTS, interventions: INTERVENTIONS, shifts: SHIFTS, requirements: REQUIREMENTS, ...files };
  const argv: string[] = ['--json'];
  for (const [flag, text] of Object.entries(all)) {
    const file = path.join(dir, `${name}-${flag}.csv`);
    fs.writeFileSync(file, text);
    argv.push(`--${flag}`, file);
  }
  const r = await analyze(parseCommandLine(argv));
  const json = JSON.parse(JSON.stringify(buildReport(r.imports, r.staffing, r.analyses, r.mappingSources)));
  for (const f of json.files) {
    if (!allowErrors) expect(f.error, f.file).toBeNull();
    expect(f.read, f.file).toBe(f.accepted + f.rejected);
  }
  return json;
}

describe('the window of dates believed, on the command line', () => {
  const base = ['--incidents', __filename, '--shifts', __filename];
  it('defaults to the settings, and --earliest-date / --latest-days change it', () => {
    expect(parseCommandLine(base).plausibility).toEqual(DEFAULT_PLAUSIBILITY);
    expect(parseCommandLine([...base, '--earliest-date', '1990-04-01', '--latest-days', '30']).plausibility).toEqual({
      ...DEFAULT_PLAUSIBILITY,
      earliestDate: '1990-04-01',
      latestDaysAfterImport: 30,
    });
    expect(() => parseCommandLine([...base, '--earliest-date', '01/04/1990'])).toThrow(/--earliest-date is a date as YYYY-MM-DD/);
    expect(() => parseCommandLine([...base, '--latest-days', 'soon'])).toThrow(/--latest-days a whole number/);
  });
});

describe('the headless report with hostile inputs', () => {
  it('rejects requirements of NaN and Infinity with a reason, and the report (charts over time included) comes out', async () => {
    const json = await report('nan', { requirements: `${REQUIREMENTS}Oak,Early,NaN,Mon\nOak,Late,Infinity,Tue\nOak,Night,-Infinity,Wed\n` });
    const req = json.files.find((f: { kind: string }) => f.kind === 'requirements');
    expect(req).toMatchObject({ read: 6, accepted: 3, rejected: 3 });
    expect(req.reasons).toEqual([{ reason: 'the number of staff required is not a finite number', count: 3 }]);
    expect(json.overTime).toBeDefined();
    expect(json.exposure.periods).toBe(9);
  }, 180_000);

  it('counts 65,536 incidents in one person-period without overflowing', async () => {
    const n = 65_536;
    const rows = Array.from({ length: n }, (_, i) => `M${i},P1,2025-01-01 16:00,Oak`);
    const json = await report('many', { incidents: `${INCIDENTS}${rows.join('\n')}\n` });
    // Of the three-day fixture's six, I3 (before P2's admission) and I5 (past the rota) lie outside.
    expect(json.exposure.incidents).toBe(n + 4);
    const late = json.ratesPer100;
    const total = Object.values(late.shortfall as Record<string, { incidents: number }>).reduce((s, c) => s + c.incidents, 0);
    // The 65,536 all fall in 1 January's Late period, which has staffing figures.
    expect(total).toBeGreaterThanOrEqual(n);
    expect(total).toBeLessThanOrEqual(n + 4);
  }, 180_000);

  it('says why a vendor export with two columns of one name was refused, and reports the rest', async () => {
    const incidents = 'Incident Ref,Patient ID,Date/Time,Ward,Patient ID\nA1,P1,2025-01-01 16:00,Oak,P2\n';
    const json = await report('dup', { incidents }, true);
    const f = json.files.find((x: { kind: string }) => x.kind === 'incidents');
    expect(f.error).toMatch(/^More than one column has the same name: "Patient ID" \(columns 2 and 5\)/);
    expect(json.exposure.periods).toBe(9);
  }, 180_000);

  it('rejects a rota row dated 9999-12-31 instead of building a calendar to it', async () => {
    const json = await report('far', { shifts: `${SHIFTS}Z1,S1,Oak,9999-12-31 07:00,9999-12-31 15:00,SW,permanent,worked,\n` });
    const shifts = json.files.find((f: { kind: string }) => f.kind === 'shifts');
    expect(shifts).toMatchObject({ read: 13, accepted: 12, rejected: 1 });
    expect(shifts.reasons[0].reason).toMatch(/outside the plausible dates/);
    expect(json.exposure.periods).toBe(9);
  }, 180_000);
});
