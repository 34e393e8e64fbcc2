/**
 * Will a set of files fit in the browser's memory? Asked before an import starts, so a file too
 * large is refused in words rather than by a crashed tab half an hour later.
 *
 * DuckDB holds the tables in the worker's wasm memory, which is 32-bit: never more than 4 GiB,
 * and less on a computer that has little (half of navigator.deviceMemory, which browsers report
 * rounded and capped at 8 GB). What a workspace needs was measured with the benchmark
 * (docs/performance.md): the W-L service, 0.82 GB of CSV text, took the tab to a peak of
 * 3.8 GiB resident once imported, modelled and every page opened (DuckDB's own tables 2.0 GiB;
 * the rest is working memory of the import and the build, which wasm never gives back), about
 * MEMORY_PER_TEXT_BYTE times the text. A workbook (.xlsx) is zipped XML streamed into CSV: the
 * text it becomes is taken as XLSX_TEXT_PER_BYTE times the file.
 */
export const WASM_MEMORY_LIMIT = 4 * 2 ** 30;
export const MEMORY_PER_TEXT_BYTE = 4.3;
export const XLSX_TEXT_PER_BYTE = 6;

export interface SizedFile {
  name: string;
  size: number;
}

export interface CapacityCheck {
  fits: boolean;
  /** Memory the workspace would need with these files added, in bytes. */
  neededBytes: number;
  /** What this browser can give the database, in bytes. */
  limitBytes: number;
  /** Plain words for the user when it does not fit; null when it does. */
  message: string | null;
}

const isWorkbook = (name: string) => /\.xlsx$/i.test(name);
const textBytes = (f: SizedFile) => (isWorkbook(f.name) ? f.size * XLSX_TEXT_PER_BYTE : f.size);

/** The browser's memory ceiling for the database: the wasm limit, or half the device's memory if less. */
export function memoryLimit(deviceMemoryGb: number | undefined): number {
  if (!deviceMemoryGb || !Number.isFinite(deviceMemoryGb) || deviceMemoryGb <= 0) return WASM_MEMORY_LIMIT;
  return Math.min(WASM_MEMORY_LIMIT, (deviceMemoryGb * 2 ** 30) / 2);
}

const gb = (bytes: number) => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`);

/**
 * `files` are about to be imported into a workspace that already holds `keptBytes` of text.
 * `deviceMemoryGb` is navigator.deviceMemory where the browser tells it.
 */
export function checkCapacity(files: readonly SizedFile[], keptBytes: number, deviceMemoryGb?: number): CapacityCheck {
  const newText = files.reduce((t, f) => t + textBytes(f), 0);
  const neededBytes = (keptBytes + newText) * MEMORY_PER_TEXT_BYTE;
  const limitBytes = memoryLimit(deviceMemoryGb);
  if (neededBytes <= limitBytes) return { fits: true, neededBytes, limitBytes, message: null };
  const largest = [...files].sort((a, b) => b.size - a.size)[0];
  const what = files.length === 1 ? `This file holds` : `These ${files.length} files hold`;
  const already = keptBytes > 0 ? `, on top of the ${gb(keptBytes)} already imported,` : '';
  const message =
    `${what} ${gb(newText)} of data${already} and would need about ${gb(neededBytes)} of memory once imported — ` +
    `more than this browser can give PBS Lens (about ${gb(limitBytes)}). The import would most likely stop part way. ` +
    `Import a shorter period (for example one year at a time)${largest && files.length > 1 ? ` or leave out the largest file (${largest.name})` : ''}, ` +
    `or delete data you no longer need first.`;
  return { fits: false, neededBytes, limitBytes, message };
}
