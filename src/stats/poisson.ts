/**
 * Poisson regression with a log link and log-exposure offset, fitted by Newton–Raphson (= IRLS for
 * this canonical link) on aggregated cells. An optional group factor (e.g. person) is absorbed: its
 * effects are eliminated block-wise, so the work per iteration is one pass over the cells plus a
 * p × p solve, never a (levels + p)-square system.
 *
 *   log μ_i = log E_i + α_{g(i)} + x_i·β        (a single α, the intercept, when there is no group)
 *
 * The information matrix is [[D, B], [Bᵀ, A]] with D diagonal (one entry per level), so
 * Cov(β) = (A − Bᵀ D⁻¹ B)⁻¹ and the Newton step for α follows from the one for β.
 */
import { Z95 } from './intervals';

export interface PoissonInput {
  /** Event counts per cell. */
  y: Float64Array | number[];
  /** Exposure per cell (e.g. person-periods); the offset is its log. Cells with exposure ≤ 0 are left out. */
  exposure: Float64Array | number[];
  /** Covariates without an intercept column: one array per cell, or flat row-major with `p` columns. */
  X: number[][] | Float64Array;
  /** Number of columns when X is flat. */
  p?: number;
  /** Absorbed factor, coded 0 … levels − 1. Without it an intercept is fitted. */
  group?: Int32Array | number[];
  /** Number of group levels; defaults to the largest code + 1. */
  levels?: number;
}

export interface PoissonOptions {
  maxIterations?: number;
  /** Converged when no parameter moves more than this on the log scale. */
  tolerance?: number;
}

export type NonEstimableReason = 'no exposure' | 'no events' | 'aliased' | 'diverged';

export interface NonEstimable {
  column: number;
  reason: NonEstimableReason;
}

export interface PoissonFit {
  /** Log rate ratios, one per X column; NaN where not estimable. */
  coefficients: number[];
  /** Inverse Fisher information for the X block after absorbing the group (p × p, NaN where not estimable). */
  covariance: number[][];
  standardErrors: number[];
  /** Log baseline rate when no group was given. */
  intercept: number | null;
  /** Per level: −Infinity for a level with exposure but no events, NaN for a level with no exposure. */
  groupEffects: number[] | null;
  /** Fitted mean per input cell; 0 for cells left out (their limit as the estimate runs to −∞). */
  fitted: Float64Array;
  deviance: number;
  pearsonChiSquare: number;
  /** Cells used − estimable columns − levels used (levels with at least one event). */
  residualDf: number;
  /** Pearson χ² / residual df; null when df ≤ 0. */
  dispersion: number | null;
  iterations: number;
  converged: boolean;
  nonEstimable: NonEstimable[];
  cellsUsed: number;
  levelsUsed: number;
  warnings: string[];
}

/** Newton steps on coefficients that run off beyond this (log scale) without converging mean −∞/+∞. */
const DRIFT = 10;
/** A column whose information left after the others and the group is below this share of its own is aliased. */
const ALIAS_TOL = 1e-11;

interface Problem {
  n: number;
  p: number;
  levels: number;
  y: Float64Array;
  logE: Float64Array;
  g: Int32Array;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

interface Sums {
  D: Float64Array;
  Ua: Float64Array;
  B: Float64Array;
  A: Float64Array;
  Ub: Float64Array;
  mu: Float64Array;
}

/** Score and information at (α, β); returns the deviance up to a constant. */
function accumulate(pr: Problem, alpha: Float64Array, beta: Float64Array, s: Sums): number {
  const { n, p, y, logE, g, rowPtr, col, val } = pr;
  const { D, Ua, B, A, Ub, mu } = s;
  D.fill(0);
  Ua.fill(0);
  B.fill(0);
  A.fill(0);
  Ub.fill(0);
  let dev = 0;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const start = rowPtr[i]!;
    const end = rowPtr[i + 1]!;
    let eta = logE[i]! + alpha[gi]!;
    for (let k = start; k < end; k++) eta += val[k]! * beta[col[k]!]!;
    const m = Math.exp(eta);
    mu[i] = m;
    const yi = y[i]!;
    const r = yi - m;
    dev += m - yi * eta;
    D[gi] = D[gi]! + m;
    Ua[gi] = Ua[gi]! + r;
    const bo = gi * p;
    for (let k = start; k < end; k++) {
      const j = col[k]!;
      const v = val[k]!;
      const mv = m * v;
      B[bo + j] = B[bo + j]! + mv;
      Ub[j] = Ub[j]! + r * v;
      const ao = j * p;
      // Columns are ascending within a row, so this fills the upper triangle.
      for (let k2 = k; k2 < end; k2++) A[ao + col[k2]!] = A[ao + col[k2]!]! + mv * val[k2]!;
    }
  }
  return 2 * dev;
}

/** S = A − Bᵀ D⁻¹ B and r = Uβ − Bᵀ D⁻¹ Uα, the system for β with the group eliminated. */
function schur(pr: Problem, s: Sums): { S: Float64Array; r: Float64Array } {
  const { p, levels } = pr;
  const S = new Float64Array(p * p);
  const r = Float64Array.from(s.Ub);
  for (let j = 0; j < p; j++) for (let k = j; k < p; k++) S[j * p + k] = s.A[j * p + k]!;
  for (let l = 0; l < levels; l++) {
    const d = s.D[l]!;
    if (!(d > 0)) continue;
    const bo = l * p;
    const ua = s.Ua[l]! / d;
    for (let j = 0; j < p; j++) {
      const bj = s.B[bo + j]!;
      if (bj === 0) continue;
      r[j] = r[j]! - bj * ua;
      const bjd = bj / d;
      for (let k = j; k < p; k++) S[j * p + k] = S[j * p + k]! - bjd * s.B[bo + k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) S[k * p + j] = S[j * p + k]!;
  return { S, r };
}

/** Cholesky factor of S; columns whose remaining pivot is negligible against their own information are aliased. */
function cholesky(S: Float64Array, p: number, reference: Float64Array): { L: Float64Array; aliased: number[] } {
  const L = new Float64Array(p * p);
  const aliased: number[] = [];
  const dropped = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    let d = S[j * p + j]!;
    for (let k = 0; k < j; k++) d -= L[j * p + k]! ** 2;
    if (!(d > ALIAS_TOL * reference[j]!)) {
      dropped[j] = 1;
      aliased.push(j);
      continue;
    }
    const ljj = Math.sqrt(d);
    L[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let v = S[i * p + j]!;
      for (let k = 0; k < j; k++) v -= L[i * p + k]! * L[j * p + k]!;
      L[i * p + j] = v / ljj;
    }
  }
  return { L, aliased };
}

/** Solves L Lᵀ x = b in place. */
function cholSolve(L: Float64Array, p: number, b: Float64Array): Float64Array {
  for (let i = 0; i < p; i++) {
    let v = b[i]!;
    for (let k = 0; k < i; k++) v -= L[i * p + k]! * b[k]!;
    b[i] = v / L[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let v = b[i]!;
    for (let k = i + 1; k < p; k++) v -= L[k * p + i]! * b[k]!;
    b[i] = v / L[i * p + i]!;
  }
  return b;
}

interface NewtonResult {
  /** Columns whose information vanished: at the start (aliased) or as estimates ran off (diverging). */
  aliased: number[];
  alpha: Float64Array;
  beta: Float64Array;
  cov: Float64Array;
  mu: Float64Array;
  iterations: number;
  converged: boolean;
}

function newton(pr: Problem, maxIterations: number, tolerance: number): NewtonResult {
  const { n, p, levels, y, logE, g } = pr;
  const alloc = (): Sums => ({
    D: new Float64Array(levels),
    Ua: new Float64Array(levels),
    B: new Float64Array(levels * p),
    A: new Float64Array(p * p),
    Ub: new Float64Array(p),
    mu: new Float64Array(n),
  });
  // Start from each level's crude rate with all rate ratios 1.
  const alpha = new Float64Array(levels);
  const events = new Float64Array(levels);
  const exposure = new Float64Array(levels);
  for (let i = 0; i < n; i++) {
    events[g[i]!] = events[g[i]!]! + y[i]!;
    exposure[g[i]!] = exposure[g[i]!]! + Math.exp(logE[i]!);
  }
  for (let l = 0; l < levels; l++) alpha[l] = Math.log(events[l]! / exposure[l]!);
  const beta = new Float64Array(p);

  let cur = alloc();
  let spare = alloc();
  let dev = accumulate(pr, alpha, beta, cur);
  const candAlpha = new Float64Array(levels);
  const candBeta = new Float64Array(p);
  let converged = false;
  let iterations = 0;
  let L: Float64Array = new Float64Array(0);
  const reference = new Float64Array(p);

  for (;;) {
    const { S, r } = schur(pr, cur);
    for (let j = 0; j < p; j++) reference[j] = cur.A[j * p + j]!;
    const chol = cholesky(S, p, reference);
    if (chol.aliased.length > 0) {
      // At the start this is structural aliasing; later it means estimates are running off to ±∞,
      // squeezing the information of the cells that tell the columns apart towards 0.
      return { aliased: chol.aliased, alpha, beta, cov: new Float64Array(0), mu: cur.mu, iterations, converged: false };
    }
    L = chol.L;
    if (converged || iterations >= maxIterations) break;
    iterations++;

    const dBeta = cholSolve(L, p, r);
    const dAlpha = new Float64Array(levels);
    for (let l = 0; l < levels; l++) {
      let v = cur.Ua[l]!;
      const bo = l * p;
      for (let j = 0; j < p; j++) v -= cur.B[bo + j]! * dBeta[j]!;
      dAlpha[l] = v / cur.D[l]!;
    }

    // Step halving keeps the deviance from rising (the log-likelihood is concave, so it always can).
    let step = 1;
    let accepted = false;
    for (let half = 0; half < 40; half++) {
      for (let l = 0; l < levels; l++) candAlpha[l] = alpha[l]! + step * dAlpha[l]!;
      for (let j = 0; j < p; j++) candBeta[j] = beta[j]! + step * dBeta[j]!;
      const candDev = accumulate(pr, candAlpha, candBeta, spare);
      if (Number.isFinite(candDev) && candDev <= dev + 1e-9 * (1 + Math.abs(dev))) {
        dev = candDev;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
    let moved = 0;
    for (let l = 0; l < levels; l++) moved = Math.max(moved, Math.abs(candAlpha[l]! - alpha[l]!));
    for (let j = 0; j < p; j++) moved = Math.max(moved, Math.abs(candBeta[j]! - beta[j]!));
    alpha.set(candAlpha);
    beta.set(candBeta);
    [cur, spare] = [spare, cur];
    // One more pass refreshes the information at the final estimates before the loop ends.
    if (moved < tolerance) converged = true;
  }

  // Covariance = S⁻¹, column by column from the Cholesky factor.
  const cov = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    cholSolve(L, p, e);
    for (let i = 0; i < p; i++) cov[i * p + j] = e[i]!;
  }
  return { aliased: [], alpha, beta, cov, mu: cur.mu, iterations, converged };
}

interface Cells {
  n: number;
  p: number;
  levels: number;
  y: Float64Array;
  exposure: Float64Array;
  g: Int32Array;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** Reads the input into compressed sparse rows (dummy-coded designs are mostly zeros). */
function readCells(input: PoissonInput): Cells {
  const n = input.y.length;
  if (input.exposure.length !== n) throw new RangeError('y and exposure differ in length');
  let p: number;
  let flat: Float64Array;
  if (input.X instanceof Float64Array) {
    p = input.p ?? (n === 0 ? 0 : input.X.length / n);
    if (!Number.isInteger(p) || input.X.length !== n * p) throw new RangeError('flat X must hold n × p values');
    flat = input.X;
  } else {
    const rows = input.X;
    if (rows.length !== n) throw new RangeError('X must have one row per cell');
    p = input.p ?? rows[0]?.length ?? 0;
    flat = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      if (row.length !== p) throw new RangeError('X rows differ in length');
      flat.set(row, i * p);
    }
  }
  const g = new Int32Array(n);
  let levels = 1;
  if (input.group) {
    if (input.group.length !== n) throw new RangeError('group must have one code per cell');
    let max = -1;
    for (let i = 0; i < n; i++) {
      const code = input.group[i]!;
      if (!Number.isInteger(code) || code < 0) throw new RangeError(`group codes must be integers ≥ 0, got ${code}`);
      g[i] = code;
      if (code > max) max = code;
    }
    levels = input.levels ?? max + 1;
    if (levels <= max) throw new RangeError('levels is smaller than the largest group code');
  }
  const y = Float64Array.from(input.y);
  const exposure = Float64Array.from(input.exposure);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    if (!(y[i]! >= 0) || !Number.isFinite(y[i]!)) throw new RangeError(`counts must be finite and ≥ 0, got ${y[i]} in cell ${i}`);
    if (!(exposure[i]! >= 0) || !Number.isFinite(exposure[i]!)) {
      throw new RangeError(`exposure must be finite and ≥ 0, got ${exposure[i]} in cell ${i}`);
    }
  }
  for (let k = 0; k < n * p; k++) {
    const v = flat[k]!;
    if (!Number.isFinite(v)) throw new RangeError(`X must be finite, got ${v} in cell ${Math.floor(k / p)}`);
    if (v !== 0) nnz++;
  }
  const rowPtr = new Int32Array(n + 1);
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const v = flat[o + j]!;
      if (v !== 0) {
        col[k] = j;
        val[k++] = v;
      }
    }
    rowPtr[i + 1] = k;
  }
  return { n, p, levels, y, exposure, g, rowPtr, col, val };
}

/** The cells and columns still in play, renumbered densely; no-group fits use a single level. */
function compact(c: Cells, keep: Uint8Array, active: Uint8Array, levelMap: Int32Array, levels: number): {
  problem: Problem;
  cellIndex: Int32Array;
  columnIndex: number[];
} {
  const columnIndex: number[] = [];
  const newCol = new Int32Array(c.p).fill(-1);
  for (let j = 0; j < c.p; j++) if (active[j]) newCol[j] = columnIndex.push(j) - 1;
  if (columnIndex.length === c.p && keep.every((v) => v === 1) && levelMap.every((v, l) => v === l)) {
    // Nothing left out: share the arrays already read.
    const logE = new Float64Array(c.n);
    for (let i = 0; i < c.n; i++) logE[i] = Math.log(c.exposure[i]!);
    const cellIndex = new Int32Array(c.n);
    for (let i = 0; i < c.n; i++) cellIndex[i] = i;
    const problem: Problem = { n: c.n, p: c.p, levels, y: c.y, logE, g: c.g, rowPtr: c.rowPtr, col: c.col, val: c.val };
    return { problem, cellIndex, columnIndex };
  }
  let n = 0;
  let nnz = 0;
  for (let i = 0; i < c.n; i++) {
    if (!keep[i]) continue;
    n++;
    for (let k = c.rowPtr[i]!; k < c.rowPtr[i + 1]!; k++) if (newCol[c.col[k]!]! >= 0) nnz++;
  }
  const cellIndex = new Int32Array(n);
  const y = new Float64Array(n);
  const logE = new Float64Array(n);
  const g = new Int32Array(n);
  const rowPtr = new Int32Array(n + 1);
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let r = 0;
  let out = 0;
  for (let i = 0; i < c.n; i++) {
    if (!keep[i]) continue;
    cellIndex[r] = i;
    y[r] = c.y[i]!;
    logE[r] = Math.log(c.exposure[i]!);
    g[r] = levelMap[c.g[i]!]!;
    for (let k = c.rowPtr[i]!; k < c.rowPtr[i + 1]!; k++) {
      const j = newCol[c.col[k]!]!;
      if (j >= 0) {
        col[out] = j;
        val[out++] = c.val[k]!;
      }
    }
    rowPtr[++r] = out;
  }
  return {
    problem: { n, p: columnIndex.length, levels, y, logE, g, rowPtr, col, val },
    cellIndex,
    columnIndex,
  };
}

/**
 * Leaves out what has no finite estimate, before fitting: cells without exposure; columns with no
 * exposure left; non-negative (dummy) columns with no events, together with their cells (the
 * estimate runs to −∞ and those cells' fitted means to 0, so the rest is fitted as in that limit);
 * group levels with no events, likewise.
 */
function screen(c: Cells, keep: Uint8Array, active: Uint8Array, nonEstimable: NonEstimable[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    const present = new Uint8Array(c.p);
    const negative = new Uint8Array(c.p);
    const events = new Float64Array(c.p);
    const levelEvents = new Float64Array(c.levels);
    const levelSeen = new Uint8Array(c.levels);
    for (let i = 0; i < c.n; i++) {
      if (!keep[i]) continue;
      levelEvents[c.g[i]!] = levelEvents[c.g[i]!]! + c.y[i]!;
      levelSeen[c.g[i]!] = 1;
      for (let k = c.rowPtr[i]!; k < c.rowPtr[i + 1]!; k++) {
        const j = c.col[k]!;
        present[j] = 1;
        if (c.val[k]! < 0) negative[j] = 1;
        events[j] = events[j]! + c.y[i]! * Math.abs(c.val[k]!);
      }
    }
    for (let j = 0; j < c.p; j++) {
      if (!active[j]) continue;
      if (!present[j]) {
        active[j] = 0;
        nonEstimable.push({ column: j, reason: 'no exposure' });
      } else if (!negative[j] && events[j] === 0) {
        active[j] = 0;
        nonEstimable.push({ column: j, reason: 'no events' });
        dropCellsOf(c, keep, j);
        changed = true;
      }
    }
    for (let i = 0; i < c.n; i++) {
      if (keep[i] && levelSeen[c.g[i]!] && levelEvents[c.g[i]!] === 0) {
        keep[i] = 0;
        changed = true;
      }
    }
  }
}

function dropCellsOf(c: Cells, keep: Uint8Array, column: number): void {
  for (let i = 0; i < c.n; i++) {
    if (!keep[i]) continue;
    for (let k = c.rowPtr[i]!; k < c.rowPtr[i + 1]!; k++) if (c.col[k] === column) keep[i] = 0;
  }
}

/** Fits the model; see the module comment. Never throws on awkward data: it reports what it left out. */
export function fitPoisson(input: PoissonInput, options: PoissonOptions = {}): PoissonFit {
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  const c = readCells(input);
  const hasGroup = input.group !== undefined;
  const warnings: string[] = [];
  const nonEstimable: NonEstimable[] = [];

  const keep = new Uint8Array(c.n);
  let eventsWithoutExposure = 0;
  for (let i = 0; i < c.n; i++) {
    if (c.exposure[i]! > 0) keep[i] = 1;
    else if (c.y[i]! > 0) eventsWithoutExposure += c.y[i]!;
  }
  if (eventsWithoutExposure > 0) warnings.push(`${eventsWithoutExposure} events in cells without exposure were left out`);
  const active = new Uint8Array(c.p).fill(1);
  const levelEvents = new Float64Array(c.levels);
  const levelExposure = new Float64Array(c.levels);
  for (let i = 0; i < c.n; i++) {
    if (!keep[i]) continue;
    levelEvents[c.g[i]!] = levelEvents[c.g[i]!]! + c.y[i]!;
    levelExposure[c.g[i]!] = levelExposure[c.g[i]!]! + c.exposure[i]!;
  }

  let fit: NewtonResult | null = null;
  let layout: ReturnType<typeof compact> | null = null;
  let levelMap = new Int32Array(c.levels);
  let usedLevels = 0;
  for (let attempt = 0; attempt <= c.p + 1; attempt++) {
    screen(c, keep, active, nonEstimable);
    levelMap = new Int32Array(c.levels).fill(-1);
    usedLevels = 0;
    for (let i = 0; i < c.n; i++) if (keep[i] && levelMap[c.g[i]!] === -1) levelMap[c.g[i]!] = usedLevels++;
    if (usedLevels === 0) {
      warnings.push('no cells with both exposure and events: nothing to fit');
      fit = null;
      break;
    }
    layout = compact(c, keep, active, levelMap, usedLevels);
    const result = newton(layout.problem, maxIterations, tolerance);
    if (result.aliased.length > 0) {
      for (const j of result.aliased) {
        const column = layout.columnIndex[j]!;
        active[column] = 0;
        nonEstimable.push({ column, reason: result.iterations === 0 ? 'aliased' : 'diverged' });
        if (result.iterations > 0 && result.beta[j]! < -DRIFT) dropCellsOf(c, keep, column);
      }
      continue;
    }
    fit = result;
    if (result.converged) break;
    // Not converging while a coefficient runs off: its estimate is ±∞. Drop it (and, running to −∞,
    // its cells, whose fitted means go to 0) and fit the rest.
    const drifting = layout.columnIndex.filter((_, j) => Math.abs(result.beta[j]!) > DRIFT);
    if (drifting.length === 0) break;
    for (const [j, column] of layout.columnIndex.entries()) {
      if (Math.abs(result.beta[j]!) <= DRIFT) continue;
      active[column] = 0;
      nonEstimable.push({ column, reason: 'diverged' });
      if (result.beta[j]! < 0) dropCellsOf(c, keep, column);
    }
    fit = null;
  }

  const p = c.p;
  const coefficients = new Array<number>(p).fill(NaN);
  const covariance = Array.from({ length: p }, () => new Array<number>(p).fill(NaN));
  const fitted = new Float64Array(c.n);
  let deviance = NaN;
  let pearson = NaN;
  let residualDf = 0;
  let intercept: number | null = null;
  let groupEffects: number[] | null = null;
  if (fit && layout) {
    const { columnIndex, cellIndex, problem } = layout;
    columnIndex.forEach((column, j) => {
      coefficients[column] = fit.beta[j]!;
      columnIndex.forEach((other, k) => (covariance[column]![other] = fit.cov[j * problem.p + k]!));
    });
    deviance = 0;
    pearson = 0;
    for (let r = 0; r < cellIndex.length; r++) {
      const i = cellIndex[r]!;
      const m = fit.mu[r]!;
      const yi = c.y[i]!;
      fitted[i] = m;
      deviance += 2 * ((yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m));
      pearson += (yi - m) ** 2 / m;
    }
    residualDf = problem.n - problem.p - problem.levels;
    if (hasGroup) {
      groupEffects = Array.from({ length: c.levels }, (_, l) => {
        const mapped = levelMap[l]!;
        if (mapped >= 0) return fit.alpha[mapped]!;
        return levelExposure[l]! > 0 && levelEvents[l] === 0 ? -Infinity : NaN;
      });
    } else {
      intercept = fit.alpha[0]!;
    }
    if (!fit.converged) warnings.push(`did not converge in ${fit.iterations} iterations`);
  }
  if (nonEstimable.length > 0) {
    warnings.push(`not estimable: ${nonEstimable.map((e) => `column ${e.column} (${e.reason})`).join(', ')}`);
  }
  return {
    coefficients,
    covariance,
    standardErrors: coefficients.map((_, j) => Math.sqrt(covariance[j]![j]!)),
    intercept,
    groupEffects,
    fitted,
    deviance,
    pearsonChiSquare: pearson,
    residualDf,
    dispersion: fit && residualDf > 0 ? pearson / residualDf : null,
    iterations: fit?.iterations ?? 0,
    converged: fit?.converged ?? false,
    nonEstimable: nonEstimable.sort((a, b) => a.column - b.column),
    cellsUsed: layout && fit ? layout.problem.n : 0,
    levelsUsed: fit ? usedLevels : 0,
    warnings,
  };
}

export interface WaldInterval {
  /** exp(b): the rate ratio. */
  estimate: number;
  lower: number;
  upper: number;
  /** True when the interval was widened by √dispersion (quasi-Poisson). */
  widened: boolean;
}

/** exp(b ± 1.959964 · se · √φ), with φ the dispersion used only when it exceeds the threshold. */
export function waldInterval(b: number, se: number, dispersion?: number | null, threshold = 1.2): WaldInterval {
  const widened = dispersion != null && dispersion > threshold;
  const half = Z95 * se * (widened ? Math.sqrt(dispersion) : 1);
  return { estimate: Math.exp(b), lower: Math.exp(b - half), upper: Math.exp(b + half), widened };
}

/**
 * The information blocks that tie an absorbed group to the X columns, at the fitted means:
 * D_l = Σ_{i∈l} μ_i and B_lj = Σ_{i∈l} μ_i x_ij. With Cov(β) = S⁻¹ from the fit they give the rest
 * of the full covariance of (α, β) by the block inverse — Cov(α) = D⁻¹ + D⁻¹ B S⁻¹ Bᵀ D⁻¹,
 * Cov(α, β) = −D⁻¹ B S⁻¹ — without ever forming a (levels + p)-square matrix.
 */
export interface GroupBlocks {
  levels: number;
  p: number;
  D: Float64Array;
  /** levels × p, row-major. */
  B: Float64Array;
}

/** D and B from the fitted means; `columns(i)` lists cell i's non-zero X entries as [column, value]. */
export function groupBlocks(
  fitted: ArrayLike<number>,
  group: ArrayLike<number>,
  levels: number,
  p: number,
  columns: (i: number) => Iterable<readonly [number, number]>,
): GroupBlocks {
  const D = new Float64Array(levels);
  const B = new Float64Array(levels * p);
  for (let i = 0; i < fitted.length; i++) {
    const m = fitted[i]!;
    if (m === 0) continue;
    const l = group[i]!;
    D[l] = D[l]! + m;
    for (const [j, v] of columns(i)) B[l * p + j] = B[l * p + j]! + m * v;
  }
  return { levels, p, D, B };
}

/**
 * Delta-method variance of a smooth function of (α, β) from its gradient, with the full
 * covariance: gᵀ Cov g = Σ_l gα_l² / D_l + hᵀ S⁻¹ h, where h = gβ − Bᵀ D⁻¹ gα and S⁻¹ = Cov(β).
 * Levels with D_l = 0 (no events: α_l = −∞, their means 0) and columns without a finite variance
 * (not estimable, held at their limit) carry no variance.
 */
export function deltaVariance(blocks: GroupBlocks, covariance: number[][], gAlpha: ArrayLike<number>, gBeta: ArrayLike<number>): number {
  const { levels, p, D, B } = blocks;
  const h = Float64Array.from({ length: p }, (_, j) => gBeta[j] ?? 0);
  let variance = 0;
  for (let l = 0; l < levels; l++) {
    const a = gAlpha[l] ?? 0;
    const d = D[l]!;
    if (a === 0 || !(d > 0)) continue;
    variance += (a * a) / d;
    const ad = a / d;
    for (let j = 0; j < p; j++) h[j] = h[j]! - B[l * p + j]! * ad;
  }
  const usable = Array.from({ length: p }, (_, j) => Number.isFinite(covariance[j]?.[j]));
  for (let j = 0; j < p; j++) {
    if (!usable[j] || h[j] === 0) continue;
    for (let k = 0; k < p; k++) if (usable[k] && h[k] !== 0) variance += h[j]! * h[k]! * covariance[j]![k]!;
  }
  return variance;
}
