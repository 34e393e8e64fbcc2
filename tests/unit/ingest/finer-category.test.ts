/**
 * A category and its sub-category (issue 13): an incident listing with "Category" (Violence &
 * Aggression / Self harm) and "Sub-category" (assault on staff, verbal abuse, self-harm …) holds
 * the behaviour in the sub-category — each sub-category value falls under one category, and
 * there are more of them. What a person expects, written before the rule:
 *   - nested, finer column present → behaviour type from the finer one, with why;
 *   - two columns that do not nest (a type and an unrelated grouping) → the header ranking stands;
 *   - the finer column mostly blank → the filled coarse column stands;
 *   - a "Sub-category" that only repeats the category (no finer) → the header ranking stands.
 */
import { describe, expect, it } from 'vitest';
import { proposeMapping } from '../../../src/ingest/headers';

const HEAD = ['Ref', 'Date', 'Time', 'Ward', 'Patient', 'Category', 'Sub-category'];
function rows(pairs: [string, string][]): string[][] {
  return [HEAD, ...pairs.map(([c, s], i) => [`IN${100 + i}`, `0${1 + (i % 9)}/05/2025`, `1${i % 10}:00`, 'Oak Ward', `P00${1 + (i % 4)}`, c, s])];
}
const behaviourColumn = (r: string[][]) => {
  const p = proposeMapping({ rows: r, format: 'delimited', kind: 'incidents' });
  if (!p.ok) throw new Error(p.message);
  const src = p.mapping.fields.behaviour_type?.source;
  return { column: src && src.from === 'column' ? src.column : null, why: p.why.behaviour_type ?? '' };
};

describe('behaviour type from the finer of a category and its sub-category', () => {
  it('takes the sub-category when its values nest under the category and are more', () => {
    const got = behaviourColumn(
      rows([
        ['Violence & Aggression', 'Assault on staff'], ['Violence & Aggression', 'Verbal abuse'], ['Self harm', 'Cutting'],
        ['Violence & Aggression', 'Damage to property'], ['Self harm', 'Head banging'], ['Violence & Aggression', 'Assault on staff'],
        ['Violence & Aggression', 'Verbal abuse'], ['Self harm', 'Cutting'],
      ]),
    );
    expect(got.column).toBe('Sub-category');
    expect(got.why).toMatch(/finer/);
  });

  it('keeps the header ranking when the two do not nest', () => {
    const got = behaviourColumn(
      rows([
        ['Violence & Aggression', 'Morning'], ['Self harm', 'Morning'], ['Violence & Aggression', 'Evening'],
        ['Self harm', 'Night'], ['Violence & Aggression', 'Night'], ['Self harm', 'Evening'],
      ]),
    );
    expect(got.column).toBe('Category');
  });

  it('keeps the category when the sub-category is mostly blank', () => {
    const got = behaviourColumn(
      rows([
        ['Violence & Aggression', 'Assault on staff'], ['Self harm', ''], ['Violence & Aggression', ''], ['Self harm', ''],
        ['Verbal aggression', ''], ['Absconding', ''],
      ]),
    );
    expect(got.column).toBe('Category');
  });

  it('keeps the header ranking when the sub-category is no finer', () => {
    const got = behaviourColumn(
      rows([
        ['Violence & Aggression', 'Violence'], ['Self harm', 'Self-harm'], ['Violence & Aggression', 'Violence'], ['Self harm', 'Self-harm'],
      ]),
    );
    expect(got.column).toBe('Category');
  });
});
