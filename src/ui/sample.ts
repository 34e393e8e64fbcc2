/**
 * The bundled sample service. Vite emits each committed sample-data/*.csv as an asset of the
 * app, so "Explore the sample service" fetches from the app's own origin and imports the files
 * through the same importFile path as a user's files.
 */
import { SAMPLE_SNAPSHOT_URL } from 'virtual:pbs-lens-build';
import { FILE_KINDS, TABLES, type FileKind } from '../ingest/canonical';

const urls = import.meta.glob('/sample-data/*.csv', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

export interface SampleFile {
  name: string;
  kind: FileKind;
  url: string;
}

/** Sample files in import order (people first, as a person's unit and dates frame the rest). */
export const SAMPLE_FILES: SampleFile[] = FILE_KINDS.flatMap((kind) => {
  const name = `${TABLES[kind].table}.csv`;
  const url = urls[`/sample-data/${name}`];
  return url ? [{ name, kind, url }] : [];
});

export async function fetchSampleFile(file: SampleFile): Promise<File> {
  const res = await fetch(file.url);
  if (!res.ok) throw new Error(`The sample file ${file.name} could not be read (HTTP ${res.status}).`);
  return new File([await res.blob()], file.name, { type: 'text/csv' });
}

/**
 * The sample's database snapshot, made from these CSVs at build (scripts/snapshotPlugin.ts) and
 * served from this origin like them; null when the build has none (the dev server).
 */
export async function fetchSampleSnapshot(): Promise<Blob | null> {
  if (!SAMPLE_SNAPSHOT_URL) return null;
  const res = await fetch(SAMPLE_SNAPSHOT_URL);
  if (!res.ok) throw new Error(`The sample snapshot could not be read (HTTP ${res.status}).`);
  return res.blob();
}
