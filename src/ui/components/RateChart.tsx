import type { RateCell } from '../../analysis/types';
import { formatNumber } from '../format';
import { rateSummary, type Dimension } from '../summaries';
import { ChartCard } from './ChartCard';
import { CiBarChart } from './CiBarChart';

export interface BandSpec {
  band: string;
  /** Short label for the axis. */
  short: string;
  /** Full label for the table. */
  label: string;
  colour: string;
}

interface Datum {
  band: string;
  short: string;
  cell: RateCell;
  colour: string;
}

/**
 * Incidents per 100 person-periods by band, with exact 95 % interval whiskers, a sentence
 * saying what it shows and the numbers in a table underneath.
 */
export function RateChart(props: { id: string; title: string; dimension: Dimension; cells: Record<string, RateCell>; bands: BandSpec[] }) {
  const { id, title, dimension, cells, bands } = props;
  const order = bands.map((b) => b.band);
  const summary = rateSummary(dimension, cells, order);
  const data: Datum[] = bands.map((b) => {
    const cell = cells[b.band] ?? { incidents: 0, personPeriods: 0, rate: null, lower: null, upper: null };
    return { band: b.band, short: b.short, cell, colour: b.colour };
  });
  const label = (band: string) => bands.find((b) => b.band === band)!.label;
  const t = (d: Datum) => `${dimension}-${d.band}`;
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={summary}
      testid={`chart-${dimension}`}
      sentenceTestid={`summary-${dimension}`}
      side
      chart={(ref) => (
        <CiBarChart
          chartRef={ref}
          sentence={summary}
          yLabel="per 100 person-periods"
          valueName="Rate"
          bars={data.map((d) => ({ key: d.band, label: d.short, value: d.cell.rate, lower: d.cell.lower, upper: d.cell.upper, colour: d.colour }))}
        />
      )}
      table={{
        caption: `${title}: numbers behind the chart`,
        rows: data,
        columns: [
          {
            key: 'band',
            label: 'Band',
            value: (d) => label(d.band),
            show: (d) => (
              <>
                <span className="swatch" style={{ background: d.colour }} aria-hidden="true" />
                {label(d.band)}
              </>
            ),
          },
          { key: 'incidents', label: 'Incidents', value: (d) => d.cell.incidents, testid: (d) => `incidents-${t(d)}` },
          { key: 'personPeriods', label: 'Person-periods', value: (d) => d.cell.personPeriods, testid: (d) => `pp-${t(d)}` },
          { key: 'rate', label: 'Rate per 100', value: (d) => d.cell.rate, show: (d) => formatNumber(d.cell.rate), testid: (d) => `rate-${t(d)}` },
          { key: 'lower', label: '95 % CI lower', value: (d) => d.cell.lower, show: (d) => formatNumber(d.cell.lower), testid: (d) => `lower-${t(d)}` },
          { key: 'upper', label: '95 % CI upper', value: (d) => d.cell.upper, show: (d) => formatNumber(d.cell.upper), testid: (d) => `upper-${t(d)}` },
        ],
      }}
    />
  );
}
