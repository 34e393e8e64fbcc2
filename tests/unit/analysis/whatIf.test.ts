/**
 * What if: counterfactual incidents from the staffing model. On noiseless cells (counts equal to
 * their expected values) the fit returns the true coefficients, so each counterfactual can be
 * worked out from the planted truth alone; the delta-method interval is checked against the
 * closed form for a one-band change and against the staffing analysis's own excess formula.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { fitStaffingModel, staffingAnalysis, type ModelCell } from '../../../src/analysis/staffing';
import { NO_FILTERS } from '../../../src/analysis/types';
import { whatIfAnalysis, whatIfFromCells, type WhatIfResult } from '../../../src/analysis/whatIf';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { Z95 } from '../../../src/stats/intervals';
import { sampleServiceDb } from '../helpers/sampleService';
import { modelOf } from '../helpers/model';

const truth = { one: Math.log(1.5), twoPlus: Math.log(2.5), upTo25: Math.log(1.2), from25To50: Math.log(1.4), over50: Math.log(1.8), late: 0.3, night: -0.7, weekday: 0.05 };
const personEffect = [Math.log(0.1), Math.log(0.05), Math.log(0.2)];
const SF = ['none', 'one', 'twoPlus'] as const;
const AG = ['none', 'upTo25', 'from25To50', 'over50'] as const;
const cells: ModelCell[] = [];
personEffect.forEach((a, p) =>
  SF.forEach((sf) =>
    AG.forEach((ag) =>
      [0, 1, 2].forEach((shift_index) =>
        [1, 2, 3, 4, 5, 6, 7].forEach((weekday) => {
          const n = 5 + ((p * 7 + shift_index * 3 + weekday) % 11);
          const eta =
            a + (sf === 'none' ? 0 : truth[sf]) + (ag === 'none' ? 0 : truth[ag]) +
            (shift_index === 1 ? truth.late : shift_index === 2 ? truth.night : 0) + (weekday - 1) * truth.weekday;
          cells.push({ person_idx: p + 10, shortfall_band: sf, agency_band: ag, shift_index, weekday, n, y: n * Math.exp(eta) });
        }),
      ),
    ),
  ),
);
const sfLog = (c: ModelCell) => (c.shortfall_band === 'none' ? 0 : truth[c.shortfall_band]);
const agLog = (b: ModelCell['agency_band']) => (b === 'none' ? 0 : truth[b]);
const sum = (xs: ModelCell[], f: (c: ModelCell) => number) => xs.reduce((t, c) => t + f(c), 0);

describe('what if, on noiseless cells', () => {
  const people = [10, 11, 12].map((i) => ({ person_idx: i, personId: `P${i}`, label: `Person ${i}` }));
  const r = whatIfFromCells(cells, DEFAULT_SETTINGS, { people });

  it('expects, had every period been fully staffed, each short cell\'s count divided by its rate ratio', () => {
    const observed = sum(cells, (c) => c.y);
    const counterfactual = sum(cells, (c) => c.y * Math.exp(-sfLog(c)));
    const s = r.scenarios.fullStaffing;
    expect(s.observed).toBeCloseTo(observed, 8);
    expect(s.expected).toBeCloseTo(observed, 6);
    expect(s.counterfactual!.estimate).toBeCloseTo(counterfactual, 6);
    expect(s.fewer!.estimate).toBeCloseTo(observed - counterfactual, 6);
  });

  it('matches the staffing analysis\'s excess, computed from band totals, interval included', () => {
    const excess = fitStaffingModel(cells, DEFAULT_SETTINGS).excess!;
    const fewer = r.scenarios.fullStaffing.fewer!;
    expect(fewer.estimate).toBeCloseTo(excess.estimate, 6);
    expect(fewer.lower).toBeCloseTo(excess.lower, 6);
    expect(fewer.upper).toBeCloseTo(excess.upper, 6);
  });

  it('moves agency bands above the cap down to it', () => {
    // Cap at 25 %: from25To50 and over50 cells take the upTo25 rate ratio.
    const capped = (c: ModelCell) => (c.agency_band === 'from25To50' || c.agency_band === 'over50' ? truth.upTo25 - agLog(c.agency_band) : 0);
    expect(r.agencyCap).toBe('upTo25');
    expect(r.scenarios.agencyCap.counterfactual!.estimate).toBeCloseTo(sum(cells, (c) => c.y * Math.exp(capped(c))), 6);
    expect(r.scenarios.both.counterfactual!.estimate).toBeCloseTo(sum(cells, (c) => c.y * Math.exp(capped(c) - sfLog(c))), 6);
    // No agency at all: every band to none.
    const none = whatIfFromCells(cells, DEFAULT_SETTINGS, { agencyCap: 'none' });
    expect(none.scenarios.agencyCap.counterfactual!.estimate).toBeCloseTo(sum(cells, (c) => c.y * Math.exp(-agLog(c.agency_band))), 6);
    expect(none.scenarios.agencyCap.sentence).toMatch(/^About \d+ more incidents happened than periods with no agency staff would predict .*If the link is causal, having no agency staff would have meant about that many fewer\./);
  });

  it('gives the delta-method interval of a one-band change from the full covariance, person effects included', () => {
    // Cap at 50 %: only over50 cells change, by β_from25To50 − β_over50. Brute force: the full
    // information matrix of (α_person, β), Σ μ_c z_c z_cᵀ, inverted here; gradient of the
    // counterfactual total C = Σ μ⁰_c z⁰_c, z⁰ the changed row.
    const m = fitStaffingModel(cells, DEFAULT_SETTINGS);
    const d = m.design!;
    const p = d.columns.length;
    const q = d.blocks.levels + p;
    const z = (i: number, swap: boolean) => {
      const v = new Array<number>(q).fill(0);
      v[d.group[i]!] = 1;
      for (let k = 0; k < d.rowWidth; k++) {
        const j = d.rows[i * d.rowWidth + k]!;
        if (j >= 0) v[d.blocks.levels + j] = 1;
      }
      if (swap && cells[i]!.agency_band === 'over50') {
        v[d.blocks.levels + d.columns.indexOf('agency:over50')] = 0;
        v[d.blocks.levels + d.columns.indexOf('agency:from25To50')] = 1;
      }
      return v;
    };
    const info = Array.from({ length: q }, () => new Array<number>(q).fill(0));
    const g = new Array<number>(q).fill(0);
    let C = 0;
    cells.forEach((c, i) => {
      const mu = d.fitted[i]!;
      const zi = z(i, false);
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) info[a]![b]! += mu * zi[a]! * zi[b]!;
      const mu0 = c.agency_band === 'over50' ? mu * Math.exp(truth.from25To50 - truth.over50) : mu;
      C += mu0;
      z(i, true).forEach((v, a) => (g[a]! += mu0 * v));
    });
    const V = invert(info);
    let variance = 0;
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) variance += g[a]! * g[b]! * V[a]![b]!;
    const s = whatIfFromCells(cells, DEFAULT_SETTINGS, { agencyCap: 'from25To50' }).scenarios.agencyCap;
    expect(s.counterfactual!.estimate).toBeCloseTo(C, 6);
    expect(s.counterfactual!.upper - s.counterfactual!.estimate).toBeCloseTo(Z95 * Math.sqrt(variance), 8);
  });

  it('projects each person\'s own cells, and the people add up to the whole', () => {
    const p11 = cells.filter((c) => c.person_idx === 11);
    const row = r.people.find((p) => p.personId === 'P11')!;
    expect(row.observed).toBeCloseTo(sum(p11, (c) => c.y), 8);
    expect(row.fullStaffing!.estimate).toBeCloseTo(sum(p11, (c) => c.y * Math.exp(-sfLog(c))), 6);
    const total = r.people.reduce((t, p) => t + p.fullStaffing!.estimate, 0);
    expect(total).toBeCloseTo(r.scenarios.fullStaffing.counterfactual!.estimate, 6);
    const one = whatIfFromCells(cells, DEFAULT_SETTINGS, { people: [people[1]!], personLabel: 'Person 11' });
    expect(one.scenarios.fullStaffing.observed).toBeCloseTo(row.observed, 8);
    expect(one.sentence).toMatch(/^For Person 11, about \d+ more incidents happened than fully staffed periods would predict \(95 % CI \d+ to \d+\)/);
  });

  it('says why a scenario cannot be estimated', () => {
    // Without fully staffed periods there is no model; without periods free of agency staff, no cap at none.
    const noNone = whatIfFromCells(cells.filter((c) => c.shortfall_band !== 'none'), DEFAULT_SETTINGS);
    expect(noNone.scenarios.fullStaffing.counterfactual).toBeNull();
    expect(noNone.sentence).toMatch(/No fully staffed periods/);
    const allAgency = whatIfFromCells(cells.filter((c) => c.agency_band !== 'none'), DEFAULT_SETTINGS, { agencyCap: 'none' });
    expect(allAgency.scenarios.agencyCap.counterfactual).toBeNull();
    expect(allAgency.scenarios.agencyCap.message).toMatch(/no periods with agency share none/i);
    // Full staffing still works: its reference is unaffected.
    expect(allAgency.scenarios.fullStaffing.counterfactual).not.toBeNull();
  });
});

describe('what if on the sample service', () => {
  let db: Connector;
  let r: WhatIfResult;
  beforeAll(async () => {
    db = await sampleServiceDb();
    r = await whatIfAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
  });
  afterAll(() => db.close());

  it('expects fewer incidents with full staffing, the interval excluding none fewer (planted shortfall RR 1.6 and 2.4)', () => {
    const s = r.scenarios.fullStaffing;
    expect(s.counterfactual!.estimate).toBeLessThan(s.observed);
    expect(s.fewer!.lower).toBeGreaterThan(0);
    expect(s.counterfactual!.upper).toBeLessThan(s.expected);
    expect(r.sentence).toMatch(/^About \d+ more incidents happened than fully staffed periods would predict \(95 % CI \d+ to \d+\), out of [\d,]+ recorded\. If the link is causal, full staffing would have meant about that many fewer\.$/);
    // Planted agency effects (1.2, 1.5, 1.8) too: capping agency share should also lower the count.
    expect(r.scenarios.agencyCap.fewer!.lower).toBeGreaterThan(0);
    expect(r.scenarios.both.fewer!.estimate).toBeGreaterThan(s.fewer!.estimate);
  });

  it('agrees with the staffing analysis\'s excess on the same data', async () => {
    const staffing = await staffingAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    expect(r.scenarios.fullStaffing.fewer!.estimate).toBeCloseTo(staffing.excessIncidents!.estimate, 4);
    expect(r.scenarios.fullStaffing.observed + r.incidentsOutsideModel).toBe(staffing.exposure.incidents);
  });

  it('projects one person with the service-wide rate ratios', async () => {
    const p = await whatIfAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P003' }, DEFAULT_SETTINGS);
    const row = r.people.find((x) => x.personId === 'P003')!;
    expect(p.people).toHaveLength(1);
    expect(p.scenarios.fullStaffing.observed).toBe(row.observed);
    expect(p.scenarios.fullStaffing.counterfactual!.estimate).toBeCloseTo(row.fullStaffing!.estimate, 8);
    expect(p.rateRatios).toEqual(r.rateRatios);
    expect(p.sentence).toMatch(/^For Person [0-9A-F]{6}, about \d+ more incidents happened than fully staffed periods would predict/);
    // P003 lives on Oak: with the Willow filter there is nothing of theirs to project.
    const elsewhere = await whatIfAnalysis(modelOf(db), { ...NO_FILTERS, personId: 'P003', unit: 'Willow' }, DEFAULT_SETTINGS);
    expect(elsewhere.scenarios.fullStaffing.counterfactual).toBeNull();
    expect(elsewhere.sentence).toMatch(/no periods with known staffing/);
  });
});

/** Gauss–Jordan inverse with partial pivoting (a small dense matrix). */
function invert(M: number[][]): number[][] {
  const n = M.length;
  const a = M.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const d = a[c]![c]!;
    for (let k = 0; k < 2 * n; k++) a[c]![k]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      if (f !== 0) for (let k = 0; k < 2 * n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row) => row.slice(n));
}
