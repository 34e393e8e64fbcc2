#!/usr/bin/env node
/**
 * Idempotent setup behind both README commands. Uses nothing but Node itself, so it runs on a
 * fresh clone before node_modules exists.
 *
 *   node scripts/setup.mjs            install npm packages if node_modules is missing or stale
 *   node scripts/setup.mjs --browser  also install Debian chromium and poppler-utils if missing
 *   --check                           only report what would be done
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const checkOnly = args.has('--check');

function log(msg) {
  console.log(`[setup] ${msg}`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Why node_modules needs (re)installing, or null when it matches package-lock.json. npm keeps
 * its own record of what it installed in node_modules/.package-lock.json; compare versions.
 */
export function staleReason(dir = root) {
  const lock = readJson(path.join(dir, 'package-lock.json'));
  const installed = readJson(path.join(dir, 'node_modules', '.package-lock.json'));
  if (!fs.existsSync(path.join(dir, 'node_modules'))) return 'node_modules is missing';
  if (!lock) return 'there is no package-lock.json';
  if (!installed) return 'node_modules has no record of what was installed';
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (key === '' || entry.optional || entry.link) continue;
    const have = installed.packages?.[key];
    if (!have) return `${key} is not installed`;
    if (have.version !== entry.version) return `${key} is ${have.version}, the lock wants ${entry.version}`;
  }
  return null;
}

function run(cmd, cmdArgs) {
  log(`$ ${[cmd, ...cmdArgs].join(' ')}`);
  if (!checkOnly) execFileSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
}

function npmPackages() {
  const reason = staleReason();
  if (!reason) return;
  log(`installing npm packages: ${reason}`);
  const hasLock = fs.existsSync(path.join(root, 'package-lock.json'));
  run('npm', hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

/** Debian packages the browser tests (chromium) and later PDF checks (pdftotext) need. */
function debianPackages() {
  const wanted = [
    { binary: '/usr/bin/chromium', pkg: 'chromium' },
    { binary: '/usr/bin/pdftotext', pkg: 'poppler-utils' },
  ].filter((w) => !fs.existsSync(w.binary));
  if (wanted.length === 0) return;
  const pkgs = wanted.map((w) => w.pkg);
  log(`installing Debian packages: ${pkgs.join(', ')}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const [cmd, pre] = isRoot ? ['apt-get', []] : ['sudo', ['apt-get']];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`$ ${cmd} ${[...pre, 'update'].join(' ')}`);
  if (!checkOnly) execFileSync(cmd, [...pre, 'update'], { stdio: 'inherit', env });
  log(`$ ${cmd} ${[...pre, 'install', '-y', ...pkgs].join(' ')}`);
  if (!checkOnly) execFileSync(cmd, [...pre, 'install', '-y', ...pkgs], { stdio: 'inherit', env });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  npmPackages();
  if (args.has('--browser')) debianPackages();
  if (!checkOnly) log('ready');
}
