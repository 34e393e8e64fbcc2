/**
 * The spellings canonical files use for coded columns. Vendor spellings (Substantive, Locum,
 * Rostered, face down …) extend this table through ingest/vocabularies.ts.
 */
import { ALL_INTERVENTION_TYPES, INTERVENTION_REASONS } from './mhsds';

export interface VocabularyRow {
  vocabulary: string;
  input: string;
  output: string;
}

const rows = (vocabulary: string, pairs: [string, string][]): VocabularyRow[] =>
  pairs.map(([input, output]) => ({ vocabulary, input, output }));

export function baseVocabulary(): VocabularyRow[] {
  const types: [string, string][] = [];
  for (const t of ALL_INTERVENTION_TYPES) {
    types.push([t.code, t.code], [t.label, t.code]);
    if (/^0\d$/.test(t.code)) types.push([t.code.slice(1), t.code]);
  }
  const reasons: [string, string][] = INTERVENTION_REASONS.flatMap((r) => [
    [r.code, r.code] as [string, string],
    [r.label, r.code] as [string, string],
  ]);
  return [
    ...rows('boolean', [
      ['yes', 'true'], ['y', 'true'], ['true', 'true'], ['1', 'true'],
      ['no', 'false'], ['n', 'false'], ['false', 'false'], ['0', 'false'],
    ]),
    ...rows('contract', [['permanent', 'permanent'], ['bank', 'bank'], ['agency', 'agency']]),
    ...rows('status', [
      ['worked', 'worked'], ['planned', 'planned'], ['cancelled', 'cancelled'],
      ['unfilled', 'unfilled'], ['sickness', 'sickness'],
    ]),
    ...rows('severity', [
      ['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5'],
      ['no harm', '1'], ['low', '2'], ['low harm', '2'], ['moderate', '3'], ['moderate harm', '3'],
      ['severe', '4'], ['severe harm', '4'], ['death', '5'],
    ]),
    ...rows('weekday', [
      ['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5'], ['6', '6'], ['7', '7'],
      ['mon', '1'], ['tue', '2'], ['wed', '3'], ['thu', '4'], ['fri', '5'], ['sat', '6'], ['sun', '7'],
      ['monday', '1'], ['tuesday', '2'], ['wednesday', '3'], ['thursday', '4'], ['friday', '5'],
      ['saturday', '6'], ['sunday', '7'],
    ]),
    ...rows('interventionType', types),
    ...rows('interventionReason', reasons),
  ];
}
