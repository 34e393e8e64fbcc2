/**
 * Whole-row rules beyond single fields (a shift ending before it starts, an implausible date, a
 * NUL byte), shared by both loaders and the unpivoted interventions: each a condition that makes a
 * row bad, the column it is reported against and the reason, with this import's plausibility limits.
 */
import { ident, literal } from '../../db/sql';
import { TABLES, type FileKind } from '../canonical';
import { DEFAULT_PLAUSIBILITY, dateWindow, nulRules, plausibilityRules, type RowRule } from '../plausible';
import type { LoadRequest } from './request';

/** Per kind: [condition that makes the row bad, column, reason]. */
const ROW_RULES: Partial<Record<FileKind, RowRule[]>> = {
  shifts: [
    ['"end" <= "start"', 'end', 'the shift ends before (or when) it starts'],
    [`"end" > "start" + INTERVAL 24 HOUR`, 'end', 'the shift is longer than 24 hours'],
  ],
  interventions: [
    ['ended_at < started_at', 'ended_at', 'the intervention ends before it starts'],
    ['isfinite(duration_minutes) AND duration_minutes < 0', 'duration_minutes', 'the duration is negative'],
  ],
  requirements: [['isfinite(required) AND required < 0', 'required', 'the number of staff required is negative']],
  people: [['discharged < admitted', 'discharged', 'discharged before admitted']],
};

/** The row rules of a kind of file, with the plausibility limits of this import. */
export function rulesFor(kind: FileKind, req: LoadRequest, unpivoted = false): RowRule[] {
  const limits = req.limits ?? DEFAULT_PLAUSIBILITY;
  return [
    ...(ROW_RULES[kind] ?? []),
    ...plausibilityRules(kind, limits, dateWindow(limits, req.importedAt ?? new Date())),
    // Unpivoted interventions come from incident rows already checked (their own cells are parsed or looked up).
    ...(unpivoted ? [] : nulRules(kind)),
  ];
}

/** The `ok` clauses of the rules: a row passes when no rule's condition holds. */
export const ruleClauses = (rules: RowRule[]) => rules.map(([condition]) => `NOT coalesce(${condition}, false)`);

/** Struct expressions naming the column, value and reason of each rule a row breaks (see settle.ts). */
export function rowRuleChecks(kind: FileKind, rules: RowRule[]): string[] {
  return rules.map(([condition, column, reason]) => {
    const field = TABLES[kind].fields.find((f) => f.name === column)!;
    const raw = field.type !== 'text' && field.type !== 'id' ? `raw__${column}` : column;
    return `CASE WHEN coalesce(${condition}, false) THEN {'column': ${literal(column)}, 'value': ${ident(raw)}, 'reason': ${literal(reason)}} END`;
  });
}
