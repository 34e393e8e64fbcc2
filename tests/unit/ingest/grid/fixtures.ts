/**
 * Grid rota layouts written by hand, each with the rota rows a person reading the sheet would
 * write down. Written BEFORE the parser (src/ingest/gridRota.ts); the parser meets these, not the
 * other way round. heldOut.ts holds two more layouts kept out of development.
 *
 * Expected rows: staff_id, unit, start, end (local wall-clock), role, contract, status.
 * A person's reading, stated once: leave (A/L, AL, Annual Leave, Hol), OFF and blanks are no
 * shift; "Sick" alone does not say which shift was missed, so it is a question (its times), and
 * the cell is rejected until answered; a "Vacant" line's shifts are unfilled; staff not marked
 * bank or agency are permanent; E/L/N/LD without a key are 07:00–15:00, 15:00–23:00,
 * 23:00–07:00 and 07:00–19:30; a key on the sheet wins.
 */
export type Cell = string | number | Date | null;

export interface ExpectedRow {
  staff_id: string | null;
  unit: string;
  start: string;
  end: string;
  role: string | null;
  contract: string | null;
  status: string;
}

export interface GridCase {
  name: string;
  sheetName: string;
  cells: Cell[][];
  settings?: { unit?: string };
  expected: ExpectedRow[];
  accounting: { cellsRead: number; accepted: number; rejected: number; blank: number };
  questions: { code: string; count: number }[];
}

/** Split simple CSV text (no quoted fields) into cells; '' stays '' (a blank cell). */
export function csvCells(text: string): Cell[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

export const row = (
  staff_id: string | null,
  unit: string,
  start: string,
  end: string,
  contract: string | null = 'permanent',
  status = 'worked',
  role: string | null = null,
): ExpectedRow => ({ staff_id, unit, start, end, role, contract, status });

const d = (s: string) => new Date(`${s}T00:00:00Z`);

// 1. A week, title rows, "Mon 06/01" headers (year from the title), an "Agency staff" section,
//    a key below the grid that changes L and N from the defaults, "Sick" without a shift.
const oak: GridCase = {
  name: 'weekly with title, key and agency section',
  sheetName: 'Week 1',
  cells: csvCells(`
Oak Ward – Staff Rota,,,,,,,,,
w/c 6 January 2025,,,,,,,,,
Name,Role,Mon 06/01,Tue 07/01,Wed 08/01,Thu 09/01,Fri 10/01,Sat 11/01,Sun 12/01,Hours
Amy Brown,Nurse,E,E,OFF,L,L,,,
Ben Cole,HCA,N,N,N,OFF,OFF,A/L,A/L,
Cara Dunn,HCA,LD,,LD,Sick,LD,,LD,
Agency staff,,,,,,,,,
Dan Evans,HCA,,L,L,,,N,N,
,,,,,,,,,
Key,,,,,,,,,
E = 07:00-15:00,,,,,,,,,
L = 14:30-22:00,,,,,,,,,
N = 21:45-07:15,,,,,,,,,
`),
  expected: [
    row('Amy Brown', 'Oak Ward', '2025-01-06 07:00', '2025-01-06 15:00', 'permanent', 'worked', 'Nurse'),
    row('Amy Brown', 'Oak Ward', '2025-01-07 07:00', '2025-01-07 15:00', 'permanent', 'worked', 'Nurse'),
    row('Amy Brown', 'Oak Ward', '2025-01-09 14:30', '2025-01-09 22:00', 'permanent', 'worked', 'Nurse'),
    row('Amy Brown', 'Oak Ward', '2025-01-10 14:30', '2025-01-10 22:00', 'permanent', 'worked', 'Nurse'),
    row('Ben Cole', 'Oak Ward', '2025-01-06 21:45', '2025-01-07 07:15', 'permanent', 'worked', 'HCA'),
    row('Ben Cole', 'Oak Ward', '2025-01-07 21:45', '2025-01-08 07:15', 'permanent', 'worked', 'HCA'),
    row('Ben Cole', 'Oak Ward', '2025-01-08 21:45', '2025-01-09 07:15', 'permanent', 'worked', 'HCA'),
    row('Cara Dunn', 'Oak Ward', '2025-01-06 07:00', '2025-01-06 19:30', 'permanent', 'worked', 'HCA'),
    row('Cara Dunn', 'Oak Ward', '2025-01-08 07:00', '2025-01-08 19:30', 'permanent', 'worked', 'HCA'),
    row('Cara Dunn', 'Oak Ward', '2025-01-10 07:00', '2025-01-10 19:30', 'permanent', 'worked', 'HCA'),
    row('Cara Dunn', 'Oak Ward', '2025-01-12 07:00', '2025-01-12 19:30', 'permanent', 'worked', 'HCA'),
    row('Dan Evans', 'Oak Ward', '2025-01-07 14:30', '2025-01-07 22:00', 'agency', 'worked', 'HCA'),
    row('Dan Evans', 'Oak Ward', '2025-01-08 14:30', '2025-01-08 22:00', 'agency', 'worked', 'HCA'),
    row('Dan Evans', 'Oak Ward', '2025-01-11 21:45', '2025-01-12 07:15', 'agency', 'worked', 'HCA'),
    row('Dan Evans', 'Oak Ward', '2025-01-12 21:45', '2025-01-13 07:15', 'agency', 'worked', 'HCA'),
  ],
  accounting: { cellsRead: 28, accepted: 15, rejected: 1, blank: 12 },
  questions: [{ code: 'Sick', count: 1 }],
};

// 2. A month: two title rows, a two-row header (weekday names over day numbers), a staff-type
//    column, hour-range codes ("7-15", "23-7", "7.30-20").
const feb = Array.from({ length: 28 }, (_, i) => i + 1);
const wd = ['Sat', 'Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
const monthRow = (name: string, type: string, filled: Record<number, string>) =>
  [name, type, ...feb.map((n) => filled[n] ?? '')].join(',');
const maple: GridCase = {
  name: 'monthly with two-row header and staff-type column',
  sheetName: 'Sheet1',
  cells: csvCells(
    [
      'Maple House' + ','.repeat(29),
      'Rota – February 2025' + ','.repeat(29),
      ['Staff', 'Type', ...feb.map((n) => wd[(n - 1) % 7])].join(','),
      [',', ...feb.map(String)].join(','),
      monthRow('Ella Fox', 'Perm', { 1: '7-15', 2: '7-15', 3: 'AL', 5: '15-23', 28: '23-7' }),
      monthRow('Finn Gray', 'Bank', { 1: '23-7', 2: '23-7', 4: 'LD' }),
      monthRow('Gina Hall', 'Agency', { 3: '7-15', 4: '15-23', 27: '7.30-20' }),
    ].join('\n'),
  ),
  expected: [
    row('Ella Fox', 'Maple House', '2025-02-01 07:00', '2025-02-01 15:00'),
    row('Ella Fox', 'Maple House', '2025-02-02 07:00', '2025-02-02 15:00'),
    row('Ella Fox', 'Maple House', '2025-02-05 15:00', '2025-02-05 23:00'),
    row('Ella Fox', 'Maple House', '2025-02-28 23:00', '2025-03-01 07:00'),
    row('Finn Gray', 'Maple House', '2025-02-01 23:00', '2025-02-02 07:00', 'bank'),
    row('Finn Gray', 'Maple House', '2025-02-02 23:00', '2025-02-03 07:00', 'bank'),
    row('Finn Gray', 'Maple House', '2025-02-04 07:00', '2025-02-04 19:30', 'bank'),
    row('Gina Hall', 'Maple House', '2025-02-03 07:00', '2025-02-03 15:00', 'agency'),
    row('Gina Hall', 'Maple House', '2025-02-04 15:00', '2025-02-04 23:00', 'agency'),
    row('Gina Hall', 'Maple House', '2025-02-27 07:30', '2025-02-27 20:00', 'agency'),
  ],
  accounting: { cellsRead: 84, accepted: 10, rejected: 0, blank: 74 },
  questions: [],
};

// 3. As a workbook reader hands it over: real dates in the header, a staff number column (the id),
//    a ward column, "(agency)" and "(Bank)" in names, "HH:MM-HH:MM" cells, no title, no key.
const elm: GridCase = {
  name: 'date header, id and ward columns, markers in names',
  sheetName: 'March wk1',
  cells: [
    ['Staff No', 'Name', 'Ward', d('2025-03-03'), d('2025-03-04'), d('2025-03-05'), d('2025-03-06'), d('2025-03-07'), d('2025-03-08'), d('2025-03-09')],
    [1001, 'Ian Jones', 'Elm', '07:00-15:00', '07:00-15:00', null, '19:30-07:30', '19:30-07:30', 'OFF', 'OFF'],
    [1002, 'Sam Lee (agency)', 'Elm', null, '14:00-22:00', '14:00-22:00', null, null, '08:00-20:00', null],
    [1003, 'Tia King', 'Ash', 'A/L', 'A/L', 'A/L', 'A/L', 'A/L', null, null],
    [1004, 'Uma Noor (Bank)', 'Elm', null, 'E', 'N', null, null, null, null],
  ],
  expected: [
    row('1001', 'Elm', '2025-03-03 07:00', '2025-03-03 15:00'),
    row('1001', 'Elm', '2025-03-04 07:00', '2025-03-04 15:00'),
    row('1001', 'Elm', '2025-03-06 19:30', '2025-03-07 07:30'),
    row('1001', 'Elm', '2025-03-07 19:30', '2025-03-08 07:30'),
    row('1002', 'Elm', '2025-03-04 14:00', '2025-03-04 22:00', 'agency'),
    row('1002', 'Elm', '2025-03-05 14:00', '2025-03-05 22:00', 'agency'),
    row('1002', 'Elm', '2025-03-08 08:00', '2025-03-08 20:00', 'agency'),
    row('1004', 'Elm', '2025-03-04 07:00', '2025-03-04 15:00', 'bank'),
    row('1004', 'Elm', '2025-03-05 23:00', '2025-03-06 07:00', 'bank'),
  ],
  accounting: { cellsRead: 28, accepted: 9, rejected: 0, blank: 19 },
  questions: [],
};

// 4. Weekday names only; the week start and the unit from the title; codes as words; a vacant
//    line (unfilled shifts); an unknown code "TS" (a question).
const birch: GridCase = {
  name: 'weekday header with week start in the title, vacant line, unknown code',
  sheetName: 'Rota',
  cells: csvCells(`
Birch Unit rota - week commencing 13/01/2025,,,,,,,
Staff,Mon,Tue,Wed,Thu,Fri,Sat,Sun
Kim Lowe,Early,Early,Late,Late,Off,Off,Night
Leo Moss,Long Day,Annual Leave,Annual Leave,TS,Early,,
Vacant,Late,,,,,Late,
Mia Nash (Agency),,Night,Night,,,,
`),
  expected: [
    row('Kim Lowe', 'Birch Unit', '2025-01-13 07:00', '2025-01-13 15:00'),
    row('Kim Lowe', 'Birch Unit', '2025-01-14 07:00', '2025-01-14 15:00'),
    row('Kim Lowe', 'Birch Unit', '2025-01-15 15:00', '2025-01-15 23:00'),
    row('Kim Lowe', 'Birch Unit', '2025-01-16 15:00', '2025-01-16 23:00'),
    row('Kim Lowe', 'Birch Unit', '2025-01-19 23:00', '2025-01-20 07:00'),
    row('Leo Moss', 'Birch Unit', '2025-01-13 07:00', '2025-01-13 19:30'),
    row('Leo Moss', 'Birch Unit', '2025-01-17 07:00', '2025-01-17 15:00'),
    row(null, 'Birch Unit', '2025-01-13 15:00', '2025-01-13 23:00', null, 'unfilled'),
    row(null, 'Birch Unit', '2025-01-18 15:00', '2025-01-18 23:00', null, 'unfilled'),
    row('Mia Nash', 'Birch Unit', '2025-01-14 23:00', '2025-01-15 07:00', 'agency'),
    row('Mia Nash', 'Birch Unit', '2025-01-15 23:00', '2025-01-16 07:00', 'agency'),
  ],
  accounting: { cellsRead: 28, accepted: 11, rejected: 1, blank: 16 },
  questions: [{ code: 'TS', count: 1 }],
};

// 5. dd/mm/yyyy header, a key in two cells beside the grid, role sections and a "Bank staff"
//    section, a title that names no unit (the unit comes from the settings).
const cedar: GridCase = {
  name: 'dated header, side key, role and bank sections, unit from settings',
  sheetName: 'Week 1',
  settings: { unit: 'Cedar' },
  cells: csvCells(`
Week 1,,,,,,,,,,
Name,06/01/2025,07/01/2025,08/01/2025,09/01/2025,10/01/2025,11/01/2025,12/01/2025,,Key,
Registered Nurses,,,,,,,,,E,08:00-14:00
Nia Owen,E,L,,,,N,N,,L,14:00-20:00
Support Workers,,,,,,,,,N,20:00-08:00
Oli Park,,E,E,L,L,,,,LD,08:00-20:00
Bank staff,,,,,,,,,,
Pat Quinn,,,N,N,,,,,,
`),
  expected: [
    row('Nia Owen', 'Cedar', '2025-01-06 08:00', '2025-01-06 14:00', 'permanent', 'worked', 'Registered Nurses'),
    row('Nia Owen', 'Cedar', '2025-01-07 14:00', '2025-01-07 20:00', 'permanent', 'worked', 'Registered Nurses'),
    row('Nia Owen', 'Cedar', '2025-01-11 20:00', '2025-01-12 08:00', 'permanent', 'worked', 'Registered Nurses'),
    row('Nia Owen', 'Cedar', '2025-01-12 20:00', '2025-01-13 08:00', 'permanent', 'worked', 'Registered Nurses'),
    row('Oli Park', 'Cedar', '2025-01-07 08:00', '2025-01-07 14:00', 'permanent', 'worked', 'Support Workers'),
    row('Oli Park', 'Cedar', '2025-01-08 08:00', '2025-01-08 14:00', 'permanent', 'worked', 'Support Workers'),
    row('Oli Park', 'Cedar', '2025-01-09 14:00', '2025-01-09 20:00', 'permanent', 'worked', 'Support Workers'),
    row('Oli Park', 'Cedar', '2025-01-10 14:00', '2025-01-10 20:00', 'permanent', 'worked', 'Support Workers'),
    row('Pat Quinn', 'Cedar', '2025-01-08 20:00', '2025-01-09 08:00', 'bank'),
    row('Pat Quinn', 'Cedar', '2025-01-09 20:00', '2025-01-10 08:00', 'bank'),
  ],
  accounting: { cellsRead: 21, accepted: 10, rejected: 0, blank: 11 },
  questions: [],
};

export const DEVELOPMENT_CASES: GridCase[] = [oak, maple, elm, birch, cedar];
