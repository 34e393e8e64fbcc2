/** A grid rota in the wizard: its code questions keep it open; answered, it is ready and plans a grid import. */
import { describe, expect, test } from 'vitest';
import { inspectFile } from '../../../src/ingest/inspect';
import { derive, planFor, type WizardFile } from '../../../src/ui/import/wizardState';
import { DEVELOPMENT_CASES } from '../ingest/grid/fixtures';

const oak = DEVELOPMENT_CASES[0]!;
const csv = `${oak.cells.map((r) => r.join(',')).join('\n')}\n`;

async function wizardFile(extra: Partial<WizardFile> = {}): Promise<WizardFile> {
  const bytes = new Uint8Array(Buffer.from(csv));
  return { id: '1', file: new File([bytes], 'oak.csv'), inspection: await inspectFile('oak.csv', bytes), failure: null, answers: {}, ignorePreset: false, ...extra };
}

describe('a grid rota in the wizard', () => {
  test('open while a code has no times; the times given make it ready, and the plan is a grid import', async () => {
    const f = await wizardFile();
    const d = derive(f);
    expect(d.status).toBe('open');
    expect(d.grid?.questions.map((q) => q.code)).toEqual(['Sick']);
    expect(planFor(f, d)).toBeNull();

    const gridCodes = { Sick: { kind: 'shift' as const, start: '07:00', end: '19:30' } };
    const answered = await wizardFile({ gridCodes });
    const d2 = derive(answered);
    expect(d2.status).toBe('ready');
    expect(d2.grid?.accounting).toMatchObject({ accepted: 16, rejected: 0 });
    expect(planFor(answered, d2)).toEqual({ file: answered.file, kind: 'shifts', grid: { codes: gridCodes } });
  });

  test('the user’s kind stands: named as another kind, it is not read as a grid', async () => {
    const f = await wizardFile({ answers: { kind: 'events' } });
    expect(derive(f).grid).toBeUndefined();
  });
});

describe('a grid rota whose sheet names no unit', () => {
  test('stays open until the unit is given; the plan carries it', async () => {
    const text = 'Name,Mon 06/01/2025,Tue 07/01/2025,Wed 08/01/2025,Thu 09/01/2025,Fri 10/01/2025\nAmy Brown,E,L,,N,\n';
    const bytes = new Uint8Array(Buffer.from(text));
    const base: WizardFile = { id: '1', file: new File([bytes], 'Sheet1.csv'), inspection: await inspectFile('Sheet1.csv', bytes), failure: null, answers: {}, ignorePreset: false };
    const d = derive(base);
    expect(d.status).toBe('open');
    expect(d.grid?.layout.unitFrom).toBeNull();
    const given = { ...base, gridUnit: 'Oak' };
    const d2 = derive(given);
    expect(d2.status).toBe('ready');
    expect(d2.grid?.rows.map((r) => r.unit)).toEqual(['Oak', 'Oak', 'Oak']);
    expect(planFor(given, d2)).toMatchObject({ kind: 'shifts', grid: { unit: 'Oak' } });
  });
});

describe('a workbook with a sheet per week', () => {
  test('the plan imports every grid sheet unless the user chose one', async () => {
    const { writeXlsx } = await import('../../../src/cli/xlsxWriter');
    const xlsxOf = (sheets: Record<string, string[][]>) => writeXlsx(Object.entries(sheets).map(([name, rows]) => ({ name, rows })));
    const week = (title: string) => [[title], ['Name', 'Mon 06/01/2025', 'Tue 07/01/2025', 'Wed 08/01/2025', 'Thu 09/01/2025', 'Fri 10/01/2025'], ['Amy Brown', 'E', 'L', '', '', '']];
    const bytes = xlsxOf({ 'Week 1': week('Oak Ward rota'), 'Week 2': week('Oak Ward rota') });
    const mk = async (sheet?: string): Promise<WizardFile> => ({
      id: '1', file: new File([new Uint8Array(bytes)], 'oak.xlsx'), inspection: await inspectFile('oak.xlsx', bytes, sheet ? { sheet } : {}), failure: null, answers: {}, ignorePreset: false,
    });
    const all = await mk();
    const d = derive(all);
    expect(d.status).toBe('ready');
    expect(planFor(all, d)).toEqual({ file: all.file, kind: 'shifts', grid: { codes: {} } });
    const one = await mk('Week 2');
    expect(planFor(one, derive(one))).toMatchObject({ grid: { sheet: 'Week 2' } });
  });
});

describe('a workbook of a sheet per week with a Key sheet', () => {
  // The same workbook the headless report is tested with (tests/unit/cli/analyze-together.test.ts).
  const week = (title: string, days: string[], rows: string[][]) => [[title], ['Name', ...days], ...rows];
  const sheets = [
    { name: 'Week 1', rows: week('Willow Ward w/c 5 May 2025', ['Mon 05/05', 'Tue 06/05', 'Wed 07/05', 'Thu 08/05', 'Fri 09/05'], [['Amy Brown', 'E', 'T', 'L', 'OFF', 'N'], ['Ben Cole', 'L', 'L', 'T', 'E', 'E']]) },
    { name: 'Week 2', rows: week('Willow Ward w/c 12 May 2025', ['Mon 12/05', 'Tue 13/05', 'Wed 14/05', 'Thu 15/05', 'Fri 16/05'], [['Amy Brown', 'E', 'SD', 'L', 'T', 'N'], ['Ben Cole', 'L', 'L', 'E', 'E', 'E']]) },
    { name: 'Key', rows: [['Key'], ['T = 08:00-16:00']] },
  ];

  test('asks only what neither the Key sheet nor any week sheet settles, and counts every week’s cells', async () => {
    const { writeXlsx } = await import('../../../src/cli/xlsxWriter');
    const bytes = writeXlsx(sheets);
    const mk = async (extra: Partial<WizardFile> = {}): Promise<WizardFile> => ({
      id: '1', file: new File([new Uint8Array(bytes)], 'willow.xlsx'), inspection: await inspectFile('willow.xlsx', bytes), failure: null, answers: {}, ignorePreset: false, ...extra,
    });
    const d = derive(await mk());
    expect(d.status).toBe('open');
    // "T" (on both sheets) is in the Key sheet; "SD" is on week 2 only, in one cell.
    expect(d.grid?.questions.map((q) => [q.code, q.count, q.example.column])).toEqual([['SD', 1, 'Week 2: Tue 13/05']]);
    // Two sheets of 2 staff × 5 days = 20 day cells; by hand 18 shifts (9 a week), OFF no shift, SD open.
    expect(d.grid?.accounting).toMatchObject({ cellsRead: 20, accepted: 18, rejected: 1, blank: 1 });
    expect(d.grid?.layout.dates).toHaveLength(10);
    const answered = await mk({ gridCodes: { SD: { kind: 'none', label: 'study day' } } });
    const d2 = derive(answered);
    expect(d2.status).toBe('ready');
    expect(d2.grid?.accounting).toMatchObject({ cellsRead: 20, accepted: 18, rejected: 0, blank: 2 });
    expect(d2.grid?.rows.filter((r) => r.start.startsWith('2025-05-06') && r.staff_id === 'Amy Brown').map((r) => [r.start, r.end])).toEqual([['2025-05-06 08:00', '2025-05-06 16:00']]);
  });
});

describe('a Legend sheet that gives codes times, staff types and no-shift meanings', () => {
  test('nothing left to ask: AG is an agency long day, SD and TR no shift, E at the legend’s times', async () => {
    const { writeXlsx } = await import('../../../src/cli/xlsxWriter');
    const days = ['Mon 02/06', 'Tue 03/06', 'Wed 04/06', 'Thu 05/06', 'Fri 06/06'];
    const bytes = writeXlsx([
      { name: 'w/c 2 Jun', rows: [['Cedar House rota w/c 2 June 2025'], ['Name', ...days], ['Dee Fox', 'E', 'SD', 'L', 'TR', 'E'], ['Eli Grey', 'AG', 'AG', '', 'E', 'L']] },
      { name: 'Legend', rows: [['Code', 'Meaning', 'Staff type'], ['E', '07:30-15:30', ''], ['AG', '07:00-19:30', 'Agency'], ['SD', 'Study day', ''], ['TR = Training']] },
    ]);
    const f: WizardFile = { id: '1', file: new File([new Uint8Array(bytes)], 'cedar.xlsx'), inspection: await inspectFile('cedar.xlsx', bytes), failure: null, answers: {}, ignorePreset: false };
    const d = derive(f);
    expect(d.grid?.questions).toEqual([]);
    expect(d.status).toBe('ready');
    // By hand: Dee E, L, E (SD, TR no shift); Eli AG, AG, E, L (one blank) → 7 shifts, 3 no shift.
    expect(d.grid?.accounting).toMatchObject({ cellsRead: 10, accepted: 7, rejected: 0, blank: 3 });
    const rows = d.grid!.rows.map((r) => [r.staff_id, r.start, r.end, r.contract]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['Dee Fox', '2025-06-02 07:30', '2025-06-02 15:30', 'permanent'],
        ['Eli Grey', '2025-06-02 07:00', '2025-06-02 19:30', 'agency'],
        ['Eli Grey', '2025-06-03 07:00', '2025-06-03 19:30', 'agency'],
        ['Eli Grey', '2025-06-05 07:30', '2025-06-05 15:30', 'permanent'],
      ]),
    );
  });
});
