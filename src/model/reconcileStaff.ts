/**
 * Staff references in the reconciliation: the names or ids in incidents' staff_involved that the
 * model cannot match to a rota staff_id by itself (model/staffInvolvements.ts matches the id as
 * written, or its normalised form when that leaves one staff member), with suggested rota staff.
 * The user's choice is stored as a staff alias (model/reconcile.ts, staff_aliases) that
 * staff_involvements applies.
 *
 * Staff are never named: every reference and every rota staff member carries a pseudonym
 * ("Staff " and six hex digits of md5(key || 'staff:' || id), keyed like people's), and every
 * label and reason is written with pseudonyms only. The raw reference stays in `ref` / `raw`, for
 * storing the alias, and no page shows it.
 */
import type { Connector } from '../db/connector';
import { ensureSchema } from '../ingest/schema';
import type { Confidence, Suggestion } from './reconcile';
import { normaliseStaff, staffRefs } from './staffInvolvements';

/** A staff reference the model cannot match by itself. */
export interface StaffReference {
  /** As written in staff_involved (never shown). */
  ref: string;
  /** Its pseudonym, what a page shows. */
  label: string;
  /** Incidents naming it. */
  incidents: number;
}

/** A staff member of the rota, a possible target of a staff alias. */
export interface StaffOption {
  /** The rota's staff_id (never shown). */
  staffId: string;
  label: string;
}

/** A staff pseudonym in SQL; the key is a bound parameter, `id` a column. */
const staffPseudonym = (id: string) => `'Staff ' || upper(substr(md5(?::VARCHAR || 'staff:' || ${id}), 1, 6))`;

/** The references no rota staff_id matches exactly or by a normalised form leaving one staff member. */
export async function listStaff(db: Connector, key: string): Promise<{ references: StaffReference[]; members: StaffOption[] }> {
  await ensureSchema(db);
  const references = await db.query<StaffReference>(
    `WITH named AS (SELECT DISTINCT incident_id, unnest(${staffRefs('staff_involved')}) AS ref FROM incidents),
     rota AS (SELECT DISTINCT staff_id FROM shifts WHERE staff_id IS NOT NULL),
     by_norm AS (SELECT ${normaliseStaff('staff_id')} AS norm, count(*) AS n FROM rota GROUP BY 1)
     SELECT c.ref, ${staffPseudonym('c.ref')} AS label, c.incidents::INTEGER AS incidents
     FROM (SELECT ref, count(*) AS incidents FROM named GROUP BY 1) c
     LEFT JOIN by_norm b ON b.norm = ${normaliseStaff('c.ref')}
     WHERE c.ref NOT IN (SELECT staff_id FROM rota) AND coalesce(b.n, 0) <> 1
     ORDER BY label`,
    [key],
  );
  const members = await db.query<StaffOption>(
    `SELECT staff_id AS "staffId", ${staffPseudonym('staff_id')} AS label
     FROM (SELECT DISTINCT staff_id FROM shifts WHERE staff_id IS NOT NULL) ORDER BY label`,
    [key],
  );
  return { references, members };
}

/** The model's normalised form (normaliseStaff), in JS. */
const norm = (s: string) => s.trim().toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
/** Leading zeros of each number dropped: "s33" and "S033" meet. */
const noZeros = (s: string) => norm(s).replace(/(^|\D)0+(?=\d)/g, '$1');

/** Levenshtein distance, stopping early past 1 (only one slip counts). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, y: string) => x === y;
  return rest(a.slice(i + 1), b.slice(i + 1)) || rest(a.slice(i), b.slice(i + 1)) || rest(a.slice(i + 1), b.slice(i));
}

const q = (s: string) => `“${s}”`;

/**
 * Suggested rota staff for each reference, in steps (the first that finds anyone decides):
 *  1. the same normalised form as several rota staff: no target, the user chooses;
 *  2. the same id apart from leading zeros (medium);
 *  3. one slip — a letter or digit added, dropped or changed — in ids of four characters or more (low).
 * Several staff fitting one step equally: no target. The rota has no staff names, so names
 * ("Jo Smith") are matched by the user, never guessed.
 */
export function suggestStaff(references: StaffReference[], members: StaffOption[]): Suggestion[] {
  const label = new Map(members.map((m) => [m.staffId, m.label]));
  const steps: { confidence: Confidence | null; fits: (ref: string, id: string) => boolean; how: string }[] = [
    { confidence: null, fits: (r, id) => norm(r) !== '' && norm(r) === norm(id), how: 'apart from case, spacing or punctuation' },
    { confidence: 'medium', fits: (r, id) => /\d/.test(r) && noZeros(r) === noZeros(id), how: 'apart from leading zeros' },
    { confidence: 'low', fits: (r, id) => norm(r).length >= 4 && norm(id).length >= 4 && withinOneEdit(norm(r), norm(id)), how: 'apart from one letter or digit' },
  ];
  const out: Suggestion[] = [];
  for (const r of references) {
    for (const step of steps) {
      const hits = members.filter((m) => step.fits(r.ref, m.staffId)).map((m) => m.staffId);
      if (hits.length === 0) continue;
      const names = hits.map((id) => q(label.get(id)!)).join(', ');
      if (hits.length > 1 || step.confidence === null) {
        out.push({ raw: r.ref, target: null, candidates: hits, confidence: null, reason: `${q(r.label)} is the id of ${hits.length} rota staff ${step.how} (${names}): choose which one.` });
      } else {
        out.push({ raw: r.ref, target: hits[0]!, candidates: hits, confidence: step.confidence, reason: `${q(r.label)} is the rota's ${names} ${step.how}.` });
      }
      break;
    }
  }
  return out;
}
