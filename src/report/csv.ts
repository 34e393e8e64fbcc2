/** CSV export. Cells that a spreadsheet would run as a formula are neutralised with a leading '. */

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A plain number (e.g. -3.5) is data, not a formula; anything else starting = + - @ is guarded.
  if (FORMULA_START.test(text) && !/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return `'${text}`;
  return text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(quote).join(',')];
  for (const row of rows) lines.push(columns.map((c) => quote(neutraliseCell(row[c]))).join(','));
  return lines.join('\r\n') + '\r\n';
}
