/**
 * What the evidence pack reads. The staffing result comes as the engine returns it; the other
 * analyses come as small "readings" (report/adapters.ts makes them from the analyses' own
 * results), so the text functions stay testable on constructed objects and a missing analysis
 * simply leaves its section out.
 */
import type { Grain, Span } from '../analysis/grain';
import type { StaffingResult } from '../analysis/types';
import type { EvidenceContext } from './context';

/** Direction of the weekly incident count on its XmR chart (Making Data Count). */
export interface TrendReading {
  /** What was counted each week, e.g. "incidents". */
  measure: string;
  /** Special-cause signals, by their direction: fewer (improving) or more (worsening). */
  improving: boolean;
  worsening: boolean;
  /** Weeks plotted. */
  points: number;
  /** The first week (ISO date) of the latest improving or worsening signal, if any. */
  signalFrom: string | null;
  /** The series: week start, value, centre line, limits, rules triggered and which side they are on. */
  weeks: { week: string; value: number; mean: number; lower: number | null; upper: number | null; rules: string[]; variation: 'common' | 'improvement' | 'concern' }[];
}

export interface RestrictiveReading {
  /** Restrictive interventions by kind: counts (events) and how many incidents they followed. */
  kinds: { key: string; label: string; count: number; per1000BedDays: number | null; medianMinutes: number | null; durationsKnown: number }[];
  occupiedBedDays: number;
  /** Prone (face-down) restraints: a red flag whenever there are any. */
  prone: number;
  /** PRN psychotropic medication given for distress (STOMP). */
  prn: number;
}

export interface PlanReading {
  planned: number;
  delivered: number;
  notDelivered: number;
  /** Not delivered with "not enough staff" (or the like) as the reason. */
  notDeliveredStaffing: number;
  /** Incident rate on low- vs high-delivery days, as a rate ratio. */
  lowDeliveryRatio: { estimate: number; lower: number; upper: number } | null;
  /** Incidents on low- and high-delivery days (guards for suppression). */
  lowDeliveryIncidents: number;
  highDeliveryIncidents: number;
  /** What counts as a low-delivery day, in words ("under half the planned strategies delivered"). */
  lowDeliveryMeaning: string;
  /** By ISO week (Monday), or by calendar month (its first day) past two years (analysis/grain.ts). */
  weeks: { week: string; planned: number; delivered: number }[];
  grain: Grain;
  /** The dates shown: a month cut by them is labelled a part month. */
  span: Span | null;
}

export interface CommissionedReading {
  /** As recorded, e.g. "2:1". */
  ratio: string;
  /** Staff per person (2:1 → 2); null when the ratio is not a:b with whole staff. */
  staff: number | null;
  /** "08:00–22:00", or "all day". */
  hours: string;
  commissionedHours: number;
  /** Hours with fewer allocated staff present than commissioned. */
  shortHours: number;
  /** Incident rate in short hours against fully delivered hours. */
  incidentRatio: { estimate: number; lower: number; upper: number } | null;
  shortHourIncidents: number;
  fullHourIncidents: number;
  /** By ISO week (Monday), or by calendar month (its first day) past two years (analysis/grain.ts). */
  weeks: { week: string; commissionedHours: number; shortHours: number }[];
  grain: Grain;
  /** The dates shown: a month cut by them is labelled a part month. */
  span: Span | null;
}

/**
 * Who was there (analysis 10), as the easy-read page needs it: incidents with the least against
 * the most staff continuity (how often hard times happened; the involvement ratios count who was
 * named, not how often), with the two counts (suppression guards).
 */
export interface WhoReading {
  continuityRatio: { estimate: number; lower: number; upper: number } | null;
  continuityCounts: number[];
}

export interface EvidenceInput {
  staffing: StaffingResult;
  context: EvidenceContext;
  trend?: TrendReading | null;
  restrictive?: RestrictiveReading | null;
  plan?: PlanReading | null;
  commissioned?: CommissionedReading | null;
  whoWasThere?: WhoReading | null;
}

/** One headline finding: a sentence and what sort of statement it is. */
export interface Finding {
  id: string;
  text: string;
  /** effect: the interval excludes no difference; noEffect: it does not; small: a small-numbers warning; fact: a description. */
  kind: 'effect' | 'noEffect' | 'small' | 'fact' | 'withheld';
}
