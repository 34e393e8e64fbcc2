/**
 * Two ways to run the headless report's command line. `commandLine` runs it in this process
 * through runCommandLine, the function `main` prints: the same arguments, exit code, stdout and
 * stderr, while the worker's DuckDB instance is reused (a child process compiles and starts its
 * own, ~5 s of CPU). `commandLineProcess` runs `src/cli/analyze.ts` as a real child process, for
 * the few tests that check the process itself (its exit code and what reaches its pipes).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runCommandLine, type CommandLineRun } from '../../../src/cli/analyze';

const root = path.resolve(__dirname, '../../..');

export function commandLine(args: string[]): Promise<CommandLineRun> {
  return runCommandLine(args);
}

export function commandLineProcess(args: string[]): CommandLineRun {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/analyze.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, HOME: path.join(root, '.home') },
    // A whole JSON report is over spawnSync's 1 MiB default; a hung child must not block the worker past the test's limit.
    maxBuffer: 64 * 2 ** 20,
    timeout: 170_000,
  });
  // A killed or unstartable child says why instead of a bare -1.
  const why = run.error ? `${run.error.message}\n` : run.signal ? `killed by ${run.signal}\n` : '';
  return { status: run.status ?? -1, stdout: run.stdout ?? '', stderr: (run.stderr ?? '') + why };
}
