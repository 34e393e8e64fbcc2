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
