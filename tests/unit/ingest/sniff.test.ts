import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { writeXlsx } from '../../../src/cli/xlsxWriter';
import { detectDelimiter, detectFormat, parseDelimited, sniffText } from '../../../src/ingest/sniff';
import { openNodeDatabase } from '../../../src/db/node';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('detectFormat', () => {
  it('rejects what is not data, saying what to do', () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(), 'empty'],
      [utf8('  \r\n\r\n'), 'empty'],
      [utf8('%PDF-1.7\n...'), 'pdf'],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'xls'],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'image'],
      [new Uint8Array([0x1f, 0x8b, 0x08, 0x00]), 'binary'],
      [new Uint8Array([0x41, 0x00, 0x00, 0x07, 0x42, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x03]), 'binary'],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...utf8('....report.txt....')]), 'zip'],
    ];
    for (const [bytes, reason] of cases) {
      const f = detectFormat(bytes, 'export.csv');
      expect(f.format, reason).toBe('rejected');
      if (f.format === 'rejected') {
        expect(f.reason).toBe(reason);
        expect(f.message.length).toBeGreaterThan(20);
      }
    }
  });
  it('recognises a real xlsx and plain text in any of our encodings', async () => {
    const xlsx = writeXlsx([{ name: 'Sheet1', rows: [['a', 'b']] }]);
    expect(detectFormat(xlsx).format).toBe('xlsx');
    expect(detectFormat(utf8('Ref,Date\n1,03/04/2025\n')).format).toBe('delimited');
    expect(detectFormat(new Uint8Array(Buffer.from('\ufeffRef\tDate\r\n1\t2\r\n', 'utf16le'))).format).toBe('delimited');
    expect(detectFormat(new Uint8Array([0x52, 0xe9, 0x66, 0x2c, 0xa3, 0x0a])).format).toBe('delimited');
  });
});

describe('parseDelimited', () => {
  it('handles quoted delimiters, doubled quotes, newlines in quotes and all line endings', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\n2,"line one\nline two",z\r3,,\n';
    const p = parseDelimited(text, ',');
    expect(p.rows).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'line one\nline two', 'z'],
      ['3', '', ''],
    ]);
    expect(p.lines).toEqual([1, 2, 3, 5]);
  });
  it('drops a record cut by the end of a preview, and reports an unterminated quote', () => {
    expect(parseDelimited('a,b\n1,2\n3,', ',', '"', { dropLast: true }).rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseDelimited('a,b\n1,"open', ',').unterminatedQuote).toBe(true);
  });
  it('agrees with PapaParse on random quoted tables (property)', () => {
    const cell = fc.stringMatching(/^[a-z ,;"\n|£é]{0,6}$/);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(',', ';', '\t', '|'), (table, delimiter) => {
        const text = Papa.unparse(table, { delimiter, quotes: true, newline: '\r\n' });
        const papa = Papa.parse<string[]>(text, { delimiter, newline: '\r\n' }).data;
        expect(parseDelimited(text, delimiter).rows).toEqual(papa);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('detectDelimiter', () => {
  const body = (d: string) =>
    [
      'Incident Report – All Incidents',
      'Printed 03/04/2025',
      '',
      ['Ref', 'Incident Date', 'Time', 'Location (exact)', 'Description'].join(d),
      ['101', '03/04/2025', '14:05', 'Oak Ward', '"Shouted, threw cup; upset|crying"'].join(d),
      ['102', '04/04/2025', '09:30', 'Oak Ward', 'Calm after'].join(d),
      ['103', '05/04/2025', '19:10', 'Willow', 'Hit wall'].join(d),
    ].join('\r\n') + '\r\n';
  it.each([',', '\t', ';', '|'] as const)('finds %j below title rows despite other delimiters in quoted text', (d) => {
    const g = detectDelimiter(body(d));
    expect(g.delimiter).toBe(d);
    expect(g.width).toBe(5);
    expect(g.quote).toBe('"');
  });
  it('finds single quotes when fields are wrapped in them', () => {
    const g = detectDelimiter("'a';'b'\n'1;2';'x'\n'3';'y'\n'4';'z'\n");
    expect(g).toMatchObject({ delimiter: ';', quote: "'", width: 2 });
  });
  // The one detector for the app (canonical and mapped loads, inspection). Each case's delimiter is
  // what a person reading the file would say; load.ts's old first-line count got the second and third wrong.
  it.each([
    ['semicolons, commas inside quoted fields', 'id;name;note\n1;"Smith, J";"a, b, c"\n2;"Jones, K";"d, e"\n', ';', 3],
    ['semicolons, quoted header names holding more commas', '"id";"Name, first, last";"Note, free, text"\n1;"Smith, J";"x"\n2;"Jones, K";"y"\n', ';', 3],
    ['semicolons, a header with one comma and one semicolon', 'Ward, bay;date\nA;1\nB;2\n', ';', 2],
    ['tabs, a comma inside a quoted field', 'a\tb\tc\n1\t"x, y"\t3\n2\tz\t4\n', '\t', 3],
    ['pipes', 'a|b|c\n1|2|3\n4|5|6\n', '|', 3],
    ['a single column (comma, the default)', 'name\nAlice\nBob\n', ',', 1],
    ['a single column with quoted semicolons', 'note\n"a;b"\n"c;d"\n', ',', 1],
    ['a header only', 'a;b;c\n', ';', 3],
    ['a header only, no line break', 'a\tb\tc', '\t', 3],
    ['a byte order mark, comma winning a tie', '\uFEFFa,b|c\n', ',', 2],
  ])('reads %s', (_name, text, delimiter, width) => {
    expect(detectDelimiter(text)).toMatchObject({ delimiter, width });
  });
});

describe('sniffText', () => {
  it('decodes, picks the delimiter and parses the preview in one step', () => {
    const text = 'Staff Name\tWard\tDuty Date\r\nZoë Ellis\tOak\t03/04/2025\r\nJosé Ruiz\tOak\t04/04/2025\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const s = sniffText(bytes);
    expect(s.encoding.encoding).toBe('utf-16le');
    expect(s.delimiter.delimiter).toBe('\t');
    expect(s.rows[2]).toEqual(['José Ruiz', 'Oak', '04/04/2025']);
    expect(s.truncated).toBe(false);
  });
  it('leaves out the last, cut-off line of a truncated preview', () => {
    const bytes = utf8('a,b\n1,2\n3,4\n');
    const s = sniffText(bytes.subarray(0, 10), bytes.length);
    expect(s.truncated).toBe(true);
    expect(s.rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('the record count DuckDB skips', () => {
  it('is the preview record index of the first data row, past titles, blank lines and quoted line breaks', async () => {
    const text = 'Report\r\n\r\n"Ref","Notes\r\n(free text)"\r\n1,"a\r\nb"\r\n\r\n2,c\r\n';
    const s = sniffText(new TextEncoder().encode(text));
    expect(s.rows.slice(0, 4)).toEqual([['Report'], [''], ['Ref', 'Notes\r\n(free text)'], ['1', 'a\r\nb']]);
    expect(s.lines.slice(0, 4)).toEqual([1, 2, 3, 5]);
    const dataStart = 3;
    const db = await openNodeDatabase();
    try {
      await db.registerFile('pbs-lens-files/t.csv', new TextEncoder().encode(text));
      const rows = await db.query(
        `SELECT * FROM read_csv('pbs-lens-files/t.csv', header = false, skip = ${dataStart}, delim = ',', quote = '"', escape = '"',
           all_varchar = true, names = ['ref', 'notes'])`,
      );
      expect(rows).toEqual([
        { ref: '1', notes: 'a\r\nb' },
        { ref: '2', notes: 'c' },
      ]);
    } finally {
      await db.close();
    }
  });
});
