#!/usr/bin/env node
/**
 * Runs npm scripts at the same time and fails if any fails: `npm test` type-checks, lints and
 * builds together (each mostly uses one core; in a row they took about 20 s on the 2-core CI
 * machine). Each script's output is printed whole when it ends, so logs do not interleave.
 *
 *   node scripts/together.mjs typecheck lint build
 */
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Run `npm run <name>`; its exit code and everything it printed. */
function run(name) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (e) => resolve({ name, code: 1, text: `${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), text: Buffer.concat(out).toString() }));
  });
}

const names = process.argv.slice(2);
const started = Date.now();
const results = await Promise.all(
  names.map((name) =>
    run(name).then((r) => {
      process.stdout.write(`\n> npm run ${r.name} (${r.code === 0 ? 'passed' : `failed, exit ${r.code}`}, ${((Date.now() - started) / 1000).toFixed(1)} s)\n${r.text}`);
      return r;
    }),
  ),
);
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length > 0) {
  process.stderr.write(`Failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
