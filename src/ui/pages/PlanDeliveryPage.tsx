import { useId, useState } from 'react';
import { planDeliveryAnalysis, type DayGroup, type PlanDeliveryResult } from '../../analysis/planDelivery';
import { OKABE_ITO } from '../components/palette';
import { formatNumber, formatPercent } from '../format';
import { ChartCard } from '../components/ChartCard';
import { weekColumn } from '../components/DataTable';
import { WeeklyCard } from '../components/WeeklyCard';
import { CiBarChart } from '../components/CiBarChart';
import { AnalysisFrame, interval, Num, Warnings, type PageProps } from './PageParts';

const pctBar = (s: { share: number | null; lower: number | null; upper: number | null }) => ({
  value: s.share === null ? null : 100 * s.share,
  lower: s.lower === null ? null : 100 * s.lower,
  upper: s.upper === null ? null : 100 * s.upper,
});

export default function PlanDeliveryPage(props: PageProps) {
  const [threshold, setThreshold] = useState(80);
  const inputId = useId();
  const controls = (
    <form className="filters" aria-label="Low-delivery threshold" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={inputId}>A low-delivery day: below this % of strategies delivered</label>
        <input
          id={inputId}
          type="number"
          min={5}
          max={100}
          step={5}
          value={threshold}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (v >= 1 && v <= 100) setThreshold(v);
          }}
          data-testid="low-threshold"
        />
      </div>
    </form>
  );
  return (
    <AnalysisFrame
      {...props}
      what="The plan-delivery analysis"
      testid="plan" warm="planDelivery"
      deps={[threshold]}
      controls={controls}
      run={(engine, filters) => planDeliveryAnalysis(engine.model, filters, engine.settings, { lowDeliveryThreshold: threshold / 100 })}
    >
      {(r) => <PlanView r={r} />}
    </AnalysisFrame>
  );
}

function PlanView({ r }: { r: PlanDeliveryResult }) {
  const t = r.totals;
  const b = r.byDayStaffing;
  const d = r.incidentsByDelivery;
  const th = formatPercent(r.lowDeliveryThreshold, 0);
  if (t.planned === 0) {
    return (
      <div className="card" data-testid="plan-empty">
        <h2>No plan-delivery records</h2>
        <p>
          Import a plan-delivery export (one row per planned proactive strategy: person, date, strategy, delivered yes/no and the reason
          if not) to see whether the plan was delivered, or widen the filters.
        </p>
      </div>
    );
  }
  return (
    <>
      <p className="headline" data-testid="plan-headline">
        {r.sentences.weekly}
      </p>
      <p className="exposure">
        <Num testid="plan-delivered" value={t.delivered} /> of <Num testid="plan-planned" value={t.planned} /> planned strategies delivered (
        <Num testid="plan-share" value={t.share} text={formatPercent(t.share, 1)} />) for <Num testid="plan-people" value={t.people} /> people;{' '}
        <Num testid="plan-not-delivered-staff" value={t.notDeliveredForStaffing} /> of <Num testid="plan-not-delivered" value={t.notDelivered} /> not
        delivered for a staffing reason.
      </p>
      <Warnings warnings={r.warnings} id="plan" />

      <WeeklyCard
        id="plan-weekly"
        title={`Proactive strategies delivered, by ${r.grain}`}
        sentence={r.sentences.timeline}
        weeks={r.weekly}
        grain={r.grain}
        span={r.span}
        yLabel="% delivered"
        yMax={100}
        series={[{ key: 'share', label: 'Delivered (%)', colour: OKABE_ITO.bluishGreen, kind: 'line', value: (w) => (w.share === null ? null : 100 * w.share) }]}
        caption={`Strategies delivered by ${r.grain}`}
        columns={[
          { key: 'planned', label: 'Planned', value: (w) => w.planned },
          { key: 'delivered', label: 'Delivered', value: (w) => w.delivered },
          { key: 'share', label: 'Share', value: (w) => w.share, show: (w) => formatPercent(w.share, 0) },
        ]}
      />

      <ChartCard
        id="plan-person-weeks"
        title="Strategies delivered, by person and week"
        sentence={`Each person's planned and delivered strategies in each week${r.byPersonWeekTruncated ? ' (the most recent 2,000 rows)' : ''}.`}
        table={{
          summary: 'By person and week',
          caption: 'Strategies delivered by person and week',
          rows: r.byPersonWeek,
          columns: [
            { key: 'person', label: 'Person', value: (w) => w.label },
            weekColumn(true),
            { key: 'planned', label: 'Planned', value: (w) => w.planned },
            { key: 'delivered', label: 'Delivered', value: (w) => w.delivered },
            { key: 'share', label: 'Share', value: (w) => w.share, show: (w) => formatPercent(w.share, 0) },
          ],
        }}
      />

      <ChartCard
        id="plan-reasons"
        title="Why strategies were not delivered"
        sentence={r.sentences.reasons}
        chart={(ref) => (
          <CiBarChart
            chartRef={ref}
            sentence={r.sentences.reasons}
            yLabel="strategies"
            digits={0}
            bars={r.reasons.slice(0, 12).map((x) => ({
              key: x.reason,
              label: x.reason.length > 18 ? `${x.reason.slice(0, 17)}…` : x.reason,
              value: x.count,
              lower: null,
              upper: null,
              colour: x.staffing ? OKABE_ITO.vermillion : OKABE_ITO.skyBlue,
            }))}
          />
        )}
        before={<p className="note">Reasons that mention staff are in vermillion; the others in sky blue. The chart shows the 12 most common.</p>}
        table={{
          caption: 'Reasons not delivered',
          testids: true,
          rows: r.reasons,
          columns: [
            { key: 'reason', label: 'Reason', value: (x) => x.reason },
            { key: 'count', label: 'Strategies', value: (x) => x.count },
            { key: 'share', label: 'Share of not delivered', value: (x) => x.share, show: (x) => formatPercent(x.share, 1) },
            { key: 'staffing', label: 'Staffing reason', value: (x) => (x.staffing ? 'yes' : 'no') },
          ],
        }}
      />

      <ChartCard
        id="plan-staffing"
        title="Not delivered on short-staffed and fully staffed days"
        sentence={r.sentences.staffing}
        chart={(ref) => (
          <CiBarChart
            chartRef={ref}
            sentence={r.sentences.staffing}
            yLabel="% of planned strategies"
            bars={[
              { key: 'short-nd', label: 'Short: not delivered', colour: OKABE_ITO.vermillion, ...pctBar(b.shortDays.notDeliveredShare) },
              { key: 'full-nd', label: 'Full: not delivered', colour: OKABE_ITO.blue, ...pctBar(b.fullyStaffedDays.notDeliveredShare) },
              { key: 'short-st', label: 'Short: staffing reason', colour: OKABE_ITO.orange, ...pctBar(b.shortDays.staffingReasonShare) },
              { key: 'full-st', label: 'Full: staffing reason', colour: OKABE_ITO.skyBlue, ...pctBar(b.fullyStaffedDays.staffingReasonShare) },
            ]}
          />
        )}
        table={{
          id: 'plan-days',
          caption: 'Strategies by the staffing of the day',
          testids: true,
          rows: [['Short of staff in any period', b.shortDays] as const, ['Fully staffed in every period', b.fullyStaffedDays] as const],
          columns: [
            { key: 'day', label: 'Day', value: ([label]) => label },
            { key: 'personDays', label: 'Person-days', value: ([, g]: readonly [string, DayGroup]) => g.personDays },
            { key: 'planned', label: 'Planned', value: ([, g]) => g.planned },
            { key: 'notDelivered', label: 'Not delivered', value: ([, g]) => g.notDelivered },
            { key: 'share', label: 'Share', value: ([, g]) => g.notDeliveredShare.share, show: ([, g]) => formatPercent(g.notDeliveredShare.share, 1) },
            { key: 'staff', label: 'For a staffing reason', value: ([, g]) => g.notDeliveredForStaffing },
            { key: 'staffShare', label: 'Staffing share of not delivered', value: ([, g]) => g.staffingShareOfNotDelivered.share, show: ([, g]) => formatPercent(g.staffingShareOfNotDelivered.share, 0) },
          ],
        }}
      >
        <p className="note">
          Risk ratio, not delivered on short against fully staffed days:{' '}
          <Num testid="plan-nd-rr" value={b.notDeliveredRiskRatio?.estimate} text={b.notDeliveredRiskRatio ? formatNumber(b.notDeliveredRiskRatio.estimate, 2) : 'not estimable'} />{' '}
          (95 % CI {interval(b.notDeliveredRiskRatio, 2)}); for a staffing reason:{' '}
          <Num testid="plan-staff-rr" value={b.staffingReasonRiskRatio?.estimate} text={b.staffingReasonRiskRatio ? formatNumber(b.staffingReasonRiskRatio.estimate, 2) : 'not estimable'} />{' '}
          (95 % CI {interval(b.staffingReasonRiskRatio, 2)}). Each strategy counts once, so strategies of the same day are treated as independent.
        </p>
      </ChartCard>

      <ChartCard
        id="plan-incidents"
        title={`Incidents on days with less than ${th} of the plan delivered`}
        sentence={r.sentences.incidents}
        chart={(ref) => (
          <CiBarChart
            chartRef={ref}
            sentence={r.sentences.incidents}
            yLabel="per 100 person-days"
            bars={[
              { key: 'low', label: `Below ${th}`, colour: OKABE_ITO.vermillion, value: d.low.per100PersonDays.rate, lower: d.low.per100PersonDays.lower, upper: d.low.per100PersonDays.upper },
              { key: 'high', label: `${th} or more`, colour: OKABE_ITO.blue, value: d.high.per100PersonDays.rate, lower: d.high.per100PersonDays.lower, upper: d.high.per100PersonDays.upper },
            ]}
          />
        )}
        side
        table={{
          caption: 'Incidents on low- and high-delivery days',
          testids: true,
          rows: [[`Below ${th} delivered`, d.low] as const, [`${th} or more delivered`, d.high] as const],
          columns: [
            { key: 'days', label: 'Days', value: ([label]) => label },
            { key: 'personDays', label: 'Person-days', value: ([, g]) => g.personDays },
            { key: 'incidents', label: 'Incidents', value: ([, g]) => g.incidents },
            { key: 'rate', label: 'Per 100 person-days', value: ([, g]) => g.per100PersonDays.rate, show: ([, g]) => formatNumber(g.per100PersonDays.rate, 1) },
            { key: 'ci', label: '95 % CI', value: ([, g]) => interval(g.per100PersonDays), nowrap: true },
          ],
        }}
      >
        <p className="note">
          Rate ratio: <Num testid="plan-incident-rr" value={d.rateRatio?.estimate} text={d.rateRatio ? formatNumber(d.rateRatio.estimate, 2) : 'not estimable'} /> (exact
          95 % CI {interval(d.rateRatio, 2)}). Person-days are the days each person was in the exposure with at least one planned strategy; an
          incident counts on the date its shift period began.
        </p>
      </ChartCard>
    </>
  );
}
