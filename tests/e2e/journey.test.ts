/**
 * The whole journey under the built app's Content-Security-Policy: load the sample, visit every
 * page in the navigation, take one download of each kind (PNG, SVG, CSV, JSON) each page offers
 * (what the files hold is checked on hostile text in Node: tests/unit/report/export-formats.test.ts),
 * make and print the evidence pack,
 * import a user's files (canonical ones and a vendor export through the wizard), download the
 * rejected rows and a mapping preset, and visit every page again on those files. It fails on any
 * request that leaves the page's origin (the harness), any Content-Security-Policy violation, any
 * console error, and any DuckDB extension that is not built into the wasm.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACTS, ROOT, startJourney, takeDownload, waitForQuiet, type Journey } from './harness';
import { sqlInAppWorker } from '../../src/cli/appWorker';

const SAMPLE = path.join(ROOT, 'sample-data');
const VENDOR = path.join(ROOT, 'tests', 'fixtures', 'vendor', 'radar-incidents.csv');
const CANONICAL = ['people.csv', 'shifts.csv', 'staffing_requirements.csv', 'plan_delivery.csv', 'events.csv'].map((f) => path.join(SAMPLE, f));

/** Every page of the navigation, by its link text and its heading. */
const PAGES: [link: string, heading: string][] = [
  ['Start', 'Start'],
  ['Import summary', 'Import summary'],
  ['Check names', 'Check names across files'],
  ['Staffing and incidents', 'Staffing and incidents'],
  ['Restrictive practice', 'Restrictive practice'],
  ['When', 'When incidents happen'],
  ['Over time', 'Over time'],
  ['Plan delivery', 'Plan delivery'],
  ['Commissioned hours', 'Commissioned vs delivered'],
  ["Person's story", "The person's story"],
  ['What if', 'What if'],
  ['Data quality', 'Data quality'],
  ['Methods', 'Methods and definitions'],
  ['Evidence pack', 'Evidence pack'],
];

/** Violations the document reports, recorded from before the app's first script. */
const RECORD_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
  });
`;

let j: Journey;
const downloads: { name: string; url: string; bytes: Buffer }[] = [];

beforeAll(async () => {
  j = await startJourney();
  await j.context.addInitScript(RECORD_VIOLATIONS);
});
afterAll(async () => {
  await j?.close();
});

/** No CSP violation, no off-origin request, no console error so far. */
async function assertPrivate(): Promise<void> {
  expect(await j.page.evaluate('window.__violations')).toEqual([]);
  j.assertClean();
}

/** Wait until the page has stopped loading and calculating (for some frames in a row, to pass between steps). */
async function settle(): Promise<void> {
  await waitForQuiet(j.page).catch((e: Error) => {
    throw new Error(`the page did not settle: ${e.message}`);
  });
}

async function visit(link: string, heading: string): Promise<void> {
  await j.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await j.page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await settle();
  // A page that could not make its analysis says so in an alert: none may.
  const alerts = await j.page.locator('main [role="alert"]').allTextContents();
  expect(alerts, `${heading}: ${alerts.join(' | ')}`).toEqual([]);
}

async function take(click: () => Promise<void>): Promise<Download> {
  const download = await takeDownload(j.page, click);
  const bytes = fs.readFileSync((await download.path())!);
  downloads.push({ name: download.suggestedFilename(), url: download.url(), bytes });
  return download;
}

const KINDS = [/as PNG$/, /as SVG$/, /as CSV$/, /as JSON$/];

/**
 * Count the page's chart, table and results downloads, and press the first visible one of each
 * kind; check each file is what it says.
 */
async function takeEveryExport(page: string): Promise<number> {
  const buttons = j.page.locator('main button[aria-label^="Download "]');
  const n = await buttons.count();
  // Visible as Playwright means it: a non-empty box, not visibility: hidden.
  const labels = await buttons.evaluateAll((els) =>
    els.map((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' ? el.getAttribute('aria-label') : null;
    }),
  );
  const firstOfKind = KINDS.map((kind) => labels.findIndex((l) => l !== null && kind.test(l))).filter((i) => i >= 0);
  for (const i of firstOfKind) {
    const button = buttons.nth(i);
    const label = labels[i]!;
    const d = await take(() => button.click());
    const { bytes, name, url } = downloads.at(-1)!;
    expect(url, label).toMatch(/^blob:/);
    expect(bytes.length, label).toBeGreaterThan(20);
    if (/as PNG$/.test(label)) {
      expect(name).toMatch(/\.png$/);
      expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    } else if (/as SVG$/.test(label)) {
      const svg = bytes.toString('utf8');
      expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg/);
      expect(svg, `${page}: ${label}`).not.toMatch(/<script|<foreignObject|\son[a-z]+=|href="(?!#)/i);
    } else if (/as CSV$/.test(label)) {
      expect(name).toMatch(/\.csv$/);
      // Formula-looking cells are neutralised: none starts a cell with = + - @ unless it is a number.
      for (const cell of bytes.toString('utf8').replace(/^\uFEFF/, '').split(/[,\r\n]+/)) {
        const c = cell.replace(/^"|"$/g, '');
        if (/^[=+\-@]/.test(c)) expect(c, `${page}: ${label}`).toMatch(/^[-+]?\d/);
      }
    } else if (/as JSON$/.test(label)) {
      expect(() => JSON.parse(bytes.toString('utf8')), label).not.toThrow();
    }
    await expect(d.failure()).resolves.toBeNull();
  }
  const problems = await j.page.locator('main .export-problem').allTextContents();
  expect(problems, page).toEqual([]);
  return n;
}

describe('the whole journey stays on the page', () => {
  test('the sample loads under the policy', async () => {
    await j.goto('/?sample=1');
    await j.page.getByTestId('headline').waitFor({ timeout: 120_000 });
    await settle();
    await assertPrivate();
  });

  // One test per page, so each has its own time: a page can offer dozens of downloads.
  let exports = 0;
  for (const [link, heading] of PAGES.filter(([, h]) => h !== 'Evidence pack')) {
    test(`${heading}: the page and one download of each kind it offers`, async () => {
      await visit(link, heading);
      if (heading === "The person's story") {
        // A person's timelines need a person.
        await j.page.getByLabel('Person', { exact: true }).selectOption({ index: 1 });
        await settle();
      }
      exports += await takeEveryExport(heading);
      await assertPrivate();
    });
  }

  test('many downloads were made', () => {
    expect(exports).toBeGreaterThan(20);
  });

  test('the evidence pack is made, printed and exported', async () => {
    await visit('Evidence pack', 'Evidence pack');
    await j.page.getByLabel('Person', { exact: true }).selectOption({ index: 1 });
    await j.page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
    await settle();
    await j.page.emulateMedia({ media: 'print' });
    const pdf = await j.page.pdf({ path: path.join(ARTIFACTS, 'journey-evidence-pack.pdf'), preferCSSPageSize: true });
    await j.page.emulateMedia({ media: 'screen' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await takeEveryExport('Evidence pack');
    await take(() => j.page.getByTestId('download-json').click());
    expect(downloads.at(-1)!.name).toMatch(/\.json$/);
    // PNG, SVG, CSV and JSON have all been made by now, from many charts and tables.
    for (const ext of ['png', 'svg', 'csv', 'json']) expect(downloads.filter((d) => d.name.endsWith(`.${ext}`)).length, ext).toBeGreaterThan(0);
    await assertPrivate();
  });

  test("the user's files: canonical ones and a vendor export through the wizard; rejects and a mapping preset downloaded", async () => {
    const { page } = j;
    await visit('Start', 'Start');
    await page.getByLabel('Import your files').setInputFiles([...CANONICAL, VENDOR]);
    await page.getByTestId('import-wizard').waitFor();
    const vendorCard = page.locator(`[data-testid="wizard-file"][data-file="${path.basename(VENDOR)}"]`);
    await expect.poll(() => vendorCard.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    await page.getByTestId('start-import').click();
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    await settle();
    await expect(page.getByTestId('import-card').count()).resolves.toBe(CANONICAL.length + 1);

    const vendorReport = page.locator(`[data-testid="import-card"][data-file="${path.basename(VENDOR)}"]`);
    const rejects = await take(() => vendorReport.getByTestId('download-rejects').click());
    expect(rejects.suggestedFilename()).toBe('radar-incidents-rejected.csv');
    expect(downloads.at(-1)!.bytes.toString('utf8')).toMatch(/^(\uFEFF)?line,column,value,reason\r\n/);

    // Keep the mapping the wizard used as a preset, and download it from the start page.
    await vendorReport.getByTestId('mapping-used').locator('summary').click();
    await vendorReport.getByLabel('Save this mapping as').fill('Radar export');
    await vendorReport.getByRole('button', { name: 'Save mapping' }).click();
    await vendorReport.getByText('Saved as ‘Radar export’').waitFor();
    await visit('Start', 'Start');
    const preset = await take(() => page.getByTestId('preset-row').getByRole('button', { name: /Download/ }).click());
    expect(preset.suggestedFilename()).toMatch(/\.json$/);
    const json = JSON.parse(downloads.at(-1)!.bytes.toString('utf8')) as Record<string, unknown>;
    expect(JSON.stringify(json)).toContain('Radar export');
    await assertPrivate();
  });

  test('every page again, on the imported files', async () => {
    for (const [link, heading] of PAGES) {
      if (heading === 'Evidence pack' || heading === 'Start') continue;
      await visit(link, heading);
      await assertPrivate();
    }
  });

  test('DuckDB has loaded only extensions built into its wasm, and cannot fetch others', async () => {
    const loaded = await sqlInAppWorker(j.page, 'SELECT extension_name, install_mode FROM duckdb_extensions() WHERE loaded OR installed');
    expect(loaded.length).toBeGreaterThan(0);
    for (const e of loaded) expect(e, String(e.extension_name)).toMatchObject({ install_mode: 'STATICALLY_LINKED' });
    const settings = await sqlInAppWorker(
      j.page,
      "SELECT current_setting('autoinstall_known_extensions') AS autoinstall, current_setting('autoload_known_extensions') AS autoload",
    );
    expect(settings).toEqual([{ autoinstall: false, autoload: false }]);
    await assertPrivate();
    // Everything the page asked for came from its own origin (the harness also blocks the rest).
    expect(j.requests.length).toBeGreaterThan(20);
    expect(j.offOrigin).toEqual([]);
  });
});
