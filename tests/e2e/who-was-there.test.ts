/**
 * "Who was there" in the built app on the sample service: the planted agency finding's sentence
 * and its table equal the headless engine's numbers, and no staff id from the rota appears
 * anywhere in the page's text (conditions are compared, never individual staff).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { StaffInvolvementResult } from '../../src/analysis/staffInvolvement';
import type { FileKind } from '../../src/ingest/canonical';
import { SAMPLE_DIR } from '../fixtures/sampleFiles';
import { ROOT, startJourney, valueOf, type Journey } from './harness';
import { samplePersonValue } from './people';
import { sampleResult } from './sampleEngine';

const SAMPLE = SAMPLE_DIR;

/** Every staff id in the sample's rota. */
const STAFF_IDS = new Set(
  fs.readFileSync(path.join(SAMPLE, 'shifts.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[1]).filter((s): s is string => !!s),
);

let j: Journey;
const EVERYONE = { from: null, to: null, unit: null, personId: null };
const OAK_P001 = { from: null, to: null, unit: 'Oak', personId: 'P001' };
let expected: Promise<StaffInvolvementResult>;
let underOakP001: Promise<StaffInvolvementResult>;
/** The analysis under the second test's filters (Oak, P001), for the evidence pack. */
let forPerson: StaffInvolvementResult | null = null;
beforeAll(async () => {
  // Both cuts (made once per run), while the browser starts.
  const both = Promise.all([EVERYONE, OAK_P001].map((f) => sampleResult(f))).then((rs) =>
    rs.map((r) => r.analyses.staffInvolvement as StaffInvolvementResult),
  );
  both.catch(() => undefined);
  expected = both.then((rs) => rs[0]!);
  expected.catch(() => undefined);
  underOakP001 = both.then((rs) => rs[1]!);
  underOakP001.catch(() => undefined);
  j = await startJourney();
}, 180_000);
afterAll(async () => {
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

describe('who was there', () => {
  test('shows the planted agency finding with its table, equal to the headless report, and no staff id', async () => {
    await j.goto('/?sample=1&view=who');
    const { page } = j;
    await page.getByTestId('who-headline').waitFor({ timeout: 180_000 });
    await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 180_000 });
    const r = await expected;

    // The sentence: the planted 2 recovered (1.96, 95 % CI 1.76 to 2.18 on the sample).
    await expect(page.getByTestId('who-headline').textContent()).resolves.toBe(r.agency.sentence);
    expect(r.agency.sentence).toMatch(/agency staff were named in incidents about 2\.0 times as often as other staff \(95 % CI 1\.8 to 2\.2\)/);
    await expect(page.getByTestId('sentence-who-agency').textContent()).resolves.toBe(r.agency.sentence);

    // Its table: times named and staff-hours for agency and other staff, and the ratio.
    expect(await valueOf(page, 'who-agency-named-0')).toBe(r.agency.involvements);
    expect(await valueOf(page, 'who-agency-named-1')).toBe(r.agency.comparisonInvolvements);
    expect(await valueOf(page, 'who-agency-hours-0')).toBe(r.agency.staffHours);
    expect(await valueOf(page, 'who-agency-hours-1')).toBe(r.agency.comparisonStaffHours);
    expect(await valueOf(page, 'who-agency-rr')).toBeCloseTo(r.agency.rateRatio!.estimate, 9);
    expect(r.agency.involvements).toBe(550);
    expect(await valueOf(page, 'who-unfamiliar-named-0')).toBe(r.unfamiliar.involvements);
    for (const [i, band] of r.continuity.bands.entries()) {
      expect(await valueOf(page, `who-continuity-incidents-${i}`)).toBe(band.incidents);
    }
    await expect(page.getByTestId('who-recording').textContent()).resolves.toBe(r.recording.sentence);
    await expect(page.getByTestId('who-caveats').textContent()).resolves.toMatch(/Agency staff are known to be left out of incident reports/);

    // No staff id anywhere in the page's text or attributes.
    const text = await page.evaluate(() => document.body.innerText + ' ' + document.body.innerHTML);
    const seen = [...STAFF_IDS].filter((id) => new RegExp(`\\b${id}\\b`).test(text));
    expect(STAFF_IDS.size).toBeGreaterThan(100);
    expect(seen).toEqual([]);
    await j.screenshot('who-was-there');
  }, 300_000);

  test('under a unit and a person, the numbers still equal the headless report’s', async () => {
    const { page } = j;
    const r = await underOakP001;
    forPerson = r;
    await page.getByLabel('Unit', { exact: true }).selectOption('Oak');
    const person = await samplePersonValue(page, 'P001');
    await page.getByLabel('Person', { exact: true }).selectOption(person);
    await page.locator(`[data-testid="who-results"][data-filters="||Oak|${person}"]:not(.stale)`).waitFor({ timeout: 120_000 });
    await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
    expect(await valueOf(page, 'who-agency-named-0')).toBe(r.agency.involvements);
    expect(await valueOf(page, 'who-agency-hours-0')).toBe(r.agency.staffHours);
    expect(await valueOf(page, 'who-agency-named-1')).toBe(r.agency.comparisonInvolvements);
    expect(await valueOf(page, 'who-agency-rr')).toBeCloseTo(r.agency.rateRatio!.estimate, 9);
    expect(await valueOf(page, 'who-allocation-incidents-0')).toBe(r.allocation.agency.incidents);
    for (const [i, band] of r.continuity.bands.entries()) {
      expect(await valueOf(page, `who-continuity-periods-${i}`)).toBe(band.personPeriods);
    }
    await expect(page.getByTestId('who-headline').textContent()).resolves.toBe(r.agency.sentence);
  }, 300_000);

  test('the evidence pack adds the specialist section only when ticked, with no staff id', async () => {
    const { page } = j;
    expect(forPerson).not.toBeNull();
    await page.getByRole('link', { name: 'Evidence pack' }).click();
    await page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('specialist').isChecked()).resolves.toBe(false);
    await expect(page.getByTestId('figure-who-involvement').count()).resolves.toBe(0);
    await page.getByTestId('specialist').check();
    await page.getByTestId('figure-who-involvement').waitFor();
    const r = forPerson!;
    await expect(page.getByTestId('sentence-who-involvement').textContent()).resolves.toBe(
      `${r.agency.sentence} ${r.unfamiliar.sentence} ${r.caveats[0]}`.replace(/ %/g, '\u00a0%'),
    );
    await page.getByTestId('figure-who-continuity').waitFor();
    const text = await page.evaluate(() => document.body.innerText + ' ' + document.body.innerHTML);
    expect([...STAFF_IDS].filter((id) => new RegExp(`\\b${id}\\b`).test(text))).toEqual([]);
  }, 300_000);
});
