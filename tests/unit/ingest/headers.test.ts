import { describe, expect, it } from 'vitest';
import {
  aliasScore,
  combineHeaderRows,
  detectKind,
  findHeader,
  headerKey,
  HEADER_DICTIONARY,
  looksLikeData,
  matchColumns,
  proposeMapping,
  uniqueHeaders,
} from '../../../src/ingest/headers';
import { TABLES, FILE_KINDS } from '../../../src/ingest/canonical';

const words = (aliases: string[]) => aliases.map((a) => headerKey(a).split(' '));

describe('aliasScore', () => {
  it('scores the same words 1, contained words less, short aliases only whole', () => {
    expect(aliasScore(headerKey('Location (exact)'), words(['location exact']))).toBe(1);
    // "incident date" inside a 5-word header: 0.5 + 0.4 × 2/5
    expect(aliasScore(headerKey('Incident Date (dd/mm/yyyy)'), words(['incident date']))).toBeCloseTo(0.66, 10);
    expect(aliasScore(headerKey('Staff ID'), words(['id']))).toBe(0);
    expect(aliasScore(headerKey('ID'), words(['id']))).toBe(1);
    expect(aliasScore(headerKey('Ward'), words(['location']))).toBe(0);
  });
  it('knows every canonical field of every kind by its own name', () => {
    for (const kind of FILE_KINDS) {
      for (const f of TABLES[kind].fields) {
        const m = matchColumns([f.name], kind);
        expect(m.map((x) => x.target), `${kind}.${f.name}`).toEqual([f.name]);
      }
    }
  });
  it('has no alias listed twice for one kind', () => {
    for (const kind of FILE_KINDS) {
      const seen = new Map<string, string>();
      for (const [target, aliases] of Object.entries(HEADER_DICTIONARY[kind])) {
        for (const a of aliases) {
          const k = headerKey(a);
          expect(seen.get(k), `${kind}: "${a}" in ${target} and ${seen.get(k)}`).toBeUndefined();
          seen.set(k, target);
        }
      }
    }
  });
});

describe('looksLikeData', () => {
  it('tells values from names', () => {
    for (const v of ['12', '03/04/2025', '2025-04-03', '07:30', '3-Apr-25', '£20', '45.5']) expect(looksLikeData(v), v).toBe(true);
    for (const v of ['Ref', 'Incident Date', 'Duration (mins)', '', 'Band 5']) expect(looksLikeData(v), v).toBe(false);
  });
});

describe('two-row headers', () => {
  it('carries a group title over the blank cells of its group (CSV)', () => {
    const top = ['Ref', 'Date', 'Restraint', '', '', 'Seclusion', ''];
    const bottom = ['', '', 'Used?', 'Position', 'Minutes', 'Used?', 'Minutes'];
    expect(combineHeaderRows(top, bottom)).toEqual(['Ref', 'Date', 'Restraint Used?', 'Restraint Position', 'Restraint Minutes', 'Seclusion Used?', 'Seclusion Minutes']);
  });
  it('uses merge ranges when the workbook has them', () => {
    const top = ['Staff', '', 'Notes', '', 'Shift', ''];
    const bottom = ['ID', 'Name', '', 'Comment', 'Start', 'End'];
    const merges = [
      { top: 0, left: 0, bottom: 0, right: 1 },
      { top: 0, left: 4, bottom: 0, right: 5 },
    ];
    // "Comment" is under a blank, unmerged cell: it does not belong to "Notes".
    expect(combineHeaderRows(top, bottom, 0, merges)).toEqual(['Staff ID', 'Staff Name', 'Notes', 'Comment', 'Shift Start', 'Shift End']);
  });
  it('names blank and repeated headers uniquely', () => {
    expect(uniqueHeaders(['Minutes', '', 'minutes', 'Minutes'])).toEqual(['Minutes', 'Column 2', 'minutes (2)', 'Minutes (3)']);
  });
});

describe('findHeader', () => {
  it('skips report titles, printed dates and blank lines', () => {
    const rows = [
      ['Incident Report – All Incidents'],
      ['Printed 03/04/2025'],
      [''],
      ['Ref', 'Incident Date', 'Time', 'Location (exact)', 'Service User'],
      ['1', '03/04/2025', '10:00', 'Oak Ward', 'A'],
      ['2', '04/04/2025', '11:00', 'Oak Ward', 'B'],
    ];
    expect(findHeader(rows)).toMatchObject({ headerRow: 3, headerRows: 1, dataStart: 4 });
  });
  it('finds a group-title row over the column names', () => {
    const rows = [
      ['Incident log'],
      ['Ref', 'Date', 'Restraint', '', '', 'Seclusion', ''],
      ['', '', 'Used?', 'Position', 'Minutes', 'Used?', 'Minutes'],
      ['1', '03/04/2025', 'Y', 'Prone', '5', 'N', ''],
      ['2', '04/04/2025', 'N', '', '', 'Y', '30'],
    ];
    const h = findHeader(rows)!;
    expect(h).toMatchObject({ headerRow: 1, headerRows: 2, dataStart: 3 });
    expect(h.headers[2]).toBe('Restraint Used?');
  });
  it('does not take a data row for a second header row', () => {
    const rows = [
      ['Ref', 'Date', 'Unit'],
      ['A1', 'Oak', 'x'],
      ['A2', '03/04/2025', 'Oak'],
    ];
    expect(findHeader(rows)).toMatchObject({ headerRow: 0, headerRows: 1 });
  });
  it('says there is no header when the first rows are data', () => {
    const rows = [
      ['101', '03/04/2025', '10:00', '5'],
      ['102', '04/04/2025', '11:00', '7'],
    ];
    expect(findHeader(rows)).toBeNull();
    expect(findHeader([['just one cell'], ['another']])).toBeNull();
  });
});

describe('detectKind', () => {
  const top = (headers: string[]) => detectKind(headers)[0]!;
  it('recognises each kind from typical vendor headers', () => {
    expect(top(['Ref', 'Incident Date', 'Time', 'Location (exact)', 'Service User', 'Harm Grade']).kind).toBe('incidents');
    expect(top(['Employee Number', 'Staff Name', 'Ward', 'Duty Date', 'Shift Start', 'Shift End', 'Staff Type', 'Shift Status']).kind).toBe('shifts');
    expect(top(['Incident Ref', 'Intervention Type', 'Start Time', 'End Time', 'Reason']).kind).toBe('interventions');
    expect(top(['Ward', 'Shift', 'Staff Required', 'Day of Week']).kind).toBe('requirements');
    expect(top(['Patient ID', 'Date', 'Proactive Strategy', 'Delivered', 'Reason not delivered']).kind).toBe('planDelivery');
    expect(top(['Patient ID', 'Patient Name', 'Ward', 'Admission Date', 'Discharge Date', 'Commissioned Ratio']).kind).toBe('people');
    expect(top(['Person ID', 'Event Date', 'Event Type', 'Details']).kind).toBe('events');
  });
  it('is confident on a clear file and not on nonsense', () => {
    expect(top(['Ref', 'Incident Date', 'Time', 'Location (exact)', 'Service User', 'Harm Grade']).confidence).toBeGreaterThan(0.5);
    const vague = top(['Colour', 'Size', 'Weight']);
    expect(vague.confidence).toBe(0);
  });
});

describe('proposeMapping', () => {
  const incidentRows = [
    ['Ref', 'Incident Date', 'Time', 'Ward', 'Service User', 'Harm', 'Restraint', 'Minutes', 'Staff Type'],
    ['1', '03/04/2025', '0730', 'Oak', 'A', 'No harm', 'Prone', '5', ''],
    ['2', '04/04/2025', '2215', 'Oak', 'B', 'Catastrophic-ish', '', '', ''],
  ];
  it('combines date and time columns and asks the ambiguous date order', () => {
    const p = proposeMapping({ rows: incidentRows, format: 'delimited' });
    if (!p.ok) throw new Error(p.message);
    expect(p.mapping.fields.occurred_at).toMatchObject({
      source: { from: 'dateTime', date: 'Incident Date', time: 'Time' },
      timeFormat: { kind: 'pattern', patterns: ['%H%M'], padTime: true },
    });
    const q = p.questions.find((x) => x.type === 'dateOrder');
    expect(q && q.type === 'dateOrder' && q.question.text).toBe('03/04/2025: 3 April or 4 March?');
  });
  it('asks about values it does not know', () => {
    const p = proposeMapping({ rows: incidentRows, format: 'delimited', dateOrder: 'dmy' });
    if (!p.ok) throw new Error(p.message);
    const q = p.questions.filter((x) => x.type === 'values');
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ field: 'severity', column: 'Harm', unknown: [{ value: 'Catastrophic-ish', count: 1 }] });
  });
  it('reads a "Restraint" column of positions as the type, not a yes/no flag', () => {
    const p = proposeMapping({ rows: incidentRows, format: 'delimited', dateOrder: 'dmy' });
    if (!p.ok) throw new Error(p.message);
    expect(p.mapping.interventions).toEqual([{ label: 'Restraint', typeColumn: 'Restraint', type: '02', minutes: 'Minutes' }]);
  });
  it('asks for required fields it cannot find, and for the kind when unsure', () => {
    const p = proposeMapping({ rows: [['Ward', 'Date', 'Notes'], ['Oak', '13/04/2025', 'x']], format: 'delimited' });
    if (!p.ok) throw new Error(p.message);
    const types = p.questions.map((q) => q.type);
    expect(types).toContain('kind');
    expect(types).toContain('missingField');
  });
  it('follows the user’s choice of kind', () => {
    const p = proposeMapping({ rows: [['Ward', 'Date', 'Notes'], ['Oak', '13/04/2025', 'x']], format: 'delimited', kind: 'events' });
    if (!p.ok) throw new Error(p.message);
    expect(p.mapping.kind).toBe('events');
    expect(p.questions.map((q) => q.type)).toEqual(['missingField']);
  });
  it('explains files it cannot use', () => {
    expect(proposeMapping({ rows: [['101', '03/04/2025', '4']], format: 'delimited' })).toMatchObject({ ok: false });
    const headerOnly = proposeMapping({ rows: [['Ref', 'Incident Date', 'Ward']], format: 'delimited' });
    expect(headerOnly.ok).toBe(false);
    if (!headerOnly.ok) expect(headerOnly.message).toMatch(/no data rows/);
  });
});
