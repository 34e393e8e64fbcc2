/**
 * The contingency-space comparison of ABC records: how much more (or less) often outcome B is
 * recorded when A is, P(B | A) / P(B), with an exact interval.
 *
 * Given the m incidents with outcome B, the number a that also had A is binomial under the exact
 * conditional (Poisson) model that R's poisson.test uses to compare the rate of B among the nA
 * incidents with A against the rest: a ~ Binomial(m, π), π = nA·p₁ / (nA·p₁ + (N − nA)·p₂).
 * P(B | A) / P(B) = (a / nA) / (m / N) = (a / m) · N / nA, so the Clopper–Pearson interval for
 * a / m, times N / nA, is the interval for the ratio (the same as poisson.test's interval for
 * p₁ / p₂, carried over by the monotone map r ↦ r·N / (r·nA + N − nA)). Each incident has one
 * value, so the counts are binomial, not Poisson; with both margins fixed a is hypergeometric,
 * less variable than the binomial: the interval errs on the wide side (conservative).
 */
import { clopperPearson } from './rateRatio';

export interface ConditionalRatio {
  /** P(B | A) = a / nA. */
  pGiven: number;
  /** P(B) = m / N. */
  pOverall: number;
  /** P(B | A) / P(B); null when B never happens (m = 0). */
  ratio: number | null;
  /** 95 % interval; null without a comparison (m = 0, or every incident had A). */
  lower: number | null;
  upper: number | null;
}

/** a incidents with A and B, nA with A, m with B, N in all (0 ≤ a ≤ min(nA, m), nA > 0). */
export function conditionalRatio(a: number, nA: number, m: number, N: number, level = 0.95): ConditionalRatio {
  if (!(nA > 0 && N >= nA && m >= a && nA >= a && a >= 0 && N >= m)) {
    throw new RangeError(`need 0 ≤ a ≤ min(nA, m), 0 < nA ≤ N and m ≤ N; got a ${a}, nA ${nA}, m ${m}, N ${N}`);
  }
  const pGiven = a / nA;
  const pOverall = m / N;
  if (m === 0) return { pGiven, pOverall, ratio: null, lower: null, upper: null };
  const ratio = pGiven / pOverall;
  if (nA === N) return { pGiven, pOverall, ratio, lower: null, upper: null };
  const ci = clopperPearson(a, m, level);
  return { pGiven, pOverall, ratio, lower: (ci.lower * N) / nA, upper: (ci.upper * N) / nA };
}
