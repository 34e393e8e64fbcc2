/**
 * tsx scripts/typed-probe.ts <file.csv> <kind> a|b|c|n|sql [reps] — whether DuckDB's typed read_csv
 * would make the canonical import cheaper (issue 18, item 1), in the compressed workspace of
 * duckdb-wasm's blocking build (the browser's engine); wall and CPU time of one statement, a fresh
 * database each run. a: the judging statement as the loader builds it (all_varchar, store_rejects);
 * b: a typed read_csv (timestamps parsed by read_csv with the canonical format, the rest VARCHAR)
 * with the same judging of the VARCHAR columns; c: a bare auto-detected CREATE TABLE AS read_csv;
 * n: as a, without the NUL checks; sql: SQL=… with {typed}, {typedNoRej}, {varchar}, {bare}
 * standing for those reads. EXPLAIN=1 prints DuckDB's profile instead; SHOW=1 the SQL.
 */
import { performance } from 'node:perf_hooks';
import { ident, literal } from '../src/db/sql';
import { TABLES, type FileKind } from '../src/ingest/canonical';
import { canonicalJudgedSql, cleanText } from '../src/ingest/load/canonicalSql';
import { judgeSetup } from './judgeSetup';

const [file, kindArg, variant, repsArg] = process.argv.slice(2);
const kind = kindArg as FileKind;
const reps = Number(repsArg ?? 1);
const FORMATS = `['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M:%S.%f']`;

for (let r = 0; r < reps; r++) {
  const { db, slot, fields, byLower, rules } = await judgeSetup(file!, kind);
  const dialect = `header = true, delim = ',', quote = '"', escape = '"', store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans'`;
  let sql: string;
  const tcols = `{${fields.map((f) => `${literal(f.name)}: '${f.type === 'timestamp' ? 'TIMESTAMP' : 'VARCHAR'}'`).join(', ')}}`;
  const typed = `read_csv(${literal(slot)}, auto_detect = false, columns = ${tcols}, timestampformat = '%Y-%m-%d %H:%M:%S', ${dialect})`;
  const typedNoRej = `read_csv(${literal(slot)}, auto_detect = false, columns = ${tcols}, timestampformat = '%Y-%m-%d %H:%M:%S', header = true, delim = ',', quote = '"', escape = '"')`;
  const varchar = `read_csv(${literal(slot)}, all_varchar = true, ${dialect})`;
  if (variant === 'sql') sql = process.env.SQL!.replaceAll('{typed}', typed).replaceAll('{typedNoRej}', typedNoRej).replaceAll('{varchar}', varchar).replaceAll('{bare}', `read_csv(${literal(slot)})`);
  else if (variant === 'c') sql = `CREATE TABLE bare AS SELECT * FROM read_csv(${literal(slot)})`;
  else if (variant === 'n') sql = canonicalJudgedSql(kind, byLower, rules.filter((r) => !r[0].startsWith('contains(')), `read_csv(${literal(slot)}, all_varchar = true, ${dialect})`, 1);
  else if (variant === 'a') sql = canonicalJudgedSql(kind, byLower, rules, `read_csv(${literal(slot)}, all_varchar = true, ${dialect})`, 1);
  else {
    const ts = fields.filter((f) => f.type === 'timestamp');
    const columns = `{${fields.map((f) => `${literal(f.name)}: '${f.type === 'timestamp' ? 'TIMESTAMP' : 'VARCHAR'}'`).join(', ')}}`;
    const source = `read_csv(${literal(slot)}, auto_detect = false, columns = ${columns}, timestampformat = '%Y-%m-%d %H:%M:%S', ${dialect})`;
    sql = canonicalJudgedSql(kind, byLower, rules, source, 1);
    for (const f of ts) {
      sql = sql.replace(cleanText(`s.${ident(f.name)}`), `s.${ident(f.name)}`);
      sql = sql.replace(`try_strptime(${ident(`t__${f.name}`)}, ${FORMATS})`, ident(`t__${f.name}`));
      sql = sql.replace(`contains(${ident(`raw__${f.name}`)}, chr(0))`, 'false');
    }
  }
  if (process.env.SHOW) console.log(sql);
  if (process.env.EXPLAIN) {
    const rows = await db.query<Record<string, string>>(`EXPLAIN ANALYZE ${sql}`);
    for (const r of rows) console.log(Object.values(r).join('\n'));
    process.exit(0);
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await db.exec(sql);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const [{ n }] = (await db.query(`SELECT count(*)::INTEGER AS n FROM ${variant === 'c' ? 'bare' : variant === 'sql' ? 'x' : 'staging_judged'}`)) as [{ n: number }];
  console.log(`${kind} ${variant} wall ${(wall / 1000).toFixed(2)} s cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s rows ${n}`);
  await db.close();
}
