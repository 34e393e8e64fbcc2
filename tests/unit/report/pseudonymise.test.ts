/**
 * Exports with pseudonyms on carry no raw person id and no real name (issue 15, item 8). The
 * expected values are written out by hand from the people given.
 */
import { describe, expect, test } from 'vitest';
import { pseudonymiser } from '../../../src/report/pseudonymise';

const people = [
  { personId: 'Daniel Okafor', label: 'Person 3F2A9C', name: 'Daniel Okafor' },
  { personId: 'P002', label: 'Person 0B11D4', name: 'Zoë Hartley' },
  { personId: 'k66ffcc1cd101ab57', label: 'Person 77AA01', name: null },
  { personId: '7', label: 'Person 123456', name: 'Al' },
];

describe('pseudonymiser', () => {
  const scrub = pseudonymiser(people);

  test('replaces ids and names as whole values, in fields, arrays and map keys', () => {
    const result = {
      filters: { personId: 'P002', unit: 'Oak', from: null },
      people: [{ personId: 'Daniel Okafor', incidents: 12 }, { personId: 'k66ffcc1cd101ab57' }, { personId: '7', rate: 7 }],
      byPerson: { P002: 3 },
      name: 'Zoë Hartley',
    };
    expect(scrub(result)).toEqual({
      filters: { personId: 'Person 0B11D4', unit: 'Oak', from: null },
      people: [{ personId: 'Person 3F2A9C', incidents: 12 }, { personId: 'Person 77AA01' }, { personId: 'Person 123456', rate: 7 }],
      byPerson: { 'Person 0B11D4': 3 },
      name: 'Person 0B11D4',
    });
  });

  test('replaces them inside sentences, as whole words only', () => {
    expect(scrub('Daniel Okafor has no admission date; P002 and P0021 differ.')).toBe('Person 3F2A9C has no admission date; Person 0B11D4 and P0021 differ.');
    expect(scrub('Zoë Hartley, Zoë Hartleys')).toBe('Person 0B11D4, Zoë Hartleys');
    // Ids and names under three characters only as a whole value: "7" inside "17 incidents" stays.
    expect(scrub('17 incidents, Al and Alan')).toBe('17 incidents, Al and Alan');
    expect(scrub('Al')).toBe('Person 123456');
  });

  test('leaves numbers, booleans, null and the input itself alone', () => {
    const input = { a: [1, true, null, 'P002'] };
    expect(scrub(input)).toEqual({ a: [1, true, null, 'Person 0B11D4'] });
    expect(input.a[3]).toBe('P002');
  });
});
