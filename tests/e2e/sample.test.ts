/**
 * The sample service end to end: the numbers the built app shows in Chromium must be the
 * numbers the headless report (npm run analyze) computes from the same files in Node. Its JSON
 * is made here as the command line makes it (analyze.ts: analyzeEach, then buildReport), the cuts'
 * results shared by the browser tests (sampleEngine.ts); the unit tests run the command line
 * itself (tests/unit/cli).
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { parseCommandLine } from '../../src/cli/analyze';
import { buildReport } from '../../src/cli/report';
import { FILE_KINDS, TABLES } from '../../src/ingest/canonical';
import { ROOT, startJourney, valueOf, personOptions, type Journey } from './harness';
import { sampleResult } from './sampleEngine';

const SAMPLE = path.join(ROOT, 'sample-data');
const FILES = [
  ['--people', 'people.csv'],
  ['--incidents', 'incidents.csv'],
  ['--interventions', 'restrictive_interventions.csv'],
  ['--shifts', 'shifts.csv'],
  ['--requirements', 'staffing_requirements.csv'],
  ['--plan', 'plan_delivery.csv'],
  ['--events', 'events.csv'],
].flatMap(([flag, file]) => [flag!, path.join(SAMPLE, file!)]);

interface Cell {
  incidents: number;
  personPeriods: number;
  rate: number | null;
  lower: number | null;
  upper: number | null;
}
interface Est {
  estimate: number;
  lower: number;
  upper: number;
}
interface Report {
  rows: Record<string, { read: number; accepted: number; rejected: number }>;
  exposure: { periods: number; personPeriods: number; incidents: number; incidentsOutsideExposure: number };
  ratesPer100: { shortfall: Record<string, Cell>; agency: Record<string, Cell> };
  rateRatios: { shortfall: Record<string, Est | null>; agency: Record<string, Est | null> };
  dispersion: number | null;
  excessIncidents: number | null;
  restraintGivenIncident: { withShortfall: { share: number | null }; withoutShortfall: { share: number | null }; riskRatio: Est | null };
  sentences: { headline: string; excess: string; restraint: string };
}

/** The report as `npm run analyze -- <FILES> --json` prints it, for each of `cuts` (command-line words). */
async function headlessReports(cuts: string[][]): Promise<Report[]> {
  const results = await Promise.all(cuts.map((extra) => sampleResult(parseCommandLine([...FILES, ...extra]).filters)));
  return results.map((r) => JSON.parse(JSON.stringify(buildReport(r.imports, r.staffing, r.analyses, r.mappingSources))) as Report);
}

const FILTERED = { unit: 'Oak', from: '2025-03-01', to: '2025-06-30' };

let j: Journey;
let full: Promise<Report>;
let filtered: Promise<Report>;
beforeAll(async () => {
  // The Node reports run while the browser loads.
  const both = headlessReports([[], ['--unit', FILTERED.unit, '--from', FILTERED.from, '--to', FILTERED.to]]);
  full = both.then((r) => r[0]!);
  filtered = both.then((r) => r[1]!);
  full.catch(() => undefined);
  filtered.catch(() => undefined);
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

/** Equal up to floating-point noise between the two DuckDB builds. */
function same(actual: number | null, expected: number | null | undefined): void {
  if (expected === null || expected === undefined) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

async function expectPageMatches(report: Report): Promise<void> {
  const { page } = j;
  same(await valueOf(page, 'person-periods'), report.exposure.personPeriods);
  same(await valueOf(page, 'periods'), report.exposure.periods);
  same(await valueOf(page, 'incidents'), report.exposure.incidents);
  same(await valueOf(page, 'incidents-outside-exposure'), report.exposure.incidentsOutsideExposure);
  for (const dim of ['shortfall', 'agency'] as const) {
    for (const [band, cell] of Object.entries(report.ratesPer100[dim])) {
      same(await valueOf(page, `incidents-${dim}-${band}`), cell.incidents);
      same(await valueOf(page, `pp-${dim}-${band}`), cell.personPeriods);
      same(await valueOf(page, `rate-${dim}-${band}`), cell.rate);
      same(await valueOf(page, `lower-${dim}-${band}`), cell.lower);
      same(await valueOf(page, `upper-${dim}-${band}`), cell.upper);
    }
    for (const [band, est] of Object.entries(report.rateRatios[dim])) {
      same(await valueOf(page, `rr-${dim}-${band}`), est?.estimate);
      if (est) {
        same(await valueOf(page, `rr-${dim}-${band}-lower`), est.lower);
        same(await valueOf(page, `rr-${dim}-${band}-upper`), est.upper);
      }
    }
  }
  same(await valueOf(page, 'dispersion'), report.dispersion);
  same(await valueOf(page, 'excess-incidents'), report.excessIncidents);
  same(await valueOf(page, 'restraint-share-with'), report.restraintGivenIncident.withShortfall.share);
  same(await valueOf(page, 'restraint-share-without'), report.restraintGivenIncident.withoutShortfall.share);
  same(await valueOf(page, 'restraint-rr'), report.restraintGivenIncident.riskRatio?.estimate);
  await expect(page.getByTestId('headline').textContent()).resolves.toBe(report.sentences.headline);
  await expect(page.getByTestId('excess-sentence').textContent()).resolves.toBe(report.sentences.excess);
  await expect(page.getByTestId('restraint-sentence').textContent()).resolves.toBe(report.sentences.restraint);
}

async function settled(): Promise<void> {
  await j.page.getByTestId('headline').waitFor({ timeout: 120_000 });
  await j.page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
}

describe('the sample service', () => {
  test('?sample=1 loads it and the headline numbers equal the headless report', async () => {
    await j.goto('/?sample=1');
    await settled();
    const { page } = j;
    expect(new URL(page.url()).searchParams.get('view')).toBe('staffing');
    expect(new URL(page.url()).searchParams.get('sample')).toBeNull();
    const report = await full;
    await expectPageMatches(report);
    // What is shown is the same number, rounded as the page says (one decimal for rates, two for ratios).
    const twoPlus = report.ratesPer100.shortfall.twoPlus!;
    await expect(page.getByTestId('rate-shortfall-twoPlus').textContent()).resolves.toBe(twoPlus.rate!.toFixed(1));
    await expect(page.getByTestId('rr-shortfall-twoPlus').textContent()).resolves.toBe(report.rateRatios.shortfall.twoPlus!.estimate.toFixed(2));
    // Three charts, each drawn with one bar per band and interval whiskers.
    for (const [dim, bands] of [['shortfall', 3], ['agency', 4], ['unfamiliar', 4]] as const) {
      const chart = page.getByTestId(`chart-${dim}`);
      await expect(chart.locator('.ci-rectangle').count(), 'a drawn bar per band (every band has incidents in the sample)').resolves.toBe(bands);
      await expect(chart.locator('.ci-whisker').count()).resolves.toBeGreaterThanOrEqual(bands);
    }
    await j.screenshot('staffing-sample');
  });

  test('the import summary accounts for every row of every sample file', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Import summary' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor();
    const report = await full;
    const cards = page.getByTestId('import-card');
    await expect(cards.count()).resolves.toBe(7);
    for (let i = 0; i < 7; i++) {
      const card = cards.nth(i);
      const file = await card.getAttribute('data-file');
      const kind = FILE_KINDS.find((k) => `${TABLES[k].table}.csv` === file)!;
      expect(kind, `${file} is a sample file`).toBeDefined();
      await expect(card.locator('h2').textContent()).resolves.toContain(TABLES[kind].label);
      const count = async (id: string) => Number((await card.getByTestId(id).textContent())!.replace(/,/g, ''));
      const [read, accepted, rejected] = [await count('import-read'), await count('import-accepted'), await count('import-rejected')];
      expect(read).toBe(accepted + rejected);
      expect({ read, accepted, rejected }).toEqual({
        read: report.rows[kind]!.read,
        accepted: report.rows[kind]!.accepted,
        rejected: report.rows[kind]!.rejected,
      });
    }
    await j.screenshot('import-sample');
  });

  test('filters live in the URL and change every number to the headless report’s for the same cut', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    await settled();
    await page.getByLabel('Unit', { exact: true }).selectOption(FILTERED.unit);
    await page.getByLabel('From', { exact: true }).fill(FILTERED.from);
    await page.getByLabel('To', { exact: true }).fill(FILTERED.to);
    const report = await filtered;
    await expect.poll(() => valueOf(page, 'person-periods'), { timeout: 60_000 }).toBe(report.exposure.personPeriods);
    await settled();
    const q = new URL(page.url()).searchParams;
    expect([q.get('unit'), q.get('from'), q.get('to')]).toEqual([FILTERED.unit, FILTERED.from, FILTERED.to]);
    await expectPageMatches(report);
    expect(report.exposure.personPeriods).toBeLessThan((await full).exposure.personPeriods);
    await j.screenshot('staffing-filtered');

    // One person: the person list holds only people of the chosen unit.
    const person = page.getByLabel('Person', { exact: true });
    const values = await personOptions(page, 'values');
    expect(values.length).toBeGreaterThan(0);
    await person.selectOption(values[0]!);
    await expect.poll(async () => (await valueOf(page, 'person-periods'))! < report.exposure.personPeriods, { timeout: 60_000 }).toBe(true);
    // The URL and the list's values carry the pseudonym shown in the list, never the person id.
    const shown = await person.locator(`option[value="${values[0]}"]`).textContent();
    expect(new URL(page.url()).searchParams.get('person')).toBe(shown);
    expect(values.every((v) => /^Person [0-9A-F]{6}(-\d+)?$/.test(v)), values.join()).toBe(true);
    expect(shown).toBe(values[0]);
    await settled();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => valueOf(page, 'person-periods'), { timeout: 60_000 }).toBe((await full).exposure.personPeriods);
    expect(new URL(page.url()).search).toBe('?view=staffing');
  });

  test('"Delete all data" empties the workspace', async () => {
    const { page } = j;
    await page.getByRole('button', { name: 'Delete all data' }).click();
    await page.getByRole('button', { name: 'Yes, delete all data' }).click();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
    await page.getByRole('link', { name: 'Staffing and incidents' }).click();
    await page.getByText('No data is loaded yet.').waitFor();
    await page.getByRole('link', { name: 'Import summary' }).click();
    await page.getByText('Nothing has been imported yet.').waitFor();
  });
});
