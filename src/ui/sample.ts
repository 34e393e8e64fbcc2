/**
 * The bundled sample service. Vite emits each committed sample-data/*.csv as an asset of the
 * app, so "Explore the sample service" fetches from the app's own origin and imports the files
 * through the same importFile path as a user's files.
 */
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
