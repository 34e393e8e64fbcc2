/**
 * --engine native must give the report the browser's engine gives: the headless report is run on
 * the sample service with duckdb-wasm and with native DuckDB, and every key of the JSON is
 * compared — strings, counts and row accounting exactly, other numbers to 1e-9 relative (a
 * multi-threaded sum adds in another order). A person filter is compared too, so filtered SQL
 * (bound parameters) is covered.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, parseCommandLine } from '../../../src/cli/analyze';
import { buildReport } from '../../../src/cli/report';
import { openNativeDatabase } from '../../../src/db/native';
import { openNodeDatabase } from '../../../src/db/node';
import { fileSlot } from '../../../src/db/connector';
import { sampleReports, wasmSampleReports } from './sampleReports';

const root = path.resolve(__dirname, '../../..');
const sample = (f: string) => path.join(root, 'sample-data', f);

/**
 * The sample's report, whole and with --person P001, on each engine: one import per engine for
 * both cuts, the wasm pair shared with report-json (made once per run).
 */
let nativeRun: ReturnType<typeof sampleReports> | undefined;
const nativeReports = () => (nativeRun ??= sampleReports('native'));

/** Every place where the two documents differ, by its path; numbers within 1e-9 relative are equal. */
function differences(a: unknown, b: unknown, at = '$', out: string[] = []): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const scale = Math.max(Math.abs(a), Math.abs(b));
    if (!(a === b || Math.abs(a - b) <= 1e-9 * scale)) out.push(`${at}: ${a} ≠ ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${at}: length ${a.length} ≠ ${b.length}`);
    else a.forEach((x, i) => differences(x, b[i], `${at}[${i}]`, out));
  } else if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      if (!(k in a) || !(k in b)) out.push(`${at}.${k}: only in ${k in a ? 'wasm' : 'native'}`);
      else differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out);
    }
  } else if (a !== b) out.push(`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  return out;
}

describe('the native engine', () => {
  it('gives every key of the headless report equal to duckdb-wasm on the sample service', async () => {
    const [wasm, native] = [(await wasmSampleReports())[0], (await nativeReports())[0]];
    const top = wasm as Record<string, unknown>;
    // The comparison is of something: the report has its analyses and imported every row.
    expect(Object.keys(top).length).toBeGreaterThan(20);
    expect((top.rows as Record<string, { read: number }>).incidents!.read).toBeGreaterThan(500);
    expect(differences(wasm, native)).toEqual([]);
  }, 600_000);

  it('gives the same report for one person (filters bound as parameters)', async () => {
    const [wasm, native] = [(await wasmSampleReports())[1], (await nativeReports())[1]];
    // The cut is of something: P001's own story, not the list to choose from.
    expect(wasm.personStory!.kind).toBe('story');
    expect(differences(wasm, native)).toEqual([]);
  }, 600_000);

  it('reads vendor exports the same way: Windows-1252, UTF-16 and BOM text, a workbook, rejects and unpivoted columns', async () => {
    // Transcoded text and workbooks reach the engine as new bytes, not the file on disk: the other registration path.
    const vendor = (f: string) => path.join(root, 'tests/fixtures/vendor', f);
    const runs = [
      ['--incidents', vendor('careapp-incidents.csv'), '--shifts', vendor('carehome-rota.xlsx')],
      ['--incidents', vendor('datix-incidents.csv'), '--shifts', vendor('healthroster-rota.csv')],
      ['--incidents', vendor('unicode-incidents.csv'), '--shifts', vendor('rota.tsv')],
    ];
    for (const files of runs) {
      const report = async (engine: string) => {
        const r = await analyze(parseCommandLine([...files, '--date-order', 'dmy', '--engine', engine]));
        return JSON.parse(JSON.stringify(buildReport(r.imports, r.staffing, r.analyses, r.mappingSources))) as { files: { read: number; error: string | null }[] };
      };
      const [wasm, native] = [await report('wasm'), await report('native')];
      expect(wasm.files.every((f) => f.read > 0 && f.error === null)).toBe(true);
      expect(differences(wasm, native)).toEqual([]);
    }
  }, 600_000);

  it('is chosen with --engine, and only wasm or native are engines', () => {
    expect(parseCommandLine(['--incidents', sample('incidents.csv'), '--shifts', sample('shifts.csv')]).engine).toBe('wasm');
    expect(() => parseCommandLine(['--incidents', sample('incidents.csv'), '--shifts', sample('shifts.csv'), '--engine', 'gpu'])).toThrow(/wasm .* or native/);
  });

  it('hands back rows in the wasm connector’s shapes, type by type', async () => {
    const sql = `SELECT 1::BIGINT AS b, 2::HUGEINT AS h, sum(3) AS s, 1.5::DECIMAL(10,2) AS d, 0.25::DOUBLE AS f, 7::INTEGER AS i,
      DATE '2024-01-02' AS day, TIMESTAMP '2024-01-02 03:04:05.123' AS ts, 'x' AS v, NULL::VARCHAR AS n, true AS yes,
      ['a', 'b'] AS names, [DATE '2024-01-01'] AS days, ? AS big, ? AS frac, ? AS txt`;
    const params = [2 ** 40, 0.5, 'é'];
    const [w, n] = [await openNodeDatabase(), await openNativeDatabase()];
    try {
      const [a, b] = [await w.query(sql, params), await n.query(sql, params)];
      expect(b).toEqual(a);
      expect(b[0]).toMatchObject({ b: 1, h: 2, s: 3, day: Date.UTC(2024, 0, 2), ts: Date.UTC(2024, 0, 2, 3, 4, 5, 123), big: 2 ** 40 });
    } finally {
      await w.close();
      await n.close();
    }
  });

  it('reads registered files and nothing else: no other path, no URL, no extension', async () => {
    const n = await openNativeDatabase();
    try {
      await n.registerFile(fileSlot('a.csv'), new TextEncoder().encode('x,y\n1,2\n'));
      expect(await n.query(`SELECT x + y AS t FROM read_csv('${fileSlot('a.csv')}')`)).toEqual([{ t: 3 }]);
      await n.dropFile(fileSlot('a.csv'));
      await expect(n.query(`SELECT * FROM read_csv('${fileSlot('a.csv')}')`)).rejects.toThrow();
      await expect(n.query(`SELECT * FROM read_csv('${sample('people.csv')}')`)).rejects.toThrow(/Permission|disabled/);
      await expect(n.query(`SELECT * FROM read_csv('${fileSlot('../../etc/passwd')}')`)).rejects.toThrow();
      await expect(n.query(`SELECT * FROM read_csv('https://example.com/a.csv')`)).rejects.toThrow();
      await expect(n.exec('SET enable_external_access = true')).rejects.toThrow();
      await expect(n.exec('INSTALL spatial')).rejects.toThrow();
    } finally {
      await n.close();
    }
  });
  it('answers statements asked for at once, one after another, as the wasm worker does', async () => {
    const n = await openNativeDatabase();
    try {
      // Without the queue one of these fails ("Failed to execute prepared statement"): a page's
      // queries go out together (Promise.all), and a native connection takes one at a time.
      await n.exec('CREATE TABLE t AS SELECT i AS k FROM range(200000) r(i)');
      const asked = Array.from({ length: 6 }, (_, i) => n.query<{ c: number }>('SELECT count(*) AS c FROM t WHERE k % ? = 0', [i + 2]));
      const failing = n.query('SELECT * FROM no_such_table');
      expect((await Promise.all(asked)).map((r) => r[0]!.c)).toEqual([2, 3, 4, 5, 6, 7].map((m) => Math.ceil(200000 / m)));
      await expect(failing).rejects.toThrow(/no_such_table/);
      // A failure does not stop the queue.
      expect(await n.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await n.close();
    }
  });
});
