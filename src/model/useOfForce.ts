/**
 * Mental Health Units (Use of Force) Act 2018, s6(5): the sixteen things every record of force
 * must hold (shared/reference/use-of-force-act-s6-record.csv), and which canonical fields honestly
 * carry each. Items with no field are "not recorded in these exports"; nothing is stretched to fit
 * (an incident's antecedent is not "efforts made to avoid force", its description is not "how
 * force was used").
 *
 * `holds` is SQL over r (restrictive_interventions), i (its incident) and p (the person's row of
 * the people file): true when the record holds the item.
 */
export interface UseOfForceItem {
  item: string;
  requirement: string;
  /** Canonical fields that carry it; null when no export field does. */
  fields: string | null;
  note: string | null;
  holds: string | null;
}

export const USE_OF_FORCE_ITEMS: UseOfForceItem[] = [
  { item: 'a', requirement: 'the reason for the use of force', fields: 'reason', note: null, holds: 'r.reason IS NOT NULL' },
  {
    item: 'b',
    requirement: 'the place, date and duration of the use of force',
    fields: 'unit, started_at, ended_at or duration_minutes',
    note: 'Place is the incident\'s unit.',
    holds: 'i.unit IS NOT NULL AND r.started_at IS NOT NULL AND (r.ended_at IS NOT NULL OR r.duration_minutes IS NOT NULL)',
  },
  { item: 'c', requirement: 'the type or types of force used on the patient', fields: 'type', note: null, holds: 'r.type IS NOT NULL' },
  { item: 'd', requirement: "whether the type or types of force used on the patient formed part of the patient's care plan", fields: null, note: null, holds: null },
  {
    item: 'e',
    requirement: 'name of the patient on whom force was used',
    fields: 'name (people file)',
    note: 'Names are pseudonymised in the app.',
    holds: 'p.name IS NOT NULL',
  },
  { item: 'f', requirement: 'a description of how force was used', fields: null, note: null, holds: null },
  { item: 'g', requirement: "the patient's consistent identifier", fields: 'person_id', note: null, holds: 'i.person_id IS NOT NULL' },
  {
    item: 'h',
    requirement: 'the name and job title of any member of staff who used force on the patient',
    fields: 'staff_involved',
    note: 'Staff ids only: names and job titles are not in these exports.',
    holds: "nullif(trim(i.staff_involved), '') IS NOT NULL",
  },
  {
    item: 'i',
    requirement: 'the reason any person who was not a member of staff in the mental health unit was involved in the use of force on the patient',
    fields: null,
    note: null,
    holds: null,
  },
  { item: 'j', requirement: "the patient's mental disorder (if known)", fields: null, note: null, holds: null },
  { item: 'k', requirement: 'the relevant characteristics of the patient (if known)', fields: null, note: null, holds: null },
  { item: 'l', requirement: 'whether the patient has a learning disability or autistic spectrum disorders', fields: null, note: null, holds: null },
  {
    item: 'm',
    requirement: 'a description of the outcome of the use of force',
    fields: 'consequence (incident)',
    note: 'The incident\'s recorded consequence.',
    holds: "nullif(trim(i.consequence), '') IS NOT NULL",
  },
  {
    item: 'n',
    requirement: 'whether the patient died or suffered any serious injury as a result of the use of force',
    fields: 'injury_person (intervention or incident)',
    note: null,
    holds: 'r.injury_person IS NOT NULL OR i.injury_person IS NOT NULL',
  },
  { item: 'o', requirement: 'any efforts made to avoid the need to use force on the patient', fields: null, note: null, holds: null },
  {
    item: 'p',
    requirement: "whether a notification regarding the use of force was sent to the person or persons (if any) to be notified under the patient's care plan",
    fields: null,
    note: null,
    holds: null,
  },
];
