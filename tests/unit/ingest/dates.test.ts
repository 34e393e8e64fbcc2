import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import {
  combineDateTime,
  DateFormatSchema,
  describeFormat,
  detectDateFormat,
  formatNaive,
  nextDayIfBefore,
  parseDateValue,
  sqlCombineDateTime,
  sqlNextDayIfBefore,
  sqlParseDate,
  sqlParseTimestamp,
  strptime,
  type DateDetection,
  type DateFormat,
} from '../../../src/ingest/dates';

const ok = (d: DateDetection) => {
  if (d.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(d)}`);
  return d;
};
const show = (raw: string, f: DateFormat) => formatNaive(parseDateValue(raw, f));

describe('strptime (JS) by hand', () => {
  it('reads day, month, year, 24-hour and 12-hour clocks', () => {
    expect(formatNaive(strptime('03/04/2025 07:05', '%d/%m/%Y %H:%M'))).toBe('2025-04-03 07:05:00');
    expect(formatNaive(strptime('3/4/25 7:05 pm', '%d/%m/%y %I:%M %p'))).toBe('2025-04-03 19:05:00');
    expect(formatNaive(strptime('12:05 am', '%I:%M %p'))).toBe('1900-01-01 00:05:00');
    expect(formatNaive(strptime('12:05 PM', '%I:%M %p'))).toBe('1900-01-01 12:05:00');
    expect(formatNaive(strptime('3-Apr-25', '%d-%b-%y'))).toBe('2025-04-03 00:00:00');
    expect(formatNaive(strptime('Thu 3 April 2025', '%a %d %B %Y'))).toBe('2025-04-03 00:00:00');
    expect(formatNaive(strptime('2025-04-03T22:15:30.5', '%Y-%m-%dT%H:%M:%S.%f'))).toBe('2025-04-03 22:15:30');
  });
  it('rejects impossible dates and times', () => {
    expect(strptime('31/02/2025', '%d/%m/%Y')).toBeNull();
    expect(strptime('29/02/2025', '%d/%m/%Y')).toBeNull();
    expect(strptime('29/02/2024', '%d/%m/%Y')).not.toBeNull();
    expect(strptime('00/04/2025', '%d/%m/%Y')).toBeNull();
    expect(strptime('24:00', '%H:%M')).toBeNull();
    expect(strptime('13:00 pm', '%I:%M %p')).toBeNull();
    expect(strptime('3/4/2025x', '%d/%m/%Y')).toBeNull();
    expect(strptime('730', '%H%M')).toBeNull();
  });
  it('maps 2-digit years as DuckDB does: 00–68 → 20xx, 69–99 → 19xx', () => {
    expect(formatNaive(strptime('1/1/68', '%d/%m/%y'), 'date')).toBe('2068-01-01');
    expect(formatNaive(strptime('1/1/69', '%d/%m/%y'), 'date')).toBe('1969-01-01');
  });
});

describe('detectDateFormat', () => {
  it('decides dd/mm/yyyy when some first part exceeds 12', () => {
    const d = ok(detectDateFormat(['03/04/2025', '13/04/2025', '01/12/2024']));
    expect(d.order).toBe('dmy');
    expect(show('03/04/2025', d.format)).toBe('2025-04-03 00:00:00');
    expect(d.hasDate && !d.hasTime).toBe(true);
  });
  it('decides mm/dd/yyyy when some second part exceeds 12', () => {
    const d = ok(detectDateFormat(['04/03/2025 10:15', '04/13/2025 22:40']));
    expect(d.order).toBe('mdy');
    expect(show('04/03/2025 10:15', d.format)).toBe('2025-04-03 10:15:00');
  });
  it('asks instead of guessing when every day is ≤ 12', () => {
    const d = detectDateFormat(['03/04/2025', '05/06/2025', '01/01/2025']);
    expect(d.status).toBe('ambiguous');
    if (d.status !== 'ambiguous') return;
    expect(d.question.text).toBe('03/04/2025: 3 April or 4 March?');
    expect(d.question.suggested).toBe('dmy');
    expect(d.question.options.map((o) => o.label)).toEqual(['3 April 2025', '4 March 2025']);
    const mdy = d.question.options.find((o) => o.order === 'mdy')!;
    expect(show('05/06/2025', mdy.format)).toBe('2025-05-06 00:00:00');
  });
  it('takes the answer to the question', () => {
    const d = ok(detectDateFormat(['03/04/2025', '05/06/2025'], { order: 'mdy' }));
    expect(show('03/04/2025', d.format)).toBe('2025-03-04 00:00:00');
  });
  it('needs no question for ISO, month names or serials', () => {
    expect(ok(detectDateFormat(['2025-04-03', '2025-05-06'])).order).toBe('neutral');
    const mon = ok(detectDateFormat(['3-Apr-25', '12-May-25', '01-JUN-25']));
    expect(show('01-JUN-25', mon.format)).toBe('2025-06-01 00:00:00');
    const full = ok(detectDateFormat(['03-Apr-2025 07:30', '4-May-2025 19:45']));
    expect(show('4-May-2025 19:45', full.format)).toBe('2025-05-04 19:45:00');
  });
  it('reads mixed with and without seconds in one format', () => {
    const d = ok(detectDateFormat(['13/04/2025 10:00', '14/04/2025 10:00:30']));
    expect(d.format.kind === 'pattern' && d.format.patterns.length).toBe(2);
    expect(show('14/04/2025 10:00:30', d.format)).toBe('2025-04-14 10:00:30');
    expect(show('13/04/2025 10:00', d.format)).toBe('2025-04-13 10:00:00');
  });
  it('reads 12-hour clocks', () => {
    const d = ok(detectDateFormat(['7:05 pm', '11:30 am', '12:00 pm'], { expect: 'time' }));
    expect(d.hasDate).toBe(false);
    expect(show('7:05 pm', d.format)).toBe('1900-01-01 19:05:00');
    expect(show('12:00 pm', d.format)).toBe('1900-01-01 12:00:00');
  });
  it('reads HHMM text, including a lost leading zero', () => {
    const d = ok(detectDateFormat(['0730', '2000', '730', '1945']));
    expect(d.format).toEqual({ kind: 'pattern', patterns: ['%H%M'], padTime: true });
    expect(show('730', d.format)).toBe('1900-01-01 07:30:00');
    expect(show('2000', d.format)).toBe('1900-01-01 20:00:00');
    expect(show('2460', d.format)).toBe('');
  });
  it('reads Excel serial dates, date-times and times', () => {
    // 45750 = 2025-04-03: 45658 is 2025-01-01 (Excel), + 92 days (Jan 31 + Feb 28 + Mar 31 + 2).
    const d = ok(detectDateFormat(['45750', '45751'], { expect: 'date' }));
    expect(d.format.kind).toBe('excelSerial');
    expect(show('45750', d.format)).toBe('2025-04-03 00:00:00');
    expect(show('45750.3125', d.format)).toBe('2025-04-03 07:30:00');
    const t = ok(detectDateFormat(['0.3125', '0.9583333333'], { expect: 'time' }));
    expect(formatNaive(parseDateValue('0.9583333333', t.format), 'time')).toBe('23:00:00');
  });
  it('lists values it cannot read, and gives up below the coverage threshold', () => {
    const d = ok(detectDateFormat(['13/04/2025', '14/04/2025', '15/04/2025', '16/04/2025', 'unknown']));
    expect(d.unparsed).toEqual(['unknown']);
    expect(detectDateFormat(['soon', 'later', '13/04/2025']).status).toBe('unrecognised');
    expect(detectDateFormat(['', '  ', null]).status).toBe('empty');
  });
  it('describes formats in words', () => {
    expect(describeFormat({ kind: 'pattern', patterns: ['%d/%m/%Y %H:%M'] })).toBe('dd/mm/yyyy hh:mm');
  });
  it('validates format descriptors from JSON', () => {
    expect(DateFormatSchema.safeParse({ kind: 'pattern', patterns: ["%d'; DROP TABLE x; --"] }).success).toBe(false);
    expect(DateFormatSchema.safeParse({ kind: 'pattern', patterns: ['%d/%m/%Y'] }).success).toBe(true);
  });
});

describe('JS helpers', () => {
  const ms = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z');
  it('combines date and time, and moves an earlier end to the next day', () => {
    expect(formatNaive(combineDateTime(ms('2025-04-03 00:00:00'), ms('1900-01-01 21:30:00')))).toBe('2025-04-03 21:30:00');
    expect(combineDateTime(null, 5)).toBeNull();
    const start = ms('2025-04-03 20:00:00');
    expect(formatNaive(nextDayIfBefore(ms('2025-04-03 08:00:00'), start))).toBe('2025-04-04 08:00:00');
    expect(formatNaive(nextDayIfBefore(ms('2025-04-03 23:00:00'), start))).toBe('2025-04-03 23:00:00');
    // Already on a later date: left alone.
    expect(formatNaive(nextDayIfBefore(ms('2025-04-04 08:00:00'), start))).toBe('2025-04-04 08:00:00');
  });
});

describe('SQL expressions in DuckDB', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await openNodeDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  const sqlShow = async (expr: string, values: (string | null)[]) => {
    await db.exec('CREATE OR REPLACE TABLE t (i INTEGER, v VARCHAR)');
    for (const [i, v] of values.entries()) await db.query('INSERT INTO t VALUES (?, ?)', [i, v]);
    const rows = await db.query<{ r: string | null }>(`SELECT strftime(${expr}, '%Y-%m-%d %H:%M:%S') AS r FROM t ORDER BY i`);
    return rows.map((r) => r.r ?? '');
  };

  it('turns invalid dates like 31/02/2025 into NULL without failing', async () => {
    const f: DateFormat = { kind: 'pattern', patterns: ['%d/%m/%Y'] };
    expect(await sqlShow(sqlParseTimestamp('v', f), ['31/02/2025', '28/02/2025', 'rubbish', '', null, '03/04/25'])).toEqual([
      '',
      '2025-02-28 00:00:00',
      '',
      '',
      '',
      // %Y would read "25" as the year 25: out of range, so NULL rather than a wrong date.
      '',
    ]);
  });

  it('agrees with the JS parser on every format it detects', async () => {
    const corpus: { values: string[]; opts?: Parameters<typeof detectDateFormat>[1] }[] = [
      { values: ['03/04/2025', '13/04/2025', ' 1/2/2025 ', '31/02/2025', '3/4/25', '29/02/2024'] },
      { values: ['03/04/2025 07:05', '13/04/2025 19:30:15', '13/04/2025  19:30', '13/04/2025 24:00', '13/04/2025'] },
      { values: ['04/13/2025 7:05 PM', '12/31/2024 12:00 am', '1/2/2025 1:00 pm', '1/2/2025 3:10 AM', '1/2/2025 13:00 pm'] },
      { values: ['3-Apr-25', '13-APR-25', '4-may-25', '14-Jun-25', '15-Jun-25', '16-Jun-25', '17-Jun-25', '29-Feb-25', '1-Sept-25', '13-Apr-2025'] },
      { values: ['Thu 03/04/2025', 'Fri 14/04/2025', 'Sat 15/04/2025', 'sun 16/04/2025', 'Xyz 14/04/2025'] },
      { values: ['2025-04-03', '2025-04-03T07:30:00', '2025-4-3 7:30', '1899-12-31'] },
      { values: ['0730', '730', '2000', '2400', '07:30', '7'], opts: { expect: 'time' } },
      { values: ['45750', '45750.3125', '0.5', '45750.999999', '30', '-1', '1e5'], opts: { expect: 'datetime' } },
      { values: ['7:05 pm', '11:30am', '12:00 PM'], opts: { expect: 'time' } },
    ];
    for (const { values, opts } of corpus) {
      // Low coverage threshold: the corpus deliberately holds bad values, to compare them too.
      const d = detectDateFormat(values, { minCoverage: 0.5, ...opts });
      const format = d.status === 'ok' ? d.format : d.status === 'ambiguous' ? d.question.options[0]!.format : null;
      expect(format, JSON.stringify(values)).not.toBeNull();
      const js = values.map((v) => show(v, format!));
      expect(await sqlShow(sqlParseTimestamp('v', format!), values), JSON.stringify(format)).toEqual(js);
    }
  });

  it('parses dates, combines date and time columns, and rolls night shifts over midnight', async () => {
    await db.exec(`CREATE OR REPLACE TABLE r AS SELECT * FROM (VALUES
      (1, '03/04/2025', '2000', '0800'),
      (2, '03/04/2025', '0700', '1500'),
      (3, '31/02/2025', '0700', '1500'),
      (4, '04/04/2025', '2300', '2300')) AS r(i, d, s, e)`);
    const date: DateFormat = { kind: 'pattern', patterns: ['%d/%m/%Y'] };
    const time: DateFormat = { kind: 'pattern', patterns: ['%H%M'], padTime: true };
    const start = sqlCombineDateTime(sqlParseTimestamp('d', date), sqlParseTimestamp('s', time));
    const end = sqlNextDayIfBefore(sqlCombineDateTime(sqlParseTimestamp('d', date), sqlParseTimestamp('e', time)), start);
    const rows = await db.query<{ s: string | null; e: string | null; day: string | null }>(
      `SELECT strftime(${start}, '%Y-%m-%d %H:%M') AS s, strftime(${end}, '%Y-%m-%d %H:%M') AS e,
              strftime(${sqlParseDate('d', date)}, '%Y-%m-%d') AS day FROM r ORDER BY i`,
    );
    expect(rows).toEqual([
      { s: '2025-04-03 20:00', e: '2025-04-04 08:00', day: '2025-04-03' },
      { s: '2025-04-03 07:00', e: '2025-04-03 15:00', day: '2025-04-03' },
      { s: null, e: null, day: null },
      { s: '2025-04-04 23:00', e: '2025-04-04 23:00', day: '2025-04-04' },
    ]);
  });

  it('round-trips random valid date-times in every numeric layout (property)', async () => {
    const layouts: { pattern: string; write: (d: Date) => string }[] = [
      { pattern: '%d/%m/%Y %H:%M', write: (d) => `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}` },
      { pattern: '%m/%d/%Y %I:%M %p', write: (d) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${((d.getUTCHours() + 11) % 12) + 1}:${p2(d.getUTCMinutes())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}` },
      { pattern: '%d-%b-%y %H:%M', write: (d) => `${d.getUTCDate()}-${d.toUTCString().slice(8, 11)}-${p2(d.getUTCFullYear() % 100)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}` },
    ];
    const minute = 60_000;
    const arb = fc.integer({ min: Date.UTC(1970, 0, 1) / minute, max: Date.UTC(2068, 11, 31) / minute }).map((m) => new Date(m * minute));
    const samples = fc.sample(arb, { numRuns: 60, seed: 42 });
    for (const { pattern, write } of layouts) {
      const f: DateFormat = { kind: 'pattern', patterns: [pattern] };
      const texts = samples.map(write);
      const expected = samples.map((d) => d.toISOString().slice(0, 19).replace('T', ' '));
      expect(texts.map((t) => show(t, f))).toEqual(expected);
      expect(await sqlShow(sqlParseTimestamp('v', f), texts)).toEqual(expected);
    }
  });
});

const p2 = (n: number) => String(n).padStart(2, '0');
