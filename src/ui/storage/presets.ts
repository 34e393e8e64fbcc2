/**
 * Mapping presets as files: what a download holds and how an upload is read. A preset file is
 * one mapping as JSON (mappingToJson, the same file the headless report takes with --mapping);
 * a file holding a JSON array of mappings is read as several presets.
 */
import { mappingFromJson, mappingToJson, type Mapping } from '../../ingest/mapping';

export type PresetUpload = { ok: true; presets: { name: string; mapping: Mapping }[] } | { ok: false; error: string };

/** The file name a preset downloads as: its name made safe for every file system. */
export function presetFileName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase();
  return `${base || 'mapping'}.pbs-mapping.json`;
}

export function presetJson(name: string, mapping: Mapping): string {
  return mappingToJson({ ...mapping, name });
}

function nameFromFile(fileName: string): string {
  return fileName.replace(/(\.pbs-mapping)?\.json$/i, '').replace(/[-_]+/g, ' ').trim() || 'Uploaded mapping';
}

/** Read an uploaded preset file; every problem is said in words, nothing half-read is kept. */
export function readPresetUpload(fileName: string, text: string): PresetUpload {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, error: `${fileName} is not a saved mapping: it is not valid JSON. Choose a file downloaded with "Download".` };
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) return { ok: false, error: `${fileName} holds no mappings.` };
  const presets: { name: string; mapping: Mapping }[] = [];
  for (const [i, item] of items.entries()) {
    const r = mappingFromJson(JSON.stringify(item));
    const where = items.length > 1 ? ` (mapping ${i + 1})` : '';
    if (!r.ok) return { ok: false, error: `${fileName}${where} is not a mapping PBS Lens can use: ${r.error}.` };
    const name = r.mapping.name?.trim() || (items.length > 1 ? `${nameFromFile(fileName)} ${i + 1}` : nameFromFile(fileName));
    presets.push({ name, mapping: { ...r.mapping, name } });
  }
  return { ok: true, presets };
}
