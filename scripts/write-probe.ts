/**
 * tsx scripts/write-probe.ts <shifts.csv> [reps] — what the judged table's extra columns cost to
 * write into the compressed workspace (issue 18, item 1), apart from reading and judging: the
 * rota's judged rows are made once into an uncompressed TEMP table, then copied into the workspace
 * (and, for comparison, into an uncompressed database) with the kind's columns only, with `ok`, `_row`, `_blank` added, and with the four all-NULL
 * `raw__` columns too (as the loader writes them). CPU time of each copy, alternated.
 */
import { performance } from 'node:perf_hooks';
import { fileSlot } from '../src/db/connector';
import { localFile, openNodeDatabase } from '../src/db/node';
import { literal } from '../src/db/sql';
import { TABLES } from '../src/ingest/canonical';
import { canonicalJudgedSql } from '../src/ingest/load/canonicalSql';
import { rulesFor } from '../src/ingest/load/rules';

const [file, repsArg] = process.argv.slice(2);
const db = await openNodeDatabase();
const slot = fileSlot('probe.csv');
await db.registerFile(slot, await localFile(file!));
const fields = TABLES.shifts.fields;
const rules = rulesFor('shifts', { importId: 1, fileName: 'x.csv', data: new Uint8Array(), importedAt: new Date() });
const source = `read_csv(${literal(slot)}, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"', store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_scans')`;
await db.exec(canonicalJudgedSql('shifts', new Map(fields.map((f) => [f.name, f.name])), rules, source, 1).replace('CREATE OR REPLACE TABLE staging_judged', 'CREATE TEMP TABLE src'));
const lead = [...fields.map((f) => `"${f.name}"`), 'import_id', 'source_line'].join(', ');
await db.exec("ATTACH IF NOT EXISTS ':memory:' AS plain");
const variants: Record<string, string> = {
  'lead, uncompressed db': lead,
  lead,
  'lead+ok': `${lead}, ok`,
  'lead+ok+_row+_blank': `${lead}, _row, _blank, ok`,
  'as loaded (+4 raw)': `${lead}, _row, _blank, ok, raw__start, raw__end, raw__contract, raw__status`,
};
for (let r = 0; r < Number(repsArg ?? 2); r++) {
  for (const [name, cols] of Object.entries(variants)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const target = name.includes('uncompressed') ? 'plain.w' : 'w';
    await db.exec(`CREATE TABLE ${target} AS SELECT ${cols} FROM temp.src`);
    const c = process.cpuUsage(c0);
    console.log(`${name.padEnd(22)} wall ${((performance.now() - t0) / 1000).toFixed(2)} s cpu ${((c.user + c.system) / 1e6).toFixed(2)} s`);
    await db.exec(`DROP TABLE ${target}`);
  }
}
await db.close();
