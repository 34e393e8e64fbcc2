/**
 * What if's totals in one pass (counterfactualTotalsEach) against the pass per scenario and
 * person it replaced (counterfactualTotals, kept for the staffing excess): the same numbers to the
 * last bit, for the selection and for every person, on the sample service's model and on cells
 * planted to reach every branch — people interleaved in the cell order, a person with no
 * incidents (every cell out of the fit), a band whose rate ratio is not estimable (the change
 * cannot be made: the same message, the first met), agency caps below the reference band.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { counterfactualTotals, counterfactualTotalsEach, type BandChange } from '../../../src/analysis/counterfactual';
import { fitStaffingModel, staffingModel, type ModelCell, type ModelDesign } from '../../../src/analysis/staffing';
import { NO_FILTERS } from '../../../src/analysis/types';
import { whatIfFromCells } from '../../../src/analysis/whatIf';
import { DEFAULT_SETTINGS, SHARE_BANDS, type ShareBand } from '../../../src/model/settings';
import { sampleServiceDb } from '../helpers/sampleService';
import { modelOf } from '../helpers/model';

/** The design changes of what if's scenarios, written out here as the test's own (full staffing, the cap, both). */
function changes(d: ModelDesign, cap: ShareBand): BandChange[] {
  const col = (name: string) => d.columns.indexOf(name);
  const usable = (j: number) => j >= 0 && Number.isFinite(d.coefficients[j]!);
  const shortfall: BandChange = (c) => {
    if (c.shortfall_band === 'none') return [];
    const j = col(`shortfall:${c.shortfall_band}`);
    return usable(j) ? [[j, -1]] : `no rate ratio for ${c.shortfall_band}`;
  };
  const agency: BandChange = (c) => {
    if (SHARE_BANDS.indexOf(c.agency_band) <= SHARE_BANDS.indexOf(cap)) return [];
    if (SHARE_BANDS.indexOf(cap) < SHARE_BANDS.indexOf(d.agencyReference)) return 'cap below the reference';
    const from = col(`agency:${c.agency_band}`);
    if (!usable(from)) return `no rate ratio for ${c.agency_band}`;
    if (cap === d.agencyReference) return [[from, -1]];
    const to = col(`agency:${cap}`);
    return usable(to) ? [[from, -1], [to, 1]] : `no rate ratio for ${cap}`;
  };
  const both: BandChange = (c) => {
    const a = shortfall(c);
    const b = agency(c);
    return typeof a === 'string' ? a : typeof b === 'string' ? b : [...a, ...b];
  };
  // A change that cannot be made for some cells in the fit: the message of the first met (each pair of bands its own).
  const failsOnOne: BandChange = (c) => (c.shortfall_band === 'one' ? `fails at one, ${c.agency_band}` : []);
  return [shortfall, agency, both, failsOnOne];
}

/** Each change over all the cells and over each person's, one pass per change and person: what what if did before. */
function onePassEach(cells: ModelCell[], d: ModelDesign, cs: BandChange[]) {
  const all = cells.map((_, i) => i);
  const byLevel = new Map<number, number[]>();
  all.forEach((i) => {
    const l = d.group[i]!;
    if (!byLevel.has(l)) byLevel.set(l, []);
    byLevel.get(l)!.push(i);
  });
  return {
    all: cs.map((c) => counterfactualTotals(cells, all, d, c)),
    byLevel: new Map([...byLevel].map(([l, idx]) => [l, cs.map((c) => counterfactualTotals(cells, idx, d, c))])),
  };
}

function expectSame(cells: ModelCell[], d: ModelDesign, cap: ShareBand) {
  const cs = changes(d, cap);
  const before = onePassEach(cells, d, cs);
  const after = counterfactualTotalsEach(cells, cells.map((_, i) => i), d, cs);
  expect(after.all).toEqual(before.all);
  // A person whose cells are all out of the fit has no entry: their totals are all 0.
  for (const [l, totals] of before.byLevel) {
    const got = after.byLevel.get(l) ?? cs.map(() => ({ expected: 0, counterfactual: 0, counterfactualVariance: 0, fewerVariance: 0 }));
    expect({ l, got }).toEqual({ l, got: totals });
  }
  return { before, after };
}

/** Planted cells: four people, their cells interleaved; P13 has no incidents; no incident in any twoPlus cell. */
function planted(): ModelCell[] {
  const cells: ModelCell[] = [];
  const SF = ['none', 'one', 'twoPlus'] as const;
  const AG = ['none', 'upTo25', 'from25To50', 'over50'] as const;
  for (const shift_index of [0, 1, 2]) {
    for (const weekday of [1, 3, 5, 7]) {
      for (const sf of SF) {
        for (const ag of AG) {
          for (const person of [10, 11, 12, 13]) {
            const n = 3 + ((person + shift_index * 5 + weekday * 3 + SF.indexOf(sf) + AG.indexOf(ag)) % 7);
            const y = person === 13 || sf === 'twoPlus' ? 0 : (person + weekday + shift_index * 2 + AG.indexOf(ag)) % 4;
            cells.push({ person_idx: person, shortfall_band: sf, agency_band: ag, shift_index, weekday, n, y });
          }
        }
      }
    }
  }
  return cells;
}

describe('what if in one pass gives what a pass per scenario and person gave', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await sampleServiceDb();
  });
  afterAll(() => db.close());

  it.each(SHARE_BANDS.slice(0, 3).map((b) => [b] as const))('on the sample service, agency capped at %s', async (cap) => {
    const { cells, model } = await staffingModel(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    expect(model.design).not.toBeNull();
    const { after } = expectSame(cells, model.design!, cap);
    expect(after.byLevel.size).toBeGreaterThan(1);
    expect(after.all.slice(0, 3).every((t) => typeof t !== 'string')).toBe(true);
  });

  it.each(SHARE_BANDS.slice(0, 3).map((b) => [b] as const))('on planted cells with a person without incidents and a band without a rate ratio, capped at %s', (cap) => {
    const cells = planted();
    const model = fitStaffingModel(cells, DEFAULT_SETTINGS);
    const d = model.design!;
    expect(Number.isFinite(d.coefficients[d.columns.indexOf('shortfall:twoPlus')]!)).toBe(false);
    const { before } = expectSame(cells, d, cap);
    // The branches were reached: a change that cannot be made, for the selection and for a person
    // (the message of the first cell met), and a person with no incidents (totals of 0).
    expect(before.all[3]).toMatch(/^fails at one, /);
    const first = cells.find((c) => c.person_idx === 11 && c.shortfall_band === 'one' && c.y > 0)!;
    expect(typeof before.byLevel.get(d.group[cells.indexOf(first)]!)![3]).toBe('string');
    const nobody = before.byLevel.get(d.group[cells.findIndex((c) => c.person_idx === 13)]!)!;
    expect(nobody[0]).toEqual({ expected: 0, counterfactual: 0, counterfactualVariance: 0, fewerVariance: 0 });
  });

  it('leaves every person\'s numbers in whatIfFromCells as they were', () => {
    const cells = planted().filter((c) => c.shortfall_band !== 'twoPlus');
    const model = fitStaffingModel(cells, DEFAULT_SETTINGS);
    const d = model.design!;
    const people = [10, 11, 12, 13].map((i) => ({ person_idx: i, personId: `P${i}`, label: `Person ${i}` }));
    const r = whatIfFromCells(cells, DEFAULT_SETTINGS, { people, model });
    const before = onePassEach(cells, d, changes(d, 'upTo25').slice(0, 3));
    for (const p of r.people) {
      const level = d.group[cells.findIndex((c) => c.person_idx === Number(p.personId.slice(1)))]!;
      const totals = before.byLevel.get(level)!;
      for (const [k, s] of [['fullStaffing', 0], ['agencyCap', 1], ['both', 2]] as const) {
        const t = totals[s]!;
        expect(typeof t).not.toBe('string');
        if (typeof t === 'string') continue;
        expect(p[k]?.estimate).toBe(t.counterfactual);
      }
    }
  });
});
