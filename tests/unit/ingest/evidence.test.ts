/**
 * Detection from values (issue 13): column profiles, value evidence for fields and kinds, links
 * between files imported together, and the reasons given. Small tables written out here, each
 * with what a person reading it would choose.
 */
import { describe, expect, it } from 'vitest';
import { matchColumns, proposeMapping } from '../../../src/ingest/headers';
import { inspectFile } from '../../../src/ingest/inspect';
import { findLinks, inspectTogether } from '../../../src/ingest/links';
import { describeValues, oneToOne, profileColumn, tableProfiles } from '../../../src/ingest/profiles';
import { kindReason, readTogether } from '../../../src/ui/import/wizardState';

const enc = (s: string) => new TextEncoder().encode(s);
const table = (text: string) => text.trim().split('\n').map((l) => l.split(','));

describe('column profiles', () => {
  it('tell one value from one per row, codes from names, dates from date-times', () => {
    const constant = profileColumn('Category', ['Behaviour', 'Behaviour', 'Behaviour', 'Behaviour', 'Behaviour']);
    expect(constant).toMatchObject({ constant: true, unique: false, distinct: 1 });
    expect(describeValues(constant)).toBe('values like Behaviour, the same on every row');
    const refs = profileColumn('inc_ourref', ['W000123', 'W000124', 'W000125']);
    expect(refs).toMatchObject({ unique: true, code: 1, name: 0 });
    expect(describeValues(refs)).toBe('values like W000123, W000124, one per row');
    expect(profileColumn('Employee', ['Priya Shah', 'Tom Baker', 'Priya Shah'])).toMatchObject({ name: 1, code: 0 });
    // SQL datetimes at midnight are dates; times of day make date-times.
    expect(profileColumn('d', ['2025-04-01 00:00:00.000', '2025-04-02 00:00:00.000', '2025-04-13 00:00:00.000'])).toMatchObject({ date: 1, dateTime: 0 });
    expect(profileColumn('d', ['13/04/2025 07:30', '14/04/2025 22:00', '15/04/2025 09:15'])).toMatchObject({ date: 1, dateTime: 1 });
    expect(profileColumn('w', ['Oak Ward', 'Cedar House', 'Oak Ward'])).toMatchObject({ place: 1 });
  });

  it('pair names with codes one to one, and not when a name has two codes', () => {
    expect(oneToOne(['Ann Lee', 'Bo Kim', 'Ann Lee'], ['E1', 'E2', 'E1'])).toBe(true);
    expect(oneToOne(['Ann Lee', 'Bo Kim', 'Ann Lee'], ['E1', 'E2', 'E3'])).toBe(false);
  });
});

describe('fields from value profiles', () => {
  it('passes over a constant descriptive column while another candidate varies, and says so', () => {
    const rows = table(`
Ref,Incident date,Time,Ward,Patient,Category,Sub-category
1,13/04/2025,10:00,Oak Ward,Ann Lee,Behaviour,Self-injury
2,14/04/2025,11:00,Oak Ward,Bo Kim,Behaviour,Distress
3,15/04/2025,12:00,Oak Ward,Ann Lee,Behaviour,Property damage
4,16/04/2025,13:00,Oak Ward,Bo Kim,Behaviour,Distress
5,17/04/2025,14:00,Oak Ward,Ann Lee,Behaviour,Self-injury`);
    const headers = rows[0]!;
    const m = matchColumns(headers, 'incidents', tableProfiles(headers, rows.slice(1)));
    const behaviour = m.find((x) => x.target === 'behaviour_type')!;
    expect(behaviour.column).toBe('Sub-category');
    expect(behaviour.why).toMatch(/not "Category" \(the same value on every row\)/);
    // The only unit candidate holds one value: still the unit, and confidently (a one-ward file).
    expect(m.find((x) => x.target === 'unit')).toMatchObject({ column: 'Ward', confident: true });
  });

  it('takes the id column that goes one per name for staff_id, names to staff_name', () => {
    const p = proposeMapping({
      format: 'delimited',
      rows: table(`
Ward,Employee,Assignment No,Date,Start,End,Status
Oak Ward,Priya Shah,20418000,13/04/2025,07:00,15:00,Worked
Oak Ward,Tom Baker,20418037,13/04/2025,07:00,15:00,Worked
Oak Ward,Priya Shah,20418000,14/04/2025,15:00,23:00,Worked`),
    });
    if (!p.ok) throw new Error(p.message);
    expect(p.mapping.kind).toBe('shifts');
    expect(p.mapping.fields.staff_id?.source).toEqual({ from: 'column', column: 'Assignment No' });
  });

  it('does not take a room number for the person, though it goes one per name', () => {
    const p = proposeMapping({
      format: 'delimited',
      rows: table(`
Ref,Date,Time,Ward,Patient,Room No
1,13/04/2025,10:00,Oak Ward,Ann Lee,101
2,14/04/2025,11:00,Oak Ward,Bo Kim,102
3,15/04/2025,12:00,Oak Ward,Ann Lee,101`),
    });
    if (!p.ok) throw new Error(p.message);
    expect(p.mapping.fields.person_id?.source).toEqual({ from: 'column', column: 'Patient' });
  });

  it('finds a raw extract’s fields from values where the names say nothing', () => {
    const p = proposeMapping({
      format: 'delimited',
      rows: table(`
recordid,inc_ourref,inc_dincident,inc_time,inc_locactual,con_number
1,W000123,2025-04-13 00:00:00.000,0810,Oak Ward,RX1001
2,W000124,2025-04-14 00:00:00.000,1420,Oak Ward,RX1002
3,W000125,2025-04-15 00:00:00.000,2305,Willow Ward,RX1001
4,W000126,2025-04-16 00:00:00.000,0930,Willow Ward,RX1002`),
    });
    if (!p.ok) throw new Error(p.message);
    expect(p.mapping.kind).toBe('incidents');
    expect(p.mapping.fields.occurred_at?.source).toEqual({ from: 'dateTime', date: 'inc_dincident', time: 'inc_time' });
    expect(p.mapping.fields.unit?.source).toEqual({ from: 'column', column: 'inc_locactual' });
    expect(p.mapping.fields.person_id?.source).toEqual({ from: 'column', column: 'con_number' });
    expect(p.why.unit).toBe('place names: values like Oak Ward, Willow Ward, 2 different in 4 rows');
    expect(p.questions.filter((q) => q.type === 'missingField')).toEqual([]);
  });

  it('recognises staff types, harm grades and minutes from their values', () => {
    const p = proposeMapping({
      format: 'delimited',
      rows: table(`
Ward,Staff ID,Date,Start,End,Status,Category
Oak Ward,E1,13/04/2025,07:00,15:00,Worked,Agency
Oak Ward,E2,13/04/2025,07:00,15:00,Worked,Permanent
Oak Ward,E3,14/04/2025,15:00,23:00,Worked,Bank`),
    });
    if (!p.ok) throw new Error(p.message);
    expect(p.mapping.fields.contract?.source).toEqual({ from: 'column', column: 'Category' });
    expect(p.why.contract).toBe('staff types: values like Agency, Permanent, one per row');
    const iv = proposeMapping({
      format: 'delimited',
      kind: 'interventions',
      rows: table(`
Incident,Intervention,Held for
W1,Prone,12
W2,Seated,5
W3,Seclusion,95`),
    });
    if (!iv.ok) throw new Error(iv.message);
    expect(iv.mapping.fields.duration_minutes?.source).toEqual({ from: 'column', column: 'Held for' });
  });

  it('asks the one question when two columns fit a required field by their values alone', () => {
    const p = proposeMapping({
      format: 'delimited',
      kind: 'events',
      rows: table(`
Who,A,B,Event
P1,13/04/2025,20/04/2025,Plan review
P2,14/04/2025,21/04/2025,Visit
P1,15/04/2025,22/04/2025,Visit`),
    });
    if (!p.ok) throw new Error(p.message);
    const q = p.questions.filter((x) => x.type === 'missingField');
    expect(q).toEqual([{ type: 'missingField', field: 'date', description: 'Date', proposed: { column: 'A', why: 'dates: values like 13/04/2025, 14/04/2025, one per row' } }]);
  });
});

describe('kind from content', () => {
  it('reads the patient list of issue 13 as people: one row per person, dates without times', async () => {
    const i = await inspectFile('patients.csv', enc('Patient,Ward,Admission date,Discharge date\nSam Reid,Oak Ward,14/02/2023,\nJo Ellis,Oak Ward,03/11/2022,27/05/2025\nAl Okafor,Beech Ward,08/01/2024,\n'));
    expect(i.mapping?.kind).toBe('people');
    expect(i.mapping?.fields.person_id?.source).toEqual({ from: 'column', column: 'Patient' });
    expect(i.mapping?.fields.discharged?.source).toEqual({ from: 'column', column: 'Discharge date' });
    expect(i.notes.join(' ')).not.toMatch(/midnight/);
    expect(i.unmapped).toEqual([]);
    const incidents = i.kinds.find((k) => k.kind === 'incidents')!;
    expect(incidents.why).toContain('no times of day in any column');
    expect(kindReason(i, 'people')?.why).toMatch(/one row per person \("Patient"\) with dates and no times of day/);
  });
});

describe('the wizard reads files dropped together together', () => {
  it('gives each card its links once every file is read', async () => {
    const inc = 'Ref,Date,Time,Ward,Patient\nW1,13/04/2025,10:00,Oak Ward,P1\nW2,14/04/2025,11:00,Oak Ward,P2\nW3,15/04/2025,12:00,Oak Ward,P1\n';
    const child = 'Ref,Intervention,Minutes\nW1,Prone,5\nW3,Seated,12\n';
    const item = async (name: string, text: string) => ({
      id: name, file: new File([text], name), inspection: await inspectFile(name, enc(text)), failure: null, answers: {}, ignorePreset: false,
    });
    const items = [await item('inc.csv', inc), await item('child.csv', child)];
    const together = readTogether(items);
    expect(together[1]!.inspection!.mapping?.kind).toBe('interventions');
    expect(together[1]!.inspection!.links?.map((l) => l.to)).toEqual([{ file: 'inc.csv', column: 'Ref' }]);
    // The same inspections again: the same result, not read a second time.
    expect(readTogether(items)[1]!.inspection).toBe(together[1]!.inspection);
    // While a file is still being read, nothing is linked yet.
    expect(readTogether([items[0]!, { ...items[1]!, inspection: null }])[0]).toBe(items[0]);
  });
});

describe('keys across files', () => {
  const incidents = 'recordid,inc_ourref,inc_dincident,inc_time,inc_locactual,con_number\n1,W000123,13/04/2025,0810,Oak Ward,RX1\n2,W000124,14/04/2025,1420,Oak Ward,RX2\n3,W000125,15/04/2025,2305,Oak Ward,RX1\n';
  const restraint = 'inc_ourref,Intervention,Start,Minutes\nW000123,Prone,13/04/2025 08:15,5\nW000125,Seated,15/04/2025 23:10,12\nW000125,Seclusion,15/04/2025 23:30,60\n';

  it('makes a file whose references are another file’s incident references its child', async () => {
    const files = [await inspectFile('inc.csv', enc(incidents)), await inspectFile('restraint.csv', enc(restraint))];
    const links = findLinks(files);
    expect(links).toEqual([
      { from: { file: 'restraint.csv', column: 'inc_ourref' }, to: { file: 'inc.csv', column: 'inc_ourref' }, role: 'incident', share: 1, why: '100 % of "inc_ourref" values are found in "inc_ourref" of inc.csv' },
    ]);
    const [inc, child] = inspectTogether(files).inspections;
    expect(child!.mapping?.kind).toBe('interventions');
    expect(child!.mapping?.fields.incident_id?.source).toEqual({ from: 'column', column: 'inc_ourref' });
    // The parent's reference is the column the child quotes, not the database's record id.
    expect(inc!.mapping?.fields.incident_id?.source).toEqual({ from: 'column', column: 'inc_ourref' });
    expect(child!.links).toHaveLength(1);
  });

  it('keeps the kind the user chose', async () => {
    const files = [await inspectFile('inc.csv', enc(incidents)), await inspectFile('restraint.csv', enc(restraint), { kind: 'events' })];
    expect(inspectTogether(files).inspections[1]!.mapping?.kind).toBe('events');
  });

  it('finds no link where fewer than 80 % of the values are found', async () => {
    const stray = 'inc_ourref,Intervention,Start,Minutes\nW000123,Prone,13/04/2025 08:15,5\nX1,Seated,15/04/2025 23:10,12\nX2,Prone,15/04/2025 23:30,60\n';
    expect(findLinks([await inspectFile('inc.csv', enc(incidents)), await inspectFile('r.csv', enc(stray))])).toEqual([]);
  });
});
