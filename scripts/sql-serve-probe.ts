/**
 * tsx scripts/sql-serve-probe.ts <snapshot> <dir> [tables]
 *
 * Restores a workspace saved by `scripts/memory-probe.ts --save`, builds `tables` (comma
 * separated) and then runs the statements of each <dir>/*.sql dropped in (';;' between them;
 * write the file elsewhere and move it in), writing each one's wall and CPU time (the blocking
 * build runs in this thread, so CPU time is its own work whatever else the machine runs) and its
 * first rows into <dir>/*.sql.out. Numbers, not pass/fail.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { restoredEngine } from './savedSnapshot';

const [snapshot, dir, tables] = process.argv.slice(2);
if (!snapshot || !dir) throw new Error('usage: tsx scripts/sql-serve-probe.ts <snapshot> <dir> [tables]');
const { db, engine } = await restoredEngine(snapshot);
if (tables) await engine.model.ensure(tables.split(','));
process.stdout.write('ready\n');
for (;;) {
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.sql'))) {
    const file = `${dir}/${f}`;
    const text = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    let out = '';
    for (const statement of text.split(';;').map((x) => x.trim()).filter(Boolean)) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      try {
        const rows = (await db.query(statement)) as object[];
        const used = process.cpuUsage(cpu);
        out += `-- ${Math.round(performance.now() - t)} ms (cpu ${Math.round((used.user + used.system) / 1000)} ms), ${rows.length} rows: ${statement.slice(0, 60).replace(/\s+/g, ' ')}\n`;
        for (const r of rows.slice(0, 60)) out += Object.values(r).map((v) => String(v)).join(' | ') + '\n';
      } catch (e) {
        out += `-- error: ${(e as Error).message}\n`;
      }
      fs.writeFileSync(`${file}.out`, out);
    }
  }
  await new Promise((r) => setTimeout(r, 200));
}
