/**
 * Expected incidents under a change of staffing bands, from the fitted staffing model, with
 * delta-method variances over every coefficient.
 *
 * A cell c (person l, design row x_c) has fitted mean μ_c = E_c exp(α_l + x_c·β). Moving its bands
 * changes its row by Δ_c, so its counterfactual mean is μ⁰_c = μ_c exp(Δ_c·β). For the total
 * C = Σ μ⁰_c the gradient is ∂C/∂α_l = Σ_{c∈l} μ⁰_c and ∂C/∂β = Σ μ⁰_c (x_c + Δ_c); for the
 * change F = Σ μ_c − C it is the same with μ_c x_c (resp. μ_c) added and the sign turned. Both
 * variances use the full covariance of (α, β) (stats/poisson.ts deltaVariance): the fitted means
 * are estimates too, and treating them as fixed makes the interval too narrow.
 */
import { SHARE_BANDS, SHORTFALL_BANDS } from '../model/settings';
import { deltaVariance } from '../stats/poisson';
import type { ModelCell, ModelDesign } from './staffing';

/** A cell's design change as (column, ±1) terms, or why it cannot be made. Depends on its bands only. */
export type BandChange = (cell: Pick<ModelCell, 'shortfall_band' | 'agency_band'>) => [number, number][] | string;

export interface CounterfactualTotals {
  /** Σ μ_c: the model's expected incidents as staffed. */
  expected: number;
  /** Σ μ⁰_c and its delta-method variance (before any dispersion). */
  counterfactual: number;
  counterfactualVariance: number;
  /** Variance of expected − counterfactual. */
  fewerVariance: number;
}

const PAIRS = SHORTFALL_BANDS.length * SHARE_BANDS.length;
const pairOf = (c: ModelCell) => SHARE_BANDS.length * SHORTFALL_BANDS.indexOf(c.shortfall_band) + SHARE_BANDS.indexOf(c.agency_band);

/** The totals over the chosen cells (all when `indices` is null); a string when the change cannot be made. */
export function counterfactualTotals(
  cells: readonly ModelCell[],
  indices: ArrayLike<number> | null,
  d: ModelDesign,
  change: BandChange,
): CounterfactualTotals | string {
  const p = d.columns.length;
  const levels = d.blocks.levels;
  // Per pair of bands: the change's terms and exp(Δ·β), worked out once.
  const terms: ([number, number][] | null)[] = new Array(PAIRS).fill(null);
  const factor = new Float64Array(PAIRS);
  const muAlpha = new Float64Array(levels);
  const muBeta = new Float64Array(p);
  const cfAlpha = new Float64Array(levels);
  const cfBeta = new Float64Array(p);
  let expected = 0;
  let counterfactual = 0;
  const count = indices ? indices.length : cells.length;
  for (let k = 0; k < count; k++) {
    const i = indices ? indices[k]! : k;
    const mu = d.fitted[i]!;
    if (mu === 0) continue; // left out of the fit (no events in its person or band): μ and μ⁰ are 0
    const c = cells[i]!;
    const pair = pairOf(c);
    let t = terms[pair];
    if (!t) {
      const made = change(c);
      if (typeof made === 'string') return made;
      terms[pair] = t = made;
      factor[pair] = Math.exp(made.reduce((s, [j, sign]) => s + sign * d.coefficients[j]!, 0));
    }
    const mu0 = mu * factor[pair]!;
    expected += mu;
    counterfactual += mu0;
    const l = d.group[i]!;
    muAlpha[l] = muAlpha[l]! + mu;
    cfAlpha[l] = cfAlpha[l]! + mu0;
    for (let r = i * d.rowWidth; r < (i + 1) * d.rowWidth; r++) {
      const j = d.rows[r]!;
      if (j < 0) continue;
      muBeta[j] = muBeta[j]! + mu;
      cfBeta[j] = cfBeta[j]! + mu0;
    }
    for (const [j, sign] of t) cfBeta[j] = cfBeta[j]! + sign * mu0;
  }
  const fewerAlpha = muAlpha.map((m, l) => m - cfAlpha[l]!);
  const fewerBeta = muBeta.map((m, j) => m - cfBeta[j]!);
  return {
    expected,
    counterfactual,
    counterfactualVariance: deltaVariance(d.blocks, d.covariance, cfAlpha, cfBeta),
    fewerVariance: deltaVariance(d.blocks, d.covariance, fewerAlpha, fewerBeta),
  };
}

/** counterfactualTotals for each change, over the chosen cells and over each person's among them. */
export interface TotalsEach {
  all: (CounterfactualTotals | string)[];
  /** By the person's level in the design (ModelDesign.group). */
  byLevel: Map<number, (CounterfactualTotals | string)[]>;
}

/** One person's running sums (their α is the only one their cells touch). */
interface LevelSums {
  failed: (string | null)[];
  expected: number;
  muAlpha: number;
  muBeta: Float64Array;
  counterfactual: Float64Array;
  cfAlpha: Float64Array;
  /** changes × p. */
  cfBeta: Float64Array;
}

/**
 * What counterfactualTotals gives for each of `changes`, over the chosen cells (`all`) and over
 * each person's cells among them (`byLevel`), in one pass over the cells instead of one per
 * change and person (what if for 500 people made 1,500 passes). Every sum takes the same terms in
 * the same order as counterfactualTotals does, so the numbers are the same to the last bit
 * (tests/unit/analysis/whatIfEach.test.ts).
 */
export function counterfactualTotalsEach(cells: readonly ModelCell[], indices: ArrayLike<number>, d: ModelDesign, changes: readonly BandChange[]): TotalsEach {
  const p = d.columns.length;
  const levels = d.blocks.levels;
  const S = changes.length;
  // Per change and pair of bands: its terms (or why not) and exp(Δ·β), worked out when first met.
  const made: ([number, number][] | string | undefined)[][] = changes.map(() => new Array(PAIRS));
  const factor = changes.map(() => new Float64Array(PAIRS));
  const termsOf = (s: number, pair: number, c: ModelCell) => {
    let t = made[s]![pair];
    if (t === undefined) {
      t = made[s]![pair] = changes[s]!(c);
      if (typeof t !== 'string') factor[s]![pair] = Math.exp(t.reduce((x, [j, sign]) => x + sign * d.coefficients[j]!, 0));
    }
    return t;
  };
  const failed: (string | null)[] = new Array(S).fill(null);
  let expected = 0;
  const counterfactual = new Float64Array(S);
  const muAlpha = new Float64Array(levels);
  const muBeta = new Float64Array(p);
  const cfAlpha = changes.map(() => new Float64Array(levels));
  const cfBeta = changes.map(() => new Float64Array(p));
  const byLevel = new Map<number, LevelSums>();
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const mu = d.fitted[i]!;
    if (mu === 0) continue; // left out of the fit: μ and μ⁰ are 0
    const c = cells[i]!;
    const pair = pairOf(c);
    const l = d.group[i]!;
    let g = byLevel.get(l);
    if (!g) {
      g = { failed: new Array(S).fill(null), expected: 0, muAlpha: 0, muBeta: new Float64Array(p), counterfactual: new Float64Array(S), cfAlpha: new Float64Array(S), cfBeta: new Float64Array(S * p) };
      byLevel.set(l, g);
    }
    expected += mu;
    g.expected += mu;
    muAlpha[l] = muAlpha[l]! + mu;
    g.muAlpha += mu;
    const row0 = i * d.rowWidth;
    for (let r = row0; r < row0 + d.rowWidth; r++) {
      const j = d.rows[r]!;
      if (j < 0) continue;
      muBeta[j] = muBeta[j]! + mu;
      g.muBeta[j] = g.muBeta[j]! + mu;
    }
    for (let s = 0; s < S; s++) {
      const t = termsOf(s, pair, c);
      if (typeof t === 'string') {
        failed[s] ??= t;
        g.failed[s] ??= t;
        continue;
      }
      const mu0 = mu * factor[s]![pair]!;
      if (failed[s] === null) {
        counterfactual[s] = counterfactual[s]! + mu0;
        const a = cfAlpha[s]!;
        const b = cfBeta[s]!;
        a[l] = a[l]! + mu0;
        for (let r = row0; r < row0 + d.rowWidth; r++) {
          const j = d.rows[r]!;
          if (j >= 0) b[j] = b[j]! + mu0;
        }
        for (const [j, sign] of t) b[j] = b[j]! + sign * mu0;
      }
      if (g.failed[s] === null) {
        g.counterfactual[s] = g.counterfactual[s]! + mu0;
        g.cfAlpha[s] = g.cfAlpha[s]! + mu0;
        const b = g.cfBeta;
        for (let r = row0; r < row0 + d.rowWidth; r++) {
          const j = d.rows[r]!;
          if (j >= 0) b[s * p + j] = b[s * p + j]! + mu0;
        }
        for (const [j, sign] of t) b[s * p + j] = b[s * p + j]! + sign * mu0;
      }
    }
  }
  const totals = (alpha: ArrayLike<number>, cfA: ArrayLike<number>, beta: Float64Array, cfB: Float64Array, ex: number, cf: number, levelsOf: (a: Float64Array) => ArrayLike<number>) => {
    const fewerAlpha = Float64Array.from({ length: alpha.length }, (_, x) => alpha[x]! - cfA[x]!);
    const fewerBeta = beta.map((m, j) => m - cfB[j]!);
    return {
      expected: ex,
      counterfactual: cf,
      counterfactualVariance: deltaVariance(d.blocks, d.covariance, levelsOf(Float64Array.from(cfA)), cfB),
      fewerVariance: deltaVariance(d.blocks, d.covariance, levelsOf(fewerAlpha), fewerBeta),
    };
  };
  const all = changes.map((_, s) => failed[s] ?? totals(muAlpha, cfAlpha[s]!, muBeta, cfBeta[s]!, expected, counterfactual[s]!, (a) => a));
  const out = new Map<number, (CounterfactualTotals | string)[]>();
  for (const [l, g] of byLevel) {
    // Only this person's α has a gradient: the other levels are 0, as in counterfactualTotals.
    const atLevel = (a: Float64Array): ArrayLike<number> => ({ length: levels, [l]: a[0]! });
    out.set(
      l,
      changes.map((_, s) => g.failed[s] ?? totals([g.muAlpha], [g.cfAlpha[s]!], g.muBeta, g.cfBeta.slice(s * p, (s + 1) * p), g.expected, g.counterfactual[s]!, atLevel)),
    );
  }
  return { all, byLevel: out };
}
