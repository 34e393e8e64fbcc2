/**
 * Which name a person goes by on screen and in the URL. Pseudonyms ("Person 3F2A9C", keyed by the
 * per-profile key) everywhere by default; real names only on this computer when the user turns
 * them on. The URL never carries a person id (a vendor export may use the name as the id): it
 * carries the pseudonym, which means nothing outside this browser profile.
 */
import type { Engine, FilterOptions } from '../../engine';

export type PersonOption = FilterOptions['people'][number] & { name?: string | null; pseudonym?: string };

/** The person's pseudonym, also when the label shows the real name: the token of the URL and the page's keys. */
export const pseudonymOf = (p: PersonOption): string => p.pseudonym ?? p.label;

/** Label ↔ id for the URL. */
export interface PeopleIndex {
  idOf(label: string): string | null;
  labelOf(personId: string): string | null;
}

export function peopleIndex(people: readonly { personId: string; label: string }[]): PeopleIndex {
  const byLabel = new Map(people.map((p) => [p.label, p.personId]));
  const byId = new Map(people.map((p) => [p.personId, p.label]));
  return { idOf: (label) => byLabel.get(label) ?? null, labelOf: (id) => byId.get(id) ?? null };
}

/** The people list as shown: the real name (with the pseudonym beside it) where one is known and chosen. */
export function displayPeople(people: readonly PersonOption[], names: ReadonlyMap<string, string>, showRealNames: boolean): PersonOption[] {
  if (!showRealNames) return [...people];
  return people
    .map((p) => {
      const name = p.name ?? names.get(p.personId) ?? null;
      return name ? { ...p, label: `${name} (${p.label})`, pseudonym: pseudonymOf(p) } : p;
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
}

/**
 * The engine as the views see it: the same object, except that its people list shows real names
 * when they are chosen. Settings and every other member pass straight through.
 */
export function engineWithNames(engine: Engine, showRealNames: boolean, realNames: () => Promise<ReadonlyMap<string, string>>): Engine {
  if (!showRealNames) return engine;
  return new Proxy(engine, {
    get(target, prop, receiver) {
      if (prop === 'filterOptions') {
        return async () => {
          const options = await target.filterOptions();
          return { ...options, people: displayPeople(options.people, await realNames(), true) };
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** people.name by person_id, for the real-names choice (the engine reads it; views never write SQL). */
export async function readRealNames(engine: Engine): Promise<Map<string, string>> {
  return engine.realNames();
}
