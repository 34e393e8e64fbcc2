/**
 * The evidence pack's method notes, limitations and definitions, written from the settings the
 * model actually used (so a changed band edge changes the text) and from the results (so the
 * dispersion said is the one fitted).
 */
import { GRAIN_METHOD } from '../analysis/grain';
import type { StaffingResult } from '../analysis/types';
import type { Settings, ShiftDefinition } from '../model/settings';
import { plausibilityText } from '../ingest/plausible';
import { suppressionRuleText } from './suppression';

export interface Note {
  id: string;
  title: string;
  text: string;
}

const num = (x: number, digits = Number.isInteger(x) ? 0 : 1) => x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (x: number) => `${num(x * 100, 0)} %`;

function periodEnd(s: ShiftDefinition): string {
  const [h, m] = s.start.split(':').map(Number) as [number, number];
  const minutes = Math.round((h * 60 + m + s.hours * 60) % (24 * 60));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export const patternText = (shifts: ShiftDefinition[]) => shifts.map((s) => `${s.name} ${s.start}–${periodEnd(s)}`).join(', ');

/** The definitions the numbers rest on. */
export function definitions(settings: Settings): Note[] {
  const sf = settings.shortfallBandEdges;
  const sh = settings.shareBandEdges;
  const fam = settings.familiarity;
  const own = Object.entries(settings.unitShiftPatterns).map(([u, p]) => ` ${u} uses its own pattern: ${patternText(p)}.`).join('');
  return [
    {
      id: 'def-periods',
      title: 'Shift period',
      text: `Each unit's day is cut into shift periods: ${patternText(settings.shiftPattern)}.${own} A period belongs to the date it starts on.`,
    },
    {
      id: 'def-present',
      title: 'Staff present',
      text: 'The hours of worked shifts on the unit that overlap the period, divided by its length (two people for half a period count as one).',
    },
    {
      id: 'def-required',
      title: 'Staff required',
      text: 'From the staffing requirements; where none is given, the number planned in the rota for that period. A period with neither is left out of the shortage figures.',
    },
    {
      id: 'def-shortfall',
      title: 'Short of staff',
      text: `Shortfall is required minus present, never below zero. Fully staffed: short by less than ${num(sf.one)}. About 1 short: ${num(sf.one)} to less than ${num(sf.twoPlus)}. 2 or more short: ${num(sf.twoPlus)} or more. "Short of staff" means about 1 short or more.`,
    },
    {
      id: 'def-agency',
      title: 'Agency share',
      text: `Agency staff-hours divided by all staff-hours in the period. Bands: none; more than 0 up to ${pct(sh.lowUpper)}; more than ${pct(sh.lowUpper)} up to ${pct(sh.midUpper)}; more than ${pct(sh.midUpper)}.`,
    },
    {
      id: 'def-unfamiliar',
      title: 'Unfamiliar staff',
      text: `A worked shift by someone with fewer than ${fam.minShifts} worked shifts on that unit in the ${fam.windowDays} days before it.`,
    },
    {
      id: 'def-person-periods',
      title: 'Person-periods',
      text: "The time at risk: every shift period of the person's unit between admission and discharge, both days included. Rates are incidents per 100 person-periods.",
    },
    {
      id: 'def-plausible',
      title: 'Values that are not believed',
      text: plausibilityText(settings.plausibility),
    },
    {
      id: 'def-bed-days',
      title: 'Occupied bed days',
      text: 'Days on the unit in the same sense; restrictive interventions are also given per 1,000 occupied bed days, the measure NHS statistics use (MHS96).',
    },
    { id: 'def-grain', title: 'Weeks and months', text: GRAIN_METHOD },
  ];
}

/** How the comparisons are made, and what they cannot say. */
export function methodAndLimitations(s: StaffingResult, settings: Settings, suppressed: boolean): Note[] {
  const m = s.model;
  const dispersion =
    m.dispersion === null ? 'The dispersion could not be computed.'
    : m.widened ? `Here the counts varied more than a Poisson model expects (dispersion ${num(m.dispersion, 2)}, above ${num(settings.dispersionThreshold, 1)}), so every interval was widened by the square root of the dispersion.`
    : `Here the dispersion was ${num(m.dispersion, 2)}, within what the model expects (up to ${num(settings.dispersionThreshold, 1)}), so the intervals were not widened.`;
  const notes: Note[] = [
    {
      id: 'method-rates',
      title: 'How the numbers are made',
      text:
        'Each incident is placed in the shift period in which it happened. Rates are incidents per 100 person-periods, with exact 95 % confidence intervals. ' +
        'Rate ratios come from a Poisson regression with the staffing band, the agency band, the person, the shift and the weekday in the model, so a comparison is like with like. ' +
        'Its dispersion is the Pearson χ² over the model’s cells (person × staffing bands × shift × weekday) divided by their residual degrees of freedom. ' +
        dispersion,
    },
    {
      id: 'method-ci',
      title: 'Reading a 95 % confidence interval',
      text:
        'The interval gives the range of values the data are compatible with. When the interval for a ratio includes 1, the data do not show a difference, and this report does not claim one.',
    },
    {
      id: 'limit-association',
      title: 'Association, not proof',
      text:
        'These numbers show how incidents moved with staffing. They do not prove that short staffing caused the incidents. But they do say what the pattern is, and a pattern this report shows should be explained, not ignored.',
    },
    {
      id: 'limit-reverse',
      title: 'Staff added because a unit is unsettled',
      text:
        'Staff are sometimes added because a unit is unsettled. Then more staff and more incidents go together, which can make "more staff, more incidents" look true, and can hide a real link between short staffing and incidents.',
    },
    {
      id: 'limit-agency',
      title: 'Incidents involving agency staff',
      text:
        'Incidents involving agency staff are known to be under-reported. If that happened here, the rates on shifts with many agency staff are too low, and the real differences may be larger than shown.',
    },
    {
      id: 'limit-small',
      title: 'Small numbers',
      text:
        'With few incidents the intervals are wide and a pattern can be chance. Findings resting on fewer than 10 incidents in all, or fewer than 5 in a group, say so.',
    },
    {
      id: 'limit-recording',
      title: 'Only what was recorded',
      text:
        'The report counts incidents that were written down and staff shifts as the rota records them. Gaps in recording, and periods without a staffing level, are left out and counted in the data notes.',
    },
  ];
  if (suppressed) notes.push({ id: 'method-suppression', title: 'Small numbers suppressed', text: suppressionRuleText() });
  return notes;
}

/**
 * How the ABC numbers (analysis 9) are made: shown on the Methods page and in the evidence
 * pack's specialist section. One definition per number.
 */
export function abcMethodNotes(): Note[] {
  return [
    {
      id: 'abc-counts',
      title: 'Antecedents, behaviours and consequences',
      text:
        'Each incident is counted once under its recorded antecedent, behaviour type and consequence, with case and spaces ignored (“Demand  Placed” is “demand placed”). ' +
        'A blank field is counted as “not recorded”, shown, never dropped. Share = incidents with the value ÷ all incidents in the selection (in the exposure or not; an incident belongs to the date of its shift period). ' +
        'Free-text descriptions are never read.',
    },
    {
      id: 'abc-conditional',
      title: 'Which behaviours and consequences go with which antecedents',
      text:
        'For an antecedent A and a behaviour B: P(B | A) = incidents with both ÷ incidents after A; P(B) = incidents with B ÷ all incidents; the ratio P(B | A) ÷ P(B) says how many times as often B was recorded after A as overall (1 = as often). ' +
        'The same for a consequence after a behaviour, and after an antecedent. ' +
        'The 95 % interval is exact: among the m incidents with B, the number a that followed A is binomial (the exact conditional test that compares the rate of B after A with its rate after anything else, as R’s poisson.test does), so the ratio, which equals (a ÷ m) × N ÷ nA, takes the Clopper–Pearson interval of a ÷ m times N ÷ nA (N incidents in all, nA after A). ' +
        'It was chosen because it is exact for small counts, never gives impossible values, and agrees with R (binom.test, poisson.test) to many digits. Each incident has one value, so with both totals fixed the count is hypergeometric, a little less variable than the binomial: the interval errs on the wide side.',
    },
    {
      id: 'abc-small',
      title: 'Small numbers and what stands out',
      text:
        'A combination is flagged as small numbers when it has fewer than 5 incidents or its antecedent (or behaviour) fewer than 10. It stands out when its interval excludes 1 and it is not small. ' +
        'The sentences name at most 4 combinations per comparison, those recorded more often than overall, strongest (highest lower limit) first. Many combinations are compared at once, so about 1 in 20 with no real difference will still look like one.',
    },
    {
      id: 'abc-function',
      title: 'Patterns that can go with a function of behaviour',
      text:
        'A combination that stands out is matched, on its words, against a short table: a demand, request or task then the demand withdrawn (escape); low attention then attention given (attention); an item denied or refused then the item given (getting an item or activity); being alone or no obvious antecedent (automatic, sensory). ' +
        'A match adds “a pattern that can go with … behaviour; a specialist should assess it”. It is never a finding about function: that needs a specialist, direct observation and the people who know the person.',
    },
    {
      id: 'abc-setting-events',
      title: 'Setting events',
      text:
        'Each person-period (a shift period of the person on their unit) is under a condition or not: short of staff (about one short or more); agency staff on more than half the staff-hours; unfamiliar staff on shift (any unfamiliar hours); a planned strategy of the person not delivered that day (days with no plan rows are unknown and left out); a dated event of the person, or a unit-wide one of their unit, on one of the 3 days before the period’s date (not the day itself, whose order with the incident is not known). ' +
        'Share of incidents = incidents in person-periods under the condition ÷ incidents in person-periods where it is known; share of time = person-periods under it ÷ person-periods where it is known. ' +
        'The rate ratio = (incidents ÷ person-periods under it) ÷ (incidents ÷ person-periods not under it), with the exact conditional interval (given the incidents in all, the number under the condition is binomial; R’s poisson.test). These are crude comparisons: conditions that come together (short and agency) are not separated.',
    },
  ];
}
