/**
 * Staff references in the reconciliation: staff aliases stored, validated and applied by the
 * model's staff matching (the involvement counts worked out by hand below), the unmatched
 * references listed with suggestions, and never a staff id or name in a label or a reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, parseCommandLine } from '../../../src/cli/analyze';
import type { Connector } from '../../../src/db/connector';
import { staffInvolvementAnalysis } from '../../../src/analysis/staffInvolvement';
import { NO_FILTERS } from '../../../src/analysis/types';
import { normaliseAliases, planAliases, readAliases, reconciliation, writeAliases } from '../../../src/model/reconcile';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { buildExposure, modelOf } from '../helpers/model';
import { freshDb } from '../helpers/db';
import { loadFixture } from '../helpers/fixture';

/*
 * One unit, Ward; one person, P1. Early periods (07:00–15:00) on 2025-01-01 … 04, each with
 * S033 and S101 (permanent) and AG7 (agency) worked: in every Early, agency 8 h and other 16 h.
 * I1 (day 4, 10:00) names "s033 " (S033 once case and spaces are ignored), "Jo Smith" (no rota
 * staff id; the alias makes it S101) and AG7 (exact). I2 (day 4, 11:00) names "S33" (S033 but for
 * a leading zero: suggested, not matched) and "X9" (nobody).
 */
const days = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'];
let n = 0;
const line = (staff: string, date: string, contract: string) => `SH${++n},${staff},Ward,${date} 07:00,${date} 15:00,Support Worker,${contract},worked,`;
const SHIFTS = [
  'shift_id,staff_id,unit,start,end,role,contract,status,person_id',
  ...days.flatMap((d) => [line('S033', d, 'permanent'), line('S101', d, 'permanent'), line('AG7', d, 'agency')]),
].join('\n');
const PEOPLE = 'person_id,name,unit,admitted,discharged,commissioned_ratio\nP1,Ann,Ward,2025-01-01,,';
const INCIDENTS = [
  'incident_id,person_id,occurred_at,unit,staff_involved',
  'I1,P1,2025-01-04 10:00,Ward,s033 ;Jo Smith;AG7',
  'I2,P1,2025-01-04 11:00,Ward,S33|X9',
].join('\n');
/** Every staff id and reference as written: none may reach a label or a reason. */
const RAW = /S033|S101|AG7|Jo Smith|S33|X9/i;

describe('staff aliases', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await freshDb();
    await loadFixture(db, { people: PEOPLE, shifts: SHIFTS, incidents: INCIDENTS });
  });
  afterAll(() => db.close());

  it('lists the references the rota does not match, with suggestions, by pseudonym only', async () => {
    const rec = await reconciliation(db, 'key');
    // "s033 " matches S033 after normalising and AG7 exactly: not listed. The other three are.
    expect(rec.staffReferences.map((r) => r.ref).sort()).toEqual(['Jo Smith', 'S33', 'X9']);
    expect(rec.staffReferences.every((r) => r.incidents === 1)).toBe(true);
    expect(rec.staffMembers.map((m) => m.staffId).sort()).toEqual(['AG7', 'S033', 'S101']);
    // S33 is S033 but for a leading zero (likely); a name and a two-character id get nothing.
    expect(rec.staffSuggestions).toHaveLength(1);
    const s = rec.staffSuggestions[0]!;
    expect(s).toMatchObject({ raw: 'S33', target: 'S033', confidence: 'medium' });
    const label = (id: string) => rec.staffMembers.find((m) => m.staffId === id)!.label;
    const refLabel = rec.staffReferences.find((r) => r.ref === 'S33')!.label;
    expect(s.reason).toBe(`“${refLabel}” is the rota's “${label('S033')}” apart from leading zeros.`);
    const shown = [...rec.staffReferences.map((r) => r.label), ...rec.staffMembers.map((m) => m.label), ...rec.staffSuggestions.map((x) => x.reason)];
    for (const text of shown) expect(text).not.toMatch(RAW);
    for (const l of [...rec.staffReferences, ...rec.staffMembers].map((x) => x.label)) expect(l).toMatch(/^Staff [0-9A-F]{6}$/);
    // Keyed: another key, other pseudonyms.
    const other = await reconciliation(db, 'another key');
    expect(other.staffMembers.find((m) => m.staffId === 'S033')!.label).not.toBe(label('S033'));
  });

  it('gives the same ids as several rota staff no target: the user chooses', async () => {
    const { suggestStaff } = await import('../../../src/model/reconcileStaff');
    const s = suggestStaff([{ ref: 's-1', label: 'Staff 000001', incidents: 1 }], [
      { staffId: 'S1', label: 'Staff AAAAAA' },
      { staffId: 'S 1', label: 'Staff BBBBBB' },
    ]);
    expect(s).toEqual([
      expect.objectContaining({ raw: 's-1', target: null, confidence: null, candidates: ['S1', 'S 1'] }),
    ]);
    expect(s[0]!.reason).not.toMatch(/S1|S 1|s-1/);
  });

  it('matches "s033 " by normalising and "Jo Smith" by its alias; the involvement counts change as worked by hand', async () => {
    // Without the alias. References: I1 3, I2 2 = 5. Exact AG7; normalised "s033 "; unmatched
    // Jo Smith, S33, X9. On shift in I1's Early: agency AG7 = 1; other S033 = 1.
    // Staff-hours are those of each incident's period, once per incident (analysis/staffInvolvement.ts):
    // I1 and I2 both in day 4's Early, so agency 2 × 8 = 16 h, other 2 × 16 = 32 h.
    // Rate ratio (1 / 16) / (1 / 32) = 2.
    await buildExposure(db, DEFAULT_SETTINGS);
    const before = await staffInvolvementAnalysis(modelOf(db), NO_FILTERS);
    expect(before.recording).toMatchObject({ references: 5, matchedExactly: 1, matchedNormalised: 1, matchedByAlias: 0, unmatched: 3, ambiguous: 0 });
    expect(before.agency).toMatchObject({ involvements: 1, staffHours: 16, comparisonInvolvements: 1, comparisonStaffHours: 32 });
    expect(before.agency.rateRatio!.estimate).toBeCloseTo(2, 12);

    // With Jo Smith → S101: other staff involved S033 and S101 = 2; (1 / 16) / (2 / 32) = 1.
    await writeAliases(db, { staff: [{ raw: 'Jo Smith', staffId: 'S101' }] });
    await buildExposure(db, DEFAULT_SETTINGS);
    const after = await staffInvolvementAnalysis(modelOf(db), NO_FILTERS);
    expect(after.recording).toMatchObject({ references: 5, matchedExactly: 1, matchedNormalised: 1, matchedByAlias: 1, unmatched: 2, ambiguous: 0 });
    expect(after.agency).toMatchObject({ involvements: 1, staffHours: 16, comparisonInvolvements: 2, comparisonStaffHours: 32 });
    expect(after.agency.rateRatio!.estimate).toBeCloseTo(1, 12);
    expect(after.recording.sentence).not.toMatch(RAW);
    expect(JSON.stringify(after)).not.toMatch(RAW);
  });

  it('stores staff aliases beside the others, resolving chains', async () => {
    const stored = await writeAliases(db, { staff: [{ raw: 'Jo', staffId: 'Jo Smith' }, { raw: 'Jo Smith', staffId: 'S101' }] });
    expect(stored.staff).toEqual([{ raw: 'Jo', staffId: 'S101' }, { raw: 'Jo Smith', staffId: 'S101' }]);
    expect((await readAliases(db)).staff).toEqual(stored.staff);
  });

  it('refuses an alias to a staff id the rota does not have, naming no one, and keeps what was stored', async () => {
    await writeAliases(db, { staff: [{ raw: 'Jo Smith', staffId: 'S101' }] });
    const refused = writeAliases(db, { staff: [{ raw: 'Jo Smith', staffId: 'S999' }] });
    await expect(refused).rejects.toThrow('1 staff alias points to a staff id the rota does not have: a staff alias must name a staff_id of the imported rota.');
    await expect(writeAliases(db, { staff: [{ raw: 'Jo Smith', staffId: 'S999' }] })).rejects.not.toThrow(/S999|Jo Smith/);
    expect((await readAliases(db)).staff).toEqual([{ raw: 'Jo Smith', staffId: 'S101' }]);
    // Conflicts and circles are told by position, not by name.
    expect(() => normaliseAliases({ staff: [{ raw: 'Jo Smith', staffId: 'S101' }, { raw: 'Jo Smith', staffId: 'S033' }] })).toThrow(/^Staff alias 1 gives its reference a second staff id\.$/);
    expect(() => normaliseAliases({ staff: [{ raw: 'S33', staffId: 'S033' }, { raw: 'S033', staffId: 'S33' }] })).toThrow(/^The staff aliases go round in a circle \(through staff alias \d\)\.$/);
  });

  it('headless: staff aliases from the aliases file are stored but not listed in the report', async () => {
    const rec = await reconciliation(db);
    const plan = planAliases(rec, { staff: [{ raw: 'Jo Smith', staffId: 'S101' }] });
    expect(plan.aliases.staff).toEqual([{ raw: 'Jo Smith', staffId: 'S101' }]);
    expect(JSON.stringify({ applied: plan.applied, undecided: plan.undecided })).not.toMatch(RAW);
  });
});

describe('the headless report with staff entries in the aliases file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-staff-aliases-'));
    for (const [k, v] of Object.entries({ people: PEOPLE, shifts: SHIFTS, incidents: INCIDENTS })) fs.writeFileSync(path.join(dir, `${k}.csv`), v);
    fs.writeFileSync(path.join(dir, 'aliases.json'), JSON.stringify({ staff: [{ raw: 'Jo Smith', staffId: 'S101' }] }));
    fs.writeFileSync(path.join(dir, 'unknown.json'), JSON.stringify({ staff: [{ raw: 'Jo Smith', staffId: 'S999' }] }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const argv = (aliases: string) => [
    ...['people', 'shifts', 'incidents'].flatMap((k) => [`--${k}`, path.join(dir, `${k}.csv`)]),
    '--aliases', path.join(dir, aliases), '--json',
  ];

  it('applies them (the counts worked above) and lists no staff reference or id', async () => {
    const r = await analyze(parseCommandLine(argv('aliases.json')));
    const who = r.analyses.staffInvolvement as { recording: { matchedByAlias: number }; agency: { comparisonInvolvements: number } };
    expect(who.recording.matchedByAlias).toBe(1);
    expect(who.agency.comparisonInvolvements).toBe(2);
    expect(JSON.stringify(r.analyses.reconciliation)).not.toMatch(RAW);
  });

  it('refuses an entry naming a staff id the rota does not have', async () => {
    await expect(analyze(parseCommandLine(argv('unknown.json')))).rejects.toThrow(/1 staff alias points to a staff id the rota does not have/);
  });
});
