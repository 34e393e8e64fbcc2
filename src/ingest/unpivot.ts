/**
 * Flat incident exports hold restrictive interventions in columns ("Restraint Used? | Position |
 * Minutes", "Seclusion minutes", "PRN given"). Each such group becomes zero or one row of
 * restrictive_interventions per incident row, as `applyMapping` does it in JS: it happened when
 * its flag reads yes (or, without a flag, when a type, minutes > 0 or a start is given); its type
 * is the type column's value through the vocabulary (the user's answers first) or the group's fixed
 * type; it starts at its start time, else at the incident's time. A group that cannot be read
 * (unknown flag or type, minutes that are not a number) is a rejected intervention row; the
 * incident itself is still accepted.
 */
import { ident, literal } from '../db/sql';
import { formatHasDate, sqlCombineDateTime, sqlNextDayIfBefore, sqlParseTimestamp } from './dates';
import { lookupJoin, sqlParseMinutes, type Lookup, type RawColumns } from './mapped';
import type { InterventionSource, Mapping } from './mapping';

export interface UnpivotQuery {
  /** First-layer select items (raw and parsed values of every group's columns). */
  selects: string[];
  joins: string[];
  /** Second layer: times completed with the incident's date, ends after starts. */
  adjust: string[];
  lookups: Lookup[];
  /** SELECT producing candidate intervention rows from `judged` (accepted incident rows). */
  candidates: string;
}

const col = (i: number, part: string) => ident(`_iv${i}_${part}`);

export function unpivotQuery(mapping: Mapping, raw: RawColumns): UnpivotQuery | null {
  const groups = mapping.kind === 'incidents' ? (mapping.interventions ?? []) : [];
  if (groups.length === 0) return null;
  const q: UnpivotQuery = { selects: [], joins: [], adjust: [], lookups: [], candidates: '' };
  const parts: string[] = [];
  groups.forEach((iv, i) => {
    const text = (column: string | undefined) => (column ? raw.column(column) : 'NULL::VARCHAR');
    const flagRaw = text(iv.flag);
    const typeRaw = text(iv.typeColumn);
    const minutesRaw = text(iv.minutes);
    const startRaw = text(iv.start?.column);
    const endRaw = text(iv.end?.column);
    const reasonRaw = text(iv.reason);
    const lookupCol = (part: string, vocabulary: Lookup['vocabulary'], rawExpr: string, overrides?: Record<string, string>) => {
      const target = `${iv.label}/${part}#${i}`;
      q.lookups.push({ target, vocabulary, ...(overrides ? { overrides } : {}) });
      const alias = `iv${i}${part[0]}`;
      q.joins.push(lookupJoin(alias, target, rawExpr));
      return `${alias}.output`;
    };
    const flag = iv.flag ? `TRY_CAST(${lookupCol('flag', 'boolean', flagRaw, iv.flagValues)} AS BOOLEAN)` : 'NULL::BOOLEAN';
    const type = iv.typeColumn ? lookupCol('type', 'interventionType', typeRaw, iv.values) : 'NULL::VARCHAR';
    const reason = iv.reason ? lookupCol('reason', 'interventionReason', reasonRaw) : 'NULL::VARCHAR';
    q.selects.push(
      `${flagRaw} AS ${col(i, 'flag_raw')}`, `${flag} AS ${col(i, 'flag')}`,
      `${typeRaw} AS ${col(i, 'type_raw')}`, `${type} AS ${col(i, 'type')}`,
      `${minutesRaw} AS ${col(i, 'minutes_raw')}`, `${sqlParseMinutes(minutesRaw)} AS ${col(i, 'minutes')}`,
      `${startRaw} AS ${col(i, 'start_raw')}`, `${iv.start ? sqlParseTimestamp(startRaw, iv.start.format) : 'NULL::TIMESTAMP'} AS ${col(i, 'start')}`,
      `${iv.end ? sqlParseTimestamp(endRaw, iv.end.format) : 'NULL::TIMESTAMP'} AS ${col(i, 'end')}`,
      `${reason} AS ${col(i, 'reason')}`,
    );
    // A time alone takes the incident's date; an end before its start is on the next day.
    const onIncidentDate = (c: string, f: InterventionSource['start']) => (f && !formatHasDate(f.format) ? sqlCombineDateTime('occurred_at', c) : c);
    const start = onIncidentDate(col(i, 'start'), iv.start);
    const end = onIncidentDate(col(i, 'end'), iv.end);
    q.adjust.push(`${start} AS ${col(i, 'start')}`, `${sqlNextDayIfBefore(end, start)} AS ${col(i, 'end')}`);
    parts.push(candidate(iv, i));
  });
  q.candidates = parts.join('\nUNION ALL\n');
  return q;
}

/** One group's rows: a problem (column, value, reason) or an intervention; groups that did not happen give nothing. */
function candidate(iv: InterventionSource, i: number): string {
  const c = (p: string) => `j.${col(i, p)}`;
  const problem = (part: string, value: string, reason: string) =>
    `{'column': ${literal(`${iv.label} ${part}`)}, 'value': ${value}, 'reason': ${literal(reason)}}`;
  const happened = iv.flag
    ? `coalesce(${c('flag')}, false)`
    : `(${c('type_raw')} IS NOT NULL OR coalesce(${c('minutes')} > 0, false) OR ${c('start_raw')} IS NOT NULL)`;
  const where = (column: string | undefined) => (column ? ` (column "${column}")` : '');
  return `SELECT j._row, j._line, ${i} AS _iv,
      CASE
        WHEN ${c('minutes_raw')} IS NOT NULL AND ${c('minutes')} IS NULL
          THEN ${problem('minutes', c('minutes_raw'), `not a number of minutes${where(iv.minutes)}`)}
        WHEN ${c('flag_raw')} IS NOT NULL AND ${iv.flag ? `${c('flag')} IS NULL` : 'false'}
          THEN ${problem('flag', c('flag_raw'), `not yes or no${where(iv.flag)}`)}
        WHEN ${happened} AND ${c('type_raw')} IS NOT NULL AND ${c('type')} IS NULL
          THEN ${problem('type', c('type_raw'), `not a known restrictive intervention type${where(iv.typeColumn)}`)}
      END AS _problem,
      ${happened} AS _happened,
      j.incident_id,
      coalesce(${c('type')}, ${iv.type === undefined ? 'NULL::VARCHAR' : `(SELECT value FROM import_constants WHERE name = ${literal(`_iv${i}_type`)})`}) AS type,
      ${c('reason')} AS reason,
      coalesce(${c('start')}, j.occurred_at) AS started_at,
      ${c('end')} AS ended_at,
      ${c('minutes')} AS duration_minutes,
      NULL::BOOLEAN AS injury_person,
      NULL::BOOLEAN AS injury_staff
    FROM judged j WHERE j.ok`;
}

/** Constants the candidate SQL reads (each group's fixed type), for the import_constants table. */
export function unpivotConstants(mapping: Mapping): { name: string; value: string }[] {
  return (mapping.interventions ?? []).flatMap((iv, i) => (iv.type === undefined ? [] : [{ name: `_iv${i}_type`, value: iv.type }]));
}
