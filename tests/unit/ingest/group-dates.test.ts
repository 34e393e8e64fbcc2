/**
 * The day/month order read as a person reads it (issue 13, item 5: the report stops only for
 * questions genuinely open). Expectations written from the files alone, before the code ran:
 * - a PAS list whose discharge dates are all ≤ 12/12 beside admissions with 30/04/2025 is day
 *   first throughout, and says so (a note naming "Admission date" and 30/04/2025);
 * - a column written another way (02-04-2025 beside 30/04/2025) is not settled by it;
 * - a house rota of ambiguous dates imported with an ABC chart holding 30/04/2025 is day first,
 *   the note naming the chart; imported alone, or with files that disagree (30/04 in one,
 *   04/30 in another), the question stays open and the disagreement is named;
 * - the user's word (dateOrder, --date-order) beats the evidence, and a settled order can be
 *   changed by answering it.
 */
import { describe, expect, it } from 'vitest';
import { inspectFile, resolveMapping, type InspectOptions } from '../../../src/ingest/inspect';
import { inspectTogether } from '../../../src/ingest/links';
import { parseDateValue, type DateFormat } from '../../../src/ingest/dates';

const inspect = (name: string, text: string, options: InspectOptions = {}) => inspectFile(name, new TextEncoder().encode(text), options);
const asked = (q: { type: string }[]) => q.filter((x) => x.type === 'dateOrder').length;
const day = (raw: string, f: DateFormat | undefined) => new Date(parseDateValue(raw, f!)!).toISOString().slice(0, 10);

const pas = (discharges: string[], sep = '/') =>
  'Patient,Ward,Admission date,Discharge date\n' +
  ['04/02/2023', '30/04/2025', '01/06/2024'].map((a, k) => `RX100${k},Oak Ward,${a},${(discharges[k] ?? '').replace(/\//g, sep)}`).join('\n') +
  '\n';
const rota = 'Staff Name,House,Shift Start,Shift End,Status\n' + ['01/04/2025', '03/04/2025', '05/04/2025', '10/04/2025'].map((d, k) => `Staff ${k},Oak House,${d} 07:00,${d} 15:00,Worked`).join('\n') + '\n';
const abc = (dates: string[]) => 'Service User Name,Date,Time,Location,Behaviour\n' + dates.map((d, k) => `Person ${k % 2},${d},1${k}:15,Oak House,Distress`).join('\n') + '\n';

describe('a day/month order settled within a file', () => {
  it('a PAS list: discharges take the order of the admissions, with a note', async () => {
    const i = await inspect('pas.csv', pas(['', '05/03/2025', '']));
    expect(i.mapping!.kind).toBe('people');
    expect(asked(i.questions)).toBe(0);
    expect(day('05/03/2025', i.mapping!.fields.discharged!.format)).toBe('2025-03-05');
    expect(i.dateOrderSettled?.order).toBe('dmy');
    expect(i.notes).toContain('Dates read day first (dd/mm): the day/month order is taken from "Admission date", whose values include 30/04/2025.');
  });

  it('a column written another way is not settled by it', async () => {
    const i = await inspect('pas.csv', pas(['', '05/03/2025', '02/04/2025'], '-'));
    expect(asked(i.questions)).toBe(1);
    expect(i.dateOrderSettled).toBeUndefined();
  });

  it('the user’s answer stands over the evidence, and changes a settled order', async () => {
    const given = await inspect('pas.csv', pas(['', '05/03/2025', '']), { dateOrder: 'mdy' });
    expect(day('05/03/2025', given.mapping!.fields.discharged!.format)).toBe('2025-05-03');
    expect(given.dateOrderSettled).toBeUndefined();
    const r = resolveMapping(await inspect('pas.csv', pas(['', '05/03/2025', ''])), { dateOrder: 'mdy' });
    expect(day('05/03/2025', r.mapping!.fields.discharged!.format)).toBe('2025-05-03');
    expect(r.inspection.notes.join(' ')).not.toMatch(/day\/month order is taken/);
  });
});

describe('a day/month order settled by files imported together', () => {
  it('a house rota of ambiguous dates takes the order of the ABC chart beside it', async () => {
    const alone = await inspect('rota.csv', rota);
    expect(asked(alone.questions)).toBe(2);
    const [r, a] = inspectTogether([alone, await inspect('abc.csv', abc(['02/04/2025', '30/04/2025', '12/05/2025']))]).inspections;
    expect(asked(r!.questions)).toBe(0);
    expect(asked(a!.questions)).toBe(0);
    expect(day('03/04/2025 07:00', r!.mapping!.fields.start!.format)).toBe('2025-04-03');
    expect(r!.dateOrderSettled?.order).toBe('dmy');
    expect(r!.notes).toContain('Dates read day first (dd/mm): the day/month order is taken from abc.csv ("Date", e.g. 30/04/2025), imported with this file.');
  });

  it('stays open when every file is ambiguous', async () => {
    const [r] = inspectTogether([await inspect('rota.csv', rota), await inspect('abc.csv', abc(['02/04/2025', '03/04/2025']))]).inspections;
    expect(asked(r!.questions)).toBe(2);
    expect(r!.dateOrderSettled).toBeUndefined();
  });

  it('stays open and names the files when they disagree', async () => {
    const us = await inspect('us.csv', abc(['04/30/2025', '05/12/2025', '04/02/2025']));
    const uk = await inspect('uk.csv', abc(['30/04/2025', '12/05/2025', '02/04/2025']));
    const [r] = inspectTogether([await inspect('rota.csv', rota), us, uk]).inspections;
    expect(asked(r!.questions)).toBe(2);
    const note = r!.notes.find((n) => n.includes('disagree'));
    expect(note).toMatch(/uk\.csv \("Date", e\.g\. 30\/04\/2025\) read day first, us\.csv \("Date", e\.g\. 04\/30\/2025\) month first/);
  });

  it('the user’s order (--date-order mdy) beats the other files', async () => {
    const r = await inspect('rota.csv', rota, { dateOrder: 'mdy' });
    const [i] = inspectTogether([r, await inspect('abc.csv', abc(['30/04/2025', '12/05/2025']))]).inspections;
    expect(day('03/04/2025 07:00', i!.mapping!.fields.start!.format)).toBe('2025-03-04');
    expect(i!.dateOrderSettled).toBeUndefined();
  });
});
