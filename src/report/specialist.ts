/**
 * The evidence pack's optional section for the specialist: the ABC summary (analysis 9) as
 * figures and tables made through the pack's NumberPolicy, with the hedged sentences and the
 * method notes. Off unless chosen. Under suppression every count is rounded or shown as "*",
 * and each ratio is worked out again from the rounded counts, as the rest of the pack does.
 */
import { NOT_RECORDED, type AbcResult } from '../analysis/abc';
import { conditionalRatio } from '../stats/contingency';
import { rateRatioExact } from '../stats/rateRatio';
import type { EasyReadLine } from './easyRead';
import { abcMethodNotes, type Note } from './method';
import type { NumberPolicy } from './suppression';
import type { ReportFigure } from './evidencePack';

export interface SpecialistSection {
  title: string;
  /** The hedged sentences; empty under suppression (they carry exact shares), then `note` says so. */
  findings: string[];
  note: string;
  figures: ReportFigure[];
  method: Note[];
}

const fmt2 = (x: number | null) => (x === null ? '–' : x.toLocaleString('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 }));

/** At most this many combinations in the pack's table (those that stand out, strongest first). */
const MAX_ROWS = 12;

interface Standout {
  given: string;
  outcome: string;
  kind: string;
  a: number;
  nGiven: number;
  m: number;
}

function standouts(r: AbcResult): Standout[] {
  const rows: (Standout & { near: number })[] = [
    ...r.conditional.filter((x) => x.standsOut).map((x) => ({ kind: 'behaviour after antecedent', given: x.antecedent, outcome: x.behaviour, a: x.incidents, nGiven: x.antecedentIncidents, m: Math.round(x.pOverall * r.incidents), near: x.lower! > 1 ? x.lower! : x.upper! })),
    ...r.consequencesGivenAntecedent.filter((x) => x.standsOut).map((x) => ({ kind: 'consequence after antecedent', given: x.antecedent, outcome: x.consequence, a: x.incidents, nGiven: x.antecedentIncidents, m: Math.round(x.pOverall * r.incidents), near: x.lower! > 1 ? x.lower! : x.upper! })),
    ...r.consequencesGivenBehaviour.filter((x) => x.standsOut).map((x) => ({ kind: 'consequence after behaviour', given: x.behaviour, outcome: x.consequence, a: x.incidents, nGiven: x.behaviourIncidents, m: Math.round(x.pOverall * r.incidents), near: x.lower! > 1 ? x.lower! : x.upper! })),
  ];
  return rows
    .filter((x) => x.given !== NOT_RECORDED && x.outcome !== NOT_RECORDED)
    // Strongest first: the interval's end nearer 1 furthest from it (on the log scale).
    .sort((a, b) => Math.abs(Math.log(b.near)) - Math.abs(Math.log(a.near)))
    .slice(0, MAX_ROWS);
}

/** The ratio and interval from the counts as the policy shows them (rounded under suppression); null when withheld. */
function shownRatio(s: Standout, N: number, p: NumberPolicy) {
  const [a, nGiven, m, n] = [s.a, s.nGiven, s.m, N].map((x) => p.count(x).value);
  if (a === null || a === undefined || !nGiven || !m || !n) return null;
  return conditionalRatio(a, nGiven, m, n);
}

export function specialistSection(r: AbcResult, p: NumberPolicy): SpecialistSection {
  const N = r.incidents;
  const counts: ReportFigure = {
    id: 'abc-counts',
    title: 'Incidents by antecedent, behaviour and consequence',
    sentence: r.sentences.counts,
    chart: null,
    chartNote: 'The counts are in the table.',
    table: {
      id: 'abc-counts',
      title: 'Incidents by antecedent, behaviour and consequence',
      columns: [
        { key: 'field', label: 'Recorded as' },
        { key: 'value', label: 'Value' },
        { key: 'incidents', label: 'Incidents', numeric: true },
        { key: 'share', label: 'Share', numeric: true },
      ],
      rows: (
        [
          ['Antecedent', r.antecedents],
          ['Behaviour', r.behaviours],
          ['Consequence', r.consequences],
        ] as const
      ).flatMap(([field, rows]) => rows.map((x) => ({ field, value: x.value, incidents: p.count(x.incidents).cell, share: p.percent(x.incidents, N).cell || '–' }))),
    },
    tableInAppendix: false,
  };
  const top = standouts(r);
  const shown = top.map((s) => ({ s, e: shownRatio(s, N, p) }));
  const comparisons: ReportFigure = {
    id: 'abc-standouts',
    title: 'Combinations recorded more or less often than overall',
    sentence:
      top.length === 0
        ? 'No combination of antecedent, behaviour and consequence stands out beyond chance with enough incidents to say so.'
        : 'How many times as often each combination was recorded as overall (1 = as often), with exact 95 % intervals: these show which records go together, not why.',
    chart:
      top.length === 0
        ? null
        : {
            kind: 'bars',
            yLabel: 'times as often as overall',
            data: shown.map(({ s, e }) => ({ label: `${s.given} → ${s.outcome}`, value: e?.ratio ?? null, lower: e?.lower ?? null, upper: e?.upper ?? null, cell: fmt2(e?.ratio ?? null) })),
            colours: ['#D55E00'],
          },
    chartNote: top.length === 0 ? 'Nothing to chart.' : null,
    table: {
      id: 'abc-standouts',
      title: 'Combinations that stand out',
      columns: [
        { key: 'kind', label: 'Comparison' },
        { key: 'given', label: 'After' },
        { key: 'outcome', label: 'Recorded' },
        { key: 'incidents', label: 'Incidents', numeric: true },
        { key: 'shareAfter', label: 'Share after', numeric: true },
        { key: 'shareOverall', label: 'Share overall', numeric: true },
        { key: 'ratio', label: 'Times as often', numeric: true },
        { key: 'ci', label: '95 % CI', numeric: true },
      ],
      rows: shown.map(({ s, e }) => ({
        kind: s.kind,
        given: s.given,
        outcome: s.outcome,
        incidents: p.count(s.a).cell,
        shareAfter: p.percent(s.a, s.nGiven).cell || '–',
        shareOverall: p.percent(s.m, N).cell || '–',
        ratio: e ? fmt2(e.ratio) : '*',
        ci: e && e.lower !== null ? `${fmt2(e.lower)} to ${fmt2(e.upper)}` : e ? '–' : '*',
      })),
    },
    tableInAppendix: false,
  };
  const settingRows = r.settingEvents.map((x) => {
    const under = p.count(x.incidentsUnder).value;
    const not = p.count(x.incidentsKnown - x.incidentsUnder).value;
    const e = under === null || not === null ? null : rateRatioExact(under, x.periodsUnder, not, x.periodsKnown - x.periodsUnder);
    return { x, e, withheld: under === null || not === null };
  });
  const setting: ReportFigure = {
    id: 'abc-setting-events',
    title: 'Setting events: incidents against time under each condition',
    sentence: p.suppress ? 'Incidents per person-period under each condition against not under it (rate ratio, exact 95 % interval), from rounded counts.' : r.sentences.settingEvents,
    chart: {
      kind: 'bars',
      yLabel: 'rate ratio',
      data: settingRows.map(({ x, e }) => ({ label: x.label, value: e?.estimate ?? null, lower: e?.lower ?? null, upper: e?.upper ?? null, cell: fmt2(e?.estimate ?? null) })),
      colours: ['#0072B2'],
    },
    chartNote: null,
    table: {
      id: 'abc-setting-events',
      title: 'Setting events',
      columns: [
        { key: 'condition', label: 'Condition' },
        { key: 'incidents', label: 'Share of incidents', numeric: true },
        { key: 'time', label: 'Share of time', numeric: true },
        { key: 'ratio', label: 'Rate ratio', numeric: true },
        { key: 'ci', label: '95 % CI', numeric: true },
      ],
      rows: settingRows.map(({ x, e, withheld }) => ({
        condition: x.label,
        incidents: p.percent(x.incidentsUnder, x.incidentsKnown).cell || '–',
        time: p.shareOfExposure(x.periodsUnder, x.periodsKnown).cell || '–',
        ratio: withheld ? '*' : fmt2(e?.estimate ?? null),
        ci: withheld ? '*' : e ? `${fmt2(e.lower)} to ${fmt2(e.upper)}` : '–',
      })),
    },
    tableInAppendix: false,
  };
  return {
    title: 'For the specialist: antecedents, behaviour, consequences and setting events',
    findings: p.suppress ? [] : r.findings,
    note: `${p.suppress ? 'The sentences are left out because small numbers are suppressed (they give exact shares). ' : ''}${r.note}`,
    figures: [counts, comparisons, setting],
    method: abcMethodNotes(),
  };
}

/**
 * One easy-read line when an ABC finding is clear: the strongest antecedent → behaviour pattern
 * that stands out above 1 (recorded values, not small). Null otherwise, or when its counts are
 * suppressed.
 */
export function abcEasyReadLine(r: AbcResult, p: NumberPolicy, name: string): EasyReadLine | null {
  const top = r.conditional
    .filter((x) => x.standsOut && x.lower! > 1 && x.antecedent !== NOT_RECORDED && x.behaviour !== NOT_RECORDED)
    .sort((a, b) => b.lower! - a.lower!)[0];
  if (!top || p.count(top.incidents).suppressed) return null;
  return { id: 'abc', icon: 'hard-time', text: `After “${top.antecedent}”, ${name} more often had hard times of the kind written down as “${top.behaviour}”.` };
}
