import { commissionedAnalysis, type CommissionedResult } from '../../analysis/commissioned';
import { OKABE_ITO } from '../components/palette';
import { formatNumber, formatPercent } from '../format';
import { ChartCard } from '../components/ChartCard';
import { WeeklyCard } from '../components/WeeklyCard';
import { CiBarChart } from '../components/CiBarChart';
import { AnalysisFrame, interval, Num, Warnings, type PageProps } from './PageParts';

/** Up to this many people, their table is shown open; more sit in a disclosure. */
const PEOPLE_SHOWN_OPEN = 20;

export default function CommissionedPage(props: PageProps) {
  return (
    <AnalysisFrame
      {...props}
      what="The commissioned-hours analysis"
      testid="commissioned" warm="commissionedVsDelivered"
      run={(engine, filters) => commissionedAnalysis(engine.model, filters, engine.settings)}
    >
      {(r) => <CommissionedView r={r} />}
    </AnalysisFrame>
  );
}

function CommissionedView({ r }: { r: CommissionedResult }) {
  const t = r.totals;
  const i = r.incidents;
  if (t.commissionedHours === 0) {
    return (
      <div className="card" data-testid="commissioned-empty">
        <h2>No commissioned hours in this selection</h2>
        <p className="summary" data-testid="sentence-commissioned-weekly">
          {r.sentences.weekly}
        </p>
        <p>
          A person's commissioned staffing (for example 2:1 from 08:00 to 22:00) comes from the <code>commissioned_ratio</code>,{' '}
          <code>commissioned_from</code> and <code>commissioned_to</code> columns of the people file; the staff allocated to them from the{' '}
          <code>person_id</code> column of the rota.
          {r.peopleWithoutRatio > 0 ? ` ${formatNumber(r.peopleWithoutRatio, 0)} people in this selection have no commissioned ratio.` : ''}
        </p>
      </div>
    );
  }
  return (
    <>
      <p className="headline" data-testid="commissioned-headline">
        {r.sentences.weekly}
      </p>
      <p className="exposure">
        Commissioned hours: <Num testid="commissioned-hours" value={t.commissionedHours} />; fully delivered:{' '}
        <Num testid="commissioned-full" value={t.fullHours} />; short: <Num testid="commissioned-short" value={t.shortHours} /> (
        <Num testid="commissioned-short-share" value={t.shareOfHoursShort.share} text={formatPercent(t.shareOfHoursShort.share, 1)} />
        ). Staff-hours short: <Num testid="commissioned-staff-hours-short" value={t.staffHoursShort} digits={1} /> of{' '}
        <Num testid="commissioned-staff-hours" value={t.commissionedStaffHours} digits={0} /> commissioned.
      </p>
      <Warnings warnings={r.warnings} id="commissioned" />

      <WeeklyCard
        id="commissioned-weekly"
        title={`Commissioned hours delivered in full and short, by ${r.grain}`}
        sentence={r.sentences.timeline}
        weeks={r.weekly}
        grain={r.grain}
        span={r.span}
        yLabel="hours"
        series={[
          { key: 'full', label: 'Delivered in full', colour: OKABE_ITO.blue, kind: 'bar', stack: 'h', value: (w) => w.fullHours },
          { key: 'short', label: 'Fewer staff than commissioned', colour: OKABE_ITO.vermillion, kind: 'bar', stack: 'h', value: (w) => w.shortHours },
        ]}
        caption={`Commissioned hours by ${r.grain}`}
        columns={[
          { key: 'commissioned', label: 'Commissioned hours', value: (w) => w.commissionedHours },
          { key: 'full', label: 'Delivered in full', value: (w) => w.fullHours },
          { key: 'short', label: 'Short', value: (w) => w.shortHours },
          { key: 'staffShort', label: 'Staff-hours short', value: (w) => w.staffHoursShort, show: (w) => formatNumber(w.staffHoursShort, 1) },
        ]}
      />

      <ChartCard
        id="commissioned-people"
        title="Each person's commissioned hours"
        sentence="A slot is one clock hour inside the commissioned hours on a day the person was in the exposure. Allocated staff are the hours of worked rota lines carrying the person's id within that hour, so two staff for half an hour count as one."
        table={{
          caption: 'Commissioned hours by person',
          // A whole service's people (400 at W-L, 4,000 cells) are made only when asked for: drawing them again on
          // every filter change cost more than the analysis.
          summary: r.people.length > PEOPLE_SHOWN_OPEN ? `Every person's hours (${formatNumber(r.people.length, 0)} people)` : undefined,
          testids: true,
          rows: r.people,
          columns: [
            { key: 'person', label: 'Person', value: (p) => p.label },
            { key: 'ratio', label: 'Ratio', value: (p) => p.ratio, left: true },
            { key: 'hours', label: 'Hours', value: (p) => p.hours, left: true },
            { key: 'commissioned', label: 'Commissioned hours', value: (p) => p.commissionedHours },
            { key: 'short', label: 'Short hours', value: (p) => p.shortHours },
            { key: 'shortShare', label: 'Share short', value: (p) => (p.commissionedHours ? p.shortHours / p.commissionedHours : null), show: (p) => formatPercent(p.commissionedHours ? p.shortHours / p.commissionedHours : null, 0) },
            { key: 'staffShort', label: 'Staff-hours short', value: (p) => p.staffHoursShort, show: (p) => formatNumber(p.staffHoursShort, 1) },
            {
              key: 'delivered',
              label: 'Staff-hours delivered',
              value: (p) => (p.commissionedStaffHours ? p.deliveredStaffHours / p.commissionedStaffHours : null),
              show: (p) => formatPercent(p.commissionedStaffHours ? p.deliveredStaffHours / p.commissionedStaffHours : null, 0),
            },
            { key: 'incShort', label: 'Incidents in short hours', value: (p) => p.incidentsInShortHours },
            { key: 'incFull', label: 'Incidents in full hours', value: (p) => p.incidentsInFullHours },
          ],
        }}
      />

      <ChartCard
        id="commissioned-incidents"
        title="Incidents in short and in fully delivered commissioned hours"
        sentence={r.sentences.incidents}
        chart={(ref) => (
          <CiBarChart
            chartRef={ref}
            sentence={r.sentences.incidents}
            yLabel="per 100 hours"
            digits={2}
            bars={[
              { key: 'short', label: 'Short hours', colour: OKABE_ITO.vermillion, value: i.shortHours.per100Hours.rate, lower: i.shortHours.per100Hours.lower, upper: i.shortHours.per100Hours.upper },
              { key: 'full', label: 'Fully delivered', colour: OKABE_ITO.blue, value: i.fullHours.per100Hours.rate, lower: i.fullHours.per100Hours.lower, upper: i.fullHours.per100Hours.upper },
            ]}
          />
        )}
        side
        table={{
          caption: 'Incidents in short and fully delivered hours',
          testids: true,
          rows: [['Short of the commissioned staff', i.shortHours] as const, ['Delivered in full', i.fullHours] as const],
          columns: [
            { key: 'hours', label: 'Commissioned hours', value: ([label]) => label },
            { key: 'n', label: 'Hours', value: ([, g]) => g.hours },
            { key: 'incidents', label: 'Incidents', value: ([, g]) => g.incidents },
            { key: 'rate', label: 'Per 100 hours', value: ([, g]) => g.per100Hours.rate, show: ([, g]) => formatNumber(g.per100Hours.rate, 2) },
            { key: 'ci', label: '95 % CI', value: ([, g]) => interval(g.per100Hours, 2), nowrap: true },
          ],
        }}
      >
        <p className="note">
          Rate ratio: <Num testid="commissioned-rr" value={i.rateRatio?.estimate} text={i.rateRatio ? formatNumber(i.rateRatio.estimate, 2) : 'not estimable'} /> (exact 95 %
          CI {interval(i.rateRatio, 2)}). An incident counts in the clock hour it happened in. Short hours often fall in short-staffed periods of the
          whole unit too, so this is an association, not proof that the missing allocation caused the incidents.
        </p>
      </ChartCard>
    </>
  );
}
