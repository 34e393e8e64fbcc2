/**
 * Over time's control charts are plain SVG (src/ui/components/SpcDrawing.tsx): hovering a week
 * shows that week's value, mean and limits, the numbers of the chart's own table row for it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
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

describe('a control chart under the pointer', () => {
  test("shows the hovered week's value, mean and limits, as its table gives them", async () => {
    await j.goto('/?view=overTime&sample=1');
    const card = j.page.getByTestId('spc-spc-incidents');
    const svg = card.locator('svg.plain-chart');
    await svg.waitFor({ timeout: 120_000 });
    const n = Number(await j.page.getByTestId('spc-incidents-points').getAttribute('data-value'));
    expect(n).toBeGreaterThan(20);
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    // The plot runs from x = 64 (margin and axis) to 16 px short of the right edge: point i at the centre of band i.
    const i = 10;
    const band = (box.width - 64 - 16) / n;
    await j.page.mouse.move(box.x + 64 + (i + 0.5) * band, box.y + 100);
    const tip = card.locator('.spc-tooltip');
    await tip.waitFor();
    const text = (await tip.textContent())!;
    await card.getByText('Numbers behind the chart').click();
    const cell = async (key: string) => (await card.getByTestId(`spc-incidents-${key}-${i}`).textContent())!.trim();
    const row = card.locator('tbody tr').nth(i);
    const week = (await row.locator('th').textContent())!.trim();
    expect(text).toContain(week);
    expect(text).toContain(`: ${await cell('value')}`);
    expect(text).toContain(`mean: ${await cell('mean')}`);
    expect(text).toContain(`limits: ${await cell('lower')} to ${await cell('upper')}`);
    // Away from the plot, no box.
    await svg.scrollIntoViewIfNeeded();
    const again = (await svg.boundingBox())!;
    await j.page.mouse.move(again.x + 64 + (i + 0.5) * band, again.y + 100);
    await tip.waitFor();
    await j.page.mouse.move(again.x + 2, again.y + again.height + 40);
    await tip.waitFor({ state: 'detached' });
  });
});
