/**
 * From the proposed mapping and the user's answers to the mapping that will be imported, with
 * the questions still open. Pure: the wizard calls it on every change, and the preview applies
 * its mapping to the sample records with applyMapping (the same rules the SQL loader follows).
 *
 * Answers the wizard collects: a column (or none) for a field, a fixed value for a text field,
 * what unknown coded values mean (or that their rows are rejected), and consent that values of
 * an unreadable date column are rejected. The kind, sheet, header row and day/month order are
 * choices that re-run the proposal (see inspect.ts), not answers here.
 */
import { TABLES, type FieldType } from '../../ingest/canonical';
import { detectDateFormat, type DateOrder } from '../../ingest/dates';
import type { Proposal, Question } from '../../ingest/headers';
import { missingRequired, type FieldMapping, type Mapping } from '../../ingest/mapping';
import { unknownValues, VOCABULARY_OUTPUTS, type VocabularyName } from '../../ingest/vocabularies';

export type ProposalOk = Extract<Proposal, { ok: true }>;

/** Marks an unknown value whose rows should be rejected (and listed) rather than mapped. */
export const REJECT = '';

export interface Answers {
  /** field → column name, or '' for "not used". */
  columns: Record<string, string>;
  /** field → the same value on every row (text fields, e.g. the unit of a one-ward rota). */
  constants: Record<string, string>;
  /** question key (valuesKey) → raw value → canonical value, or REJECT. */
  values: Record<string, Record<string, string>>;
  /** Columns whose unreadable dates may be rejected row by row. */
  acceptUnreadable: string[];
}

export const NO_ANSWERS: Answers = { columns: {}, constants: {}, values: {}, acceptUnreadable: [] };

export const VOCABULARY_OF_TYPE: Partial<Record<FieldType, VocabularyName>> = {
  boolean: 'boolean',
  contract: 'contract',
  status: 'status',
  severity: 'severity',
  weekday: 'weekday',
  interventionType: 'interventionType',
  interventionReason: 'interventionReason',
};

type ValuesQuestion = Extract<Question, { type: 'values' }>;

/** The key answers to a values question are kept under. */
export function valuesKey(q: Pick<ValuesQuestion, 'field' | 'intervention'>): string {
  return q.intervention ? `iv:${q.intervention.label}:${q.intervention.part}` : q.field;
}

/** A stable key for any question (React keys, test ids). */
export function questionKey(q: Question): string {
  switch (q.type) {
    case 'kind':
      return 'kind';
    case 'dateOrder':
      return `dateOrder:${q.column}`;
    case 'dateFormat':
      return `dateFormat:${q.column}`;
    case 'values':
      return `values:${valuesKey(q)}`;
    case 'missingField':
      return `missing:${q.field}`;
  }
}

export interface Settled {
  mapping: Mapping;
  /** Questions still to answer: the file is not imported while any remain. */
  open: Question[];
  /** Every values question of the file, answered or not (the wizard shows the answers). */
  valueQuestions: ValuesQuestion[];
}

/** Data records of the preview (below the header, blank ones skipped). */
export function dataRecords(proposal: ProposalOk, records: string[][]): string[][] {
  return records.slice(proposal.header.dataStart).filter((r) => r.some((c) => c.trim() !== ''));
}

export function columnSamples(proposal: ProposalOk, records: string[][], column: string): string[] {
  const i = proposal.mapping.headers.indexOf(column);
  return i < 0 ? [] : dataRecords(proposal, records).map((r) => (r[i] ?? '').trim());
}

/** Answers that map a raw value, REJECT answers left out (those rows are rejected with a reason). */
function mapped(answers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!answers) return undefined;
  const kept = Object.entries(answers).filter(([, v]) => v !== REJECT);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

export function settle(proposal: ProposalOk, records: string[][], answers: Answers, dateOrder?: DateOrder): Settled {
  const spec = TABLES[proposal.mapping.kind];
  const fields: Record<string, FieldMapping> = { ...proposal.mapping.fields };
  const extra: Question[] = [];
  const samples = (column: string) => columnSamples(proposal, records, column);

  // Columns chosen by the user, then fixed values.
  for (const [field, column] of Object.entries(answers.columns)) {
    const f = spec.fields.find((x) => x.name === field);
    if (!f) continue;
    if (column === '') {
      delete fields[field];
      continue;
    }
    const fm: FieldMapping = { source: { from: 'column', column } };
    if (f.type === 'date' || f.type === 'timestamp') {
      const d = detectDateFormat(samples(column), { expect: f.type === 'date' ? 'date' : 'datetime', order: dateOrder });
      if (d.status === 'ok') fm.format = d.format;
      if (d.status === 'ambiguous') {
        fm.format = d.question.options.find((o) => o.order === d.question.suggested)!.format;
        extra.push({ type: 'dateOrder', field, column, question: d.question });
      }
      if (d.status === 'unrecognised') extra.push({ type: 'dateFormat', field, column, unparsed: d.unparsed });
      const notBefore = field === 'end' ? 'start' : field === 'ended_at' ? 'started_at' : undefined;
      if (notBefore) fm.notBefore = notBefore;
    }
    fields[field] = fm;
  }
  for (const [field, value] of Object.entries(answers.constants)) {
    if (value.trim() !== '' && spec.fields.some((x) => x.name === field)) fields[field] = { source: { from: 'constant', value: value.trim() } };
  }

  // Coded values: the vocabulary first, the user's answers over it.
  const valueQuestions: ValuesQuestion[] = [];
  for (const f of spec.fields) {
    const vocabulary = VOCABULARY_OF_TYPE[f.type];
    const fm = fields[f.name];
    if (!vocabulary || !fm || fm.source.from !== 'column') continue;
    const given = answers.values[f.name];
    const values = mapped({ ...(fm.values ?? {}), ...(given ?? {}) });
    fields[f.name] = { ...fm, ...(values ? { values } : {}) };
    const unknown = unknownValues(vocabulary, samples(fm.source.column), fm.values);
    if (unknown.length > 0) {
      valueQuestions.push({ type: 'values', field: f.name, column: fm.source.column, vocabulary, unknown, options: VOCABULARY_OUTPUTS[vocabulary] });
    }
  }
  const interventions = proposal.mapping.interventions?.map((iv) => {
    const flagAnswers = mapped(answers.values[valuesKey({ field: iv.label, intervention: { label: iv.label, part: 'flag' } })]);
    const typeAnswers = mapped(answers.values[valuesKey({ field: iv.label, intervention: { label: iv.label, part: 'type' } })]);
    return {
      ...iv,
      ...(flagAnswers ? { flagValues: { ...(iv.flagValues ?? {}), ...flagAnswers } } : {}),
      ...(typeAnswers ? { values: { ...(iv.values ?? {}), ...typeAnswers } } : {}),
    };
  });
  // Flat intervention columns: yes/no flags and restraint positions.
  for (const iv of proposal.mapping.interventions ?? []) {
    const parts: [ 'flag' | 'type', string | undefined, VocabularyName, Record<string, string> | undefined][] = [
      ['flag', iv.flag, 'boolean', iv.flagValues],
      ['type', iv.typeColumn, 'interventionType', iv.values],
    ];
    for (const [part, column, vocabulary, known] of parts) {
      if (!column) continue;
      const unknown = unknownValues(vocabulary, samples(column), known);
      if (unknown.length === 0) continue;
      valueQuestions.push({ type: 'values', field: iv.label, intervention: { label: iv.label, part }, column, vocabulary, unknown, options: VOCABULARY_OUTPUTS[vocabulary] });
    }
  }

  const mapping: Mapping = { ...proposal.mapping, fields, ...(interventions ? { interventions } : {}) };

  const answeredAll = (q: ValuesQuestion) => {
    const given = answers.values[valuesKey(q)] ?? {};
    return q.unknown.every((u) => u.value in given);
  };
  const chosenColumn = (field: string) => field in answers.columns;
  const open: Question[] = [];
  for (const q of proposal.questions) {
    if (q.type === 'values' || q.type === 'missingField') continue;
    // A question about a field whose column the user has since replaced is moot.
    if ((q.type === 'dateOrder' || q.type === 'dateFormat') && chosenColumn(q.field)) continue;
    if (q.type === 'dateFormat' && answers.acceptUnreadable.includes(q.column)) continue;
    open.push(q);
  }
  for (const q of extra) {
    if (q.type === 'dateFormat' && answers.acceptUnreadable.includes(q.column)) continue;
    if (q.type === 'dateOrder' && dateOrder) continue;
    open.push(q);
  }
  for (const q of valueQuestions) if (!answeredAll(q)) open.push(q);
  for (const field of missingRequired(mapping)) {
    open.push({ type: 'missingField', field, description: spec.fields.find((x) => x.name === field)!.description });
  }
  return { mapping, open, valueQuestions };
}

/** Whether a file can be imported as it stands: no open question. */
export function isSettled(s: Settled): boolean {
  return s.open.length === 0;
}
