import { describe, expect, test } from 'vitest';
import { checkCapacity, memoryLimit, MEMORY_PER_TEXT_BYTE, WASM_MEMORY_LIMIT, XLSX_TEXT_PER_BYTE } from '../../../src/db/capacity';

const GB = 1e9;

describe('the memory check before an import', () => {
  test('the ceiling is the 4 GiB of 32-bit wasm, or half the memory the device reports if that is less', () => {
    expect(memoryLimit(undefined)).toBe(4 * 2 ** 30);
    expect(memoryLimit(8)).toBe(WASM_MEMORY_LIMIT);
    expect(memoryLimit(4)).toBe(2 * 2 ** 30);
    expect(memoryLimit(0.5)).toBe(0.25 * 2 ** 30);
    expect(memoryLimit(Number.NaN)).toBe(WASM_MEMORY_LIMIT);
  });

  test('the W-L service (0.82 GB of CSV) fits a browser with 8 GB', () => {
    const wl = [
      { name: 'shifts.csv', size: 478_841_424 },
      { name: 'incidents.csv', size: 205_858_456 },
      { name: 'plan_delivery.csv', size: 112_358_890 },
      { name: 'restrictive_interventions.csv', size: 20_816_732 },
    ];
    const c = checkCapacity(wl, 0, 8);
    expect(c.fits).toBe(true);
    expect(c.message).toBeNull();
    expect(c.neededBytes).toBeCloseTo(817_875_502 * MEMORY_PER_TEXT_BYTE, 0);
  });

  test('a file too large is said so plainly, with its size, the need and the ceiling', () => {
    const c = checkCapacity([{ name: 'rota-2015-2025.csv', size: 2 * GB }], 0, 8);
    expect(c.fits).toBe(false);
    expect(c.message).toContain('This file holds 2.0 GB of data');
    expect(c.message).toContain(`about ${(2 * MEMORY_PER_TEXT_BYTE).toFixed(1)} GB of memory`);
    expect(c.message).toContain('about 4.3 GB)');
    expect(c.message).toContain('one year at a time');
  });

  test('what is already imported counts, and the largest of several files is named', () => {
    const files = [
      { name: 'a.csv', size: 0.3 * GB },
      { name: 'b.csv', size: 0.2 * GB },
    ];
    // 0.5 GB alone fits 4 GiB (needs 0.5 × the factor); with 0.6 GB kept, 1.1 GB × the factor does not.
    expect(0.5 * GB * MEMORY_PER_TEXT_BYTE).toBeLessThan(4 * 2 ** 30);
    expect(1.1 * GB * MEMORY_PER_TEXT_BYTE).toBeGreaterThan(4 * 2 ** 30);
    expect(checkCapacity(files, 0, 8).fits).toBe(true);
    const c = checkCapacity(files, 0.6 * GB, 8);
    expect(c.fits).toBe(false);
    expect(c.message).toContain('These 2 files hold 500 MB');
    expect(c.message).toContain('on top of the 600 MB already imported');
    expect(c.message).toContain('leave out the largest file (a.csv)');
  });

  test('a workbook counts as the text it unzips to', () => {
    const size = 0.2 * GB;
    const asCsv = checkCapacity([{ name: 'rota.csv', size }], 0);
    const asXlsx = checkCapacity([{ name: 'Rota.XLSX', size }], 0);
    expect(asXlsx.neededBytes / asCsv.neededBytes).toBeCloseTo(XLSX_TEXT_PER_BYTE, 10);
  });
});
