/**
 * The staffing model's fit is kept per database, exposure build and selection (analysis/staffing.ts
 * staffingModel): asked again for the same selection it is the same fit; after a new import and
 * build it is a new one, counting the new incidents; and the summary tables it reads are rebuilt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/db/connector';
import { staffingAnalysis, staffingModel } from '../../../src/analysis/staffing';
import { NO_FILTERS } from '../../../src/analysis/types';
import { loadDelimitedFile } from '../../../src/ingest/load';
import { buildExposure, modelOf } from '../helpers/model';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { enc } from '../helpers/db';
import { sampleServiceDb } from '../helpers/sampleService';

describe('the staffing fit kept between filter changes', () => {
  let db: Connector;
  beforeAll(async () => {
    db = await sampleServiceDb();
  });
  afterAll(async () => {
    await db.close();
  });
  const incidents = (cells: { y: number }[]) => cells.reduce((t, c) => t + c.y, 0);

  it('is the same fit for the same selection, a new one for another', async () => {
    const a = await staffingModel(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    const b = await staffingModel(modelOf(db), { ...NO_FILTERS }, DEFAULT_SETTINGS);
    expect(b.model).toBe(a.model);
    const oak = await staffingModel(modelOf(db), { ...NO_FILTERS, unit: 'Oak' }, DEFAULT_SETTINGS);
    expect(oak.model).not.toBe(a.model);
    expect(incidents(oak.cells)).toBeLessThan(incidents(a.cells));
  });

  it('is refitted after a new import and build, with the new incidents', async () => {
    const before = await staffingModel(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    const page = await staffingAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    // Three more incidents for P001 on Oak, on a weekday morning inside the rota and their admission.
    const more = 'incident_id,person_id,occurred_at,unit\nNEW1,P001,2025-03-05 10:00,Oak\nNEW2,P001,2025-03-05 10:30,Oak\nNEW3,P001,2025-03-05 11:00,Oak\n';
    const report = await loadDelimitedFile(db, { importId: 99, fileName: 'more.csv', data: enc(more), kind: 'incidents' });
    expect(report.accepted).toBe(3);
    await buildExposure(db, DEFAULT_SETTINGS);
    const after = await staffingModel(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    expect(after.model).not.toBe(before.model);
    expect(incidents(after.cells)).toBe(incidents(before.cells) + 3);
    const again = await staffingAnalysis(modelOf(db), NO_FILTERS, DEFAULT_SETTINGS);
    expect(again.exposure.incidents).toBe(page.exposure.incidents + 3);
  });
});
