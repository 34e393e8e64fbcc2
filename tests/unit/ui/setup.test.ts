import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';

// scripts/setup.mjs is plain Node (it must run before node_modules exists); load it by URL.
const setupUrl = pathToFileURL(path.resolve(import.meta.dirname, '../../../scripts/setup.mjs')).href;
const { staleReason } = (await import(setupUrl)) as { staleReason: (dir: string) => string | null };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function project(lock: object | null, installed: object | null, withNodeModules = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-setup-'));
  dirs.push(dir);
  if (lock) fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock));
  if (withNodeModules) fs.mkdirSync(path.join(dir, 'node_modules'));
  if (installed) fs.writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), JSON.stringify(installed));
  return dir;
}

const lock = {
  packages: {
    '': { name: 'pbs-lens' },
    'node_modules/react': { version: '19.3.1' },
    'node_modules/fsevents': { version: '2.3.3', optional: true },
  },
};

describe('setup decides when to install npm packages', () => {
  test('a fresh clone has no node_modules', () => {
    expect(staleReason(project(lock, null, false))).toBe('node_modules is missing');
  });

  test('node_modules that matches the lock needs nothing (platform-only optional packages may be absent)', () => {
    expect(staleReason(project(lock, { packages: { 'node_modules/react': { version: '19.3.1' } } }))).toBeNull();
  });

  test('a package missing or at another version means reinstall', () => {
    expect(staleReason(project(lock, { packages: {} }))).toBe('node_modules/react is not installed');
    expect(staleReason(project(lock, { packages: { 'node_modules/react': { version: '19.0.0' } } }))).toBe(
      'node_modules/react is 19.0.0, the lock wants 19.3.1',
    );
    expect(staleReason(project(lock, null))).toBe('node_modules has no record of what was installed');
  });
});
