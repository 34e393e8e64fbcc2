/**
 * Two grid layouts kept OUT of development: written with fixtures.ts, before the parser, and run
 * only once the parser was done (see the report in the commit). Do not tune the parser on them.
 */
import { csvCells, row, type GridCase } from './fixtures';

// H1. A month on a sheet named for it (no title), day numbers over weekday initials, "(Agency)"
//     in a name, "A/L", a key row under the grid for LD and N; unit from the settings.
const jan = Array.from({ length: 31 }, (_, i) => i + 1);
const initials = ['W', 'T', 'F', 'S', 'S', 'M', 'T'];
const line = (name: string, filled: Record<number, string>) => [name, ...jan.map((n) => filled[n] ?? '')].join(',');
const willow: GridCase = {
  name: 'held out: month named by the sheet, day numbers over initials, key row',
  sheetName: 'January 2025',
  settings: { unit: 'Willow' },
  cells: csvCells(
    [
      ['Name', ...jan.map(String)].join(','),
      ['', ...jan.map((n) => initials[(n - 1) % 7])].join(','),
      line('Quinn Ray', { 1: 'LD', 2: 'LD', 6: 'A/L', 31: 'N' }),
      line('Rosa Sims (Agency)', { 10: 'N', 11: 'E' }),
      line('Stan Tate', { 15: 'L', 16: '13:00-21:00' }),
      ','.repeat(31),
      'LD = 08:00-20:00' + ','.repeat(31),
      'N = 20:00-08:00' + ','.repeat(31),
    ].join('\n'),
  ),
  expected: [
    row('Quinn Ray', 'Willow', '2025-01-01 08:00', '2025-01-01 20:00'),
    row('Quinn Ray', 'Willow', '2025-01-02 08:00', '2025-01-02 20:00'),
    row('Quinn Ray', 'Willow', '2025-01-31 20:00', '2025-02-01 08:00'),
    row('Rosa Sims', 'Willow', '2025-01-10 20:00', '2025-01-11 08:00', 'agency'),
    row('Rosa Sims', 'Willow', '2025-01-11 07:00', '2025-01-11 15:00', 'agency'),
    row('Stan Tate', 'Willow', '2025-01-15 15:00', '2025-01-15 23:00'),
    row('Stan Tate', 'Willow', '2025-01-16 13:00', '2025-01-16 21:00'),
  ],
  accounting: { cellsRead: 93, accepted: 7, rejected: 0, blank: 86 },
  questions: [],
};

// H2. A week: "Rota for Ash Ward" and "w/c 3rd March 2025" title rows, weekday names over day
//     numbers ("03"), a contract column (Substantive/Bank/Agency), "7.30-15.30", "Sick (L)",
//     "Hol", a total-hours column.
const ash: GridCase = {
  name: 'held out: weekly, weekday over day number, contract column, sick with a code',
  sheetName: 'Sheet1',
  cells: csvCells(`
Rota for Ash Ward,,,,,,,,,
w/c 3rd March 2025,,,,,,,,,
Staff name,Contract,Mon,Tue,Wed,Thu,Fri,Sat,Sun,Total hrs
,,03,04,05,06,07,08,09,
Tom Usher,Substantive,7.30-15.30,7.30-15.30,OFF,N,N,,,
Una Vale,Bank,,Sick (L),L,,,Hol,Hol,
Vic West,Agency,,,,,E,E,LD,
`),
  expected: [
    row('Tom Usher', 'Ash Ward', '2025-03-03 07:30', '2025-03-03 15:30'),
    row('Tom Usher', 'Ash Ward', '2025-03-04 07:30', '2025-03-04 15:30'),
    row('Tom Usher', 'Ash Ward', '2025-03-06 23:00', '2025-03-07 07:00'),
    row('Tom Usher', 'Ash Ward', '2025-03-07 23:00', '2025-03-08 07:00'),
    row('Una Vale', 'Ash Ward', '2025-03-04 15:00', '2025-03-04 23:00', 'bank', 'sickness'),
    row('Una Vale', 'Ash Ward', '2025-03-05 15:00', '2025-03-05 23:00', 'bank'),
    row('Vic West', 'Ash Ward', '2025-03-07 07:00', '2025-03-07 15:00', 'agency'),
    row('Vic West', 'Ash Ward', '2025-03-08 07:00', '2025-03-08 15:00', 'agency'),
    row('Vic West', 'Ash Ward', '2025-03-09 07:00', '2025-03-09 19:30', 'agency'),
  ],
  accounting: { cellsRead: 21, accepted: 9, rejected: 0, blank: 12 },
  questions: [],
};

export const HELD_OUT_CASES: GridCase[] = [willow, ash];
