/**
 * The Person filter carries a person's pseudonym, never their id (an id may be a name), and the
 * pseudonym is keyed by this browser profile's own key. A test that means one person of the
 * sample finds their pseudonym as a user would: with "Show real names" ticked for a moment, the
 * list reads "Zoë Hartley (Person 3F2A9C)".
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './harness';

/** person_id → name from the sample's people file. */
function sampleNames(): Map<string, string> {
  const lines = fs.readFileSync(path.join(ROOT, 'sample-data', 'people.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  return new Map(lines.map((l) => l.split(',') as [string, string]).map(([id, name]) => [id, name]));
}

/** The Person filter's value (the pseudonym) for a person of the sample service, on a page with the filter bar. */
export async function samplePersonValue(page: Page, personId: string): Promise<string> {
  const name = sampleNames().get(personId);
  if (!name) throw new Error(`${personId} is not a person of the sample`);
  const box = page.getByTestId('show-real-names');
  const wasShown = await box.isChecked();
  if (!wasShown) await box.check();
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const option = page.getByLabel('Person', { exact: true }).locator('option').filter({ hasText: new RegExp(`^${escaped} \\(`) }).first();
  await option.waitFor({ state: 'attached', timeout: 120_000 });
  const value = await option.getAttribute('value');
  if (!wasShown) await box.uncheck();
  if (!value) throw new Error(`no option for ${personId} in the Person filter`);
  return value;
}
