/**
 * A page's kept answers (src/ui/keptAnswers.ts): a selection asked again is answered with the
 * answer computed for it, only while the Model's token, the data version, every filter and the
 * page's own controls are what they were; a failed answer is asked again; the oldest goes first.
 */
import { describe, expect, it } from 'vitest';
import { NO_FILTERS, type Filters } from '../../../src/analysis/types';
import { KeptAnswers, type AnswerSource } from '../../../src/ui/keptAnswers';

describe('kept answers', () => {
  it('answers a selection asked again with its own answer, and any other selection afresh', async () => {
    const kept = new KeptAnswers<{ f: Filters; n: number }>();
    const source: AnswerSource = { model: { version: 1 } };
    let calls = 0;
    const get = (f: Filters, deps: unknown[] = [], dataVersion = 1) =>
      kept.get(source, dataVersion, f, deps, () => Promise.resolve({ f, n: ++calls }));
    const all = await get(NO_FILTERS);
    const oak = await get({ ...NO_FILTERS, unit: 'Oak' });
    expect(await get({ ...NO_FILTERS })).toBe(all);
    expect(await get({ ...NO_FILTERS, unit: 'Oak' })).toBe(oak);
    // Each filter, the page's controls and the data version tell selections apart.
    for (const f of [{ unit: 'Willow' }, { personId: 'P001' }, { from: '2024-01-01' }, { to: '2024-12-31' }]) {
      const r = await get({ ...NO_FILTERS, ...f });
      expect(r.f).toEqual({ ...NO_FILTERS, ...f });
      expect(r).not.toBe(all);
    }
    expect(await get(NO_FILTERS, [0.8])).not.toBe(all);
    expect(await get(NO_FILTERS, [], 2)).not.toBe(all);
    expect(calls).toBe(8);
  });

  it('asks again once the Model has changed (an import, aliases, settings), or for another engine', async () => {
    const kept = new KeptAnswers<number>();
    let calls = 0;
    const run = () => Promise.resolve(++calls);
    const source = { model: { version: 1 } };
    expect(await kept.get(source, 1, NO_FILTERS, [], run)).toBe(1);
    expect(await kept.get(source, 1, NO_FILTERS, [], run)).toBe(1);
    source.model.version = 2;
    expect(await kept.get(source, 1, NO_FILTERS, [], run)).toBe(2);
    expect(await kept.get({ model: { version: 2 } }, 1, NO_FILTERS, [], run)).toBe(3);
  });

  it('keeps no failure, nothing for controls that are not plain values, and only the last few', async () => {
    const kept = new KeptAnswers<number>(2);
    const source = { model: { version: 1 } };
    let calls = 0;
    const run = () => Promise.resolve(++calls);
    await expect(kept.get(source, 1, NO_FILTERS, [], () => Promise.reject(new Error('worker gone')))).rejects.toThrow('worker gone');
    await Promise.resolve();
    expect(await kept.get(source, 1, NO_FILTERS, [], run)).toBe(1);
    expect(await kept.get(source, 1, NO_FILTERS, [{ breaks: [] }], run)).toBe(2);
    expect(await kept.get(source, 1, NO_FILTERS, [{ breaks: [] }], run)).toBe(3);
    // Two kept: all (1), then Oak and Willow push it out.
    expect(await kept.get(source, 1, { ...NO_FILTERS, unit: 'Oak' }, [], run)).toBe(4);
    expect(await kept.get(source, 1, NO_FILTERS, [], run)).toBe(1);
    expect(await kept.get(source, 1, { ...NO_FILTERS, unit: 'Willow' }, [], run)).toBe(5);
    expect(await kept.get(source, 1, { ...NO_FILTERS, unit: 'Oak' }, [], run)).toBe(6);
    expect(await kept.get(source, 1, { ...NO_FILTERS, unit: 'Willow' }, [], run)).toBe(5);
  });
});
