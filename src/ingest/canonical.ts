/**
 * The canonical tables of the BRIEF: what each file kind must become. Imports (canonical CSVs
 * now, vendor exports through a mapping) end as rows of these tables or as rejects.
 */
export const FILE_KINDS = [
  'people',
  'incidents',
  'interventions',
  'shifts',
  'requirements',
  'planDelivery',
  'events',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/**
 * How a raw text value is read. Canonical CSV formats:
 *  timestamp `YYYY-MM-DD HH:MM[:SS]` (or with a T), naive local time; date `YYYY-MM-DD`;
 *  boolean yes/no, y/n, true/false, 1/0; contract permanent|bank|agency;
 *  status worked|planned|cancelled|unfilled|sickness; interventionType an MHSDS RestrictiveIntType
 *  code (01, 04–17) or its label, or PRN; severity 1–5 (1 no harm … 5 death) or a harm grade.
 */
export type FieldType =
  | 'id'
  | 'text'
  | 'timestamp'
  | 'date'
  | 'number'
  /** A length of time in minutes: 45, "45 mins", "1h 05m", "00:45". */
  | 'minutes'
  | 'integer'
  | 'boolean'
  | 'contract'
  | 'status'
  | 'interventionType'
  | 'interventionReason'
  | 'severity'
  | 'weekday'
  | 'ratio';

export interface FieldSpec {
  /** Canonical column name (also the canonical CSV header). */
  name: string;
  type: FieldType;
  required: boolean;
  description: string;
}

export interface TableSpec {
  kind: FileKind;
  table: string;
  label: string;
  fields: FieldSpec[];
  /** Columns that identify a row: a re-imported row with the same key is a duplicate. */
  key: string[];
}

const f = (name: string, type: FieldType, required: boolean, description: string): FieldSpec => ({
  name,
  type,
  required,
  description,
});

export const TABLES: Record<FileKind, TableSpec> = {
  people: {
    kind: 'people',
    table: 'people',
    label: 'People',
    key: ['person_id'],
    fields: [
      f('person_id', 'id', true, 'Identifier of the person supported'),
      f('name', 'text', false, 'Name (pseudonymised on import)'),
      f('unit', 'text', true, 'Unit or service the person lives on'),
      f('admitted', 'date', false, 'Admission date'),
      f('discharged', 'date', false, 'Discharge date'),
      f('commissioned_ratio', 'ratio', false, 'Commissioned staffing, e.g. 1:1 or 2:1'),
      f('commissioned_from', 'text', false, 'Commissioned hours start, HH:MM (blank: all day)'),
      f('commissioned_to', 'text', false, 'Commissioned hours end, HH:MM'),
      f('ready_for_discharge', 'date', false, 'Date judged clinically ready for discharge'),
    ],
  },
  incidents: {
    kind: 'incidents',
    table: 'incidents',
    label: 'Incidents',
    key: ['incident_id'],
    fields: [
      f('incident_id', 'id', true, 'Incident reference'),
      f('person_id', 'id', true, 'Person the incident involved'),
      f('occurred_at', 'timestamp', true, 'Date and time of the incident (local time)'),
      f('unit', 'text', true, 'Unit where it happened'),
      f('behaviour_type', 'text', false, 'Kind of behaviour'),
      f('severity', 'severity', false, 'Severity 1–5 or harm grade'),
      f('antecedent', 'text', false, 'What happened before'),
      f('consequence', 'text', false, 'What happened after'),
      f('injury_person', 'boolean', false, 'Was the person injured'),
      f('injury_staff', 'boolean', false, 'Was a staff member injured'),
      f('staff_involved', 'text', false, 'Staff ids, separated by ; or |'),
      f('description', 'text', false, 'Free-text account'),
    ],
  },
  interventions: {
    kind: 'interventions',
    table: 'restrictive_interventions',
    label: 'Restrictive interventions',
    key: ['incident_id', 'type', 'started_at'],
    fields: [
      f('incident_id', 'id', true, 'Incident the intervention belongs to'),
      f('type', 'interventionType', true, 'MHSDS RestrictiveIntType code or label, or PRN'),
      f('reason', 'interventionReason', false, 'MHSDS RestrictiveIntReason code'),
      f('started_at', 'timestamp', false, 'Start'),
      f('ended_at', 'timestamp', false, 'End'),
      f('duration_minutes', 'minutes', false, 'Duration in minutes (if no end time)'),
      f('injury_person', 'boolean', false, 'Was the person injured'),
      f('injury_staff', 'boolean', false, 'Was a staff member injured'),
    ],
  },
  shifts: {
    kind: 'shifts',
    table: 'shifts',
    label: 'Staff rota',
    key: ['shift_id'],
    fields: [
      f('shift_id', 'id', true, 'Rota line reference'),
      f('staff_id', 'id', false, 'Staff member (blank for an unfilled shift)'),
      f('unit', 'text', true, 'Unit'),
      f('start', 'timestamp', true, 'Shift start (local time)'),
      f('end', 'timestamp', true, 'Shift end (local time; may be the next day)'),
      f('role', 'text', false, 'Role or grade'),
      f('contract', 'contract', false, 'permanent, bank or agency'),
      f('status', 'status', true, 'worked, planned, cancelled, unfilled or sickness'),
      f('person_id', 'id', false, 'Person this shift is allocated to (1:1 / 2:1)'),
    ],
  },
  requirements: {
    kind: 'requirements',
    table: 'staffing_requirements',
    label: 'Staffing requirements',
    key: ['unit', 'shift', 'weekday'],
    fields: [
      f('unit', 'text', true, 'Unit'),
      f('shift', 'text', true, 'Shift name of the unit pattern, e.g. Early'),
      f('required', 'number', true, 'Staff required'),
      f('weekday', 'weekday', false, 'Weekday (Mon…Sun or 1–7, Monday = 1); blank for every day'),
    ],
  },
  planDelivery: {
    kind: 'planDelivery',
    table: 'plan_delivery',
    label: 'Plan delivery',
    key: ['person_id', 'date', 'strategy'],
    fields: [
      f('person_id', 'id', true, 'Person'),
      f('date', 'date', true, 'Date the strategy was planned for'),
      f('strategy', 'text', true, 'Proactive strategy'),
      f('delivered', 'boolean', true, 'Was it delivered'),
      f('reason_not_delivered', 'text', false, 'Why not, e.g. not enough staff'),
    ],
  },
  events: {
    kind: 'events',
    table: 'events',
    label: 'Events',
    key: ['person_id', 'date', 'type', 'description'],
    fields: [
      f('person_id', 'id', false, 'Person (blank for a unit-wide event)'),
      f('unit', 'text', false, 'Unit'),
      f('date', 'date', true, 'Date'),
      f('type', 'text', true, 'Kind of event: medication change, move, plan review, illness, visit…'),
      f('description', 'text', false, 'What happened'),
    ],
  },
};
