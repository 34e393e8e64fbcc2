/**
 * Every dashboard page end to end, in one journey through the sample service: on each page the
 * filters are cleared and then the unit, a person and a date range are set one after another,
 * and after every change the numbers on the page (data-value of data-testid elements) must equal
 * the headless engine's (`analyze()` of src/cli/analyze.ts, in Node, on the same files and the
 * same filters). Each page is also checked for its downloads (PNG, SVG, CSV, JSON wherever there
 * is a chart or a table; one of each kind downloaded and read), walked with the Tab key (the
 * filters and every chart and table are reached), and photographed into tests/artifacts/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { AnalyzeResult } from '../../src/cli/analyze';
import type { CommissionedResult } from '../../src/analysis/commissioned';
import type { DataQualityResult } from '../../src/analysis/dataQuality';
import { dayLabel, type OverTimeResult } from '../../src/analysis/overTime';
import type { PersonStoryResult } from '../../src/analysis/personStory';
import type { PlanDeliveryResult } from '../../src/analysis/planDelivery';
import type { RestrictivePracticeResult } from '../../src/analysis/restrictivePractice';
import type { StaffInvolvementResult } from '../../src/analysis/staffInvolvement';
import type { Filters, RateCell, StaffingResult } from '../../src/analysis/types';
import type { WhatIfResult } from '../../src/analysis/whatIf';
import type { WhenResult } from '../../src/analysis/when';
import type { AbcResult } from '../../src/analysis/abc';
import type { FileKind } from '../../src/ingest/canonical';
import { ROOT, startJourney, type Journey } from './harness';
import { samplePersonValue } from './people';
import { sampleResult } from './sampleEngine';

/** The cuts every page goes through: everything, then unit, then a person of it (2:1 commissioned), then dates. */
const UNIT = 'Oak';
const PERSON = 'P001';
const FROM = '2025-03-01';
const TO = '2025-06-30';
const STATES: Filters[] = [
  { from: null, to: null, unit: null, personId: null },
  { from: null, to: null, unit: UNIT, personId: null },
  { from: null, to: null, unit: UNIT, personId: PERSON },
  { from: FROM, to: TO, unit: UNIT, personId: PERSON },
];
const key = (f: Filters) => [f.from, f.to, f.unit, f.personId].map((x) => x ?? '').join('|');

/** A value under a test id, or a table whose rows are in the order of pseudonyms (which differ per browser): any order. */
type Check = [testid: string, value: number | string | null] | { table: string; columns: string[]; rows: (number | null)[][] };
type Expected = Check[];

/** What each page must show, from the engine's results. Numbers only where labels are pseudonyms keyed per browser. */
const PAGES: {
  view: string;
  nav: string;
  testid: string;
  expect: (r: AnalyzeResult) => Expected;
  sentences?: (r: AnalyzeResult) => [testid: string, sentence: string][];
}[] = [
  { view: 'staffing', nav: 'Staffing and incidents', testid: 'staffing', expect: (r) => staffing(r.staffing), sentences: (r) => staffingSentences(r.staffing) },
  {
    view: 'restrictive',
    nav: 'Restrictive practice',
    testid: 'restrictive',
    expect: (r) => restrictive(r.analyses.restrictivePractice as RestrictivePracticeResult),
    sentences: (r) => {
      const x = r.analyses.restrictivePractice as RestrictivePracticeResult;
      return [
        ['rp-headline', x.sentences.counts],
        ['sentence-rp-prone', x.sentences.prone],
        ['sentence-rp-shortfall', x.sentences.byCondition.shortfall],
      ];
    },
  },
  {
    view: 'when',
    nav: 'When',
    testid: 'when',
    expect: (r) => when(r.analyses.when as WhenResult),
    sentences: (r) => {
      const x = r.analyses.when as WhenResult;
      return [
        ['when-headline', x.byHour.sentence],
        ['summary-when-count', x.sentences.incidents],
        ['summary-when-rate', x.sentences.rate],
        ['when-weekday-sentence', x.byWeekday.sentence],
      ];
    },
  },
  {
    view: 'overTime',
    nav: 'Over time',
    testid: 'over-time',
    expect: (r) => overTime(r.analyses.overTime as OverTimeResult),
    sentences: (r) => {
      const x = r.analyses.overTime as OverTimeResult;
      return [
        ['summary-spc-incidents', x.charts.incidents.sentence],
        ['summary-spc-restrictive', x.charts.restrictive.sentence],
        ['summary-spc-shortfall', x.charts.shortfall.sentence],
      ];
    },
  },
  {
    view: 'plan',
    nav: 'Plan delivery',
    testid: 'plan',
    expect: (r) => plan(r.analyses.planDelivery as PlanDeliveryResult),
    sentences: (r) => [['plan-headline', (r.analyses.planDelivery as PlanDeliveryResult).sentences.weekly]],
  },
  { view: 'commissioned', nav: 'Commissioned hours', testid: 'commissioned', expect: (r) => commissioned(r.analyses.commissionedVsDelivered as CommissionedResult) },
  { view: 'person', nav: "Person's story", testid: 'person', expect: (r) => person(r.analyses.personStory as PersonStoryResult) },
  { view: 'whatIf', nav: 'What if', testid: 'what-if', expect: (r) => whatIf(r.analyses.whatIf as WhatIfResult) },
  {
    view: 'who',
    nav: 'Who was there',
    testid: 'who',
    expect: (r) => who(r.analyses.staffInvolvement as StaffInvolvementResult),
    sentences: (r) => [['who-headline', (r.analyses.staffInvolvement as StaffInvolvementResult).agency.sentence]],
  },
  {
    view: 'abc',
    nav: 'ABC',
    testid: 'abc',
    expect: (r) => abc(r.analyses.abc as AbcResult),
    sentences: (r) => [['abc-setting-events-sentence', (r.analyses.abc as AbcResult).sentences.settingEvents]],
  },
  {
    view: 'dataQuality',
    nav: 'Data quality',
    testid: 'quality',
    expect: (r) => quality(r.analyses.dataQuality as DataQualityResult),
    sentences: (r) => [['quality-headline', (r.analyses.dataQuality as DataQualityResult).sentences.imports]],
  },
];

function cells(prefix: string, rows: unknown[], columns: Record<string, (row: never) => number | string | null>): Expected {
  return rows.flatMap((row, i) => Object.entries(columns).map(([c, f]) => [`${prefix}-${c}-${i}`, f(row as never)] as Check));
}

function anyOrder(table: string, rows: unknown[], columns: Record<string, (row: never) => number | null>): Check {
  return { table, columns: Object.keys(columns), rows: rows.map((row) => Object.values(columns).map((f) => f(row as never))) };
}

function staffing(s: StaffingResult): Expected {
  const out: Expected = [
    ['person-periods', s.exposure.personPeriods],
    ['periods', s.exposure.periods],
    ['incidents', s.exposure.incidents],
    ['incidents-outside-exposure', s.exposure.incidentsOutsideExposure],
  ];
  for (const dim of ['shortfall', 'agency', 'unfamiliar'] as const) {
    for (const [band, c] of Object.entries(s.ratesPer100[dim]) as [string, RateCell][]) {
      out.push([`incidents-${dim}-${band}`, c.incidents], [`pp-${dim}-${band}`, c.personPeriods], [`rate-${dim}-${band}`, c.rate]);
      out.push([`lower-${dim}-${band}`, c.lower], [`upper-${dim}-${band}`, c.upper]);
    }
  }
  for (const dim of ['shortfall', 'agency'] as const) {
    for (const [band, e] of Object.entries(s.rateRatios[dim])) {
      out.push([`rr-${dim}-${band}`, e?.estimate ?? null], [`rr-${dim}-${band}-lower`, e?.lower ?? null], [`rr-${dim}-${band}-upper`, e?.upper ?? null]);
    }
  }
  if (s.model.fitted) out.push(['dispersion', s.model.dispersion]);
  if (s.excessIncidents) out.push(['excess-incidents', s.excessIncidents.estimate], ['excess-lower', s.excessIncidents.lower], ['excess-upper', s.excessIncidents.upper]);
  out.push(['restraint-share-with', s.restraintGivenIncident.withShortfall.share], ['restraint-share-without', s.restraintGivenIncident.withoutShortfall.share]);
  if (s.restraintGivenIncident.riskRatio) out.push(['restraint-rr', s.restraintGivenIncident.riskRatio.estimate]);
  return out;
}

function staffingSentences(s: StaffingResult): [string, string][] {
  return [
    ['headline', s.headline],
    ['excess-sentence', s.excessSentence],
    ['restraint-sentence', s.restraintSentence],
  ];
}

function restrictive(r: RestrictivePracticeResult): Expected {
  type G = (typeof r.byGroup)[0];
  type T = (typeof r.byType)[0];
  type B = (typeof r.byCondition)[0];
  type W = (typeof r.prnWeekly)[0];
  const p = r.callouts.prone;
  const types = r.byType.filter((t) => t.interventions > 0 || ['01', '04', '05', '06', '14', 'PRN'].includes(t.code));
  return [
    ['rp-interventions', r.total.interventions],
    ['rp-incidents-with', r.total.incidents],
    ['rp-incidents', r.exposure.incidents],
    ['rp-bed-days', r.exposure.occupiedBedDays],
    ['rp-per-1000', r.total.per1000BedDays.rate],
    ['rp-prone', p.interventions],
    ['rp-physical', p.physicalRestraints],
    ['rp-prone-share', p.shareOfPhysical.share],
    ...cells('rp-callouts', [p, r.callouts.rapidTranquillisation, r.callouts.seclusion, r.callouts.segregation], {
      count: (c: typeof p) => c.interventions,
      people: (c: typeof p) => c.people,
      rate: (c: typeof p) => c.per1000BedDays.rate,
    }),
    ...cells('rp-groups', r.byGroup, { count: (g: G) => g.interventions, rate: (g: G) => g.per1000BedDays.rate }),
    ...cells('rp-types', types, {
      count: (t: T) => t.interventions,
      per100: (t: T) => t.per100Incidents.rate,
      median: (t: T) => t.duration.median,
      total: (t: T) => t.duration.totalMinutes,
    }),
    ...(['shortfall', 'agency', 'unfamiliar'] as const).flatMap((c) =>
      cells(
        `rp-${c}`,
        r.byCondition.filter((x) => x.condition === c),
        {
          incidents: (b: B) => b.incidents,
          withRi: (b: B) => b.incidentsWithIntervention,
          share: (b: B) => b.share.share,
          rr: (b: B) => b.riskRatio?.estimate ?? null,
          per100pp: (b: B) => b.per100PersonPeriods.rate,
        },
      ),
    ),
    ...cells('rp-prn', r.prnWeekly, { prn: (w: W) => w.prn, pp: (w: W) => w.personPeriods, rate: (w: W) => w.per100PersonPeriods.rate }),
  ];
}

function when(w: WhenResult): Expected {
  const out: Expected = [
    ['when-incidents', w.exposure.incidents],
    ['when-person-hours', w.exposure.personHours],
    ['when-outside', w.exposure.incidentsOutsideExposure],
  ];
  if (w.exposure.personHours === 0) return out;
  for (const c of w.cells) {
    const at = `${c.weekday}-${c.hour}`;
    out.push([`when-count-${at}`, c.incidents], [`when-rate-${at}`, c.rate], [`when-shortfall-${at}`, c.meanShortfall]);
    out.push([`when-agency-${at}`, c.meanAgencyShare === null ? null : 100 * c.meanAgencyShare]);
  }
  for (const t of [w.byHour, w.byWeekday]) {
    const d = t.dimension;
    out.push([`when-${d}-chi-square`, t.chiSquare], [`when-${d}-df`, t.df], [`when-${d}-p`, t.pValue]);
    for (const row of t.rows) out.push([`when-${d}-${row.level}-observed`, row.observed], [`when-${d}-${row.level}-expected`, row.expected]);
  }
  return out;
}

function overTime(o: OverTimeResult): Expected {
  const out: Expected = [['weeks-charted', o.weeks.length]];
  for (const c of Object.values(o.charts)) {
    const id = `spc-${c.key}`;
    c.points.forEach((p, i) => {
      out.push([`${id}-value-${i}`, p.value], [`${id}-mean-${i}`, p.mean], [`${id}-lower-${i}`, p.lower], [`${id}-upper-${i}`, p.upper]);
      out.push([`${id}-rules-${i}@rules`, p.rules.join(',')]);
    });
    if (c.points.length > 0) {
      const last = c.points[c.points.length - 1]!;
      out.push([`${id}-mean`, last.mean], [`${id}-upper`, last.upper], [`${id}-points`, c.points.length]);
      out.push([`${id}-special`, c.points.filter((p) => p.variation !== 'common').length]);
    }
  }
  o.gChart.points.forEach((p, i) => out.push([`spc-g-value-${i}`, p.value], [`spc-g-mean-${i}`, p.mean], [`spc-g-rules-${i}@rules`, p.rules.join(',')]));
  return out;
}

function plan(p: PlanDeliveryResult): Expected {
  if (p.totals.planned === 0) return [];
  type W = (typeof p.weekly)[0];
  type R = (typeof p.reasons)[0];
  const b = p.byDayStaffing;
  const d = p.incidentsByDelivery;
  return [
    ['plan-delivered', p.totals.delivered],
    ['plan-planned', p.totals.planned],
    ['plan-share', p.totals.share],
    ['plan-people', p.totals.people],
    ['plan-not-delivered', p.totals.notDelivered],
    ['plan-not-delivered-staff', p.totals.notDeliveredForStaffing],
    ...cells('plan-weekly', p.weekly, { planned: (w: W) => w.planned, delivered: (w: W) => w.delivered, share: (w: W) => w.share }),
    ...cells('plan-reasons', p.reasons, { count: (x: R) => x.count, share: (x: R) => x.share }),
    ...cells('plan-days', [b.shortDays, b.fullyStaffedDays], {
      personDays: (g: typeof b.shortDays) => g.personDays,
      planned: (g: typeof b.shortDays) => g.planned,
      notDelivered: (g: typeof b.shortDays) => g.notDelivered,
      staff: (g: typeof b.shortDays) => g.notDeliveredForStaffing,
    }),
    ['plan-nd-rr', b.notDeliveredRiskRatio?.estimate ?? null],
    ['plan-staff-rr', b.staffingReasonRiskRatio?.estimate ?? null],
    ...cells('plan-incidents', [d.low, d.high], {
      personDays: (g: typeof d.low) => g.personDays,
      incidents: (g: typeof d.low) => g.incidents,
      rate: (g: typeof d.low) => g.per100PersonDays.rate,
    }),
    ['plan-incident-rr', d.rateRatio?.estimate ?? null],
  ];
}

function commissioned(c: CommissionedResult): Expected {
  if (c.totals.commissionedHours === 0) return [];
  const t = c.totals;
  type P = (typeof c.people)[0];
  type W = (typeof c.weekly)[0];
  return [
    ['commissioned-hours', t.commissionedHours],
    ['commissioned-full', t.fullHours],
    ['commissioned-short', t.shortHours],
    ['commissioned-short-share', t.shareOfHoursShort.share],
    ['commissioned-staff-hours-short', t.staffHoursShort],
    ['commissioned-staff-hours', t.commissionedStaffHours],
    ...cells('commissioned-weekly', c.weekly, {
      commissioned: (w: W) => w.commissionedHours,
      full: (w: W) => w.fullHours,
      short: (w: W) => w.shortHours,
      staffShort: (w: W) => w.staffHoursShort,
    }),
    anyOrder('commissioned-people', c.people, {
      commissioned: (p: P) => p.commissionedHours,
      short: (p: P) => p.shortHours,
      staffShort: (p: P) => p.staffHoursShort,
      incShort: (p: P) => p.incidentsInShortHours,
      incFull: (p: P) => p.incidentsInFullHours,
    }),
    ...cells('commissioned-incidents', [c.incidents.shortHours, c.incidents.fullHours], {
      n: (g: typeof c.incidents.shortHours) => g.hours,
      incidents: (g: typeof c.incidents.shortHours) => g.incidents,
      rate: (g: typeof c.incidents.shortHours) => g.per100Hours.rate,
    }),
    ['commissioned-rr', c.incidents.rateRatio?.estimate ?? null],
  ];
}

function person(r: PersonStoryResult): Expected {
  if (r.kind === 'choosePerson') {
    type C = (typeof r.people)[0];
    return [anyOrder('choose', r.people, { personPeriods: (p: C) => p.personPeriods, incidents: (p: C) => p.incidents })];
  }
  type W = (typeof r.weeks)[0];
  const severities = ['severity1', 'severity2', 'severity3', 'severity4', 'severity5', 'severityUnknown'] as const;
  const out: Expected = [
    ['story-person-periods', r.totals.personPeriods],
    ['story-incidents', r.totals.incidents],
    ...cells('severity', r.weeks, Object.fromEntries(severities.map((k) => [k, (w: W) => w[k]]))),
    ...cells('staffing', r.weeks, { meanShortfall: (w: W) => w.meanShortfall, meanAgencyShare: (w: W) => w.meanAgencyShare }),
    ...r.lagged.rows.flatMap((row): Expected => [
      [`lagged-same-${row.band}`, row.same.rate],
      [`lagged-previous-${row.band}`, row.previous.rate],
    ]),
  ];
  if (r.weeks.some((w) => w.planned > 0)) out.push(...cells('plan', r.weeks, { deliveredShare: (w: W) => w.deliveredShare }));
  if (r.readyForDischarge) out.push(['ready-days', r.readyForDischarge.days]);
  return out;
}

function abc(a: AbcResult): Expected {
  return [
    ['abc-incidents', a.incidents],
    ...(['antecedents', 'behaviours', 'consequences'] as const).flatMap((k) => a[k].map((row, i) => [`abc-${k}-incidents-${i}`, row.incidents] as Check)),
    ...a.settingEvents.map((e) => [`abc-se-${e.condition}-rr`, e.rateRatio?.estimate ?? null] as Check),
  ];
}

function whatIf(w: WhatIfResult): Expected {
  const out: Expected = [
    ['what-if-observed', w.scenarios.fullStaffing.observed],
    ['what-if-expected', w.scenarios.fullStaffing.expected],
  ];
  for (const k of ['fullStaffing', 'agencyCap', 'both'] as const) {
    const s = w.scenarios[k];
    out.push([`what-if-${k}`, s.counterfactual?.estimate ?? null], [`what-if-${k}-fewer`, s.fewer?.estimate ?? null]);
    out.push([`what-if-${k}-fewer-lower`, s.fewer?.lower ?? null], [`what-if-${k}-fewer-upper`, s.fewer?.upper ?? null]);
  }
  return out;
}

function who(w: StaffInvolvementResult): Expected {
  type B = (typeof w.continuity.bands)[0];
  const group = (id: string, c: StaffInvolvementResult['agency']): Expected => [
    [`${id}-named-0`, c.involvements],
    [`${id}-named-1`, c.comparisonInvolvements],
    [`${id}-hours-0`, c.staffHours],
    [`${id}-hours-1`, c.comparisonStaffHours],
    [`${id}-rr`, c.rateRatio?.estimate ?? null],
  ];
  return [
    ...group('who-agency', w.agency),
    ...group('who-unfamiliar', w.unfamiliar),
    ...cells('who-continuity', w.continuity.bands, { periods: (b: B) => b.personPeriods, incidents: (b: B) => b.incidents, rate: (b: B) => b.rate }),
    ['who-continuity-rr', w.continuity.rateRatio?.estimate ?? null],
    ['who-allocation-incidents-0', w.allocation.agency.incidents],
    ['who-allocation-incidents-1', w.allocation.agency.comparisonIncidents],
  ];
}

function quality(d: DataQualityResult): Expected {
  const s = d.staffReferences;
  type U = (typeof d.units)[0];
  type F = (typeof d.useOfForce.items)[0];
  return [
    ['quality-gaps', d.gaps.total],
    ['quality-gap-days', d.gaps.days],
    ['quality-gap-people', d.gaps.people],
    ['quality-outside', d.outsideExposure.outside],
    ['quality-incidents', d.outsideExposure.incidents],
    ['quality-dup-skipped', d.duplicates.skippedAtImport],
    ['quality-dup-possible', d.duplicates.possibleTotal],
    ['quality-orphans', d.orphanInterventions.count],
    ['quality-rota-gaps', d.rotaGaps.total],
    ['quality-force-records', d.useOfForce.records],
    ...cells('quality-units', d.units, { unit: (u: U) => u.unit, shifts: (u: U) => u.shifts, incidents: (u: U) => u.incidents, people: (u: U) => u.people }),
    ...cells('quality-force', d.useOfForce.items, { item: (x: F) => x.item, holding: (x: F) => x.holding, share: (x: F) => x.share }),
    // The staff references card, filled on its own after the other checks (in the table's row order).
    ...cells('quality-staff', [s.incidentsWithoutStaff, s.references, s.matchedExactly, s.matchedNormalised, s.matchedByAlias, s.ambiguous, s.unmatched, s.repeated, s.notOnShift], { n: (x: number) => x }),
  ];
}

/** The table's rows on the page against the engine's, in any order; numbers compared to 6 decimals. */
function tableMismatches(values: Map<string, string>, c: Exclude<Check, unknown[]>): string[] {
  const shown: (number | null)[][] = [];
  for (let i = 0; values.has(`${c.table}-${c.columns[0]}-${i}`); i++) {
    shown.push(
      c.columns.map((col) => {
        const v = values.get(`${c.table}-${col}-${i}`);
        return v === undefined || v === '' ? null : Number(v);
      }),
    );
  }
  if (shown.length !== c.rows.length) return [`${c.table}: ${shown.length} rows, want ${c.rows.length}`];
  const key = (row: (number | null)[]) => row.map((x) => (x === null ? '–' : String(Math.round(x * 1e6) / 1e6))).join(' | ');
  const [got, want] = [shown.map(key).sort(), c.rows.map(key).sort()];
  return want.flatMap((w, i) => (w === got[i] ? [] : [`${c.table}: row ${got[i]}, want ${w}`]));
}

/**
 * Every data-value on the page (and data-rules under a test id, as "<id>@rules"), read in one go,
 * the tables in closed disclosures included: they are made when opened, so each is opened first
 * and the values read once every open one holds its table.
 */
async function pageValues(page: Page): Promise<Map<string, string>> {
  await page.$$eval('details.table-disclosure:not([open])', (els) => els.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await page.waitForFunction(() => [...document.querySelectorAll('details.table-disclosure')].every((d) => d.querySelector('table') !== null));
  const pairs = await page.$$eval('[data-testid]', (els) =>
    els.flatMap((e) => {
      const id = e.getAttribute('data-testid')!;
      const out: [string, string][] = [];
      if (e.hasAttribute('data-value')) out.push([id, e.getAttribute('data-value')!]);
      const rules = e.querySelector('[data-rules]');
      if (rules) out.push([`${id}@rules`, rules.getAttribute('data-rules')!]);
      return out;
    }),
  );
  return new Map(pairs);
}

/** The page's value for each expected one: equal up to floating-point noise between the two DuckDB builds. */
function mismatches(values: Map<string, string>, expected: Expected): string[] {
  const bad: string[] = [];
  for (const check of expected) {
    if (!Array.isArray(check)) {
      bad.push(...tableMismatches(values, check));
      continue;
    }
    const [id, want] = check;
    const got = values.get(id);
    if (got === undefined) {
      bad.push(`${id}: not on the page (want ${want})`);
    } else if (want === null) {
      if (got !== '') bad.push(`${id}: ${got}, want blank`);
    } else if (typeof want === 'string') {
      if (got !== want) bad.push(`${id}: ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    } else if (got === '' || Math.abs(Number(got) - want) > 1e-9 * Math.max(1, Math.abs(want))) {
      bad.push(`${id}: ${got}, want ${want}`);
    }
  }
  return bad;
}

let j: Journey;
const results = new Map<string, Promise<AnalyzeResult>>();

beforeAll(async () => {
  // The Node engine's four cuts (one import, made once per run) while the browser loads the sample.
  for (const f of STATES) {
    const p = sampleResult(f);
    p.catch(() => undefined);
    results.set(key(f), p);
  }
  j = await startJourney();
  await j.goto('/?sample=1');
  await j.page.getByTestId('headline').waitFor({ timeout: 120_000 });
});
afterAll(async () => {
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

/** PERSON's pseudonym in this browser profile, found once. */
let personValue: string | null = null;

/** Wait until the page shows the result for these filters (not a stale one, not still calculating). */
async function settled(testid: string, f: Filters): Promise<void> {
  // The page names the person by their pseudonym (the Person filter's value), never the id.
  const shown = key({ ...f, personId: f.personId === null ? null : personValue });
  await j.page.locator(`[data-testid="${testid}-results"][data-filters="${shown}"]:not(.stale)`).waitFor({ timeout: 120_000 });
  await j.page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
  // A section filled on its own once its table is built (Data quality's staff references) is busy until then.
  await j.page.locator(`[data-testid="${testid}-results"] [aria-busy="true"]`).first().waitFor({ state: 'detached', timeout: 120_000 });
}

async function setFilters(f: Filters, previous: Filters): Promise<void> {
  const { page } = j;
  if (f.unit !== previous.unit) await page.getByLabel('Unit', { exact: true }).selectOption(f.unit ?? '');
  if (f.personId !== previous.personId) {
    if (f.personId !== null) personValue ??= await samplePersonValue(page, f.personId);
    await page.getByLabel('Person', { exact: true }).selectOption(f.personId === null ? '' : personValue!);
  }
  if (f.from !== previous.from) await page.getByLabel('From', { exact: true }).fill(f.from ?? '');
  if (f.to !== previous.to) await page.getByLabel('To', { exact: true }).fill(f.to ?? '');
}

/** Tab from the page title to the end of the page; what received focus, in order. */
async function tabWalk(page: Page): Promise<{ card: string | null; kind: string }[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __focus: unknown[]; __walked: boolean; __listening?: boolean };
    w.__focus = [];
    if (w.__listening) return;
    w.__listening = true;
    document.addEventListener('focusin', (e) => {
      const el = e.target as HTMLElement;
      if (el.closest('.page-download') || !el.closest('main')) w.__walked = true;
      const kind = el.matches('.chart')
        ? 'chart'
        : el.matches('.table-scroll')
          ? 'table'
          : el.tagName === 'SUMMARY'
            ? 'summary'
            : el.id
              ? `#${el.id}`
              : `${el.tagName.toLowerCase()}:${el.textContent?.trim().slice(0, 20) ?? ''}`;
      w.__focus.push({ card: el.closest('section.card')?.getAttribute('data-testid') ?? null, kind });
    });
  });
  await page.locator('h1').focus();
  await page.evaluate(() => ((window as unknown as { __walked: boolean }).__walked = false));
  // Until focus reaches the page's own download at its foot, or leaves the main content.
  for (let i = 0; i < 30; i++) {
    for (let k = 0; k < 20; k++) await page.keyboard.press('Tab');
    if (await page.evaluate(() => (window as unknown as { __walked: boolean }).__walked)) break;
  }
  return page.evaluate(() => (window as unknown as { __focus: { card: string | null; kind: string }[] }).__focus);
}

/** Cards with a chart or a table, and what each offers: the page's own structure, read in one go. */
async function cardsOnPage(page: Page) {
  return page.$$eval('main section.card[data-testid]', (cards) =>
    cards.map((c) => {
      const buttons = [...c.querySelectorAll('.export-buttons button')].map((b) => b.textContent!.trim());
      return {
        card: c.getAttribute('data-testid')!,
        chart: !!c.querySelector('.chart'),
        table: !!c.querySelector('table'),
        // Tables wider than their box, which must take focus to be scrolled by keyboard (components/TableScroll.tsx).
        scrolling: [...c.querySelectorAll('.table-scroll')].filter((b) => b.scrollWidth > b.clientWidth).length,
        // A table may wait closed in its disclosure until opened (components/DataTable.tsx).
        disclosure: !!c.querySelector('details.table-disclosure'),
        sentence: (c.querySelector('p.summary')?.textContent ?? '').trim(),
        buttons,
      };
    }),
  );
}

describe('every dashboard page with the sample service', () => {
  for (const p of PAGES) {
    test(`${p.nav}: each filter change shows the engine's numbers; downloads, keyboard and a screenshot`, async () => {
      const { page } = j;
      await page.getByRole('link', { name: p.nav, exact: true }).click();
      await page.getByLabel('Unit', { exact: true }).waitFor();
      // Start from everything (the page before left its filters in the URL).
      if (new URL(page.url()).searchParams.has('unit')) await page.getByRole('button', { name: 'Clear filters' }).click();
      let previous = STATES[0]!;
      for (const [i, f] of STATES.entries()) {
        if (i > 0) await setFilters(f, previous);
        previous = f;
        await settled(p.testid, f);
        const r = await results.get(key(f))!;
        const values = await pageValues(page);
        const expected = p.expect(r);
        expect(expected.length, 'something to compare').toBeGreaterThan(0);
        expect(mismatches(values, expected), `${p.view} with ${key(f)}`).toEqual([]);
        for (const [id, sentence] of p.sentences?.(r) ?? []) {
          await expect(page.getByTestId(id).textContent(), `${id} with ${key(f)}`).resolves.toBe(sentence);
        }
        if (i === 0) {
          // Every chart and table: a sentence and its downloads; the page's results as JSON.
          const cards = await cardsOnPage(page);
          for (const c of cards.filter((c) => c.chart || c.table)) {
            expect(c.sentence, `${c.card} says what it shows`).not.toBe('');
            expect(c.table || c.disclosure, `${c.card}: a chart has its table, or the disclosure holding it`).toBe(true);
            if (c.chart) expect(c.buttons, `${c.card} chart downloads`).toEqual(expect.arrayContaining(['PNG', 'SVG']));
            if (c.table) expect(c.buttons, `${c.card} table downloads`).toEqual(expect.arrayContaining(['CSV', 'JSON']));
          }
          await expect(page.getByTestId(`${p.testid}-download-all`).getByRole('button', { name: /as JSON$/ }).count()).resolves.toBe(1);
          await j.screenshot(`dashboard-${p.view}`);
          // Keyboard only: the filters, then every chart and every table (or its disclosure), in page order.
          const walk = await tabWalk(page);
          const kinds = walk.map((w) => w.kind);
          const filters = ['#filter-from', '#filter-to', '#filter-unit', '#filter-person'].map((id) => kinds.indexOf(id));
          expect(filters.every((x) => x >= 0) && filters.every((x, k) => k === 0 || x > filters[k - 1]!), `${p.view}: filters in Tab order (${kinds.join(' ')})`).toBe(true);
          // One stop per chart: nothing inside it (Recharts' own accessibility layer made its SVG a second, unnamed one).
          expect(kinds.filter((k) => k.startsWith('svg')), `${p.view}: no focus stop inside a chart`).toEqual([]);
          for (const c of cards) {
            const reached = walk.filter((w) => w.card === c.card).map((w) => w.kind);
            if (c.chart) expect(reached, `${c.card}: its chart by keyboard`).toContain('chart');
            // A folded table by its disclosure; a table wider than its box as a stop of its own, and one that fits as no extra stop.
            if (c.disclosure) expect(reached, `${c.card}: its table's disclosure by keyboard (${reached.join(' ')})`).toContain('summary');
            expect(reached.filter((k) => k === 'table').length, `${c.card}: a stop for each table that scrolls sideways`).toBe(c.scrolling);
          }
        }
      }
      if (p.view === 'person') await j.screenshot('dashboard-person-story');
    });
  }

  test("charts' values by keyboard: Tab to a weekly chart, arrows step through its weeks (said and shown), Escape hides them", async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Commissioned hours', exact: true }).click();
    await page.getByLabel('Unit', { exact: true }).waitFor();
    if (new URL(page.url()).searchParams.has('unit')) await page.getByRole('button', { name: 'Clear filters' }).click();
    await settled('commissioned', STATES[0]!);
    const weeks = ((await results.get(key(STATES[0]!))!).analyses.commissionedVsDelivered as CommissionedResult).weekly;
    const card = page.getByTestId('card-commissioned-weekly');
    const chart = card.locator('.chart');
    const said = chart.getByTestId('chart-value-said');
    const tooltip = chart.getByTestId('chart-key-tooltip');
    const mark = chart.getByTestId('chart-focus-mark');
    // The words a person would say for week i: its Monday, then each series with its hours, whole when all its weeks' are, else to one decimal.
    const inSeries = (pick: (w: (typeof weeks)[number]) => number) => {
      const dp = weeks.every((w) => Number.isInteger(pick(w))) ? 0 : 1;
      return (i: number) => pick(weeks[i]!).toLocaleString('en-GB', { minimumFractionDigits: dp, maximumFractionDigits: dp });
    };
    const [full, short] = [inSeries((w) => w.fullHours), inSeries((w) => w.shortHours)];
    const words = (i: number) => `Week of ${dayLabel(weeks[i]!.week)}: Delivered in full: ${full(i)}; Fewer staff than commissioned: ${short(i)}`;
    // Where week i's bucket is drawn (its hover area) against where the mark is: the same centre.
    const centre = async (el: ReturnType<Page['locator']>) => {
      const b = (await el.boundingBox())!;
      return b.x + b.width / 2;
    };
    const offBucket = async (i: number) => Math.abs((await centre(mark)) - (await centre(chart.locator('svg.plain-chart g[fill="transparent"] rect').nth(i))));
    const onBucket = async (i: number) => expect(await offBucket(i), `mark on week ${i}`).toBeLessThan(1);
    const caption = chart.getByTestId('chart-key-caption');

    await page.locator('h1').focus();
    for (let k = 0; k < 60 && !(await chart.evaluate((el) => el === document.activeElement)); k++) await page.keyboard.press('Tab');
    await expect(chart.evaluate((el) => el === document.activeElement), 'the chart reached by Tab').resolves.toBe(true);
    // Named by its kind and its card's title, described by the card's sentence (said once, not again in the name).
    const title = (await card.locator('h2').textContent())!;
    await expect(chart.getAttribute('aria-label')).resolves.toBe(`Chart by week: ${title}`);
    const description = await chart.evaluate((el) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent));
    expect(description[0]).toBe(await card.getByTestId('sentence-commissioned-weekly').textContent());
    await expect(said.textContent()).resolves.toBe('');
    await expect(tooltip.count()).resolves.toBe(0);
    // Seen under the focused chart; Page Down, Home and End still scroll the page until an arrow starts.
    await expect(caption.isVisible()).resolves.toBe(true);
    await expect(caption.textContent()).resolves.toBe('← → read values');
    for (const k of ['PageDown', 'End', 'Home']) await page.keyboard.press(k);
    await expect(said.textContent()).resolves.toBe('');

    await page.keyboard.press('ArrowRight');
    await expect(said.textContent()).resolves.toBe(words(0));
    // In the accessibility tree as a named chart whose only content is what is said (the drawing hidden; not pruned inside an image).
    const tree = await chart.ariaSnapshot();
    expect(tree, tree).toMatch(new RegExp(`^- '?application "Chart by week: ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
    expect(tree.endsWith(`: "${words(0)}"`), tree).toBe(true);
    await expect(tooltip.locator('p').allTextContents()).resolves.toEqual([
      `w/c ${dayLabel(weeks[0]!.week)}`,
      `Delivered in full: ${full(0)}`,
      `Fewer staff than commissioned: ${short(0)}`,
    ]);
    await onBucket(0);
    await page.keyboard.press('ArrowRight');
    await expect(said.textContent()).resolves.toBe(words(1));
    await onBucket(1);
    await page.keyboard.press('PageDown');
    await expect(said.textContent()).resolves.toBe(words(5));
    await page.keyboard.press('End');
    const last = weeks.length - 1;
    await expect(said.textContent()).resolves.toBe(words(last));
    await expect(tooltip.locator('p').first().textContent()).resolves.toBe(`w/c ${dayLabel(weeks[last]!.week)}`);
    await onBucket(last);
    // At the end a key moves nowhere: the position is said, so it is not met with silence.
    await page.keyboard.press('ArrowRight');
    await expect(said.textContent()).resolves.toBe(`${words(last)}; week ${weeks.length} of ${weeks.length}`);
    await page.keyboard.press('ArrowLeft');
    await expect(said.textContent()).resolves.toBe(words(last - 1));
    // A narrower window redraws the chart: the mark follows its week.
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: viewport.width - 200, height: viewport.height });
    await expect.poll(() => offBucket(last - 1), { timeout: 5000 }).toBeLessThan(1);
    await page.setViewportSize(viewport);
    await expect.poll(() => offBucket(last - 1), { timeout: 5000 }).toBeLessThan(1);
    // The tooltip stays inside the chart (left of the mark near the right edge).
    const [tip, box] = [(await tooltip.boundingBox())!, (await chart.boundingBox())!];
    expect(tip.x >= box.x && tip.x + tip.width <= box.x + box.width + 1, 'tooltip inside the chart').toBe(true);
    await chart.screenshot({ path: path.join(os.tmpdir(), 'chart-keys-weekly.png') });

    await page.keyboard.press('Escape');
    await expect(tooltip.count()).resolves.toBe(0);
    await expect(mark.count()).resolves.toBe(0);
    await expect(said.textContent()).resolves.toBe('');
    await expect(chart.evaluate((el) => el === document.activeElement), 'focus stays on the chart').resolves.toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect(said.textContent()).resolves.toBe(words(0));
    // Leaving the chart hides the value too, and the caption.
    await page.keyboard.press('Tab');
    await expect(tooltip.count()).resolves.toBe(0);
    await expect(caption.isVisible()).resolves.toBe(false);

    // A control chart and a bar chart step the same way, one tab stop each (their Recharts layer off).
    await page.getByRole('link', { name: 'Over time', exact: true }).click();
    await settled('over-time', STATES[0]!);
    const spc = page.getByTestId('spc-spc-incidents').locator('.chart');
    await spc.focus();
    await page.keyboard.press('ArrowLeft');
    const lastPoint = ((await results.get(key(STATES[0]!))!).analyses.overTime as OverTimeResult).charts.incidents.points.at(-1)!;
    const one = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
    const limits = `${one(lastPoint.lower === null ? null : Math.max(0, lastPoint.lower))} to ${one(lastPoint.upper)}`;
    const spoken = `Week of ${dayLabel(lastPoint.week)}: Incidents a week: ${one(lastPoint.value)}; mean: ${one(lastPoint.mean)}; limits: ${limits}`;
    const heard = (await spc.getByTestId('chart-value-said').textContent())!;
    // A special-cause point says so after its values.
    expect(heard === spoken || heard.startsWith(`${spoken}; special cause`), heard).toBe(true);
    await expect(spc.getByTestId('chart-key-tooltip').locator('p').allTextContents()).resolves.toEqual([
      `w/c ${dayLabel(lastPoint.week)}`,
      `Incidents a week: ${one(lastPoint.value)}`,
      `mean: ${one(lastPoint.mean)}`,
      `limits: ${limits}`,
    ]);
    await spc.screenshot({ path: path.join(os.tmpdir(), 'chart-keys-spc.png') });
    await page.getByRole('link', { name: 'Staffing and incidents', exact: true }).click();
    await settled('staffing', STATES[0]!);
    const bars = page.getByTestId('chart-shortfall').locator('.chart');
    await bars.focus();
    await page.keyboard.press('ArrowRight');
    const rate = await page.getByTestId('rate-shortfall-none').textContent();
    await expect(bars.getByTestId('chart-value-said').textContent()).resolves.toMatch(new RegExp(`^Fully staffed: Rate: ${rate} \\(95 % CI `));
    await bars.screenshot({ path: path.join(os.tmpdir(), 'chart-keys-bars.png') });
    await page.keyboard.press('Escape');
    await expect(bars.getByTestId('chart-key-tooltip').count()).resolves.toBe(0);
  });

  test('downloads: a chart as PNG and SVG, a heatmap as SVG, a table as CSV, the page as JSON', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Restrictive practice', exact: true }).click();
    await page.getByLabel('Unit', { exact: true }).waitFor();
    if (new URL(page.url()).searchParams.has('unit')) await page.getByRole('button', { name: 'Clear filters' }).click();
    await settled('restrictive', STATES[0]!);
    const r = (await results.get(key(STATES[0]!))!).analyses.restrictivePractice as RestrictivePracticeResult;
    const card = page.getByTestId('card-rp-groups');
    const download = async (scope: ReturnType<Page['getByTestId']>, name: RegExp) => {
      const [d] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name }).click()]);
      expect(d.url()).toMatch(/^blob:/);
      return { name: d.suggestedFilename(), body: fs.readFileSync((await d.path())!) };
    };

    const png = await download(card, /as PNG$/);
    expect(png.name).toBe('rp-groups.png');
    expect(png.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.body.readUInt32BE(16), 'PNG width: the chart at twice its size').toBeGreaterThan(600);

    const svg = await download(card, /as SVG$/);
    const svgText = svg.body.toString('utf8');
    expect(svgText).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svgText.match(/class="ci-rectangle"/g) ?? []).length, 'one bar per kind with interventions').toBe(r.byGroup.filter((g) => g.interventions > 0).length);
    expect(svgText).not.toMatch(/href="(?!#)/);

    const csv = await download(card, /table as CSV$/);
    const lines = csv.body.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('Kind,Count,"Per 1,000 bed days",95 % CI');
    expect(lines.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(r.byGroup.map((g) => g.interventions));

    const json = await download(page.getByTestId('restrictive-download-all'), /as JSON$/);
    const whole = JSON.parse(json.body.toString('utf8')) as RestrictivePracticeResult;
    expect(whole.total.interventions).toBe(r.total.interventions);
    expect(whole.total.per1000BedDays.rate).toBeCloseTo(r.total.per1000BedDays.rate!, 9);
    expect(whole.byCondition.map((b) => b.incidentsWithIntervention)).toEqual(r.byCondition.map((b) => b.incidentsWithIntervention));

    await page.getByRole('link', { name: 'When', exact: true }).click();
    await settled('when', STATES[0]!);
    const heat = await download(page.getByTestId('heatmap-when-count'), /as SVG$/);
    const heatText = heat.body.toString('utf8');
    const w = (await results.get(key(STATES[0]!))!).analyses.when as WhenResult;
    expect((heatText.match(/<rect x=/g) ?? []).length, '168 cells and the legend').toBe(168 + 5 + 1);
    // The number drawn in each cell adds up to the incidents on the grid.
    const drawn = [...heatText.matchAll(/font-size="10" text-anchor="middle" fill="#[0-9a-f]{6}">(\d*)<\/text>/g)].map((m) => m[1]!);
    expect(drawn).toHaveLength(168);
    expect(drawn.reduce((t, x) => t + Number(x || 0), 0)).toBe(w.exposure.incidents);
    const heatPng = await download(page.getByTestId('heatmap-when-count'), /as PNG$/);
    expect(heatPng.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });
});

// Over time's control charts are plain SVG (src/ui/components/SpcDrawing.tsx). Here rather than in
// a file of its own: it needs only the sample loaded, and this page has it (a browser and a sample
// load fewer).
describe('a control chart under the pointer', () => {
  test("shows the hovered week's value, mean and limits, as its table gives them", async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Over time', exact: true }).click();
    await page.getByLabel('Unit', { exact: true }).waitFor();
    if (new URL(page.url()).searchParams.has('unit')) await page.getByRole('button', { name: 'Clear filters' }).click();
    await settled('over-time', STATES[0]!);
    const card = page.getByTestId('spc-spc-incidents');
    const svg = card.locator('svg.plain-chart');
    await svg.waitFor({ timeout: 120_000 });
    const n = Number(await page.getByTestId('spc-incidents-points').getAttribute('data-value'));
    expect(n).toBeGreaterThan(20);
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    // The plot runs from x = 64 (margin and axis) to 16 px short of the right edge: point i at the centre of band i.
    const i = 10;
    const band = (box.width - 64 - 16) / n;
    await page.mouse.move(box.x + 64 + (i + 0.5) * band, box.y + 100);
    const tip = card.locator('.spc-tooltip');
    await tip.waitFor();
    const text = (await tip.textContent())!;
    await card.getByText('Numbers behind the chart').click();
    const cell = async (key: string) => (await card.getByTestId(`spc-incidents-${key}-${i}`).textContent())!.trim();
    const row = card.locator('tbody tr').nth(i);
    const week = (await row.locator('th').textContent())!.trim();
    expect(text).toContain(week);
    expect(text).toContain(`: ${await cell('value')}`);
    expect(text).toContain(`mean: ${await cell('mean')}`);
    expect(text).toContain(`limits: ${await cell('lower')} to ${await cell('upper')}`);
    // Away from the plot, no box.
    await svg.scrollIntoViewIfNeeded();
    const again = (await svg.boundingBox())!;
    await page.mouse.move(again.x + 64 + (i + 0.5) * band, again.y + 100);
    await tip.waitFor();
    await page.mouse.move(again.x + 2, again.y + again.height + 40);
    await tip.waitFor({ state: 'detached' });
  });
});
