/**
 * The other analyses' results, read down to what the evidence pack says about them. Each adapter
 * takes the analysis's own result type, so a change there shows up here at compile time.
 */
import type { CommissionedResult } from '../analysis/commissioned';
import type { OverTimeResult } from '../analysis/overTime';
import type { PlanDeliveryResult } from '../analysis/planDelivery';
import type { RestrictivePracticeResult } from '../analysis/restrictivePractice';
import type { CommissionedReading, PlanReading, RestrictiveReading, TrendReading } from './types';

/**
 * Improving or worsening from the weekly incident XmR chart: any special-cause week on the lower
 * side (fewer incidents) is an improvement signal, on the higher side a concern. `signalFrom` is
 * the first week of the latest run of flagged weeks.
 */
export function trendFromOverTime(r: OverTimeResult): TrendReading {
  const points = r.charts.incidents.points;
  let signalFrom: string | null = null;
  for (let i = points.length - 1; i >= 0; i--) {
    if (points[i]!.variation === 'common') continue;
    let j = i;
    while (j > 0 && points[j - 1]!.variation === points[i]!.variation) j--;
    signalFrom = points[j]!.week;
    break;
  }
  return {
    measure: 'incidents',
    improving: points.some((p) => p.variation === 'improvement'),
    worsening: points.some((p) => p.variation === 'concern'),
    points: points.length,
    signalFrom,
    weeks: points.map((p) => ({ week: p.week, value: p.value, mean: p.mean, lower: p.lower, upper: p.upper, rules: [...p.rules], variation: p.variation })),
  };
}

export function restrictiveFromAnalysis(r: RestrictivePracticeResult): RestrictiveReading {
  return {
    kinds: r.byGroup.map((g) => ({
      key: g.group,
      label: g.label,
      count: g.interventions,
      per1000BedDays: g.per1000BedDays.rate,
      medianMinutes: g.duration.median,
      durationsKnown: g.duration.n,
    })),
    occupiedBedDays: r.exposure.occupiedBedDays,
    prone: r.callouts.prone.interventions,
    prn: r.byGroup.find((g) => g.group === 'prn')?.interventions ?? 0,
  };
}

export function planFromAnalysis(r: PlanDeliveryResult): PlanReading {
  const t = r.totals;
  const { low, high, rateRatio } = r.incidentsByDelivery;
  return {
    planned: t.planned,
    delivered: t.delivered,
    notDelivered: t.notDelivered,
    notDeliveredStaffing: t.notDeliveredForStaffing,
    lowDeliveryRatio: rateRatio,
    lowDeliveryIncidents: low.incidents,
    highDeliveryIncidents: high.incidents,
    lowDeliveryMeaning: `fewer than ${Math.round(r.lowDeliveryThreshold * 100)} % of the planned strategies were delivered`,
    weeks: r.weekly.map((w) => ({ week: w.week, planned: w.planned, delivered: w.delivered })),
    grain: r.grain,
    span: r.span,
  };
}

/** One person's commissioned support (the pack is for one person); null when none is commissioned. */
export function commissionedFromAnalysis(r: CommissionedResult, personId: string | null): CommissionedReading | null {
  const person = r.people.find((p) => p.personId === personId);
  if (!person) return null;
  return {
    ratio: person.ratio,
    staff: Number.isInteger(person.staff) ? person.staff : null,
    hours: person.hours,
    commissionedHours: person.commissionedHours,
    shortHours: person.shortHours,
    incidentRatio: r.incidents.rateRatio,
    shortHourIncidents: r.incidents.shortHours.incidents,
    fullHourIncidents: r.incidents.fullHours.incidents,
    weeks: r.weekly.map((w) => ({ week: w.week, commissionedHours: w.commissionedHours, shortHours: w.shortHours })),
    grain: r.grain,
    span: r.span,
  };
}
