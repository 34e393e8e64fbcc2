/**
 * What the evidence pack says around the findings: who the person is (pseudonym first), the
 * dates the numbers actually cover, how long since they were judged ready for discharge, and
 * where the data came from (the import log). Plain reads through the model (its tables built
 * when stale); values only as parameters.
 */
import { named, sql, table, type Sql } from '../db/sql';
import type { Filters } from '../analysis/types';
import type { Model } from '../model/model';
import { FILE_KINDS, TABLES, type FileKind } from '../ingest/canonical';

export interface PersonContext {
  personId: string;
  /** The pseudonym made on import ("Person 3F2A9C"). */
  label: string;
  /** The real name, if the people file had one. Shown only when the user chooses. */
  name: string | null;
  unit: string | null;
  admitted: string | null;
  discharged: string | null;
  /** The date from which the person was judged clinically ready for discharge. */
  readyForDischarge: string | null;
  commissionedRatio: string | null;
  commissionedFrom: string | null;
  commissionedTo: string | null;
  /** Only named in incidents: not in the people file. */
  inferred: boolean;
}

export interface CoveredRange {
  /** First and last dates with exposure for the selection (ISO dates), null when there is none. */
  from: string | null;
  to: string | null;
  /** Calendar days from `from` to `to`, both included. */
  days: number;
}

export interface ImportProvenance {
  importId: number;
  fileName: string;
  kind: string;
  /** What the file was read as ("Incidents"). */
  kindLabel: string;
  importedAt: string | null;
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  error: string | null;
  reasons: { reason: string; count: number }[];
  /** How its columns became canonical fields: the saved mapping, or the canonical headers. */
  mapping: { field: string; source: string }[];
  mappingNote: string;
}

export interface EvidenceContext {
  person: PersonContext | null;
  covered: CoveredRange;
  imports: ImportProvenance[];
}

const PERSON = (personId: string) => named('evidence.person', sql`
SELECT person_id AS "personId", label, name, unit,
       strftime(admitted, '%Y-%m-%d') AS admitted,
       strftime(to_date, '%Y-%m-%d') AS "toDate", discharge_open AS "dischargeOpen",
       strftime(ready_for_discharge, '%Y-%m-%d') AS "readyForDischarge",
       commissioned_ratio AS "commissionedRatio", commissioned_from AS "commissionedFrom",
       commissioned_to AS "commissionedTo", inferred
FROM ${table('person_spans')} ps LEFT JOIN (SELECT person_id, admitted FROM r_people) p USING (person_id)
WHERE person_id = ${personId}`);

const COVERED = (where: Sql) => named('evidence.covered', sql`
SELECT strftime(min(pp.date), '%Y-%m-%d') AS "from", strftime(max(pp.date), '%Y-%m-%d') AS "to",
       coalesce(datediff('day', min(pp.date), max(pp.date)) + 1, 0)::INTEGER AS days
FROM ${table('person_periods')} pp WHERE ${where}`);

const IMPORTS = named('evidence.imports', sql`
SELECT import_id::INTEGER AS "importId", file_name AS "fileName", kind,
       strftime(imported_at, '%Y-%m-%d %H:%M') AS "importedAt",
       read::INTEGER AS read, accepted::INTEGER AS accepted, rejected::INTEGER AS rejected,
       duplicates::INTEGER AS duplicates, error
FROM imports ORDER BY import_id`);

const REASONS = named('evidence.rejectReasons', sql`
SELECT import_id::INTEGER AS "importId", reason, count(*)::INTEGER AS count
FROM rejects GROUP BY ALL ORDER BY "importId", count DESC, reason`);

function asText(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

export async function personContext(model: Model, personId: string): Promise<PersonContext | null> {
  const [row] = await model.query<Record<string, unknown>>(PERSON(personId));
  if (!row) return null;
  return {
    personId: String(row.personId),
    label: String(row.label),
    name: asText(row.name),
    unit: asText(row.unit),
    admitted: asText(row.admitted),
    // An open discharge (none recorded) stands in as the last rota date in the model: not a discharge.
    discharged: row.dischargeOpen ? null : asText(row.toDate),
    readyForDischarge: asText(row.readyForDischarge),
    commissionedRatio: asText(row.commissionedRatio),
    commissionedFrom: asText(row.commissionedFrom),
    commissionedTo: asText(row.commissionedTo),
    inferred: row.inferred === true,
  };
}

export async function coveredRange(model: Model, filters: Filters): Promise<CoveredRange> {
  const kf = await model.filters(filters);
  const [row] = await model.query<{ from: string | null; to: string | null; days: number }>(COVERED(kf.on('pp')));
  return { from: row?.from ?? null, to: row?.to ?? null, days: row?.days ?? 0 };
}

/** Saved mappings, where the import log keeps them (a `mapping` JSON column); else the canonical headers. */
async function savedMappings(model: Model): Promise<Map<number, unknown>> {
  const cols = await model.query<{ name: string }>(
    named('evidence.mappingColumn', sql`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'imports' AND column_name = 'mapping'`),
  );
  if (cols.length === 0) return new Map();
  const rows = await model.query<{ importId: number; mapping: string | null }>(
    named('evidence.mappings', sql`SELECT import_id::INTEGER AS "importId", mapping::VARCHAR AS mapping FROM imports WHERE mapping IS NOT NULL`),
  );
  const out = new Map<number, unknown>();
  for (const r of rows) {
    try {
      if (r.mapping) out.set(r.importId, JSON.parse(r.mapping));
    } catch {
      // An unreadable saved mapping is reported as such below rather than failing the pack.
      out.set(r.importId, null);
    }
  }
  return out;
}

/** Field ← source pairs of a saved mapping ({ fields: { name: { source } } }), as readable text. */
export function describeMapping(mapping: unknown): { field: string; source: string }[] {
  const fields = (mapping as { fields?: Record<string, { source?: Record<string, string> }> } | null)?.fields;
  if (!fields || typeof fields !== 'object') return [];
  return Object.entries(fields).map(([field, m]) => {
    const s = m?.source ?? {};
    const source =
      s.from === 'column' ? `column "${s.column}"`
      : s.from === 'dateTime' ? `date "${s.date}" + time "${s.time}"`
      : s.from === 'constant' ? `always "${s.value}"`
      : s.from === 'contentKey' ? 'built from the row'
      : 'unknown';
    return { field, source };
  });
}

export async function importProvenance(model: Model): Promise<ImportProvenance[]> {
  const imports = await model.query<Omit<ImportProvenance, 'reasons' | 'mapping' | 'mappingNote' | 'kindLabel'>>(IMPORTS);
  const reasons = await model.query<{ importId: number; reason: string; count: number }>(REASONS);
  const mappings = await savedMappings(model);
  return imports.map((i) => {
    const kind = (FILE_KINDS as readonly string[]).includes(i.kind) ? (i.kind as FileKind) : null;
    const saved = mappings.get(i.importId);
    const described = saved === undefined ? [] : describeMapping(saved);
    const canonical = kind ? TABLES[kind].fields.map((f) => ({ field: f.name, source: `column "${f.name}"` })) : [];
    return {
      ...i,
      kindLabel: kind ? TABLES[kind].label : i.kind,
      reasons: reasons.filter((r) => r.importId === i.importId).map(({ reason, count }) => ({ reason, count })),
      mapping: described.length > 0 ? described : canonical,
      mappingNote:
        described.length > 0 ? 'Columns mapped with the saved mapping shown.'
        : saved !== undefined ? 'A mapping was saved with this import but could not be read.'
        : 'Read as a canonical file: each column has the canonical field name.',
    };
  });
}

export async function evidenceContext(model: Model, filters: Filters): Promise<EvidenceContext> {
  return {
    person: filters.personId ? await personContext(model, filters.personId) : null,
    covered: await coveredRange(model, filters),
    imports: await importProvenance(model),
  };
}
