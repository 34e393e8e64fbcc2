/**
 * End-to-end harness: the app in headless Chromium (src/cli/browserJourney.ts, shared with the
 * browser benchmark) and what the tests read from its pages: values, downloads, quiet moments.
 */
import type { Download, Page } from 'playwright-core';

export { ARTIFACTS, CHROMIUM, DIST, ROOT, serveStatic, startJourney, type Journey, type StaticServer } from '../../src/cli/browserJourney';

/** Read a number the page exposes as data-value on a data-testid element; null when blank or absent. */
export async function valueOf(page: Page, testid: string): Promise<number | null> {
  const el = page.getByTestId(testid);
  if ((await el.count()) === 0) return null;
  const raw = await el.getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
}

/**
 * The Person filter's options (labels, or values), once the filter bar has them: they come after
 * a page's first answer (the bar is aria-busy until then), so reading them as soon as the first
 * chart shows can find an empty list.
 */
export async function personOptions(page: Page, read: 'labels' | 'values' = 'labels'): Promise<string[]> {
  await page.locator('form[aria-label="Filters"][aria-busy="false"]').waitFor({ timeout: 120_000 });
  const options = page.getByLabel('Person', { exact: true }).locator('option');
  return read === 'labels'
    ? options.evaluateAll((os) => os.map((o) => o.textContent ?? '').filter((t) => t !== 'Everyone'))
    : options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
}

/**
 * Wait until a snapshot restored on this page has all its tables in (its background stage ended):
 * SQL sent straight to the DuckDB worker (src/cli/appWorker) does not wait for them as the app's
 * own statements do, and would find a table still being filled.
 */
export async function snapshotWhole(page: Page): Promise<void> {
  await page.waitForFunction(
    () => performance.getEntriesByName('snapshot restore').length === 0 || performance.getEntriesByName('snapshot restore rest').length > 0,
    undefined,
    { timeout: 120_000 },
  );
}

/**
 * Chromium drops a page's download when ten have started within the second before it (its burst
 * limit per frame, RenderFrameImpl::ShouldThrottleDownload). Downloads made here are counted per
 * page; the next one waits only if the tenth before it started less than that second ago.
 */
const BURST = 10;
const BURST_WINDOW_MS = 1100;
const recentDownloads = new WeakMap<Page, number[]>();

/** Click and wait for the download it starts (and for it to finish); within Chromium's burst limit. */
export async function takeDownload(page: Page, click: () => Promise<unknown>, opts: { timeout?: number } = {}): Promise<Download> {
  const started = recentDownloads.get(page) ?? [];
  const tenthBefore = started.length >= BURST ? started[started.length - BURST]! : null;
  if (tenthBefore !== null && Date.now() - tenthBefore < BURST_WINDOW_MS) await page.waitForTimeout(BURST_WINDOW_MS - (Date.now() - tenthBefore));
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: opts.timeout }), click()]);
  await download.path();
  recentDownloads.set(page, [...started.slice(1 - BURST), Date.now()]);
  return download;
}

/** The words of the app's progress messages (role="status" in main) while it loads or calculates. */
export const BUSY_WORDS = /Loading|Calculating|Making|Finding|Starting|Building|Restoring|Reading/;

/**
 * Wait until no progress message (BUSY_WORDS) has been in main for `frames` animation frames in a
 * row: counted in the page's own frames, not wall-clock time, so a busy machine only stretches it.
 * Ten frames cover the gap between one calculation ending and the next one's message showing
 * (a render and an effect). Throws after `timeout` ms.
 */
export async function waitForQuiet(page: Page, opts: { frames?: number; timeout?: number } = {}): Promise<void> {
  const frames = opts.frames ?? 10;
  await page.evaluate(() => {
    (window as unknown as { __quietFrames: number }).__quietFrames = 0;
  });
  await page.waitForFunction(
    ({ source, frames }) => {
      const w = window as unknown as { __quietFrames: number };
      const busy = [...document.querySelectorAll('main [role="status"]')].some((el) => new RegExp(source).test(el.textContent ?? ''));
      w.__quietFrames = busy ? 0 : w.__quietFrames + 1;
      return w.__quietFrames >= frames;
    },
    { source: BUSY_WORDS.source, frames },
    { polling: 'raf', timeout: opts.timeout ?? 150_000 },
  );
}
