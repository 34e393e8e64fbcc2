/**
 * Fields recognised from their values when the header names nothing the dictionary knows
 * (issue 13): a people list's person names (once each), staffing ratios, restraint reasons; and a
 * column of restraint positions is the hold, weighed below a column of intervention kinds.
 */
import { describe, expect, it } from 'vitest';
import { proposeMapping } from '../../../src/ingest/headers';
import { valueCandidate, valueFactor } from '../../../src/ingest/evidence';
import { profileColumn } from '../../../src/ingest/profiles';

describe('fields from values', () => {
  it('person names once each are a people list’s persons; names that repeat are not', () => {
    const once = profileColumn('Who', ['Sam Reid', 'Jordan Ellis', 'Chloé Martin', 'Zoë Brontë']);
    expect(valueCandidate('people', 'name', once, 'who')?.why).toMatch(/person names, one per row/);
    const again = profileColumn('Who', ['Sam Reid', 'Sam Reid', 'Chloé Martin', 'Zoë Brontë']);
    expect(valueCandidate('people', 'name', again, 'who')).toBeNull();
    expect(valueCandidate('incidents', 'name', once, 'who')).toBeNull();
  });

  it('staffing ratios and restraint reasons from their values', () => {
    expect(valueCandidate('people', 'commissioned_ratio', profileColumn('Level', ['2:1', '1:1', '1:1']), 'level')).not.toBeNull();
    expect(valueCandidate('people', 'commissioned_ratio', profileColumn('Level', ['General', '1:1', 'Enhanced']), 'level')).toBeNull();
    const why = profileColumn('Because', ['Violence to others', 'Self harm', 'Absconding', 'Violence to others']);
    expect(valueCandidate('interventions', 'reason', why, 'because')?.why).toMatch(/reasons for restrictive interventions/);
  });

  it('a column of positions only is weighed as the hold, not the intervention type', () => {
    const positions = profileColumn('Position', ['Prone', 'Supine', 'Seated', 'Standing', '']);
    expect(positions.position).toBe(1);
    expect(valueFactor('interventions', 'type', positions, 'position').factor).toBeLessThan(1);
    const kinds = profileColumn('Intervention', ['Physical restraint', 'Seclusion', 'Rapid tranquillisation', 'Physical restraint']);
    expect(kinds.position).toBe(0);
    expect(valueFactor('interventions', 'type', kinds, 'intervention').factor).toBe(1);
  });

  it('a restraint log with both: type from the kinds, positions beside them, durations read from "1h 05m"', () => {
    const rows = [
      ['Ref', 'Position', 'Intervention', 'Held for'],
      ['R1', 'Prone', 'Physical restraint', '1h 05m'],
      ['R2', '', 'Seclusion', '4h 23m'],
      ['R3', 'Seated', 'Physical restraint', '25m'],
      ['R4', 'Supine', 'Physical restraint', '12m'],
    ];
    const p = proposeMapping({ rows, format: 'delimited', kind: 'interventions' });
    if (!p.ok) throw new Error(p.message);
    expect(p.mapping.fields.type).toEqual({ source: { from: 'column', column: 'Intervention' }, detail: 'Position' });
    expect(p.mapping.fields.duration_minutes?.source).toEqual({ from: 'column', column: 'Held for' });
    expect(p.why.duration_minutes).toMatch(/lengths of time/);
  });
});
