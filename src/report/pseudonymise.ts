/**
 * Exports with pseudonyms on: every person id and real name in a result (a field, a map key, or
 * words inside a sentence) replaced by the person's pseudonym. A vendor export often uses the
 * name as the id, so an id is as identifying as a name. Pure: the caller gives the people.
 */

export interface PersonIdentity {
  personId: string;
  /** The pseudonym ("Person 3F2A9C"). */
  label: string;
  /** The real name, when the people file gives one. */
  name?: string | null;
}

/** Ids and names shorter than this are replaced only where a whole value is the id. */
const MIN_IN_TEXT = 3;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A function that gives any value back with ids and names replaced by pseudonyms. */
export function pseudonymiser(people: readonly PersonIdentity[]): <T>(value: T) => T {
  const whole = new Map<string, string>();
  for (const p of people) {
    whole.set(p.personId, p.label);
    if (p.name && p.name.trim() !== '') whole.set(p.name.trim(), p.label);
  }
  // Longest first, so "Ann Smith" goes before "Ann"; only where a whole word of the text is it.
  const inText = [...whole.keys()].filter((k) => k.length >= MIN_IN_TEXT && k !== whole.get(k)).sort((a, b) => b.length - a.length);
  const pattern = inText.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${inText.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu') : null;
  const text = (s: string): string => whole.get(s) ?? (pattern ? s.replace(pattern, (m) => whole.get(m) ?? m) : s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [walk(k), walk(x)]));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
    }
    return v;
  };
  return <T>(value: T) => walk(value) as T;
}
