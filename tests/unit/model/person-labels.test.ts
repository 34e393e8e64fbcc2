/**
 * engine.personLabels (issue 15, item 8): Check names shows each person reference by pseudonym.
 * A person id gets the person's own pseudonym (the one every page shows); any other spelling the
 * one it would have as an id. Expected labels are computed here from the formula written out
 * ("Person " + the first six hex digits of md5(key || id), upper case), with Node's md5.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openNodeDatabase } from '../../../src/db/node';
import { createEngine, type Engine } from '../../../src/engine';
import { enc } from '../helpers/db';

const KEY = 'test-key';
const label = (id: string) => `Person ${createHash('md5').update(KEY + id).digest('hex').slice(0, 6).toUpperCase()}`;

let engine: Engine;
beforeAll(async () => {
  engine = createEngine(await openNodeDatabase(), { pseudonymKey: KEY });
  await engine.importFile('people.csv', enc('person_id,name,unit,admitted,discharged\nDaniel Okafor,Daniel Okafor,Oak,2025-01-01,\nP002,Zoë Hartley,Oak,2025-01-01,\n'), 'people');
  await engine.importFile(
    'shifts.csv',
    enc('shift_id,staff_id,unit,start,end,role,contract,status,person_id\nS1,A,Oak,2025-01-01 07:00:00,2025-01-01 15:00:00,Nurse,permanent,worked,\n'),
    'shifts',
  );
  await engine.importFile(
    'incidents.csv',
    enc('incident_id,person_id,occurred_at,unit,behaviour_type,severity\nI1,"Okafor, Daniel",2025-01-01 08:00:00,Oak,distress,2\nI2,P002,2025-01-01 09:00:00,Oak,distress,1\n'),
    'incidents',
  );
});
afterAll(async () => {
  await engine?.db.close();
});

test('every reference has a pseudonym: a person its own, another spelling the one it would have as an id', async () => {
  const labels = await engine.personLabels();
  const people = (await engine.filterOptions()).people;
  for (const p of people) expect(labels.get(p.personId)).toBe(p.label);
  expect(labels.get('Daniel Okafor')).toBe(label('Daniel Okafor'));
  expect(labels.get('P002')).toBe(label('P002'));
  expect(labels.get('Okafor, Daniel')).toBe(label('Okafor, Daniel'));
  expect([...labels.keys()].sort()).toEqual(['Daniel Okafor', 'Okafor, Daniel', 'P002']);
});
