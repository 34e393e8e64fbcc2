/**
 * User values reach DuckDB only as parameters or quoted identifiers/literals. Checked by behaviour
 * in real DuckDB, so no builder is trusted by reading it:
 *  - every analysis, filtered by a unit and by a person whose names are SQL, gives the same result
 *    as on the same service with plain names, and a filter that is an injection selects nothing,
 *    exactly like a name that does not exist;
 *  - the mapping loader takes headers, fixed values, answers and intervention labels full of
 *    quotes and semicolons, and stores them as text;
 *  - afterwards every table is still there with every row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPORT_ANALYSES } from '../../../src/analysis';
import type { Filters } from '../../../src/analysis/types';
import type { Connector } from '../../../src/db/connector';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine } from '../../../src/engine';
import type { FileKind } from '../../../src/ingest/canonical';
import { headersSignature, type Mapping } from '../../../src/ingest/mapping';
import { storedRows } from '../ingest/loader-helpers';
import { SAMPLE_FILE_KINDS } from '../../fixtures/sampleFiles';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const FILES = SAMPLE_FILE_KINDS;
const OAK = `O'Brien "Ward"; DROP TABLE incidents; --`;
const WILLOW = `Willow'); DELETE FROM shifts; --`;
const PERSON = `P'002"; DROP TABLE people; --`;
const INJECTION = `x' OR '1'='1`;

/** The sample's CSV text with Oak, Willow and P002 renamed wherever they are a whole field. */
function hostileText(file: string): string {
  const csvField = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const swap: Record<string, string> = { Oak: csvField(OAK), Willow: csvField(WILLOW), P002: csvField(PERSON) };
  return fs
    .readFileSync(path.join(ROOT, 'sample-data', file), 'utf8')
    .split('\n')
    .map((line) => line.split(',').map((f) => swap[f] ?? f).join(','))
    .join('\n');
}

async function service(text: (file: string) => string): Promise<{ db: Connector; engine: Engine; rows: Record<string, number> }> {
  const db = await openNodeDatabase();
  const engine = createEngine(db, { pseudonymKey: 'same key for both' });
  const rows: Record<string, number> = {};
  for (const [kind, file] of FILES) {
    const report = await engine.importFile(file, new TextEncoder().encode(text(file)), kind);
    expect(report.error, file).toBeNull();
    expect(report.rejected, file).toBe(0);
    rows[kind] = report.accepted;
  }
  await engine.rebuild();
  return { db, engine, rows };
}

let plain: Awaited<ReturnType<typeof service>>;
let hostile: Awaited<ReturnType<typeof service>>;
/** Hostile strings → plain ones, for comparing results (P002's pseudonym differs: its id does). */
const back = new Map<string, string>();

beforeAll(async () => {
  plain = await service((f) => fs.readFileSync(path.join(ROOT, 'sample-data', f), 'utf8'));
  hostile = await service(hostileText);
  const label = async (e: Engine, id: string) => (await e.filterOptions()).people.find((p) => p.personId === id)!.label;
  back.set(OAK, 'Oak').set(WILLOW, 'Willow').set(PERSON, 'P002').set(await label(hostile.engine, PERSON), await label(plain.engine, 'P002'));
}, 120_000);
afterAll(async () => {
  await plain?.db.close();
  await hostile?.db.close();
});

/** A result with hostile strings put back and arrays in a fixed order (labels may sort differently). */
function normalised(value: unknown): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const [from, to] of back) s = s.replaceAll(from, to);
    return s;
  }
  if (Array.isArray(value)) {
    const items = value.map(normalised);
    return items.every((x) => x !== null && typeof x === 'object') ? items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v)]));
  return value;
}

/** Deep equality with numbers equal up to floating-point noise (sums may run in another order). */
function expectSame(actual: unknown, expected: unknown, where = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), where).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), where).toBe(true);
    expect((actual as unknown[]).length, where).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${where}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', where).toBe(true);
    expect(Object.keys(actual as object).sort(), where).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) expectSame((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${where}.${k}`);
  } else {
    expect(actual, where).toEqual(expected);
  }
}

const f = (over: Partial<Filters>): Filters => ({ from: null, to: null, unit: null, personId: null, ...over });

type Run = (s: typeof plain, filters: Filters) => Promise<unknown>;
const ANALYSES: [string, Run][] = [
  ['staffing', (s, filters) => s.engine.staffing(filters)],
  ...Object.entries(REPORT_ANALYSES).map(([name, run]): [string, Run] => [name, (s, filters) => run({ model: s.engine.model, filters, settings: s.engine.settings })]),
];

describe.each(ANALYSES)('%s', (_name, run) => {
  test('filtered by a unit whose name is SQL: the same result as with the plain name', async () => {
    const expected = await run(plain, f({ unit: 'Oak' }));
    const actual = normalised(await run(hostile, f({ unit: OAK })));
    expectSame(actual, normalised(expected));
  });

  test('filtered by a person whose id is SQL: the same result as with the plain id', async () => {
    const expected = await run(plain, f({ personId: 'P002' }));
    const actual = normalised(await run(hostile, f({ personId: PERSON })));
    expectSame(actual, normalised(expected));
  });

  test("an injection as the filter selects nothing, like a name that does not exist", async () => {
    for (const key of ['unit', 'personId'] as const) {
      const none = normalised(await run(hostile, f({ [key]: 'no such name' })));
      const injected = normalised(await run(hostile, f({ [key]: INJECTION })));
      expectSame(JSON.parse(JSON.stringify(injected).replaceAll(INJECTION, 'no such name')), none);
    }
  });
});

describe('after every analysis', () => {
  test('every table holds every row it was given', async () => {
    const count = async (table: string) => ((await hostile.db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`))[0]!.n);
    expect(await count('incidents')).toBe(hostile.rows.incidents);
    expect(await count('people')).toBe(hostile.rows.people);
    expect(await count('shifts')).toBe(hostile.rows.shifts);
    expect(await count('incidents')).toBe(plain.rows.incidents);
    const oak = await hostile.db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM incidents WHERE unit = ?', [OAK]);
    const plainOak = await plain.db.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM incidents WHERE unit = 'Oak'");
    expect(oak[0]!.n).toBe(plainOak[0]!.n);
    expect(oak[0]!.n).toBeGreaterThan(0);
  });
});

describe('the mapping loader', () => {
  const HEADERS = [`Ref "No."; DROP TABLE incidents; --`, `Service User's ID`, `When'); DROP TABLE imports; --`, `Ward" OR 1=1 --`, `Harm\\'; --`, `Restraint';--`, `Notes`];
  const csvLine = (cells: string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');
  const CSV = [
    HEADERS,
    ['R1', `P'1`, '2025-04-13 08:00', `Oak'); DROP TABLE people; --`, `Moderate'); --`, 'yes', `x"); DROP TABLE shifts; --`],
    ['R2', 'P2', '2025-04-13 09:30', 'Oak', 'low', 'no', 'calm'],
  ]
    .map(csvLine)
    .join('\r\n');
  const column = (i: number) => ({ source: { from: 'column' as const, column: HEADERS[i]! } });
  const mapping: Mapping = {
    version: 1,
    name: `Preset'); DROP TABLE vocabulary; --`,
    kind: 'incidents',
    format: 'delimited',
    encoding: 'utf-8',
    delimiter: ',',
    quote: '"',
    headerRow: 0,
    headerRows: 1,
    headers: HEADERS,
    signature: headersSignature(HEADERS),
    fields: {
      incident_id: column(0),
      person_id: column(1),
      occurred_at: { ...column(2), format: { kind: 'pattern', patterns: ['%Y-%m-%d %H:%M'] } },
      unit: column(3),
      severity: { ...column(4), values: { [`Moderate'); --`]: '3', low: '2' } },
      description: column(6),
      behaviour_type: { source: { from: 'constant', value: `it's "fine"; DROP TABLE rejects; --` } },
    },
    interventions: [{ label: `Hold'); DROP TABLE incidents; --`, flag: HEADERS[5]!, type: '01' }],
  };

  let db: Connector;
  let engine: Engine;
  beforeAll(async () => {
    db = await openNodeDatabase();
    engine = createEngine(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('headers, fixed values, answers and labels full of SQL are read as text', async () => {
    const report = await engine.importFile('export.csv', new TextEncoder().encode(CSV), { mapping });
    expect(report.error).toBeNull();
    expect(report).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
    const rows = await storedRows(db, 'incidents');
    expect(rows.map((r) => [r.incident_id, r.person_id, r.occurred_at, r.unit, r.severity, r.behaviour_type, r.description])).toEqual([
      ['R1', `P'1`, '2025-04-13 08:00:00', `Oak'); DROP TABLE people; --`, 3, `it's "fine"; DROP TABLE rejects; --`, `x"); DROP TABLE shifts; --`],
      ['R2', 'P2', '2025-04-13 09:30:00', 'Oak', 2, `it's "fine"; DROP TABLE rejects; --`, 'calm'],
    ]);
    // The flagged restraint became an intervention of the one incident that had it.
    expect(report.interventions).toMatchObject({ accepted: 1, rejected: 0 });
    const ivs = await storedRows(db, 'interventions');
    expect(ivs.map((r) => [r.incident_id, r.type])).toEqual([['R1', '01']]);
  });

  test('a canonical file with an extra column named in SQL imports, and every table is still there', async () => {
    const text = `incident_id,person_id,occurred_at,unit,"x""; DROP TABLE people; --"\r\nR3,P3,2025-04-14 10:00,Oak,whatever\r\n`;
    const report = await engine.importFile('incidents.csv', new TextEncoder().encode(text), 'incidents');
    expect(report.error).toBeNull();
    expect(report).toMatchObject({ read: 1, accepted: 1 });
    const tables = (await db.query<{ name: string }>('SELECT table_name AS name FROM duckdb_tables()')).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['incidents', 'restrictive_interventions', 'imports', 'rejects']));
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM incidents')).toEqual([{ n: 3 }]);
  });
});
