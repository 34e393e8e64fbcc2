/**
 * Issue 14's browser checks, on the sample service: a deep link with ?sample=1 opens the page it
 * names; while the data load, "No data is loaded yet" never shows beside the progress; the Over
 * time charts and the pack's weekly chart carry the variation icon; the easy-read name stays out of the URL, the full pack and
 * its JSON. Screenshots of the Over time and easy-read pages go to tests/artifacts/.
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJourney, type Journey } from './harness';
import { samplePersonValue } from './people';

const NAME = 'Sunny Dee';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
  // Watches every change of the page from its first paint: did the empty-state text ever show while progress did?
  await j.context.addInitScript(() => {
    const w = window as unknown as { __seen: { progress: boolean; both: boolean } };
    w.__seen = { progress: false, both: false };
    new MutationObserver(() => {
      const progress = document.querySelector('[data-testid="progress"]') !== null;
      const empty = (document.body?.textContent ?? '').includes('No data is loaded yet');
      if (progress) w.__seen.progress = true;
      if (progress && empty) w.__seen.both = true;
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
});
afterAll(async () => {
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

describe('plain words in the browser', () => {
  test('?view=restrictive&sample=1 opens Restrictive practice, with no "No data is loaded yet" while it loads', async () => {
    await j.goto('/?view=restrictive&sample=1');
    await j.page.getByTestId('rp-headline').waitFor({ timeout: 120_000 });
    await expect(j.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Restrictive practice');
    expect(new URL(j.page.url()).search).toBe('?view=restrictive');
    const seen = await j.page.evaluate(() => (window as unknown as { __seen: { progress: boolean; both: boolean } }).__seen);
    expect(seen.progress).toBe(true); // the observer saw the loading
    expect(seen.both).toBe(false);
  });

  test('each Over time chart carries the variation icon with its improvement direction', async () => {
    await j.page.getByRole('link', { name: 'Over time' }).click();
    const icon = j.page.getByTestId('spc-incidents-icon');
    await icon.waitFor({ timeout: 120_000 });
    await expect(icon.getAttribute('data-direction')).resolves.toBe('down');
    expect(['common', 'improvement', 'concern']).toContain(await icon.getAttribute('data-variation'));
    await expect(icon.locator('svg').getAttribute('aria-label')).resolves.toMatch(/lower is better/);
    await expect(j.page.getByTestId('spc-g-icon').getAttribute('data-direction')).resolves.toBe('up');
    for (const key of ['restrictive', 'rate', 'shortfall']) await j.page.getByTestId(`spc-${key}-icon`).waitFor();
    await j.screenshot('plain-words-over-time');
  });

  test('the easy-read name is used on the easy-read page only: not in the URL, the full pack or its JSON', async () => {
    const { page } = j;
    await page.getByRole('link', { name: 'Evidence pack' }).click();
    await page.getByLabel('Person', { exact: true }).selectOption(await samplePersonValue(page, 'P002'));
    await page.getByTestId('evidence-pack').waitFor({ timeout: 120_000 });
    // The pack's SPC chart carries the icon too.
    await expect(page.getByTestId('icon-trend').getAttribute('data-direction')).resolves.toBe('down');
    await page.getByTestId('page-easy-read').check();
    await page.getByLabel('What does the person like to be called?').fill(NAME);
    const easy = page.getByTestId('easy-read-page');
    await expect.poll(() => easy.textContent()).toContain(`This is about ${NAME}.`);
    expect(page.url()).not.toContain('Sunny');
    await expect(page.evaluate(() => Object.values(localStorage).join('\n'))).resolves.toContain(NAME);
    await j.screenshot('plain-words-easy-read');

    await page.getByTestId('page-full').check();
    const pack = page.getByTestId('evidence-pack');
    await pack.waitFor();
    expect(await pack.textContent()).not.toContain('Sunny');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
    expect(fs.readFileSync((await download.path())!, 'utf8')).not.toContain('Sunny');
    expect(page.url()).not.toContain('Sunny');
  });
});
