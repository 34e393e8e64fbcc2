import { restrictivePracticeAnalysis, type ConditionRow, type RestrictivePracticeResult } from '../../analysis/restrictivePractice';
import { SHARE_BAND_LABELS, SHORTFALL_BAND_LABELS } from '../../model/settings';
import { INTERVENTION_COLOURS, OKABE_ITO, SHARE_COLOURS, SHORTFALL_COLOURS } from '../components/palette';
import { formatCount, formatNumber, formatPercent } from '../format';
import { ChartCard } from '../components/ChartCard';
import { WeeklyCard } from '../components/WeeklyCard';
import { CiBarChart } from '../components/CiBarChart';
import { AnalysisFrame, interval, Num, Warnings, type PageProps } from './PageParts';


const CONDITION_TITLES = {
  shortfall: 'Incidents ending in a restrictive intervention, by staffing shortfall',
  agency: 'Incidents ending in a restrictive intervention, by agency share of staff-hours',
  unfamiliar: 'Incidents ending in a restrictive intervention, by unfamiliar-staff share of hours',
} as const;
const BAND_SHORT: Record<string, string> = {
  none: 'None',
  one: '1 short',
  twoPlus: '2+ short',
  upTo25: '≤ 25 %',
  from25To50: '25–50 %',
  over50: '> 50 %',
};
const bandLabel = (condition: string, band: string) =>
  condition === 'shortfall' ? SHORTFALL_BAND_LABELS[band as keyof typeof SHORTFALL_BAND_LABELS] : SHARE_BAND_LABELS[band as keyof typeof SHARE_BAND_LABELS];

const minutes = (m: number | null) => (m === null ? '–' : formatNumber(m, m < 10 ? 1 : 0));

export default function RestrictivePracticePage(props: PageProps) {
  return (
    <AnalysisFrame
      {...props}
      what="The restrictive-practice analysis"
      testid="restrictive" warm="restrictivePractice"
      run={(engine, filters) => restrictivePracticeAnalysis(engine.model, filters, engine.settings)}
    >
      {(r) => <RestrictiveView r={r} />}
    </AnalysisFrame>
  );
}

function RestrictiveView({ r }: { r: RestrictivePracticeResult }) {
  const x = r.exposure;
  const p = r.callouts.prone;
  return (
    <>
      <p className="headline" data-testid="rp-headline">
        {r.sentences.counts}
      </p>
      <p className="exposure">
        <Num testid="rp-interventions" value={r.total.interventions} /> restrictive interventions in{' '}
        <Num testid="rp-incidents-with" value={r.total.incidents} /> of <Num testid="rp-incidents" value={x.incidents} /> incidents;{' '}
        <Num testid="rp-bed-days" value={x.occupiedBedDays} /> occupied bed days (person-days in the exposure, the NHS MHS96 denominator):{' '}
        <Num testid="rp-per-1000" value={r.total.per1000BedDays.rate} digits={1} /> per 1,000 occupied bed days (95 % CI{' '}
        {interval(r.total.per1000BedDays)}).
      </p>
      <Warnings warnings={r.warnings} id="rp" />

      <ChartCard
        id="rp-prone"
        title="Prone restraint and other high-risk interventions"
        sentence={r.sentences.prone}
        accent={p.interventions > 0 ? OKABE_ITO.vermillion : undefined}
        table={{
          id: 'rp-callouts',
          caption: 'Prone restraint, rapid tranquillisation, seclusion and segregation',
          testids: true,
          rows: [r.callouts.prone, r.callouts.rapidTranquillisation, r.callouts.seclusion, r.callouts.segregation],
          columns: [
            { key: 'label', label: 'Intervention', value: (c) => c.label },
            { key: 'count', label: 'Count', value: (c) => c.interventions },
            { key: 'incidents', label: 'Incidents', value: (c) => c.incidents },
            { key: 'people', label: 'People', value: (c) => c.people },
            { key: 'rate', label: 'Per 1,000 bed days', value: (c) => c.per1000BedDays.rate, show: (c) => formatNumber(c.per1000BedDays.rate, 1) },
            { key: 'ci', label: '95 % CI', value: (c) => interval(c.per1000BedDays), nowrap: true },
          ],
        }}
      >
        <p className="note">
          Prone restraints: <Num testid="rp-prone" value={p.interventions} /> of <Num testid="rp-physical" value={p.physicalRestraints} /> physical
          restraints (<Num testid="rp-prone-share" value={p.shareOfPhysical.share} text={formatPercent(p.shareOfPhysical.share, 1)} />, 95 % CI{' '}
          {interval({ lower: p.shareOfPhysical.lower === null ? null : 100 * p.shareOfPhysical.lower, upper: p.shareOfPhysical.upper === null ? null : 100 * p.shareOfPhysical.upper })} %).
        </p>
      </ChartCard>

      <ChartCard
        id="rp-groups"
        title="Restrictive interventions per 1,000 occupied bed days"
        sentence={r.sentences.counts}
        chart={(ref) => (
          <CiBarChart
            chartRef={ref}
            sentence={r.sentences.counts}
            yLabel="per 1,000 bed days"
            bars={r.byGroup.map((g) => ({ key: g.group, label: g.label.replace(' restraint', '').replace(' psychotropic medication', ''), value: g.per1000BedDays.rate, lower: g.per1000BedDays.lower, upper: g.per1000BedDays.upper, colour: INTERVENTION_COLOURS[g.group] }))}
          />
        )}
        table={{
          id: 'rp-groups',
          caption: 'Restrictive interventions per 1,000 occupied bed days by kind',
          testids: true,
          rows: r.byGroup,
          columns: [
            { key: 'group', label: 'Kind', value: (g) => g.label },
            { key: 'count', label: 'Count', value: (g) => g.interventions },
            { key: 'rate', label: 'Per 1,000 bed days', value: (g) => g.per1000BedDays.rate, show: (g) => formatNumber(g.per1000BedDays.rate, 1) },
            { key: 'ci', label: '95 % CI', value: (g) => interval(g.per1000BedDays), nowrap: true },
          ],
        }}
      />

      <ChartCard
        id="rp-types"
        title="By MHSDS restrictive intervention type"
        sentence="Each type's count, its rate per 1,000 occupied bed days and per 100 incidents, and how long it lasted (minutes: median, interquartile range and total)."
        table={{
          caption: 'Restrictive interventions by MHSDS type',
          testids: true,
          rows: r.byType.filter((t) => t.interventions > 0 || ['01', '04', '05', '06', '14', 'PRN'].includes(t.code)),
          columns: [
            { key: 'type', label: 'Type', value: (t) => (t.code === 'PRN' ? t.label : `${t.code} ${t.label}`) },
            { key: 'count', label: 'Count', value: (t) => t.interventions },
            { key: 'incidents', label: 'Incidents', value: (t) => t.incidents },
            { key: 'people', label: 'People', value: (t) => t.people },
            { key: 'per1000', label: 'Per 1,000 bed days', value: (t) => t.per1000BedDays.rate, show: (t) => formatNumber(t.per1000BedDays.rate, 1) },
            { key: 'per1000ci', label: '95 % CI', value: (t) => interval(t.per1000BedDays), nowrap: true },
            { key: 'per100', label: 'Per 100 incidents', value: (t) => t.per100Incidents.rate, show: (t) => formatNumber(t.per100Incidents.rate, 1) },
            { key: 'median', label: 'Median minutes', value: (t) => t.duration.median, show: (t) => minutes(t.duration.median) },
            { key: 'iqr', label: 'IQR (minutes)', nowrap: true, value: (t) => (t.duration.q1 === null ? null : `${minutes(t.duration.q1)} to ${minutes(t.duration.q3)}`) },
            { key: 'total', label: 'Total minutes', value: (t) => t.duration.totalMinutes, show: (t) => formatNumber(t.duration.totalMinutes, 0) },
          ],
        }}
      >
        <p className="note">Types with no interventions are listed only for prone restraint, mechanical restraint, seclusion, segregation, rapid tranquillisation and PRN.</p>
      </ChartCard>

      <div className="charts">
        {(['shortfall', 'agency', 'unfamiliar'] as const).map((c) => (
          <ConditionCard key={c} condition={c} rows={r.byCondition.filter((x) => x.condition === c)} sentence={r.sentences.byCondition[c]} />
        ))}
      </div>

      <ChartCard
        id="rp-durations"
        title="How long interventions lasted, by staffing of the period"
        sentence={r.sentences.durations}
        table={{
          caption: 'Durations by condition, band and kind of intervention',
          rows: r.durationsByCondition,
          columns: [
            { key: 'band', label: 'Period', value: (d) => `${d.condition === 'shortfall' ? 'Shortfall' : d.condition === 'agency' ? 'Agency' : 'Unfamiliar'}: ${bandLabel(d.condition, d.band)}` },
            { key: 'group', label: 'Kind', value: (d) => d.group, left: true },
            { key: 'n', label: 'With a duration', value: (d) => d.n },
            { key: 'median', label: 'Median minutes', value: (d) => d.median, show: (d) => minutes(d.median) },
            { key: 'q1', label: 'Lower quartile', value: (d) => d.q1, show: (d) => minutes(d.q1) },
            { key: 'q3', label: 'Upper quartile', value: (d) => d.q3, show: (d) => minutes(d.q3) },
            { key: 'total', label: 'Total minutes', value: (d) => d.totalMinutes, show: (d) => formatNumber(d.totalMinutes, 0) },
          ],
        }}
      />

      <WeeklyCard
        id="rp-prn"
        title={`PRN psychotropic medication for distress, by ${r.prnGrain} (STOMP)`}
        sentence={r.sentences.prn}
        weeks={r.prnWeekly}
        grain={r.prnGrain}
        span={r.prnSpan}
        yLabel="per 100 person-periods"
        series={[{ key: 'rate', label: 'PRN per 100 person-periods', colour: OKABE_ITO.orange, kind: 'line', value: (w) => w.per100PersonPeriods.rate }]}
        caption={`PRN by ${r.prnGrain}`}
        columns={[
          { key: 'prn', label: 'PRN given', value: (w) => w.prn },
          { key: 'pp', label: 'Person-periods', value: (w) => w.personPeriods },
          { key: 'rate', label: 'Per 100 person-periods', value: (w) => w.per100PersonPeriods.rate, show: (w) => formatNumber(w.per100PersonPeriods.rate, 2) },
          { key: 'ci', label: '95 % CI', value: (w) => interval(w.per100PersonPeriods, 2), nowrap: true },
        ]}
      />

      <section className="card caveats" aria-labelledby="rp-caveats-title">
        <h2 id="rp-caveats-title">Reading these numbers</h2>
        <ul>
          <li>Occupied bed days are the days each person was in the exposure (admitted and on a unit the rota covers), as NHS statistics count them (MHS96).</li>
          <li>Any row of the restrictive interventions file counts, PRN for distress included; an incident can end in more than one.</li>
          <li>Medians and quartiles are of the recorded durations only: minutes given, or end minus start.</li>
          <li>Shares and risk ratios are associations: an unsettled period can bring both fewer familiar staff and more restraint.</li>
        </ul>
      </section>
    </>
  );
}

function ConditionCard({ condition, rows, sentence }: { condition: 'shortfall' | 'agency' | 'unfamiliar'; rows: ConditionRow[]; sentence: string }) {
  const colours = condition === 'shortfall' ? SHORTFALL_COLOURS : SHARE_COLOURS;
  return (
    <ChartCard
      id={`rp-${condition}`}
      title={CONDITION_TITLES[condition]}
      sentence={sentence}
      chart={(ref) => (
        <CiBarChart
          chartRef={ref}
          sentence={sentence}
          yLabel="% of incidents"
          bars={rows.map((b, i) => ({
            key: b.band,
            label: BAND_SHORT[b.band]!,
            value: b.share.share === null ? null : 100 * b.share.share,
            lower: b.share.lower === null ? null : 100 * b.share.lower,
            upper: b.share.upper === null ? null : 100 * b.share.upper,
            colour: colours[i]!,
          }))}
        />
      )}
      table={{
        caption: CONDITION_TITLES[condition],
        testids: true,
        rows,
        columns: [
          { key: 'band', label: 'Band', value: (b) => bandLabel(condition, b.band) },
          { key: 'incidents', label: 'Incidents', value: (b) => b.incidents },
          { key: 'withRi', label: 'Ending in one', value: (b) => b.incidentsWithIntervention },
          { key: 'share', label: 'Share', value: (b) => b.share.share, show: (b) => formatPercent(b.share.share, 1) },
          { key: 'rr', label: 'Risk ratio vs none', value: (b) => b.riskRatio?.estimate ?? null, show: (b) => (b.riskRatio ? formatNumber(b.riskRatio.estimate, 2) : b.band === 'none' ? 'reference' : '–') },
          { key: 'rrci', label: '95 % CI', value: (b) => (b.riskRatio ? interval(b.riskRatio, 2) : null), nowrap: true },
          { key: 'per100pp', label: 'Interventions per 100 person-periods', value: (b) => b.per100PersonPeriods.rate, show: (b) => formatNumber(b.per100PersonPeriods.rate, 2) },
          { key: 'pp', label: 'Person-periods', value: (b) => b.personPeriods, show: (b) => formatCount(b.personPeriods) },
        ],
      }}
    />
  );
}
