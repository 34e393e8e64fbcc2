/**
 * The weekday × hour heatmap as a standalone SVG picture, for the PNG and SVG downloads (on
 * screen the grid is an HTML table). Same colours, the value in each cell, hours along the top,
 * weekdays down the side, a legend beneath. Pure: text in, text out.
 */
import type { SerialisedSvg } from '../../report/exports';

export interface HeatmapPicture {
  title: string;
  rowLabels: readonly string[];
  /** rows × 24 cells: the value (null: no data), its text and its fill colour. */
  cell: (row: number, hour: number) => { text: string; fill: string; ink: string };
  legend: { from: string; to: string; colours: string[]; unit: string; empty: string };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function heatmapSvg(p: HeatmapPicture): SerialisedSvg {
  const cw = 34;
  const ch = 26;
  const left = 48;
  const top = 44;
  const width = left + 24 * cw + 12;
  const gridBottom = top + p.rowLabels.length * ch;
  const height = gridBottom + 50;
  const out: string[] = [];
  out.push(`<text x="${left}" y="18" font-size="15" font-weight="600" fill="#1f2933">${esc(p.title)}</text>`);
  for (let h = 0; h < 24; h++) {
    out.push(`<text x="${left + h * cw + cw / 2}" y="${top - 8}" font-size="11" text-anchor="middle" fill="#1f2933">${String(h).padStart(2, '0')}</text>`);
  }
  p.rowLabels.forEach((label, r) => {
    const y = top + r * ch;
    out.push(`<text x="${left - 6}" y="${y + ch / 2 + 4}" font-size="12" text-anchor="end" fill="#1f2933">${esc(label)}</text>`);
    for (let h = 0; h < 24; h++) {
      const c = p.cell(r, h);
      const x = left + h * cw;
      out.push(`<rect x="${x}" y="${y}" width="${cw - 1}" height="${ch - 1}" fill="${c.fill}"/>`);
      out.push(`<text x="${x + cw / 2}" y="${y + ch / 2 + 4}" font-size="10" text-anchor="middle" fill="${c.ink}">${esc(c.text)}</text>`);
    }
  });
  const ly = gridBottom + 18;
  out.push(`<text x="${left}" y="${ly + 11}" font-size="12" fill="#1f2933">${esc(p.legend.from)}</text>`);
  const lx = left + 8 * p.legend.from.length + 8;
  p.legend.colours.forEach((c, i) => out.push(`<rect x="${lx + i * 26}" y="${ly}" width="26" height="14" fill="${c}" stroke="#52606d"/>`));
  const after = lx + p.legend.colours.length * 26 + 8;
  out.push(`<text x="${after}" y="${ly + 11}" font-size="12" fill="#1f2933">${esc(`${p.legend.to} ${p.legend.unit}`)}</text>`);
  const ex = after + 8 * (p.legend.to.length + p.legend.unit.length + 1) + 16;
  out.push(`<rect x="${ex}" y="${ly}" width="14" height="14" fill="${p.legend.empty}" stroke="#52606d"/>`);
  out.push(`<text x="${ex + 20}" y="${ly + 11}" font-size="12" fill="#1f2933">no data</text>`);
  const text =
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `style="font-family: system-ui, 'DejaVu Sans', sans-serif; background: #ffffff"><title>${esc(p.title)}</title>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${out.join('')}</svg>`;
  return { text, width, height };
}
