/**
 * An automated accessibility audit (axe-core, Deque's rules for WCAG 2.1 A and AA) of every page
 * of the built app in Chromium, in the states a person meets: Start, the import wizard asking a
 * question, ready with its mapping saved, a saved mapping applying itself, and refusing files (a
 * PDF, an empty file) with its messages; an import summary with a rejected row (its table, its
 * download, the mapping used); "Delete all data" asking to confirm; Check names with names to match (suggestions, a match used, a new
 * name typed, the matches applied); Methods; then with the sample loaded every dashboard page
 * (Person's story with a person too), the import summary, Check names and one person's evidence
 * pack (with a chart's value shown by the keys, and its easy-read page). A serious or critical
 * violation fails; the rest are printed. axe runs in the page from the package's own file
 * (page.evaluate: the app's Content-Security-Policy refuses an inline <script>, so addScriptTag
 * cannot, and nothing may be fetched from another origin), after the page has settled. Each test
 * sets up what it needs (withSample, imported), so one runs alone too; run in order, they reuse
 * one page and load the sample once.
 *
 * What axe leaves open is checked here too: the text drawn in charts' SVG (axe's colour-contrast
 * rule calls it "incomplete", unable to tell what is behind it), that a table's box is a tab stop
 * exactly when it scrolls sideways (in every state audited), one dashboard page's accessibility
 * tree (axe does not ask a role="application" chart for a name), and the evidence pack's figures'
 * trees (each chart's sentence said once: as its caption and description, not again in its name).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { service } from '../fixtures/reconcile/service';
import { ROOT, startJourney, takeDownload, waitForQuiet, type Journey } from './harness';
import { samplePersonValue } from './people';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe's violations of the page as it is now (WCAG 2.1 A/AA rules only). */
async function audit(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, WCAG21_AA);
}

/**
 * Serious and critical violations as "rule (impact) ×count: first targets" (the rest printed), and
 * every table box that is a tab stop without scrolling sideways, or scrolls without being one.
 */
async function serious(page: Page, where: string): Promise<string[]> {
  const found = await audit(page);
  const line = (v: Violation) => `${where}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`;
  const [bad, rest] = [found.filter((v) => v.impact === 'serious' || v.impact === 'critical'), found.filter((v) => v.impact !== 'serious' && v.impact !== 'critical')];
  for (const v of rest) console.log(`axe, not failing: ${line(v)}`);
  return [...bad.map(line), ...(await tableBoxes(page, where)), ...(await chartNames(page, where))];
}

/**
 * Every chart named by its kind and the title of its card or figure, and described first by the
 * sentence its card or figure shows, that sentence not in its name: said once.
 */
async function chartNames(page: Page, where: string): Promise<string[]> {
  return page.$$eval('main .chart', (charts) =>
    charts.flatMap((chart) => {
      const words = (t: string | null | undefined) => (t ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
      const holder = chart.closest('section.card, figure');
      const title = words(holder?.querySelector('h2, h3')?.textContent);
      const name = words(chart.getAttribute('aria-label'));
      const described = document.getElementById((chart.getAttribute('aria-describedby') ?? '').split(' ')[0]!);
      const sentence = words(described?.textContent);
      const wrong = [
        /^(Bar chart|Control chart|Chart by (week|month)): /.test(name) && name.endsWith(`: ${title}`) ? '' : `named "${name}", not its kind and "${title}"`,
        described && holder?.contains(described) && sentence !== '' ? '' : 'not described by its card\'s sentence',
        sentence !== '' && name.includes(sentence) ? 'its sentence in its name too' : '',
      ].filter(Boolean);
      return wrong.map((w) => `${title}: chart ${w}`);
    }),
  ).then((found) => found.map((f) => `${where}: ${f}`));
}

/** A table's box is a tab stop (and a named region) exactly when the table is wider than it (components/TableScroll.tsx). */
async function tableBoxes(page: Page, where: string): Promise<string[]> {
  const boxes = await page.$$eval('main .table-scroll', (els) =>
    els.map((b) => ({ scrolls: b.scrollWidth > b.clientWidth, stop: b.getAttribute('tabindex') === '0' && b.getAttribute('role') === 'region' && b.hasAttribute('aria-label') })),
  );
  return boxes.filter((b) => b.scrolls !== b.stop).map((b) => `${where}: a table box that ${b.scrolls ? 'scrolls is no tab stop' : 'fits is a tab stop'}`);
}

/**
 * Chart text (SVG) whose fill is below WCAG's contrast minimum (4.5:1; 3:1 when large) on the
 * white card behind it, computed from the fill with its opacity, as "fill ratio "text"".
 */
async function faintChartText(page: Page): Promise<{ checked: number; faint: string[] }> {
  return page.evaluate(() => {
    const linear = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    const luminance = ([r, g, b]: number[]) => 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
    const faint = new Set<string>();
    let checked = 0;
    for (const t of document.querySelectorAll('main svg text')) {
      const text = t.textContent?.trim() ?? '';
      const cs = getComputedStyle(t);
      const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(cs.fill);
      if (text === '' || !m) continue;
      checked++;
      // Painted over white: each channel mixed with white by the fill's alpha and opacities.
      const alpha = Number(m[4] ?? 1) * Number(cs.fillOpacity) * Number(cs.opacity);
      const rgb = [m[1], m[2], m[3]].map((c) => alpha * Number(c) + (1 - alpha) * 255);
      const ratio = 1.05 / (luminance(rgb) + 0.05);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) faint.add(`${cs.fill} ${ratio.toFixed(2)}:1 "${text.slice(0, 30)}"`);
    }
    return { checked, faint: [...faint] };
  });
}

/** Open every table folded under "Numbers behind the chart" (each click takes one out of the set, so always the first). */
async function openFolded(page: Page): Promise<void> {
  const folded = page.locator('main details:not([open]) > summary');
  for (let n = await folded.count(); n > 0; n--) await folded.first().click();
  expect(await folded.count(), 'every folded table opened').toBe(0);
}

/** Dashboard pages: the menu's label and the test id of their results (data-filters "|||": no filter). */
const DASHBOARD: [nav: string, testid: string][] = [
  ['Staffing and incidents', 'staffing'],
  ['Restrictive practice', 'restrictive'],
  ['When', 'when'],
  ['Over time', 'over-time'],
  ['Plan delivery', 'plan'],
  ['Commissioned hours', 'commissioned'],
  ["Person's story", 'person'],
  ['What if', 'what-if'],
  ['Who was there', 'who'],
  ['ABC', 'abc'],
  ['Data quality', 'quality'],
];

const VENDOR = path.join(ROOT, 'tests', 'fixtures', 'vendor');
/** An incident export whose dates need the day/month question, and one of whose rows is rejected (its .expected.json). */
const DATIX = path.join(VENDOR, 'datix-incidents.csv');

let j: Journey;
/** Files written for the audit: the reconcile fixture's messy service (names to check), a PDF and an empty file (refused). */
let tmp: string;
let messy: string[];
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-a11y-'));
  const texts = service(true);
  const names = { people: 'people.csv', requirements: 'staffing_requirements.csv', shifts: 'shifts.csv', incidents: 'incidents.csv', planDelivery: 'plan_delivery.csv' };
  messy = Object.entries(names).map(([key, name]) => {
    fs.writeFileSync(path.join(tmp, name), texts[key as keyof typeof texts]);
    return path.join(tmp, name);
  });
  fs.writeFileSync(path.join(tmp, 'incident-report.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
  fs.writeFileSync(path.join(tmp, 'empty.csv'), '');
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The app open (a test run alone starts on a blank page). */
async function opened(page: Page): Promise<void> {
  if (!page.url().startsWith('http')) await j.goto('/');
}

/** The sample service loaded, unless it already is (the Start page says so): each test can run alone. */
async function withSample(page: Page): Promise<void> {
  await opened(page);
  await page.getByRole('link', { name: 'Start', exact: true }).click();
  const load = page.getByTestId('load-sample');
  await load.waitFor();
  if ((await page.getByText('Importing your files replaces the sample service.').count()) > 0) return;
  await load.click();
  await page.getByTestId('headline').waitFor({ timeout: 120_000 });
}

/** Files imported through the Start page's picker; the wizard, when it opens, started (files that need no answer). */
async function imported(page: Page, files: string[]): Promise<void> {
  await opened(page);
  await page.getByRole('link', { name: 'Start', exact: true }).click();
  await page.getByLabel('Import your files').setInputFiles(files);
  await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
}
afterEach(() => {
  j.assertClean();
});

describe('accessibility audit (axe-core, WCAG 2.1 A/AA): no serious or critical violation', () => {
  test('Start, the import wizard (a question, a saved mapping, refused files), an import summary with a rejected row, deleting asked, and Methods', async () => {
    const { page } = j;
    await opened(page);
    await page.getByRole('link', { name: 'Start', exact: true }).click();
    await page.getByRole('button', { name: 'Explore the sample service' }).waitFor();
    const problems = await serious(page, 'Start');
    // The audit sees what it should: a text box without a label planted in the page is critical.
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<input type="text" id="planted">'));
    expect((await serious(page, 'Start with a planted field')).join('\n')).toMatch(/^Start with a planted field: label \(critical\) ×1: .*#planted/);
    await page.evaluate(() => document.getElementById('planted')!.remove());
    // The incident export alone: nothing settles its day/month order, so the wizard asks.
    await page.getByLabel('Import your files').setInputFiles([DATIX]);
    const card = page.getByTestId('wizard-file');
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 30_000 }).toBe('open');
    const question = card.locator('fieldset.question').filter({ hasText: 'can be read two ways' });
    await question.waitFor();
    problems.push(...(await serious(page, 'Import wizard, a question asked')));
    await question.getByLabel(/day first/).check();
    await expect.poll(() => card.getAttribute('data-status')).toBe('ready');
    await card.getByLabel('Save this mapping as').fill('Datix weekly');
    await card.getByRole('button', { name: 'Save mapping' }).click();
    await card.getByText('Saved as ‘Datix weekly’').waitFor();
    problems.push(...(await serious(page, 'Import wizard, answered, its mapping saved')));
    await page.getByTestId('start-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    // One row rejected (the fixture's .expected.json), its table (a line for each value refused) and its download; the mapping used opened.
    await expect(page.getByTestId('import-rejected').textContent()).resolves.toBe('1');
    await expect(page.locator('table.rejects tbody tr').count()).resolves.toBeGreaterThan(0);
    await page.getByTestId('mapping-used').locator('summary').click();
    problems.push(...(await serious(page, 'Import summary with a rejected row')));
    const download = await takeDownload(page, () => page.getByTestId('download-rejects').click());
    expect(download.suggestedFilename()).toBe('datix-incidents-rejected.csv');
    // The Start page with the saved mapping listed; the same export again: the mapping applies itself (its banner).
    await page.getByRole('link', { name: 'Start', exact: true }).click();
    await page.getByTestId('preset-row').waitFor();
    problems.push(...(await serious(page, 'Start with a saved mapping')));
    await page.getByLabel('Import your files').setInputFiles([DATIX]);
    await card.getByTestId('preset-banner').waitFor();
    await expect.poll(() => card.getAttribute('data-status')).toBe('ready');
    problems.push(...(await serious(page, 'Import wizard, a saved mapping applied')));
    await page.getByRole('button', { name: 'Cancel' }).click();
    // Files the app refuses: each card says why.
    await page.getByLabel('Import your files').setInputFiles([path.join(tmp, 'incident-report.pdf'), path.join(tmp, 'empty.csv')]);
    await expect.poll(() => page.getByTestId('file-error').count(), { timeout: 30_000 }).toBe(2);
    await expect(page.getByTestId('file-error').first().textContent()).resolves.toMatch(/This is a PDF/);
    problems.push(...(await serious(page, 'Import wizard, files refused')));
    await page.getByRole('button', { name: 'Cancel' }).click();
    // Deleting everything asks first (its confirmation audited, then called off).
    await page.getByTestId('delete-all').click();
    const confirm = page.getByRole('group', { name: 'Confirm deleting all data' });
    await confirm.waitFor();
    problems.push(...(await serious(page, 'Delete all, asking to confirm')));
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('link', { name: 'Methods', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Methods and definitions' }).waitFor();
    problems.push(...(await serious(page, 'Methods')));
    expect(problems).toEqual([]);
  });

  test('Check names with names to match: suggestions, choices (a match used, a new name typed), and the matches applied', async () => {
    const { page } = j;
    // The reconcile fixture's messy service: "Oak Ward", "WILLOW", "Birch" and people's names.
    await imported(page, messy);
    await page.getByRole('link', { name: 'Check names', exact: true }).click();
    await page.getByTestId('units-unmatched').waitFor({ timeout: 60_000 });
    await waitForQuiet(page);
    const problems = await serious(page, 'Check names, names to match');
    await page.getByTestId('show-real-names').check();
    const alexSmith = page.getByTestId('person-row').filter({ has: page.getByTestId('ambiguous') });
    await expect.poll(() => alexSmith.textContent(), { timeout: 60_000 }).toContain('Smith');
    await page.locator('[data-testid="unit-row"][data-name="Birch House (ATU)"]').getByRole('button', { name: 'use it' }).click();
    const birch = page.getByLabel('Treat “Birch” as', { exact: true });
    await birch.selectOption({ label: 'Rename to…' });
    await page.getByLabel('New name for Treat “Birch” as').fill('Birch Ward');
    problems.push(...(await serious(page, 'Check names, real names shown, a match used, a new name typed')));
    await birch.selectOption('Birch Ward');
    await page.getByTestId('apply-aliases').click();
    await page.getByTestId('aliases-applied').waitFor({ timeout: 120_000 });
    await waitForQuiet(page);
    problems.push(...(await serious(page, 'Check names, matches applied')));
    await page.getByTestId('show-real-names').uncheck();
    expect(problems).toEqual([]);
  });

  test('every dashboard page with the sample loaded, and its import summary', async () => {
    const { page } = j;
    await withSample(page);
    const problems: string[] = [];
    let chartTexts = 0;
    let boxes = 0;
    for (const [nav, testid] of DASHBOARD) {
      await page.getByRole('link', { name: nav, exact: true }).click();
      await page.locator(`[data-testid="${testid}-results"][data-filters="|||"]:not(.stale)`).waitFor({ timeout: 120_000 });
      await page.locator(`[data-testid="${testid}-results"] [aria-busy="true"]`).first().waitFor({ state: 'detached', timeout: 120_000 });
      // Tables folded away under "Numbers behind the chart" are drawn only when opened: audited open.
      await openFolded(page);
      await waitForQuiet(page);
      problems.push(...(await serious(page, nav)));
      boxes += await page.locator('main .table-scroll').count();
      const text = await faintChartText(page);
      chartTexts += text.checked;
      problems.push(...text.faint.map((t) => `${nav}: chart text below the contrast minimum: ${t}`));
    }
    expect(chartTexts, 'chart text checked for contrast').toBeGreaterThan(200);
    expect(boxes, 'table boxes checked').toBeGreaterThan(10);
    // On a phone's width the same tables scroll sideways, and each box becomes a stop (checked again on resize).
    const wide = page.viewportSize()!;
    await page.getByRole('link', { name: 'Staffing and incidents', exact: true }).click();
    await page.setViewportSize({ width: 390, height: 900 });
    await waitForQuiet(page);
    const narrow = await page.$$eval('main .table-scroll', (els) => els.map((b) => ({ scrolls: b.scrollWidth > b.clientWidth, stop: b.getAttribute('tabindex') === '0' })));
    await page.setViewportSize(wide);
    expect(narrow.filter((b) => b.scrolls).length, 'tables that scroll at 390 px').toBeGreaterThan(0);
    expect(narrow.filter((b) => b.scrolls !== b.stop)).toEqual([]);
    // The person's story with a person chosen (without one it asks for one); the filters then left as they were.
    await page.getByRole('link', { name: "Person's story", exact: true }).click();
    await page.getByLabel('Person', { exact: true }).selectOption(await samplePersonValue(page, 'P001'));
    await page.getByTestId('story-headline').waitFor({ timeout: 120_000 });
    await waitForQuiet(page);
    problems.push(...(await serious(page, "Person's story of one person")));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('link', { name: 'Import summary', exact: true }).click();
    await page.getByTestId('import-totals').waitFor();
    problems.push(...(await serious(page, 'Import summary')));
    await page.getByRole('link', { name: 'Check names', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Check names across files' }).waitFor();
    await waitForQuiet(page);
    problems.push(...(await serious(page, 'Check names')));
    expect(problems).toEqual([]);
  });

  test("the accessibility tree of a dashboard page: every chart named, every chart's table named, every filter labelled", async () => {
    const { page } = j;
    await withSample(page);
    await page.getByRole('link', { name: 'Restrictive practice', exact: true }).click();
    // With a unit chosen, so the filters' Clear button is there too.
    await page.getByLabel('Unit', { exact: true }).selectOption('Oak');
    await page.locator('[data-testid="restrictive-results"][data-filters="||Oak|"]:not(.stale)').waitFor({ timeout: 120_000 });
    await waitForQuiet(page);
    // Tables folded away under "Numbers behind the chart" are out of the tree until opened.
    await openFolded(page);
    const cards = page.locator('main section.card').filter({ has: page.locator('.chart') });
    const charts = await cards.count();
    expect(charts, 'charts on the page').toBeGreaterThanOrEqual(4);
    const words = (t: string | null) => (t ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
    for (let i = 0; i < charts; i++) {
      const tree = await cards.nth(i).ariaSnapshot();
      const card = /^- region "([^"]+)"/.exec(tree)?.[1];
      expect(card, `card ${i} named:\n${tree.slice(0, 300)}`).toBeTruthy();
      // The chart: an application (the one tab stop) named by its kind and the card's title, its
      // sentence said once (the card's, its description: not again in its name); its table: a table named by its caption.
      expect(tree, `${card}: its chart named`).toMatch(new RegExp(`^\\s*- '?application "(Bar chart|Control chart|Chart by (week|month)): ${card!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'm'));
      const sentence = words(await cards.nth(i).locator('p.summary').first().textContent());
      expect(words(tree).split(sentence).length - 1, `${card}: "${sentence}" once`).toBe(1);
      const description = await cards.nth(i).locator('.chart').evaluate((el) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent));
      expect(words(description[0]!), `${card}: described by its sentence`).toBe(sentence);
      expect(tree, `${card}: its table named`).toMatch(/^\s*- '?table "[^"]+"/m);
    }
    const main = await page.locator('main').ariaSnapshot();
    expect(main.match(/^\s*- '?application "[^"]+"/gm)?.length, 'every chart in the tree, named').toBe(await page.locator('main .chart').count());
    expect(main, 'no table without a name').not.toMatch(/^\s*- table(?! ")/m);
    // The filters: each control in the tree with its label, as many as the form has.
    const filters = await page.getByRole('form', { name: 'Filters' }).ariaSnapshot();
    const controls = filters.match(/^\s*- (textbox|combobox|button|checkbox|radio|spinbutton|searchbox)\b.*$/gm) ?? [];
    expect(controls.map((c) => /- \w+ "([^"]+)"/.exec(c)?.[1] ?? `unnamed: ${c.trim()}`)).toEqual(['From', 'To', 'Unit', 'Person', 'Clear filters']);
    expect(controls.length).toBe(await page.locator('form[aria-label="Filters"]').locator('input, select, button, textarea').count());
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  test("one person's evidence pack", async () => {
    const { page } = j;
    await withSample(page);
    await page.getByRole('link', { name: 'Evidence pack', exact: true }).click();
    await page.getByTestId('choose-person').waitFor();
    await page.getByLabel('Person', { exact: true }).selectOption(await samplePersonValue(page, 'P002'));
    await page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
    await waitForQuiet(page);
    const problems = await serious(page, 'Evidence pack');
    const text = await faintChartText(page);
    expect(text.checked, 'chart text checked for contrast').toBeGreaterThan(50);
    problems.push(...text.faint.map((t) => `Evidence pack: chart text below the contrast minimum: ${t}`));
    // Each chart named by its kind and its figure's title; its sentence, the figure's caption, in the
    // figure's tree once (not again in the chart's name) and the chart's description (read after its name).
    const figures = page.locator('figure.pack-figure').filter({ has: page.locator('.chart') });
    expect(await figures.count(), 'figures with a chart').toBeGreaterThanOrEqual(3);
    const words = (t: string | null) => (t ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
    for (let i = 0; i < (await figures.count()); i++) {
      const figure = figures.nth(i);
      const [title, sentence] = [words(await figure.locator('h3').textContent()), words(await figure.locator('figcaption').textContent())];
      const tree = words(await figure.ariaSnapshot());
      const chart = /- '?application "([^"]+)"/.exec(tree)?.[1];
      expect([`Bar chart: ${title}`, `Control chart: ${title}`, `Chart by week: ${title}`, `Chart by month: ${title}`], tree).toContain(chart);
      expect(tree.split(sentence).length - 1, `"${sentence}" said once in:\n${tree}`).toBe(1);
      const description = await figure.locator('.chart').evaluate((el) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent).join(' '));
      expect(words(description).startsWith(sentence), description).toBe(true);
    }
    // A chart with a value shown by the keys (its mark, tooltip and live region), and the easy-read page.
    const chart = page.getByTestId('figure-shortfall-rates').locator('.chart');
    await chart.focus();
    await page.keyboard.press('ArrowRight');
    await chart.getByTestId('chart-key-tooltip').waitFor();
    problems.push(...(await serious(page, 'Evidence pack, a chart value shown')));
    await page.getByTestId('page-easy-read').check();
    await page.locator('.easy-read').waitFor();
    problems.push(...(await serious(page, 'Evidence pack, easy read')));
    expect(problems).toEqual([]);
  });
});
