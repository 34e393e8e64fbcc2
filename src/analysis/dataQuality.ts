/**
 * Analysis 9 — data quality: what the numbers cannot see. Gaps in recording, incidents outside
 * the exposure, units that do not match across files, duplicates, interventions without their
 * incident, Use of Force Act s6(5) completeness, and the import ledger (read = accepted + rejected).
 *
 * Filters: gaps by person, unit and date (the span is clipped to the date range); incidents,
 * duplicates and Use of Force records by the incident filters; units by unit; orphan
 * interventions and the import ledger are workspace-wide.
 */
import { and, named, raw, sql, table, type Sql } from '../db/sql';
import { incidentWhere, type KeyedFilters } from '../model/filters';
import type { Model } from '../model/model';
import { FORCE_ITEMS_HELD } from '../model/incidentForceDays';
import { firstRowsSql, listColumns, RANKED, rankedRowsOf, rowsOf, type Fields } from '../model/rowLists';
import { IMPORT_FIELDS, ORPHAN_FIELDS, UNIT_FIELDS, UNIT_FILES } from '../model/workspaceChecks';
import type { Settings } from '../model/settings';
import { dayLabel } from './overTime';
import { agree, fmt, pct, plural } from './sentences-shared';
import { staffRecording, type StaffRecording } from './staffInvolvement';
import type { Filters } from './types';
import { USE_OF_FORCE_ITEMS } from '../model/useOfForce';

export interface DataQualityOptions {
  /** A gap is this many or more consecutive days with no record for a person in their span. */
  gapDays: number;
}
export const DEFAULT_DATA_QUALITY_OPTIONS: DataQualityOptions = { gapDays: 7 };

export interface Gap {
  personId: string;
  label: string;
  unit: string;
  /** First and last day without a record (inclusive, YYYY-MM-DD). */
  from: string;
  to: string;
  days: number;
}

export interface UnitPresence {
  unit: string;
  shifts: number;
  incidents: number;
  people: number;
  requirements: number;
  events: number;
  /** Files (that hold any rows at all) in which this unit never appears. */
  missingFrom: string[];
  /** Other unit names that differ only in case or spacing: probably the same unit. */
  similarTo: string[];
}

/** A unit shift period with rota lines in which nobody worked: every line unfilled, sick, cancelled or planned. */
export interface RotaGapPeriod {
  unit: string;
  /** The date the period starts on (YYYY-MM-DD). */
  date: string;
  shift: string;
  /** Staff required; the period counts as short by all of them. */
  required: number | null;
}

export interface ImportLedgerRow {
  importId: number;
  file: string;
  kind: string;
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  error: string | null;
  /** read = accepted + rejected. */
  balanced: boolean;
}

export interface ForceItemCompleteness {
  item: string;
  requirement: string;
  fields: string | null;
  note: string | null;
  /** Records holding the item; null when no field of these exports carries it. */
  holding: number | null;
  share: number | null;
}

export interface DataQualityResult {
  filters: Filters;
  gapDays: number;
  gaps: {
    /** Longest first; at most 500 listed. */
    list: Gap[];
    total: number;
    days: number;
    people: number;
    truncated: boolean;
  };
  outsideExposure: {
    incidents: number;
    outside: number;
    byReason: { reason: string; count: number }[];
    /** The first 50, earliest first. */
    examples: { incidentId: string; personId: string; occurredAt: string; unit: string; reason: string }[];
  };
  units: UnitPresence[];
  /**
   * Periods in which nobody worked — possible gaps in the rota. They stay in every analysis as the
   * deepest shortfall; listed here so a rota that simply was not filled in can be told apart.
   */
  rotaGaps: {
    total: number;
    /** Per unit: how many, and the first and last date. */
    byUnit: { unit: string; periods: number; from: string; to: string }[];
    /** Earliest first, at most 500 listed. */
    list: RotaGapPeriod[];
    truncated: boolean;
  };
  duplicates: {
    /** Rows skipped at import because their key was already imported (all imports). */
    skippedAtImport: number;
    /** Accepted incidents that look like the same event twice: same person and behaviour, at most a minute apart. */
    possible: { firstId: string; secondId: string; personId: string; firstAt: string; secondAt: string; behaviour: string | null }[];
    possibleTotal: number;
  };
  orphanInterventions: { count: number; examples: { incidentId: string; type: string; startedAt: string | null }[] };
  useOfForce: {
    /** Restrictive interventions with their incident in the selection, PRN excluded. */
    records: number;
    prnExcluded: number;
    items: ForceItemCompleteness[];
  };
  imports: ImportLedgerRow[];
  /** Staff named on incidents (staff_involved) and how they matched the rota (analysis/staffInvolvement.ts). */
  staffReferences: StaffRecording;
  sentences: { gaps: string; outside: string; units: string; rotaGaps: string; duplicates: string; useOfForce: string; imports: string; staffReferences: string };
  warnings: string[];
}

const MAX_GAPS = 500;
const MAX_EXAMPLES = 50;


const GAP_FIELDS = [
  ['personId', 'person_id'], ['label', 'label'], ['unit', 'unit'], ['from', "strftime(f, '%Y-%m-%d')"], ['to', "strftime(t, '%Y-%m-%d')"],
  ['days', 'days', 'number'],
] as const;
const REASON_FIELDS = [['reason', 'reason'], ['count', 'count', 'number']] as const;
const OUTSIDE_FIELDS = [
  ['incidentId', 'incident_id'], ['personId', 'person_id'], ['occurredAt', "strftime(occurred_at, '%Y-%m-%d %H:%M')"], ['unit', 'unit'],
  ['reason', 'reason'],
] as const;
const DUPLICATE_FIELDS = [
  ['firstId', 'first_id'], ['secondId', 'second_id'], ['personId', 'person_id'], ['firstAt', "strftime(first_at, '%Y-%m-%d %H:%M:%S')"],
  ['secondAt', "strftime(second_at, '%Y-%m-%d %H:%M:%S')"], ['behaviour', 'behaviour'],
] as const;

/**
 * Both incidents of a possible-duplicate pair under the incident filters (model/filters.ts
 * incidentWhere: clock date, unit, person; the pair shares its person).
 */
function pairWhere(f: Filters): Sql {
  const parts: Sql[] = [];
  if (f.from) parts.push(sql`d.first_at >= ${f.from}::DATE AND d.second_at >= ${f.from}::DATE`);
  if (f.to) parts.push(sql`d.first_at < ${f.to}::DATE + 1 AND d.second_at < ${f.to}::DATE + 1`);
  if (f.unit) parts.push(sql`d.first_unit = ${f.unit} AND d.second_unit = ${f.unit}`);
  if (f.personId) parts.push(sql`d.person_id = ${f.personId}`);
  return and(parts);
}

/** A recording gap clipped to the date range: f..t, kept when ≥ N days, by the person's unit and id. */
function gapRows(f: Filters, gapDays: number): Sql {
  const parts: Sql[] = [];
  if (f.unit) parts.push(sql`g.unit = ${f.unit}`);
  if (f.personId) parts.push(sql`g.person_id = ${f.personId}`);
  return sql`SELECT person_id, label, unit, f, t, (t - f + 1)::INTEGER AS days FROM (
            SELECT g.person_id, g.label, g.unit, greatest(g.gap_from, coalesce(${f.from}::DATE, g.gap_from)) AS f,
                   least(g.gap_to, coalesce(${f.to}::DATE, g.gap_to)) AS t
            FROM ${table('recording_gaps')} g WHERE ${and(parts)})
          WHERE t - f + 1 >= ${gapDays}`;
}

/**
 * Every check in one statement, from the catalog tables:
 *   gaps        recording_gaps clipped to the date range (a person's runs in a clipped span are
 *               their runs clipped), kept when ≥ N days; filtered by the person's unit and id;
 *   incidents and Use of Force records   incident_force_days under the incident filters
 *               (person_idx, unit_idx and date stand for the incident's person, unit and clock date);
 *   outside     outside_exposure by reason, and the first examples;
 *   duplicates  possible_duplicates whose two incidents are both under the incident filters;
 *   units, orphan interventions, the import ledger   workspace-wide, built with the exposure (workspace_checks).
 */
function qualitySql(kf: KeyedFilters, gapDays: number): Sql {
  const f = kf.filters;
  const gaps = gapRows(f, gapDays);
  // Without dates, each person and unit's sums over every date.
  const incidentTable = table(f.from || f.to ? 'incident_force_days' : 'incident_force_totals');
  const o = incidentWhere(f, 'o');
  const lists = (prefix: string, fields: Fields) => raw(listColumns(prefix, fields));
  return named('dataQuality.checks', sql`
SELECT * FROM
  (SELECT coalesce(sum(incidents), 0)::DOUBLE AS incidents, coalesce(sum(records), 0)::DOUBLE AS records, coalesce(sum(prn), 0)::DOUBLE AS prn,
          ${raw(FORCE_ITEMS_HELD.map((x) => `coalesce(sum(item_${x.item}), 0)::DOUBLE AS item_${x.item}`).join(', '))}
   FROM ${incidentTable} d WHERE ${kf.on('d')}) incidents
  POSITIONAL JOIN (SELECT coalesce(sum(days), 0)::DOUBLE AS gap_days, count(DISTINCT person_id)::DOUBLE AS gap_people FROM (${gaps})) gap_totals
  POSITIONAL JOIN (SELECT ${lists('g', [...GAP_FIELDS, ...RANKED])} FROM ${firstRowsSql(sql`(${gaps})`, 'days DESC, label, f', MAX_GAPS)}) gaps
  POSITIONAL JOIN (SELECT ${lists('r', REASON_FIELDS)} FROM (SELECT reason, count(*) AS count FROM ${table('outside_exposure')} o WHERE ${o} GROUP BY reason)) reasons
  POSITIONAL JOIN (SELECT ${lists('o', [...OUTSIDE_FIELDS, ...RANKED])}
                   FROM ${firstRowsSql(sql`(SELECT * FROM ${table('outside_exposure')} o WHERE ${o})`, 'occurred_at, incident_id', MAX_EXAMPLES)}) outside
  POSITIONAL JOIN (SELECT ${lists('d', [...DUPLICATE_FIELDS, ...RANKED])}
                   FROM ${firstRowsSql(sql`(SELECT * FROM ${table('possible_duplicates')} d WHERE ${pairWhere(f)})`, 'first_at, first_id, second_id', MAX_EXAMPLES)}) duplicates
  POSITIONAL JOIN (SELECT * FROM ${table('workspace_checks')}) workspace`);
}

interface QualitySql extends Record<string, unknown> {
  incidents: number;
  records: number;
  prn: number;
  gap_days: number;
  gap_people: number;
}

/**
 * Periods in which nobody worked (model/exposure.ts nobody_worked_periods) under the unit and
 * date filters; with a person, those in the person's exposure.
 */
async function rotaGapPeriods(model: Model, kf: KeyedFilters): Promise<DataQualityResult['rotaGaps']> {
  const f = kf.filters;
  const ofPerson = f.personId
    ? sql`AND EXISTS (SELECT 1 FROM ${table('person_periods')} pp WHERE pp.period_id = nw.period_id AND pp.person_idx = ${kf.keys.personIdx}::INTEGER)`
    : raw('');
  const rows = await model.query<RotaGapPeriod>(named('dataQuality.rotaGaps', sql`
     SELECT unit, strftime(date, '%Y-%m-%d') AS date, shift_name AS shift, required::DOUBLE AS required
     FROM ${table('nobody_worked_periods')} nw WHERE ${kf.with({ personId: null }).on('nw')} ${ofPerson} ORDER BY date, unit, shift_index`));
  const byUnit = new Map<string, { unit: string; periods: number; from: string; to: string }>();
  for (const r of rows) {
    const u = byUnit.get(r.unit);
    if (u) {
      u.periods++;
      u.to = r.date;
    } else byUnit.set(r.unit, { unit: r.unit, periods: 1, from: r.date, to: r.date });
  }
  return {
    total: rows.length,
    byUnit: [...byUnit.values()].sort((a, b) => byText(a.unit, b.unit)),
    list: rows.slice(0, MAX_GAPS),
    truncated: rows.length > MAX_GAPS,
  };
}

/** Text in code-point order, the order DuckDB sorts VARCHAR in. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every check but the staff references: what the page draws first. */
export type DataQualityChecks = Omit<DataQualityResult, 'staffReferences' | 'sentences'> & {
  sentences: Omit<DataQualityResult['sentences'], 'staffReferences'>;
};

/** Every check, the staff references with them (the report, the CLI). */
export async function dataQualityAnalysis(
  model: Model,
  filters: Filters,
  settings?: Settings,
  options: DataQualityOptions = DEFAULT_DATA_QUALITY_OPTIONS,
): Promise<DataQualityResult> {
  const checks = await dataQualityChecks(model, filters, settings, options);
  return withStaffReferences(checks, await dataQualityStaffReferences(model, filters));
}

/** The checks and the staff references (both for the same filters and data) as one result. */
export function withStaffReferences(checks: DataQualityChecks, staffReferences: StaffRecording): DataQualityResult {
  return { ...checks, staffReferences, sentences: { ...checks.sentences, staffReferences: staffReferences.sentence } };
}

/**
 * How the staff named on incidents matched the rota (analysis/staffInvolvement.ts), on its own:
 * the page draws the other checks first, as this one's table (model/staffRecording.ts, 7.2 M
 * references at W-L) is the slowest of the page to build when it first opens (issue 18).
 */
export async function dataQualityStaffReferences(model: Model, filters: Filters): Promise<StaffRecording> {
  return staffRecording(model, await model.filters(filters));
}

export async function dataQualityChecks(
  model: Model,
  filters: Filters,
  _settings?: Settings,
  options: DataQualityOptions = DEFAULT_DATA_QUALITY_OPTIONS,
): Promise<DataQualityChecks> {
  const warnings: string[] = [];
  const kf = await model.filters(filters);
  // The gap table holds runs of one day or more.
  const [q] = (await model.query<QualitySql>(qualitySql(kf, Math.max(1, options.gapDays)))) as [QualitySql];

  const rotaGaps = await rotaGapPeriods(model, kf);
  const gapRows = rankedRowsOf<Gap>(q, 'g', GAP_FIELDS);
  const gaps = { list: gapRows.rows, total: gapRows.total, days: q.gap_days, people: q.gap_people, truncated: gapRows.total > MAX_GAPS };

  const reasons = rowsOf<{ reason: string; count: number }>(q, 'r', REASON_FIELDS).sort((a, b) => b.count - a.count || byText(a.reason, b.reason));
  const outsideExposure = {
    incidents: q.incidents,
    outside: reasons.reduce((t, r) => t + r.count, 0),
    byReason: reasons,
    examples: rankedRowsOf<DataQualityResult['outsideExposure']['examples'][number]>(q, 'o', OUTSIDE_FIELDS).rows,
  };

  const unitRows = rowsOf<Omit<UnitPresence, 'missingFrom' | 'similarTo'>>(q, 'u', UNIT_FIELDS).sort((a, b) => byText(a.unit, b.unit));
  const norm = (u: string) => u.trim().toLowerCase().replace(/\s+/g, ' ');
  const units: UnitPresence[] = unitRows
    .filter((u) => !filters.unit || norm(u.unit) === norm(filters.unit))
    .map((u) => ({
      ...u,
      missingFrom: UNIT_FILES.filter(([key]) => q[`loaded_${key}`] === true && u[key] === 0).map(([, label]) => label),
      similarTo: unitRows.filter((o) => o.unit !== u.unit && norm(o.unit) === norm(u.unit)).map((o) => o.unit),
    }));

  const imports: ImportLedgerRow[] = rowsOf<Omit<ImportLedgerRow, 'balanced'>>(q, 'i', IMPORT_FIELDS)
    .sort((a, b) => a.importId - b.importId)
    .map((r) => ({ ...r, balanced: r.read === r.accepted + r.rejected }));
  const possible = rankedRowsOf<DataQualityResult['duplicates']['possible'][number]>(q, 'd', DUPLICATE_FIELDS);
  const duplicates = {
    skippedAtImport: imports.reduce((t, r) => t + r.duplicates, 0),
    possible: possible.rows,
    possibleTotal: possible.total,
  };

  const orphans = rankedRowsOf<DataQualityResult['orphanInterventions']['examples'][number]>(q, 'x', ORPHAN_FIELDS);
  const orphanInterventions = { count: orphans.total, examples: orphans.rows };

  const records = q.records;
  const useOfForce = {
    records,
    prnExcluded: q.prn,
    items: USE_OF_FORCE_ITEMS.map((x): ForceItemCompleteness => {
      const holding = x.holds ? ((q[`item_${x.item}`] as number | undefined) ?? 0) : null;
      return {
        item: x.item,
        requirement: x.requirement,
        fields: x.fields,
        note: x.holds ? x.note : 'Not recorded in these exports.',
        holding,
        share: holding === null || records === 0 ? null : holding / records,
      };
    }),
  };

  if (imports.some((r) => !r.balanced)) warnings.push('Some imports do not balance: rows read ≠ accepted + rejected. Re-import those files.');

  const numbers: Numbers = {
    filters,
    gapDays: options.gapDays,
    gaps,
    outsideExposure,
    units,
    rotaGaps,
    duplicates,
    orphanInterventions,
    useOfForce,
    imports,
    warnings,
  };
  return { ...numbers, sentences: sentencesFor(numbers) };
}

type Numbers = Omit<DataQualityChecks, 'sentences'>;

function sentencesFor(r: Numbers): DataQualityChecks['sentences'] {
  return {
    gaps: gapsSentence(r),
    outside: outsideSentence(r),
    units: unitsSentence(r),
    rotaGaps: rotaGapsSentence(r),
    duplicates: duplicatesSentence(r),
    useOfForce: forceSentence(r),
    imports: importsSentence(r),
  };
}

function gapsSentence(r: Numbers): string {
  const g = r.gaps;
  if (g.total === 0) {
    return `No one has a stretch of ${r.gapDays} or more days without any record (incident, plan-delivery row or allocated rota line) in the dates the rota covers.`;
  }
  const longest = g.list[0]!;
  return (
    `${plural(g.total, 'stretch', 'stretches')} of ${r.gapDays} or more days passed with no record at all (no incident, plan-delivery row or allocated rota line) ` +
    `for ${plural(g.people, 'person', 'people')}, ${plural(g.days, 'day')} in all; the longest was ${plural(longest.days, 'day')} ` +
    `(${longest.label}, ${dayLabel(longest.from)} to ${dayLabel(longest.to)}). Days without records are not the same as settled days.`
  );
}

function outsideSentence(r: Numbers): string {
  const o = r.outsideExposure;
  if (o.incidents === 0) return 'There are no incidents in this selection.';
  if (o.outside === 0) return `All ${plural(o.incidents, 'incident')} fall inside a person-period of the rota, so all are in the rates.`;
  const reasons = o.byReason.map((x) => `${fmt(x.count, 0)} ${x.reason}`).join('; ');
  return `${fmt(o.outside, 0)} of ${plural(o.incidents, 'incident')} fall outside every person-period and are not in the rates: ${reasons}.`;
}

function unitsSentence(r: Numbers): string {
  if (r.units.length === 0) return 'No units in the imported files.';
  const odd = r.units.filter((u) => u.missingFrom.length > 0 || u.similarTo.length > 0);
  if (odd.length === 0) return `Every unit (${r.units.map((u) => u.unit).join(', ')}) appears in every file that names units.`;
  const parts = odd.map((u) => {
    const missing = u.missingFrom.length ? `is missing from the ${u.missingFrom.join(', ')} file${u.missingFrom.length > 1 ? 's' : ''}` : '';
    const similar = u.similarTo.length ? `looks like ${u.similarTo.map((s) => `"${s}"`).join(', ')} spelt differently` : '';
    return `"${u.unit}" ${[missing, similar].filter(Boolean).join(' and ')}`;
  });
  return `${parts.join('; ')}.`;
}

function rotaGapsSentence(r: Numbers): string {
  const g = r.rotaGaps;
  if (g.total === 0) return 'In every shift period the rota covers, somebody worked.';
  const units = g.byUnit
    .map((u) => `${plural(u.periods, 'period')} on ${u.unit}${u.from === u.to ? ` (${dayLabel(u.from)})` : ` (${dayLabel(u.from)} to ${dayLabel(u.to)})`}`)
    .join('; ');
  return (
    `In ${plural(g.total, 'shift period')} nobody worked: every rota line was unfilled, sick or cancelled — ${units}. ` +
    `These may be gaps in the rota rather than empty shifts: check them. They count as short by the whole number of staff required.`
  );
}

function duplicatesSentence(r: Numbers): string {
  const d = r.duplicates;
  const skipped = d.skippedAtImport === 0 ? 'No rows were skipped at import as duplicates' : `${plural(d.skippedAtImport, 'row')} ${agree(d.skippedAtImport, 'was', 'were')} skipped at import as duplicates of rows already imported`;
  const possible =
    d.possibleTotal === 0
      ? 'no accepted incidents look like the same event recorded twice'
      : `${plural(d.possibleTotal, 'pair')} of accepted incidents may be the same event recorded twice (same person and behaviour, at most a minute apart)`;
  return `${skipped}; ${possible}.`;
}

function forceSentence(r: Numbers): string {
  const f = r.useOfForce;
  const carried = f.items.filter((x) => x.holding !== null);
  const missing = f.items.filter((x) => x.holding === null).map((x) => x.item);
  if (f.records === 0) return 'There are no records of force (restrictive interventions other than PRN) in this selection.';
  const least = [...carried].sort((a, b) => a.share! - b.share! || a.item.localeCompare(b.item))[0]!;
  return (
    `These exports carry ${carried.length} of the 16 items the Use of Force Act asks every record of force to hold; across ` +
    `${plural(f.records, 'restrictive intervention')} (PRN excluded) the least complete was item ${least.item}, ${least.requirement} (${pct(least.share!)}). ` +
    `Items ${missing.join(', ')} are not recorded in these exports.`
  );
}

function importsSentence(r: Numbers): string {
  if (r.imports.length === 0) return 'No files have been imported.';
  const read = r.imports.reduce((t, x) => t + x.read, 0);
  const accepted = r.imports.reduce((t, x) => t + x.accepted, 0);
  const rejected = r.imports.reduce((t, x) => t + x.rejected, 0);
  const failed = r.imports.filter((x) => x.error).length;
  const balance = r.imports.every((x) => x.balanced)
    ? `every row read is accounted for: ${fmt(read, 0)} read = ${fmt(accepted, 0)} accepted + ${fmt(rejected, 0)} rejected`
    : `some files do not balance (rows read ≠ accepted + rejected)`;
  return `Across ${plural(r.imports.length, 'file')}, ${balance}.` + (failed ? ` ${plural(failed, 'file')} could not be imported at all.` : '');
}
