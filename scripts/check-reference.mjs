#!/usr/bin/env node
/**
 * Is tests/fixtures/reference still a verbatim copy of shared/reference? Run by hand in a checkout
 * that has shared/ beside the repository (tests never read outside the repository, so a bare
 * clone runs them). Exits 1 on a difference, 0 when equal or when shared/ is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '..', 'shared', 'reference');
const copy = path.join(root, 'tests', 'fixtures', 'reference');

if (!fs.existsSync(shared)) {
  console.log(`${shared} is absent: nothing to compare.`);
  process.exit(0);
}
const differ = fs.readdirSync(shared).filter((name) => {
  const mine = path.join(copy, name);
  return !fs.existsSync(mine) || fs.readFileSync(mine, 'utf8') !== fs.readFileSync(path.join(shared, name), 'utf8');
});
if (differ.length > 0) {
  console.error(`tests/fixtures/reference differs from shared/reference in: ${differ.join(', ')}`);
  process.exit(1);
}
console.log('tests/fixtures/reference equals shared/reference.');
