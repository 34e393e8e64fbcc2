/** Which name a person goes by: pseudonyms by default, real names only by choice, never an id in the URL. */
import { describe, expect, test } from 'vitest';
import { displayPeople, peopleIndex } from '../../../src/ui/storage/names';

const people = [
  { personId: 'Sam Reid', label: 'Person 3F2A9C', unit: 'Oak' },
  { personId: 'P014', label: 'Person 0B11D2', unit: 'Willow' },
  { personId: 'P015', label: 'Person A00001', unit: 'Willow', name: 'Zoë Brontë' },
];

describe('the URL token for a person', () => {
  test('is the pseudonym, and reads back to the id', () => {
    const ix = peopleIndex(people);
    expect(ix.labelOf('Sam Reid')).toBe('Person 3F2A9C');
    expect(ix.idOf('Person 3F2A9C')).toBe('Sam Reid');
    // An id or a name in the URL is not looked up: only pseudonyms are.
    expect(ix.idOf('Sam Reid')).toBeNull();
    expect(ix.idOf('Person FFFFFF')).toBeNull();
    expect(ix.labelOf('P999')).toBeNull();
  });
});

describe('the people list as shown', () => {
  test('keeps pseudonyms unless real names are chosen', () => {
    const names = new Map([['P014', 'Alex Hartley']]);
    expect(displayPeople(people, names, false).map((p) => p.label)).toEqual(['Person 3F2A9C', 'Person 0B11D2', 'Person A00001']);
  });

  test('shows the real name beside the pseudonym where one is known, sorted by what is shown', () => {
    const names = new Map([['P014', 'Alex Hartley']]);
    const shown = displayPeople(people, names, true);
    expect(shown.map((p) => [p.personId, p.label])).toEqual([
      ['P014', 'Alex Hartley (Person 0B11D2)'],
      ['Sam Reid', 'Person 3F2A9C'],
      ['P015', 'Zoë Brontë (Person A00001)'],
    ]);
  });
});
