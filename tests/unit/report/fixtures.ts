/** Constructed result objects for the report's text functions: numbers chosen by hand. */
import type { Estimate, RateCell, StaffingResult } from '../../../src/analysis/types';
import type { EvidenceContext, PersonContext } from '../../../src/report/context';
import type { EvidenceInput } from '../../../src/report/types';

export const cell = (incidents: number, personPeriods: number): RateCell => ({
  incidents,
  personPeriods,
  rate: personPeriods > 0 ? (100 * incidents) / personPeriods : null,
  lower: null,
  upper: null,
});

export const est = (estimate: number, lower: number, upper: number): Estimate => ({ estimate, lower, upper });

/** A clear effect: 136 incidents; 81 of them in short periods (372 of 1,095 person-periods). */
export function effectStaffing(): StaffingResult {
  return {
    filters: { from: null, to: null, unit: null, personId: 'P002' },
    exposure: { periods: 1095, personPeriods: 1095, incidents: 136, incidentsOutsideExposure: 0 },
    ratesPer100: {
      shortfall: { none: cell(55, 723), one: cell(47, 212), twoPlus: cell(34, 160) },
      agency: { none: cell(31, 485), upTo25: cell(37, 200), from25To50: cell(47, 277), over50: cell(21, 133) },
      unfamiliar: { none: cell(45, 489), upTo25: cell(41, 249), from25To50: cell(36, 261), over50: cell(14, 96) },
    },
    rateRatios: {
      shortfall: { one: est(1.5, 1.1, 2.0), twoPlus: est(2.1, 1.7, 2.6) },
      agency: { upTo25: est(2.09, 1.28, 3.41), from25To50: est(2.68, 1.7, 4.24), over50: est(2.8, 1.6, 4.9) },
    },
    model: { fitted: true, message: null, dispersion: 1.12, widened: false, cells: 300, personPeriods: 1095 },
    excessIncidents: est(53.2, 43.1, 63.4),
    excessLeavesOut: [],
    withoutNobodyWorked: null,
    nobodyWorkedSentence: '',
    restraintGivenIncident: {
      withShortfall: { incidents: 81, withIntervention: 32, share: 32 / 81 },
      withoutShortfall: { incidents: 55, withIntervention: 11, share: 11 / 55 },
      riskRatio: est(1.98, 1.09, 3.58),
    },
    warnings: [],
    headline: '',
    excessSentence: '',
    restraintSentence: '',
  };
}

/** No clear effect anywhere: every interval includes 1 (or 0 for the excess). */
export function noEffectStaffing(): StaffingResult {
  const s = effectStaffing();
  s.rateRatios = {
    shortfall: { one: est(0.9, 0.6, 1.4), twoPlus: est(1.2, 0.8, 1.9) },
    agency: { upTo25: est(1.1, 0.7, 1.6), from25To50: est(1.0, 0.7, 1.5), over50: est(1.3, 0.9, 1.96) },
  };
  s.excessIncidents = est(3.2, -4.1, 10.6);
  // 20/81 vs 11/55: RR 1.23, log-scale Wald interval 0.64 to 2.37.
  s.restraintGivenIncident.riskRatio = est(1.2346, 0.6437, 2.3679);
  s.restraintGivenIncident.withShortfall = { incidents: 81, withIntervention: 20, share: 20 / 81 };
  s.restraintGivenIncident.withoutShortfall = { incidents: 55, withIntervention: 11, share: 11 / 55 };
  return s;
}

/** Seven incidents in all. */
export function smallStaffing(): StaffingResult {
  const s = effectStaffing();
  s.exposure = { periods: 650, personPeriods: 650, incidents: 7, incidentsOutsideExposure: 0 };
  s.ratesPer100.shortfall = { none: cell(4, 500), one: cell(2, 100), twoPlus: cell(1, 50) };
  s.ratesPer100.agency = { none: cell(3, 300), upTo25: cell(2, 200), from25To50: cell(1, 100), over50: cell(1, 50) };
  s.rateRatios = {
    shortfall: { one: est(2.5, 0.45, 13.6), twoPlus: est(2.9, 0.3, 26.1) },
    agency: { upTo25: est(1.0, 0.2, 6.0), from25To50: est(1.0, 0.1, 9.6), over50: est(2.0, 0.2, 19.2) },
  };
  s.excessIncidents = est(1.6, -1.8, 5.0);
  s.restraintGivenIncident = {
    withShortfall: { incidents: 3, withIntervention: 1, share: 1 / 3 },
    withoutShortfall: { incidents: 4, withIntervention: 1, share: 1 / 4 },
    riskRatio: est(1.33, 0.12, 14.7),
  };
  return s;
}

export function person(overrides: Partial<PersonContext> = {}): PersonContext {
  return {
    personId: 'P002',
    label: 'Person 3F2A9C',
    name: 'Zoë Hartley',
    unit: 'Oak',
    admitted: '2021-07-26',
    discharged: null,
    readyForDischarge: '2024-11-04',
    commissionedRatio: '1:1',
    commissionedFrom: null,
    commissionedTo: null,
    inferred: false,
    ...overrides,
  };
}

/** 12 weeks: 1 October to 23 December 2025 is 84 days. */
export function context(overrides: Partial<EvidenceContext> = {}): EvidenceContext {
  return { person: person(), covered: { from: '2025-10-01', to: '2025-12-23', days: 84 }, imports: [], ...overrides };
}

export function input(staffing: StaffingResult, extra: Partial<EvidenceInput> = {}): EvidenceInput {
  return { staffing, context: context(), ...extra };
}
