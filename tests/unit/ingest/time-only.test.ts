/**
 * A column of times of day with no date anywhere in the file (a restraint sheet's "time_start"
 * beside a separate incident file): a person would not put those restraints in 1900, nor drop
 * them. The timestamp field stays empty, the note says why, and the rows still import.
 */
import { expect, it } from 'vitest';
import { inspectFile } from '../../../src/ingest/inspect';
import { enc } from '../helpers/db';

it('leaves started_at empty when its column holds times of day only, and says so', async () => {
  const csv = 'incident_ref,method,time_start,mins\r\nINC1,Prone restraint,13:55,17\r\nINC2,Seclusion,17:55,44\r\nINC3,Prone restraint,08:55,13\r\n';
  const i = await inspectFile('restraint.csv', enc(csv), { kind: 'interventions' });
  expect(i.mapping?.fields.started_at).toBeUndefined();
  expect(i.mapping?.fields.duration_minutes?.source).toEqual({ from: 'column', column: 'mins' });
  expect(i.notes).toContain('"time_start" holds times of day without dates, and no column gives the date: started_at is left empty.');
});
