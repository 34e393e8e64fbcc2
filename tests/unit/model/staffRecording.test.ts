/**
 * staff_recording (model/staffRecording.ts) is staff_involvements' matching counts without its
 * lines, built a cheaper way for Data quality. A person would expect the same counts whichever
 * table they come from: every row of staff_recording equals staff_involvements' columns of the
 * same names (both of its shapes), on the sample service and on a fixture made to hit every rule.
 * The fixture's counts are also written out by hand.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { runQuery } from '../../../src/db/sql';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { STAFF_INVOLVEMENTS } from '../../../src/model/staffInvolvements';
import { STAFF_RECORDING } from '../../../src/model/staffRecording';
import { createStatement, type ModelTable } from '../../../src/model/table';
import { fixtureDb } from '../helpers/model';
import { sampleServiceDb } from '../helpers/sampleService';
import { STAFF_RULES_FIXTURE } from '../helpers/staffRulesFixture';

const open: Connector[] = [];
afterAll(async () => {
  for (const db of open) await db.close();
});

const COLUMNS = 'person_idx, period_id, unit_idx, date, refs, exact, alias, normalised, ambiguous, unmatched, repeated, not_on_shift';

async function build(db: Connector, t: ModelTable, spillsToDisk: boolean): Promise<void> {
  await runQuery(db, createStatement(t, { settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk }));
}

/** The recording columns of `table`, every row as text in a fixed order. */
async function rowsOf(db: Connector, table: string): Promise<string[]> {
  const rows = await db.query<{ r: string }>(`SELECT (${COLUMNS})::VARCHAR AS r FROM ${table} ORDER BY ALL`);
  return rows.map((x) => x.r);
}

/** staff_recording and staff_involvements, each in both shapes, as rows (staff_recording's in-memory shape last: the one left built). */
async function compare(db: Connector): Promise<{ recording: string[]; recordingSpilling: string[]; inMemory: string[]; spilling: string[] }> {
  await build(db, STAFF_RECORDING, true);
  const recordingSpilling = await rowsOf(db, 'staff_recording');
  await build(db, STAFF_RECORDING, false);
  const recording = await rowsOf(db, 'staff_recording');
  await build(db, STAFF_INVOLVEMENTS, false);
  const inMemory = await rowsOf(db, 'staff_involvements');
  await build(db, STAFF_INVOLVEMENTS, true);
  return { recording, recordingSpilling, inMemory, spilling: await rowsOf(db, 'staff_involvements') };
}


describe('staff_recording', () => {
  it('counts a fixture that hits every rule as a person would, and as staff_involvements does', async () => {
    const db = await fixtureDb(STAFF_RULES_FIXTURE);
    open.push(db);
    const { recording, recordingSpilling, inMemory, spilling } = await compare(db);
    const counts = await db.query<Record<string, number>>(
      'SELECT refs, exact, alias, normalised, ambiguous, unmatched, repeated, not_on_shift FROM staff_recording ORDER BY date, refs, exact');
    // By hand: J1 B1 exact, b-1 the same staff member again (repeated), C7 exact. J2 "b 1" normalises
    // to B1 alone; jo1 to both Jo1 and JO-1 (ambiguous); X9 nobody. J3 names nobody. J4: C7 exact
    // but no line on the 2nd (not on shift), B1 exact, D4 exact but off shift in the early period,
    // e5 normalises to E5, whose only line is sickness (not on shift); X9 and x9 unmatched.
    expect(counts).toEqual([
      { refs: 0, exact: 0, alias: 0, normalised: 0, ambiguous: 0, unmatched: 0, repeated: 0, not_on_shift: 0 },
      { refs: 3, exact: 0, alias: 0, normalised: 1, ambiguous: 1, unmatched: 1, repeated: 0, not_on_shift: 0 },
      { refs: 3, exact: 2, alias: 0, normalised: 0, ambiguous: 0, unmatched: 0, repeated: 1, not_on_shift: 0 },
      { refs: 6, exact: 3, alias: 0, normalised: 1, ambiguous: 0, unmatched: 2, repeated: 0, not_on_shift: 3 },
    ]);
    expect(inMemory).toEqual(recording);
    expect(spilling).toEqual(recording);
    expect(recordingSpilling).toEqual(recording);
  });

  it('takes the match of the first reference to a staff member named twice, as written, spaces and blanks aside', async () => {
    const db = await fixtureDb({
      ...STAFF_RULES_FIXTURE,
      // J5: " b-1 " normalises to B1 and comes first, then B1 exactly (repeated); " C7" is C7
      // exactly once trimmed; D4 and d4 both name D4 (d4 normalised, counted once); blanks between.
      incidents: `${STAFF_RULES_FIXTURE.incidents}\nJ5,P1,2025-01-02 09:00,Ward, b-1 ;B1| C7;;  ;D4;d4`,
    });
    open.push(db);
    const { recording, recordingSpilling, inMemory, spilling } = await compare(db);
    const [j5] = await db.query<Record<string, number>>(
      "SELECT refs, exact, alias, normalised, ambiguous, unmatched, repeated, not_on_shift FROM staff_recording WHERE date = DATE '2025-01-02' AND refs = 5");
    // By hand: five references (the blanks are none); B1 first by " b-1 " (normalised), C7 and D4
    // exactly; B1 and d4 again (repeated 2); not on shift in the early period of the 2nd: C7 (no
    // line that day) and D4 (the late shift only), each once.
    expect(j5).toEqual({ refs: 5, exact: 2, alias: 0, normalised: 1, ambiguous: 0, unmatched: 0, repeated: 2, not_on_shift: 2 });
    expect(inMemory).toEqual(recording);
    expect(spilling).toEqual(recording);
    expect(recordingSpilling).toEqual(recording);
  });

  it('counts an incident naming thousands, and many staff at once, as a person would', async () => {
    const many = Array.from({ length: 60 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);
    const unknown = Array.from({ length: 4100 }, (_, i) => `U${i + 1}`);
    const db = await fixtureDb({
      ...STAFF_RULES_FIXTURE,
      // S01–S60 work the early shift of the 2nd.
      shifts: [STAFF_RULES_FIXTURE.shifts, ...many.map((id) => `L${id},${id},Ward,2025-01-02 07:00,2025-01-02 15:00,HCA,permanent,worked,`)].join('\n'),
      incidents: [
        STAFF_RULES_FIXTURE.incidents,
        // J6: 4,100 references matching nobody (more than a count's field holds; some share a lookup
        // slot), then B1, C7, B1 again.
        `J6,P1,2025-01-02 10:00,Ward,${unknown.join(';')};B1;C7;B1`,
        // J7: sixty staff members, each once (more than the residues tell apart).
        `J7,P1,2025-01-02 10:30,Ward,${many.join(';')}`,
        // J8: two staff members whose keys share a residue (7 and 63 with today's keys), each once.
        'J8,P1,2025-01-02 11:00,Ward,S01;S57',
      ].join('\n'),
    });
    open.push(db);
    const { recording, recordingSpilling, inMemory, spilling } = await compare(db);
    const rows = await db.query<Record<string, number>>(
      "SELECT refs, exact, alias, normalised, ambiguous, unmatched, repeated, not_on_shift FROM staff_recording WHERE date = DATE '2025-01-02' AND refs IN (2, 60, 4103) ORDER BY refs");
    // By hand: J8 both exact, on shift. J7 sixty exact, all on shift. J6: 4,103 references, 4,100
    // unmatched, B1 and C7 exact, B1 again repeated, C7 not on shift (no line on the 2nd).
    expect(rows).toEqual([
      { refs: 2, exact: 2, alias: 0, normalised: 0, ambiguous: 0, unmatched: 0, repeated: 0, not_on_shift: 0 },
      { refs: 60, exact: 60, alias: 0, normalised: 0, ambiguous: 0, unmatched: 0, repeated: 0, not_on_shift: 0 },
      { refs: 4103, exact: 2, alias: 0, normalised: 0, ambiguous: 0, unmatched: 4100, repeated: 1, not_on_shift: 1 },
    ]);
    expect(inMemory).toEqual(recording);
    expect(spilling).toEqual(recording);
    expect(recordingSpilling).toEqual(recording);
  });

  it('counts a chosen staff alias as staff_involvements does', async () => {
    const db = await fixtureDb(STAFF_RULES_FIXTURE);
    open.push(db);
    await db.exec("INSERT INTO staff_aliases VALUES ('X9', 'C7')");
    const { recording, recordingSpilling, inMemory } = await compare(db);
    const [j2] = await db.query<{ alias: number; unmatched: number }>(
      "SELECT alias, unmatched FROM staff_recording WHERE date = DATE '2025-01-01' AND refs = 3 AND normalised = 1");
    expect(j2).toEqual({ alias: 1, unmatched: 0 });
    expect(inMemory).toEqual(recording);
    expect(recordingSpilling).toEqual(recording);
  });

  it('gives staff_involvements’ counts on the sample service', async () => {
    const db = await sampleServiceDb();
    open.push(db);
    const { recording, recordingSpilling, inMemory, spilling } = await compare(db);
    expect(recording.length).toBeGreaterThan(500);
    expect(inMemory).toEqual(recording);
    expect(spilling).toEqual(recording);
    expect(recordingSpilling).toEqual(recording);
  });
});
