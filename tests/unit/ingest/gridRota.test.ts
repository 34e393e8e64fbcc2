import { describe, expect, it } from 'vitest';
import { DEFAULT_SHIFT_CODES, parseTimeRange, readCell } from '../../../src/ingest/gridCodes';
import { looksLikeGridRota, readGridRota } from '../../../src/ingest/gridRota';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { checkCase } from './grid/check';
import { DEVELOPMENT_CASES } from './grid/fixtures';

describe('grid rotas: the hand-written layouts read as a person reads them', () => {
  for (const c of DEVELOPMENT_CASES) it(c.name, () => checkCase(c));
});

describe('shift codes', () => {
  it('E, L and N default to the app’s shift pattern', () => {
    const pattern = Object.fromEntries(DEFAULT_SETTINGS.shiftPattern.map((s) => [s.name, s]));
    const hoursOf = (start: string, end: string) => {
      const [a, b] = [start, end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
      return ((b! - a! + 1440) % 1440) / 60;
    };
    for (const [code, name] of [['e', 'Early'], ['l', 'Late'], ['n', 'Night']] as const) {
      const m = DEFAULT_SHIFT_CODES[code]!;
      if (m.kind !== 'shift') throw new Error(code);
      expect(m.start).toBe(pattern[name]!.start);
      expect(hoursOf(m.start, m.end)).toBe(pattern[name]!.hours);
    }
  });

  it('reads time ranges in the spellings rotas use', () => {
    expect(parseTimeRange('7-15')).toEqual({ start: '07:00', end: '15:00' });
    expect(parseTimeRange('07:00-15:00')).toEqual({ start: '07:00', end: '15:00' });
    expect(parseTimeRange('7.30-20')).toEqual({ start: '07:30', end: '20:00' });
    expect(parseTimeRange('0700 - 1500')).toEqual({ start: '07:00', end: '15:00' });
    expect(parseTimeRange('7am-3pm')).toEqual({ start: '07:00', end: '15:00' });
    expect(parseTimeRange('19:30 to 07:30')).toEqual({ start: '19:30', end: '07:30' });
    expect(parseTimeRange('25-7')).toBeNull();
    expect(parseTimeRange('7-7')).toBeNull();
  });

  it('reads modifiers: sickness and agency keep their shift; alone they are questions', () => {
    expect(readCell('Sick (L)', DEFAULT_SHIFT_CODES)).toMatchObject({ kind: 'shift', start: '15:00', sickness: true });
    expect(readCell('E Agency', DEFAULT_SHIFT_CODES)).toMatchObject({ kind: 'shift', start: '07:00', contract: 'agency' });
    expect(readCell('Sick', DEFAULT_SHIFT_CODES)).toEqual({ kind: 'unknown', code: 'Sick' });
    expect(readCell('Agency', DEFAULT_SHIFT_CODES)).toEqual({ kind: 'unknown', code: 'Agency' });
    expect(readCell('A/L', DEFAULT_SHIFT_CODES)).toEqual({ kind: 'none', label: 'annual leave' });
  });
});

describe('answering a question', () => {
  it('the times given for "Sick" make the cell a sickness shift, and the question goes', () => {
    const oak = DEVELOPMENT_CASES[0]!;
    const r = readGridRota(oak.cells, oak.sheetName, { codes: { Sick: { kind: 'shift', start: '07:00', end: '19:30' } } });
    if (!r.ok) throw new Error(r.reason);
    expect(r.questions).toEqual([]);
    expect(r.accounting).toMatchObject({ accepted: 16, rejected: 0, blank: 12 });
    expect(r.rows.find((x) => x.status === 'sickness')).toMatchObject({ staff_id: 'Cara Dunn', start: '2025-01-09 07:00', end: '2025-01-09 19:30' });
  });
});

describe('what is not a grid rota', () => {
  it('a requirements table (numbers under weekdays) and a rota list are not grids', () => {
    const requirements = [['Unit', 'Shift', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], ['Oak', 'Early', 3, 3, 3, 3, 3, 2, 2], ['Oak', 'Late', 3, 3, 3, 3, 3, 2, 2]];
    expect(looksLikeGridRota(requirements)).toBe(false);
    const list = [['shift_id', 'staff_id', 'unit', 'start', 'end'], ['R1', 'S1', 'Oak', '2025-01-01 07:00', '2025-01-01 15:00']];
    expect(looksLikeGridRota(list)).toBe(false);
    expect(readGridRota(list, 'x').ok).toBe(false);
  });
});

describe('lines that are not what they first seem', () => {
  it('a "No." column of 1, 2, 3 numbers lines, not staff; "Agency 1" is an agency line; a nameless row of hours is not shifts', () => {
    const cells = [
      ['No.', 'Name', 'Mon 06/01/2025', 'Tue 07/01/2025', 'Wed 08/01/2025', 'Thu 09/01/2025', 'Fri 10/01/2025'],
      ['1', 'Amy Brown', 'E', '', '', '', ''],
      ['', '', '8', '', '', '', ''],
      ['2', 'Agency 1', '', 'L', '', '', ''],
    ];
    const r = readGridRota(cells, 'Oak');
    if (!r.ok) throw new Error(r.reason);
    expect(r.rows.map((x) => [x.staff_id, x.contract, x.start])).toEqual([
      ['Amy Brown', 'permanent', '2025-01-06 07:00'],
      ['Agency 1', 'agency', '2025-01-07 15:00'],
    ]);
    expect(r.accounting).toMatchObject({ cellsRead: 10, accepted: 2, rejected: 0, blank: 8 });
    expect(r.notes.join(' ')).toMatch(/Row 3 holds numbers/);
  });

  it('a row of codes with no name is rejected cell by cell, not stored without staff', () => {
    const cells = [
      ['Name', 'Mon 06/01/2025', 'Tue 07/01/2025', 'Wed 08/01/2025', 'Thu 09/01/2025', 'Fri 10/01/2025'],
      ['', 'E', 'L', '', '', ''],
    ];
    const r = readGridRota(cells, 'Oak');
    if (!r.ok) throw new Error(r.reason);
    expect(r.rows).toEqual([]);
    expect(r.rejected.map((x) => x.reason)).toEqual(['this row names no member of staff', 'this row names no member of staff']);
  });
});

describe('never a crash, always the accounting', () => {
  it('random sheets of codes, dates and words: read or refused in words, cells = accepted + rejected + blank', () => {
    let seed = 13;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const vocabulary = ['', '', 'E', 'L', 'N', 'LD', 'A/L', 'OFF', 'Sick', 'Agency', '7-15', '23-7', '25-99', 'Mon', 'Tue 07/01', '06/01/2025', '31/02/2025',
      'January 2025', 'w/c 6 January 2025', 'Key', 'E = 07:00-15:00', 'Agency staff', 'Vacant', 'Total', '3', '(agency)', 'x', null, 45663];
    let read = 0;
    for (let k = 0; k < 300; k++) {
      const cells = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => Array.from({ length: 1 + Math.floor(rand() * 10) }, () => pick(vocabulary)));
      if (rand() < 0.5) cells.unshift(['Name', 'Mon 06/01', 'Tue 07/01', 'Wed 08/01', 'Thu 09/01', 'Fri 10/01']);
      const r = readGridRota(cells, pick(['Sheet1', 'January 2025', 'Oak']));
      if (!r.ok) {
        expect(r.reason).toMatch(/\w/);
        continue;
      }
      read++;
      const a = r.accounting;
      expect(a.cellsRead).toBe(a.accepted + a.rejected + a.blank);
      expect(r.rows).toHaveLength(a.accepted);
      expect(r.rejected).toHaveLength(a.rejected);
      for (const row of r.rows) expect(row.end > row.start).toBe(true);
    }
    // Half the sheets carry a day header: those are read, so the identity is tested on real grids.
    expect(read).toBeGreaterThan(100);
  });

  it('a yes/no grid under days (plan delivery) is not a rota, though "N" is a Night code', () => {
    const ticks = [['Strategy', 'Mon 06/01/2025', 'Tue 07/01/2025', 'Wed 08/01/2025', 'Thu 09/01/2025', 'Fri 10/01/2025'], ['Walk', 'Y', 'N', 'Y', 'Y', 'N'], ['Music', 'N', 'N', 'Y', 'Y', 'Y']];
    expect(looksLikeGridRota(ticks)).toBe(false);
  });
});

describe('weeks over New Year and months over their end', () => {
  it('"Mon 30/12" … "Sun 05/01" under "w/c 30 December 2024" runs into 2025; a night on the 31st ends on New Year’s Day', () => {
    const days = ['Mon 30/12', 'Tue 31/12', 'Wed 01/01', 'Thu 02/01', 'Fri 03/01', 'Sat 04/01', 'Sun 05/01'];
    const r = readGridRota([['Birch rota w/c 30 December 2024'], ['Name', ...days], ['Kim Lowe', '', 'N', 'E', '', '', '', 'L']], 'Sheet1');
    if (!r.ok) throw new Error(r.reason);
    expect(r.layout.dates).toEqual(['2024-12-30', '2024-12-31', '2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05']);
    expect(r.rows.map((x) => [x.start, x.end])).toEqual([
      ['2024-12-31 23:00', '2025-01-01 07:00'],
      ['2025-01-01 07:00', '2025-01-01 15:00'],
      ['2025-01-05 15:00', '2025-01-05 23:00'],
    ]);
    expect(r.rows[0]!.unit).toBe('Birch');
  });

  it('a header that names the wrong weekday for its date is refused, not read a day out', () => {
    const r = readGridRota([['Name', 'Mon 07/01/2025', 'Tue 08/01/2025', 'Wed 09/01/2025', 'Thu 10/01/2025', 'Fri 11/01/2025'], ['Amy', 'E', '', '', '', '']], 'Oak');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/says Monday over 2025-01-07, which is a Tuesday/);
  });
});
