/**
 * A rota and incidents that hit every staff-matching rule (exact, repeated, normalised, ambiguous,
 * unmatched, not on shift, a sickness line, an agency line): read by the staff_involvements and
 * staff_recording tests. tests/unit/model/staffRecording.test.ts counts it by hand.
 */
const line = (id: string, staff: string, date: string, from: string, to: string, contract: string) =>
  `${id},${staff},Ward,${date} ${from},${date} ${to},HCA,${contract},worked,`;
export const STAFF_RULES_FIXTURE = {
  people: 'person_id,name,unit,admitted,discharged\nP1,Ann,Ward,2025-01-01,',
  shifts: [
    'shift_id,staff_id,unit,start,end,role,contract,status,person_id',
    line('R1', 'B1', '2025-01-01', '07:00', '11:00', 'agency'),
    line('R2', 'B1', '2025-01-01', '11:00', '15:00', 'permanent'),
    line('R3', 'C7', '2025-01-01', '07:00', '15:00', 'permanent'),
    line('R4', 'Jo1', '2025-01-01', '07:00', '15:00', 'bank'),
    line('R5', 'JO-1', '2025-01-01', '07:00', '15:00', 'bank'),
    line('R6', 'B1', '2025-01-02', '07:00', '15:00', 'permanent'),
    // D4 works the late shift only: named on an early incident, not on shift.
    line('R7', 'D4', '2025-01-02', '15:00', '23:00', 'permanent'),
    'R8,E5,Ward,2025-01-02 07:00,2025-01-02 15:00,HCA,permanent,sickness,',
  ].join('\n'),
  incidents: [
    'incident_id,person_id,occurred_at,unit,staff_involved',
    'J1,P1,2025-01-01 08:00,Ward,B1;b-1;C7',
    'J2,P1,2025-01-01 12:00,Ward,b 1|jo1|X9',
    'J3,P1,2025-01-01 13:00,Ward,',
    'J4,P1,2025-01-02 10:00,Ward,C7;B1;D4;e5;;X9;x9',
  ].join('\n'),
};
