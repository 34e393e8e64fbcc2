/**
 * The evidence pack end to end: the sample service in Chromium, one person's pack printed to PDF
 * (page.pdf, as the browser's own print-to-PDF does it), pages turned into PNGs with pdftoppm
 * (kept in tests/artifacts/ to be looked at), the PDF's text checked against the headless
 * engine's numbers for the same files, and no real name in it unless asked for.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { StaffingResult } from '../../src/analysis/types';
import type { CommissionedResult } from '../../src/analysis/commissioned';
import type { FileKind } from '../../src/ingest/canonical';
import { ARTIFACTS, ROOT, startJourney, type Journey } from './harness';
import { samplePersonValue } from './people';
import { sampleResult } from './sampleEngine';

const PERSON = 'P002';
const SAMPLE = path.join(ROOT, 'sample-data');
const FILES: { kind: FileKind; path: string }[] = [
  { kind: 'people', path: 'people.csv' },
  { kind: 'requirements', path: 'staffing_requirements.csv' },
  { kind: 'shifts', path: 'shifts.csv' },
  { kind: 'incidents', path: 'incidents.csv' },
  { kind: 'interventions', path: 'restrictive_interventions.csv' },
  { kind: 'planDelivery', path: 'plan_delivery.csv' },
  { kind: 'events', path: 'events.csv' },
].map((f) => ({ kind: f.kind as FileKind, path: path.join(SAMPLE, f.path) }));

/** Every real name in the sample's people file, whole and in parts. */
function realNames(): string[] {
  const lines = fs.readFileSync(path.join(SAMPLE, 'people.csv'), 'utf8').trim().split(/\r?\n/);
  const nameCol = lines[0]!.split(',').indexOf('name');
  const names = lines.slice(1).map((l) => l.split(',')[nameCol]!).filter(Boolean);
  return [...new Set(names.flatMap((n) => [n, ...n.split(/\s+/).filter((part) => part.length >= 3)]))];
}

/** pdftotext's text with every run of white space (NBSP included) as one space. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0]+/g, ' ');
}

function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

/** Numbers as the engine gives them, formatted here (not by the app): one decimal. */
const d1 = (x: number) => x.toFixed(1);

let j: Journey;
let engine: StaffingResult;
let commissioned: CommissionedResult;
const pdf = (name: string) => path.join(ARTIFACTS, `${name}.pdf`);

async function printPdf(name: string): Promise<string> {
  await j.page.emulateMedia({ media: 'print' });
  await j.page.pdf({ path: pdf(name), preferCSSPageSize: true, printBackground: true });
  await j.page.emulateMedia({ media: 'screen' });
  return pdf(name);
}

beforeAll(async () => {
  // The Node engine's numbers for the same files and person, which the PDF must show (made once
  // per run), while the browser loads.
  const node = sampleResult({ from: null, to: null, unit: null, personId: PERSON });
  node.catch(() => undefined);
  j = await startJourney();
  await j.goto('/?sample=1');
  await j.page.getByTestId('headline').waitFor({ timeout: 120_000 });
  await j.page.getByRole('link', { name: 'Evidence pack' }).click();
  await j.page.getByTestId('choose-person').waitFor();
  await j.page.getByLabel('Person', { exact: true }).selectOption(await samplePersonValue(j.page, PERSON));
  await j.page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
  const r = await node;
  engine = r.staffing;
  commissioned = r.analyses.commissionedVsDelivered as CommissionedResult;
});
afterAll(async () => {
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

describe('the evidence pack for one sample person', () => {
  let text: string;
  let label: string;

  test('prints to A4 with the pseudonym, the dates and page numbers on every page', async () => {
    label = (await j.page.getByTestId('pack-name').textContent())!;
    expect(label).toMatch(/^Person [0-9A-F]{6}$/);
    // The person is in the URL (as their id, or as their pseudonym where the app keeps ids out of it).
    expect([PERSON, label]).toContain(new URL(j.page.url()).searchParams.get('person'));
    await j.page.screenshot({ path: path.join(ARTIFACTS, 'evidence-pack-screen.png') });
    const file = await printPdf('evidence-pack');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(4);
    text = pdfText(file);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages}`);
    expect(text.split(`PBS Lens evidence pack: ${label}`).length - 1).toBe(pages);
    expect(text.split('1 January 2025 to 31 December 2025').length - 1).toBeGreaterThanOrEqual(pages);
    // Pictures of every page, to be looked at (tests/artifacts/evidence-pack-NN.png).
    for (const old of fs.readdirSync(ARTIFACTS).filter((f) => /^evidence-pack-\d+\.png$/.test(f))) fs.rmSync(path.join(ARTIFACTS, old));
    execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(ARTIFACTS, 'evidence-pack')]);
    expect(fs.readdirSync(ARTIFACTS).filter((f) => /^evidence-pack-\d+\.png$/.test(f)).length).toBe(pages);
  });

  test("the PDF's numbers are the engine's", () => {
    const sf = engine.ratesPer100.shortfall;
    // The rate table, row by row: incidents, person-periods, rate and interval.
    for (const [band, label] of [['none', 'Fully staffed'], ['one', 'About 1 short'], ['twoPlus', '2 or more short']] as const) {
      const c = sf[band];
      expect(text).toContain(`${label} ${c.incidents} ${c.personPeriods} ${d1(c.rate!)} ${d1(c.lower!)} to ${d1(c.upper!)}`);
    }
    const rr = engine.rateRatios.shortfall.twoPlus!;
    expect(rr.lower).toBeGreaterThan(1); // the sample plants an effect for this person
    expect(text).toContain(`When the unit was 2 or more staff short, incidents happened about ${d1(rr.estimate)} times as often as when it was fully staffed (95 % CI ${d1(rr.lower)} to ${d1(rr.upper)})`);
    const short = sf.one.incidents + sf.twoPlus.incidents;
    const all = short + sf.none.incidents;
    expect(text).toContain(`${Math.round((100 * short) / all)} % of incidents (${short} of ${all}) happened in periods that were short of staff`);
    const ex = engine.excessIncidents!;
    expect(text).toContain(`About ${Math.round(ex.estimate)} more incidents happened than fully staffed periods would predict (95 % CI ${Math.round(ex.lower)} to ${Math.round(ex.upper)}), out of ${engine.exposure.incidents} incidents. If the link is causal, full staffing would have meant about that many fewer.`);
    const g = engine.restraintGivenIncident;
    expect(text).toContain(`${g.withShortfall.withIntervention} of ${g.withShortfall.incidents}`);
    // Ready for discharge on 4 November 2024 (people.csv); the data end on 31 December 2025: 422 days.
    expect(text).toContain('judged clinically ready for discharge on 4 November 2024');
    expect(text).toContain('that was 422 days ago');
    // Commissioned 1:1 all day (people.csv): hours short of the commissioned staff.
    const p = commissioned.people.find((x) => x.personId === PERSON)!;
    expect(text).toContain(`1:1 support (all day) was commissioned. In ${Math.round((100 * p.shortHours) / p.commissionedHours)} % of those hours (${p.shortHours.toLocaleString('en-GB')} of ${p.commissionedHours.toLocaleString('en-GB')})`);
    // Every analysis it reads was made.
    expect(text).not.toContain('Parts that could not be made');
  });

  test('says what it cannot say: method, limitations, provenance', () => {
    expect(text).toContain('Association, not proof');
    expect(text).toContain('Staff are sometimes added because a unit is unsettled');
    expect(text).toContain('Incidents involving agency staff are known to be under-reported');
    expect(text).toContain('Small numbers');
    // Provenance: every sample file with rows read = accepted (the sample is clean).
    for (const f of FILES) {
      const rows = fs.readFileSync(f.path, 'utf8').trim().split(/\r?\n/).length - 1;
      const n = rows.toLocaleString('en-GB');
      expect(text).toContain(`${path.basename(f.path)}`);
      expect(text).toMatch(new RegExp(`${path.basename(f.path).replace('.', '\\.')} .*? ${n} ${n} 0`));
    }
    expect(text).toContain('PBS Lens 0.1.0');
    expect(text).toContain('Early 07:00–15:00, Late 15:00–23:00, Night 23:00–07:00');
  });

  test('has an easy-read page with large text and a picture for each line', async () => {
    expect(text).toContain(`About ${label}: easy read`);
    expect(text).toContain("When there were not enough staff, this person had more hard times.");
    await j.page.emulateMedia({ media: 'print' });
    const sizes = await j.page.locator('.easy-read li').evaluateAll((lis) =>
      lis.map((li) => ({ px: parseFloat(getComputedStyle(li).fontSize), img: (li.querySelector('img') as HTMLImageElement | null)?.naturalWidth ?? 0 })),
    );
    await j.page.emulateMedia({ media: 'screen' });
    expect(sizes.length).toBeGreaterThan(5);
    for (const s of sizes) {
      expect(s.px * 0.75).toBeGreaterThanOrEqual(16); // CSS px → pt
      expect(s.img).toBeGreaterThan(0); // the icon loaded from the app itself
    }
  });

  test('no real name appears with pseudonyms on; the real name only when chosen', async () => {
    const names = realNames();
    expect(names).toContain('Zoë Hartley');
    for (const n of names) expect(text, n).not.toContain(n);
    await j.page.getByTestId('real-name').check();
    const named = pdfText(await printPdf('evidence-pack-real-name'));
    expect(named).toContain('PBS Lens evidence pack: Zoë Hartley');
    await j.page.getByTestId('real-name').uncheck();
    await j.page.getByText(`Evidence pack: ${label}`).waitFor();
  });

  test('suppresses small numbers consistently in text and tables', async () => {
    await j.page.getByTestId('suppress').check();
    const file = await printPdf('evidence-pack-suppressed');
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '3', file, path.join(ARTIFACTS, 'evidence-pack-suppressed')]);
    const t = pdfText(file);
    const round5 = (n: number) => 5 * Math.round(n / 5);
    const sf = engine.ratesPer100.shortfall;
    const short = sf.one.incidents + sf.twoPlus.incidents;
    const all = short + sf.none.incidents;
    expect(t).toContain(`${Math.round((100 * round5(short)) / round5(all))} % of incidents (about ${round5(short)} of about ${round5(all)})`);
    expect(t).not.toContain(`${short} of ${all}`);
    // The rate table: incidents rounded, person-periods (time) not, the rate from the rounded count.
    const c = sf.none;
    expect(t).toContain(`Fully staffed ${round5(c.incidents)} ${c.personPeriods} ${d1((100 * round5(c.incidents)) / c.personPeriods)}`);
    expect(t).toContain('fewer than 5'); // the rule itself, in the sharing note
    // Weekly counts include 1 to 4, so the weekly chart and table are withheld.
    expect(t).toContain('The weekly chart is not shown because small numbers are suppressed');
    // Every table cell that is a count is 0, a multiple of 5, or *.
    const cells = await j.page.locator('[data-testid="table-shortfall-rates"] tbody tr td:nth-child(2), [data-testid="table-restrictive-kinds"] tbody tr td:nth-child(2)').allTextContents();
    expect(cells.length).toBeGreaterThan(5);
    for (const cell of cells) expect(cell).toMatch(/^(\*|0|\d*[05])$/);
    await j.page.getByTestId('suppress').uncheck();
  });

  test("a chart's values by keyboard: Tab reaches it, the arrows step its bars, each said as its row of the table beside it", async () => {
    const { page } = j;
    const figure = page.getByTestId('figure-shortfall-rates');
    const chart = figure.locator('.chart');
    const said = chart.getByTestId('chart-value-said');
    await page.locator('h1').first().focus();
    for (let k = 0; k < 80 && !(await chart.evaluate((el) => el === document.activeElement)); k++) await page.keyboard.press('Tab');
    await expect(chart.evaluate((el) => el === document.activeElement), 'the chart reached by Tab').resolves.toBe(true);
    // Named by its kind and the figure's title; its sentence is the figure's caption, its description (said once: tests/e2e/a11y.test.ts).
    await expect(chart.getAttribute('aria-label')).resolves.toBe(`Bar chart: ${await figure.locator('h3').textContent()}`);
    await expect(chart.getAttribute('aria-describedby')).resolves.toMatch(/^fig-shortfall-rates-caption /);
    await expect(said.textContent()).resolves.toBe('');
    await expect(chart.getByTestId('chart-key-caption').isVisible(), 'the keys told under the focused chart').resolves.toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // The second bar, "About 1 short", in the engine's numbers as the table prints them (one decimal).
    const c = engine.ratesPer100.shortfall.one;
    const words = `About 1 short: Incidents: ${c.incidents}; Person-periods: ${c.personPeriods}; Rate per 100: ${d1(c.rate!)}; 95 % CI: ${d1(c.lower!)} to ${d1(c.upper!)}`;
    const heard = (await said.textContent())!.replace(/[\s\u00a0]+/g, ' ');
    expect(heard).toBe(words);
    // … which is the table's own second row, heading by heading.
    const table = figure.getByTestId('table-shortfall-rates');
    const heads = (await table.locator('thead th').allTextContents()).map((t) => t.replace(/[\s\u00a0]+/g, ' '));
    const row = (await table.locator('tbody tr').nth(1).locator('th, td').allTextContents()).map((t) => t.replace(/[\s\u00a0]+/g, ' '));
    expect(heard).toBe(`${row[0]}: ${heads.slice(1).map((h, i) => `${h}: ${row[i + 1]}`).join('; ')}`);
    // Seen too: the tooltip's lines and a mark on the bar, inside the chart.
    await expect(chart.getByTestId('chart-key-tooltip').locator('p').first().textContent()).resolves.toBe('About 1 short');
    const centre = (b: { x: number; width: number }) => b.x + b.width / 2;
    const [mark, bar, box] = [
      (await chart.getByTestId('chart-focus-mark').boundingBox())!,
      (await chart.locator('.recharts-bar-rectangle').nth(1).boundingBox())!,
      (await chart.boundingBox())!,
    ];
    expect(Math.abs(centre(mark) - centre(bar)), 'the mark on the second bar').toBeLessThan(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'evidence-pack-chart-keys.png'), clip: { ...box, x: box.x - 10, y: box.y - 10, width: box.width + 20, height: box.height + 40 } });
    // End: the last bar, said as the table's last row (a reversed order would say the first).
    await page.keyboard.press('End');
    const lastRow = (await table.locator('tbody tr').last().locator('th, td').allTextContents()).map((t) => t.replace(/[\s\u00a0]+/g, ' '));
    await expect(said.textContent().then((t) => t!.replace(/[\s\u00a0]+/g, ' '))).resolves.toBe(`${lastRow[0]}: ${heads.slice(1).map((h, i) => `${h}: ${lastRow[i + 1]}`).join('; ')}`);
    await page.keyboard.press('Escape');
    await expect(said.textContent()).resolves.toBe('');
    await expect(chart.getByTestId('chart-key-tooltip').count()).resolves.toBe(0);

    // The weekly control chart the same way: Left starts at the last week, said as the last row of
    // its table in the appendix (printed as two half tables side by side: the second's last row).
    const trend = page.getByTestId('figure-trend').locator('.chart');
    await trend.focus();
    await page.keyboard.press('ArrowLeft');
    const weekly = page.getByTestId('table-trend-2');
    const weekHeads = (await weekly.locator('thead th').allTextContents()).map((t) => t.replace(/[\s\u00a0]+/g, ' '));
    const last = (await weekly.locator('tbody tr').last().locator('th, td').allTextContents()).map((t) => t.replace(/[\s\u00a0]+/g, ' '));
    expect(weekHeads[0]).toBe('Week from');
    const values = weekHeads.slice(1).flatMap((h, i) => (last[i + 1] === '' ? [] : [`${h}: ${last[i + 1]}`]));
    await expect(trend.getByTestId('chart-value-said').textContent()).resolves.toBe(`Week from ${last[0]}: ${values.join('; ')}`);
    await page.keyboard.press('Escape');
  });

  test('exports a chart as PNG and SVG, its table as CSV and the results as JSON, all from the browser', async () => {
    const { page } = j;
    const take = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
      expect(download.url()).toMatch(/^blob:/);
      return { name: download.suggestedFilename(), body: fs.readFileSync((await download.path())!) };
    };
    const png = await take('Download Incidents by staffing shortfall as PNG');
    expect(png.name).toMatch(/shortfall-rates\.png$/);
    expect(png.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // Drawn at twice the chart's 620 × 230 CSS pixels.
    expect([png.body.readUInt32BE(16), png.body.readUInt32BE(20)]).toEqual([1240, 460]);
    const svg = await take('Download Incidents by staffing shortfall as SVG');
    const svgText = svg.body.toString('utf8');
    expect(svgText).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svgText).toContain('recharts-bar-rectangle');
    expect(svgText).not.toMatch(/href="(?!#)/);
    const csv = await take('Download Incidents by staffing shortfall table as CSV');
    const lines = csv.body.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Staffing,Incidents,Person-periods,Rate per 100,95 % CI');
    const c = engine.ratesPer100.shortfall.none;
    expect(lines[1]).toBe(`Fully staffed,${c.incidents},${c.personPeriods},${d1(c.rate!)},${d1(c.lower!)} to ${d1(c.upper!)}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
    const json = fs.readFileSync((await download.path())!, 'utf8');
    const doc = JSON.parse(json) as { report: { findings: { text: string }[] }; results: { staffing: StaffingResult } };
    expect(doc.results.staffing.rateRatios.shortfall.twoPlus!.estimate).toBeCloseTo(engine.rateRatios.shortfall.twoPlus!.estimate, 9);
    for (const n of realNames()) expect(json, n).not.toContain(n);
  });
});
