/**
 * What the wizard knows about a dropped file before anything is imported: its format, encoding,
 * delimiter, sheets, the first records (the preview), and the proposed mapping for the user's
 * current choices (kind, sheet, header row, day/month order), with a saved preset applied when
 * one matches the file's columns. Reading is done by the pure ingest functions on the first
 * 64 KB of a text file, or on the chosen sheet of a workbook; nothing touches the database.
 */
import { FILE_KINDS, TABLES, type FileKind } from '../../ingest/canonical';
import { PREVIEW_BYTES, type Encoding } from '../../ingest/decode';
import type { DateOrder } from '../../ingest/dates';
import { headerKey, proposeMapping, type MergeRange, type Proposal } from '../../ingest/headers';
import { applyPreset, matchPreset, type Mapping } from '../../ingest/mapping';
import { detectFormat, sniffText, type Delimiter, type Quote } from '../../ingest/sniff';
import { likelySheet, openWorkbook, type SheetInfo, type XlsxWorkbook } from '../../ingest/xlsx';
import type { ProposalOk } from './settle';

export interface FileInspection {
  fileName: string;
  size: number;
  format: 'delimited' | 'xlsx';
  encoding?: Encoding;
  delimiter?: Delimiter;
  quote?: Quote;
  sheets: SheetInfo[];
  sheet?: string;
  /** The first records of the file or sheet, title rows included, as text cells. */
  records: string[][];
  merges: MergeRange[];
  /** The preview stops before the end of the file. */
  truncated: boolean;
  workbook?: XlsxWorkbook;
}

export type Inspected = { ok: true; inspection: FileInspection } | { ok: false; message: string };

export interface Choices {
  kind?: FileKind;
  sheet?: string;
  /** 0-based record index of the header row. */
  headerRow?: number;
  dateOrder?: DateOrder;
  /** Set to leave a matching preset unused. */
  ignorePreset?: boolean;
}

const MAX_PREVIEW_RECORDS = 500;

/** Read a file's head (or workbook) into a preview; file-level problems come back in words. */
export async function inspectFile(file: File, sheet?: string): Promise<Inspected> {
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES + 4).arrayBuffer());
  const format = detectFormat(head, file.name);
  if (format.format === 'rejected') return { ok: false, message: format.message };
  if (format.format === 'xlsx') {
    let workbook: XlsxWorkbook;
    try {
      workbook = await openWorkbook(new Uint8Array(await file.arrayBuffer()));
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    const chosen = sheet ?? likelySheet(workbook.sheets);
    if (!chosen) return { ok: false, message: `${file.name} holds no sheets with data. Check the workbook in Excel.` };
    const table = workbook.read(chosen);
    return {
      ok: true,
      inspection: {
        fileName: file.name,
        size: file.size,
        format: 'xlsx',
        sheets: workbook.sheets,
        sheet: chosen,
        records: table.rows.slice(0, MAX_PREVIEW_RECORDS),
        merges: table.merges,
        truncated: table.rows.length > MAX_PREVIEW_RECORDS,
        workbook,
      },
    };
  }
  const sniff = sniffText(head, file.size);
  return {
    ok: true,
    inspection: {
      fileName: file.name,
      size: file.size,
      format: 'delimited',
      encoding: sniff.encoding.encoding,
      delimiter: sniff.delimiter.delimiter,
      quote: sniff.delimiter.quote,
      sheets: [],
      records: sniff.rows.slice(0, MAX_PREVIEW_RECORDS),
      merges: [],
      truncated: sniff.truncated || sniff.rows.length > MAX_PREVIEW_RECORDS,
    },
  };
}

/** Another sheet of the same workbook, read from the workbook already open. */
export function withSheet(inspection: FileInspection, sheet: string): FileInspection {
  if (!inspection.workbook) return inspection;
  const table = inspection.workbook.read(sheet);
  return { ...inspection, sheet, records: table.rows.slice(0, MAX_PREVIEW_RECORDS), merges: table.merges, truncated: table.rows.length > MAX_PREVIEW_RECORDS };
}

export interface Proposed {
  proposal: Proposal;
  /** The saved preset applied, if one matched the columns. */
  preset: string | null;
  /** The columns are PBS Lens's own (a canonical CSV): it can be imported as it is. */
  canonical: boolean;
}

/** The proposal for the current choices; a saved preset for the same columns wins over detection. */
export function proposeFor(inspection: FileInspection, choices: Choices, presets: readonly Mapping[]): Proposed {
  // Records above a chosen header row are blanked (indices kept) so the header search starts there.
  const records =
    choices.headerRow === undefined ? inspection.records : inspection.records.map((r, i) => (i < choices.headerRow! ? [] : r));
  const proposal = proposeMapping({
    rows: records,
    merges: inspection.merges,
    format: inspection.format,
    ...(inspection.encoding ? { encoding: inspection.encoding } : {}),
    ...(inspection.delimiter ? { delimiter: inspection.delimiter } : {}),
    ...(inspection.quote ? { quote: inspection.quote } : {}),
    ...(inspection.sheet ? { sheet: inspection.sheet } : {}),
    ...(choices.kind ? { kind: choices.kind } : {}),
    ...(choices.dateOrder ? { dateOrder: choices.dateOrder } : {}),
  });
  if (!proposal.ok) return { proposal, preset: null, canonical: false };
  const canonical = isCanonical(inspection, proposal);
  if (choices.ignorePreset || canonical) return { proposal, preset: null, canonical };
  const preset = matchPreset(presets, proposal.header.headers, choices.kind);
  if (!preset) return { proposal, preset: null, canonical };
  const applied = applyPreset(preset, proposal.header.headers, proposal.header.headerRow, proposal.header.headerRows);
  // The preset decided formats and answers; what this file reads like (encoding, sheet) is its own.
  const mapping: Mapping = {
    ...applied,
    format: inspection.format,
    ...(inspection.encoding ? { encoding: inspection.encoding } : {}),
    ...(inspection.delimiter ? { delimiter: inspection.delimiter } : {}),
    ...(inspection.quote ? { quote: inspection.quote } : {}),
    ...(inspection.sheet ? { sheet: inspection.sheet } : {}),
  };
  const presetProposal: ProposalOk = { ...proposal, mapping, questions: [], notes: proposal.notes };
  return { proposal: presetProposal, preset: preset.name ?? 'saved mapping', canonical: false };
}

/** A CSV with PBS Lens's own column names on its first line: the canonical path reads it as it is. */
export function isCanonical(inspection: FileInspection, proposal: ProposalOk): boolean {
  if (inspection.format !== 'delimited' || proposal.header.headerRow !== 0 || proposal.header.headerRows !== 1) return false;
  const names = new Set(TABLES[proposal.mapping.kind].fields.map((f) => f.name));
  const headers = proposal.header.headers.map((h) => headerKey(h).replace(/ /g, '_'));
  return headers.length > 0 && headers.every((h) => names.has(h)) && TABLES[proposal.mapping.kind].fields.filter((f) => f.required).every((f) => headers.includes(f.name));
}

export const KIND_OPTIONS = FILE_KINDS.map((k) => ({ value: k, label: TABLES[k].label }));
