import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { snapshotPlugin } from './scripts/snapshotPlugin';
import LongestFirst from './scripts/longestFirst';

// Vitest's default is one worker fewer than the cores, i.e. a single worker on the 2-core CI
// machine; test files are independent, so use every core.
const CORES = Math.max(2, os.availableParallelism());

// Two projects: fast Node unit tests (real DuckDB via the Node connector) and end-to-end tests
// that drive headless Chromium against the built app in dist/.
export default defineConfig({
  test: {
    // Longest files first (tests/fileSeconds.json on a fresh clone), so a project's workers end together.
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        // virtual:pbs-lens-build (the snapshot tag) for the ui modules the unit tests import.
        plugins: [snapshotPlugin()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // DuckDB must never look in the real home directory for extensions. A closed database's
          // wasm instance is kept for the next database the worker opens (db/node.ts): a new one
          // costs ~0.5 s of CPU, and the unit tests open hundreds.
          env: { HOME: path.resolve(import.meta.dirname, '.home'), PBS_LENS_REUSE_WASM: '1' },
          // A guard against hangs, not a time limit: two test files share the two cores and other
          // work may too; at load 25 the tests that run the headless report from the command line
          // took 60–110 s (5 s alone).
          testTimeout: 180_000,
          // Building a database in wasm takes seconds when both cores are busy.
          hookTimeout: 60_000,
          maxWorkers: CORES,
          // Files share a worker's module cache (120 files took 195 s instead of 285 s with a
          // fresh module context per file), so whatever one file leaves reachable stays for the
          // rest of the worker's files. Until 2026-12-07 the Node connector kept every database it
          // had opened (~40 MB of JS heap each) and a worker ran out of heap; helpers/perFile.ts
          // can log each file's heap to find such a leak.
          isolate: false,
          // One folder per run where the sample's snapshot and report are kept (helpers/keptForRun).
          globalSetup: ['tests/unit/helpers/sampleCacheSetup.ts'],
          setupFiles: ['tests/unit/helpers/perFile.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          // Hang guards: at load 24, with two files at a time, the dashboard's set-up (then four
          // headless reports in Node, now one import for the four cuts, while the browser loads
          // the sample) took over 120 s.
          hookTimeout: 300_000,
          // Two browsers at a time: each file has its own server, profile and Chromium, and one
          // browser leaves much of the second core idle while it waits on its DuckDB worker.
          maxWorkers: 2,
          // As in the unit project: a worker's files share its module cache (each file loaded
          // playwright, the app's modules and duckdb-wasm's JavaScript again, ~0.6 s), so the Node
          // engine's compiled wasm and its closed instances (db/node.ts) serve every file after.
          isolate: false,
          // HOME as in the unit project from the first file on (db/node.ts points it there when a Node
          // engine opens: with files sharing a worker, later files' browsers would otherwise inherit it).
          env: { HOME: path.resolve(import.meta.dirname, '.home'), PBS_LENS_REUSE_WASM: '1' },
          // The Node engine's results on the sample, made once per run for every file (sampleEngine.ts).
          globalSetup: ['tests/unit/helpers/sampleCacheSetup.ts'],
          sequence: { concurrent: false, groupOrder: 1 },
        },
      },
    ],
  },
});
