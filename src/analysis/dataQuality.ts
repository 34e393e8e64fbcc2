/**
 * Analysis 9 — data quality: what the numbers cannot see. Gaps in recording, incidents outside
 * the exposure, units that do not match across files, duplicates, interventions without their
 * incident, Use of Force Act s6(5) completeness, and the import ledger (read = accepted + rejected).
 *
 * Filters: gaps by person, unit and date (the span is clipped to the date range); incidents,
 * duplicates and Use of Force records by the incident filters; units by unit; orphan
 * interventions and the import ledger are workspace-wide.
 */
import type { Connector, SqlParam } from '../db/connector';
import type { Settings } from '../model/settings';
import { incidentWhere } from './filters';
import { dayLabel } from './overTime';
import { agree, fmt, pct, plural } from './sentences-shared';
import type { Filters } from './types';
import { USE_OF_FORCE_ITEMS } from './useOfForce';

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
  sentences: { gaps: string; outside: string; units: string; duplicates: string; useOfForce: string; imports: string };
  warnings: string[];
}

const MAX_GAPS = 500;
const MAX_EXAMPLES = 50;

/**
 * Gaps: each person's span (admission to discharge) clipped to the dates their unit's rota covers
 * (before the exports begin nothing could have been recorded) and to the date filter; the days
 * with any record (an incident, a plan-delivery row, a rota line allocated to them) inside it,
 * and sentinels the day before and after; a run of ≥ N days between consecutive marks is a gap.
 */
const GAPS = (spanWhere: string) => `
WITH spans AS (
  SELECT * FROM (
    SELECT ps.person_idx, ps.person_id, ps.label, ps.unit,
           greatest(ps.from_date, c.first_date, coalesce(?::DATE, ps.from_date)) AS from_date,
           least(ps.to_date, c.last_date, coalesce(?::DATE, ps.to_date)) AS to_date
    FROM person_spans ps JOIN rota_coverage c USING (unit)
    WHERE ${spanWhere} AND ps.from_date IS NOT NULL AND ps.to_date IS NOT NULL)
  WHERE from_date <= to_date),
records AS (
  SELECT person_id, occurred_at::DATE AS d FROM r_incidents
  UNION SELECT person_id, date FROM r_plan_delivery
  UNION SELECT person_id, "start"::DATE FROM r_shifts WHERE person_id IS NOT NULL),
marks AS (
  SELECT s.person_idx, r.d FROM spans s JOIN records r ON r.person_id = s.person_id AND r.d BETWEEN s.from_date AND s.to_date
  UNION SELECT person_idx, from_date - 1 FROM spans
  UNION SELECT person_idx, to_date + 1 FROM spans),
runs AS (SELECT person_idx, d, lead(d) OVER (PARTITION BY person_idx ORDER BY d) AS next_d FROM marks)
SELECT s.person_id AS "personId", s.label, s.unit, strftime(r.d + 1, '%Y-%m-%d') AS "from", strftime(r.next_d - 1, '%Y-%m-%d') AS "to",
       (r.next_d - r.d - 1)::INTEGER AS days
FROM runs r JOIN spans s USING (person_idx)
WHERE r.next_d - r.d - 1 >= ?
ORDER BY days DESC, s.label, r.d`;

const OUTSIDE = (where: string) => `
SELECT coalesce(ip.outside_reason, '') AS reason, count(*)::DOUBLE AS count
FROM r_incidents i JOIN incident_periods ip USING (incident_id) WHERE ${where} GROUP BY 1 ORDER BY 2 DESC`;

const OUTSIDE_EXAMPLES = (where: string) => `
SELECT i.incident_id AS "incidentId", i.person_id AS "personId", strftime(i.occurred_at, '%Y-%m-%d %H:%M') AS "occurredAt",
       i.unit, ip.outside_reason AS reason
FROM r_incidents i JOIN incident_periods ip USING (incident_id)
WHERE ${where} AND ip.outside_reason IS NOT NULL ORDER BY i.occurred_at, i.incident_id LIMIT ${MAX_EXAMPLES}`;

/** Rows per unit in each file that carries a unit. */
const UNITS = `
SELECT unit, sum(shifts)::DOUBLE AS shifts, sum(incidents)::DOUBLE AS incidents, sum(people)::DOUBLE AS people,
       sum(requirements)::DOUBLE AS requirements, sum(events)::DOUBLE AS events
FROM (
  SELECT unit, count(*) AS shifts, 0 AS incidents, 0 AS people, 0 AS requirements, 0 AS events FROM r_shifts GROUP BY unit
  UNION ALL SELECT unit, 0, count(*), 0, 0, 0 FROM r_incidents GROUP BY unit
  UNION ALL SELECT unit, 0, 0, count(*), 0, 0 FROM r_people GROUP BY unit
  UNION ALL SELECT unit, 0, 0, 0, count(*), 0 FROM r_requirements GROUP BY unit
  UNION ALL SELECT unit, 0, 0, 0, 0, count(*) FROM r_events WHERE unit IS NOT NULL GROUP BY unit)
WHERE unit IS NOT NULL GROUP BY unit ORDER BY unit`;

/**
 * Possible duplicates: pairs of accepted incidents with the same person and behaviour (case
 * and spacing ignored) at most 60 seconds apart. Equi-join on person, behaviour and minute
 * (this minute or the one before), each pair once.
 */
const POSSIBLE_DUPLICATES = (where: string) => `
WITH i AS (
  SELECT i.incident_id, i.person_id, i.occurred_at, i.behaviour_type,
         lower(regexp_replace(trim(i.behaviour_type), '\\s+', ' ', 'g')) AS behaviour, date_trunc('minute', i.occurred_at) AS minute
  FROM r_incidents i WHERE ${where}),
pairs AS (
  SELECT DISTINCT least(a.incident_id, b.incident_id) AS first_id, greatest(a.incident_id, b.incident_id) AS second_id
  FROM i a
  JOIN (SELECT *, unnest([minute, minute - INTERVAL 1 MINUTE]) AS m FROM i) b
    ON b.person_id = a.person_id AND b.m = a.minute AND b.behaviour IS NOT DISTINCT FROM a.behaviour
  WHERE a.incident_id <> b.incident_id AND abs(epoch(b.occurred_at - a.occurred_at)) <= 60)
SELECT p.first_id AS "firstId", p.second_id AS "secondId", a.person_id AS "personId",
       strftime(a.occurred_at, '%Y-%m-%d %H:%M:%S') AS "firstAt", strftime(b.occurred_at, '%Y-%m-%d %H:%M:%S') AS "secondAt",
       a.behaviour_type AS behaviour, count(*) OVER ()::INTEGER AS total
FROM pairs p JOIN i a ON a.incident_id = p.first_id JOIN i b ON b.incident_id = p.second_id
ORDER BY a.occurred_at, p.first_id, p.second_id LIMIT ${MAX_EXAMPLES}`;

const ORPHANS = `
SELECT r.incident_id AS "incidentId", r.type, strftime(r.started_at, '%Y-%m-%d %H:%M') AS "startedAt", count(*) OVER ()::INTEGER AS total
FROM restrictive_interventions r
WHERE NOT EXISTS (SELECT 1 FROM r_incidents i WHERE i.incident_id = r.incident_id)
ORDER BY r.incident_id, r.started_at LIMIT ${MAX_EXAMPLES}`;

/** Per s6(5) item with a field: how many records (interventions other than PRN) hold it. */
const FORCE = (where: string) => {
  const items = USE_OF_FORCE_ITEMS.filter((x) => x.holds);
  return `
SELECT count(*) FILTER (WHERE r.type <> 'PRN')::DOUBLE AS records, count(*) FILTER (WHERE r.type = 'PRN')::DOUBLE AS prn,
       ${items.map((x) => `count(*) FILTER (WHERE r.type <> 'PRN' AND coalesce(${x.holds}, false))::DOUBLE AS item_${x.item}`).join(',\n       ')}
FROM restrictive_interventions r
JOIN r_incidents i ON i.incident_id = r.incident_id
LEFT JOIN r_people p ON p.person_id = i.person_id
WHERE ${where}`;
};

const IMPORTS = `
SELECT import_id AS "importId", file_name AS file, kind, read::DOUBLE AS read, accepted::DOUBLE AS accepted,
       rejected::DOUBLE AS rejected, duplicates::DOUBLE AS duplicates, error
FROM imports ORDER BY import_id`;

export async function dataQualityAnalysis(
  db: Connector,
  filters: Filters,
  _settings?: Settings,
  options: DataQualityOptions = DEFAULT_DATA_QUALITY_OPTIONS,
): Promise<DataQualityResult> {
  const warnings: string[] = [];
  const iw = incidentWhere(filters);

  // Gaps.
  const spanParts = ['TRUE'];
  const spanParams: SqlParam[] = [filters.from, filters.to];
  if (filters.unit) {
    spanParts.push('ps.unit = ?');
    spanParams.push(filters.unit);
  }
  if (filters.personId) {
    spanParts.push('ps.person_id = ?');
    spanParams.push(filters.personId);
  }
  const gapRows = await db.query<Gap>(GAPS(spanParts.join(' AND ')), [...spanParams, options.gapDays]);
  const gaps = {
    list: gapRows.slice(0, MAX_GAPS),
    total: gapRows.length,
    days: gapRows.reduce((t, g) => t + g.days, 0),
    people: new Set(gapRows.map((g) => g.personId)).size,
    truncated: gapRows.length > MAX_GAPS,
  };

  // Incidents outside the exposure.
  const outsideRows = await db.query<{ reason: string; count: number }>(OUTSIDE(iw.sql), iw.params);
  const outsideExposure = {
    incidents: outsideRows.reduce((t, r) => t + r.count, 0),
    outside: outsideRows.filter((r) => r.reason !== '').reduce((t, r) => t + r.count, 0),
    byReason: outsideRows.filter((r) => r.reason !== ''),
    examples: await db.query<DataQualityResult['outsideExposure']['examples'][number]>(OUTSIDE_EXAMPLES(iw.sql), iw.params),
  };

  // Units across files.
  const unitRows = await db.query<Omit<UnitPresence, 'missingFrom' | 'similarTo'>>(UNITS);
  const kinds = [
    ['shifts', 'rota', 'shifts'],
    ['incidents', 'incidents', 'incidents'],
    ['people', 'people', 'people'],
    ['requirements', 'staffing requirements', 'staffing_requirements'],
  ] as const;
  const loaded = new Set<string>();
  for (const [key, , table] of kinds) {
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::DOUBLE AS n FROM ${table}`)) as [{ n: number }];
    if (n > 0) loaded.add(key);
  }
  const norm = (u: string) => u.trim().toLowerCase().replace(/\s+/g, ' ');
  const units: UnitPresence[] = unitRows
    .filter((u) => !filters.unit || norm(u.unit) === norm(filters.unit))
    .map((u) => ({
      ...u,
      missingFrom: kinds.filter(([key]) => loaded.has(key) && u[key] === 0).map(([, label]) => label),
      similarTo: unitRows.filter((o) => o.unit !== u.unit && norm(o.unit) === norm(u.unit)).map((o) => o.unit),
    }));

  // Duplicates.
  const possible = await db.query<DataQualityResult['duplicates']['possible'][number] & { total: number }>(POSSIBLE_DUPLICATES(iw.sql), iw.params);
  const ledger = await db.query<Omit<ImportLedgerRow, 'balanced'>>(IMPORTS);
  const imports: ImportLedgerRow[] = ledger.map((r) => ({ ...r, balanced: r.read === r.accepted + r.rejected }));
  const duplicates = {
    skippedAtImport: imports.reduce((t, r) => t + r.duplicates, 0),
    possible: possible.map(({ total: _t, ...p }) => p),
    possibleTotal: possible[0]?.total ?? 0,
  };

  // Interventions without their incident.
  const orphanRows = await db.query<{ incidentId: string; type: string; startedAt: string | null; total: number }>(ORPHANS);
  const orphanInterventions = { count: orphanRows[0]?.total ?? 0, examples: orphanRows.map(({ total: _t, ...o }) => o) };

  // Use of Force Act s6(5).
  const [force] = await db.query<Record<string, number>>(FORCE(iw.sql), iw.params);
  const records = force?.records ?? 0;
  const useOfForce = {
    records,
    prnExcluded: force?.prn ?? 0,
    items: USE_OF_FORCE_ITEMS.map((x): ForceItemCompleteness => {
      const holding = x.holds ? (force?.[`item_${x.item}`] ?? 0) : null;
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

  const numbers: Omit<DataQualityResult, 'sentences'> = {
    filters,
    gapDays: options.gapDays,
    gaps,
    outsideExposure,
    units,
    duplicates,
    orphanInterventions,
    useOfForce,
    imports,
    warnings,
  };
  return { ...numbers, sentences: sentencesFor(numbers) };
}

type Numbers = Omit<DataQualityResult, 'sentences'>;

function sentencesFor(r: Numbers): DataQualityResult['sentences'] {
  return {
    gaps: gapsSentence(r),
    outside: outsideSentence(r),
    units: unitsSentence(r),
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
