import { describe, expect, it } from 'vitest';
import { fitPoisson, waldInterval } from '../../../src/stats/poisson';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  const tol = Math.max(rel * Math.abs(expected), abs);
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`expected ${expected}, got ${actual} (diff ${actual - expected}, tol ${tol})`);
  }
}

// Seeded PRNG (mulberry32) and a Poisson draw (Knuth; fine for small means).
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poissonDraw(mean: number, u: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let prod = u();
  while (prod > limit) {
    k++;
    prod *= u();
  }
  return k;
}

/** Dense Gaussian elimination with partial pivoting: solves M x = b (M is n × n, copied). */
function solveDense(M: number[][], b: number[]): number[] {
  const n = b.length;
  const a = M.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let v = a[r]![n]!;
    for (let k = r + 1; k < n; k++) v -= a[r]![k]! * x[k]!;
    x[r] = v / a[r]![r]!;
  }
  return x;
}

/**
 * The second method: plain Newton–Raphson on the full parameter vector (one dummy per group level,
 * or an intercept, followed by the covariates), with the full dense Hessian.
 */
function fullDummyNewton(y: number[], exposure: number[], X: number[][], group: number[] | null) {
  const levels = group ? Math.max(...group) + 1 : 1;
  const p = X[0]!.length;
  const q = levels + p;
  const z = X.map((row, i) => {
    const r = new Array<number>(q).fill(0);
    r[group ? group[i]! : 0] = 1;
    row.forEach((v, j) => (r[levels + j] = v));
    return r;
  });
  const theta = new Array<number>(q).fill(0);
  const ev = new Array<number>(levels).fill(0);
  const ex = new Array<number>(levels).fill(0);
  y.forEach((yi, i) => {
    ev[group ? group[i]! : 0] = ev[group ? group[i]! : 0]! + yi;
    ex[group ? group[i]! : 0] = ex[group ? group[i]! : 0]! + exposure[i]!;
  });
  for (let l = 0; l < levels; l++) theta[l] = Math.log(ev[l]! / ex[l]!);
  let H: number[][] = [];
  for (let iter = 0; iter < 100; iter++) {
    H = Array.from({ length: q }, () => new Array<number>(q).fill(0));
    const U = new Array<number>(q).fill(0);
    z.forEach((zi, i) => {
      const mu = exposure[i]! * Math.exp(zi.reduce((s, v, k) => s + v * theta[k]!, 0));
      for (let a = 0; a < q; a++) {
        U[a] = U[a]! + (y[i]! - mu) * zi[a]!;
        for (let b = 0; b < q; b++) H[a]![b] = H[a]![b]! + mu * zi[a]! * zi[b]!;
      }
    });
    const step = solveDense(H, U);
    step.forEach((s, k) => (theta[k] = theta[k]! + s));
    if (Math.max(...step.map(Math.abs)) < 1e-13) break;
  }
  // Covariance of the covariates: the matching block of H⁻¹, column by column.
  const cov = Array.from({ length: p }, (_, j) => {
    const e = new Array<number>(q).fill(0);
    e[levels + j] = 1;
    return solveDense(H, e).slice(levels);
  });
  return { alpha: theta.slice(0, levels), beta: theta.slice(levels), se: cov.map((c, j) => Math.sqrt(c[j]!)) };
}

describe('fitPoisson: closed forms', () => {
  it('(a) one binary covariate, no group: RR = (y1/E1)/(y0/E0), se = √(1/y1 + 1/y0)', () => {
    // Several cells per arm: the MLE depends only on the arm totals.
    const y = [3, 7, 2, 11, 4, 9];
    const exposure = [40, 55, 12.5, 60, 30, 20];
    const x = [0, 0, 0, 1, 1, 1];
    const fit = fitPoisson({ y, exposure, X: x.map((v) => [v]) });
    const [y0, E0, y1, E1] = [12, 107.5, 24, 110];
    expect(fit.converged).toBe(true);
    expectClose(Math.exp(fit.coefficients[0]!), y1 / E1 / (y0 / E0), 1e-10);
    expectClose(fit.standardErrors[0]!, Math.sqrt(1 / y1 + 1 / y0), 1e-8);
    expectClose(fit.intercept!, Math.log(y0 / E0), 1e-10);
    expect(fit.residualDf).toBe(6 - 1 - 1);
    expect(fit.nonEstimable).toEqual([]);
    // Fitted means are the arm rates times exposure.
    expectClose(fit.fitted[0]!, (40 * y0) / E0, 1e-10);
    expectClose(fit.fitted[5]!, (20 * y1) / E1, 1e-10);
  });

  it('(b) group + binary covariate on a balanced design', () => {
    // Every person has exposure in the exposed band equal to c = 0.5 × their unexposed exposure.
    // Then the group score equations give e^{α_g} = y_g / (E_g0 (1 + c·RR)), and the covariate's
    // score gives Y1 / Y = c·RR / (1 + c·RR), so RR = (Y1/E1)/(Y0/E0). The Schur complement is
    // Σ_g μ_g0 μ_g1 / (μ_g0 + μ_g1) = Y·π(1 − π) with π = Y1/Y, so se = √(1/Y1 + 1/Y0).
    const persons = [
      { E0: 100, y0: 5, y1: 6 },
      { E0: 40, y0: 9, y1: 2 },
      { E0: 250, y0: 1, y1: 4 },
    ];
    const y: number[] = [];
    const exposure: number[] = [];
    const X: number[][] = [];
    const group: number[] = [];
    persons.forEach((person, g) => {
      y.push(person.y0, person.y1);
      exposure.push(person.E0, person.E0 * 0.5);
      X.push([0], [1]);
      group.push(g, g);
    });
    const Y0 = 15;
    const Y1 = 12;
    const rr = (Y1 / 195) / (Y0 / 390);
    const fit = fitPoisson({ y, exposure, X, group });
    expectClose(Math.exp(fit.coefficients[0]!), rr, 1e-10);
    expectClose(fit.standardErrors[0]!, Math.sqrt(1 / Y1 + 1 / Y0), 1e-9);
    persons.forEach((person, g) => {
      expectClose(fit.groupEffects![g]!, Math.log((person.y0 + person.y1) / (person.E0 * (1 + 0.5 * rr))), 1e-10);
    });
    // Fitted: y_g·(1 − π) and y_g·π with π = Y1/Y.
    expectClose(fit.fitted[1]!, (11 * Y1) / 27, 1e-10);
    expect(fit.residualDf).toBe(6 - 1 - 3);
    expect(fit.intercept).toBeNull();
  });
});

describe('fitPoisson: against a second method', () => {
  function randomData(seed: number, levels: number, cells: number) {
    const u = rng(seed);
    const personRate = Array.from({ length: levels }, () => Math.exp(-2 + 1.5 * u()));
    const y: number[] = [];
    const exposure: number[] = [];
    const X: number[][] = [];
    const group: number[] = [];
    for (let i = 0; i < cells; i++) {
      const g = Math.floor(u() * levels);
      const band = Math.floor(u() * 3);
      const night = u() < 0.3 ? 1 : 0;
      const share = u();
      const row = [band === 1 ? 1 : 0, band === 2 ? 1 : 0, night, share];
      const e = 1 + Math.floor(u() * 30);
      const mean = e * personRate[g]! * Math.exp(0.3 * row[0]! + 0.6 * row[1]! - 0.4 * night + 0.5 * share);
      y.push(poissonDraw(mean, u));
      exposure.push(e);
      X.push(row);
      group.push(g);
    }
    // Every level must appear with an event for the plain fit to exist.
    for (let g = 0; g < levels; g++) {
      y.push(2);
      exposure.push(10);
      X.push([0, 0, 0, 0.5]);
      group.push(g);
    }
    return { y, exposure, X, group };
  }

  it('(c) block-eliminated IRLS agrees with full-dummy Newton–Raphson (with group)', () => {
    const d = randomData(20240607, 25, 700);
    const fit = fitPoisson(d);
    const ref = fullDummyNewton(d.y, d.exposure, d.X, d.group);
    expect(fit.converged).toBe(true);
    for (let j = 0; j < 4; j++) {
      expectClose(fit.coefficients[j]!, ref.beta[j]!, 1e-6, 1e-9);
      expectClose(fit.standardErrors[j]!, ref.se[j]!, 1e-6);
    }
    ref.alpha.forEach((a, g) => expectClose(fit.groupEffects![g]!, a, 1e-6, 1e-9));
  });

  it('(c) and without group, with an intercept', () => {
    const d = randomData(99, 1, 400);
    const fit = fitPoisson({ y: d.y, exposure: d.exposure, X: d.X });
    const ref = fullDummyNewton(d.y, d.exposure, d.X, null);
    for (let j = 0; j < 4; j++) {
      expectClose(fit.coefficients[j]!, ref.beta[j]!, 1e-6, 1e-9);
      expectClose(fit.standardErrors[j]!, ref.se[j]!, 1e-6);
    }
    expectClose(fit.intercept!, ref.alpha[0]!, 1e-6);
  });

  it('reads a flat row-major X the same as rows', () => {
    const d = randomData(7, 10, 200);
    const flat = Float64Array.from(d.X.flat());
    const a = fitPoisson(d);
    const b = fitPoisson({ y: d.y, exposure: d.exposure, X: flat, p: 4, group: Int32Array.from(d.group) });
    expect(b.coefficients).toEqual(a.coefficients);
    expect(b.standardErrors).toEqual(a.standardErrors);
  });

  it('(d) aggregated cells give the same estimates as row-level data', () => {
    const u = rng(42);
    const rows: { g: number; band: number; y: number }[] = [];
    for (let i = 0; i < 3000; i++) {
      const g = Math.floor(u() * 12);
      const band = Math.floor(u() * 3);
      rows.push({ g, band, y: poissonDraw(0.15 * (1 + g / 6) * (band === 2 ? 1.8 : band === 1 ? 1.3 : 1), u) });
    }
    const dummies = (band: number) => [band === 1 ? 1 : 0, band === 2 ? 1 : 0];
    const rowFit = fitPoisson({
      y: rows.map((r) => r.y),
      exposure: rows.map(() => 1),
      X: rows.map((r) => dummies(r.band)),
      group: rows.map((r) => r.g),
    });
    const cells = new Map<string, { g: number; band: number; y: number; e: number }>();
    for (const r of rows) {
      const key = `${r.g}|${r.band}`;
      const cell = cells.get(key) ?? { g: r.g, band: r.band, y: 0, e: 0 };
      cell.y += r.y;
      cell.e += 1;
      cells.set(key, cell);
    }
    const agg = [...cells.values()];
    const cellFit = fitPoisson({
      y: agg.map((c) => c.y),
      exposure: agg.map((c) => c.e),
      X: agg.map((c) => dummies(c.band)),
      group: agg.map((c) => c.g),
    });
    expect(agg.length).toBeLessThan(40);
    for (let j = 0; j < 2; j++) {
      expectClose(cellFit.coefficients[j]!, rowFit.coefficients[j]!, 1e-9, 1e-12);
      expectClose(cellFit.standardErrors[j]!, rowFit.standardErrors[j]!, 1e-9);
    }
    rowFit.groupEffects!.forEach((a, g) => expectClose(cellFit.groupEffects![g]!, a, 1e-9, 1e-12));
  });
});

describe('fitPoisson: fit statistics', () => {
  it('(e) deviance, Pearson χ² and dispersion on a hand-computed case', () => {
    // x = 0: y = 2, 6 with exposure 1 each → μ = 4; x = 1: y = 3, 9 → μ = 6.
    // Pearson = (4 + 4)/4 + (9 + 9)/6 = 5; df = 4 − 1 − 1 = 2; dispersion = 2.5.
    // Deviance = 2 Σ y ln(y/μ) (Σ(y − μ) = 0) = 2(2 ln ½ + 6 ln 1.5 + 3 ln ½ + 9 ln 1.5).
    const fit = fitPoisson({ y: [2, 6, 3, 9], exposure: [1, 1, 1, 1], X: [[0], [0], [1], [1]] });
    expectClose(fit.pearsonChiSquare, 5, 1e-12);
    expect(fit.residualDf).toBe(2);
    expectClose(fit.dispersion!, 2.5, 1e-12);
    expectClose(fit.deviance, 2 * (5 * Math.log(0.5) + 15 * Math.log(1.5)), 1e-12);
  });

  it('has no dispersion when there are no residual degrees of freedom', () => {
    const fit = fitPoisson({ y: [2, 3], exposure: [1, 1], X: [[0], [1]] });
    expect(fit.residualDf).toBe(0);
    expect(fit.dispersion).toBeNull();
  });
});

describe('fitPoisson: what cannot be estimated', () => {
  // Band dummies [one, twoPlus]; cells per person × band.
  const base = {
    y: [4, 6, 0, 3, 8, 0, 5, 2, 0],
    exposure: [50, 30, 10, 40, 35, 8, 60, 20, 5],
    X: [[0, 0], [1, 0], [0, 1], [0, 0], [1, 0], [0, 1], [0, 0], [1, 0], [0, 1]],
    group: [0, 0, 0, 1, 1, 1, 2, 2, 2],
  };

  it('(f) reports a band with no events, and fits the rest as in its limit', () => {
    const fit = fitPoisson(base);
    expect(fit.nonEstimable).toEqual([{ column: 1, reason: 'no events' }]);
    expect(fit.coefficients[1]).toBeNaN();
    expect(fit.standardErrors[1]).toBeNaN();
    expect(fit.converged).toBe(true);
    // Same as fitting without the band's cells.
    const keep = [0, 1, 3, 4, 6, 7];
    const without = fitPoisson({
      y: keep.map((i) => base.y[i]!),
      exposure: keep.map((i) => base.exposure[i]!),
      X: keep.map((i) => [base.X[i]![0]!]),
      group: keep.map((i) => base.group[i]!),
    });
    expectClose(fit.coefficients[0]!, without.coefficients[0]!, 1e-12);
    expectClose(fit.standardErrors[0]!, without.standardErrors[0]!, 1e-12);
    expect(fit.residualDf).toBe(6 - 1 - 3);
    expect(fit.fitted[2]).toBe(0);
  });

  it('reports a band with no exposure', () => {
    const fit = fitPoisson({ ...base, y: base.y.map((v, i) => (i % 3 === 2 ? 0 : v)), exposure: base.exposure.map((v, i) => (i % 3 === 2 ? 0 : v)) });
    expect(fit.nonEstimable).toEqual([{ column: 1, reason: 'no exposure' }]);
  });

  it('reports a column aliased with the group and drops it', () => {
    // A person-level constant cannot be told apart from the person effect.
    const X = base.X.map((row, i) => [row[0]!, base.group[i] === 1 ? 1 : 0]);
    const fit = fitPoisson({ ...base, X });
    expect(fit.nonEstimable).toEqual([{ column: 1, reason: 'aliased' }]);
    const withoutBand2 = fitPoisson({ ...base, X: base.X.map((row) => [row[0]!]) });
    expectClose(fit.coefficients[0]!, withoutBand2.coefficients[0]!, 1e-10);
  });

  it('reports a duplicated column as aliased', () => {
    const fit = fitPoisson({ y: [2, 6, 3, 9], exposure: [1, 2, 1, 2], X: [[0, 0], [0, 0], [1, 1], [1, 1]] });
    expect(fit.nonEstimable).toEqual([{ column: 1, reason: 'aliased' }]);
    expect(Number.isFinite(fit.coefficients[0])).toBe(true);
  });

  it('gives −∞ for a person with no events and leaves their cells out', () => {
    const y = [...base.y, 0, 0];
    const fit = fitPoisson({
      y,
      exposure: [...base.exposure, 30, 30],
      X: [...base.X, [0, 0], [1, 0]],
      group: [...base.group, 3, 3],
    });
    expect(fit.groupEffects![3]).toBe(-Infinity);
    const plain = fitPoisson(base);
    expectClose(fit.coefficients[0]!, plain.coefficients[0]!, 1e-12);
    expect(fit.residualDf).toBe(plain.residualDf);
    expect(fit.levelsUsed).toBe(3);
  });

  it('reports coefficients that run off to infinity (reference band without events)', () => {
    // No group: all events sit in x = 1 cells, so the intercept runs to −∞ and the RR to +∞.
    const fit = fitPoisson({ y: [0, 0, 3, 5], exposure: [10, 10, 10, 10], X: [[0], [0], [1], [1]] });
    expect(fit.nonEstimable).toEqual([{ column: 0, reason: 'diverged' }]);
    expect(fit.coefficients[0]).toBeNaN();
  });

  it('says so when there is nothing to fit', () => {
    const fit = fitPoisson({ y: [0, 0], exposure: [1, 1], X: [[0], [1]] });
    expect(fit.converged).toBe(false);
    expect(fit.warnings.join(' ')).toMatch(/nothing to fit/);
  });
});

describe('waldInterval', () => {
  it('widens by √dispersion only above the threshold', () => {
    const plain = waldInterval(Math.log(2), 0.1);
    expectClose(plain.lower, 2 * Math.exp(-1.959964 * 0.1), 1e-14);
    expectClose(plain.upper, 2 * Math.exp(1.959964 * 0.1), 1e-14);
    expect(plain.widened).toBe(false);
    expect(waldInterval(Math.log(2), 0.1, 1.2).widened).toBe(false);
    const wide = waldInterval(Math.log(2), 0.1, 4);
    expect(wide.widened).toBe(true);
    expectClose(wide.upper, 2 * Math.exp(1.959964 * 0.2), 1e-14);
    expectClose(wide.estimate, 2, 1e-14);
  });
});
