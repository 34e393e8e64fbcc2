/**
 * Changing a file's kind in the wizard recomputes its mapping, notes, unused columns and preview
 * for that kind (issue 13): a patient list read as incidents and switched to People keeps none of
 * the incident notes, maps its dates to admitted / discharged, and lets person_id come from a column.
 */
import { describe, expect, test } from 'vitest';
import { inspectFile, type Answers } from '../../../src/ingest/inspect';
import { derive, fieldFromColumn, withField, type WizardFile } from '../../../src/ui/import/wizardState';

const PATIENTS = ['Patient,Ward,Admission date,Discharge date', 'Daniel Okafor,Oak,11/03/2019,', 'Zoë Hartley,Oak,26/07/2021,14/02/2025', 'Sam Reid,Willow,03/01/2022,'].join('\n') + '\n';

async function wizardFile(answers: Answers = {}): Promise<WizardFile> {
  const bytes = new TextEncoder().encode(PATIENTS);
  const inspection = await inspectFile('patients.csv', bytes);
  return { id: 'p', file: new File([bytes], 'patients.csv'), inspection, failure: null, answers, ignorePreset: false };
}

describe('a kind chosen by the user', () => {
  test('recomputes the mapping, notes, unused columns and preview for that kind', async () => {
    const f = await wizardFile({ kind: 'people' });
    const d = derive(f);
    expect(d.inspection!.mapping!.kind).toBe('people');
    expect(d.preview!.mapping!.kind).toBe('people');
    // What a person reading the file expects of a people list, and nothing said about incidents.
    const notes = d.inspection!.notes.join(' ');
    expect(notes).not.toMatch(/incident|midnight|shift/i);
    expect(d.inspection!.unmapped).not.toContain('Discharge date');
    expect(d.preview!.rows.map((r) => [r.values.unit, r.values.admitted, r.values.discharged])).toEqual([
      ['Oak', '2019-03-11', null],
      ['Oak', '2021-07-26', '2025-02-14'],
      ['Willow', '2022-01-03', null],
    ]);
    expect(d.status).toBe('ready');
  });

  test('lets person_id come from a column where the proposal makes it from the row', async () => {
    const f = await wizardFile({ kind: 'people' });
    const d = derive(f);
    const answers = withField(f.answers, 'person_id', fieldFromColumn(d.inspection!, 'people', 'person_id', 'Patient'));
    const after = derive({ ...f, answers });
    expect(after.preview!.mapping!.fields.person_id!.source).toEqual({ from: 'column', column: 'Patient' });
    expect(after.preview!.rows.map((r) => r.values.person_id)).toHaveLength(3);
    expect(after.status).toBe('ready');
  });
});
