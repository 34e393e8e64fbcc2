/**
 * The pure parts of surviving a poisoned workspace (issue 15, item 2): the words the user is
 * given when kept files are held back, and the time limit "Delete all data" puts on storage.
 */
import { describe, expect, test } from 'vitest';
import { restoreStoppedText, withinTime } from '../../../src/ui/useWorkspace';

describe('restoreStoppedText', () => {
  test('says what stopped the last load and offers both ways out', () => {
    const text = restoreStoppedText({ startedAt: '2026-01-01T00:00:00Z', failure: 'The in-browser database ran out of memory and had to stop.' });
    expect(text).toContain('was not loaded');
    expect(text).toContain('ran out of memory');
    expect(text).toMatch(/try again/i);
    expect(text).toMatch(/delete all data/i);
  });

  test('without a known failure (the page closed mid-load) it says the load did not finish', () => {
    expect(restoreStoppedText({ startedAt: '2026-01-01T00:00:00Z' })).toContain('did not finish');
  });
});

describe('withinTime', () => {
  test('passes the result of work that settles in time', async () => {
    await expect(withinTime(Promise.resolve(7), 1_000, 'Work')).resolves.toBe(7);
    await expect(withinTime(Promise.reject(new Error('no')), 1_000, 'Work')).rejects.toThrow('no');
  });

  test('gives up on work that never settles, naming it', async () => {
    await expect(withinTime(new Promise<never>(() => undefined), 5, 'Deleting the stored data')).rejects.toThrow(/Deleting the stored data did not finish/);
  });
});
