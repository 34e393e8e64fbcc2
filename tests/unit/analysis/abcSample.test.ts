/**
 * The ABC pattern planted in the sample service (sample-data/effects.ts PLANTED.abc, drawn in
 * lib/incidents.ts plantAbc) recovered by analysis 9 inside its 95 % intervals:
 *   P(antecedent = demand | physical aggression) = 0.45, | any other behaviour = 0.12, so by Bayes
 *   P(physical aggression | demand) / P(physical aggression) = 0.45 / (π·0.45 + (1 − π)·0.12),
 *   π the share of physical aggression (not planted by antecedent: the main stream draws it);
 *   P("demand withdrawn" | demand) = 0.5, | anything else = 0.05, so
 *   P(withdrawn | demand) / P(withdrawn) = 0.5 / (δ·0.5 + (1 − δ)·0.05), δ the share after a demand.
 * The probabilities themselves are checked too (Clopper–Pearson on the analysis's counts).
 * Measured on the committed sample: demand → physical aggression 107 of 188 (0.569) against
 * 258 of 982 (0.263), ratio 2.17 (1.85 to 2.49), planted 2.18; demand → withdrawn 99 of 188
 * (0.527) against 137 of 982 (0.140), ratio 3.77 (3.34 to 4.16), planted 3.67.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { abcAnalysis, abcCellIncidents, type AbcResult } from '../../../src/analysis/abc';
import { NO_FILTERS } from '../../../src/analysis/types';
import { clopperPearson } from '../../../src/stats/rateRatio';
import { impliedRatio, PLANTED } from '../../../sample-data/effects';
import { modelOf } from '../helpers/model';
import { sampleServiceDb } from '../helpers/sampleService';

const DEMAND = 'demand placed';
const PA = 'physical aggression';

describe('the planted ABC pattern in the sample service', () => {
  let db: Connector;
  let r: AbcResult;
  beforeAll(async () => {
    db = await sampleServiceDb();
    r = await abcAnalysis(modelOf(db), NO_FILTERS);
  }, 60_000);
  afterAll(async () => db.close());

  const inside = (e: { lower: number | null; upper: number | null }, truth: number) => {
    expect(e.lower!).toBeLessThan(truth);
    expect(e.upper!).toBeGreaterThan(truth);
  };

  it('after a demand, more physical aggression than overall, by the planted ratio', () => {
    const row = r.conditional.find((c) => c.antecedent === DEMAND && c.behaviour === PA)!;
    const pa = r.behaviours.find((b) => b.value === PA)!;
    const planted = impliedRatio(PLANTED.abc.demandGivenPhysicalAggression, PLANTED.abc.demandGivenOtherBehaviour, pa.share);
    expect(planted).toBeGreaterThan(2);
    inside(row, planted);
    expect(row.standsOut).toBe(true);
    // P(demand | physical aggression) itself.
    inside(clopperPearson(row.incidents, pa.incidents), PLANTED.abc.demandGivenPhysicalAggression);
  });

  it('after a demand, the demand withdrawn far more often than overall, by the planted ratio, said with a hedged function', () => {
    const row = r.consequencesGivenAntecedent.find((c) => c.antecedent === DEMAND && c.consequence === PLANTED.abc.withdrawnText)!;
    const demand = r.antecedents.find((a) => a.value === DEMAND)!;
    const planted = impliedRatio(PLANTED.abc.withdrawnGivenDemand, PLANTED.abc.withdrawnGivenOtherAntecedent, demand.share);
    inside(row, planted);
    inside(clopperPearson(row.incidents, row.antecedentIncidents), PLANTED.abc.withdrawnGivenDemand);
    expect(r.findings[0]).toMatch(/^After “demand placed”, the consequence recorded was “demand withdrawn” in 53 % of incidents against 14 % overall .* escape-maintained behaviour; a specialist should assess it\.$/);
    expect(r.findings.some((f) => f.startsWith('After “demand placed”, the behaviour recorded was physical aggression in 57 %'))).toBe(true);
  });

  it('counts every incident once in each table', () => {
    for (const rows of [r.antecedents, r.behaviours, r.consequences]) expect(rows.reduce((t, x) => t + x.incidents, 0)).toBe(982);
    expect(r.conditional.reduce((t, x) => t + x.incidents, 0)).toBe(982);
  });

  it('finds the sample\'s planted shortfall effect among the setting events', () => {
    const short = r.settingEvents.find((e) => e.condition === 'short')!;
    // Shortfall bands one and two-plus carry planted rate ratios 1.6 and 2.4 (confounded a little by agency).
    expect(short.rateRatio!.lower).toBeGreaterThan(PLANTED.shortfallRateRatio.one);
    expect(short.rateRatio!.upper).toBeLessThan(PLANTED.shortfallRateRatio.twoPlus);
    expect(short.incidentShare!).toBeGreaterThan(short.timeShare!);
  });

  it('lists the incidents behind the planted cell, capped, by pseudonym', async () => {
    const cell = await abcCellIncidents(modelOf(db), NO_FILTERS, { antecedent: DEMAND, consequence: PLANTED.abc.withdrawnText });
    const row = r.consequencesGivenAntecedent.find((c) => c.antecedent === DEMAND && c.consequence === PLANTED.abc.withdrawnText)!;
    expect(cell.total).toBe(row.incidents);
    expect(cell.incidents).toHaveLength(50);
    expect(cell.incidents.every((i) => /^Person [0-9A-F]{6}$/.test(i.person))).toBe(true);
  });
});
