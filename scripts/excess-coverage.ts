/**
 * Coverage of the excess-incidents interval (issue 14), by simulation. Not part of the test run.
 *
 *   npx tsx scripts/excess-coverage.ts [replicates=400] [seed=14]
 *   npx tsx scripts/excess-coverage.ts 400 14 --overdispersed 2   (person-period rates gamma-mixed, shape 2)
 *   npx tsx scripts/excess-coverage.ts --fixture tests/fixtures/analysis/excess-cells.csv
 *
 * A fixed service of model cells (person × shortfall band × agency band × shift × weekday, each
 * with its person-periods) and true coefficients; each replicate draws every cell's incidents from
 * Poisson(μ_true), fits the staffing model and asks whether the excess interval holds the true
 * excess Σ μ_true (1 − exp(−β_true, band)). A 95 % interval should hold it 93–97 % of the time over
 * a few hundred replicates. The What if scenarios (agency share capped at 25 %, and both) are
 * checked the same way. With --fixture, writes one replicate's cells as CSV (the R-checked
 * fixture of tests/unit/analysis/excessDelta.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { fitStaffingModel, type ModelCell } from '../src/analysis/staffing';
import { whatIfFromCells, type ScenarioKey } from '../src/analysis/whatIf';
import { DEFAULT_SETTINGS, SHARE_BANDS, SHORTFALL_BANDS } from '../src/model/settings';
import { Rng } from '../sample-data/lib/prng';

const TRUTH = {
  shortfall: { none: 0, one: Math.log(1.4), twoPlus: Math.log(2.1) },
  agency: { none: 0, upTo25: Math.log(1.1), from25To50: Math.log(1.3), over50: Math.log(1.6) },
  shift: [0, 0.35, -0.9],
  weekday: [0, 0.05, 0.1, 0, -0.05, 0.2, 0.25],
};
const PEOPLE = [0.06, 0.03, 0.12, 0.08, 0.02, 0.05];

/** The service's cells with their true means (the layout and exposures drawn once from `seed`). */
function service(seed: number): { cells: Omit<ModelCell, 'y'>[]; mu: number[] } {
  const rng = new Rng(seed, 'layout');
  const cells: Omit<ModelCell, 'y'>[] = [];
  const mu: number[] = [];
  PEOPLE.forEach((base, person_idx) =>
    SHORTFALL_BANDS.forEach((shortfall_band) =>
      SHARE_BANDS.forEach((agency_band) =>
        TRUTH.shift.forEach((shiftEffect, shift_index) =>
          TRUTH.weekday.forEach((dayEffect, d) => {
            // Fewer periods the worse the staffing, as on a real rota.
            const n = rng.int(1, shortfall_band === 'none' ? 14 : shortfall_band === 'one' ? 8 : 4);
            cells.push({ person_idx, shortfall_band, agency_band, shift_index, weekday: d + 1, n });
            mu.push(n * base * Math.exp(TRUTH.shortfall[shortfall_band] + TRUTH.agency[agency_band] + shiftEffect + dayEffect));
          }),
        ),
      ),
    ),
  );
  return { cells, mu };
}

/** Gamma(shape, 1/shape) — mean 1, variance 1/shape (Marsaglia and Tsang). */
function gamma(rng: Rng, shape: number): number {
  // Below 1: Gamma(a + 1) · U^(1/a) is Gamma(a); rescaled to mean 1.
  if (shape < 1) return ((gamma(rng, shape + 1) * (shape + 1)) / shape) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      // Standard normal by Box–Muller.
      x = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / shape;
  }
}

/**
 * Each cell's incidents: Poisson(μ) — or, overdispersed, each of its n person-periods with its own
 * rate, gamma-mixed around the cell's (negative binomial person-periods, as real units vary).
 */
function draw(layout: ReturnType<typeof service>, rng: Rng, shape: number | null = null): ModelCell[] {
  return layout.cells.map((c, i) => {
    if (shape === null) return { ...c, y: rng.poisson(layout.mu[i]!) };
    let y = 0;
    for (let k = 0; k < c.n; k++) y += rng.poisson((layout.mu[i]! / c.n) * gamma(rng, shape));
    return { ...c, y };
  });
}

const argv = process.argv.slice(2);
const od = argv.indexOf('--overdispersed');
const shape = od >= 0 ? Number(argv[od + 1]) : null;
const args = od >= 0 ? [...argv.slice(0, od), ...argv.slice(od + 2)] : argv;
const fixture = args.indexOf('--fixture');
if (fixture >= 0) {
  const layout = service(14);
  const cells = draw(layout, new Rng(14, 'fixture'));
  const lines = ['person,sf,ag,shift,weekday,n,y', ...cells.map((c) => [c.person_idx, c.shortfall_band, c.agency_band, c.shift_index, c.weekday, c.n, c.y].join(','))];
  writeFileSync(args[fixture + 1]!, lines.join('\n') + '\n');
  console.log(`wrote ${cells.length} cells, ${cells.reduce((t, c) => t + c.y, 0)} incidents`);
} else {
  const replicates = Number(args[0] ?? 400);
  const seed = Number(args[1] ?? 14);
  const layout = service(seed);
  // True changes: full staffing moves every short cell to none; the cap moves agency above 25 % to upTo25.
  const capped = (c: Omit<ModelCell, 'y'>) =>
    c.agency_band === 'from25To50' || c.agency_band === 'over50' ? TRUTH.agency.upTo25 - TRUTH.agency[c.agency_band] : 0;
  const trueFewer = (shift: (c: Omit<ModelCell, 'y'>) => number) => layout.cells.reduce((t, c, i) => t + layout.mu[i]! * (1 - Math.exp(shift(c))), 0);
  const truth: Record<ScenarioKey, number> = {
    fullStaffing: trueFewer((c) => -TRUTH.shortfall[c.shortfall_band]),
    agencyCap: trueFewer(capped),
    both: trueFewer((c) => capped(c) - TRUTH.shortfall[c.shortfall_band]),
  };
  const rng = new Rng(seed, 'replicates');
  const held = { fullStaffing: 0, agencyCap: 0, both: 0, excess: 0 };
  let fitted = 0;
  let widened = 0;
  let width = 0;
  let dispersion = 0;
  for (let r = 0; r < replicates; r++) {
    const cells = draw(layout, rng, shape);
    const model = fitStaffingModel(cells, DEFAULT_SETTINGS);
    const e = model.excess;
    if (!e) continue;
    fitted++;
    if (model.summary.widened) widened++;
    dispersion += model.summary.dispersion ?? NaN;
    width += e.upper - e.lower;
    if (e.lower <= truth.fullStaffing && truth.fullStaffing <= e.upper) held.excess++;
    const w = whatIfFromCells(cells, DEFAULT_SETTINGS, { model, agencyCap: 'upTo25' });
    for (const k of ['fullStaffing', 'agencyCap', 'both'] as const) {
      const f = w.scenarios[k].fewer;
      if (f && f.lower <= truth[k] && truth[k] <= f.upper) held[k]++;
    }
  }
  const line = (name: string, n: number) => {
    const coverage = n / fitted;
    const se = Math.sqrt((coverage * (1 - coverage)) / fitted);
    return `${name} ${(100 * coverage).toFixed(1)} % (± ${(196 * se).toFixed(1)})`;
  };
  console.log(
    `cells ${layout.cells.length}, true excess ${truth.fullStaffing.toFixed(2)}; ${fitted} of ${replicates} replicates fitted, ${widened} widened; ` +
      `mean dispersion ${(dispersion / fitted).toFixed(3)}; mean excess interval width ${(width / fitted).toFixed(2)}` +
      (shape === null ? '' : `; person-period rates gamma-mixed, shape ${shape}`),
  );
  console.log(
    `coverage of the 95 % intervals: ${line('excess', held.excess)}; What if ${line('full staffing', held.fullStaffing)}, ` +
      `${line('agency cap 25 %', held.agencyCap)}, ${line('both', held.both)}`,
  );
}
