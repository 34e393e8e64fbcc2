/** CSV exports: formula neutralisation, quoting, headers. Expected text written out by hand. */
import { describe, expect, it } from 'vitest';
import { neutraliseCell, tableToCsv, toCsv } from '../../../src/report/csv';

describe('neutraliseCell', () => {
  it('guards text a spreadsheet would run as a formula', () => {
    expect(neutraliseCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(neutraliseCell('+44 20 7946 0000')).toBe("'+44 20 7946 0000");
    expect(neutraliseCell('-cmd|calc')).toBe("'-cmd|calc");
    expect(neutraliseCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(neutraliseCell('\t=1')).toBe("'\t=1");
    expect(neutraliseCell('\r=1')).toBe("'\r=1");
  });

  it('leaves plain numbers, ordinary text and empty values alone', () => {
    expect(['-3.5', '+2', '1e-3', '-0', '42'].map(neutraliseCell)).toEqual(['-3.5', '+2', '1e-3', '-0', '42']);
    expect(neutraliseCell(-3.5)).toBe('-3.5');
    expect(neutraliseCell('Zoë said = no')).toBe('Zoë said = no');
    expect(neutraliseCell(null)).toBe('');
    expect(neutraliseCell(undefined)).toBe('');
    expect(neutraliseCell('*')).toBe('*');
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, and ends lines with CRLF', () => {
    const csv = toCsv(['a', 'b'], [
      { a: 'x,y', b: 'say "hi"' },
      { a: 'two\nlines', b: 3 },
      { a: '=1+1', b: null },
    ]);
    expect(csv).toBe('a,b\r\n"x,y","say ""hi"""\r\n"two\nlines",3\r\n\'=1+1,\r\n');
  });

  it('neutralises before quoting, so a guarded formula with a comma stays one cell', () => {
    expect(toCsv(['f'], [{ f: '=HYPERLINK("http://x","a")' }])).toBe('f\r\n"\'=HYPERLINK(""http://x"",""a"")"\r\n');
  });
});

describe('tableToCsv', () => {
  it('writes readable headers and takes cells by key', () => {
    const csv = tableToCsv(
      [
        { key: 'band', label: 'Staffing' },
        { key: 'rate', label: 'Rate per 100' },
        { key: 'ci', label: '95 % CI' },
      ],
      [
        { band: 'Fully staffed', rate: '7.6', ci: '5.7 to 9.9' },
        { band: '-2 or more short', rate: '*', ci: '*' },
      ],
    );
    expect(csv).toBe('Staffing,Rate per 100,95 % CI\r\nFully staffed,7.6,5.7 to 9.9\r\n\'-2 or more short,*,*\r\n');
  });

  it('neutralises a header too', () => {
    expect(tableToCsv([{ key: 'k', label: '=cmd' }], [])).toBe("'=cmd\r\n");
  });
});
