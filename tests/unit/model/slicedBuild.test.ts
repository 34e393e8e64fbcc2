/**
 * Tables built in slices (model/table.ts Slices, model/slicedBuild.ts) for Data quality's first
 * open after an import (issue 18). A person would expect the table a background build makes slice
 * by slice to be the very table the one statement makes: the same rows, the same column types and
 * the same order of dates — whatever the slices, including slice boundaries at midnights
 * (night periods and their incidents cross them), a person a slice, slices with no rows (first, last
 * and between) and no rows at all. And a page that asks while the background is half way gets that table, at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { BACKGROUND_TABLES, createEngine } from '../../../src/engine';
import { raw, runQuery, type Sql } from '../../../src/db/sql';
import { EXPOSURE_TABLES } from '../../../src/model/exposure';
import { INCIDENT_FORCE_DAYS, INCIDENT_FORCE_TOTALS } from '../../../src/model/incidentForceDays';
import { Model } from '../../../src/model/model';
import { RECORDING_GAPS } from '../../../src/model/recordingGaps';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { SlicedBuild } from '../../../src/model/slicedBuild';
import { dateSlices, keySlices } from '../../../src/model/slices';
import { slotParts, STAFF_RECORDING } from '../../../src/model/staffRecording';
import { createStatement, type ModelTable, type SliceHelper } from '../../../src/model/table';
import { enc, freshDb } from '../helpers/db';
import { fixtureDb } from '../helpers/model';
import { sampleServiceDb } from '../helpers/sampleService';
import { STAFF_RULES_FIXTURE } from '../helpers/staffRulesFixture';

const open: Connector[] = [];
// Closed after each test (the next test's databases reuse their wasm instances: db/node.ts).
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});
const keep = (db: Connector) => (open.push(db), db);

/** The exposure tables, in the sample's snapshot as built: the Model takes them as fresh. */
const EXPOSURE = EXPOSURE_TABLES.map((t) => t.name);

const CTX = { settings: DEFAULT_SETTINGS, pseudonymKey: '', spillsToDisk: false };

/** `t` with every stage's slices cut by `bounds` instead of its own sizes (the table's SQL otherwise as is). */
function cutBy(t: ModelTable, bounds: (stage: SliceHelper | ModelTable) => Sql): ModelTable {
  const slices = t.slices!;
  const prepare = (slices.prepare ?? []).map((h) => ('bounds' in h ? { ...h, bounds: () => bounds(h) } : h));
  return { ...t, slices: { ...slices, prepare, bounds: () => bounds(t) } };
}

/**
 * Day slices over `column` of `from`, `pad` days beyond the data each side (empty slices there).
 * `monthEnds`: a slice a day only from the 28th to the 2nd, the 3rd to the 27th one slice (a year
 * of the sample in ~80 slices, not ~370: every statement costs, and one midnight cut is as good as
 * another, while a month's turn and the big slices' ends cut mid-data too).
 */
const daySlices = (from: string, column: string, pad: number, monthEnds = false): Sql => {
  const day = `unnest(range(min(${column})::DATE - DATE '1970-01-01' - ${pad}, max(${column})::DATE - DATE '1970-01-01' + 1 + ${pad}))`;
  const slice = monthEnds ? `CASE WHEN day(DATE '1970-01-01' + lo::INTEGER) BETWEEN 3 AND 27 THEN strftime(DATE '1970-01-01' + lo::INTEGER, '%Y-%m') ELSE lo::VARCHAR END` : 'lo';
  return raw(`SELECT min(lo)::DOUBLE AS lo, (max(lo) + 1)::DOUBLE AS hi FROM (SELECT lo, ${slice} AS slice FROM (SELECT ${day} AS lo FROM ${from}))
       GROUP BY slice ORDER BY lo`);
};

/**
 * Each stage's slices on its own key, small: a day of dates (see daySlices for monthEnds), or 7
 * period numbers (29 with monthEnds: odd and prime to 3, so that the cuts still fall at every place
 * in a unit's day, a unit's night and next morning apart).
 */
function dayBounds(stage: SliceHelper | ModelTable, pad: number, monthEnds = false): Sql {
  if (stage.name === 'staff_recording') return daySlices('periods', 'date', pad, monthEnds);
  if (stage.name === 'staging_staff_recording_incidents') return keySlices('periods', 'period_id', monthEnds ? 29 : 7);
  // The lookup's list of slots in parts of 1,000 (not a power of two: parts end inside the list's halves).
  if (stage.name === 'staging_staff_recording_lookup_parts') return slotParts(1000);
  // A person a slice; the record days a day a slice over every file's dates.
  if (stage.name === 'recording_gaps') return keySlices('person_spans', 'person_idx', 1);
  if (stage.name === 'staging_recording_gaps_days') {
    return daySlices('(SELECT occurred_at::DATE AS d FROM r_incidents UNION ALL SELECT date FROM r_plan_delivery UNION ALL SELECT "start"::DATE FROM r_shifts)', 'd', pad, monthEnds);
  }
  return daySlices('r_incidents', 'occurred_at', pad, monthEnds);
}

/** The key each table is stored in order of (its ORDER BY's first column), as sortable text. */
const ORDER_KEY: Record<string, string> = { incident_force_days: 'date::VARCHAR', staff_recording: 'date::VARCHAR', recording_gaps: "lpad(person_idx::VARCHAR, 9, '0')" };

async function buildWhole(db: Connector, t: ModelTable): Promise<void> {
  await runQuery(db, createStatement(t, CTX));
}

/** Build `t` slice by slice as the background does; the number of statements it took. */
async function buildSliced(db: Connector, t: ModelTable): Promise<number> {
  const build = new SlicedBuild(t, 0, CTX);
  let steps = 1;
  while (!(await build.step(db))) steps++;
  return steps;
}

/** Every row as text, sorted; the column types; the dates in storage order. */
async function shapeOf(db: Connector, table: string) {
  const rows = (await db.query<{ r: string }>(`SELECT t::VARCHAR AS r FROM ${table} t ORDER BY ALL`)).map((x) => x.r);
  const types = await db.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`,
  );
  const dates = (await db.query<{ d: string }>(`SELECT ${ORDER_KEY[table]} AS d FROM ${table}`)).map((x) => x.d);
  return { rows, types, dates };
}

/** Build `t` whole and in slices cut by `bounds`; both shapes, and how many statements the slices took. */
async function wholeAndSliced(db: Connector, t: ModelTable, bounds: (stage: SliceHelper | ModelTable) => Sql) {
  await buildWhole(db, t);
  const whole = await shapeOf(db, t.name);
  await db.exec(`DROP TABLE ${t.name}`);
  const steps = await buildSliced(db, cutBy(t, bounds));
  const sliced = await shapeOf(db, t.name);
  return { whole, sliced, steps };
}

const staging = async (db: Connector) =>
  (await db.query<{ n: string }>(`SELECT table_name AS n FROM duckdb_tables() WHERE starts_with(table_name, 'staging_')`)).map((x) => x.n);

describe('a table built in slices is the table built in one statement', () => {
  for (const t of [INCIDENT_FORCE_DAYS, STAFF_RECORDING, RECORDING_GAPS]) {
    it(`${t.name} on the sample service, a slice a day about each month's turn with empty slices before, after and between`, async () => {
      const db = keep(await sampleServiceDb());
      const { whole, sliced, steps } = await wholeAndSliced(db, t, (stage) => dayBounds(stage, 3, true));
      // (The sample's people have records every few days: no recording gaps there; the fixture below has some.)
      expect(whole.rows.length).toBeGreaterThan(t === RECORDING_GAPS ? -1 : 100);
      expect(sliced.rows).toEqual(whole.rows);
      expect(sliced.types).toEqual(whole.types);
      // Stored in date order, as the one statement's ORDER BY date leaves it.
      expect(sliced.dates).toEqual([...sliced.dates].sort());
      // A slice a day about each turn of a month (a person for recording_gaps): many statements, and nothing left behind.
      expect(steps).toBeGreaterThan(t === RECORDING_GAPS ? 20 : 60);
      expect(await staging(db)).toEqual([]);
    });

    it(`${t.name} on the sample service, in the slices its own sizes make`, async () => {
      const db = keep(await sampleServiceDb());
      await buildWhole(db, t);
      const whole = await shapeOf(db, t.name);
      await db.exec(`DROP TABLE ${t.name}`);
      await buildSliced(db, t);
      expect((await shapeOf(db, t.name)).rows).toEqual(whole.rows);
    });
  }

  it('staff_recording on a fixture that hits every matching rule, a slice a day (a staff member named twice, blanks, a sickness line)', async () => {
    const db = keep(
      await fixtureDb({
        ...STAFF_RULES_FIXTURE,
        incidents: `${STAFF_RULES_FIXTURE.incidents}\nJ5,P1,2025-01-02 09:00,Ward, b-1 ;B1| C7;;  ;D4;d4\nJ6,P1,2025-01-02 02:30,Ward,B1;D4`,
      }),
    );
    const { whole, sliced } = await wholeAndSliced(db, STAFF_RECORDING, (stage) => dayBounds(stage, 1));
    expect(whole.rows.length).toBe(6);
    expect(sliced.rows).toEqual(whole.rows);
    expect(sliced.types).toEqual(whole.types);
  });

  it('recording_gaps on a fixture with gaps at span ends, between records and across slices, a person and a day a slice', async () => {
    const day = (d: number) => `2025-01-${String(d).padStart(2, '0')}`;
    const line = (n: number, d: number, person = '') => `R${n},S1,Ward,${day(d)} 07:00,${day(d)} 19:00,HCA,permanent,worked,${person}`;
    const db = keep(
      await fixtureDb({
        people: 'person_id,name,unit,admitted,discharged\nP1,Ann,Ward,2025-01-01,\nP2,Bo,Ward,2025-01-03,2025-01-09\nP3,Cy,Ward,2025-01-01,',
        // The rota covers the 1st to the 12th; P1 has lines on the 2nd and the 7th.
        shifts: ['shift_id,staff_id,unit,start,end,role,contract,status,person_id', ...Array.from({ length: 12 }, (_, i) => line(i + 1, i + 1)), line(20, 2, 'P1'), line(21, 7, 'P1')].join('\n'),
        incidents: ['incident_id,person_id,occurred_at,unit,staff_involved', `I1,P1,${day(4)} 10:00,Ward,S1`, `I2,P2,${day(5)} 23:30,Ward,S1`, `I3,P2,${day(6)} 01:00,Ward,S1`].join('\n'),
      }),
    );
    const { whole, sliced, steps } = await wholeAndSliced(db, RECORDING_GAPS, (stage) => dayBounds(stage, 2));
    // P1 (records on the 2nd, 4th, 7th): the 1st, 3rd, 5th–6th, 8th–12th; P2 (the 5th, and the 6th
    // after midnight): 3rd–4th, 7th–9th; P3: the whole span. Seven.
    expect(whole.rows.length).toBe(7);
    expect(sliced.rows).toEqual(whole.rows);
    expect(sliced.types).toEqual(whole.types);
    expect(sliced.dates).toEqual([...sliced.dates].sort());
    expect(steps).toBeGreaterThan(15);
  });

  it('recording_gaps across a block of its bitstrings (4,096 days from 0001-01-01: 2019-08-10 starts one), counted by hand', async () => {
    // The rota covers 31 Jul to 20 Aug 2019; a line a day, allocated to nobody (no one's record).
    const day = (d: number) => new Date(Date.UTC(2019, 6, 31 + d)).toISOString().slice(0, 10);
    const line = (n: number) => `R${n},S1,Ward,${day(n)} 07:00,${day(n)} 19:00,HCA,permanent,worked,`;
    const incident = (id: string, person: string, d: number) => `${id},${person},${day(d)} 10:00,Ward,S1`;
    const db = keep(
      await fixtureDb({
        people: 'person_id,name,unit,admitted,discharged\nP1,Ann,Ward,2019-07-31,\nP2,Bo,Ward,2019-08-09,\nP3,Cy,Ward,2019-07-31,2019-08-09',
        shifts: ['shift_id,staff_id,unit,start,end,role,contract,status,person_id', ...Array.from({ length: 21 }, (_, i) => line(i))].join('\n'),
        // P1: the 2nd and the 15th of August; P2: the 1st (before admission: not in the span), the 10th (a block's
        // first day) and the 20th (the span's last); P3: the 9th (a block's last day and the span's).
        incidents: ['incident_id,person_id,occurred_at,unit,staff_involved', incident('I1', 'P1', 2), incident('I2', 'P1', 15), incident('I3', 'P2', 1), incident('I4', 'P2', 10), incident('I5', 'P2', 20), incident('I6', 'P3', 9)].join('\n'),
      }),
    );
    const listed = async () =>
      (await db.query<{ r: string }>(`SELECT person_id || ' ' || gap_from || ' ' || gap_to AS r FROM recording_gaps ORDER BY person_id, gap_from`)).map((x) => x.r);
    await buildWhole(db, RECORDING_GAPS);
    expect(await listed()).toEqual([
      'P1 2019-07-31 2019-08-01', 'P1 2019-08-03 2019-08-14', 'P1 2019-08-16 2019-08-20',
      'P2 2019-08-09 2019-08-09', 'P2 2019-08-11 2019-08-19',
      'P3 2019-07-31 2019-08-08',
    ]);
    const whole = await shapeOf(db, 'recording_gaps');
    await db.exec('DROP TABLE recording_gaps');
    await buildSliced(db, cutBy(RECORDING_GAPS, (stage) => dayBounds(stage, 1)));
    expect(await shapeOf(db, 'recording_gaps')).toEqual(whole);
  });

  it('no incidents at all: the bounds give no slice, and the table is made empty with the same columns', async () => {
    const db = keep(await fixtureDb({ people: STAFF_RULES_FIXTURE.people, shifts: STAFF_RULES_FIXTURE.shifts }));
    for (const t of [INCIDENT_FORCE_DAYS, STAFF_RECORDING, RECORDING_GAPS]) {
      await buildWhole(db, t);
      const whole = await shapeOf(db, t.name);
      await db.exec(`DROP TABLE ${t.name}`);
      await buildSliced(db, t);
      const sliced = await shapeOf(db, t.name);
      // No incidents: nothing to count, but a person with no record has a recording gap.
      expect(whole.rows.length).toBe(t === RECORDING_GAPS ? 1 : 0);
      expect(sliced).toEqual(whole);
    }
  });

  for (const t of [INCIDENT_FORCE_DAYS, STAFF_RECORDING, RECORDING_GAPS]) {
    it(`${t.name}: begun a slice a day, the rest in one statement a stage (a page waiting), the same table`, async () => {
      const db = keep(await sampleServiceDb());
      await buildWhole(db, t);
      const whole = await shapeOf(db, t.name);
      await db.exec(`DROP TABLE ${t.name}`);
      const cut = cutBy(t, (stage) => dayBounds(stage, 2));
      const stages = (t.slices!.prepare ?? []).length + 1;
      // As far into the build as `begun` statements take it (into a helper's slices, or the table's own), then the rest.
      for (const begun of [1, 3, stages * 2 + 5]) {
        const build = new SlicedBuild(cut, 0, CTX);
        for (let i = 0; i < begun; i++) expect(await build.step(db)).toBe(false);
        let rest = 1;
        while (!(await build.step(db, true))) rest++;
        // At most the bounds and one statement for each stage, and the rename.
        expect(rest).toBeLessThanOrEqual(stages * 2 + 1);
        const sliced = await shapeOf(db, t.name);
        expect(sliced.rows).toEqual(whole.rows);
        expect(sliced.types).toEqual(whole.types);
        expect(sliced.dates).toEqual([...sliced.dates].sort());
        expect(await staging(db)).toEqual([]);
        await db.exec(`DROP TABLE ${t.name}`);
      }
    });
  }

  it('slices of several days whose boundaries fall at any weekday (7-incident slices by its own formula)', async () => {
    const db = keep(await sampleServiceDb());
    const { whole, sliced } = await wholeAndSliced(db, INCIDENT_FORCE_DAYS, () => dateSlices('r_incidents', 'occurred_at', 7));
    expect(sliced.rows).toEqual(whole.rows);
  });
});

describe('Model.buildInBackground', () => {
  /** A gate the background waits at before each statement: `open(n)` lets n statements through. */
  function gate() {
    let waiting: (() => void) | null = null;
    let allowed = 0;
    let passed = 0;
    const giveWay = async () => {
      if (allowed === 0) await new Promise<void>((resolve) => (waiting = resolve));
      allowed--;
      passed++;
    };
    const release = (n: number) => {
      allowed += n;
      const w = waiting;
      waiting = null;
      w?.();
    };
    return { giveWay, release, passed: () => passed };
  }

  /** `db` with the statements that go through it counted. */
  function counted(db: Connector): Connector & { statements: string[] } {
    const statements: string[] = [];
    return {
      statements,
      query: (s, p) => (statements.push(s), db.query(s, p)),
      exec: (s) => (statements.push(s), db.exec(s)),
      registerFile: (n, d) => db.registerFile(n, d),
      dropFile: (n) => db.dropFile(n),
      close: () => db.close(),
    };
  }

  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('builds slice by slice through its own connector; a page asking half way finishes the rest at once, with the same rows', async () => {
    const db = keep(await sampleServiceDb());
    await buildWhole(db, STAFF_RECORDING);
    const whole = await shapeOf(db, 'staff_recording');
    await db.exec('DROP TABLE staff_recording');
    const pages = counted(db);
    const background = counted(db);
    const model = new Model(pages, { backgroundDb: background });
    model.adopt(EXPOSURE);
    const g = gate();
    const done = model.buildInBackground(['staff_recording'], g.giveWay);
    g.release(4); // the staff keys, the references' bounds and slice (one at the sample's size), their slots
    while (g.passed() < 4 || background.statements.length < 4) await settle();
    await settle();
    expect(background.statements.length).toBe(4);
    expect(await staging(db)).toContain('staging_staff_recording_raws');
    // The page asks: the slices left are run now, through the pages' connector, without waiting at the gate.
    const before = pages.statements.length;
    await model.ensure(['staff_recording']);
    // At least the slices' bounds, the sample's one slice and the rename.
    expect(pages.statements.length - before).toBeGreaterThanOrEqual(3);
    expect(pages.statements.slice(before).some((s) => s.includes('model.staff_recording.slice'))).toBe(true);
    expect(g.passed()).toBe(4);
    expect(await shapeOf(db, 'staff_recording')).toEqual(whole);
    expect(await staging(db)).toEqual([]);
    // The background sees the table fresh at its next turn and stops, having built it once in all.
    g.release(1);
    await done;
    expect(model.tablesBuilt).toBe(1);
    expect(background.statements.length).toBe(4);
  });

  it('wholeIsCheaper: recording_gaps until its record days are all made (a day a slice here), never staff_recording', async () => {
    const db = keep(await sampleServiceDb());
    for (const [t, cheaper] of [
      [RECORDING_GAPS, true],
      [STAFF_RECORDING, false],
    ] as const) {
      const build = new SlicedBuild(cutBy(t, (stage) => dayBounds(stage, 0, true)), 0, CTX);
      const seen: boolean[] = [];
      do seen.push(build.wholeIsCheaper);
      while (!(await build.step(db)));
      // recording_gaps: true for the record days' bounds and every slice of them but the last, then false to the end.
      const flips = seen.findIndex((x) => !x);
      if (cheaper) {
        expect(flips).toBeGreaterThan(5);
        expect(seen.slice(flips).every((x) => !x)).toBe(true);
      } else expect(seen.every((x) => !x)).toBe(true);
      await db.exec(`DROP TABLE ${t.name}`);
    }
  });

  it('recording_gaps: a page asking while its record days are made builds it whole; once they are made, it finishes the runs left', async () => {
    const db = keep(await sampleServiceDb());
    await buildWhole(db, RECORDING_GAPS);
    const whole = await shapeOf(db, 'recording_gaps');
    await db.exec('DROP TABLE recording_gaps');
    // At the sample's size: the record days' bounds, their one slice; the runs' bounds, their one slice; the rename.
    for (const [before, expected] of [
      [1, 'whole'],
      [2, 'slices'],
      [3, 'slices'],
    ] as const) {
      const pages = counted(db);
      const background = counted(db);
      const model = new Model(pages, { backgroundDb: background });
      model.adopt(EXPOSURE);
      const g = gate();
      const done = model.buildInBackground(['recording_gaps'], g.giveWay);
      g.release(before);
      while (g.passed() < before || background.statements.length < before) await settle();
      await settle();
      expect(background.statements.length).toBe(before);
      const from = pages.statements.length;
      await model.ensure(['recording_gaps']);
      const asked = pages.statements.slice(from);
      const slices = asked.filter((s) => s.includes('model.recording_gaps.slice'));
      if (expected === 'whole') {
        // The record days made so far are dropped, then one statement makes the table.
        expect(slices).toEqual([]);
        expect(asked.some((s) => s.includes('DROP TABLE IF EXISTS staging_recording_gaps_days'))).toBe(true);
        expect(asked.filter((s) => s.includes('CREATE OR REPLACE TABLE recording_gaps AS'))).toHaveLength(1);
      } else {
        expect(slices.length).toBeGreaterThanOrEqual(1);
        expect(asked.some((s) => s.includes('CREATE OR REPLACE TABLE recording_gaps AS'))).toBe(false);
      }
      expect(await shapeOf(db, 'recording_gaps')).toEqual(whole);
      expect(await staging(db)).toEqual([]);
      g.release(1);
      await done;
      expect(model.tablesBuilt).toBe(1);
      await db.exec('DROP TABLE recording_gaps');
    }
  });

  it('a page whose finish of a begun build fails leaves no half-made tables, and its next ask builds the table whole', async () => {
    const db = keep(await sampleServiceDb());
    await buildWhole(db, STAFF_RECORDING);
    const whole = await shapeOf(db, 'staff_recording');
    await db.exec('DROP TABLE staff_recording');
    // The pages' connector fails the first slice statement it is sent (as an out-of-memory error would).
    let failed = false;
    const pages = counted(db);
    const failOnce = (sql: string) => {
      if (failed || !sql.includes('model.staff_recording.slice')) return;
      failed = true;
      throw new Error('Out of Memory Error: planted');
    };
    const failing: Connector = {
      ...pages,
      query: async (sql, params) => (failOnce(sql), pages.query(sql, params)),
      exec: async (sql) => (failOnce(sql), pages.exec(sql)),
    };
    const model = new Model(failing, { backgroundDb: counted(db) });
    model.adopt(EXPOSURE);
    const g = gate();
    void model.buildInBackground(['staff_recording'], g.giveWay);
    g.release(4);
    while (g.passed() < 4) await settle();
    await settle();
    expect(await staging(db)).toContain('staging_staff_recording_raws');
    await expect(model.ensure(['staff_recording'])).rejects.toThrow('planted');
    expect(failed).toBe(true);
    expect(await staging(db)).toEqual([]);
    // Asked again: built whole in one statement, the same rows.
    const before = pages.statements.length;
    await model.ensure(['staff_recording']);
    expect(pages.statements.slice(before).some((sql) => sql.includes('model.staff_recording.slice'))).toBe(false);
    expect(await shapeOf(db, 'staff_recording')).toEqual(whole);
  });

  it('builds every table alone when left to, and stops when the data changes half way', async () => {
    const db = keep(await sampleServiceDb());
    await buildWhole(db, INCIDENT_FORCE_DAYS);
    const whole = await shapeOf(db, 'incident_force_days');
    await db.exec('DROP TABLE incident_force_days');
    const background = counted(db);
    const model = new Model(db, { backgroundDb: background });
    model.adopt(EXPOSURE);
    await model.buildInBackground(['incident_force_totals'], async () => undefined);
    expect(model.freshTables().filter((t) => !EXPOSURE.includes(t)).sort()).toEqual(['incident_force_days', 'incident_force_totals']);
    expect(await shapeOf(db, 'incident_force_days')).toEqual(whole);
    // incident_force_totals is not sliced: one statement of its own.
    expect(background.statements.filter((s) => s.includes('model.incident_force_totals')).length).toBe(1);

    // Again after a change of data: two statements in, the data changes; the build stops there.
    model.invalidate();
    model.adopt(EXPOSURE);
    const g = gate();
    const done = model.buildInBackground([INCIDENT_FORCE_TOTALS.name], g.giveWay);
    g.release(2);
    while (g.passed() < 2) await settle();
    await settle();
    model.invalidate();
    g.release(5);
    await done;
    expect(model.freshTables().filter((t) => !EXPOSURE.includes(t))).toEqual([]);
    expect(await staging(db)).toEqual(['staging_incident_force_days']);
    // What is asked next is built whole and right, the half-made slices dropped.
    model.adopt(EXPOSURE);
    await model.ensure(['incident_force_days']);
    expect(await shapeOf(db, 'incident_force_days')).toEqual(whole);
    expect(await staging(db)).toEqual([]);
  });
  it('a statement that fails in the background leaves no half-made tables; the page then builds the table whole', async () => {
    const db = keep(await sampleServiceDb());
    await buildWhole(db, STAFF_RECORDING);
    const whole = await shapeOf(db, 'staff_recording');
    await db.exec('DROP TABLE staff_recording');
    const background = counted(db);
    // The third statement (the references' first slice, after the staff keys and the bounds) fails, as out of memory would.
    let n = 0;
    const fail = <T,>(run: () => Promise<T>): Promise<T> => (++n === 3 ? Promise.reject(new Error('Out of Memory')) : run());
    const failing: Connector = { ...background, exec: (s) => fail(() => background.exec(s)), query: (s, p) => fail(() => background.query(s, p)) };
    const model = new Model(db, { backgroundDb: failing });
    model.adopt(EXPOSURE);
    await model.buildInBackground(['staff_recording'], async () => undefined);
    expect(n).toBeGreaterThanOrEqual(3);
    expect(await staging(db)).toEqual([]);
    expect(model.freshTables()).not.toContain('staff_recording');
    await model.ensure(['staff_recording']);
    expect(await shapeOf(db, 'staff_recording')).toEqual(whole);
  });

  it('runs no statement while what it gives way to has begun after its turn was asked for', async () => {
    const db = keep(await sampleServiceDb());
    const background = counted(db);
    const model = new Model(db, { backgroundDb: background });
    model.adopt(EXPOSURE);
    let writing = true;
    const done = model.buildInBackground(['incident_force_days'], async () => void (await settle()), () => !writing);
    for (let i = 0; i < 5; i++) await settle();
    expect(background.statements).toEqual([]);
    writing = false;
    await done;
    expect(model.freshTables()).toContain('incident_force_days');
  });
});

describe('the engine builds BACKGROUND_TABLES after an import', () => {
  it('once the exposure is built and the pages pause, with no page asking; not at all without backgroundTables', async () => {
    const files = [['people', STAFF_RULES_FIXTURE.people], ['shifts', STAFF_RULES_FIXTURE.shifts], ['incidents', STAFF_RULES_FIXTURE.incidents]] as const;
    const quiet = createEngine(keep(await freshDb()), { partQuietMs: 0 });
    const engine = createEngine(keep(await freshDb()), { partQuietMs: 0, backgroundTables: BACKGROUND_TABLES });
    for (const e of [quiet, engine]) {
      for (const [kind, text] of files) await e.importFile(`${kind}.csv`, enc(text), kind);
    }
    const built = new Promise<void>((resolve) => engine.whenTablesBuilt(() => BACKGROUND_TABLES.every((t) => engine.model.freshTables().includes(t)) && resolve()));
    await quiet.rebuild();
    await engine.rebuild();
    await built;
    expect(quiet.model.freshTables().filter((t) => BACKGROUND_TABLES.includes(t))).toEqual([]);
    // The same rows as the one statement makes.
    const rows = (e: typeof engine) => e.db.query<{ r: string }>('SELECT t::VARCHAR AS r FROM staff_recording t ORDER BY ALL');
    await quiet.model.ensure(['staff_recording']);
    expect(await rows(engine)).toEqual(await rows(quiet));
    expect((await rows(engine)).length).toBe(4);
  });

  it("waits for a snapshot write under way: the import is kept first, then the slices run", async () => {
    const engine = createEngine(keep(await freshDb()), { partQuietMs: 0, backgroundTables: BACKGROUND_TABLES });
    for (const [kind, text] of [['people', STAFF_RULES_FIXTURE.people], ['shifts', STAFF_RULES_FIXTURE.shifts], ['incidents', STAFF_RULES_FIXTURE.incidents]] as const) {
      await engine.importFile(`${kind}.csv`, enc(text), kind);
    }
    const built = new Promise<void>((resolve) => engine.whenTablesBuilt(() => BACKGROUND_TABLES.every((t) => engine.model.freshTables().includes(t)) && resolve()));
    await engine.rebuild();
    // As the app does: the snapshot is asked for once the import's first chart is drawn.
    const snap = await engine.snapshot({ app: '0.1.0', definitions: 'test-definitions' });
    expect(snap.manifest.tables.length).toBeGreaterThan(0);
    // Not one slice ran while it was written (each would have made the write wait for it).
    expect(engine.model.freshTables().filter((t) => BACKGROUND_TABLES.includes(t))).toEqual([]);
    await built;
  });
});
