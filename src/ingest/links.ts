/**
 * Files imported together are read together: a column whose values are found (≥ 80 % of its
 * distinct values) in another file's reference column is the link between them — an incident
 * reference makes a file of restrictive interventions the incident file's child, a person column
 * points at the people file (or another file's people), a staff column at the rota's staff.
 * Each file is then proposed again with its links as evidence (headers.ts LinkHint), so the
 * link column becomes its field and a child file its kind. Pure over inspections.
 */
import type { FileKind } from './canonical';
import { orderAcrossFiles } from './groupDates';
import type { LinkHint } from './headers';
import { propose, type Inspection } from './inspect';
import type { Mapping } from './mapping';
import { profileColumn, type ColumnProfile } from './profiles';

/** Share of a column's distinct values that must be found in the other file's column. */
export const LINK_SHARE = 0.8;

export interface FileLink {
  /** The referring file and column (an intervention's incident reference, an incident's person). */
  from: { file: string; column: string };
  /** The file and column it refers to. */
  to: { file: string; column: string };
  role: LinkHint['role'];
  /** Share of the referring column's distinct values found in the other column. */
  share: number;
  why: string;
}

interface Table {
  file: string;
  kind: FileKind;
  headers: string[];
  values: (column: string) => string[];
  profile: (column: string) => ColumnProfile;
}

function tableOf(i: Inspection): Table | null {
  if (i.error || !i.header || !i.mapping) return null;
  const h = i.header;
  const rows = i.records.slice(h.dataStart).filter((r) => r.some((c) => c.trim() !== ''));
  const profiles = new Map<string, ColumnProfile>();
  const values = (column: string) => {
    const c = h.headers.indexOf(column);
    return rows.map((r) => (r[c] ?? '').trim());
  };
  return {
    file: i.fileName,
    kind: i.mapping.kind,
    headers: h.headers,
    values,
    profile: (column) => {
      let p = profiles.get(column);
      if (!p) profiles.set(column, (p = profileColumn(column, values(column))));
      return p;
    },
  };
}

/** Columns of a file that others may refer to, with what they are. */
function referenceColumns(t: Table, m: Mapping): { column: string; role: LinkHint['role'] }[] {
  const out: { column: string; role: LinkHint['role'] }[] = [];
  const mapped = (field: string) => {
    const s = m.fields[field]?.source;
    return s?.from === 'column' ? s.column : undefined;
  };
  if (t.kind === 'incidents') {
    // Any reference-like column unique per row: the one children quote is the reference.
    for (const c of t.headers) {
      const p = t.profile(c);
      if (p.unique && p.code >= 0.8) out.push({ column: c, role: 'incident' });
    }
  }
  const person = mapped('person_id');
  if (person) out.push({ column: person, role: 'person' });
  if (t.kind === 'people') {
    const name = mapped('name');
    if (name && name !== person) out.push({ column: name, role: 'person' });
  }
  if (t.kind === 'shifts') {
    const staff = mapped('staff_id');
    if (staff) out.push({ column: staff, role: 'staff' });
  }
  return out;
}

const STAFF_WORDS = /\b(staff|involved|employee|people|present|team members?)\b/i;

/** Distinct values of a column; a staff column may hold several ids a cell ("A1; B2"). */
function distinctValues(values: string[], split: boolean): Set<string> {
  const out = new Set<string>();
  for (const v of values) for (const part of split ? v.split(/[;|,]/) : [v]) if (part.trim()) out.add(part.trim().toLowerCase());
  return out;
}

/** Every link among files imported together. */
export function findLinks(inspections: readonly Inspection[]): FileLink[] {
  const tables = inspections.map((i) => ({ i, t: tableOf(i) })).filter((x): x is { i: Inspection; t: Table } => x.t !== null);
  const hasPeople = tables.some((x) => x.t.kind === 'people');
  const links: FileLink[] = [];
  for (const target of tables) {
    for (const ref of referenceColumns(target.t, target.i.mapping!)) {
      const targetSet = distinctValues(target.t.values(ref.column), false);
      if (targetSet.size < 2) continue;
      for (const source of tables) {
        if (source === target) continue;
        if (ref.role === 'person' && (source.t.kind === 'people' || (hasPeople && target.t.kind !== 'people'))) continue;
        if (ref.role === 'incident' && source.t.kind === 'incidents') continue;
        if (ref.role === 'staff' && source.t.kind !== 'incidents') continue;
        for (const column of source.t.headers) {
          if (ref.role === 'staff' && !STAFF_WORDS.test(column)) continue;
          const values = source.t.values(column);
          const p = source.t.profile(column);
          if (p.distinct < 2 || p.date >= 0.5 || p.time >= 0.5 || values.every((v) => /^\d{0,4}$/.test(v))) continue;
          const mine = distinctValues(values, ref.role === 'staff');
          const found = [...mine].filter((v) => targetSet.has(v)).length;
          const share = found / mine.size;
          if (share < LINK_SHARE || found < 2) continue;
          const pct = Math.round(share * 100);
          links.push({
            from: { file: source.t.file, column },
            to: { file: target.t.file, column: ref.column },
            role: ref.role,
            share,
            why: `${pct} % of "${column}" values are found in "${ref.column}" of ${target.t.file}`,
          });
        }
      }
    }
  }
  return bestLinks(links);
}

/** One link per referring column (the fullest), and one per column referred to in a file per role. */
function bestLinks(links: FileLink[]): FileLink[] {
  const sorted = [...links].sort((a, b) => b.share - a.share);
  const seen = new Set<string>();
  return sorted.filter((l) => {
    const key = `${l.from.file}\u0000${l.from.column}`;
    const pair = `${l.from.file}\u0000${l.to.file}\u0000${l.role}`;
    if (seen.has(key) || seen.has(pair)) return false;
    seen.add(key);
    seen.add(pair);
    return true;
  });
}

/**
 * Read files imported together: find their links and propose each file again with them, so a
 * link column becomes its field (and a child of incidents a restrictive-intervention file). The
 * kind the user chose for a file stays. Each inspection gains its links.
 */
export function inspectTogether(inspections: readonly Inspection[]): { inspections: Inspection[]; links: FileLink[] } {
  let current = [...inspections];
  let links: FileLink[] = [];
  // Twice: a child recognised in the first round may make its parent's reference column clear.
  for (let round = 0; round < 2; round++) {
    links = findLinks(current);
    current = current.map((i) => {
      const hints: LinkHint[] = [];
      for (const l of links) {
        if (l.from.file === i.fileName) hints.push({ column: l.from.column, role: l.role, why: l.why });
        if (l.to.file === i.fileName && l.role === 'incident') hints.push({ column: l.to.column, role: 'reference', why: `the reference quoted by ${l.from.file} ("${l.from.column}")` });
      }
      const same = JSON.stringify(hints) === JSON.stringify(i.options.links ?? []);
      return same || i.error || !i.header ? i : propose(i, { ...i.options, links: hints });
    });
  }
  current = settleDateOrders(current);
  return { inspections: current.map((i) => ({ ...i, links: links.filter((l) => l.from.file === i.fileName || l.to.file === i.fileName) })), links };
}

/**
 * A day/month order no value of a file settles is the one the files imported with it settle,
 * when they agree; when they disagree the question stays open and a note names them. The user's
 * answer (options.dateOrder) stands.
 */
function settleDateOrders(inspections: Inspection[]): Inspection[] {
  const across = orderAcrossFiles(inspections.filter((i) => !i.error));
  return inspections.map((i) => {
    const found = across.get(i.fileName);
    if (!found || i.error || !i.header || i.options.dateOrder) return i;
    if (found.order === null) return { ...i, notes: [...i.notes, found.note] };
    return propose(i, { ...i.options, dateOrderFrom: { order: found.order, note: found.note } });
  });
}
