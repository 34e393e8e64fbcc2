import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FILE_KINDS, TABLES } from '../../src/ingest/canonical';
import { DEFAULT_SETTINGS } from '../../src/model/settings';
import { startJourney, type Journey } from './harness';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});
afterEach(() => {
  j.assertClean();
});

describe('start page', () => {
  test('shows what PBS Lens is, the sample button, the file input and the canonical files', async () => {
    await j.goto('/');
    const { page } = j;
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Start');
    await expect(page.getByRole('button', { name: 'Explore the sample service' }).isVisible()).resolves.toBe(true);
    // The file input is reachable by its label.
    const input = page.getByLabel('Import your files');
    await expect(input.getAttribute('type')).resolves.toBe('file');
    await expect(input.getAttribute('multiple')).resolves.not.toBeNull();
    for (const kind of FILE_KINDS) {
      await expect(page.getByText(`${TABLES[kind].table}.csv`, { exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.getByText(/nothing you load leaves this computer/i).count()).resolves.toBe(1);
    await j.screenshot('start');
  });

  test('navigation is keyboard reachable and the view lives in the URL', async () => {
    await j.goto('/');
    const { page } = j;
    // Tab from the top: skip link, then the first nav link.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Start');
    // On through the nav, by keyboard alone, to Methods (the nav grows as pages are added).
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    for (let i = 0; i < 40 && (await focused()) !== 'Methods'; i++) await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('Methods');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Methods and definitions' }).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('methods');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Start' }).waitFor();
  });

  test('the methods page states the definitions the model uses', async () => {
    await j.goto('/?view=methods');
    const { page } = j;
    const pattern = await page.getByTestId('method-pattern').textContent();
    // Written independently of the page's own formatting code: Early 07:00 + 8 h ends 15:00 …
    expect(pattern).toContain('Early 07:00–15:00');
    expect(pattern).toContain('Late 15:00–23:00');
    expect(pattern).toContain('Night 23:00–07:00');
    const unfamiliar = await page.getByTestId('method-unfamiliar').textContent();
    expect(unfamiliar).toContain(`fewer than ${DEFAULT_SETTINGS.familiarity.minShifts} shifts`);
    expect(unfamiliar).toContain(`${DEFAULT_SETTINGS.familiarity.windowDays} days`);
    await expect(page.getByTestId('method-agency').textContent()).resolves.toContain('more than 25 % up to 50 %');
    await j.screenshot('methods');
  });

  test('empty views say what to do instead of showing a blank page', async () => {
    await j.goto('/?view=staffing');
    await j.page.getByText('No data is loaded yet.').waitFor(); // the charts' code loads lazily
    await j.goto('/?view=import');
    await j.page.getByText('Nothing has been imported yet.').waitFor();
  });
});

describe('the off-origin guard', () => {
  test('catches requests to other origins from the page and from a worker', async () => {
    const guard = await startJourney();
    try {
      // A same-origin document without the app's content security policy, so the requests are really attempted.
      await guard.page.goto(`${guard.origin}/favicon.svg`);
      await guard.page.evaluate(async () => {
        await fetch('http://192.0.2.1/from-page').catch(() => undefined);
        const src = "fetch('http://192.0.2.2/from-worker').catch(() => 0).then(() => postMessage('done'))";
        const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
        await new Promise((resolve) => (w.onmessage = resolve));
      });
      expect(guard.offOrigin).toContain('http://192.0.2.1/from-page');
      expect(guard.offOrigin).toContain('http://192.0.2.2/from-worker');
      expect(() => guard.assertClean()).toThrow(/left the page's origin/);
    } finally {
      await guard.close();
    }
  });
});
