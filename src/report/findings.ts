/**
 * Headline findings in plain English, from the engine's results only: every number in a sentence
 * comes from a result object through the NumberPolicy (so suppression reads the same in text,
 * charts and tables). A comparison whose 95 % interval includes 1 (or, for a count, 0) is never
 * called an effect; small numbers are said out loud.
 */
import type { Estimate, RateCell, StaffingResult } from '../analysis/types';
import { excessLeftOutClause } from '../analysis/sentences';
import type { CoveredRange, PersonContext } from './context';
import { isSuppressedCount, type NumberPolicy, type Shown, type ShownComparison } from './suppression';
import type { EvidenceInput, Finding, PlanReading, RestrictiveReading, TrendReading, CommissionedReading } from './types';

/** Fewer incidents than this in the whole selection and the findings say the numbers are small. */
export const SMALL_TOTAL = 10;
/** A band with fewer incidents than this is flagged. */
export const SMALL_BAND = 5;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "4 November 2024" from an ISO date, without time zones. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** Whole days from one ISO date to another (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** How long the report covers, in the unit a reader would use: days, weeks or months. */
export function spanPhrase(days: number): string {
  if (days <= 1) return 'one day';
  if (days < 14) return `${days} days`;
  if (days < 183) return `${Math.round(days / 7)} weeks`;
  return `${Math.round(days / 30.4375)} months`;
}

const num = (x: number, digits: number) => x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Ratio digits: one decimal, two where one decimal would blur a bound into 1.0. */
function ratioDigits(e: Estimate): number {
  return num(e.lower, 1) === '1.0' || num(e.upper, 1) === '1.0' || num(e.estimate, 1) === '1.0' ? 2 : 1;
}

export function ciText(e: Estimate, digits = ratioDigits(e)): string {
  return `95 % CI ${num(e.lower, digits)} to ${num(e.upper, digits)}`;
}

/** Whether an interval for a ratio shows a difference. */
export const clearRatio = (e: Estimate) => e.lower > 1 || e.upper < 1;

/** "Physical restraint" → "physical restraint", but "PRN medication" stays. */
export const lowerFirst = (s: string) => (/^[A-Z]{2}/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

/** "about 60 incidents", "fewer than 5 incidents", "1 incident", "no incidents". */
export function countOf(shown: Shown, one: string, many = `${one}s`): string {
  if (shown.value === 0) return `no ${many}`;
  if (shown.value === 1 && !shown.rounded) return `1 ${one}`;
  return `${shown.text} ${many}`;
}

const sum = (cells: RateCell[], key: 'incidents' | 'personPeriods') => cells.reduce((t, c) => t + c[key], 0);

/**
 * "In these 12 weeks, 61 % of incidents happened in periods that were short of staff; those
 * periods were 24 % of the time." Only periods with a known staffing level count.
 */
export function shortfallShareFinding(s: StaffingResult, covered: CoveredRange, p: NumberPolicy): Finding {
  const { none, one, twoPlus } = s.ratesPer100.shortfall;
  const incShort = one.incidents + twoPlus.incidents;
  const incAll = sum([none, one, twoPlus], 'incidents');
  const ppShort = one.personPeriods + twoPlus.personPeriods;
  const ppAll = sum([none, one, twoPlus], 'personPeriods');
  const lead = `In these ${spanPhrase(covered.days)}`;
  if (ppAll === 0) {
    return { id: 'shortfall-share', kind: 'fact', text: `${lead}, no periods had a known staffing level, so incidents cannot be set against staffing.` };
  }
  const time = p.shareOfExposure(ppShort, ppAll);
  if (incAll === 0) {
    return {
      id: 'shortfall-share',
      kind: 'fact',
      text: `${lead}, no incidents were recorded in periods with a known staffing level. Periods short of staff were ${time.text} of the time.`,
    };
  }
  const share = p.percent(incShort, incAll);
  if (share.suppressed) {
    return {
      id: 'shortfall-share',
      kind: 'withheld',
      text: `${lead}, ${p.count(incShort).text} of ${countOf(p.count(incAll), 'incident')} happened in periods that were short of staff; those periods were ${time.text} of the time.`,
    };
  }
  return {
    id: 'shortfall-share',
    kind: 'fact',
    text: `${lead}, ${share.text} of incidents (${p.count(incShort).text} of ${p.count(incAll).text}) happened in periods that were short of staff; those periods were ${time.text} of the time.`,
  };
}

const upperFirst = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
/** "About 53" for a model estimate; a rounded (suppressed-style) count already says "about". */
const aboutCount = (est: Shown) => (est.rounded ? upperFirst(est.text) : `About ${est.text}`);

/**
 * A rate ratio against a reference condition, read honestly, the condition first and one ratio a
 * sentence: "When the unit was 2 or more staff short, incidents happened about 2.1 times as often
 * as when it was fully staffed (95 % CI 1.7 to 2.6)."
 */
export function rateRatioSentence(c: ShownComparison, condition: string, reference: string, id: string, guardText: string): Finding | null {
  if (!c.shown) {
    if (c.reason === 'not estimable') return null;
    return { id, kind: 'withheld', text: `The comparison ${condition} is not shown: ${guardText}.` };
  }
  const e = c.ratio;
  const d = ratioDigits(e);
  if (e.lower > 1) {
    return { id, kind: 'effect', text: `${upperFirst(condition)}, incidents happened about ${num(e.estimate, d)} times as often as ${reference} (${ciText(e, d)}).` };
  }
  if (e.upper < 1) {
    return {
      id,
      kind: 'effect',
      text: `${upperFirst(condition)}, incidents happened less often: about ${num(e.estimate, d)} times the rate ${reference} (${ciText(e, d)}).`,
    };
  }
  return {
    id,
    kind: 'noEffect',
    text:
      `These numbers cannot tell whether incidents happened more or less often ${condition} than ${reference}: ` +
      `the difference could be chance (rate ratio ${num(e.estimate, d)}, ${ciText(e, d)}).`,
  };
}

const SHORTFALL_CONDITION = { one: 'when the unit was about 1 staff member short', twoPlus: 'when the unit was 2 or more staff short' };
const AGENCY_CONDITION = {
  over50: 'when agency staff worked more than half of the hours',
  from25To50: 'when agency staff worked more than 25 % up to 50 % of the hours',
  upTo25: 'when agency staff worked up to 25 % of the hours',
};

function guardText(p: NumberPolicy, incidents: number, where: string): string {
  return `${countOf(p.count(incidents), 'incident')} happened ${where}`;
}

export function shortfallRatioFindings(s: StaffingResult, p: NumberPolicy): Finding[] {
  const out: Finding[] = [];
  const rates = s.ratesPer100.shortfall;
  for (const band of ['twoPlus', 'one'] as const) {
    const guards = [rates[band].incidents, rates.none.incidents];
    const small = guards.find(isSuppressedCount);
    const where = small === rates[band].incidents ? SHORTFALL_CONDITION[band].replace('when the unit was', 'in periods') : 'in fully staffed periods';
    const f = rateRatioSentence(
      p.modelRatio(s.rateRatios.shortfall[band], guards),
      SHORTFALL_CONDITION[band],
      'when it was fully staffed',
      `shortfall-${band}`,
      small !== undefined ? guardText(p, small, where) : '',
    );
    if (f) out.push(f);
  }
  return out;
}

/** The agency comparison for the highest agency band that could be estimated. */
export function agencyRatioFinding(s: StaffingResult, p: NumberPolicy): Finding | null {
  const rates = s.ratesPer100.agency;
  for (const band of ['over50', 'from25To50', 'upTo25'] as const) {
    const e = s.rateRatios.agency[band];
    if (!e) continue;
    const guards = [rates[band].incidents, rates.none.incidents];
    const small = guards.find(isSuppressedCount);
    return rateRatioSentence(
      p.modelRatio(e, guards),
      AGENCY_CONDITION[band],
      'when there were no agency staff',
      `agency-${band}`,
      small !== undefined ? guardText(p, small, small === rates.none.incidents ? 'in periods without agency staff' : 'in those periods') : '',
    );
  }
  return null;
}

/**
 * The excess, never causal: "About 53 more incidents happened than fully staffed periods would
 * predict (95 % CI 43 to 63), out of 136 incidents. If the link is causal, full staffing would
 * have meant about that many fewer."
 */
export function excessFinding(s: StaffingResult, p: NumberPolicy): Finding | null {
  const finding = excessFindingAlone(s, p);
  // A band without incidents drops out of the estimate: the finding says so, as the page does.
  if (!finding || finding.kind === 'withheld') return finding;
  return { ...finding, text: finding.text + excessLeftOutClause(s.excessLeavesOut ?? []) };
}

function excessFindingAlone(s: StaffingResult, p: NumberPolicy): Finding | null {
  const e = s.excessIncidents;
  if (!e) return null;
  const short = s.ratesPer100.shortfall.one.incidents + s.ratesPer100.shortfall.twoPlus.incidents;
  if (p.suppress && isSuppressedCount(short)) {
    return { id: 'excess', kind: 'withheld', text: 'How many more incidents happened than fully staffed periods would predict is not shown: too few incidents happened in periods short of staff.' };
  }
  const b = (x: number) => p.estimateBound(x).text;
  if (e.lower <= 0 && e.upper >= 0) {
    return {
      id: 'excess',
      kind: 'noEffect',
      text:
        `These numbers cannot tell whether more or fewer incidents happened than fully staffed periods would predict: ` +
        `the estimate was ${e.estimate >= 0 ? `${b(e.estimate)} more` : `${b(-e.estimate)} fewer`}, but the interval (95 % CI ${b(e.lower)} to ${b(e.upper)}) includes none.`,
    };
  }
  const total = countOf(p.count(s.exposure.incidents), 'incident');
  if (e.estimate < 0) {
    return {
      id: 'excess',
      kind: 'effect',
      text: `${aboutCount(p.estimatedCount(-e.estimate))} fewer incidents happened than fully staffed periods would predict (95 % CI ${b(-e.upper)} to ${b(-e.lower)}), out of ${total}: these numbers do not suggest that full staffing would have meant fewer.`,
    };
  }
  const est = p.estimatedCount(e.estimate);
  const more = est.suppressed
    ? `Slightly more incidents happened than fully staffed periods would predict (${est.text} more; 95 % CI ${b(e.lower)} to ${b(e.upper)})`
    : `${aboutCount(est)} more incidents happened than fully staffed periods would predict (95 % CI ${b(e.lower)} to ${b(e.upper)})`;
  return { id: 'excess', kind: 'effect', text: `${more}, out of ${total}. If the link is causal, full staffing would have meant about that many fewer.` };
}

/** How often incidents ended in a restrictive intervention, short-staffed vs fully staffed. */
export function restraintFindings(s: StaffingResult, p: NumberPolicy): Finding[] {
  const { withShortfall: w, withoutShortfall: wo } = s.restraintGivenIncident;
  if (w.incidents === 0 || wo.incidents === 0) return [];
  // "40 % of incidents (32 of 81)", or "fewer than 5 of 80 incidents" when the share is withheld.
  const part = (g: { incidents: number; withIntervention: number }, lead: boolean) => {
    const pc = p.percent(g.withIntervention, g.incidents);
    const counts = `${p.count(g.withIntervention).text} of ${p.count(g.incidents).text}`;
    if (pc.suppressed) return lead ? `${counts} incidents` : counts;
    return lead ? `${pc.text} of incidents (${counts})` : `${pc.text} (${counts})`;
  };
  const out: Finding[] = [
    {
      id: 'restraint-share',
      kind: 'fact',
      text: `When the unit was short of staff, ${part(w, true)} ended in a restrictive intervention, against ${part(wo, false)} when it was fully staffed.`,
    },
  ];
  const rr = p.riskRatio(w.withIntervention, w.incidents, wo.withIntervention, wo.incidents, s.restraintGivenIncident.riskRatio);
  if (!rr.shown) {
    if (rr.reason === 'withheld') out.push({ id: 'restraint-rr', kind: 'withheld', text: 'The comparison of these shares is not shown: it rests on fewer than 5 incidents.' });
    return out;
  }
  const e = rr.ratio;
  const d = ratioDigits(e);
  if (e.lower > 1) {
    out.push({ id: 'restraint-rr', kind: 'effect', text: `When the unit was short of staff, incidents were about ${num(e.estimate, d)} times as likely to end in a restrictive intervention (${ciText(e, d)}).` });
  } else if (e.upper < 1) {
    out.push({ id: 'restraint-rr', kind: 'effect', text: `When the unit was short of staff, incidents were less likely to end in a restrictive intervention: about ${num(e.estimate, d)} times as likely (${ciText(e, d)}).` });
  } else {
    out.push({
      id: 'restraint-rr',
      kind: 'noEffect',
      text: `These numbers cannot tell whether short staffing changed how often incidents ended in a restrictive intervention: the difference could be chance (risk ratio ${num(e.estimate, d)}, ${ciText(e, d)}).`,
    });
  }
  return out;
}

/** Small numbers, said: the whole selection, and any staffing band resting on fewer than 5 incidents. */
export function smallNumberFindings(s: StaffingResult, p: NumberPolicy): Finding[] {
  const out: Finding[] = [];
  const total = s.exposure.incidents;
  if (total < SMALL_TOTAL) {
    out.push({
      id: 'small-total',
      kind: 'small',
      text: `These are small numbers: ${countOf(p.count(total), 'incident')} in this period. With so few, the intervals are wide and a pattern could be chance.`,
    });
  }
  const bands = s.ratesPer100.shortfall;
  const thin = (['none', 'one', 'twoPlus'] as const).filter((b) => bands[b].personPeriods > 0 && bands[b].incidents > 0 && bands[b].incidents < SMALL_BAND);
  if (thin.length > 0 && total >= SMALL_TOTAL) {
    const where = { none: 'fully staffed periods', one: 'periods about 1 staff member short', twoPlus: 'periods 2 or more staff short' };
    out.push({
      id: 'small-bands',
      kind: 'small',
      text: `Fewer than ${SMALL_BAND} incidents happened in ${thin.map((b) => where[b]).join(' and in ')}: comparisons with ${thin.length === 1 ? 'it' : 'them'} rest on very few incidents.`,
    });
  }
  return out;
}

/** The headline findings, in reading order. */
export function headlineFindings(input: EvidenceInput, p: NumberPolicy): Finding[] {
  const s = input.staffing;
  const out: Finding[] = [];
  if (s.exposure.personPeriods === 0) {
    return [{ id: 'no-exposure', kind: 'fact', text: 'There is nothing to report for this selection: no periods on a unit with a rota.' }];
  }
  out.push(shortfallShareFinding(s, input.context.covered, p));
  const ratios = shortfallRatioFindings(s, p);
  out.push(...ratios);
  if (ratios.length === 0 && s.model.message) out.push({ id: 'shortfall-model', kind: 'fact', text: s.model.message });
  const agency = agencyRatioFinding(s, p);
  if (agency) out.push(agency);
  if (ratios.some((f) => f.kind !== 'withheld') || agency) {
    out.push({ id: 'like-with-like', kind: 'fact', text: 'These comparisons are like with like: the same person, on the same shift and the same day of the week.' });
  }
  const excess = excessFinding(s, p);
  if (excess) out.push(excess);
  out.push(...restraintFindings(s, p));
  if (input.restrictive) out.push(...restrictiveFindings(input.restrictive, p));
  if (input.plan) out.push(...planFindings(input.plan, p));
  if (input.commissioned) out.push(...commissionedFindings(input.commissioned, p));
  out.push(...smallNumberFindings(s, p));
  out.push({ id: 'association', kind: 'fact', text: 'These numbers show what happened together. That is an association, not proof of what caused it.' });
  return out;
}

/** The person's name as the report shows it: the pseudonym unless the user chose the real name. */
export function displayName(person: PersonContext | null, showRealName: boolean): string {
  if (!person) return 'everyone selected';
  return showRealName && person.name ? person.name : person.label;
}

/** How long since the person was judged ready for discharge, as at the last day the report covers. */
export function dischargeFinding(person: PersonContext | null, covered: CoveredRange, name: string): Finding {
  if (!person) return { id: 'ready', kind: 'fact', text: 'This report covers more than one person; see each person\'s own report for discharge dates.' };
  if (!person.readyForDischarge) {
    return { id: 'ready', kind: 'fact', text: `No date is recorded from which ${name} was judged clinically ready for discharge.` };
  }
  const ready = person.readyForDischarge;
  const end = covered.to;
  if (!end) return { id: 'ready', kind: 'fact', text: `${name} was judged clinically ready for discharge on ${longDate(ready)}.` };
  if (ready > end) {
    return { id: 'ready', kind: 'fact', text: `${name} was judged clinically ready for discharge on ${longDate(ready)}, after the last day this report covers.` };
  }
  const days = daysBetween(ready, end);
  let text = `${name} was judged clinically ready for discharge on ${longDate(ready)}. By ${longDate(end)}, the last day this report covers, that was ${days} ${days === 1 ? 'day' : 'days'} ago`;
  if (person.discharged && person.discharged <= end) text += `; ${name} was discharged on ${longDate(person.discharged)}`;
  text += '.';
  if (covered.from && ready > covered.from) {
    const readyDays = daysBetween(ready, end) + 1;
    text += ` For ${readyDays} of the ${covered.days} days in this report, ${name} was ready for discharge.`;
  } else if (covered.from) {
    text += ` ${name} was ready for discharge on every day of this report.`;
  }
  return { id: 'ready', kind: 'fact', text };
}

const RULE_WORDS: Record<string, string> = {
  outsideLimits: 'a week outside the usual range',
  shift: 'a run of 7 or more weeks on one side of the average',
  trend: '7 or more weeks in a row each higher or lower than the one before',
  twoOfThree: '2 of 3 weeks close to the edge of the usual range',
};

/** A signal in the last this-many weeks counts as recent ("lately"). */
export const RECENT_WEEKS = 8;

/** The latest special-cause week and whether it is recent; null when no week is flagged. */
export function latestSignal(t: TrendReading): { week: string; variation: 'improvement' | 'concern'; recent: boolean } | null {
  for (let i = t.weeks.length - 1; i >= 0; i--) {
    const w = t.weeks[i]!;
    if (w.variation !== 'common') return { week: w.week, variation: w.variation, recent: i >= t.weeks.length - RECENT_WEEKS };
  }
  return null;
}

/**
 * Whether the weekly count is improving, from the XmR chart's special-cause signals: which way
 * they point, which rules fired, and whether the latest is recent or the weeks since are usual.
 */
export function trendFinding(t: TrendReading | null | undefined): Finding {
  if (!t || t.points === 0) return { id: 'trend', kind: 'fact', text: 'There are no complete weeks to judge a trend from.' };
  const few = t.points < 12 ? ` With only ${t.points} weeks, the chart's usual range is not yet reliable (Making Data Count asks for 12 or more).` : '';
  const last = latestSignal(t);
  if (!last) {
    return {
      id: 'trend',
      kind: 'noEffect',
      text: `Over ${t.points} weeks, the weekly number of ${t.measure} shows no sign of getting better or worse: the ups and downs are the usual variation.${few}`,
    };
  }
  const describe = (v: 'improvement' | 'concern') => {
    const flagged = t.weeks.filter((w) => w.variation === v);
    const rules = [...new Set(flagged.flatMap((w) => w.rules))].map((r) => RULE_WORDS[r] ?? r).join('; ');
    const n = flagged.length === 1 ? '1 week' : `${flagged.length} weeks`;
    const dir = v === 'improvement' ? `fewer ${t.measure} than usual (a sign of improvement)` : `more ${t.measure} than usual (a sign of things getting worse)`;
    return `${n} showed ${dir}, the latest the week of ${longDate(flagged[flagged.length - 1]!.week)} (${rules})`;
  };
  const parts = (['concern', 'improvement'] as const).filter((v) => t.weeks.some((w) => w.variation === v)).map(describe);
  const since = last.recent ? '' : ' Since then, the weeks have been within the usual range.';
  return { id: 'trend', kind: 'effect', text: `On the weekly chart of ${t.measure}, ${parts.join('; and ')}.${since}${few}` };
}

export function restrictiveFindings(r: RestrictiveReading, p: NumberPolicy): Finding[] {
  const out: Finding[] = [];
  const listed = r.kinds.filter((k) => k.count > 0);
  if (listed.length === 0) {
    out.push({ id: 'restrictive', kind: 'fact', text: 'No restrictive interventions were recorded in this period.' });
    return out;
  }
  const parts = listed.map((k) => `${lowerFirst(k.label)} ${p.count(k.count).text}`);
  out.push({ id: 'restrictive', kind: 'fact', text: `Restrictive interventions recorded: ${parts.join('; ')}.` });
  if (r.prone > 0) {
    out.push({
      id: 'prone',
      kind: 'fact',
      text: `Prone (face-down) restraint was used: ${p.count(r.prone).text} ${r.prone === 1 && !p.suppress ? 'time' : 'times'}. National guidance says prone restraint should be avoided.`,
    });
  }
  return out;
}

export function planFindings(r: PlanReading, p: NumberPolicy): Finding[] {
  if (r.planned === 0) return [{ id: 'plan', kind: 'fact', text: 'No planned proactive strategies were recorded for this period.' }];
  const delivered = p.percent(r.delivered, r.planned);
  const out: Finding[] = [
    {
      id: 'plan',
      kind: 'fact',
      text: delivered.suppressed
        ? `${p.count(r.delivered).text} of ${p.count(r.planned).text} planned proactive strategies were delivered.`
        : `${delivered.text} of planned proactive strategies were delivered (${p.count(r.delivered).text} of ${p.count(r.planned).text}).`,
    },
  ];
  if (r.notDelivered > 0) {
    const staff = p.percent(r.notDeliveredStaffing, r.notDelivered);
    out.push({
      id: 'plan-staff',
      kind: 'fact',
      text: staff.suppressed
        ? `"Not enough staff" was the reason for ${p.count(r.notDeliveredStaffing).text} of ${p.count(r.notDelivered).text} strategies not delivered.`
        : `"Not enough staff" was the reason for ${staff.text} of the strategies not delivered.`,
    });
  }
  const c = p.modelRatio(r.lowDeliveryRatio, [r.lowDeliveryIncidents, r.highDeliveryIncidents]);
  const f = rateRatioSentence(c, `on days when ${r.lowDeliveryMeaning}`, 'on other days', 'plan-ratio', 'it rests on fewer than 5 incidents');
  if (f) out.push(f);
  return out;
}

export function commissionedFindings(r: CommissionedReading, p: NumberPolicy): Finding[] {
  const what = `${r.ratio} support (${r.hours === 'all day' ? 'all day' : `${r.hours} each day`})`;
  if (r.commissionedHours === 0) return [{ id: 'commissioned', kind: 'fact', text: `${what} was commissioned, but no commissioned hours fall in this period.` }];
  // Hours are time, not people or events: not suppressed.
  const share = p.shareOfExposure(r.shortHours, r.commissionedHours);
  const out: Finding[] = [
    {
      id: 'commissioned',
      kind: 'fact',
      text: `${what} was commissioned. In ${share.text} of those hours (${num(r.shortHours, 0)} of ${num(r.commissionedHours, 0)}), fewer staff were allocated to the person than commissioned.`,
    },
  ];
  const f = rateRatioSentence(
    p.modelRatio(r.incidentRatio, [r.shortHourIncidents, r.fullHourIncidents]),
    'in hours when fewer staff were allocated than commissioned',
    'in hours with the commissioned staff',
    'commissioned-ratio',
    'it rests on fewer than 5 incidents',
  );
  if (f) out.push(f);
  return out;
}
