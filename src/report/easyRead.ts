/**
 * The easy-read page: one idea a line, short everyday words, a picture for each line. Made from
 * the same results and the same honesty rules as the headline findings: where an interval
 * includes 1 the line says "we are not sure"; counts go through the same NumberPolicy.
 */
import type { Estimate } from '../analysis/types';
import { daysBetween, latestSignal, longDate, spanPhrase } from './findings';
import type { NumberPolicy, ShownComparison } from './suppression';
import type { EvidenceInput } from './types';

/** Pictures shipped in public/icons/<name>.svg. */
export const ICONS = [
  'person',
  'calendar',
  'hard-time',
  'staff-short',
  'agency',
  'restraint',
  'not-sure',
  'better',
  'worse',
  'same',
  'plan',
  'home',
  'together',
  'support',
] as const;
export type IconName = (typeof ICONS)[number];

export interface EasyReadLine {
  id: string;
  icon: IconName;
  text: string;
}

type Reading = 'more' | 'fewer' | 'unsure' | 'unknown';

function read(c: ShownComparison): { reading: Reading; estimate?: Estimate } {
  if (!c.shown) return { reading: 'unknown' };
  const e = c.ratio;
  if (e.lower > 1) return { reading: 'more', estimate: e };
  if (e.upper < 1) return { reading: 'fewer', estimate: e };
  return { reading: 'unsure', estimate: e };
}

/** "about 3 times as often" / "a little more often", from a ratio known to be above 1. */
export function howMuchMore(e: Estimate): string {
  return e.estimate < 1.5 ? 'a little more often' : `about ${Math.round(e.estimate)} times as often`;
}

/** "more than 13 months", "more than 3 weeks", "5 days": whole units, never overstated. */
export function waitPhrase(days: number): string {
  const whole = (size: number, unit: string) => {
    const n = Math.floor(days / size);
    return `${days > n * size ? 'more than ' : ''}${n} ${unit}`;
  };
  if (days >= 61) return whole(30.4375, 'months');
  if (days >= 14) return whole(7, 'weeks');
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * The lines, calling the person `name`. A pseudonym (a code such as "Person 3F2A9C") is said once,
 * on the first line; after that the lines say "this person", because a code on every line is not
 * easy read. A name the person likes to be called is used on every line.
 */
export function easyReadLines(input: EvidenceInput, p: NumberPolicy, called: string, pseudonym = false): EasyReadLine[] {
  const s = input.staffing;
  const { covered } = input.context;
  const name = pseudonym ? 'this person' : called;
  const Name = pseudonym ? 'This person' : called;
  const lines: EasyReadLine[] = [{ id: 'who', icon: 'person', text: `This is about ${called}.` }];
  if (covered.from && covered.to) {
    lines.push({ id: 'when', icon: 'calendar', text: `We looked at ${spanPhrase(covered.days)}: from ${longDate(covered.from)} to ${longDate(covered.to)}.` });
  }
  const total = p.count(s.exposure.incidents);
  const hardTimes =
    total.value === 0 ? 'no hard times'
    : total.value === 1 && !total.rounded ? '1 hard time'
    : `${total.text} hard times`;
  lines.push({ id: 'count', icon: 'hard-time', text: `Staff wrote down ${hardTimes} for ${name}.` });
  if (s.exposure.incidents > 0 && s.exposure.incidents < 10) {
    lines.push({ id: 'few', icon: 'not-sure', text: 'That is only a few, so we cannot be sure about what comes next.' });
  }

  // Staffing: the same comparison the headline leads with (2 or more short, else about 1 short).
  const sr = s.ratesPer100.shortfall;
  const band = s.rateRatios.shortfall.twoPlus ? 'twoPlus' : 'one';
  const staff = read(p.modelRatio(s.rateRatios.shortfall[band], [sr[band].incidents, sr.none.incidents]));
  if (staff.reading === 'more') {
    lines.push({ id: 'staff', icon: 'staff-short', text: `When there were not enough staff, ${name} had more hard times.` });
    lines.push({ id: 'staff-how-much', icon: 'staff-short', text: `Hard times happened ${howMuchMore(staff.estimate!)}.` });
  } else if (staff.reading === 'fewer') {
    lines.push({ id: 'staff', icon: 'staff-short', text: `When there were not enough staff, ${name} had fewer hard times.` });
  } else if (staff.reading === 'unsure') {
    lines.push({ id: 'staff', icon: 'not-sure', text: 'We are not sure if having too few staff made a difference.' });
  } else {
    lines.push({ id: 'staff', icon: 'not-sure', text: 'There is not enough information to say if staffing made a difference.' });
  }

  const ar = s.ratesPer100.agency;
  const agencyBand = (['over50', 'from25To50', 'upTo25'] as const).find((b) => s.rateRatios.agency[b]);
  if (agencyBand) {
    const agency = read(p.modelRatio(s.rateRatios.agency[agencyBand], [ar[agencyBand].incidents, ar.none.incidents]));
    if (agency.reading === 'more') lines.push({ id: 'agency', icon: 'agency', text: `When more staff came from an agency, ${name} had more hard times.` });
    else if (agency.reading === 'fewer') lines.push({ id: 'agency', icon: 'agency', text: `When more staff came from an agency, ${name} had fewer hard times.` });
    else if (agency.reading === 'unsure') lines.push({ id: 'agency', icon: 'not-sure', text: 'We are not sure if agency staff made a difference.' });
  }

  // Who was there: said only when the low-continuity finding is clear (more incidents, interval above 1).
  const who = input.whoWasThere;
  if (who) {
    if (read(p.modelRatio(who.continuityRatio, who.continuityCounts)).reading === 'more') {
      lines.push({ id: 'unfamiliar-staff', icon: 'agency', text: `When ${name} did not know the staff, there were more hard times.` });
    }
  }

  const { withShortfall: w, withoutShortfall: wo } = s.restraintGivenIncident;
  if (w.incidents > 0 && wo.incidents > 0) {
    const r = read(p.riskRatio(w.withIntervention, w.incidents, wo.withIntervention, wo.incidents, s.restraintGivenIncident.riskRatio));
    if (r.reading === 'more') lines.push({ id: 'restraint', icon: 'restraint', text: 'When there were not enough staff, staff more often used restraint or other restrictions.' });
    else if (r.reading === 'fewer') lines.push({ id: 'restraint', icon: 'restraint', text: 'When there were not enough staff, staff less often used restraint or other restrictions.' });
    else if (r.reading === 'unsure') lines.push({ id: 'restraint', icon: 'not-sure', text: 'We are not sure if staffing changed how often restraint was used.' });
  }

  if (input.plan && input.plan.planned > 0) {
    const plan = input.plan;
    const r = read(p.modelRatio(plan.lowDeliveryRatio, [plan.lowDeliveryIncidents, plan.highDeliveryIncidents]));
    if (r.reading === 'more') lines.push({ id: 'plan', icon: 'plan', text: `On days when staff did not do the things in ${name}'s plan, ${name} had more hard times.` });
    else if (r.reading === 'unsure') lines.push({ id: 'plan', icon: 'not-sure', text: `We are not sure if doing the things in ${name}'s plan made a difference.` });
    const staffShare = p.percent(plan.notDeliveredStaffing, plan.notDelivered);
    const tenths = staffShare.value === null ? 0 : Math.round(staffShare.value / 10);
    if (tenths > 0) {
      lines.push({ id: 'plan-staff', icon: 'plan', text: `${tenths} out of every 10 missed plan activities were missed because there were not enough staff.` });
    }
  }

  const c = input.commissioned;
  if (c && c.commissionedHours > 0 && c.staff !== null && c.staff >= 1) {
    const staffWords = c.staff === 1 ? '1 member of staff' : `${c.staff} staff`;
    const when = c.hours === 'all day' ? 'all the time' : `from ${c.hours.replace('–', ' to ')}`;
    lines.push({ id: 'commissioned', icon: 'staff-short', text: `${Name} should have ${staffWords} with them ${when}.` });
    const tenths = Math.round((10 * c.shortHours) / c.commissionedHours);
    const text =
      c.shortHours === 0 ? `There were always enough staff with ${name} in those hours.`
      : tenths === 0 ? `A few times, there were not enough staff with ${name}.`
      : tenths === 10 ? `Almost all the time, there were not enough staff with ${name}.`
      : `In about ${tenths} in every 10 of those hours, there were not enough staff with ${name}.`;
    lines.push({ id: 'commissioned-short', icon: c.shortHours === 0 ? 'support' : 'staff-short', text });
  }

  if (input.trend && input.trend.points > 0) {
    const last = latestSignal(input.trend);
    if (!last) lines.push({ id: 'trend', icon: 'same', text: 'The number of hard times has stayed about the same.' });
    else if (last.variation === 'improvement') {
      lines.push({ id: 'trend', icon: 'better', text: last.recent ? 'Lately there have been fewer hard times.' : 'For a while there were fewer hard times than usual.' });
    } else {
      lines.push({ id: 'trend', icon: 'worse', text: last.recent ? 'Lately there have been more hard times.' : 'For a while there were more hard times than usual.' });
    }
  }

  const person = input.context.person;
  if (person?.readyForDischarge && covered.to && person.readyForDischarge <= covered.to) {
    const left = person.discharged && person.discharged <= covered.to;
    if (!left) {
      lines.push({ id: 'ready', icon: 'home', text: `${Name} was ready to leave on ${longDate(person.readyForDischarge)}.` });
      const days = daysBetween(person.readyForDischarge, covered.to);
      if (days >= 1) lines.push({ id: 'waiting', icon: 'calendar', text: `${Name} was still waiting to leave ${waitPhrase(days)} later.` });
    }
  }

  lines.push({ id: 'together', icon: 'together', text: 'These numbers show what happened at the same time.' });
  lines.push({ id: 'not-proof', icon: 'not-sure', text: 'They do not prove why it happened.' });
  lines.push({ id: 'support', icon: 'support', text: 'Hard times can be a sign that support is not right.' });
  return lines;
}
