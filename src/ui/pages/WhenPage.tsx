import { whenAnalysis, WEEKDAY_LABELS, type EvennessTest, type FitRow, type WhenResult } from '../../analysis/when';
import { ChartCard } from '../components/ChartCard';
import { Heatmap } from '../components/Heatmap';
import { formatCount, formatNumber, formatPercent } from '../format';
import { AnalysisFrame, Num, Warnings, type PageProps } from './PageParts';

export default function WhenPage(props: PageProps) {
  return (
    <AnalysisFrame {...props} what="The analysis of when incidents happen" testid="when" warm="when" run={(engine, filters) => whenAnalysis(engine.model, filters, engine.settings)}>
      {(r) => <WhenView r={r} />}
    </AnalysisFrame>
  );
}

function WhenView({ r }: { r: WhenResult }) {
  const x = r.exposure;
  // Every grid: weekdays by hour of the same cells.
  const grid = { cells: r.cells, rowLabels: WEEKDAY_LABELS };
  return (
    <>
      <p className="headline" data-testid="when-headline">
        {r.byHour.sentence}
      </p>
      {r.byHour.details && (
        <p className="note" data-testid="when-details">
          Details: {r.byHour.details}
        </p>
      )}
      <p className="exposure">
        <Num testid="when-incidents" value={x.incidents} /> incidents in <Num testid="when-person-hours" value={x.personHours} /> person-hours of exposure,
        by the clock hour and weekday they happened. <Num testid="when-outside" value={x.incidentsOutsideExposure} /> fall outside every person-period
        and are not shown.
      </p>
      <Warnings warnings={r.warnings} id="when" />
      {x.personHours === 0 ? (
        <div className="card" data-testid="no-exposure">
          <h2>Nothing to show yet</h2>
          <p>The grids need person-hours: the shift periods of a unit covered by the staff rota, for the people living there. Widen the filters or import a rota.</p>
        </div>
      ) : (
        <>
          <Heatmap
            {...grid}
            id="when-count"
            title="Incidents by hour and weekday"
            sentence={r.sentences.incidents}
            value={(c) => c.incidents}
            format={(v) => formatCount(v)}
            unit="incidents"
          />
          <Heatmap
            {...grid}
            id="when-rate"
            title="Incidents per 1,000 person-hours"
            sentence={r.sentences.rate}
            value={(c) => c.rate}
            format={(v) => formatNumber(v, 1)}
            unit="per 1,000 person-hours"
          />
          <Heatmap
            {...grid}
            id="when-shortfall"
            title="Mean staff shortfall"
            sentence={r.sentences.shortfall}
            value={(c) => c.meanShortfall}
            format={(v) => formatNumber(v, 2)}
            unit="staff short"
            min="data"
          />
          <Heatmap
            {...grid}
            id="when-agency"
            title="Mean agency share of staff-hours"
            sentence={r.sentences.agency}
            value={(c) => (c.meanAgencyShare === null ? null : 100 * c.meanAgencyShare)}
            format={(v) => formatNumber(v, 0)}
            unit="% agency"
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
    </>
  );
}

function TestCard({ id, title, t }: { id: 'hour' | 'weekday'; title: string; t: EvennessTest }) {
  const total = t.rows.reduce((s, x) => s + x.personHours, 0);
  const out = (row: FitRow) => t.standingOut.find((s) => s.level === row.level);
  return (
    <ChartCard
      id={`when-test-${id}`}
      title={title}
      sentence={t.sentence}
      sentenceTestid={`when-${id}-sentence`}
      table={{
        summary: 'Numbers behind the test',
        caption: `${title}: observed and expected incidents`,
        rows: t.rows,
        columns: [
          { key: 'level', label: id === 'hour' ? 'Hour' : 'Weekday', value: (row) => row.label },
          { key: 'observed', label: 'Incidents', value: (row) => row.observed, testid: (row) => `when-${id}-${row.level}-observed` },
          { key: 'personHours', label: 'Person-hours', value: (row) => row.personHours, show: (row) => formatNumber(row.personHours, 0) },
          { key: 'share', label: 'Share of person-hours', value: (row) => (total > 0 ? row.personHours / total : null), show: (row) => formatPercent(total > 0 ? row.personHours / total : null, 1) },
          { key: 'expected', label: 'Expected', value: (row) => row.expected, show: (row) => formatNumber(row.expected, 1), testid: (row) => `when-${id}-${row.level}-expected` },
          {
            key: 'adjustedResidual',
            label: 'Adjusted residual',
            value: (row) => (row.personHours > 0 ? row.adjustedResidual : null),
            show: (row) => (row.personHours > 0 ? formatNumber(row.adjustedResidual, 2) : '–'),
          },
          {
            key: 'standsOut',
            label: 'Stands out',
            left: true,
            value: (row) => {
              const o = out(row);
              return o ? (o.direction === 'more' ? 'more than expected' : 'fewer than expected') : '–';
            },
          },
        ],
      }}
    >
      <p className="note">
        Chi-square goodness of fit against the counts expected from the person-hours: χ² = <Num testid={`when-${id}-chi-square`} value={t.chiSquare} digits={2} />, df ={' '}
        <Num testid={`when-${id}-df`} value={t.df} />, p{' '}
        <Num testid={`when-${id}-p`} value={t.pValue} text={t.pValue === null ? '= –' : t.pValue < 0.001 ? '< 0.001' : `= ${formatNumber(t.pValue, 3)}`} />. An
        adjusted residual beyond ±2 marks a {id === 'hour' ? 'hour' : 'day'} that differs from an even spread; named only when the overall test is clear.
        {t.warning && ` ${t.warning}`}
      </p>
    </ChartCard>
  );
}
