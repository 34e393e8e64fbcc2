/**
 * Excess incidents and What if intervals against R's full delta method (issue 14, correction 2).
 * The fixture is 1,512 model cells (6 people × 3 shortfall × 4 agency bands × 3 shifts × 7
 * weekdays) drawn by `npx tsx scripts/excess-coverage.ts --fixture …` from a planted model.
 *
 * R 4.x, from the repository root:
 *   d <- read.csv("tests/fixtures/analysis/excess-cells.csv")
 *   d$person <- factor(d$person); d$sf <- factor(d$sf, levels=c("none","one","twoPlus"))
 *   d$ag <- factor(d$ag, levels=c("none","upTo25","from25To50","over50"))
 *   d$shift <- factor(d$shift); d$weekday <- factor(d$weekday)
 *   m <- glm(y ~ 0 + person + sf + ag + shift + weekday + offset(log(n)), family=poisson, data=d,
 *            control=glm.control(epsilon=1e-14, maxit=100))   # converged fully, as the app
 *   V <- vcov(m); b <- coef(m); X <- model.matrix(m)
 *   phi <- sum(residuals(m, type="pearson")^2) / m$df.residual   # over these cells, df 1493
 *   delta <- function(d0) {
 *     X0 <- model.matrix(~ 0 + person + sf + ag + shift + weekday, data=d0)
 *     mu <- as.vector(exp(X %*% b + log(d$n))); mu0 <- as.vector(exp(X0 %*% b + log(d$n)))
 *     g <- as.vector(t(X) %*% mu - t(X0) %*% mu0)            # gradient of Σμ − Σμ0, every coefficient
 *     g0 <- as.vector(t(X0) %*% mu0)                          # gradient of Σμ0
 *     c(est=sum(mu)-sum(mu0), se=sqrt(drop(t(g) %*% V %*% g)), cf=sum(mu0), secf=sqrt(drop(t(g0) %*% V %*% g0)))
 *   }
 *   full <- d; full$sf <- factor(rep("none", nrow(d)), levels=levels(d$sf))
 *   cap <- d; cap$ag[cap$ag %in% c("from25To50","over50")] <- "upTo25"
 *   both <- cap; both$sf <- full$sf
 *   rbind(full=delta(full), cap=delta(cap), both=delta(both))
 *   # The old interval (shortfall coefficients only, fitted means fixed):
 *   O <- tapply(d$y, d$sf, sum); bs <- b[c("sfone","sftwoPlus")]; gold <- O[c("one","twoPlus")] * exp(-bs)
 *   sqrt(drop(t(gold) %*% V[c("sfone","sftwoPlus"), c("sfone","sftwoPlus")] %*% gold))   # 21.1820407672021
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitStaffingModel, type ModelCell } from '../../../src/analysis/staffing';
import { whatIfFromCells, type ScenarioKey } from '../../../src/analysis/whatIf';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';

const R = {
  phi: 0.968421795528357,
  fullStaffing: { est: 149.384702410905, se: 26.2307794524975, cf: 574.615297589096, secf: 33.3659164946159 },
  agencyCap: { est: 102.741350908088, se: 31.4825600797269, cf: 621.258649091912, secf: 38.8544576946956 },
  both: { est: 230.830397395933, se: 34.1532892589925, cf: 493.169602604068, secf: 37.7992906150222 },
  oldSe: 21.1820407672021,
};
const Z = 1.959963984540054;

const cells: ModelCell[] = fs
  .readFileSync(path.join(__dirname, '../../fixtures/analysis/excess-cells.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [person, sf, ag, shift, weekday, n, y] = line.split(',');
    return {
      person_idx: Number(person),
      shortfall_band: sf as ModelCell['shortfall_band'],
      agency_band: ag as ModelCell['agency_band'],
      shift_index: Number(shift),
      weekday: Number(weekday),
      n: Number(n),
      y: Number(y),
    };
  });

describe('excess incidents: the delta method over every coefficient, as R', () => {
  it('reads the fixture R read', () => {
    expect(cells).toHaveLength(1512);
    expect(cells.reduce((t, c) => t + c.y, 0)).toBe(724);
  });

  it('gives the excess and its interval as R, not the old shortfall-only one', () => {
    const m = fitStaffingModel(cells, DEFAULT_SETTINGS);
    expect(m.summary.dispersion).toBeCloseTo(R.phi, 8);
    expect(m.summary.widened).toBe(false);
    const e = m.excess!;
    expect(e.estimate).toBeCloseTo(R.fullStaffing.est, 6);
    expect((e.upper - e.lower) / (2 * Z)).toBeCloseTo(R.fullStaffing.se, 5);
    expect((e.upper - e.lower) / (2 * Z)).not.toBeCloseTo(R.oldSe, 1);
    expect(m.excessLeavesOut).toEqual([]);
  });

  it('widens by √dispersion when the model widens (threshold below the dispersion)', () => {
    const m = fitStaffingModel(cells, { ...DEFAULT_SETTINGS, dispersionThreshold: 0.5 });
    expect(m.summary.widened).toBe(true);
    const e = m.excess!;
    expect((e.upper - e.lower) / (2 * Z)).toBeCloseTo(R.fullStaffing.se * Math.sqrt(R.phi), 5);
  });

  it('gives every What if scenario\'s change and counterfactual intervals as R', () => {
    const r = whatIfFromCells(cells, DEFAULT_SETTINGS, { agencyCap: 'upTo25' });
    for (const key of ['fullStaffing', 'agencyCap', 'both'] as ScenarioKey[]) {
      const s = r.scenarios[key];
      const ref = R[key];
      expect(s.fewer!.estimate, key).toBeCloseTo(ref.est, 6);
      expect(s.fewer!.upper - s.fewer!.estimate, key).toBeCloseTo(Z * ref.se, 5);
      expect(s.counterfactual!.estimate, key).toBeCloseTo(ref.cf, 6);
      expect(s.counterfactual!.upper - s.counterfactual!.estimate, key).toBeCloseTo(Z * ref.secf, 5);
    }
  });
});

describe('a short band without incidents', () => {
  it('drops out of the excess, and the model says so', () => {
    // Clear every incident in periods one staff short: that band has no rate ratio.
    const without = cells.map((c) => (c.shortfall_band === 'one' ? { ...c, y: 0 } : c));
    const m = fitStaffingModel(without, DEFAULT_SETTINGS);
    expect(m.rateRatios.shortfall.one).toBeNull();
    expect(m.excessLeavesOut).toEqual(['one']);
    expect(m.excess).not.toBeNull();
  });
});

describe('the excess sentence', () => {
  it('says when a short band without incidents is left out', async () => {
    const { excessSentence } = await import('../../../src/analysis/sentences');
    const without = cells.map((c) => (c.shortfall_band === 'one' ? { ...c, y: 0 } : c));
    const m = fitStaffingModel(without, DEFAULT_SETTINGS);
    const r = { exposure: { incidents: 600 }, excessIncidents: m.excess, excessLeavesOut: m.excessLeavesOut } as unknown as Parameters<typeof excessSentence>[0];
    expect(excessSentence(r)).toMatch(/Periods about one staff short had no incidents, so they are left out of this estimate\.$/);
    expect(excessSentence({ ...r, excessLeavesOut: [] })).not.toMatch(/left out/);
  });
});
