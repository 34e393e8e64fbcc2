import { whenAnalysis, WEEKDAY_LABELS, type EvennessTest, type WhenResult } from '../../analysis/when';
import type { Filters } from '../../analysis/types';
import type { Engine } from '../../engine';
import { FilterBar } from '../components/FilterBar';
import { Heatmap } from '../components/Heatmap';
import { formatCount, formatNumber, formatPercent } from '../format';
import { useAsync } from '../useAsync';

interface Props {
  engine: Engine | null;
  hasData: boolean;
  dataVersion: number;
  filters: Filters;
  onFilters: (f: Filters) => void;
  onStart: () => void;
}

export default function WhenPage({ engine, hasData, dataVersion, filters, onFilters, onStart }: Props) {
  const ready = engine && hasData ? engine : null;
  const options = useAsync(ready ? () => ready.filterOptions() : null, [ready, dataVersion]);
  const result = useAsync(
    ready
      ? async () => {
          await ready.ready();
          return whenAnalysis(ready.db, filters, ready.settings);
        }
      : null,
    [ready, dataVersion, filters.from, filters.to, filters.unit, filters.personId],
  );
  if (!hasData) {
    return (
      <div className="empty">
        <p>No data is loaded yet.</p>
        <button type="button" className="primary" onClick={onStart}>
          Go to the start page to explore the sample service or import your files
        </button>
      </div>
    );
  }
  return (
    <>
      <FilterBar filters={filters} options={options.value} onChange={onFilters} />
      {result.loading && (
        <p className="progress" role="status" data-testid="calculating">
          <span className="spinner" aria-hidden="true" />
          Calculating…
        </p>
      )}
      {result.error && (
        <div className="error" role="alert" data-testid="when-error">
          The analysis of when incidents happen failed: {result.error}
        </div>
      )}
      {result.value && <WhenView r={result.value} stale={result.loading} />}
    </>
  );
}

function WhenView({ r, stale }: { r: WhenResult; stale: boolean }) {
  const x = r.exposure;
  return (
    <div className={stale ? 'results stale' : 'results'} aria-busy={stale}>
      <p className="headline" data-testid="when-headline">
        {r.byHour.sentence}
      </p>
      <p className="exposure">
        <span data-testid="when-incidents" data-value={x.incidents}>
          {formatCount(x.incidents)}
        </span>{' '}
        incidents in{' '}
        <span data-testid="when-person-hours" data-value={x.personHours}>
          {formatCount(x.personHours)}
        </span>{' '}
        person-hours of exposure, by the clock hour and weekday they happened.{' '}
        <span data-testid="when-outside" data-value={x.incidentsOutsideExposure}>
          {formatCount(x.incidentsOutsideExposure)}
        </span>{' '}
        fall outside every person-period and are not shown.
      </p>
      {r.warnings.length > 0 && (
        <section className="warnings" aria-labelledby="when-warnings-title">
          <h2 id="when-warnings-title">Warnings</h2>
          <ul data-testid="warnings">
            {r.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      {x.personHours === 0 ? (
        <div className="card" data-testid="no-exposure">
          <h2>Nothing to show yet</h2>
          <p>The grids need person-hours: the shift periods of a unit covered by the staff rota, for the people living there. Widen the filters or import a rota.</p>
        </div>
      ) : (
        <>
          <Heatmap
            id="when-count"
            title="Incidents by hour and weekday"
            sentence={r.sentences.incidents}
            cells={r.cells}
            value={(c) => c.incidents}
            format={(v) => formatCount(v)}
            unit="incidents"
            rowLabels={WEEKDAY_LABELS}
          />
          <Heatmap
            id="when-rate"
            title="Incidents per 1,000 person-hours"
            sentence={r.sentences.rate}
            cells={r.cells}
            value={(c) => c.rate}
            format={(v) => formatNumber(v, 1)}
            unit="per 1,000 person-hours"
            rowLabels={WEEKDAY_LABELS}
          />
          <Heatmap
            id="when-shortfall"
            title="Mean staff shortfall"
            sentence={r.sentences.shortfall}
            cells={r.cells}
            value={(c) => c.meanShortfall}
            format={(v) => formatNumber(v, 2)}
            unit="staff short"
            rowLabels={WEEKDAY_LABELS}
            min="data"
          />
          <Heatmap
            id="when-agency"
            title="Mean agency share of staff-hours"
            sentence={r.sentences.agency}
            cells={r.cells}
            value={(c) => (c.meanAgencyShare === null ? null : 100 * c.meanAgencyShare)}
            format={(v) => formatNumber(v, 0)}
            unit="% agency"
            rowLabels={WEEKDAY_LABELS}
            min="data"
          />
          <TestCard id="hour" title="Are incidents spread evenly across the day?" t={r.byHour} />
          <TestCard id="weekday" title="Are incidents spread evenly across the week?" t={r.byWeekday} />
        </>
      )}
      <section className="card caveats" aria-labelledby="when-note-title">
        <h2 id="when-note-title">Reading these grids</h2>
        <p data-testid="when-note">{r.note}</p>
      </section>
    </div>
  );
}

function TestCard({ id, title, t }: { id: 'hour' | 'weekday'; title: string; t: EvennessTest }) {
  return (
    <section className="card" aria-labelledby={`when-test-${id}`}>
      <h2 id={`when-test-${id}`}>{title}</h2>
      <p className="summary" data-testid={`when-${id}-sentence`}>
        {t.sentence}
      </p>
      <p className="note">
        Chi-square goodness of fit against the counts expected from the person-hours:{' '}
        χ² ={' '}
        <span data-testid={`when-${id}-chi-square`} data-value={t.chiSquare ?? ''}>
          {formatNumber(t.chiSquare, 2)}
        </span>
        , df ={' '}
        <span data-testid={`when-${id}-df`} data-value={t.df}>
          {t.df}
        </span>
        , p ={' '}
        <span data-testid={`when-${id}-p`} data-value={t.pValue ?? ''}>
          {t.pValue === null ? '–' : t.pValue < 0.001 ? '< 0.001' : formatNumber(t.pValue, 3)}
        </span>
        . An adjusted residual beyond ±2 marks a {id === 'hour' ? 'hour' : 'day'} that differs from an even spread; named only when the overall test is clear.
        {t.warning && ` ${t.warning}`}
      </p>
      <details>
        <summary>Numbers behind the test</summary>
        <div className="table-scroll">
          <table className="numbers">
            <caption className="visually-hidden">{title}: observed and expected incidents</caption>
            <thead>
              <tr>
                <th scope="col">{id === 'hour' ? 'Hour' : 'Weekday'}</th>
                <th scope="col">Incidents</th>
                <th scope="col">Person-hours</th>
                <th scope="col">Share of person-hours</th>
                <th scope="col">Expected</th>
                <th scope="col">Adjusted residual</th>
                <th scope="col" className="left">
                  Stands out
                </th>
              </tr>
            </thead>
            <tbody>
              {t.rows.map((row) => {
                const out = t.standingOut.find((s) => s.level === row.level);
                const total = t.rows.reduce((s, x) => s + x.personHours, 0);
                return (
                  <tr key={row.level}>
                    <th scope="row">{row.label}</th>
                    <td data-testid={`when-${id}-${row.level}-observed`} data-value={row.observed}>
                      {formatCount(row.observed)}
                    </td>
                    <td>{formatNumber(row.personHours, 0)}</td>
                    <td>{formatPercent(total > 0 ? row.personHours / total : null, 1)}</td>
                    <td data-testid={`when-${id}-${row.level}-expected`} data-value={row.expected}>
                      {formatNumber(row.expected, 1)}
                    </td>
                    <td>{row.personHours > 0 ? formatNumber(row.adjustedResidual, 2) : '–'}</td>
                    <td className="left">{out ? (out.direction === 'more' ? 'more than expected' : 'fewer than expected') : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
