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

/**
 * Digits for a ratio in a sentence: one decimal ("5.5 times"), none from 10 up ("36 times"), and
 * two only where one decimal would blur the estimate or a bound into 1.0.
 */
export function ratioDigits(e: Estimate): number {
  const one = (x: number) => fmt(x, 1) === '1.0';
  if (one(e.estimate) || one(e.lower) || one(e.upper)) return 2;
  return e.lower >= 10 ? 0 : 1;
}

/** "95 % CI 4.8 to 6.2", at the ratio's own digits. */
export const ratioCi = (e: Estimate) => ci(e, ratioDigits(e));

/** "about 5.5 times as likely", "about 0.6 times as often, that is less often". */
export function timesAs(e: Estimate, word: string): string {
  const less = e.estimate < 1 ? `, that is less ${word.replace(/^as /, '')}` : '';
  return `about ${fmt(e.estimate, ratioDigits(e))} times ${word}${less}`;
}


/**
 * One rate ratio in one sentence, the condition first: "When the unit was two or more staff
 * short, incidents happened about 2.6 times as often as when it was fully staffed (95 % CI …)."
 */
export function readRateRatio(e: Estimate | null, when: string, against: string): string | null {
  if (!e) return null;
  if (e.lower > 1) return `${when}, incidents happened ${timesAs(e, 'as often')} as ${against} (${ratioCi(e)}).`;
  if (e.upper < 1) return `${when}, incidents happened less often than ${against}: ${timesAs(e, 'as often').replace(/, that is less often$/, '')} (${ratioCi(e)}).`;
  return `${when}, these numbers cannot tell whether incidents happened more or less often than ${against} (rate ratio ${fmt(e.estimate, ratioDigits(e))}, ${ratioCi(e)}).`;
}

export function headlineSentence(r: Numbers): string {
  if (r.exposure.personPeriods === 0) return 'There is no exposure in this selection: no periods of any person on a rota-covered unit.';
  const sf = r.rateRatios.shortfall.twoPlus
    ? readRateRatio(r.rateRatios.shortfall.twoPlus, 'When the unit was two or more staff short', 'when it was fully staffed')
    : readRateRatio(r.rateRatios.shortfall.one, 'When the unit was about one staff member short', 'when it was fully staffed');
  const ag = readRateRatio(r.rateRatios.agency.over50, 'When agency staff worked more than half of the hours', 'when there were no agency staff');
  if (!sf) {
    return `${r.model.message ?? 'The staffing model could not be estimated for this selection.'} ` +
      `${fmt(r.exposure.incidents, 0)} incidents in ${fmt(r.exposure.personPeriods, 0)} person-periods.`;
  }
  const small = r.exposure.incidents < SMALL ? ` These are small numbers (${r.exposure.incidents} incidents): read them with care.` : '';
  const likeWithLike = ag ? 'Both compare like with like' : 'This compares like with like';
  return `${[sf, ag].filter((x) => x !== null).join(' ')} ${likeWithLike}: the same person, on the same shift and day of the week.${small} This is an association, not proof of cause.`;
}

/**
 * The excess, not causal: how many more incidents happened than fully staffed periods would
 * predict, with the caveat beside the number.
 */
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
  if (!e) return 'The number of incidents above what fully staffed periods would predict cannot be estimated for this selection.';
  const range = (a: number, b: number) => `95 % CI ${fmt(a, 0)} to ${fmt(b, 0)}`;
  if (e.lower <= 0 && e.upper >= 0) {
    return `The model does not show whether more or fewer incidents happened than fully staffed periods would predict ` +
      `(its estimate: ${e.estimate >= 0 ? `${fmt(e.estimate, 0)} more` : `${fmt(-e.estimate, 0)} fewer`}, ${range(e.lower, e.upper)}).`;
  }
  if (e.estimate < 0) {
    return `About ${fmt(-e.estimate, 0)} fewer incidents happened than fully staffed periods would predict (${range(-e.upper, -e.lower)}), out of ${fmt(r.exposure.incidents, 0)}: ` +
      'these numbers do not suggest that full staffing would have meant fewer.';
  }
  return `About ${fmt(e.estimate, 0)} more incidents happened than fully staffed periods would predict (${range(e.lower, e.upper)}), out of ${fmt(r.exposure.incidents, 0)}. ` +
    'If the link is causal, full staffing would have meant about that many fewer.';
}

export function restraintSentence(r: Numbers): string {
  const { withShortfall: w, withoutShortfall: wo, riskRatio } = r.restraintGivenIncident;
  if (w.share === null || wo.share === null) return 'There are not enough incidents with and without a staff shortfall to compare how often they ended in a restrictive intervention.';
  const pct = (x: number) => `${fmt(100 * x, 0)} %`;
  const base = `${pct(w.share)} of incidents in periods short of staff ended in a restrictive intervention (${w.withIntervention} of ${w.incidents}), against ${pct(wo.share)} in fully staffed periods (${wo.withIntervention} of ${wo.incidents})`;
  if (!riskRatio) return `${base}.`;
  if (riskRatio.lower > 1 || riskRatio.upper < 1) return `${base}: ${timesAs(riskRatio, 'as likely')} (${ratioCi(riskRatio)}).`;
  return `${base}; the difference is not clear (risk ratio ${fmt(riskRatio.estimate, ratioDigits(riskRatio))}, ${ratioCi(riskRatio)}).`;
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
