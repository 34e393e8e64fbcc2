/**
 * The effects planted in the sample service. Tests and the README read them from here; the app's
 * estimates on the sample data should recover them (within their confidence intervals).
 *
 * Incidents per person-period ~ Poisson(base × shift × weekday × RR_shortfall × RR_agency), with
 * the bands computed by the BRIEF's definitions from the rota the generator writes.
 */
import type { ShareBand, ShortfallBand } from '../src/model/settings';
import type { Weekday } from './lib/calendar';

export const PLANTED = {
  /** Incidence rate ratios by shortfall band of the period (vs fully staffed). */
  shortfallRateRatio: { none: 1, one: 1.6, twoPlus: 2.4 } satisfies Record<ShortfallBand, number>,
  /** Incidence rate ratios by agency-share band of the period (vs no agency). */
  agencyRateRatio: { none: 1, upTo25: 1.2, from25To50: 1.5, over50: 1.8 } satisfies Record<
    ShareBand,
    number
  >,
  /** Time-of-day multipliers by shift period. */
  shiftEffect: { Early: 1, Late: 1.3, Night: 0.45 } as Record<string, number>,
  weekdayEffect: { Mon: 1, Tue: 0.95, Wed: 1, Thu: 1.05, Fri: 1.1, Sat: 1.2, Sun: 1.15 } satisfies Record<
    Weekday,
    number
  >,
  /** Each person's base rate (incidents per person-period) lies in this range. */
  baseRate: { min: 0.03, max: 0.12 },
  /** P(at least one restrictive intervention | incident), by whether the period was short (band ≠ none). */
  restraint: { riskWithoutShortfall: 0.22, riskRatioWithShortfall: 1.7 },
  /** P(a planned strategy is not delivered), by whether any period of the person's unit that day was short. */
  planNotDelivered: { fullyStaffedDay: 0.08, shortDay: 0.4 },
  /** On short days, the share of undelivered strategies whose reason is "not enough staff". */
  notEnoughStaffShareOnShortDays: 0.8,
  /**
   * The ABC pattern (lib/incidents.ts plantAbc, its own random stream): P(antecedent = demand
   * placed | behaviour), and P(consequence = "demand withdrawn" | antecedent demand or not).
   * So after a demand, physical aggression is more likely than overall, and the demand is
   * withdrawn far more often than after anything else (an escape-like pattern to be recovered).
   */
  abc: {
    demandGivenPhysicalAggression: 0.45,
    demandGivenOtherBehaviour: 0.12,
    withdrawnGivenDemand: 0.5,
    withdrawnGivenOtherAntecedent: 0.05,
    withdrawnText: 'demand withdrawn',
  },
} as const;

/**
 * The ratio P(B | A) / P(B) the planted probabilities imply when P(A | B) = pGiven, P(A | not B) =
 * pOtherwise and B is a share `share` of incidents: P(A | B) / P(A) by Bayes.
 */
export function impliedRatio(pGiven: number, pOtherwise: number, share: number): number {
  return pGiven / (share * pGiven + (1 - share) * pOtherwise);
}

export const RESTRAINT_RISK = {
  withoutShortfall: PLANTED.restraint.riskWithoutShortfall,
  withShortfall: PLANTED.restraint.riskWithoutShortfall * PLANTED.restraint.riskRatioWithShortfall,
} as const;
