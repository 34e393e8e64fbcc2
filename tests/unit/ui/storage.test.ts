/**
 * The workspace store's rules, over the in-memory backend (the IndexedDB backend runs the same
 * operations and is exercised in Chromium by tests/e2e/persistence.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { proposeMapping } from '../../../src/ingest/headers';
import { matchPreset, type Mapping } from '../../../src/ingest/mapping';
import { sniffText } from '../../../src/ingest/sniff';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { memoryBackend, STORES, type Backend } from '../../../src/ui/storage/backend';
import { presetFileName, presetJson, readPresetUpload } from '../../../src/ui/storage/presets';
import { newPseudonymKey, WorkspaceStore } from '../../../src/ui/storage/workspaceStore';

const VENDOR = path.resolve(import.meta.dirname, '../../fixtures/vendor');

/** The mapping the app proposes for a fixture, as the wizard would start from it. */
function proposed(file: string): Mapping {
  const bytes = new Uint8Array(fs.readFileSync(path.join(VENDOR, file)));
  const sniff = sniffText(bytes);
  const p = proposeMapping({ rows: sniff.rows, format: 'delimited', encoding: sniff.encoding.encoding, delimiter: sniff.delimiter.delimiter });
  if (!p.ok) throw new Error(p.message);
  return p.mapping;
}

async function isEmpty(backend: Backend): Promise<boolean> {
  for (const s of STORES) if ((await backend.all(s)).length > 0) return false;
  return true;
}

describe('the pseudonym key', () => {
  test('is 128 random bits in hex, different each time it is made', () => {
    const keys = new Set(Array.from({ length: 50 }, newPseudonymKey));
    expect(keys.size).toBe(50);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{32}$/);
  });

  test('is kept on first use and stays the same for later sessions of the same profile', async () => {
    const backend = memoryBackend();
    const first = new WorkspaceStore(backend);
    expect(await first.pseudonymKey()).toBeNull();
    const a = newPseudonymKey();
    expect(await first.ensurePseudonymKey(a)).toBe(a);
    // A later session offers its own fresh candidate, but the stored key wins.
    const later = new WorkspaceStore(backend);
    expect(await later.ensurePseudonymKey(newPseudonymKey())).toBe(a);
    expect(await later.pseudonymKey()).toBe(a);
  });

  test('a stored value that is not a key is not used', async () => {
    const backend = memoryBackend();
    await backend.put('meta', 'pseudonymKey', 'guessable');
    const store = new WorkspaceStore(backend);
    expect(await store.pseudonymKey()).toBeNull();
    const k = newPseudonymKey();
    expect(await store.ensurePseudonymKey(k)).toBe(k);
  });
});

describe('source files', () => {
  test('come back in import order with their bytes, kind and mapping', async () => {
    const store = new WorkspaceStore(memoryBackend());
    const mapping = proposed('healthroster-rota.csv');
    // Twelve files: keys must sort numerically, not as text (f…10 after f…9).
    const names = Array.from({ length: 12 }, (_, i) => `file-${i + 1}.csv`);
    for (const [i, name] of names.entries()) {
      const file = new File([`content ${i + 1}`], name, { type: 'text/csv', lastModified: 1_700_000_000_000 + i });
      await store.addFile(file, i === 0 ? 'shifts' : null, i === 0 ? mapping : null);
    }
    const files = await store.files();
    expect(files.map((f) => f.name)).toEqual(names);
    expect(await files[11]!.blob.text()).toBe('content 12');
    expect(files[0]).toMatchObject({ kind: 'shifts', size: 'content 1'.length, type: 'text/csv', lastModified: 1_700_000_000_000 });
    expect(files[0]!.mapping).toEqual(mapping);
    expect(files[1]!.mapping).toBeNull();
  });

  test('a removed file is gone and the rest keep their order; a later file goes last', async () => {
    const store = new WorkspaceStore(memoryBackend());
    const a = await store.addFile(new File(['a'], 'a.csv'), null, null);
    await store.addFile(new File(['b'], 'b.csv'), null, null);
    await store.removeFile(a.id);
    await store.addFile(new File(['c'], 'c.csv'), null, null);
    expect((await store.files()).map((f) => f.name)).toEqual(['b.csv', 'c.csv']);
    await store.clearFiles();
    expect(await store.files()).toEqual([]);
  });
});

describe('workspace choices', () => {
  test('source, real-names choice, settings and extras round-trip; bad settings are ignored', async () => {
    const backend = memoryBackend();
    const store = new WorkspaceStore(backend);
    expect(await store.source()).toBeNull();
    expect(await store.showRealNames()).toBe(false);
    expect(await store.settings()).toBeNull();
    await store.setSource('sample');
    await store.setShowRealNames(true);
    const settings = { ...DEFAULT_SETTINGS, familiarity: { ...DEFAULT_SETTINGS.familiarity, minShifts: 5 } };
    await store.setSettings(settings);
    await store.setExtra('reconciliation', { units: { Oak: 'Oak Ward' } });

    const reloaded = new WorkspaceStore(backend);
    expect(await reloaded.source()).toBe('sample');
    expect(await reloaded.showRealNames()).toBe(true);
    expect(await reloaded.settings()).toEqual(settings);
    expect(await reloaded.extra('reconciliation')).toEqual({ units: { Oak: 'Oak Ward' } });
    // Extras listed by the start of their names, in order; other meta entries are not extras.
    await store.setExtra('snapshot:b', 1);
    await store.setExtra('snapshot:a:part:x', 2);
    expect(await reloaded.extraNames('snapshot:')).toEqual(['snapshot:a:part:x', 'snapshot:b']);
    expect(await reloaded.extraNames('')).toEqual(['reconciliation', 'snapshot:a:part:x', 'snapshot:b']);

    await backend.put('meta', 'settings', { shiftPattern: 'nonsense' });
    expect(await reloaded.settings()).toBeNull();
    await reloaded.setSource(null);
    await reloaded.setExtra('reconciliation', undefined);
    expect(await reloaded.source()).toBeNull();
    expect(await reloaded.extra('reconciliation')).toBeUndefined();
  });

  test('clearAll leaves every store empty, the key included', async () => {
    const backend = memoryBackend();
    const store = new WorkspaceStore(backend);
    await store.ensurePseudonymKey(newPseudonymKey());
    await store.addFile(new File(['x'], 'x.csv'), null, null);
    await store.savePreset('Rota', proposed('healthroster-rota.csv'));
    await store.setSource('files');
    expect(await isEmpty(backend)).toBe(false);
    await store.clearAll();
    expect(await isEmpty(backend)).toBe(true);
    expect(await store.pseudonymKey()).toBeNull();
  });
});

describe('mapping presets', () => {
  test('a saved preset applies itself to a later file with the same headers, newest first', async () => {
    const store = new WorkspaceStore(memoryBackend());
    const rota = proposed('healthroster-rota.csv');
    const incidents = proposed('datix-incidents.csv');
    await store.savePreset('  HealthRoster weekly ', rota);
    await store.savePreset('Datix', incidents);
    const presets = await store.presets();
    expect(presets.map((p) => p.name)).toEqual(['HealthRoster weekly', 'Datix']);
    expect(presets[0]!.mapping.name).toBe('HealthRoster weekly');

    // The same columns in another order and case.
    const later = [...rota.headers].reverse().map((h) => h.toUpperCase());
    expect(matchPreset(presets.map((p) => p.mapping), later, 'shifts')?.name).toBe('HealthRoster weekly');
    expect(matchPreset(presets.map((p) => p.mapping), [...later, 'Extra column'], 'shifts')).toBeNull();

    // Saving again under the same name replaces it and makes it the newest.
    await store.savePreset('HealthRoster weekly', { ...rota, fields: { ...rota.fields, role: { source: { from: 'constant', value: 'HCA' } } } });
    const again = await store.presets();
    expect(again.map((p) => p.name)).toEqual(['Datix', 'HealthRoster weekly']);
    expect(again[1]!.mapping.fields.role).toEqual({ source: { from: 'constant', value: 'HCA' } });

    await store.deletePreset('Datix');
    expect((await store.presets()).map((p) => p.name)).toEqual(['HealthRoster weekly']);
    await expect(store.savePreset('   ', rota)).rejects.toThrow(/needs a name/);
  });

  test('a preset downloads as the mapping JSON and uploads back unchanged', () => {
    const rota = proposed('healthroster-rota.csv');
    const text = presetJson('HealthRoster weekly', rota);
    const r = readPresetUpload('healthroster-weekly.pbs-mapping.json', text);
    expect(r).toEqual({ ok: true, presets: [{ name: 'HealthRoster weekly', mapping: { ...rota, name: 'HealthRoster weekly' } }] });
    expect(presetFileName('HealthRoster weekly')).toBe('healthroster-weekly.pbs-mapping.json');
    expect(presetFileName('Ward 3 / nights: “Oak”')).toBe('ward-3-nights-oak.pbs-mapping.json');
    expect(presetFileName('???')).toBe('mapping.pbs-mapping.json');
  });

  test('a nameless mapping takes its name from the file; an array gives several presets', () => {
    const { name: _n, ...nameless } = proposed('healthroster-rota.csv');
    const one = readPresetUpload('night_rota.json', JSON.stringify(nameless));
    expect(one.ok && one.presets.map((p) => p.name)).toEqual(['night rota']);
    const two = readPresetUpload('all.json', JSON.stringify([nameless, { ...proposed('datix-incidents.csv'), name: 'Datix' }]));
    expect(two.ok && two.presets.map((p) => p.name)).toEqual(['all 1', 'Datix']);
  });

  test('bad uploads are refused with a message that says what is wrong', () => {
    const rota = proposed('healthroster-rota.csv');
    const err = (name: string, text: string) => {
      const r = readPresetUpload(name, text);
      return r.ok ? null : r.error;
    };
    expect(err('x.json', '{"version": 1,')).toMatch(/x\.json is not a saved mapping: it is not valid JSON/);
    expect(err('x.json', '[]')).toMatch(/holds no mappings/);
    expect(err('x.json', JSON.stringify({ ...rota, kind: 'rota' }))).toMatch(/not a mapping PBS Lens can use: kind/);
    expect(err('x.json', JSON.stringify({ ...rota, fields: { unit: { source: { from: 'column', column: 'Nowhere' } } } }))).toMatch(/no column "Nowhere"/);
    expect(err('x.json', JSON.stringify([rota, { hello: 1 }]))).toMatch(/\(mapping 2\)/);
    // A BOM from a text editor does not matter.
    expect(readPresetUpload('x.json', `\uFEFF${presetJson('R', rota)}`).ok).toBe(true);
  });
});
