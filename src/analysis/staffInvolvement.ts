/**
 * Analysis 10 — who was there. Conditions, never individual staff, are compared: how often agency
 * (unfamiliar) staff are named in incidents per hour they were on shift, against other (familiar)
 * staff over the same unit periods; incidents while a person's allocated 1:1 / 2:1 staff member was
 * agency or unfamiliar; and incident rates by staff continuity. Nothing here carries a staff id.
 *
 * Involvement rates. Each matched staff member named on an incident, on a worked rota line of the
 * unit in the incident's period, is one involvement of their condition (agency or not, unfamiliar
 * or not: the exposure's definitions). The hours are the worked staff-hours of each condition in
 * the periods of the incidents in view, a period counted once per incident in it: each incident is
 * a chance for whoever was on shift to be named, so a group with more hours when incidents happen
 * is not taken for a group named more often. Incidents naming nobody stay in the hours (leaving
 * them out would favour periods with many staff, where someone is more likely to be named). (Over all the unit periods instead,
 * agency hours would also carry the higher incident rate of agency-heavy periods — analysis 1's
 * finding — and the ratio would mix the two; that ratio is given too, as `allPeriods`.)
 * The rate ratio's interval is exact: conditional on all the involvements, the agency count is
 * binomial (stats/rateRatio.ts, as R's poisson.test).
 */
import { named, raw, sql, table, type Sql } from '../db/sql';
import { CONTINUITY_BANDS, CONTINUITY_DAYS, type ContinuityBand } from '../model/continuity';
import type { KeyedFilters } from '../model/filters';
import type { Model } from '../model/model';
import type { Settings } from '../model/settings';
import { rateInterval } from '../stats/intervals';
import { rateRatioExact } from '../stats/rateRatio';
import { fmt, pct, plural, ratioCi, ratioDigits, SMALL_COUNT, timesAs, ASSOCIATION } from './sentences-shared';
import type { Estimate, Filters } from './types';

/** Involvement rates are per this many staff-hours. */
export const PER_STAFF_HOURS = 100;

export interface GroupRate {
  involvements: number;
  staffHours: number;
  /** Involvements per 100 staff-hours with an exact (Garwood) 95 % interval; null without hours. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface InvolvementComparison {
  /** The condition's staff: agency, or unfamiliar. */
  involvements: number;
  staffHours: number;
  rate: GroupRate;
  /** The staff they are compared with: 'other staff' (not agency) or 'familiar staff'. */
  comparisonGroup: string;
  comparisonInvolvements: number;
  comparisonStaffHours: number;
  comparisonRate: GroupRate;
  /** (involvements / staffHours) / (comparison involvements / comparison hours), exact 95 % interval. */
  rateRatio: Estimate | null;
  /** The same involvements set against the staff-hours of every unit period in view. */
  allPeriods: { staffHours: number; comparisonStaffHours: number; rateRatio: Estimate | null };
  sentence: string;
}

export interface AllocationComparison {
  /** Incidents during allocated lines of the condition (agency / unfamiliar), per allocated staff-hour. */
  incidents: number;
  allocatedHours: number;
  comparisonIncidents: number;
  comparisonAllocatedHours: number;
  rateRatio: Estimate | null;
}

export interface ContinuityRow {
  band: ContinuityBand;
  label: string;
  personPeriods: number;
  incidents: number;
  /** Incidents per 100 person-periods with an exact 95 % interval. */
  rate: number | null;
  lower: number | null;
  upper: number | null;
  /** The fewest and most different staff in the 7 days before, among these person-periods. */
  fewestStaff: number | null;
  mostStaff: number | null;
}

export interface StaffInvolvementResult {
  filters: Filters;
  recording: {
    incidents: number;
    /** Incidents with no staff_involved recorded. */
    incidentsWithoutStaff: number;
    references: number;
    matchedExactly: number;
    matchedNormalised: number;
    /** Matched by a staff alias the user chose on the Reconcile page or in an aliases file. */
    matchedByAlias: number;
    /** A normalised reference that fits more than one rota staff member. */
    ambiguous: number;
    unmatched: number;
    /** The same staff member named twice on one incident (counted once). */
    repeated: number;
    /** Matched staff with no worked rota line on the unit in the incident's period. */
    notOnShift: number;
    sentence: string;
  };
  agency: InvolvementComparison;
  unfamiliar: InvolvementComparison;
  allocation: {
    people: number;
    allocatedHours: number;
    agency: AllocationComparison;
    unfamiliar: AllocationComparison;
    sentence: string;
  };
  continuity: {
    days: number;
    bands: ContinuityRow[];
    /** Least against most continuity, incidents per person-period, exact 95 % interval. */
    rateRatio: Estimate | null;
    /** Person-periods without 7 days of rota before them (no value). */
    personPeriodsWithoutValue: number;
    sentence: string;
  };
  /** The caveats, said out loud. */
  caveats: string[];
  /**
   * True when the low-continuity finding is clear: incidents per person-period with the most
   * different staff against the fewest, interval above 1 (the easy-read line "did not know the
   * staff"). The involvement ratios count who was named, not how often incidents happened, so
   * they do not set it.
   */
  unfamiliarFindingClear: boolean;
}

/** Unit periods in view: with a person, their own person-periods' periods. */
function periodsWhere(kf: KeyedFilters, alias: string): Sql {
  const own = kf.filters.personId
    ? sql` AND ${raw(alias)}.period_id IN (SELECT period_id FROM ${table('person_periods')} pp WHERE ${kf.on('pp')})`
    : sql``;
  return sql`${kf.with({ personId: null }).on(alias)}${own}`;
}

interface Counts {
  agency: number; other: number; unfamiliar: number; familiar: number;
  h_agency: number; h_other: number; h_unfamiliar: number; h_familiar: number;
}

interface RecordingCounts {
  incidents: number; without_staff: number; refs: number; exact: number; normalised: number; alias: number; ambiguous: number;
  unmatched: number; repeated: number; not_on_shift: number;
}

const recordingQuery = (kf: KeyedFilters, from: RecordingTable) => named('staffInvolvement.recording', sql`
SELECT count(*)::INTEGER AS incidents,
       count(*) FILTER (WHERE refs = 0)::INTEGER AS without_staff,
       coalesce(sum(refs), 0)::INTEGER AS refs,
       coalesce(sum(exact), 0)::INTEGER AS exact,
       coalesce(sum(normalised), 0)::INTEGER AS normalised,
       coalesce(sum(alias), 0)::INTEGER AS alias,
       coalesce(sum(ambiguous), 0)::INTEGER AS ambiguous,
       coalesce(sum(unmatched), 0)::INTEGER AS unmatched,
       coalesce(sum(repeated), 0)::INTEGER AS repeated,
       coalesce(sum(not_on_shift), 0)::INTEGER AS not_on_shift
FROM ${table(from)} si WHERE ${kf.on('si')}`);

const countsQuery = (kf: KeyedFilters) => named('staffInvolvement.counts', sql`
WITH inv AS (SELECT * FROM ${table('staff_involvements')} si WHERE ${kf.on('si')}),
at_incidents AS (
  SELECT sum(h.agency_hours) AS h_agency, sum(h.other_hours) AS h_other,
         sum(h.unfamiliar_hours) AS h_unfamiliar, sum(h.familiar_hours) AS h_familiar
  FROM inv n JOIN ${table('staff_period_hours')} h USING (period_id))
SELECT coalesce(sum(agency), 0)::INTEGER AS agency, coalesce(sum(other), 0)::INTEGER AS other,
       coalesce(sum(unfamiliar), 0)::INTEGER AS unfamiliar, coalesce(sum(familiar), 0)::INTEGER AS familiar,
       coalesce(any_value(a.h_agency), 0)::DOUBLE AS h_agency, coalesce(any_value(a.h_other), 0)::DOUBLE AS h_other,
       coalesce(any_value(a.h_unfamiliar), 0)::DOUBLE AS h_unfamiliar, coalesce(any_value(a.h_familiar), 0)::DOUBLE AS h_familiar
FROM inv CROSS JOIN at_incidents a`);

export type StaffRecording = StaffInvolvementResult['recording'];

/**
 * The tables holding the recording counts, with equal numbers (tests/unit/model/staffRecording.test.ts):
 * staff_recording is far cheaper to build (Data quality reads it); this page reads
 * staff_involvements, which it builds anyway.
 */
type RecordingTable = 'staff_recording' | 'staff_involvements';

/** How the staff named on incidents were recorded and matched to the rota (Data quality reads this too). */
export async function staffRecording(model: Model, kf: KeyedFilters, from: RecordingTable = 'staff_recording'): Promise<StaffRecording> {
  const [c] = await model.query<RecordingCounts>(recordingQuery(kf, from));
  const n = {
    incidents: c!.incidents, incidentsWithoutStaff: c!.without_staff, references: c!.refs,
    matchedExactly: c!.exact, matchedNormalised: c!.normalised, matchedByAlias: c!.alias, ambiguous: c!.ambiguous,
    unmatched: c!.unmatched, repeated: c!.repeated, notOnShift: c!.not_on_shift,
  };
  return { ...n, sentence: recordingSentence(n) };
}

const allHoursQuery = (kf: KeyedFilters) => named('staffInvolvement.allHours', sql`
SELECT coalesce(sum(agency_hours), 0)::DOUBLE AS agency, coalesce(sum(other_hours), 0)::DOUBLE AS other,
       coalesce(sum(unfamiliar_hours), 0)::DOUBLE AS unfamiliar, coalesce(sum(familiar_hours), 0)::DOUBLE AS familiar
FROM ${table('staff_period_hours')} h WHERE ${periodsWhere(kf, 'h')}`);

const allocationQuery = (kf: KeyedFilters) => named('staffInvolvement.allocation', sql`
SELECT count(DISTINCT person_idx)::INTEGER AS people, coalesce(sum(hours), 0)::DOUBLE AS hours,
       coalesce(sum(incidents) FILTER (WHERE agency), 0)::INTEGER AS i_agency, coalesce(sum(hours) FILTER (WHERE agency), 0)::DOUBLE AS h_agency,
       coalesce(sum(incidents) FILTER (WHERE NOT agency), 0)::INTEGER AS i_other, coalesce(sum(hours) FILTER (WHERE NOT agency), 0)::DOUBLE AS h_other,
       coalesce(sum(incidents) FILTER (WHERE unfamiliar), 0)::INTEGER AS i_unfamiliar, coalesce(sum(hours) FILTER (WHERE unfamiliar), 0)::DOUBLE AS h_unfamiliar,
       coalesce(sum(incidents) FILTER (WHERE NOT unfamiliar), 0)::INTEGER AS i_familiar, coalesce(sum(hours) FILTER (WHERE NOT unfamiliar), 0)::DOUBLE AS h_familiar
FROM ${table('allocation_lines')} a WHERE ${kf.on('a')}`);

const continuityQuery = (kf: KeyedFilters) => named('staffInvolvement.continuity', sql`
SELECT c.band, count(*)::INTEGER AS person_periods, sum(pp.incidents)::INTEGER AS incidents,
       min(c.different_staff)::INTEGER AS fewest, max(c.different_staff)::INTEGER AS most
FROM ${table('person_periods')} pp LEFT JOIN ${table('unit_continuity')} c USING (unit_idx, date)
WHERE ${kf.on('pp')} GROUP BY c.band`);

function groupRate(involvements: number, staffHours: number): GroupRate {
  return { involvements, staffHours, ...rateInterval(involvements, staffHours, PER_STAFF_HOURS) };
}

function comparison(
  who: 'agency' | 'unfamiliar',
  a: number, ha: number, b: number, hb: number, allA: number, allB: number,
): InvolvementComparison {
  const rateRatio = rateRatioExact(a, ha, b, hb);
  const comparisonGroup = who === 'agency' ? 'other staff' : 'familiar staff';
  return {
    involvements: a,
    staffHours: ha,
    rate: groupRate(a, ha),
    comparisonGroup,
    comparisonInvolvements: b,
    comparisonStaffHours: hb,
    comparisonRate: groupRate(b, hb),
    rateRatio,
    allPeriods: { staffHours: allA, comparisonStaffHours: allB, rateRatio: rateRatioExact(a, allA, b, allB) },
    sentence: involvementSentence(who, a, b, rateRatio),
  };
}

const GROUP_WORDS = { agency: ['Agency staff', 'other staff'], unfamiliar: ['Staff new to the unit', 'staff who knew it'] } as const;

export function involvementSentence(who: 'agency' | 'unfamiliar', a: number, b: number, e: Estimate | null): string {
  const [group, others] = GROUP_WORDS[who];
  if (!e) return `${group}: too few incidents naming staff to compare with ${others}.`;
  const small = a < SMALL_COUNT || b < SMALL_COUNT ? ` Small numbers (${fmt(a, 0)} and ${fmt(b, 0)} times named): read with care.` : '';
  const clear = e.lower > 1 || e.upper < 1;
  const times = `${fmt(e.estimate, ratioDigits(e))} times`;
  const lead = clear
    ? e.estimate > 1
      ? `Per hour on shift, ${group.toLowerCase()} were named in incidents about ${times} as often as ${others} (${ratioCi(e)}).`
      : `Per hour on shift, ${group.toLowerCase()} were named in incidents less often than ${others}: about ${times} as often (${ratioCi(e)}).`
    : `${group} were named in incidents about as often per hour on shift as ${others}: ${fmt(e.estimate, 2)} times (${ratioCi(e)}), no clear difference.`;
  return lead + small;
}

function allocationComparison(i: number, h: number, ci: number, ch: number): AllocationComparison {
  return { incidents: i, allocatedHours: h, comparisonIncidents: ci, comparisonAllocatedHours: ch, rateRatio: rateRatioExact(i, h, ci, ch) };
}

function allocationSentence(people: number, agency: AllocationComparison): string {
  if (people === 0) return 'Nobody in view has 1:1 or 2:1 staffing with staff allocated to them in the rota.';
  const e = agency.rateRatio;
  const who = `For ${plural(people, 'person', 'people')} with 1:1 or 2:1 staffing`;
  if (!e) return `${who}, too few incidents happened while allocated staff were on shift to compare agency with other allocated staff.`;
  const clear = e.lower > 1 || e.upper < 1;
  return clear
    ? `${who}, incidents happened ${timesAs(e, 'as often')} per allocated hour when the allocated staff member was from an agency (${ratioCi(e)}).`
    : `${who}, incidents happened about as often per allocated hour whether or not the allocated staff member was from an agency (${fmt(e.estimate, 2)} times, ${ratioCi(e)}).`;
}

function continuitySentence(rows: ContinuityRow[], e: Estimate | null): string {
  const least = rows.find((r) => r.band === 'least');
  const most = rows.find((r) => r.band === 'most');
  if (!e || !least || !most || least.rate === null || most.rate === null) return 'Too little rota history to compare staff continuity.';
  const clear = e.lower > 1 || e.upper < 1;
  const rates = `${fmt(least.rate)} against ${fmt(most.rate)} per 100 shift periods`;
  return clear
    ? `When the most different staff had worked on the unit in the week before, incidents happened ${timesAs(e, 'as often')} as when the fewest had (${rates}; ${ratioCi(e)}). ${ASSOCIATION}`
    : `Incidents happened about as often whether many or few different staff had worked on the unit in the week before (${rates}; ${fmt(e.estimate, 2)} times, ${ratioCi(e)}).`;
}

function recordingSentence(r: Omit<StaffInvolvementResult['recording'], 'sentence'>): string {
  const parts = [`${plural(r.incidents, 'incident')} in view; ${plural(r.incidentsWithoutStaff, 'incident')} (${pct(r.incidents ? r.incidentsWithoutStaff / r.incidents : 0)}) name no staff.`];
  const off = r.unmatched + r.ambiguous;
  if (off > 0) parts.push(`${plural(off, 'staff reference')} of ${fmt(r.references, 0)} could not be matched to the rota (${fmt(r.unmatched, 0)} unknown, ${fmt(r.ambiguous, 0)} fitting more than one staff member) and are left out of the rates.`);
  else if (r.references > 0) parts.push(`Every staff reference was matched to the rota${r.matchedNormalised ? ` (${fmt(r.matchedNormalised, 0)} after ignoring case, spaces and punctuation)` : ''}${r.matchedByAlias ? ` (${fmt(r.matchedByAlias, 0)} by a match chosen on the Reconcile page)` : ''}.`);
  if (r.notOnShift > 0) parts.push(`${plural(r.notOnShift, 'matched reference')} named someone with no worked shift on the unit at that time, also left out.`);
  return parts.join(' ');
}

export const CAVEATS = [
  'Agency staff are known to be left out of incident reports more often than others, so their involvement may be under-counted here.',
  'Who is named on a form depends on who writes it; a staff member named was there, not necessarily a cause.',
  'Staff brought in because a unit is unsettled can make "more new staff, more incidents" look true. These are associations, not proof of cause.',
  'Only conditions are compared; no member of staff is named or ranked.',
];

export async function staffInvolvementAnalysis(model: Model, filters: Filters, _settings?: Settings): Promise<StaffInvolvementResult> {
  const kf = await model.filters(filters);
  const recording = await staffRecording(model, kf, 'staff_involvements');
  const [c] = await model.query<Counts>(countsQuery(kf));
  const [all] = await model.query<{ agency: number; other: number; unfamiliar: number; familiar: number }>(allHoursQuery(kf));
  const [al] = await model.query<Record<string, number>>(allocationQuery(kf));
  const bandRows = await model.query<{ band: ContinuityBand | null; person_periods: number; incidents: number; fewest: number | null; most: number | null }>(continuityQuery(kf));

  const agency = comparison('agency', c!.agency, c!.h_agency, c!.other, c!.h_other, all!.agency, all!.other);
  const unfamiliar = comparison('unfamiliar', c!.unfamiliar, c!.h_unfamiliar, c!.familiar, c!.h_familiar, all!.unfamiliar, all!.familiar);

  const alAgency = allocationComparison(al!.i_agency!, al!.h_agency!, al!.i_other!, al!.h_other!);
  const alUnfamiliar = allocationComparison(al!.i_unfamiliar!, al!.h_unfamiliar!, al!.i_familiar!, al!.h_familiar!);

  const bands: ContinuityRow[] = CONTINUITY_BANDS.map((b) => {
    const r = bandRows.find((x) => x.band === b.key);
    const personPeriods = r?.person_periods ?? 0;
    const incidents = r?.incidents ?? 0;
    return { band: b.key, label: b.label, personPeriods, incidents, ...rateInterval(incidents, personPeriods), fewestStaff: r?.fewest ?? null, mostStaff: r?.most ?? null };
  });
  const least = bands.find((b) => b.band === 'least')!;
  const most = bands.find((b) => b.band === 'most')!;
  const continuityRatio = rateRatioExact(least.incidents, least.personPeriods, most.incidents, most.personPeriods);
  const above = (e: Estimate | null) => e !== null && e.lower > 1;

  return {
    filters,
    recording,
    agency,
    unfamiliar,
    allocation: {
      people: al!.people!,
      allocatedHours: al!.hours!,
      agency: alAgency,
      unfamiliar: alUnfamiliar,
      sentence: allocationSentence(al!.people!, alAgency),
    },
    continuity: {
      days: CONTINUITY_DAYS,
      bands,
      rateRatio: continuityRatio,
      personPeriodsWithoutValue: bandRows.find((r) => r.band === null)?.person_periods ?? 0,
      sentence: continuitySentence(bands, continuityRatio),
    },
    caveats: CAVEATS,
    unfamiliarFindingClear: above(continuityRatio),
  };
}
