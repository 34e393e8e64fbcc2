/**
 * Reconciliation: the same unit or person written differently in different files ("Oak" in the
 * rota, "Oak Ward" in incidents; "P014" in the people file, "HARTLEY, Zoë" in incidents).
 *
 *   canonical tables ─► listing (every name, where it appears, how often)
 *                    ─► suggestions (the obvious matches, with a confidence and a reason)
 *   the user confirms, merges or renames ─► Aliases (raw → canonical) ─► unit_aliases / person_aliases
 *   canonical tables + aliases ─► r_* views (unit and person_id reconciled) ─► the exposure model
 *
 * The canonical tables are never rewritten: an alias can be undone, and a re-import stays exact.
 * Matching runs in JS over the distinct names only (thousands at most), never over the rows.
 */
import '../zodJitless'; // before any schema is made, whichever chunk this module lands in
import { z } from 'zod';
import type { Connector } from '../db/connector';
import { join, named, raw, runQuery, sql } from '../db/sql';
import { ensureSchema } from '../ingest/schema';
import { listStaff, suggestStaff, type StaffOption, type StaffReference } from './reconcileStaff';

// ─── Aliases: what the user decided ────────────────────────────────────────────────────────

export const AliasesSchema = z.object({
  /** A unit name as written in a file → the unit it means. */
  units: z.array(z.object({ raw: z.string().min(1), unit: z.string().min(1) })).default([]),
  /** A person reference as written in a file (a name, or an id in another spelling) → a person_id. */
  people: z.array(z.object({ raw: z.string().min(1), personId: z.string().min(1) })).default([]),
  /** A staff reference in incidents' staff_involved (a name, another spelling) → a rota staff_id. */
  staff: z.array(z.object({ raw: z.string().min(1), staffId: z.string().min(1) })).default([]),
});
export type Aliases = z.infer<typeof AliasesSchema>;
export const NO_ALIASES: Aliases = { units: [], people: [], staff: [] };

/** Aliases are kept in code-point order, the order DuckDB sorts VARCHAR in. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Validate and simplify: drop self-aliases, follow chains (A → B, B → C gives A → C) so one
 * lookup suffices, and refuse a raw name given two meanings or a cycle.
 */
export function normaliseAliases(input: unknown): Aliases {
  const a = AliasesSchema.parse(input);
  const resolve = (pairs: [string, string][], what: string): [string, string][] => {
    const map = new Map<string, string>();
    for (const [raw, target] of pairs) {
      const seen = map.get(raw);
      if (seen !== undefined && seen !== target) throw new Error(`The ${what} "${raw}" is matched to both "${seen}" and "${target}".`);
      map.set(raw, target);
    }
    const out: [string, string][] = [];
    for (const raw of map.keys()) {
      let target = map.get(raw)!;
      const path = new Set([raw]);
      while (map.has(target) && map.get(target) !== target) {
        if (path.has(target)) throw new Error(`The ${what} aliases go round in a circle through "${raw}".`);
        path.add(target);
        target = map.get(target)!;
      }
      if (target !== raw) out.push([raw, target]);
    }
    return out.sort((x, y) => byCodePoint(x[0], y[0]));
  };
  return {
    units: resolve(a.units.map((u) => [u.raw, u.unit]), 'unit name').map(([raw, unit]) => ({ raw, unit })),
    people: resolve(a.people.map((p) => [p.raw, p.personId]), 'person reference').map(([raw, personId]) => ({ raw, personId })),
    // Staff references are never quoted: a staff name or id must not reach a page or a message.
    staff: resolveStaff(a.staff.map((x) => [x.raw, x.staffId]), resolve).map(([raw, staffId]) => ({ raw, staffId })),
  };
}

/** Chains and conflicts of staff aliases, the resolver's messages told by position instead of by name. */
function resolveStaff(pairs: [string, string][], resolve: (pairs: [string, string][], what: string) => [string, string][]): [string, string][] {
  try {
    return resolve(pairs, 'staff reference');
  } catch (e) {
    const m = /^The staff reference "(.*)" is matched to both|^The staff reference aliases go round in a circle through "(.*)"\./s.exec((e as Error).message);
    const raw = m?.[1] ?? m?.[2];
    const n = pairs.findIndex(([r]) => r === raw) + 1;
    throw new Error(m?.[1] !== undefined ? `Staff alias ${n} gives its reference a second staff id.` : `The staff aliases go round in a circle (through staff alias ${n}).`);
  }
}

// ─── The tables and the reconciled views ───────────────────────────────────────────────────

const ALIAS_TABLES = [
  'CREATE TABLE IF NOT EXISTS unit_aliases (raw VARCHAR, unit VARCHAR)',
  'CREATE TABLE IF NOT EXISTS person_aliases (raw VARCHAR, person_id VARCHAR)',
  'CREATE TABLE IF NOT EXISTS staff_aliases (raw VARCHAR, staff_id VARCHAR)',
];

/**
 * Each canonical table with a unit or person column, as the model should see it:
 * unit = coalesce(alias, raw), person_id = coalesce(alias, raw). A hash join on a small alias
 * table per column; every other column passes through unchanged.
 */
const RECONCILED_VIEWS: { view: string; table: string; unit: boolean; person: boolean }[] = [
  { view: 'r_shifts', table: 'shifts', unit: true, person: true },
  { view: 'r_incidents', table: 'incidents', unit: true, person: true },
  { view: 'r_people', table: 'people', unit: true, person: false },
  { view: 'r_requirements', table: 'staffing_requirements', unit: true, person: false },
  { view: 'r_events', table: 'events', unit: true, person: true },
  { view: 'r_plan_delivery', table: 'plan_delivery', unit: false, person: true },
];
export const RECONCILED_VIEW_NAMES = RECONCILED_VIEWS.map((v) => v.view);

/** A raw person id reconciled: its alias, or itself when it has none (the views, reconciledPersonIds). */
const RECONCILED_PERSON = (t: string) => `coalesce(pa.person_id, ${t}.person_id)`;
const PERSON_ALIAS_JOIN = (t: string) => `LEFT JOIN person_aliases pa ON pa.raw = ${t}.person_id`;

function viewSql(v: (typeof RECONCILED_VIEWS)[number]): string {
  const replaced: string[] = [];
  const joins: string[] = [];
  if (v.unit) {
    replaced.push('coalesce(ua.unit, t.unit) AS unit');
    joins.push('LEFT JOIN unit_aliases ua ON ua.raw = t.unit');
  }
  if (v.person) {
    replaced.push(`${RECONCILED_PERSON('t')} AS person_id`);
    joins.push(PERSON_ALIAS_JOIN('t'));
  }
  return `CREATE OR REPLACE VIEW ${v.view} AS SELECT t.* REPLACE (${replaced.join(', ')}) FROM ${v.table} t ${joins.join(' ')}`;
}

/**
 * `ids` (a SELECT with a column person_id of reconciled ids, as the r_ views give them) with
 * person_id the raw ids that reconcile to each instead: a canonical table joined to it on its own
 * person_id gives the rows its reconciled view gives those people, without the view's alias joins
 * on every row (at W-L the rota's 5 M rows). A raw id goes to its alias, or stays itself when it
 * has none, as in the views; unit aliases, one per raw name (normaliseAliases), add or drop no row.
 */
export const rawPersonIds = (ids: string): string => `
  SELECT i.* REPLACE (pa.raw AS person_id) FROM (${ids}) i JOIN person_aliases pa ON pa.person_id = i.person_id
  UNION ALL
  SELECT i.* FROM (${ids}) i ANTI JOIN person_aliases pa ON pa.raw = i.person_id`;

/**
 * `rows` (a SELECT with a column person_id of raw ids, as imported) with person_id reconciled as
 * the r_ views do: counts made on a canonical table's raw ids and reconciled after (a few hundred
 * rows) sum to the view's counts, without the view's alias joins on every row.
 */
export const reconciledPersonIds = (rows: string): string => `
  SELECT r.* REPLACE (${RECONCILED_PERSON('r')} AS person_id) FROM (${rows}) r ${PERSON_ALIAS_JOIN('r')}`;

/** Create the alias tables (empty) and the reconciled views if they are missing. Idempotent. */
export async function ensureReconciled(db: Connector): Promise<void> {
  await ensureSchema(db);
  for (const ddl of ALIAS_TABLES) await db.exec(ddl);
  for (const v of RECONCILED_VIEWS) await db.exec(viewSql(v));
}

/** Everything this module creates, for "delete all data". */
export const RECONCILE_OBJECTS = { views: RECONCILED_VIEW_NAMES, tables: ['unit_aliases', 'person_aliases', 'staff_aliases'] };

export async function readAliases(db: Connector): Promise<Aliases> {
  await ensureReconciled(db);
  const units = await db.query<{ raw: string; unit: string }>('SELECT raw, unit FROM unit_aliases ORDER BY raw');
  const people = await db.query<{ raw: string; personId: string }>('SELECT raw, person_id AS "personId" FROM person_aliases ORDER BY raw');
  const staff = await db.query<{ raw: string; staffId: string }>('SELECT raw, staff_id AS "staffId" FROM staff_aliases ORDER BY raw');
  return { units, people, staff };
}

/** Replace the stored aliases. The exposure model must be rebuilt afterwards. */
export async function writeAliases(db: Connector, input: unknown): Promise<Aliases> {
  const aliases = normaliseAliases(input);
  await ensureReconciled(db);
  await refuseUnknownStaff(db, aliases.staff);
  await db.exec('DELETE FROM unit_aliases');
  await db.exec('DELETE FROM person_aliases');
  await db.exec('DELETE FROM staff_aliases');
  await insertPairs(db, 'unit_aliases', aliases.units.map((u) => [u.raw, u.unit]));
  await insertPairs(db, 'person_aliases', aliases.people.map((p) => [p.raw, p.personId]));
  await insertPairs(db, 'staff_aliases', aliases.staff.map((x) => [x.raw, x.staffId]));
  return aliases;
}

/** A staff alias must name a staff member of the rota; its target is not quoted (no staff id on a page). */
async function refuseUnknownStaff(db: Connector, staff: Aliases['staff']): Promise<void> {
  if (staff.length === 0) return;
  const ids = new Set((await db.query<{ id: string }>('SELECT DISTINCT staff_id AS id FROM shifts WHERE staff_id IS NOT NULL')).map((r) => r.id));
  const unknown = staff.filter((x) => !ids.has(x.staffId)).length;
  if (unknown > 0) {
    throw new Error(
      `${unknown} staff ${unknown === 1 ? 'alias points' : 'aliases point'} to a staff id the rota does not have: a staff alias must name a staff_id of the imported rota.`,
    );
  }
}

async function insertPairs(db: Connector, table: string, pairs: [string, string][]): Promise<void> {
  for (let i = 0; i < pairs.length; i += 200) {
    const chunk = pairs.slice(i, i + 200);
    const rows = chunk.map(([from, to]) => sql`(${from}, ${to})`);
    await runQuery(db, named('reconcile.aliases', sql`INSERT INTO ${raw(table)} VALUES ${join(rows, ', ')}`));
  }
}

// ─── Listing: every name and where it appears ──────────────────────────────────────────────

export const UNIT_SOURCES = ['rota', 'incidents', 'people', 'requirements', 'events'] as const;
export type UnitSource = (typeof UNIT_SOURCES)[number];
export const PERSON_SOURCES = ['peopleId', 'peopleName', 'incidents', 'planDelivery', 'rota', 'events'] as const;
export type PersonSource = (typeof PERSON_SOURCES)[number];

export const SOURCE_LABELS: Record<UnitSource | PersonSource, string> = {
  rota: 'staff rota',
  incidents: 'incidents',
  people: 'people',
  requirements: 'staffing requirements',
  events: 'events',
  peopleId: 'people (id)',
  peopleName: 'people (name)',
  planDelivery: 'plan delivery',
};

export interface UnitName {
  name: string;
  /** Rows carrying this exact name, per file kind. */
  counts: Record<UnitSource, number>;
}

export interface PersonReference {
  ref: string;
  counts: Record<PersonSource, number>;
}

/** A person of the people file, a possible target of a person alias. */
export interface PersonOption {
  personId: string;
  name: string | null;
  unit: string | null;
}

/** Rows per unit name in each file that carries a unit; `r` reads the reconciled views instead. */
const unitListing = (r = false) => `
SELECT name, source, rows::INTEGER AS rows FROM (
  SELECT unit AS name, 'rota' AS source, count(*) AS rows FROM ${r ? 'r_shifts' : 'shifts'} GROUP BY 1
  UNION ALL SELECT unit, 'incidents', count(*) FROM ${r ? 'r_incidents' : 'incidents'} GROUP BY 1
  UNION ALL SELECT unit, 'people', count(*) FROM ${r ? 'r_people' : 'people'} GROUP BY 1
  UNION ALL SELECT unit, 'requirements', count(*) FROM ${r ? 'r_requirements' : 'staffing_requirements'} GROUP BY 1
  UNION ALL SELECT unit, 'events', count(*) FROM ${r ? 'r_events' : 'events'} GROUP BY 1)
WHERE name IS NOT NULL`;

const PERSON_LISTING = `
SELECT ref, source, rows::INTEGER AS rows FROM (
  SELECT person_id AS ref, 'peopleId' AS source, count(*) AS rows FROM people GROUP BY 1
  UNION ALL SELECT name, 'peopleName', count(*) FROM people GROUP BY 1
  UNION ALL SELECT person_id, 'incidents', count(*) FROM incidents GROUP BY 1
  UNION ALL SELECT person_id, 'planDelivery', count(*) FROM plan_delivery GROUP BY 1
  UNION ALL SELECT person_id, 'rota', count(*) FROM shifts GROUP BY 1
  UNION ALL SELECT person_id, 'events', count(*) FROM events GROUP BY 1)
WHERE ref IS NOT NULL`;

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export async function listUnits(db: Connector): Promise<UnitName[]> {
  await ensureSchema(db);
  const rows = await db.query<{ name: string; source: UnitSource; rows: number }>(unitListing());
  const byName = new Map<string, UnitName>();
  for (const r of rows) {
    const u = byName.get(r.name) ?? { name: r.name, counts: zeros(UNIT_SOURCES) };
    u.counts[r.source] += r.rows;
    byName.set(r.name, u);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function listPeople(db: Connector): Promise<{ references: PersonReference[]; persons: PersonOption[] }> {
  await ensureSchema(db);
  const rows = await db.query<{ ref: string; source: PersonSource; rows: number }>(PERSON_LISTING);
  const byRef = new Map<string, PersonReference>();
  for (const r of rows) {
    const p = byRef.get(r.ref) ?? { ref: r.ref, counts: zeros(PERSON_SOURCES) };
    p.counts[r.source] += r.rows;
    byRef.set(r.ref, p);
  }
  const persons = await db.query<PersonOption>(
    'SELECT DISTINCT ON (person_id) person_id AS "personId", name, unit FROM people WHERE person_id IS NOT NULL ORDER BY person_id',
  );
  return { references: [...byRef.values()].sort((a, b) => a.ref.localeCompare(b.ref)), persons };
}

// ─── Normalising names ─────────────────────────────────────────────────────────────────────

/** Lower case without accents: "Zoë" → "zoe". */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Words of a name: accents, case and punctuation dropped; "&" is "and"; "St John's" → st johns. */
export function words(s: string): string[] {
  return fold(s)
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** Words that name a kind of place rather than the place: "Oak Ward" is Oak. */
export const GENERIC_UNIT_WORDS = new Set(['the', 'ward', 'unit', 'house', 'home', 'service', 'services', 'suite', 'wing', 'centre', 'center']);

/**
 * A unit name's comparison keys: its words; its words without a note in brackets ("plain");
 * and those without generic words ("core"; the plain words again if no letter would be left,
 * so "Ward 1" never becomes "1").
 */
export function unitKeys(name: string): { words: string; plain: string; core: string } {
  const plain = words(name.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '));
  const kept = plain.filter((w) => !GENERIC_UNIT_WORDS.has(w));
  return {
    words: words(name).join(' '),
    plain: plain.join(' '),
    core: (kept.some((w) => /\p{L}/u.test(w)) ? kept : plain).join(' '),
  };
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof']);

/**
 * A person's name as forename(s) then surname: "HARTLEY, Zoë" → [zoe, hartley]; titles dropped.
 * `surnameFirst` says the comma form was used.
 */
export function nameWords(s: string): { words: string[]; surnameFirst: boolean } {
  const comma = s.indexOf(',');
  const ordered = comma >= 0 ? `${s.slice(comma + 1)} ${s.slice(0, comma)}` : s;
  return { words: words(ordered).filter((w) => !TITLES.has(w)), surnameFirst: comma >= 0 };
}

/** An identifier without case, spacing or punctuation: "p-014" = "P014". */
const compactId = (s: string) => words(s).join('');
/** … and without leading zeros in its numbers: "P14" ~ "P014". */
const compactIdNoZeros = (s: string) => compactId(s).replace(/(^|\D)0+(?=\d)/g, '$1');

// ─── Suggestions ───────────────────────────────────────────────────────────────────────────

export type Confidence = 'high' | 'medium' | 'low';
const RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };
const LOWER: Record<Confidence, Confidence> = { high: 'medium', medium: 'low', low: 'low' };

export interface Suggestion {
  /** The name as written in a file. */
  raw: string;
  /** What it should become; null when ambiguous (see candidates). */
  target: string | null;
  /** Every name it might mean (one when target is set; two or more when ambiguous). */
  candidates: string[];
  /** null when ambiguous: the user must choose. */
  confidence: Confidence | null;
  /** Why, in words a user can check. */
  reason: string;
}

const q = (s: string) => `“${s}”`;
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Unit suggestions, in steps; each step only looks at names no earlier step matched away.
 *  1. Same words apart from case, spacing or punctuation: one unit spelled differently (high).
 *  2. Same words once a note in brackets is left out: "Birch House (ATU)" (medium).
 *  3. Same words without generic words: "Oak Ward" = "Oak" (high when the target is the rota's
 *     unit or the bare name, else medium).
 *  4. Abbreviations and initials of exactly one rota unit: "OW", "Wil" (medium).
 * The target is the spelling the rota uses (the rota defines the periods), else the bare or the
 * most used name. Where a name could be either of two units the rota keeps apart, no target.
 */
export function suggestUnits(units: UnitName[]): Suggestion[] {
  const out: Suggestion[] = [];
  const clusters = [...groupBy(units, (u) => words(u.name).join(' ')).values()].map((members) => {
    const canonical = pickCanonical(members);
    for (const m of members) {
      if (m !== canonical) {
        out.push({ raw: m.name, target: canonical.name, candidates: [canonical.name], confidence: 'high', reason: `Same name as ${q(canonical.name)} apart from case, spacing or punctuation.` });
      }
    }
    const counts = zeros(UNIT_SOURCES);
    for (const m of members) for (const s of UNIT_SOURCES) counts[s] += m.counts[s];
    return { name: canonical.name, members, counts, ...unitKeys(canonical.name) };
  });
  type Cluster = (typeof clusters)[number];
  const inRota = (c: Cluster) => c.counts.rota > 0;
  /** Matched to another unit, or left for the user to choose. */
  const settled = new Set<Cluster>();
  const suggest = (c: Cluster, target: string, confidence: Confidence, reason: string) => {
    settled.add(c);
    for (const m of c.members) out.push({ raw: m.name, target, candidates: [target], confidence, reason });
  };
  const ambiguous = (c: Cluster, candidates: string[], why: string) => {
    settled.add(c);
    for (const m of c.members) out.push({ raw: m.name, target: null, candidates, confidence: null, reason: `${why}: choose which one, or leave it apart.` });
  };
  const byKey = (key: (c: Cluster) => string, decide: (c: Cluster, target: Cluster) => [Confidence, string]) => {
    for (const same of groupBy(clusters.filter((c) => !settled.has(c) && key(c) !== ''), key).values()) {
      if (same.length < 2) continue;
      const rota = same.filter(inRota);
      if (rota.length >= 2) {
        // The rota itself keeps these apart: they are different units, and the others could be either.
        const names = rota.map((r) => q(r.name)).join(', ');
        for (const c of same) if (!inRota(c)) ambiguous(c, rota.map((r) => r.name), `${q(c.name)} could be any of ${names}, which the rota keeps apart`);
        continue;
      }
      const target = rota[0] ?? pickCanonicalCluster(same);
      for (const c of same) if (c !== target) suggest(c, target.name, ...decide(c, target));
    }
  };

  byKey(
    (c) => c.plain,
    (c, t) => ['medium', `${q(c.name)} and ${q(t.name)} are the same name once the note in brackets is left out.`],
  );
  byKey(
    (c) => c.core,
    (c, t) => {
      const generic = genericDifference(c.name, t.name);
      const bracket = c.plain !== c.words || t.plain !== t.words;
      // Sure when the target is the rota's unit or the bare name; two decorated names may differ.
      const sure = !bracket && (inRota(t) || t.words === t.core);
      return [
        sure ? 'high' : 'medium',
        `${q(c.name)} is ${q(t.name)} with ${generic ? `the generic word ${generic}` : 'a generic word'}${bracket ? ' and a note in brackets' : ''} added or left out.`,
      ];
    },
  );

  // Abbreviations are read against the units the rota names (else the people file's), in any
  // spelling already matched to them: "OW" abbreviates "Oak Ward", which is "Oak".
  const anchors = clusters.some(inRota) ? clusters.filter(inRota) : clusters.filter((c) => c.counts.people > 0);
  const spellings = (a: Cluster) => [a.name, ...out.filter((o) => o.target === a.name).map((o) => o.raw)];
  const pending = clusters.filter((c) => !settled.has(c) && !anchors.includes(c));
  for (const c of pending) {
    const hits = anchors.flatMap((a) => {
      for (const name of spellings(a)) {
        const how = abbreviationOf(c.name, name);
        if (how) return [{ anchor: a, how: name === a.name ? `${how} ${q(a.name)}` : `${how} ${q(name)} (that is, ${q(a.name)})` }];
      }
      return [];
    });
    if (hits.length === 1) {
      const h = hits[0]!;
      suggest(c, h.anchor.name, 'medium', `${q(c.name)} looks like ${h.how}, and of no other unit.`);
    } else if (hits.length > 1) {
      ambiguous(c, hits.map((h) => h.anchor.name), `${q(c.name)} could abbreviate ${hits.map((h) => q(h.anchor.name)).join(' or ')}`);
    }
  }
  return out.sort((a, b) => a.raw.localeCompare(b.raw));
}

/** The spelling to keep among same-word names: the rota's, else the most used; ties alphabetical. */
function pickCanonical(members: UnitName[]): UnitName {
  return [...members].sort((a, b) => b.counts.rota - a.counts.rota || total(b.counts) - total(a.counts) || a.name.localeCompare(b.name))[0]!;
}

/** Among clusters of one core and none in the rota: the bare name if there is one, else the most used. */
function pickCanonicalCluster<C extends { name: string; words: string; core: string; counts: Record<UnitSource, number> }>(same: C[]): C {
  return [...same].sort(
    (a, b) =>
      Number(b.words === b.core) - Number(a.words === a.core) ||
      total(b.counts) - total(a.counts) ||
      a.name.localeCompare(b.name),
  )[0]!;
}

function genericDifference(a: string, b: string): string {
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  const diff = [...wa, ...wb].filter((w) => GENERIC_UNIT_WORDS.has(w) && !(wa.has(w) && wb.has(w)));
  return [...new Set(diff)].map((w) => q(w.charAt(0).toUpperCase() + w.slice(1))).join(' and ');
}

/**
 * Is `short` an abbreviation of `long`? Initials ("OW", "O.W." for Oak Ward; also of the name
 * without generic words) or word-by-word prefixes ("Wil" for Willow, "St Jo" for St John's);
 * at least two letters, and never the full name.
 */
export function abbreviationOf(short: string, long: string): string | null {
  const s = words(short);
  const l = words(long);
  const core = unitKeys(long).core.split(' ');
  const compact = s.join('');
  if (compact.length < 2 || s.join(' ') === l.join(' ')) return null;
  const initials = (ws: string[]) => ws.map((w) => w[0]).join('');
  if (/^\p{L}+$/u.test(compact) && (s.length === 1 || s.every((w) => w.length === 1))) {
    if (compact === initials(l) || (core.length > 1 && compact === initials(core))) return 'the initials of';
  }
  for (const target of [l, core]) {
    if (s.length === target.length && s[0]!.length >= 2 && s.every((w, i) => target[i]!.startsWith(w)) && s.join(' ') !== target.join(' ')) {
      return 'a shortening of';
    }
  }
  return null;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** How a reference matches one person of the people file, or null. */
function matchPerson(ref: string, p: PersonOption): { confidence: Confidence; how: string } | null {
  if (compactId(ref) !== '' && compactId(ref) === compactId(p.personId)) {
    return { confidence: 'high', how: `is the id ${q(p.personId)} apart from case, spacing or punctuation` };
  }
  if (compactIdNoZeros(ref) !== '' && /\d/.test(ref) && compactIdNoZeros(ref) === compactIdNoZeros(p.personId)) {
    return { confidence: 'medium', how: `is the id ${q(p.personId)} apart from leading zeros` };
  }
  if (!p.name) return null;
  const r = nameWords(ref);
  const n = nameWords(p.name).words;
  const rw = r.words;
  if (rw.length === 0 || n.length === 0) return null;
  const who = `the people file's name for ${q(p.personId)}`;
  if (rw.join(' ') === n.join(' ')) {
    return { confidence: 'high', how: `is ${who}${r.surnameFirst ? ', written surname first' : ''} (accents and case ignored)` };
  }
  if (rw.length > 1 && [...rw].sort().join(' ') === [...n].sort().join(' ')) {
    return { confidence: 'high', how: `is ${who} with its words in another order` };
  }
  if (rw.length >= 2 && n.length >= 2 && rw.at(-1) === n.at(-1)) {
    const fore = rw.slice(0, -1);
    if (rw[0] === n[0]) return { confidence: 'medium', how: `has the same first name and surname as ${who}` };
    if (fore.every((w) => w.length === 1) && fore.every((w, i) => n[i]?.startsWith(w))) {
      return { confidence: 'medium', how: `has the initial${fore.length > 1 ? 's' : ''} and surname of ${who}` };
    }
  }
  const letters = rw.join('');
  if (/^\p{L}{2,3}$/u.test(letters) && (rw.length === 1 || rw.every((w) => w.length === 1))) {
    const all = n.map((w) => w[0]).join('');
    const firstLast = `${n[0]![0]}${n.at(-1)![0]}`;
    if (letters === all || letters === firstLast) return { confidence: 'low', how: `is the initials of ${who}` };
  }
  return null;
}

/**
 * Person suggestions for references (in incidents, plan delivery, rota allocations or events)
 * that are not a person_id of the people file: matched to one person by id spelling or by name
 * (accents, case, "SURNAME, Forename", initials); when several people fit equally, no target.
 * References matching nobody in the people file but each other by name are merged onto the
 * most used spelling, so an incident export and a plan-delivery export still meet.
 */
export function suggestPeople(references: PersonReference[], persons: PersonOption[]): Suggestion[] {
  const ids = new Set(persons.map((p) => p.personId));
  const refs = references.filter(
    (r) => !ids.has(r.ref) && r.counts.incidents + r.counts.planDelivery + r.counts.rota + r.counts.events > 0,
  );
  const out: Suggestion[] = [];
  const unmatched: PersonReference[] = [];
  for (const r of refs) {
    const hits = persons.flatMap((p) => {
      const m = matchPerson(r.ref, p);
      return m ? [{ person: p, ...m }] : [];
    });
    if (hits.length === 0) {
      unmatched.push(r);
      continue;
    }
    const best = Math.max(...hits.map((h) => RANK[h.confidence]));
    const top = hits.filter((h) => RANK[h.confidence] === best);
    if (top.length > 1) {
      out.push({
        raw: r.ref,
        target: null,
        candidates: top.map((h) => h.person.personId),
        confidence: null,
        reason: `${q(r.ref)} fits ${top.length} people equally (${top.map((h) => q(h.person.personId)).join(', ')}): choose which one.`,
      });
      continue;
    }
    const h = top[0]!;
    const others = hits.filter((x) => x !== h);
    out.push({
      raw: r.ref,
      target: h.person.personId,
      candidates: [h.person.personId],
      // A weaker resemblance to someone else is worth a second look.
      confidence: others.length > 0 ? LOWER[h.confidence] : h.confidence,
      reason: `${q(r.ref)} ${h.how}.${others.length > 0 ? ` It also resembles ${others.map((o) => q(o.person.personId)).join(', ')}.` : ''}`,
    });
  }
  // References that match no one in the people file: merge those with the same name.
  const byName = groupBy(
    unmatched.filter((r) => nameWords(r.ref).words.length > 0),
    (r) => {
      const w = nameWords(r.ref).words;
      return w.some((x) => /\p{L}/u.test(x)) && w.length > 1 ? [...w].sort().join(' ') : compactId(r.ref);
    },
  );
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    const target = [...same].sort((a, b) => total(b.counts) - total(a.counts) || a.ref.localeCompare(b.ref))[0]!;
    for (const r of same) {
      if (r === target) continue;
      out.push({
        raw: r.ref,
        target: target.ref,
        candidates: [target.ref],
        confidence: 'high',
        reason: `${q(r.ref)} and ${q(target.ref)} are the same name or id written differently (no one in the people file has it).`,
      });
    }
  }
  return out.sort((a, b) => a.raw.localeCompare(b.raw));
}

/** The suggestions safe to apply without asking: high confidence with a single target. */
export function confidentAliases(units: Suggestion[], people: Suggestion[]): Aliases {
  const sure = (s: Suggestion) => s.confidence === 'high' && s.target !== null;
  return normaliseAliases({
    units: units.filter(sure).map((s) => ({ raw: s.raw, unit: s.target! })),
    people: people.filter(sure).map((s) => ({ raw: s.raw, personId: s.target! })),
  });
}

// ─── After reconciliation ──────────────────────────────────────────────────────────────────

export interface UnmatchedUnit {
  unit: string;
  counts: Record<UnitSource, number>;
  /** Files holding rows (rota, incidents, people, requirements) that never name this unit. */
  missingFrom: UnitSource[];
}

/**
 * Units, after the aliases, that some file names and another file (one that holds rows) does not:
 * the data-quality warning "units that appear in one export and not the other". Events are
 * counted but not required (few units have events).
 */
export async function unmatchedUnits(db: Connector): Promise<UnmatchedUnit[]> {
  await ensureReconciled(db);
  const rows = await db.query<{ name: string; source: UnitSource; rows: number }>(unitListing(true));
  const byName = new Map<string, UnitName>();
  const present = new Set<UnitSource>();
  for (const r of rows) {
    const u = byName.get(r.name) ?? { name: r.name, counts: zeros(UNIT_SOURCES) };
    u.counts[r.source] += r.rows;
    byName.set(r.name, u);
    present.add(r.source);
  }
  const required = UNIT_SOURCES.filter((s) => s !== 'events' && present.has(s));
  return [...byName.values()]
    .map((u) => ({ unit: u.name, counts: u.counts, missingFrom: required.filter((s) => u.counts[s] === 0) }))
    .filter((u) => u.missingFrom.length > 0)
    .sort((a, b) => a.unit.localeCompare(b.unit));
}

export interface Reconciliation {
  units: UnitName[];
  references: PersonReference[];
  persons: PersonOption[];
  unitSuggestions: Suggestion[];
  personSuggestions: Suggestion[];
  /** What is stored now. */
  aliases: Aliases;
  /** Units still named in one file and not another, with the current aliases applied. */
  unmatchedUnits: UnmatchedUnit[];
  /** Staff references in incidents no rota staff_id matches by itself, each with its pseudonym. */
  staffReferences: StaffReference[];
  /** The rota's staff, by pseudonym. */
  staffMembers: StaffOption[];
  /** Suggested rota staff; reasons quote pseudonyms only. */
  staffSuggestions: Suggestion[];
}

/** Everything the reconciliation step shows: the listing, the suggestions and the current state. */
export async function reconciliation(db: Connector, pseudonymKey = ''): Promise<Reconciliation> {
  await ensureReconciled(db);
  const units = await listUnits(db);
  const { references, persons } = await listPeople(db);
  const staff = await listStaff(db, pseudonymKey);
  return {
    staffReferences: staff.references,
    staffMembers: staff.members,
    staffSuggestions: suggestStaff(staff.references, staff.members),
    units,
    references,
    persons,
    unitSuggestions: suggestUnits(units),
    personSuggestions: suggestPeople(references, persons),
    aliases: await readAliases(db),
    unmatchedUnits: await unmatchedUnits(db),
  };
}

export interface AppliedAlias {
  kind: 'unit' | 'person';
  raw: string;
  target: string;
  /** From an aliases file the user gave, or matched automatically (high confidence only). */
  source: 'file' | 'automatic';
  reason: string;
}

/**
 * Headless use: the user's aliases first, then — unless turned off — the confident suggestions
 * for names the user did not decide. Staff aliases come from the user only (no staff suggestion is
 * sure) and are stored but not listed: no staff name or id goes into a report. Returns what to store, what was applied and why, and the
 * suggestions left undecided (medium, low or ambiguous) so the report can ask about them.
 */
export function planAliases(
  rec: Pick<Reconciliation, 'unitSuggestions' | 'personSuggestions'>,
  given: z.input<typeof AliasesSchema> = NO_ALIASES,
  automatic = true,
): { aliases: Aliases; applied: AppliedAlias[]; undecided: (Suggestion & { kind: 'unit' | 'person' })[] } {
  const user = normaliseAliases(given);
  const userUnits = new Set(user.units.map((u) => u.raw));
  const userPeople = new Set(user.people.map((p) => p.raw));
  const auto = automatic
    ? confidentAliases(
        rec.unitSuggestions.filter((s) => !userUnits.has(s.raw)),
        rec.personSuggestions.filter((s) => !userPeople.has(s.raw)),
      )
    : NO_ALIASES;
  const aliases = normaliseAliases({ units: [...user.units, ...auto.units], people: [...user.people, ...auto.people], staff: user.staff });
  const reasonOf = (list: Suggestion[], raw: string) => list.find((s) => s.raw === raw)?.reason ?? '';
  const applied: AppliedAlias[] = [
    ...user.units.map((u) => ({ kind: 'unit' as const, raw: u.raw, target: u.unit, source: 'file' as const, reason: 'Given in the aliases file.' })),
    ...auto.units.map((u) => ({ kind: 'unit' as const, raw: u.raw, target: u.unit, source: 'automatic' as const, reason: reasonOf(rec.unitSuggestions, u.raw) })),
    ...user.people.map((p) => ({ kind: 'person' as const, raw: p.raw, target: p.personId, source: 'file' as const, reason: 'Given in the aliases file.' })),
    ...auto.people.map((p) => ({ kind: 'person' as const, raw: p.raw, target: p.personId, source: 'automatic' as const, reason: reasonOf(rec.personSuggestions, p.raw) })),
  ];
  const done = new Set(applied.map((a) => `${a.kind}\u0000${a.raw}`));
  const undecided = [
    ...rec.unitSuggestions.map((s) => ({ ...s, kind: 'unit' as const })),
    ...rec.personSuggestions.map((s) => ({ ...s, kind: 'person' as const })),
  ].filter((s) => !done.has(`${s.kind}\u0000${s.raw}`));
  return { aliases, applied, undecided };
}
