/** The pure parts behind the dashboard's charts: event marks, the heatmap picture, the table downloads. */
import { describe, expect, test } from 'vitest';
import { exportTable, type Column } from '../../../src/ui/components/DataTable';
import { heatmapSvg } from '../../../src/ui/components/heatmapSvg';
import { eventsShown, MAX_LISTED_EVENTS, MAX_MARKED_WEEKS, weekMarkers } from '../../../src/ui/components/markers';

describe('weekMarkers', () => {
  test('numbers events as listed and puts events of one week on one line', () => {
    const events = [{ week: '2025-01-06' }, { week: '2025-03-31' }, { week: '2025-03-31' }, { week: '2025-04-07' }];
    expect(weekMarkers(events)).toEqual([
      { x: '2025-01-06', label: '1' },
      { x: '2025-03-31', label: '2, 3' },
      { x: '2025-04-07', label: '4' },
    ]);
    expect(weekMarkers([])).toEqual([]);
  });
});

describe('eventsShown', () => {
  const weekOf = (i: number) => new Date(Date.UTC(2021, 0, 4) + i * 7 * 86_400_000).toISOString().slice(0, 10);
  test('a few events are listed and marked', () => {
    const events = [{ week: weekOf(0) }, { week: weekOf(0) }, { week: weekOf(3) }];
    expect(eventsShown(events)).toEqual({ listed: events, more: 0, markers: weekMarkers(events) });
  });
  test('events in more weeks than can be marked are listed but not marked', () => {
    const events = Array.from({ length: MAX_MARKED_WEEKS + 1 }, (_, i) => ({ week: weekOf(i) }));
    const shown = eventsShown(events);
    expect(shown.listed).toHaveLength(MAX_MARKED_WEEKS + 1);
    expect(shown.markers).toEqual([]);
  });
  test('thousands of events: the first ones listed, the rest counted, none marked', () => {
    const events = Array.from({ length: 4985 }, (_, i) => ({ week: weekOf(i % 3) }));
    const shown = eventsShown(events);
    expect(shown.listed).toEqual(events.slice(0, MAX_LISTED_EVENTS));
    expect(shown.more).toBe(4985 - MAX_LISTED_EVENTS);
    // Three weeks only, but numbers past the list would point at nothing.
    expect(shown.markers).toEqual([]);
  });
});

describe('heatmapSvg', () => {
  const rows = ['Mon', 'Tue'];
  const svg = heatmapSvg({
    title: 'Incidents <by> hour & day',
    rowLabels: rows,
    cell: (row, hour) => (row === 1 && hour === 19 ? { text: '16', fill: '#440154', ink: '#ffffff' } : { text: '', fill: '#eceff1', ink: '#000000' }),
    legend: { from: '0', to: '16', unit: 'incidents', colours: ['#fde725', '#440154'], empty: '#eceff1' },
  });

  test('one rect per cell, then the legend swatches and the no-data swatch', () => {
    expect(svg.text.match(/<rect x=/g)).toHaveLength(2 * 24 + 2 + 1);
    // 48 px of row labels, 24 columns of 34 px, 12 px margin.
    expect(svg.width).toBe(48 + 24 * 34 + 12);
    expect(svg.text).toContain(`width="${svg.width}" height="${svg.height}"`);
  });

  test('the value sits in its cell: Tuesday 19:00 is row 2, column 20', () => {
    expect(svg.text).toContain(`<rect x="${48 + 19 * 34}" y="${44 + 26}" width="33" height="25" fill="#440154"/>`);
    expect(svg.text).toContain(`fill="#ffffff">16</text>`);
  });

  test('a standalone, escaped document', () => {
    expect(svg.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.text).toContain('<title>Incidents &lt;by&gt; hour &amp; day</title>');
    expect(svg.text).not.toMatch(/href=/);
  });
});

describe('exportTable', () => {
  interface Row {
    band: string;
    rate: number | null;
  }
  const columns: Column<Row>[] = [
    { key: 'band', label: 'Band', value: (r) => r.band },
    { key: 'rate', label: 'Rate per 100', value: (r) => r.rate, show: (r) => (r.rate === null ? '–' : r.rate.toFixed(1)) },
    { key: 'action', label: 'Action', value: () => null, screenOnly: true },
  ];

  test('carries raw values under each column, not the text on screen, and leaves screen-only columns out', () => {
    const t = exportTable({ columns, rows: [{ band: 'none', rate: 9.13207 }, { band: 'one', rate: null }] });
    expect(t.columns).toEqual([
      { key: 'band', label: 'Band' },
      { key: 'rate', label: 'Rate per 100' },
    ]);
    expect(t.rows).toEqual([
      { band: 'none', rate: 9.13207 },
      { band: 'one', rate: null },
    ]);
  });
});
