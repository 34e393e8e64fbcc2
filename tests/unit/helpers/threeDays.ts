/** A hand-built three-day rota on one unit; the exposure test works out every number from it. */
import type { Connector } from '../../../src/db/connector';
import type { ExposureSummary } from '../../../src/model/exposure';
import { buildExposure } from './model';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/model/settings';
import { freshDb } from './db';
import { loadFixture } from './fixture';

// Oak requires Early 2, Late 2, Night 1.
export const REQUIREMENTS = `unit,shift,required,weekday
Oak,Early,2,
Oak,Late,2,
Oak,Night,1,
`;
export const SHIFTS = `shift_id,staff_id,unit,start,end,role,contract,status,person_id
A1,S1,Oak,2025-01-01 07:00,2025-01-01 15:00,SW,permanent,worked,
A2,S2,Oak,2025-01-01 07:00,2025-01-01 11:00,SW,permanent,worked,
A3,S3,Oak,2025-01-01 07:00,2025-01-01 19:00,SW,bank,worked,
A4,S4,Oak,2025-01-01 15:00,2025-01-01 23:00,SW,agency,worked,
A5,S5,Oak,2025-01-01 23:00,2025-01-02 07:00,SW,agency,worked,
B1,S1,Oak,2025-01-02 07:00,2025-01-02 15:00,SW,permanent,worked,
B2,,Oak,2025-01-02 07:00,2025-01-02 15:00,SW,,unfilled,
B3,S1,Oak,2025-01-02 15:00,2025-01-02 23:00,SW,permanent,sickness,
B4,S5,Oak,2025-01-02 23:00,2025-01-03 07:00,SW,agency,worked,
C1,S1,Oak,2025-01-03 07:00,2025-01-03 15:00,SW,permanent,worked,
C2,S1,Oak,2025-01-03 15:00,2025-01-03 23:00,SW,permanent,worked,
C3,S2,Oak,2025-01-03 15:00,2025-01-03 23:00,SW,permanent,worked,
`;
// P2 is admitted midway and discharged a day later.
export const PEOPLE = `person_id,name,unit,admitted,discharged
P1,Alex Example,Oak,2025-01-01,
P2,Sam Example,Oak,2025-01-02,2025-01-02
`;
export const INCIDENTS = `incident_id,person_id,occurred_at,unit
I1,P1,2025-01-01 16:00,Oak
I2,P1,2025-01-02 03:00,Oak
I3,P2,2025-01-01 10:00,Oak
I4,P2,2025-01-02 18:00,Oak
I5,P1,2025-01-05 10:00,Oak
I6,P1,2025-01-03 23:30,Oak
`;
export const INTERVENTIONS = `incident_id,type,duration_minutes
I4,09,10
I2,PRN,
`;


/** A fresh database holding every file of the three-day fixture, with its exposure built. */
export async function threeDaysDb(settings: Settings = DEFAULT_SETTINGS): Promise<{ db: Connector; summary: ExposureSummary }> {
  const db = await freshDb();
  await loadFixture(db, { requirements: REQUIREMENTS, shifts: SHIFTS, people: PEOPLE, incidents: INCIDENTS, interventions: INTERVENTIONS });
  return { db, summary: await buildExposure(db, settings) };
}
