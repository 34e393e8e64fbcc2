/**
 * With pseudonyms on, no page, download or URL carries a real name or a raw person id (issue 15,
 * item 8). The sample service is imported the way many vendor exports write it: the person id IS
 * the name ("Daniel Okafor"), and the incident log spells one person "Okafor, Daniel". "Show real
 * names" stays unticked; Check names, the What if and Data quality downloads (JSON and CSV, with
 * a person chosen), the URL and every attribute of the page (option values, data-filters) are
 * read for every name, and for each part of a name of three letters or more. Ticking the box
 * afterwards shows the names: the check is not vacuous.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT, startJourney, type Journey } from './harness';

const SAMPLE = path.join(ROOT, 'sample-data');

/** person_id → name from the sample's people file. */
function sampleNames(): Map<string, string> {
  const lines = fs.readFileSync(path.join(SAMPLE, 'people.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return new Map(lines.map((l) => l.split(',') as [string, string]).map(([id, name]) => [id, name]));
}
const NAMES = sampleNames();
/** Every name, and each of its words of three letters or more ("O'Neill", "Siobhán"). */
const NAME_PARTS = [...new Set([...NAMES.values()].flatMap((n) => [n, ...n.split(/[\s]+/).filter((w) => w.length >= 3)]))];

/** The sample files with names for ids; in the incident log one person is written surname first. */
function filesWithNamesAsIds(): { name: string; mimeType: string; buffer: Buffer }[] {
  return ['people', 'incidents', 'shifts', 'staffing_requirements', 'restrictive_interventions', 'plan_delivery', 'events'].map((kind) => {
    let text = fs.readFileSync(path.join(SAMPLE, `${kind}.csv`), 'utf8');
    if (kind === 'incidents') text = text.replaceAll(',P001,', ',"Okafor, Daniel",');
    for (const [id, name] of NAMES) text = text.replace(new RegExp(`(^|,)${id}(?=,|\\r?$)`, 'gm'), `$1${name}`);
    return { name: `${kind}.csv`, mimeType: 'text/csv', buffer: Buffer.from(text) };
  });
}

/** Every name part found in `text`. */
const namesIn = (text: string) => NAME_PARTS.filter((n) => text.includes(n));

/** All the page shows the user: text, option labels, titles and accessible names. */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attrs = [...document.querySelectorAll('main *')].flatMap((el) => ['title', 'aria-label', 'alt', 'placeholder'].map((a) => el.getAttribute(a) ?? ''));
    const options = [...document.querySelectorAll('main option')].map((o) => o.textContent ?? '');
    return [document.querySelector('main')!.innerText, ...options, ...attrs].join('\n');
  });
}

/**
 * Every attribute of every element in the page, shown or not (option values, data-filters,
 * links): the page's own keys carry pseudonyms too, since an id may be a name.
 */
function attributeText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`)).join('\n'),
  );
}

async function download(page: Page, button: ReturnType<Page['getByRole']> | ReturnType<Page['getByTestId']>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return fs.readFileSync((await file.path())!, 'utf8');
}

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
  await j.goto('/');
  await j.page.getByLabel('Import your files').setInputFiles(filesWithNamesAsIds());
  await j.page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
  await j.page.getByTestId('import-card').first().waitFor({ timeout: 120_000 });
});
afterAll(async () => {
  await j?.close();
});

describe('with pseudonyms on (real names not shown)', () => {
  test('Check names shows pseudonyms, never a name as the people file spells it, nor an internal key', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Check names' }).click();
    await page.getByTestId('person-row').first().waitFor({ timeout: 120_000 });
    const text = await pageText(page);
    expect(namesIn(text), text).toEqual([]);
    expect(text).not.toMatch(/\bk[0-9a-f]{16}\b/);
    expect(text).toMatch(/Person [0-9A-F]{6}/);
    const attributes = await attributeText(page);
    expect(namesIn(attributes), attributes).toEqual([]);
    // The matches file holds names as written: not offered while names are hidden.
    expect(await page.getByTestId('download-aliases').isDisabled()).toBe(true);
    await j.screenshot('names-check-names-pseudonyms');
  });

  for (const [link, testid] of [
    ['What if', 'what-if'],
    ['Data quality', 'quality'],
  ] as const) {
    test(`${link}: the JSON and CSV downloads and the URL carry pseudonyms, with a person chosen`, async () => {
      const { page } = j;
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByTestId(`${testid}-results`).waitFor({ timeout: 120_000 });
      const person = page.getByLabel('Person', { exact: true });
      const label = (await person.locator('option').nth(1).textContent())!;
      expect(label).toMatch(/^Person [0-9A-F]{6}/);
      await person.selectOption({ label });
      // data-filters is "from|to|unit|person" of the results shown: wait for the person's.
      await expect.poll(() => page.getByTestId(`${testid}-results`).getAttribute('data-filters'), { timeout: 120_000 }).toMatch(/\|[^|]+$/);
      await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
      // Data quality fills its staff references card after the other checks: wait for it too.
      await page.locator(`[data-testid="${testid}-results"] [aria-busy="true"]`).first().waitFor({ state: 'detached', timeout: 120_000 });
      expect(namesIn(decodeURIComponent(page.url()))).toEqual([]);
      expect(namesIn(await pageText(page))).toEqual([]);
      const attributes = await attributeText(page);
      expect(namesIn(attributes), attributes).toEqual([]);
      expect(attributes).toContain(`data-filters="|||${label}"`);

      const all = page.getByTestId(`${testid}-download-all`);
      const json = await download(page, all.getByRole('button', { name: /as JSON/ }));
      expect(json.length).toBeGreaterThan(100);
      expect(namesIn(json)).toEqual([]);
      expect(json).toContain(label.slice(0, 13));
      // Every number on the page, the staff references card's (filled on its own) included.
      if (testid === 'quality') {
        expect(json).toMatch(/"staffReferences":\s*\{[^}]*"references":\s*\d+/);
        // Shaped as the headless report's: the card's sentence among the sentences, no note.
        const parsed = JSON.parse(json) as { sentences: Record<string, string>; staffReferencesNote?: string };
        expect(parsed.sentences.staffReferences).toMatch(/\w/);
        expect(parsed.staffReferencesNote).toBeUndefined();
      }
      const csvButtons = page.getByRole('button', { name: /table as CSV/ });
      if ((await csvButtons.count()) > 0) expect(namesIn(await download(page, csvButtons.first()))).toEqual([]);
      j.assertClean();
    });
  }

  const PAGES: [string, string][] = [
    ['Import summary', 'import-card'],
    ['Staffing and incidents', 'staffing-results'],
    ['Restrictive practice', 'restrictive-results'],
    ['When', 'when-results'],
    ['Over time', 'over-time-results'],
    ['Plan delivery', 'plan-results'],
    ['Commissioned hours', 'commissioned-results'],
    ["Person's story", 'person-results'],
    ['Evidence pack', 'evidence-pack'],
  ];
  test('no other page or its JSON shows a name or an id-that-is-a-name, for the person chosen above', async () => {
    const { page } = j;
    for (const [link, ready] of PAGES) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByTestId(ready).first().waitFor({ timeout: 120_000 });
      await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
      expect(namesIn(await pageText(page)), link).toEqual([]);
      expect(namesIn(decodeURIComponent(page.url())), link).toEqual([]);
      expect(namesIn(await attributeText(page)), `${link} attributes`).toEqual([]);
      const all = ready.endsWith('-results') ? page.getByTestId(ready.replace(/-results$/, '-download-all')).getByRole('button', { name: /as JSON/ }) : null;
      if (all) expect(namesIn(await download(page, all)), `${link} JSON`).toEqual([]);
      if (ready === 'evidence-pack') expect(namesIn(await download(page, page.getByTestId('download-json'))), 'evidence pack JSON').toEqual([]);
    }
    j.assertClean();
  });

  test('the check has teeth: ticking "Show real names" shows them in Check names', async () => {
    const { page } = j;
    await page.getByTestId('show-real-names').check();
    await page.getByRole('link', { name: 'Check names' }).click();
    await page.getByTestId('person-row').first().waitFor({ timeout: 120_000 });
    await expect.poll(async () => namesIn(await pageText(page)).length).toBeGreaterThan(0);
    await page.getByTestId('show-real-names').uncheck();
    j.assertClean();
  });
});
