/**
 * NHS Mental Health Services Data Set code lists (shared/reference/), as data the app ships.
 * tests/unit/ingest/mhsds.test.ts checks them against the reference CSVs so they cannot drift.
 */
export type InterventionGroup = 'physical' | 'mechanical' | 'seclusion' | 'segregation' | 'chemical' | 'prn';

export interface InterventionType {
  code: string;
  label: string;
  group: InterventionGroup;
  positionOrRoute: string;
}

/** RestrictiveIntType. 02 and 03 are legacy groupings that still appear in older data. */
export const INTERVENTION_TYPES: InterventionType[] = [
  { code: '01', label: 'Physical restraint - Prone', group: 'physical', positionOrRoute: 'prone' },
  { code: '04', label: 'Mechanical restraint', group: 'mechanical', positionOrRoute: '' },
  { code: '05', label: 'Seclusion', group: 'seclusion', positionOrRoute: '' },
  { code: '06', label: 'Segregation', group: 'segregation', positionOrRoute: '' },
  { code: '07', label: 'Physical restraint - Standing', group: 'physical', positionOrRoute: 'standing' },
  { code: '08', label: 'Physical restraint - Restrictive escort', group: 'physical', positionOrRoute: 'restrictive escort' },
  { code: '09', label: 'Physical restraint - Supine', group: 'physical', positionOrRoute: 'supine' },
  { code: '10', label: 'Physical restraint - Side', group: 'physical', positionOrRoute: 'side' },
  { code: '11', label: 'Physical restraint - Seated', group: 'physical', positionOrRoute: 'seated' },
  { code: '12', label: 'Physical restraint - Kneeling', group: 'physical', positionOrRoute: 'kneeling' },
  { code: '13', label: 'Physical restraint - Other (not listed)', group: 'physical', positionOrRoute: 'other' },
  { code: '14', label: 'Chemical restraint - Injection (Rapid Tranquillisation)', group: 'chemical', positionOrRoute: 'injection (rapid tranquillisation)' },
  { code: '15', label: 'Chemical restraint - Injection (Non Rapid Tranquillisation)', group: 'chemical', positionOrRoute: 'injection (not rapid tranquillisation)' },
  { code: '16', label: 'Chemical restraint - Oral', group: 'chemical', positionOrRoute: 'oral' },
  { code: '17', label: 'Chemical restraint - Other (not listed)', group: 'chemical', positionOrRoute: 'other' },
];

/** Not an MHSDS code: PRN psychotropic medication given for distress (STOMP). */
export const PRN_TYPE: InterventionType = {
  code: 'PRN',
  label: 'PRN psychotropic medication',
  group: 'prn',
  positionOrRoute: '',
};

/** Legacy groupings: physical (02) and chemical (03) restraint without the detail. */
export const LEGACY_TYPES: InterventionType[] = [
  { code: '02', label: 'Physical restraint (legacy, position not recorded)', group: 'physical', positionOrRoute: '' },
  { code: '03', label: 'Chemical restraint (legacy, route not recorded)', group: 'chemical', positionOrRoute: '' },
];

/** Codes of physical restraint in a named position (01 prone, 07 standing … 12 kneeling). */
export const POSITION_CODES: ReadonlySet<string> = new Set(
  INTERVENTION_TYPES.filter((t) => t.group === 'physical' && t.positionOrRoute && t.positionOrRoute !== 'other').map((t) => t.code),
);

/** A physical restraint recorded without its position (legacy grouping 02). */
export const UNPLACED_RESTRAINT = '02';

export const ALL_INTERVENTION_TYPES = [...INTERVENTION_TYPES, ...LEGACY_TYPES, PRN_TYPE];

/** RestrictiveIntReason. */
export const INTERVENTION_REASONS: { code: string; label: string }[] = [
  { code: '10', label: 'Prevent a patient being violent to others' },
  { code: '11', label: 'Prevent a patient causing serious intentional harm to themselves' },
  { code: '12', label: 'Prevent a patient causing serious physical injury to themselves by accident' },
  { code: '13', label: 'Lawfully administer medicines or other medical treatment' },
  { code: '14', label: 'Facilitate personal care' },
  { code: '15', label: 'Facilitate nasogastric (NG) feeding' },
  { code: '16', label: 'Prevent the patient exhibiting extreme and prolonged over-activity' },
  { code: '17', label: 'Prevent the patient exhibiting otherwise dangerous behaviour' },
  { code: '18', label: "Undertake a search of the patient's clothing or property to ensure the safety of others" },
  { code: '19', label: 'Prevent the patient absconding from lawful custody' },
  { code: '98', label: 'Other (not listed)' },
  { code: '99', label: 'Not Known (Not Recorded)' },
];
