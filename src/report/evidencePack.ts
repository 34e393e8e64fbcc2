/**
 * The evidence pack as plain data: every sentence, chart series and table cell the page prints,
 * made once from the engine's results through one NumberPolicy. The page only lays it out; the
 * CSV and JSON exports write exactly these tables, so what is shared is what was read.
 */
import type { RateCell, StaffingResult } from '../analysis/types';
import type { CommissionedResult } from '../analysis/commissioned';
import { bucketLabel, MONTHLY_REASON, type Grain, type Span } from '../analysis/grain';
import type { OverTimeResult } from '../analysis/overTime';
import type { PlanDeliveryResult } from '../analysis/planDelivery';
import type { RestrictivePracticeResult } from '../analysis/restrictivePractice';
import type { StaffInvolvementResult } from '../analysis/staffInvolvement';
import type { VariationIcon } from '../analysis/variationIcon';
import type { AbcResult } from '../analysis/abc';
import type { Settings } from '../model/settings';
import { commissionedFromAnalysis, planFromAnalysis, restrictiveFromAnalysis, trendFromOverTime } from './adapters';
import type { EvidenceContext } from './context';
import { easyReadLines, type EasyReadLine } from './easyRead';
import { dischargeFinding, displayName, headlineFindings, longDate, lowerFirst, trendFinding } from './findings';
import { definitions, methodAndLimitations, type Note } from './method';
import { whoFigures, whoReading } from './whoSection';
import { whoWasThereMethod } from './whoMethod';
import { numberPolicy, rateBar, rateIntervalCell, suppressionRuleText, type NumberPolicy } from './suppression';
import type { CommissionedReading, EvidenceInput, Finding } from './types';
import { abcEasyReadLine, specialistSection, type SpecialistSection } from './specialist';

/** Everything the pack is made from; the JSON export's `results` when nothing is suppressed. */
export interface EvidencePackData {
  filters: StaffingResult['filters'];
  generatedAt: string;
  appVersion: string;
  settings: Settings;
  staffing: StaffingResult;
  context: EvidenceContext;
  restrictivePractice: RestrictivePracticeResult | null;
  planDelivery: PlanDeliveryResult | null;
  overTime: OverTimeResult | null;
  commissioned: CommissionedResult | null;
  /** Who was there (analysis 10); absent in packs made before it existed. */
  staffInvolvement?: StaffInvolvementResult | null;
  /** The ABC analysis (for the specialist section); absent in packs made without it. */
  abc?: AbcResult | null;
  /** Analyses that failed, by name, with their message: said in the pack, never hidden. */
  failures: { analysis: string; message: string }[];
}

export interface PackOptions {
  /** Suppress small numbers the NHS way (report/suppression.ts). */
  suppress: boolean;
  /** Show the real name instead of the pseudonym (off unless the user chooses). */
  showRealName: boolean;
  /** Add the specialist section (the ABC summary and who was there) and its easy-read line; off unless chosen. */
  specialist?: boolean;
}

export interface ReportColumn {
  key: string;
  label: string;
  /** Numbers are right-aligned. */
  numeric?: boolean;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: ReportColumn[];
  /** Cells as shown (suppressed cells read "*"). */
  rows: Record<string, string>[];
}

export interface BarDatum {
  label: string;
  /** null: nothing to draw (suppressed or no exposure). */
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** The value as the table shows it, for the bar's label. */
  cell: string;
}

export interface SpcDatum {
  week: string;
  value: number;
  mean: number;
  lower: number | null;
  upper: number | null;
  variation: 'common' | 'improvement' | 'concern';
}

export type ReportChart =
  | { kind: 'bars'; yLabel: string; data: BarDatum[]; colours: string[] }
  | { kind: 'spc'; yLabel: string; data: SpcDatum[]; icon: VariationIcon | null }
  | { kind: 'line'; yLabel: string; data: { week: string; value: number | null }[]; max: number; colour: string; grain: Grain };

export interface ReportFigure {
  id: string;
  title: string;
  /** What the chart shows, in one or two sentences. */
  sentence: string;
  chart: ReportChart | null;
  /** Why there is no chart, when there is none. */
  chartNote: string | null;
  table: ReportTable;
  /** Long tables (one row a week) print in the appendix. */
  tableInAppendix: boolean;
}

export interface EvidenceReport {
  personLabel: string;
  /** The name the pack uses: the pseudonym unless the real name was chosen. */
  name: string;
  unit: string | null;
  /** "1 January 2025 to 31 December 2025". */
  rangeText: string;
  generatedAt: string;
  appVersion: string;
  sharing: { suppressed: boolean; realName: boolean; notes: string[] };
  findings: Finding[];
  context: Finding[];
  figures: ReportFigure[];
  method: Note[];
  definitions: Note[];
  provenance: {
    files: ReportTable;
    /** How each file's columns were read; `canonical` when every field came from the column of its own name. */
    mappings: { fileName: string; note: string; canonical: boolean; pairs: { field: string; source: string }[] }[];
    dataNotes: string[];
  };
  failures: { analysis: string; message: string }[];
  easyRead: EasyReadLine[];
  /** The optional section for the specialist (PackOptions.specialist); null when not chosen. */
  specialist: SpecialistSection | null;
}

// Okabe–Ito, as the rest of the app: reference band blue, worst vermillion.
const SHORTFALL_COLOURS = ['#0072B2', '#E69F00', '#D55E00'];
const SHARE_COLOURS = ['#0072B2', '#56B4E9', '#E69F00', '#D55E00'];

const SHORTFALL_ROWS = [
  { band: 'none', label: 'Fully staffed' },
  { band: 'one', label: 'About 1 short' },
  { band: 'twoPlus', label: '2 or more short' },
] as const;
const AGENCY_ROWS = [
  { band: 'none', label: 'No agency staff' },
  { band: 'upTo25', label: 'Agency up to 25 %' },
  { band: 'from25To50', label: 'Agency 25 % to 50 %' },
  { band: 'over50', label: 'Agency over 50 %' },
] as const;

export function evidenceInput(d: EvidencePackData): EvidenceInput {
  return {
    staffing: d.staffing,
    context: d.context,
    restrictive: d.restrictivePractice ? restrictiveFromAnalysis(d.restrictivePractice) : null,
    plan: d.planDelivery ? planFromAnalysis(d.planDelivery) : null,
    trend: d.overTime ? trendFromOverTime(d.overTime) : null,
    commissioned: d.commissioned ? commissionedFromAnalysis(d.commissioned, d.filters.personId) : null,
    whoWasThere: d.staffInvolvement ? whoReading(d.staffInvolvement) : null,
  };
}

/** Incidents per 100 person-periods by band: chart, table and a sentence, all from the policy. */
export function rateFigure(
  id: string,
  title: string,
  cells: Record<string, RateCell>,
  rows: readonly { band: string; label: string }[],
  colours: string[],
  p: NumberPolicy,
): ReportFigure {
  const shown = rows.map((r) => {
    const c = cells[r.band] ?? { incidents: 0, personPeriods: 0 };
    return { ...r, c, s: p.rate(c.incidents, c.personPeriods, 100) };
  });
  const data: BarDatum[] = shown.map(({ label, s }) => rateBar(label, s));
  const table: ReportTable = {
    id,
    title,
    columns: [
      { key: 'band', label: 'Staffing' },
      { key: 'incidents', label: 'Incidents', numeric: true },
      { key: 'personPeriods', label: 'Person-periods', numeric: true },
      { key: 'rate', label: 'Rate per 100', numeric: true },
      { key: 'ci', label: '95 % CI', numeric: true },
    ],
    rows: shown.map(({ label, c, s }) => ({
      band: label,
      incidents: s.count.cell,
      personPeriods: p.exposure(c.personPeriods).cell,
      rate: s.rate.cell || '–',
      ci: rateIntervalCell(s),
    })),
  };
  const parts = shown
    .filter(({ c }) => c.personPeriods > 0)
    .map(({ label, s }) =>
      s.rate.suppressed ? `${lowerFirst(label)}: not shown (fewer than 5 incidents)` : `${lowerFirst(label)}: ${s.rate.text} (95 % CI ${s.lower.text} to ${s.upper.text})`,
    );
  const sentence = parts.length === 0 ? 'There are no person-periods with a known staffing level in this selection.' : `Incidents per 100 person-periods — ${parts.join('; ')}.`;
  return { id, title, sentence, chart: { kind: 'bars', yLabel: 'incidents per 100 person-periods', data, colours }, chartNote: null, table, tableInAppendix: false };
}

/** The share of incidents that ended in a restrictive intervention, by shortfall band. */
function restrictiveByStaffingFigure(d: EvidencePackData, p: NumberPolicy): ReportFigure {
  const rp = d.restrictivePractice;
  const rows: { label: string; incidents: number; withRi: number }[] = SHORTFALL_ROWS.map((r) => {
    const c = rp?.byCondition.find((x) => x.condition === 'shortfall' && x.band === r.band);
    return { label: r.label, incidents: c?.incidents ?? 0, withRi: c?.incidentsWithIntervention ?? 0 };
  });
  if (!rp) {
    // Without the restrictive practice analysis, the staffing result has short vs fully staffed only.
    const g = d.staffing.restraintGivenIncident;
    rows.splice(0, rows.length,
      { label: 'Fully staffed', incidents: g.withoutShortfall.incidents, withRi: g.withoutShortfall.withIntervention },
      { label: 'Short of staff', incidents: g.withShortfall.incidents, withRi: g.withShortfall.withIntervention });
  }
  const shown = rows.map((r) => ({ ...r, pc: p.percent(r.withRi, r.incidents) }));
  const parts = shown.filter((r) => r.incidents > 0).map((r) => `${lowerFirst(r.label)}: ${r.pc.suppressed ? 'not shown (small numbers)' : r.pc.text}`);
  return {
    id: 'restrictive-by-staffing',
    title: 'Incidents that ended in a restrictive intervention, by staffing',
    sentence: parts.length === 0 ? 'There were no incidents with a known staffing level.' : `Share of incidents that ended in a restrictive intervention — ${parts.join('; ')}.`,
    chart: {
      kind: 'bars',
      yLabel: '% of incidents',
      data: shown.map((r) => ({ label: r.label, value: r.pc.value, lower: null, upper: null, cell: r.pc.cell || '–' })),
      colours: rp ? SHORTFALL_COLOURS : [SHORTFALL_COLOURS[0]!, SHORTFALL_COLOURS[2]!],
    },
    chartNote: null,
    table: {
      id: 'restrictive-by-staffing',
      title: 'Incidents that ended in a restrictive intervention, by staffing',
      columns: [
        { key: 'band', label: 'Staffing' },
        { key: 'incidents', label: 'Incidents', numeric: true },
        { key: 'withRi', label: 'Ended in a restrictive intervention', numeric: true },
        { key: 'share', label: 'Share', numeric: true },
      ],
      rows: shown.map((r) => ({ band: r.label, incidents: p.count(r.incidents).cell, withRi: p.count(r.withRi).cell, share: r.pc.cell || '–' })),
    },
    tableInAppendix: false,
  };
}

function restrictiveKindsFigure(rp: RestrictivePracticeResult, p: NumberPolicy): ReportFigure {
  const kinds = rp.byGroup;
  const bedDays = rp.exposure.occupiedBedDays;
  const listed = kinds.filter((k) => k.interventions > 0);
  const prone = rp.callouts.prone.interventions;
  let sentence =
    listed.length === 0
      ? 'No restrictive interventions were recorded in this period.'
      : `Restrictive interventions in ${p.exposure(bedDays).text} occupied bed days: ${listed.map((k) => `${lowerFirst(k.label)} ${p.count(k.interventions).text}`).join('; ')}.`;
  if (prone > 0) sentence += ` Prone restraint: ${p.count(prone).text}.`;
  return {
    id: 'restrictive-kinds',
    title: 'Restrictive interventions by kind',
    sentence,
    chart: {
      kind: 'bars',
      yLabel: 'interventions',
      data: kinds.map((k) => {
        const c = p.count(k.interventions);
        // Short axis labels ("Physical", "PRN"); the table gives the full names.
        const label = k.label.replace(/ restraint$/, '').replace(' psychotropic medication', '');
        return { label, value: c.value, lower: null, upper: null, cell: c.cell };
      }),
      colours: ['#CC79A7'],
    },
    chartNote: null,
    table: {
      id: 'restrictive-kinds',
      title: 'Restrictive interventions by kind',
      columns: [
        { key: 'kind', label: 'Kind' },
        { key: 'count', label: 'Interventions', numeric: true },
        { key: 'per1000', label: 'Per 1,000 bed days', numeric: true },
        { key: 'ci', label: '95 % CI', numeric: true },
        { key: 'median', label: 'Median minutes', numeric: true },
      ],
      rows: kinds.map((k) => {
        const r = p.rate(k.interventions, bedDays, 1000);
        const m = k.duration.median === null ? null : p.summary(k.duration.median, k.duration.n, 0);
        return {
          kind: k.label,
          count: p.count(k.interventions).cell,
          per1000: r.rate.cell || '–',
          ci: rateIntervalCell(r),
          median: m === null ? '–' : m.cell,
        };
      }),
    },
    tableInAppendix: false,
  };
}

/** The weekly incident XmR chart; withheld under suppression when any week holds 1 to 4 incidents. */
function trendFigure(ot: OverTimeResult, p: NumberPolicy): ReportFigure {
  const chart = ot.charts.incidents;
  const hidden = p.suppress && chart.points.some((pt) => pt.value > 0 && pt.value < 5);
  const reading = trendFromOverTime(ot);
  const flag = (v: string) => (v === 'improvement' ? 'improvement' : v === 'concern' ? 'concern' : '');
  return {
    id: 'trend',
    title: 'Incidents per week, with special-cause signals',
    sentence: hidden ? trendFinding(reading).text : chart.sentence,
    chart: hidden || chart.points.length === 0 ? null : {
      kind: 'spc',
      yLabel: 'incidents a week',
      data: chart.points.map((pt) => ({ week: pt.week, value: pt.value, mean: pt.mean, lower: pt.lower, upper: pt.upper, variation: pt.variation })),
      icon: chart.icon,
    },
    chartNote: hidden
      ? 'The weekly chart is not shown because small numbers are suppressed and some weeks had fewer than 5 incidents.'
      : chart.points.length === 0 ? 'There are no complete weeks to chart.' : null,
    table: {
      id: 'trend',
      title: 'Incidents per week',
      columns: [
        { key: 'week', label: 'Week from' },
        { key: 'incidents', label: 'Incidents', numeric: true },
        { key: 'mean', label: 'Centre', numeric: true },
        { key: 'limits', label: 'Limits', numeric: true },
        { key: 'signal', label: 'Signal' },
      ],
      rows: hidden ? [] : chart.points.map((pt) => ({
        week: pt.week,
        incidents: p.count(pt.value).cell,
        mean: pt.mean.toFixed(1),
        limits: pt.lower === null || pt.upper === null ? '–' : `${Math.max(0, pt.lower).toFixed(1)} to ${pt.upper.toFixed(1)}`,
        signal: flag(pt.variation),
      })),
    },
    tableInAppendix: true,
  };
}

/** The first column of a table by week or by month. */
const PERIOD_COLUMN: Record<Grain, string> = { week: 'Week from', month: 'Month' };

/** That column's cell: a week's Monday as a date; a month by name, said to be a part month when the dates shown cut it. */
const periodCell = (grain: Grain, iso: string, span: Span | null): string => (grain === 'week' ? iso : bucketLabel('month', iso, span));

function planFigure(pd: PlanDeliveryResult, p: NumberPolicy): ReportFigure {
  const weeks = pd.weekly.map((w) => ({ week: w.week, pc: p.percent(w.delivered, w.planned) }));
  const total = p.percent(pd.totals.delivered, pd.totals.planned);
  const by = pd.grain;
  return {
    id: 'plan',
    title: `Proactive strategies delivered, by ${by}`,
    sentence:
      pd.totals.planned === 0
        ? 'No planned proactive strategies were recorded in this period.'
        : `${total.suppressed ? 'Too few strategies to give a share' : `${total.text} of planned strategies were delivered`} over ${weeks.length} ${by}s${
            pd.totals.notDelivered > 0 && !p.percent(pd.totals.notDeliveredForStaffing, pd.totals.notDelivered).suppressed
              ? `; "not enough staff" was the reason for ${p.percent(pd.totals.notDeliveredForStaffing, pd.totals.notDelivered).text} of those not delivered`
              : ''
          }.${by === 'month' ? ` ${MONTHLY_REASON}` : ''}`,
    chart: weeks.length === 0 ? null : { kind: 'line', yLabel: '% delivered', data: weeks.map((w) => ({ week: w.week, value: w.pc.value })), max: 100, colour: '#009E73', grain: by },
    chartNote: weeks.length === 0 ? `There are no ${by}s with planned strategies.` : null,
    table: {
      id: 'plan',
      title: `Proactive strategies delivered, by ${by}`,
      columns: [
        { key: 'week', label: PERIOD_COLUMN[by] },
        { key: 'planned', label: 'Planned', numeric: true },
        { key: 'delivered', label: 'Delivered', numeric: true },
        { key: 'share', label: 'Delivered %', numeric: true },
      ],
      rows: pd.weekly.map((w, i) => ({ week: periodCell(by, w.week, pd.span), planned: p.count(w.planned).cell, delivered: p.count(w.delivered).cell, share: weeks[i]!.pc.cell || '–' })),
    },
    tableInAppendix: true,
  };
}

/** Commissioned hours short of staff, by week (by month past two years: analysis/grain.ts). Hours are time: never suppressed. */
function commissionedFigure(c: CommissionedReading): ReportFigure {
  const pct = (short: number, all: number) => (all > 0 ? (100 * short) / all : null);
  const fmt = (x: number | null) => (x === null ? '–' : `${x.toFixed(0)} %`);
  const total = pct(c.shortHours, c.commissionedHours);
  const by = c.grain;
  return {
    id: 'commissioned',
    title: `Commissioned ${c.ratio} hours without the commissioned staff, by ${by}`,
    sentence: `${c.ratio} support was commissioned (${c.hours}). In ${fmt(total)} of ${c.commissionedHours.toLocaleString('en-GB')} commissioned hours, fewer staff were allocated to the person than commissioned.${by === 'month' ? ` ${MONTHLY_REASON}` : ''}`,
    chart: c.weeks.length === 0 ? null : { kind: 'line', yLabel: '% of hours short', data: c.weeks.map((w) => ({ week: w.week, value: pct(w.shortHours, w.commissionedHours) })), max: 100, colour: '#D55E00', grain: by },
    chartNote: c.weeks.length === 0 ? `There are no ${by}s with commissioned hours.` : null,
    table: {
      id: 'commissioned',
      title: `Commissioned ${c.ratio} hours, by ${by}`,
      columns: [
        { key: 'week', label: PERIOD_COLUMN[by] },
        { key: 'hours', label: 'Hours', numeric: true },
        { key: 'short', label: 'Short', numeric: true },
        { key: 'share', label: '% short', numeric: true },
      ],
      rows: c.weeks.map((w) => ({ week: periodCell(by, w.week, c.span), hours: w.commissionedHours.toLocaleString('en-GB'), short: w.shortHours.toLocaleString('en-GB'), share: fmt(pct(w.shortHours, w.commissionedHours)) })),
    },
    tableInAppendix: true,
  };
}

function filesTable(ctx: EvidenceContext): ReportTable {
  return {
    id: 'files',
    title: 'Files used',
    columns: [
      { key: 'file', label: 'File' },
      { key: 'kind', label: 'Read as' },
      { key: 'imported', label: 'Imported', numeric: true },
      { key: 'read', label: 'Rows read', numeric: true },
      { key: 'accepted', label: 'Accepted', numeric: true },
      { key: 'rejected', label: 'Rejected', numeric: true },
      { key: 'why', label: 'Why rejected' },
    ],
    // Row counts describe files, not people or events: not suppressed.
    rows: ctx.imports.map((i) => ({
      file: i.fileName,
      kind: i.kindLabel,
      imported: i.importedAt ?? '',
      read: i.read.toLocaleString('en-GB'),
      accepted: i.accepted.toLocaleString('en-GB'),
      rejected: i.rejected.toLocaleString('en-GB'),
      why: i.error ?? (i.reasons.map((r) => `${r.reason} (${r.count})`).join('; ') || '–'),
    })),
  };
}

export function rangeText(ctx: EvidenceContext): string {
  const { from, to } = ctx.covered;
  return from && to ? `${longDate(from)} to ${longDate(to)}` : 'no dates with data';
}

export function buildEvidenceReport(d: EvidencePackData, options: PackOptions): EvidenceReport {
  const p = numberPolicy(options.suppress);
  const input = evidenceInput(d);
  const person = d.context.person;
  const name = displayName(person, options.showRealName);
  const figures: ReportFigure[] = [
    rateFigure('shortfall-rates', 'Incidents by staffing shortfall', d.staffing.ratesPer100.shortfall, SHORTFALL_ROWS, SHORTFALL_COLOURS, p),
    rateFigure('agency-rates', 'Incidents by agency share of staff hours', d.staffing.ratesPer100.agency, AGENCY_ROWS, SHARE_COLOURS, p),
    restrictiveByStaffingFigure(d, p),
  ];
  if (d.restrictivePractice) figures.push(restrictiveKindsFigure(d.restrictivePractice, p));
  if (d.overTime) figures.push(trendFigure(d.overTime, p));
  if (d.planDelivery) figures.push(planFigure(d.planDelivery, p));
  if (input.commissioned && input.commissioned.commissionedHours > 0) figures.push(commissionedFigure(input.commissioned));
  // The specialist section, only when asked for: the ABC summary, then who was there (conditions
  // compared, never a staff member). Without the ABC analysis, who was there joins the main figures.
  const who = options.specialist && d.staffInvolvement ? d.staffInvolvement : null;
  const whoFigs = who ? whoFigures(who, p) : [];
  const whoNotes = who ? whoWasThereMethod(d.settings) : [];
  const abcSection = options.specialist && d.abc ? specialistSection(d.abc, p) : null;
  const specialist = abcSection && { ...abcSection, figures: [...abcSection.figures, ...whoFigs], method: [...abcSection.method, ...whoNotes] };
  if (!specialist) figures.push(...whoFigs);

  const sharing = [
    options.showRealName && person?.name
      ? 'This pack shows the person\'s real name, as chosen when it was made. Share it only with people entitled to see it.'
      : `The person is called by a pseudonym (${person?.label ?? 'none'}); their real name is not in this pack.`,
    options.suppress ? suppressionRuleText() : 'Small numbers are shown as they are (not suppressed).',
  ];
  const dataNotes = options.suppress
    ? ['Notes about left-out records are not shown when small numbers are suppressed, because they contain exact counts.']
    : [
        ...d.staffing.warnings,
        ...(d.restrictivePractice?.warnings ?? []),
        ...(d.planDelivery?.warnings ?? []),
        ...(d.overTime?.warnings ?? []),
        ...(d.commissioned?.warnings ?? []),
      ];

  return {
    personLabel: person?.label ?? 'Everyone selected',
    name,
    unit: person?.unit ?? d.filters.unit,
    rangeText: rangeText(d.context),
    generatedAt: d.generatedAt,
    appVersion: d.appVersion,
    sharing: { suppressed: options.suppress, realName: options.showRealName && !!person?.name, notes: sharing },
    findings: headlineFindings(input, p),
    context: [dischargeFinding(person, d.context.covered, name), trendFinding(input.trend)],
    figures,
    method: [...methodAndLimitations(d.staffing, d.settings, options.suppress), ...(specialist ? [] : whoNotes)],
    definitions: definitions(d.settings),
    provenance: {
      files: filesTable(d.context),
      mappings: d.context.imports.map((i) => ({
        fileName: i.fileName,
        note: i.mappingNote,
        canonical: i.mapping.every((m) => m.source === `column "${m.field}"`),
        pairs: i.mapping,
      })),
      dataNotes,
    },
    failures: d.failures,
    easyRead: withAbcLine(easyReadLines(input, p, name, person !== null && name === person.label), d, options, p, person !== null && name === person.label ? 'this person' : name),
    specialist,
  };
}

/**
 * The easy-read page alone, calling the person by the name the user typed for it ("What does the
 * person like to be called?"). That name stays on this computer: it is never part of the report,
 * so it reaches no export, URL or the full pack. Without a name, the lines are the report's own.
 */
export function easyReadWithName(d: EvidencePackData, options: PackOptions, calledName: string): EasyReadLine[] {
  const called = calledName.trim();
  const p = numberPolicy(options.suppress);
  const person = d.context.person;
  if (!called) {
    const name = displayName(person, options.showRealName);
    const pseudonym = person !== null && name === person.label;
    return withAbcLine(easyReadLines(evidenceInput(d), p, name, pseudonym), d, options, p, pseudonym ? 'this person' : name);
  }
  return withAbcLine(easyReadLines(evidenceInput(d), p, called), d, options, p, called);
}

/** The easy-read ABC line, when the specialist section is chosen and a finding is clear, before the closing lines. */
function withAbcLine(lines: EasyReadLine[], d: EvidencePackData, options: PackOptions, p: NumberPolicy, name: string): EasyReadLine[] {
  const line = options.specialist && d.abc ? abcEasyReadLine(d.abc, p, name) : null;
  if (!line) return lines;
  const at = lines.findIndex((l) => l.id === 'together');
  return at < 0 ? [...lines, line] : [...lines.slice(0, at), line, ...lines.slice(at)];
}

/**
 * The JSON export: the report as shown, plus the full results only when nothing is suppressed
 * (raw results hold exact counts). The real name is left out unless the user chose to show it.
 */
export function reportJson(d: EvidencePackData, report: EvidenceReport): string {
  const context = report.sharing.realName || !d.context.person ? d.context : { ...d.context, person: { ...d.context.person, name: null } };
  const doc = report.sharing.suppressed
    ? { report }
    : { report, results: { ...d, context } };
  return JSON.stringify(doc, null, 2);
}
