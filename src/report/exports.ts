/**
 * Exports, all made in the browser: charts as SVG (the chart's own SVG, serialised) and PNG
 * (that SVG drawn on a canvas), tables as CSV, results as JSON. Files are handed to the user
 * through blob: URLs; nothing goes over the network.
 */
import { exportSafeText, showBidiControls } from './bidi';
import { CSV_BOM, tableToCsv, type CsvColumn } from './csv';

/** A safe, readable file name stem: "Incidents by shortfall" → "incidents-by-shortfall". */
export function fileStem(...parts: (string | null | undefined)[]): string {
  const stem = parts
    .filter((p): p is string => !!p)
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem.slice(0, 80) || 'pbs-lens';
}

/** The chart's drawing: the largest SVG inside the container (legend swatches are SVGs too). */
export function chartSvg(container: Element): SVGSVGElement | null {
  const svgs = [...container.querySelectorAll('svg')];
  let best: SVGSVGElement | null = null;
  let area = 0;
  for (const svg of svgs) {
    const r = svg.getBoundingClientRect();
    if (r.width * r.height > area) {
      area = r.width * r.height;
      best = svg;
    }
  }
  return best;
}

export interface SerialisedSvg {
  text: string;
  width: number;
  height: number;
}

/**
 * A standalone SVG document of a chart: explicit size, the page's font, a white background, and
 * nothing that refers outside the file.
 */
export function serialiseSvg(svg: SVGSVGElement, title?: string): SerialisedSvg {
  const box = svg.getBoundingClientRect();
  const width = Math.round(Number(svg.getAttribute('width')) || box.width) || 600;
  const height = Math.round(Number(svg.getAttribute('height')) || box.height) || 300;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const style = getComputedStyle(svg);
  // Through CSSOM: the page's Content-Security-Policy refuses style attributes set as markup.
  clone.style.cssText = `font-family: ${style.fontFamily}; font-size: ${style.fontSize}; background: #ffffff`;
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  clone.insertBefore(background, clone.firstChild);
  if (title) {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title;
    clone.insertBefore(t, clone.firstChild);
  }
  // Links out of the file (none are expected) are dropped rather than carried along.
  for (const el of clone.querySelectorAll('[href], [xlink\\:href]')) {
    const href = el.getAttribute('href') ?? el.getAttribute('xlink:href') ?? '';
    if (!href.startsWith('#')) {
      el.removeAttribute('href');
      el.removeAttribute('xlink:href');
    }
  }
  // Labels from the files may hold bidi controls: written out, they cannot reverse the chart's words.
  const text = showBidiControls(`<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`);
  return { text, width, height };
}

/** The SVG drawn onto a canvas at `scale` × its size, as a PNG. */
export async function svgToPng(svg: SerialisedSvg, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([showBidiControls(svg.text)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be drawn as a picture.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw pictures (no canvas).');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The picture could not be made.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Hand a file to the user: a blob: URL on a temporary link, released afterwards. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = showBidiControls(fileName);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Text as a file; bidi controls from the data are made visible (escaped in JSON), never acted on. */
export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([exportSafeText(text, type)], { type }), fileName);
}

export function downloadCsv(columns: CsvColumn[], rows: Record<string, unknown>[], stem: string): void {
  downloadText(CSV_BOM + tableToCsv(columns, rows), `${stem}.csv`, 'text/csv;charset=utf-8');
}

export function downloadJson(data: unknown, stem: string): void {
  const text = typeof data === 'string' ? data : JSON.stringify(data, null, 2);
  downloadText(text, `${stem}.json`, 'application/json');
}

export async function downloadChart(container: Element, stem: string, format: 'svg' | 'png', title?: string): Promise<void> {
  const svg = chartSvg(container);
  if (!svg) throw new Error('There is no chart here to download.');
  await downloadDrawing(serialiseSvg(svg, title), stem, format);
}

/** A drawing made as SVG text (a chart not drawn in SVG on screen, such as the heatmap grid). */
export async function downloadDrawing(drawing: SerialisedSvg, stem: string, format: 'svg' | 'png'): Promise<void> {
  if (format === 'svg') downloadText(drawing.text, `${stem}.svg`, 'image/svg+xml');
  else downloadBlob(await svgToPng(drawing), `${stem}.png`);
}
