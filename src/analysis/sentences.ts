/**
 * Plain-English readings of the staffing results. Numbers come only from the results; a
 * comparison whose interval includes 1 is never called an effect; small numbers are said.
 */
import type { ShortfallBand } from '../model/settings';
import type { Estimate, StaffingResult } from './types';

type Numbers = Omit<StaffingResult, 'headline' | 'excessSentence' | 'restraintSentence' | 'nobodyWorkedSentence'>;

const SMALL = 10;

export const fmt = (x: number, digits = 1): string =>
  x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ci = (e: Estimate, digits = 1) => `95 % CI ${fmt(e.lower, digits)} to ${fmt(e.upper, digits)}`;

/** "2.1 times as frequent" / "no clear difference" for a rate ratio and the condition it compares. */
export function readRateRatio(e: Estimate | null, condition: string): string | null {
  if (!e) return null;
  if (e.lower > 1) return `Incidents were ${fmt(e.estimate)} times as frequent ${condition} (${ci(e)})`;
  if (e.upper < 1) return `Incidents were ${fmt(e.estimate)} times as frequent ${condition}, that is less frequent (${ci(e)})`;
  return `There was no clear difference in incident rates ${condition} (rate ratio ${fmt(e.estimate)}, ${ci(e)})`;
}

export function headlineSentence(r: Numbers): string {
  if (r.exposure.personPeriods === 0) return 'There is no exposure in this selection: no periods of any person on a rota-covered unit.';
  const sf = r.rateRatios.shortfall.twoPlus
    ? readRateRatio(r.rateRatios.shortfall.twoPlus, 'when the unit was two or more staff short than when it was fully staffed')
    : readRateRatio(r.rateRatios.shortfall.one, 'when the unit was about one staff member short than when it was fully staffed');
  const ag = readRateRatio(r.rateRatios.agency.over50, 'when more than half the staff-hours were agency than when there were no agency staff');
  if (!sf) {
    return `${r.model.message ?? 'The staffing model could not be estimated for this selection.'} ` +
      `${fmt(r.exposure.incidents, 0)} incidents in ${fmt(r.exposure.personPeriods, 0)} person-periods.`;
  }
  // Second clause joins the first: "…; and incidents were …".
  const parts = [sf, ag ? `and ${ag.charAt(0).toLowerCase()}${ag.slice(1)}` : null].filter((x): x is string => x !== null);
  const small = r.exposure.incidents < SMALL ? ` These are small numbers (${r.exposure.incidents} incidents): read them with care.` : '';
  return `${parts.join('; ')}, comparing like with like (same person, shift and weekday).${small} This is an association, not proof of cause.`;
}

export function excessSentence(r: Numbers): string {
  const left = excessLeftOutClause(r.excessLeavesOut ?? []);
  return excessClaim(r) + left;
}

/** " Periods about one staff short had no incidents, so they are left out of this estimate." */
export function excessLeftOutClause(bands: readonly ShortfallBand[]): string {
  if (bands.length === 0) return '';
  const words = bands.map((b) => (b === 'one' ? 'about one staff short' : 'two or more staff short')).join(' and ');
  return ` Periods ${words} had no incidents, so they are left out of this estimate.`;
}

function excessClaim(r: Numbers): string {
  const e = r.excessIncidents;
  if (!e) return 'The number of incidents that full staffing might have avoided cannot be estimated for this selection.';
  const n = Math.round(e.estimate);
  if (e.lower <= 0 && e.upper >= 0) {
    return `Had every period been fully staffed, the model does not show a clear change in the number of incidents ` +
      `(${fmt(e.estimate, 0)} fewer, 95 % CI ${fmt(e.lower, 0)} to ${fmt(e.upper, 0)}).`;
  }
  if (n < 0) {
    return `Had every period been fully staffed, about ${fmt(-e.estimate, 0)} more incidents would be expected (95 % CI ${fmt(-e.upper, 0)} to ${fmt(-e.lower, 0)}).`;
  }
  return `Had every period been fully staffed, about ${fmt(e.estimate, 0)} fewer incidents would be expected ` +
    `(95 % CI ${fmt(e.lower, 0)} to ${fmt(e.upper, 0)}), out of ${fmt(r.exposure.incidents, 0)}.`;
}

export function restraintSentence(r: Numbers): string {
  const { withShortfall: w, withoutShortfall: wo, riskRatio } = r.restraintGivenIncident;
  if (w.share === null || wo.share === null) return 'There are not enough incidents with and without a staff shortfall to compare how often they ended in a restrictive intervention.';
  const pct = (x: number) => `${fmt(100 * x, 0)} %`;
  const base = `${pct(w.share)} of incidents in periods short of staff ended in a restrictive intervention (${w.withIntervention} of ${w.incidents}), against ${pct(wo.share)} in fully staffed periods (${wo.withIntervention} of ${wo.incidents})`;
  if (!riskRatio) return `${base}.`;
  if (riskRatio.lower > 1 || riskRatio.upper < 1) return `${base}: a risk ratio of ${fmt(riskRatio.estimate, 2)} (${ci(riskRatio, 2)}).`;
  return `${base}; the difference is not clear (risk ratio ${fmt(riskRatio.estimate, 2)}, ${ci(riskRatio, 2)}).`;
}

/**
 * The check without the periods in which nobody worked: how many there were, and the shortfall
 * rate ratios without them beside the ones with them.
 */
export function nobodyWorkedSentence(r: Numbers): string {
  const w = r.withoutNobodyWorked;
  if (!w) return '';
  const rr = (e: Estimate | null) => (e ? `${fmt(e.estimate, 2)} (${ci(e, 2)})` : 'not estimable');
  const periods = `${fmt(w.periods, 0)} unit ${w.periods === 1 ? 'period' : 'periods'}`;
  return (
    `In ${periods} nobody worked: every rota line was unfilled, sick or cancelled. They count as the deepest shortfall ` +
    `(${fmt(w.personPeriods, 0)} person-periods, ${fmt(w.incidents, 0)} incidents). Without them, as a check, the rate ratios are ` +
    `${rr(w.rateRatios.shortfall.one)} for periods about one staff short and ${rr(w.rateRatios.shortfall.twoPlus)} for two or more short ` +
    `(with them: ${rr(r.rateRatios.shortfall.one)} and ${rr(r.rateRatios.shortfall.twoPlus)}).`
  );
}
