/** Plain result types the analyses hand to the views, the CLI and the tests. */
import type { ShareBand, ShortfallBand } from '../model/settings';

// The filters are the model's (its tables are cut by them); re-exported for the views and the CLI.
import type { Filters } from '../model/filters';
export { NO_FILTERS, type Filters } from '../model/filters';

export interface RateCell {
  incidents: number;
  personPeriods: number;
  /** Incidents per 100 person-periods, with an exact (Garwood) 95 % interval. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
}

export interface StaffingResult {
  filters: Filters;
  exposure: { periods: number; personPeriods: number; incidents: number; incidentsOutsideExposure: number };
  ratesPer100: {
    shortfall: Record<ShortfallBand, RateCell>;
    agency: Record<ShareBand, RateCell>;
    unfamiliar: Record<ShareBand, RateCell>;
  };
  /** Incidence rate ratios vs the 'none' band from the Poisson model; null where not estimable. */
  rateRatios: {
    shortfall: { one: Estimate | null; twoPlus: Estimate | null };
    agency: { upTo25: Estimate | null; from25To50: Estimate | null; over50: Estimate | null };
  };
  model: {
    fitted: boolean;
    /** Why the model could not be fitted, in plain words. */
    message: string | null;
    dispersion: number | null;
    /** True when intervals were widened by √dispersion. */
    widened: boolean;
    cells: number;
    personPeriods: number;
  };
  /** Observed minus expected had every period been fully staffed. */
  excessIncidents: Estimate | null;
  /** Short bands with person-periods but no incidents: no rate ratio, so left out of the excess. */
  excessLeavesOut: ShortfallBand[];
  /**
   * The check the BRIEF asks for: the model refitted without the periods in which nobody worked
   * (kept in every other number, shortfall = required); null when there are none in the selection.
   */
  withoutNobodyWorked: {
    /** Unit periods in which nobody worked, and the person-periods and incidents in them. */
    periods: number;
    personPeriods: number;
    incidents: number;
    rateRatios: StaffingResult['rateRatios'];
    widened: boolean;
  } | null;
  restraintGivenIncident: {
    withShortfall: { incidents: number; withIntervention: number; share: number | null };
    withoutShortfall: { incidents: number; withIntervention: number; share: number | null };
    riskRatio: Estimate | null;
  };
  /** Periods left out of the shortage analysis because no requirement or plan exists for them. */
  warnings: string[];
  /** One plain-English sentence reading the headline. */
  headline: string;
  /** "Had every period been fully staffed, about N fewer incidents …" */
  excessSentence: string;
  restraintSentence: string;
  /** The rate ratios without the periods in which nobody worked, in words ('' when there are none). */
  nobodyWorkedSentence: string;
}
