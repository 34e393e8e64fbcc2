/** docs/model-catalog.md is generated (scripts/model-catalog.ts): the committed page must be what the code gives today. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_DOC, catalogMarkdown } from '../../../scripts/model-catalog';

describe('docs/model-catalog.md', () => {
  it('is up to date with the catalog, its reads and the queries that read each table (else: npm run docs:catalog)', async () => {
    const committed = fs.readFileSync(CATALOG_DOC, 'utf8');
    const now = await catalogMarkdown();
    expect(committed, 'docs/model-catalog.md is out of date: run `npm run docs:catalog` and commit it').toBe(now);
    // Every catalog table has a row, and the page links each to its file.
    expect(now).toMatch(/\| `unit_days` \| .*\[src\/model\/unitDays\.ts\]/);
    expect(now).toMatch(/\| `staffing\.counts` \| .*`exposed_periods`/);
  }, 180_000);
});
