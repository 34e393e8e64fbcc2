/**
 * Analysis 9 — functional assessment (ABC). Incidents by antecedent, behaviour type and
 * consequence; the contingency-space comparison behaviour analysts use (P(behaviour | antecedent)
 * against P(behaviour), P(consequence | behaviour) against P(consequence), and P(consequence |
 * antecedent) against P(consequence), each a ratio with an exact interval: stats/contingency.ts);
 * and setting events, staffing conditions among them, as the share of incidents under each
 * against the share of the person's time under it, with a rate ratio and its exact interval.
 *
 * Only the three recorded fields are read, never the free-text description. Patterns that stand
 * out are said in hedged words and matched against a small table of antecedent/consequence
 * patterns (FUNCTION_PATTERNS) that can go with a function: offered for a specialist to assess,
 * never stated as a finding.
 */
import { and, named, raw, sql, table, type Sql } from '../db/sql';
import type { KeyedFilters } from '../model/filters';
import type { Model } from '../model/model';
import type { Settings } from '../model/settings';
import { listColumns, rowsOf, type Fields } from '../model/rowLists';
import { SETTING_EVENT_DAYS_BEFORE } from '../model/settingEventPeriods';
import { conditionalRatio } from '../stats/contingency';
import { rateRatioExact } from '../stats/rateRatio';
import { fmt, pct, ratioCi, ratioDigits, readRatio } from './sentences-shared';
import type { Estimate, Filters } from './types';

/** A missing antecedent, behaviour or consequence is counted under this value, never dropped. */
export const NOT_RECORDED = 'not recorded';
/** A cell with fewer incidents than this is flagged as small. */
export const SMALL_CELL = 5;
/** A condition (antecedent or behaviour) with fewer incidents than this is flagged as small. */
export const SMALL_GROUP = 10;
/** Hedged sentences name at most this many patterns per comparison. */
export const MAX_FINDINGS = 4;
/** The incidents behind a cell are listed up to this many. */
export const MAX_CELL_INCIDENTS = 50;

export interface CountRow {
  value: string;
  incidents: number;
  /** incidents / all incidents in the selection. */
  share: number;
}

interface Comparison {
  incidents: number;
  ratio: number | null;
  lower: number | null;
  upper: number | null;
  /** Cell under 5 incidents, or its condition under 10. */
  small: boolean;
  /** The interval excludes 1 and the numbers are not small. */
  standsOut: boolean;
}

export interface ConditionalRow extends Comparison {
  antecedent: string;
  behaviour: string;
  pGivenAntecedent: number;
  pOverall: number;
  /** Incidents with this antecedent (the denominator of pGivenAntecedent). */
  antecedentIncidents: number;
}

export interface ConsequenceGivenBehaviourRow extends Comparison {
  behaviour: string;
  consequence: string;
  pGivenBehaviour: number;
  pOverall: number;
  behaviourIncidents: number;
}

export interface ConsequenceGivenAntecedentRow extends Comparison {
  antecedent: string;
  consequence: string;
  pGivenAntecedent: number;
  pOverall: number;
  antecedentIncidents: number;
}

export const SETTING_EVENTS = [
  { condition: 'short', column: 'short', label: 'Short of staff (one or more)' },
  { condition: 'agencyOverHalf', column: 'agency_over_half', label: 'Agency staff on over half the hours' },
  { condition: 'unfamiliarStaff', column: 'unfamiliar', label: 'Unfamiliar staff on shift' },
  { condition: 'strategiesNotDelivered', column: 'not_delivered', label: 'A planned strategy not delivered that day' },
  { condition: 'recentEvent', column: 'recent_event', label: `A dated event in the ${SETTING_EVENT_DAYS_BEFORE} days before` },
] as const;
export type SettingEvent = (typeof SETTING_EVENTS)[number]['condition'];

export interface SettingEventRow {
  condition: SettingEvent;
  label: string;
  /** Incidents in person-periods under the condition / incidents in person-periods where it is known. */
  incidentShare: number | null;
  /** Person-periods under the condition / person-periods where it is known. */
  timeShare: number | null;
  /** Incidents per person-period under the condition against not under it, exact conditional interval. */
  rateRatio: Estimate | null;
  incidentsUnder: number;
  incidentsKnown: number;
  periodsUnder: number;
  periodsKnown: number;
  /** Fewer than 10 incidents under the condition or not under it. */
  small: boolean;
}

export interface AbcResult {
  filters: Filters;
  /** Incidents in the selection (in exposure or not). */
  incidents: number;
  antecedents: CountRow[];
  behaviours: CountRow[];
  consequences: CountRow[];
  conditional: ConditionalRow[];
  consequencesGivenBehaviour: ConsequenceGivenBehaviourRow[];
  consequencesGivenAntecedent: ConsequenceGivenAntecedentRow[];
  settingEvents: SettingEventRow[];
  /** The patterns that stand out, in hedged everyday words. */
  findings: string[];
  /** One sentence per table or chart. */
  sentences: { counts: string; conditional: string; consequences: string; settingEvents: string };
  /** What these numbers can and cannot say. */
  note: string;
  warnings: string[];
}

/**
 * Antecedent/consequence patterns that can go with a function of behaviour (the four functions
 * of functional analysis: escape, attention, tangible, automatic). Matched as lower-case
 * substrings of the normalised values; a match adds a hedged clause, never a finding.
 */
export const FUNCTION_PATTERNS: readonly {
  fn: 'escape' | 'attention' | 'tangible' | 'sensory';
  words: string;
  antecedent: readonly string[];
  /** null: the antecedent alone (with a behaviour) is the pattern. */
  consequence: readonly string[] | null;
}[] = [
  { fn: 'escape', words: 'escape-maintained behaviour', antecedent: ['demand', 'request', 'asked to', 'instruction', 'task'], consequence: ['withdrawn', 'demand removed', 'task stopped', 'task removed', 'left the task'] },
  { fn: 'attention', words: 'attention-maintained behaviour', antecedent: ['low attention', 'attention', 'ignored', 'staff busy', 'left alone'], consequence: ['attention'] },
  { fn: 'tangible', words: 'behaviour maintained by getting an item or activity', antecedent: ['denied', 'refused', 'not available', 'told no', 'item removed'], consequence: ['item given', 'given the item', 'access given', 'item returned', 'got the item'] },
  { fn: 'sensory', words: 'automatically (sensory) maintained behaviour', antecedent: ['alone', 'no obvious', 'no antecedent', 'nothing obvious'], consequence: null },
];

const has = (value: string, words: readonly string[]) => words.some((w) => value.includes(w));

/** The function pattern an antecedent (and consequence) fits, if any. */
export function functionPattern(antecedent: string, consequence: string | null): (typeof FUNCTION_PATTERNS)[number] | null {
  const a = antecedent.toLowerCase();
  const c = consequence?.toLowerCase() ?? null;
  return (
    FUNCTION_PATTERNS.find((p) => has(a, p.antecedent) && (p.consequence === null ? c === null : c !== null && has(c, p.consequence))) ?? null
  );
}

const CELL_FIELDS: Fields = [
  ['antecedent', 'antecedent'],
  ['behaviour', 'behaviour'],
  ['consequence', 'consequence'],
  ['n', 'n', 'number'],
];

const conditionSums = () =>
  SETTING_EVENTS.map(
    ({ column: c }) => `
     coalesce(sum(incidents) FILTER (WHERE ${c}), 0)::DOUBLE AS i_${c}, coalesce(sum(incidents) FILTER (WHERE NOT ${c}), 0)::DOUBLE AS j_${c},
     (count(*) FILTER (WHERE ${c}))::DOUBLE AS p_${c}, (count(*) FILTER (WHERE NOT ${c}))::DOUBLE AS q_${c}`,
  ).join(',');

function abcSql(kf: KeyedFilters): Sql {
  return named('abc.summary', sql`
SELECT * FROM
  (SELECT ${raw(listColumns('c', CELL_FIELDS))} FROM (
     SELECT antecedent, behaviour, consequence, count(*) AS n FROM ${table('abc_incidents')} i WHERE ${kf.on('i')} GROUP BY ALL)) cells
  POSITIONAL JOIN (SELECT ${raw(conditionSums())} FROM ${table('setting_event_periods')} s WHERE ${kf.on('s')}) setting`);
}

interface Cell {
  antecedent: string;
  behaviour: string;
  consequence: string;
  n: number;
}

export async function abcAnalysis(model: Model, filters: Filters, _settings?: Settings): Promise<AbcResult> {
  const [row] = (await model.query<Record<string, unknown>>(abcSql(await model.filters(filters)))) as [Record<string, unknown>];
  const cells = rowsOf<{ antecedent: string | null; behaviour: string | null; consequence: string | null; n: number }>(row, 'c', CELL_FIELDS).map(
    (c) => ({
      antecedent: c.antecedent ?? NOT_RECORDED,
      behaviour: c.behaviour ?? NOT_RECORDED,
      consequence: c.consequence ?? NOT_RECORDED,
      n: c.n,
    }),
  );
  const settingEvents = SETTING_EVENTS.map((e) =>
    settingEventRow(e.condition, e.label, {
      incidentsUnder: row[`i_${e.column}`] as number,
      incidentsNot: row[`j_${e.column}`] as number,
      periodsUnder: row[`p_${e.column}`] as number,
      periodsNot: row[`q_${e.column}`] as number,
    }),
  );
  return abcFromCounts(filters, cells, settingEvents);
}

/** Everything from the antecedent × behaviour × consequence counts (pure: the tests feed it by hand too). */
export function abcFromCounts(filters: Filters, cells: Cell[], settingEvents: SettingEventRow[]): AbcResult {
  const N = cells.reduce((t, c) => t + c.n, 0);
  const antecedents = countRows(cells, 'antecedent', N);
  const behaviours = countRows(cells, 'behaviour', N);
  const consequences = countRows(cells, 'consequence', N);

  const pair = (x: 'antecedent' | 'behaviour', y: 'behaviour' | 'consequence', xs: CountRow[], ys: CountRow[]) => {
    // Two-way counts in one pass (many distinct values must not cost a scan per pair).
    const both = new Map<string, number>();
    for (const c of cells) {
      const k = JSON.stringify([c[x], c[y]]);
      both.set(k, (both.get(k) ?? 0) + c.n);
    }
    return xs.flatMap((a) =>
      ys.map((b) => ({ x: a.value, y: b.value, ...compare(both.get(JSON.stringify([a.value, b.value])) ?? 0, a.incidents, b.incidents, N) })),
    );
  };
  const conditional: ConditionalRow[] = pair('antecedent', 'behaviour', antecedents, behaviours).map(({ x, y, pGiven, nGiven, ...c }) => ({
    antecedent: x, behaviour: y, incidents: c.incidents, pGivenAntecedent: pGiven, pOverall: c.pOverall,
    ratio: c.ratio, lower: c.lower, upper: c.upper, antecedentIncidents: nGiven, small: c.small, standsOut: c.standsOut,
  }));
  const consequencesGivenBehaviour: ConsequenceGivenBehaviourRow[] = pair('behaviour', 'consequence', behaviours, consequences).map(
    ({ x, y, pGiven, nGiven, ...c }) => ({
      behaviour: x, consequence: y, incidents: c.incidents, pGivenBehaviour: pGiven, pOverall: c.pOverall,
      ratio: c.ratio, lower: c.lower, upper: c.upper, behaviourIncidents: nGiven, small: c.small, standsOut: c.standsOut,
    }),
  );
  const consequencesGivenAntecedent: ConsequenceGivenAntecedentRow[] = pair('antecedent', 'consequence', antecedents, consequences).map(
    ({ x, y, pGiven, nGiven, ...c }) => ({
      antecedent: x, consequence: y, incidents: c.incidents, pGivenAntecedent: pGiven, pOverall: c.pOverall,
      ratio: c.ratio, lower: c.lower, upper: c.upper, antecedentIncidents: nGiven, small: c.small, standsOut: c.standsOut,
    }),
  );

  const findings = [
    ...raised(consequencesGivenAntecedent).map((r) =>
      hedged(`After “${r.antecedent}”, the consequence recorded was “${r.consequence}”`, r.pGivenAntecedent, r, functionPattern(r.antecedent, r.consequence)),
    ),
    ...raised(conditional).map((r) =>
      hedged(`After “${r.antecedent}”, the behaviour recorded was ${r.behaviour}`, r.pGivenAntecedent, r, functionPattern(r.antecedent, null)),
    ),
    ...raised(consequencesGivenBehaviour).map((r) =>
      hedged(`After ${r.behaviour}, the consequence recorded was “${r.consequence}”`, r.pGivenBehaviour, r, null),
    ),
  ];
  const warnings: string[] = [];
  for (const [what, rows] of [['antecedent', antecedents], ['behaviour type', behaviours], ['consequence', consequences]] as const) {
    const missing = rows.find((r) => r.value === NOT_RECORDED);
    if (missing) warnings.push(`${fmt(missing.incidents, 0)} of ${fmt(N, 0)} incidents have no ${what} recorded; they are counted as “${NOT_RECORDED}”.`);
  }
  return {
    filters,
    incidents: N,
    antecedents,
    behaviours,
    consequences,
    conditional,
    consequencesGivenBehaviour,
    consequencesGivenAntecedent,
    settingEvents,
    findings,
    sentences: {
      counts: countSentence(N, antecedents, behaviours, consequences),
      conditional: comparisonSentence(conditional.length, raised(conditional).length, 'behaviour given antecedent'),
      consequences: comparisonSentence(
        consequencesGivenBehaviour.length + consequencesGivenAntecedent.length,
        raised(consequencesGivenBehaviour).length + raised(consequencesGivenAntecedent).length,
        'consequence given behaviour or antecedent',
      ),
      settingEvents: settingEventSentence(settingEvents),
    },
    note: ABC_NOTE,
    warnings,
  };
}

export const ABC_NOTE =
  'These numbers say which records go together, not why. A pattern that can go with a function of behaviour ' +
  '(escape, attention, getting an item, sensory) is offered for a specialist to assess with direct observation ' +
  'and the person and those who know them; it is never a finding. Only the recorded antecedent, behaviour type ' +
  'and consequence are counted (case and spaces ignored); descriptions are not read. Many combinations are compared ' +
  'at once, so about 1 in 20 of those with no real difference will still look like one: weigh the strongest ' +
  'patterns, and those that fit what the people who know the person see.';

function countRows(cells: Cell[], key: 'antecedent' | 'behaviour' | 'consequence', N: number): CountRow[] {
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(c[key], (counts.get(c[key]) ?? 0) + c.n);
  return [...counts]
    .map(([value, incidents]) => ({ value, incidents, share: N > 0 ? incidents / N : 0 }))
    .sort((a, b) => b.incidents - a.incidents || a.value.localeCompare(b.value));
}

function compare(a: number, nGiven: number, m: number, N: number) {
  const r = conditionalRatio(a, nGiven, m, N);
  const small = a < SMALL_CELL || nGiven < SMALL_GROUP;
  const standsOut = !small && r.lower !== null && r.upper !== null && (r.lower > 1 || r.upper < 1);
  return { incidents: a, pGiven: r.pGiven, pOverall: r.pOverall, nGiven, ratio: r.ratio, lower: r.lower, upper: r.upper, small, standsOut };
}

/** Rows whose interval lies above 1 (more often than overall), recorded values only, strongest first. */
function raised<T extends Comparison>(rows: T[]): T[] {
  return rows
    .filter((r) => r.standsOut && r.lower! > 1 && !Object.values(r as object).includes(NOT_RECORDED))
    .sort((a, b) => b.lower! - a.lower!)
    .slice(0, MAX_FINDINGS);
}

function hedged(lead: string, pGiven: number, r: Comparison & { pOverall: number }, fn: (typeof FUNCTION_PATTERNS)[number] | null): string {
  const e = { estimate: r.ratio!, lower: r.lower!, upper: r.upper! };
  const base = `${lead} in ${pct(pGiven)} of incidents against ${pct(r.pOverall)} overall (${fmt(e.estimate, ratioDigits(e))} times as often, ${ratioCi(e)})`;
  return fn ? `${base} — a pattern that can go with ${fn.words}; a specialist should assess it.` : `${base}.`;
}

function countSentence(N: number, a: CountRow[], b: CountRow[], c: CountRow[]): string {
  if (N === 0) return 'There are no incidents in this selection.';
  const top = (rows: CountRow[]) => rows.find((r) => r.value !== NOT_RECORDED);
  const [ta, tb, tc] = [top(a), top(b), top(c)];
  const part = (what: string, r: CountRow | undefined) => (r ? `the most common ${what} was “${r.value}” (${pct(r.share)})` : `no ${what} was recorded`);
  const small = N < SMALL_GROUP * 2 ? ` These are small numbers (${fmt(N, 0)} incidents).` : '';
  return `Of ${fmt(N, 0)} incidents, ${part('antecedent', ta)}, ${part('behaviour', tb)} and ${part('consequence', tc)}.${small}`;
}

/** One count table's sentence: "Of 982 incidents, the most common antecedent was “demand placed” (188, 19 %); 3 had none recorded." */
export function countTableSentence(what: 'antecedent' | 'behaviour' | 'consequence', rows: CountRow[], N: number): string {
  if (N === 0) return 'There are no incidents in this selection.';
  const top = rows.find((r) => r.value !== NOT_RECORDED);
  const missing = rows.find((r) => r.value === NOT_RECORDED);
  const lead = top
    ? `Of ${fmt(N, 0)} incidents, the most common ${what} recorded was “${top.value}” (${fmt(top.incidents, 0)}, ${pct(top.share)}), of ${fmt(rows.filter((r) => r.value !== NOT_RECORDED).length, 0)} different ${what === 'behaviour' ? 'behaviour types' : `${what}s`}`
    : `None of ${fmt(N, 0)} incidents has a ${what} recorded`;
  return `${lead}${missing && top ? `; ${fmt(missing.incidents, 0)} had none recorded` : ''}.`;
}

function comparisonSentence(rows: number, clear: number, what: string): string {
  if (rows === 0) return 'There is nothing to compare in this selection.';
  if (clear === 0) {
    return `No combination of ${what} stands out: every comparison's interval includes 1, or its numbers are small.`;
  }
  return `${fmt(clear, 0)} combination${clear === 1 ? '' : 's'} of ${what} ${clear === 1 ? 'is' : 'are'} recorded more often than overall, beyond chance (the sentences below name the strongest); bars show how many times as often, with 95 % intervals.`;
}

export function settingEventRow(
  condition: SettingEvent,
  label: string,
  n: { incidentsUnder: number; incidentsNot: number; periodsUnder: number; periodsNot: number },
): SettingEventRow {
  const incidentsKnown = n.incidentsUnder + n.incidentsNot;
  const periodsKnown = n.periodsUnder + n.periodsNot;
  return {
    condition,
    label,
    incidentShare: incidentsKnown > 0 ? n.incidentsUnder / incidentsKnown : null,
    timeShare: periodsKnown > 0 ? n.periodsUnder / periodsKnown : null,
    rateRatio: rateRatioExact(n.incidentsUnder, n.periodsUnder, n.incidentsNot, n.periodsNot),
    incidentsUnder: n.incidentsUnder,
    incidentsKnown,
    periodsUnder: n.periodsUnder,
    periodsKnown,
    small: n.incidentsUnder < SMALL_GROUP || n.incidentsNot < SMALL_GROUP,
  };
}

function settingEventSentence(rows: SettingEventRow[]): string {
  const clear = rows.filter((r) => !r.small && r.rateRatio && (r.rateRatio.lower > 1 || r.rateRatio.upper < 1));
  if (rows.every((r) => r.periodsKnown === 0)) return 'There is no time in exposure in this selection, so setting events cannot be compared.';
  if (clear.length === 0) return 'No setting event stands out: incidents happened about as often under each condition as its share of the time would explain.';
  const parts = clear.map((r) => {
    const read = readRatio(r.rateRatio, 'rate')!;
    return `${lowerFirst(r.label)}: ${pct(r.incidentShare!)} of incidents against ${pct(r.timeShare!)} of the time, incidents ${read.text}`;
  });
  return `Setting events that stand out — ${parts.join('; ')}. This is an association, not proof of cause.`;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** One incident behind a cell: pseudonymised, no description. */
export interface CellIncident {
  occurredAt: string;
  person: string;
  unit: string;
  antecedent: string;
  behaviour: string;
  consequence: string;
  severity: number | null;
}

/**
 * The incidents behind a cell of the tables (any of antecedent, behaviour, consequence; "not
 * recorded" for a blank), under the filters, earliest first, at most MAX_CELL_INCIDENTS, with how
 * many there are. People appear by their pseudonym; no description or staff id is read.
 */
export async function abcCellIncidents(
  model: Model,
  filters: Filters,
  cell: { antecedent?: string; behaviour?: string; consequence?: string },
  limit = MAX_CELL_INCIDENTS,
): Promise<{ incidents: CellIncident[]; total: number }> {
  // The cell's values as parameters (a blank, "not recorded", as IS NULL).
  const cellWhere: Sql = and(
    (['antecedent', 'behaviour', 'consequence'] as const)
      .filter((key) => cell[key] !== undefined)
      .map((key) => (cell[key] === NOT_RECORDED ? sql`${raw(`i.${key}`)} IS NULL` : sql`${raw(`i.${key}`)} = ${cell[key]!}`)),
  );
  const cap = Math.max(1, Math.min(MAX_CELL_INCIDENTS, Math.floor(limit)));
  const kf = await model.filters(filters);
  const [row] = (await model.query<Record<string, unknown>>(
    named('abc.cellIncidents', sql`
      WITH cell AS (
        SELECT i.*, ps.label, u.unit, row_number() OVER (ORDER BY i.occurred_at, i.incident_id) AS rank
        FROM ${table('abc_incidents')} i LEFT JOIN ${table('person_spans')} ps ON ps.person_idx = i.person_idx
             LEFT JOIN ${table('units')} u ON u.unit_idx = i.unit_idx
        WHERE ${kf.on('i')} AND ${cellWhere}),
      shown AS (SELECT * FROM cell WHERE rank <= ${cap})
      SELECT (SELECT count(*)::DOUBLE FROM cell) AS total,
             list(strftime(occurred_at, '%Y-%m-%d %H:%M') ORDER BY rank) AS at,
             list(coalesce(label, 'Unknown person') ORDER BY rank) AS person,
             list(coalesce(unit, '') ORDER BY rank) AS unit,
             list(coalesce(antecedent, ${NOT_RECORDED}) ORDER BY rank) AS a,
             list(coalesce(behaviour, ${NOT_RECORDED}) ORDER BY rank) AS b,
             list(coalesce(consequence, ${NOT_RECORDED}) ORDER BY rank) AS c,
             list(coalesce(severity::DOUBLE, 'NaN'::DOUBLE) ORDER BY rank) AS s
      FROM shown`),
  )) as [Record<string, unknown>];
  const list = <T>(k: string) => (row[k] as T[] | null) ?? [];
  const at = list<string>('at');
  const severities = Array.from((row.s as ArrayLike<number> | null) ?? [], (x) => (Number.isNaN(x) ? null : x));
  return {
    total: row.total as number,
    incidents: at.map((occurredAt, k) => ({
      occurredAt,
      person: list<string>('person')[k]!,
      unit: list<string>('unit')[k]!,
      antecedent: list<string>('a')[k]!,
      behaviour: list<string>('b')[k]!,
      consequence: list<string>('c')[k]!,
      severity: severities[k] ?? null,
    })),
  };
}

/** A comparison row read generically: the value compared (the bar) and its probabilities. */
export interface ComparisonView {
  /** The behaviour or consequence. */
  outcome: string;
  incidents: number;
  pGiven: number;
  pOverall: number;
  ratio: number | null;
  lower: number | null;
  upper: number | null;
  small: boolean;
  standsOut: boolean;
  givenIncidents: number;
}

/** The rows of one comparison given one antecedent (or behaviour), as the page's chart shows them. */
export function comparisonGroup(r: AbcResult, kind: 'behaviourGivenAntecedent' | 'consequenceGivenAntecedent' | 'consequenceGivenBehaviour', given: string): ComparisonView[] {
  const common = (x: Comparison) => ({ incidents: x.incidents, ratio: x.ratio, lower: x.lower, upper: x.upper, small: x.small, standsOut: x.standsOut });
  if (kind === 'behaviourGivenAntecedent') {
    return r.conditional.filter((x) => x.antecedent === given).map((x) => ({ ...common(x), outcome: x.behaviour, pGiven: x.pGivenAntecedent, pOverall: x.pOverall, givenIncidents: x.antecedentIncidents }));
  }
  if (kind === 'consequenceGivenAntecedent') {
    return r.consequencesGivenAntecedent.filter((x) => x.antecedent === given).map((x) => ({ ...common(x), outcome: x.consequence, pGiven: x.pGivenAntecedent, pOverall: x.pOverall, givenIncidents: x.antecedentIncidents }));
  }
  return r.consequencesGivenBehaviour.filter((x) => x.behaviour === given).map((x) => ({ ...common(x), outcome: x.consequence, pGiven: x.pGivenBehaviour, pOverall: x.pOverall, givenIncidents: x.behaviourIncidents }));
}

/**
 * One sentence for a chart of one group: "After “demand placed” (188 incidents), physical
 * aggression was recorded in 57 % of incidents against 26 % overall (2.2 times as often, 95 % CI
 * 1.8 to 2.5)." — the strongest row whose interval lies above 1, else that nothing stands out.
 */
export function groupSentence(given: string, what: 'behaviour' | 'consequence', rows: ComparisonView[]): string {
  const n = rows[0]?.givenIncidents ?? 0;
  if (n === 0) return `There are no incidents after “${given}” in this selection.`;
  const lead = `After “${given}” (${fmt(n, 0)} incident${n === 1 ? '' : 's'})`;
  const top = rows.filter((x) => x.standsOut && x.lower! > 1).sort((a, b) => b.lower! - a.lower!)[0];
  if (!top) {
    const small = n < SMALL_GROUP ? ' These are small numbers: read them with care.' : '';
    return `${lead}, no ${what} was recorded clearly more often than overall: each interval includes 1, or the numbers are small.${small}`;
  }
  const e = { estimate: top.ratio!, lower: top.lower!, upper: top.upper! };
  return `${lead}, the ${what} “${top.outcome}” was recorded in ${pct(top.pGiven)} of incidents against ${pct(top.pOverall)} overall (${fmt(e.estimate, ratioDigits(e))} times as often, ${ratioCi(e)}). This shows which records go together, not why.`;
}
