import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RateCell } from '../../analysis/types';
import { formatCount, formatInterval, formatNumber } from '../format';
import { rateSummary, type Dimension } from '../summaries';

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
  rate: number | null;
  /** Distances below and above the rate to the interval ends, as ErrorBar wants them. */
  ci: [number, number] | null;
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
    const ci: [number, number] | null =
      cell.rate !== null && cell.lower !== null && cell.upper !== null ? [cell.rate - cell.lower, cell.upper - cell.rate] : null;
    return { band: b.band, short: b.short, rate: cell.rate, ci, cell, colour: b.colour };
  });
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={`chart-${dimension}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="summary" data-testid={`summary-${dimension}`}>
        {summary}
      </p>
      <div className="chart-and-table">
      <div className="chart" role="img" aria-label={`Bar chart. ${summary} The table below gives the numbers.`}>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d0d4da" />
            <XAxis dataKey="short" tick={{ fill: '#1f2933', fontSize: 13 }} interval={0} />
            <YAxis
              tick={{ fill: '#1f2933', fontSize: 13 }}
              width={56}
              label={{ value: 'per 100 person-periods', angle: -90, position: 'insideLeft', offset: 4, style: { fill: '#3e4c59', fontSize: 12, textAnchor: 'middle' } }}
            />
            <Tooltip
              formatter={(_v, _n, item) => {
                const cell = (item.payload as Datum).cell;
                return [`${formatNumber(cell.rate)} (95 % CI ${formatInterval(cell.lower, cell.upper)})`, 'Rate'];
              }}
            />
            <Bar dataKey="rate" isAnimationActive={false} stroke="#1f2933" strokeWidth={1}>
              {data.map((d) => (
                <Cell key={d.band} fill={d.colour} />
              ))}
              <ErrorBar dataKey="ci" width={10} stroke="#000000" strokeWidth={1.5} direction="y" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="table-scroll">
        <table className="numbers">
          <caption className="visually-hidden">{title}: numbers behind the chart</caption>
          <thead>
            <tr>
              <th scope="col">Band</th>
              <th scope="col">Incidents</th>
              <th scope="col">Person-periods</th>
              <th scope="col">Rate per 100</th>
              <th scope="col">95 % CI lower</th>
              <th scope="col">95 % CI upper</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => {
              const t = `${dimension}-${d.band}`;
              const label = bands.find((b) => b.band === d.band)!.label;
              return (
                <tr key={d.band}>
                  <th scope="row">
                    <span className="swatch" style={{ background: d.colour }} aria-hidden="true" />
                    {label}
                  </th>
                  <td data-testid={`incidents-${t}`} data-value={d.cell.incidents}>
                    {formatCount(d.cell.incidents)}
                  </td>
                  <td data-testid={`pp-${t}`} data-value={d.cell.personPeriods}>
                    {formatCount(d.cell.personPeriods)}
                  </td>
                  <td data-testid={`rate-${t}`} data-value={d.cell.rate ?? ''}>
                    {formatNumber(d.cell.rate)}
                  </td>
                  <td data-testid={`lower-${t}`} data-value={d.cell.lower ?? ''}>
                    {formatNumber(d.cell.lower)}
                  </td>
                  <td data-testid={`upper-${t}`} data-value={d.cell.upper ?? ''}>
                    {formatNumber(d.cell.upper)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      </div>
    </section>
  );
}
