/**
 * The model catalog (model/catalog.ts): every table's declared `reads` are the tables its SQL
 * names (both ways), and the build order follows them.
 */
import { describe, expect, it } from 'vitest';
import { buildOrder, CATALOG, SOURCE_TABLES } from '../../../src/model/catalog';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';

const KNOWN = new Set([...CATALOG.map((t) => t.name), ...SOURCE_TABLES]);

/** Names after FROM or JOIN in the SQL text (comments left out) that are catalog or source tables, not the statement's own CTEs. */
function tablesNamed(sqlText: string): string[] {
  const text = sqlText.replace(/--[^\n]*/g, '');
  const ctes = new Set([...text.matchAll(/(?:\bWITH(?:\s+RECURSIVE)?|,)\s*([a-z_]\w*)\s+AS\s*(?:MATERIALIZED\s*)?\(/gi)].map((m) => m[1]!));
  const found = new Set<string>();
  for (const m of text.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]\w*)\b(?!\s*\()/gi)) {
    if (KNOWN.has(m[1]!) && !ctes.has(m[1]!)) found.add(m[1]!);
  }
  return [...found].sort();
}

// A unit with a shift pattern of its own, so the settings-dependent SQL is rendered in full.
const ctx = {
  settings: { ...DEFAULT_SETTINGS, unitShiftPatterns: { Oak: DEFAULT_SETTINGS.shiftPattern } },
  pseudonymKey: 'k',
  spillsToDisk: false,
};

describe('model catalog', () => {
  it('the parser finds tables after FROM and JOIN, not CTEs, functions or other words', () => {
    expect(tablesNamed('WITH people AS (SELECT * FROM r_people) SELECT * FROM people p JOIN units u USING (unit), range(3) r')).toEqual(['r_people', 'units']);
    expect(tablesNamed('SELECT * FROM generate_series(1, 2) JOIN person_days d ON TRUE -- from periods')).toEqual(['person_days']);
  });

  it.each(CATALOG.map((t) => [t.name, t] as const))('%s reads exactly what it declares', (_name, table) => {
    expect(tablesNamed(table.select(ctx).text)).toEqual([...table.reads].sort());
    // The shape for an engine that spills (native DuckDB), where a table has one, reads the same.
    expect(tablesNamed(table.select({ ...ctx, spillsToDisk: true }).text)).toEqual([...table.reads].sort());
  });

  it('every name is unique and every read is a catalog or source table', () => {
    expect(new Set(CATALOG.map((t) => t.name)).size).toBe(CATALOG.length);
    for (const t of CATALOG) for (const r of t.reads) expect(KNOWN.has(r), `${t.name} reads ${r}`).toBe(true);
  });

  it('builds each table after everything it reads, transitively', () => {
    const order = buildOrder(['unit_days']).map((t) => t.name);
    for (const t of CATALOG) {
      const at = order.indexOf(t.name);
      if (at < 0) continue;
      for (const r of t.reads) if (order.includes(r)) expect(order.indexOf(r), `${r} before ${t.name}`).toBeLessThan(at);
    }
    expect(order).toEqual(expect.arrayContaining(['units', 'person_periods', 'person_days', 'exposure_incidents', 'exposed_periods', 'unit_days']));
    expect(order.at(-1)).toBe('unit_days');
    expect(() => buildOrder(['no_such_table'])).toThrow(/not a table of the model catalog/);
  });
});
