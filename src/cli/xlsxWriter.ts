/**
 * A small .xlsx writer for tests, test fixtures and the bench (the app only reads workbooks).
 * It writes the parts a reader must cope with, the way Excel and other writers write them:
 * shared or inline strings, numbers, booleans, dates and times as serial numbers in a date
 * format (1900 or 1904 date system), formulas with their cached result, error cells, merged
 * ranges, hidden rows, columns and sheets, optionally a namespace prefix (x:) and no <dimension>.
 */
import { zipSync, strToU8 } from 'fflate';

export type WriteValue = string | number | boolean | Date | null | undefined;
export type WriteCell =
  | WriteValue
  /** A number (or date) shown in a number format: a built-in id or a format code. */
  | { value: number | Date; format: string | number }
  | { formula: string; value: WriteValue }
  | { error: string };

export interface WriteSheet {
  name: string;
  rows: WriteCell[][];
  /** Ranges such as "A1:D1". */
  merges?: string[];
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** 1-based row numbers. */
  hiddenRows?: number[];
  /** 1-based column numbers. */
  hiddenColumns?: number[];
  /** Leave the <dimension> element out (some writers do). */
  noDimension?: boolean;
  /** A chart sheet (no cells). */
  chart?: boolean;
}

export interface WriteOptions {
  /** Strings as inline strings (as streaming writers do) instead of the shared-string table. */
  inlineStrings?: boolean;
  date1904?: boolean;
  /** Namespace prefix for the worksheet elements, e.g. "x" (as the .NET Open XML SDK writes). */
  prefix?: string;
  /** Deflate level (0 = stored). */
  level?: 0 | 1 | 6 | 9;
}

const esc = (s: string) =>
  s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1') // a literal "_x0041_" is not an escape (as Excel writes it)
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`);

export function columnName(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Serial day number of a Date's UTC wall clock; a time on 30 December 1899 is a time only (the fraction). */
export function serial(d: Date, date1904 = false): number {
  const timeOnly = d.getUTCFullYear() === 1899 && d.getUTCMonth() === 11 && d.getUTCDate() === 30;
  const epoch = date1904 && !timeOnly ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return (d.getTime() - epoch) / 86_400_000;
}

const dateFormat = (d: Date) => {
  const timeOnly = d.getUTCFullYear() === 1899 && d.getUTCMonth() === 11 && d.getUTCDate() === 30;
  const hasTime = d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() > 0;
  return timeOnly ? 'hh:mm' : hasTime ? 'dd/mm/yyyy hh:mm' : 'dd/mm/yyyy';
};

export function writeXlsx(sheets: WriteSheet[], opts: WriteOptions = {}): Uint8Array {
  const p = opts.prefix ? `${opts.prefix}:` : '';
  const ns = opts.prefix ? `xmlns:${opts.prefix}` : 'xmlns';
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const formats: (string | number)[] = [];
  const styleOf = (format: string | number) => {
    let i = formats.indexOf(format);
    if (i < 0) i = formats.push(format) - 1;
    return i + 1;
  };
  const num = (n: number) => String(n);

  const cellXml = (ref: string, cell: WriteCell): string => {
    if (cell === null || cell === undefined || cell === '') return '';
    if (typeof cell === 'object' && !(cell instanceof Date)) {
      if ('error' in cell) return `<${p}c r="${ref}" t="e"><${p}v>${esc(cell.error)}</${p}v></${p}c>`;
      if ('formula' in cell) {
        const v = cell.value;
        const f = `<${p}f>${esc(cell.formula)}</${p}f>`;
        if (typeof v === 'string') return `<${p}c r="${ref}" t="str">${f}<${p}v>${esc(v)}</${p}v></${p}c>`;
        if (typeof v === 'boolean') return `<${p}c r="${ref}" t="b">${f}<${p}v>${v ? 1 : 0}</${p}v></${p}c>`;
        if (v instanceof Date) return `<${p}c r="${ref}" s="${styleOf(dateFormat(v))}">${f}<${p}v>${num(serial(v, opts.date1904))}</${p}v></${p}c>`;
        return `<${p}c r="${ref}">${f}${typeof v === 'number' ? `<${p}v>${num(v)}</${p}v>` : ''}</${p}c>`;
      }
      const v = cell.value instanceof Date ? serial(cell.value, opts.date1904) : cell.value;
      return `<${p}c r="${ref}" s="${styleOf(cell.format)}"><${p}v>${num(v)}</${p}v></${p}c>`;
    }
    if (cell instanceof Date) return cellXml(ref, { value: cell, format: dateFormat(cell) });
    if (typeof cell === 'number') return `<${p}c r="${ref}"><${p}v>${num(cell)}</${p}v></${p}c>`;
    if (typeof cell === 'boolean') return `<${p}c r="${ref}" t="b"><${p}v>${cell ? 1 : 0}</${p}v></${p}c>`;
    const space = cell !== cell.trim() ? ' xml:space="preserve"' : '';
    if (opts.inlineStrings) return `<${p}c r="${ref}" t="inlineStr"><${p}is><${p}t${space}>${esc(cell)}</${p}t></${p}is></${p}c>`;
    let i = sharedIndex.get(cell);
    if (i === undefined) {
      i = shared.push(cell) - 1;
      sharedIndex.set(cell, i);
    }
    return `<${p}c r="${ref}" t="s"><${p}v>${i}</${p}v></${p}c>`;
  };

  const sheetXml = (s: WriteSheet): string => {
    if (s.chart) return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/></chartsheet>`;
    const hiddenRows = new Set(s.hiddenRows ?? []);
    const width = Math.max(1, ...s.rows.map((r) => r.length));
    const parts: string[] = [];
    s.rows.forEach((row, r) => {
      const cells = row.map((c, col) => cellXml(`${columnName(col)}${r + 1}`, c)).join('');
      const hidden = hiddenRows.has(r + 1) ? ' hidden="1"' : '';
      if (cells || hidden) parts.push(`<${p}row r="${r + 1}"${hidden}>${cells}</${p}row>`);
    });
    // Excel writes a single cell for a sheet without values.
    const ref = parts.some((r) => r.includes(`<${p}v>`) || r.includes(`<${p}is>`)) ? `A1:${columnName(width - 1)}${s.rows.length}` : 'A1';
    const dim = s.noDimension ? '' : `<${p}dimension ref="${ref}"/>`;
    const cols = s.hiddenColumns?.length
      ? `<${p}cols>${s.hiddenColumns.map((c) => `<${p}col min="${c}" max="${c}" width="9" hidden="1"/>`).join('')}</${p}cols>`
      : '';
    const merges = s.merges?.length ? `<${p}mergeCells count="${s.merges.length}">${s.merges.map((m) => `<${p}mergeCell ref="${m}"/>`).join('')}</${p}mergeCells>` : '';
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      `${dim}<${p}sheetViews><${p}sheetView workbookViewId="0"/></${p}sheetViews>${cols}<${p}sheetData>${parts.join('')}</${p}sheetData>${merges}` +
      `<${p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></${p}worksheet>`
    );
  };

  const files: Record<string, Uint8Array> = {};
  sheets.forEach((s, i) => (files[s.chart ? `xl/chartsheets/sheet${i + 1}.xml` : `xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s))));
  const custom = formats.map((f, i) => ({ f, id: typeof f === 'number' ? f : 164 + i }));
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  files['xl/styles.xml'] = strToU8(
    `${xml}<styleSheet xmlns="${main}"><numFmts count="${custom.filter((c) => typeof c.f === 'string').length}">` +
      custom.filter((c) => typeof c.f === 'string').map((c) => `<numFmt numFmtId="${c.id}" formatCode="${esc(String(c.f))}"/>`).join('') +
      `</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
      `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${custom.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
      custom.map((c) => `<xf numFmtId="${c.id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('') +
      `</cellXfs></styleSheet>`,
  );
  if (!opts.inlineStrings) {
    files['xl/sharedStrings.xml'] = strToU8(
      `${xml}<sst xmlns="${main}" count="${shared.length}" uniqueCount="${shared.length}">` +
        shared.map((s) => `<si><t${s !== s.trim() ? ' xml:space="preserve"' : ''}>${esc(s)}</t></si>`).join('') +
        `</sst>`,
    );
  }
  files['xl/workbook.xml'] = strToU8(
    `${xml}<workbook xmlns="${main}" xmlns:r="${rel}"><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><sheets>` +
      sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state && s.state !== 'visible' ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('') +
      `</sheets></workbook>`,
  );
  const wbRels = sheets.map(
    (s, i) =>
      `<Relationship Id="rId${i + 1}" Type="${rel}/${s.chart ? 'chartsheet' : 'worksheet'}" Target="${s.chart ? 'chartsheets' : 'worksheets'}/sheet${i + 1}.xml"/>`,
  );
  wbRels.push(`<Relationship Id="rId${sheets.length + 1}" Type="${rel}/styles" Target="styles.xml"/>`);
  if (!opts.inlineStrings) wbRels.push(`<Relationship Id="rId${sheets.length + 2}" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>`);
  const pkgRels = 'http://schemas.openxmlformats.org/package/2006/relationships';
  files['xl/_rels/workbook.xml.rels'] = strToU8(`${xml}<Relationships xmlns="${pkgRels}">${wbRels.join('')}</Relationships>`);
  files['_rels/.rels'] = strToU8(`${xml}<Relationships xmlns="${pkgRels}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  files['[Content_Types].xml'] = strToU8(
    `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>` +
      (opts.inlineStrings ? '' : `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/>`) +
      sheets
        .map((s, i) =>
          s.chart
            ? `<Override PartName="/xl/chartsheets/sheet${i + 1}.xml" ContentType="${ct}.chartsheet+xml"/>`
            : `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.worksheet+xml"/>`,
        )
        .join('') +
      `</Types>`,
  );
  // [Content_Types].xml first, as Excel writes it (format sniffing looks at the first entry names).
  const ordered: Record<string, Uint8Array> = { '[Content_Types].xml': files['[Content_Types].xml']! };
  for (const [k, v] of Object.entries(files)) if (k !== '[Content_Types].xml') ordered[k] = v;
  return zipSync(ordered, { level: opts.level ?? 6 });
}
