/**
 * tsx scripts/judge-probe.ts <file.csv> <kind> <variant…> [reps] — CPU time of variants of the
 * canonical judging statement (issue 18, item 1), a fresh duckdb-wasm (blocking build) database per
 * run, the table written into the compressed workspace unless the variant says otherwise.
 * Variants: full (as the loader builds it), lead (only the kind's columns + import_id, source_line:
 * the judging columns left out), bare (CREATE TABLE AS read_csv), bareplain (the same into an
 * uncompressed database), fulltemp (full into an uncompressed TEMP table).
 */
import { performance } from 'node:perf_hooks';
import { literal } from '../src/db/sql';
import { TABLES, type FileKind } from '../src/ingest/canonical';
import { canonicalJudgedSql } from '../src/ingest/load/canonicalSql';
import { judgeSetup } from './judgeSetup';

const [file, kindArg, variantsArg, repsArg] = process.argv.slice(2);
const kind = kindArg as FileKind;
const reps = Number(repsArg ?? 1);
for (let r = 0; r < reps; r++) {
  for (const variant of variantsArg!.split(',')) {
    const { db, slot, fields, byLower, rules } = await judgeSetup(file!, kind);
    const source = `read_csv(${literal(slot)}, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"', store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')`;
    const full = canonicalJudgedSql(kind, byLower, rules, source, 1);
    let sql: string;
    const raws = fields.filter((f) => !['text', 'id'].includes(f.type)).map((f) => `"raw__${f.name}"`).join(', ');
    const noRaw = (q: string) => `SELECT * EXCLUDE (${raws}) FROM (${q})`;
    if (variant === 'full') sql = full;
    else if (variant === 'fulltemp') sql = full.replace('CREATE OR REPLACE TABLE staging_judged', 'CREATE OR REPLACE TEMP TABLE staging_judged');
    else if (variant === 'lead') sql = full.replace(/SELECT (.*?), _row, _blank, ok, .*? FROM \(/s, 'SELECT $1 FROM (');
    else if (variant === 'leadok') sql = full.replace(/SELECT (.*?), _row, _blank, ok, .*? FROM \(/s, 'SELECT $1, ok FROM (');
    else if (variant === 'noraw') sql = full.replace(/SELECT (.*?), _row, _blank, ok, .*? FROM \(/s, 'SELECT $1, _row, _blank, ok FROM (');
    else if (variant === 'okfilter') sql = full.replace(/SELECT (.*?), _row, _blank, ok, .*? FROM \(/s, 'SELECT $1 FROM (').replace(/\)\)\)$/, ')) WHERE ok)');
    else if (variant === 'scan') sql = `CREATE TABLE staging_judged AS ${full.slice(full.indexOf('SELECT row_number()'), full.lastIndexOf(') s)))'))}`;
    else if (variant === 'clean') sql = `CREATE TABLE staging_judged AS ${full.slice(full.indexOf('SELECT s._row,'), full.lastIndexOf(')))'))}`;
    else if (variant === 'parse') sql = `CREATE TABLE staging_judged AS ${noRaw(full.slice(full.indexOf('SELECT _row, false AS _blank'), full.lastIndexOf('))')))}`;
    else if (variant === 'okall') sql = `CREATE TABLE staging_judged AS ${noRaw(full.slice(full.indexOf('SELECT *, '), full.lastIndexOf(')')))}`;
    else if (variant === 'dup') sql = `${full}; CREATE OR REPLACE TEMP TABLE t0 AS SELECT 1; ${'{DUP}'}`;
    else if (variant === 'bare') sql = `CREATE TABLE staging_judged AS SELECT * FROM read_csv(${literal(slot)})`;
    else if (variant === 'bareplain') sql = `CREATE TEMP TABLE staging_judged AS SELECT * FROM read_csv(${literal(slot)})`;
    else if (process.env[variant]) sql = process.env[variant]!.replaceAll('{full}', full).replaceAll('{source}', source).replaceAll('{slot}', literal(slot));
    else throw new Error(`unknown variant ${variant}`);
    if (process.env.SHOW) console.log(sql);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await db.exec(sql);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const [{ n }] = (await db.query(`SELECT count(*)::INTEGER AS n FROM staging_judged`)) as [{ n: number }];
    console.log(`${kind} ${variant.padEnd(10)} wall ${(wall / 1000).toFixed(2)} s cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s rows ${n}`);
    await db.close();
  }
}
