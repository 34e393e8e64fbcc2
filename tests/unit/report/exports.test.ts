/** File names for exports (the browser parts are checked end to end). */
import { describe, expect, it } from 'vitest';
import { fileStem } from '../../../src/report/exports';

describe('fileStem', () => {
  it('makes a readable, safe name from parts', () => {
    expect(fileStem('Evidence pack', 'Person 8208A3', '2025-01-01')).toBe('evidence-pack-person-8208a3-2025-01-01');
    expect(fileStem('Incidents by agency share (%)')).toBe('incidents-by-agency-share');
    expect(fileStem('Siobhán O’Neill', null, undefined)).toBe('siobhan-o-neill');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('', '***')).toBe('pbs-lens');
    expect(fileStem('x'.repeat(200)).length).toBe(80);
  });
});
