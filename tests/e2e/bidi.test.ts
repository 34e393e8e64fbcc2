/**
 * Right-to-left override characters in files (issue 15, item 9). A U+202E in a file name, a unit,
 * a name or a behaviour reverses everything after it up to the end of its paragraph — the app's
 * own words included ("… rows read from ‮incidents.csv, 12 rejected" comes out backwards) —
 * unless the file's text is isolated: inside a <bdi> or an element with unicode-bidi: isolate, or
 * alone in its own block (a table cell, a list item, an option, an SVG text).
 *
 * The sample service's files are imported with controls planted in every kind of text a page
 * shows, and each page's rendered DOM is audited: every text node holding a control must be
 * isolated from the app's words around it. The JSON export of the evidence pack must carry no
 * raw control (escaped, the same strings once parsed).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACTS, ROOT, startJourney, type Journey } from './harness';

const RLO = '\u202E';
const LRI = '\u2066';
const SAMPLE = path.join(ROOT, 'sample-data');

/** The sample's files with controls planted in units, names, behaviours, strategies and file names. */
function hostileFiles(): { name: string; mimeType: string; buffer: Buffer }[] {
  const plant = (text: string) =>
    text
      .replaceAll(',Oak,', `,Oak${RLO} draW,`)
      .replaceAll('Daniel Okafor', `Daniel${RLO} rofakO`)
      .replaceAll('verbal aggression', `verbal${LRI} aggression`)
      .replaceAll('Morning walk', `Morning${RLO} klaw`)
      .replaceAll('medication change', `medication${RLO} change`)
      // A unit only the incident log names: sentences about unmatched units quote it.
      .replaceAll(',Willow,absconding', `,Willow${RLO} wolliW,absconding`)
      // A value that is rejected: the import summary quotes rejected values and their reasons.
      .replace(',2025-01-01 21:36:00,', `,2025-01-01 21:36${RLO}:00x,`);
  return ['people', 'incidents', 'shifts', 'staffing_requirements', 'restrictive_interventions', 'plan_delivery', 'events'].map((kind) => ({
    name: `${kind}-${RLO}tropxe.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(plant(fs.readFileSync(path.join(SAMPLE, `${kind}.csv`), 'utf8')).replace(/^unit,shift,required/, 'unit,shift,required')),
  }));
}

/**
 * Text nodes holding a bidi control that are not isolated from the text around them: no
 * isolating ancestor (bdi, unicode-bidi isolate / plaintext) before the block that holds them,
 * and that block holds other text too.
 */
function unisolated(page: Page): Promise<{ seen: number; bad: string[] }> {
  return page.evaluate(() => {
    const controls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
    const isolating = new Set(['isolate', 'isolate-override', 'plaintext']);
    const out: string[] = [];
    let seen = 0;
    const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!controls.test(text)) continue;
      seen++;
      let el: Element | null = node.parentElement;
      let ok = false;
      while (el) {
        const style = getComputedStyle(el);
        // Hidden on screen (display: none, e.g. print-only) counts as inline: it is judged by where it prints.
        // A block is checked before its unicode-bidi: browsers give blocks 'isolate', which does not
        // separate the texts inside one block.
        const block = el instanceof SVGTextElement || !['inline', 'contents', 'none'].includes(style.display);
        if (block) {
          ok = (el.textContent ?? '').trim() === text.trim();
          break;
        }
        if (el.tagName.toLowerCase() === 'bdi' || isolating.has(style.unicodeBidi)) {
          ok = true;
          break;
        }
        el = el.parentElement;
      }
      if (!ok) out.push(`${el?.tagName ?? '?'}: ${(el?.textContent ?? text).replace(/\s+/g, ' ').slice(0, 160)}`);
    }
    return { seen, bad: out };
  });
}

async function openPage(page: Page, link: string, ready: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.getByTestId(ready).first().waitFor({ timeout: 120_000 });
  await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
}

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
  await j.goto('/');
  await j.page.getByLabel('Import your files').setInputFiles(hostileFiles());
  await j.page.getByRole('heading', { level: 1, name: 'Import summary' }).waitFor({ timeout: 120_000 });
  await j.page.getByTestId('import-card').first().waitFor({ timeout: 120_000 });
});
afterAll(async () => {
  await j?.close();
});

describe('text from files with bidi controls', () => {
  const pages: [string, string][] = [
    ['Import summary', 'import-card'],
    ['Check names', 'apply-aliases'],
    ['Staffing and incidents', 'headline'],
    ['Restrictive practice', 'restrictive-results'],
    ['When', 'when-results'],
    ['Over time', 'over-time-results'],
    ['Plan delivery', 'plan-results'],
    ["Person's story", 'person-results'],
    ['Data quality', 'quality-results'],
    ['What if', 'what-if-results'],
    ['Commissioned hours', 'commissioned-results'],
  ];
  for (const [link, ready] of pages) {
    test(`is isolated from the app's words on ${link}`, async () => {
      await openPage(j.page, link, ready);
      const { seen, bad } = await unisolated(j.page);
      expect(seen).toBeGreaterThan(0);
      // The rejected value is shown with its reason.
      if (link === 'Import summary') {
        expect(await j.page.locator('main').textContent()).toContain(`21:36${RLO}:00x`);
        // Its rejects file (CSV) and the file's name show the control instead of acting on it.
        const card = j.page.locator('[data-testid="import-card"]', { hasText: 'Incidents' });
        const [file] = await Promise.all([j.page.waitForEvent('download'), card.getByTestId('download-rejects').click()]);
        const csv = fs.readFileSync((await file.path())!, 'utf8');
        expect(csv).toContain('21:36[U+202E]:00x');
        expect(csv).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
        expect(file.suggestedFilename()).toBe('incidents-[U+202E]tropxe-rejected.csv');
      }
      expect(bad).toEqual([]);
    });
  }

  test("is isolated in the evidence pack, and its JSON carries the controls escaped", async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Evidence pack', exact: true }).click();
    const person = page.getByLabel('Person', { exact: true });
    await person.waitFor({ timeout: 120_000 });
    const first = await person.locator('option').nth(1).getAttribute('value');
    await person.selectOption(first!);
    await page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
    await page.getByTestId('calculating').waitFor({ state: 'detached', timeout: 120_000 });
    const { seen, bad } = await unisolated(page);
    expect(seen).toBeGreaterThan(0);
    expect(bad).toEqual([]);
    await page.locator('section[aria-labelledby="pack-provenance"]').screenshot({ path: path.join(ARTIFACTS, 'bidi-evidence-pack-provenance.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(text).toContain('\\u202e');
    expect(JSON.stringify(JSON.parse(text))).toContain(`incidents-${RLO}tropxe.csv`);
    j.assertClean();
  });
});
