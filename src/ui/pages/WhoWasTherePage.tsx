/**
 * Who was there (analysis 10): agency and unfamiliar staff named in incidents per hour on shift,
 * incidents while allocated staff were agency, and incidents by staff continuity. Conditions only:
 * no member of staff is named, counted alone or ranked on this page.
 */
import { staffInvolvementAnalysis, type InvolvementComparison, type StaffInvolvementResult } from '../../analysis/staffInvolvement';
import { OKABE_ITO } from '../components/palette';
import { formatNumber } from '../format';
import { ChartCard } from '../components/ChartCard';
import { CiBarChart } from '../components/CiBarChart';
import { AnalysisFrame, interval, Num, type PageProps } from './PageParts';

export default function WhoWasTherePage(props: PageProps) {
  return (
    <AnalysisFrame
      {...props}
      what="The who-was-there analysis"
      testid="who"
      warm="staffInvolvement"
      run={(engine, filters) => staffInvolvementAnalysis(engine.model, filters, engine.settings)}
    >
      {(r) => <WhoView r={r} />}
    </AnalysisFrame>
  );
}

const CONTINUITY_COLOURS = { most: OKABE_ITO.blue, middle: OKABE_ITO.skyBlue, least: OKABE_ITO.vermillion } as const;

function InvolvementCard({ id, c, group, title }: { id: string; c: InvolvementComparison; group: string; title: string }) {
  const rr = c.rateRatio;
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={c.sentence}
      chart={(ref) => (
        <CiBarChart
          chartRef={ref}
          sentence={c.sentence}
          yLabel="named per 100 staff-hours"
          digits={2}
          bars={[
            { key: 'group', label: group, colour: OKABE_ITO.vermillion, value: c.rate.rate, lower: c.rate.lower, upper: c.rate.upper },
            { key: 'comparison', label: c.comparisonGroup, colour: OKABE_ITO.blue, value: c.comparisonRate.rate, lower: c.comparisonRate.lower, upper: c.comparisonRate.upper },
          ]}
        />
      )}
      side
      table={{
        caption: title,
        testids: true,
        rows: [[group, c.rate] as const, [c.comparisonGroup, c.comparisonRate] as const],
        columns: [
          { key: 'staff', label: 'Staff', value: ([label]) => label, left: true },
          { key: 'named', label: 'Times named', value: ([, g]) => g.involvements },
          { key: 'hours', label: 'Staff-hours on shift when incidents happened', value: ([, g]) => g.staffHours, show: ([, g]) => formatNumber(g.staffHours, 0) },
          { key: 'rate', label: 'Per 100 staff-hours', value: ([, g]) => g.rate, show: ([, g]) => formatNumber(g.rate, 2) },
          { key: 'ci', label: '95 % CI', value: ([, g]) => interval(g, 2), nowrap: true },
        ],
      }}
    >
      <p className="note">
        Rate ratio: <Num testid={`${id}-rr`} value={rr?.estimate} text={rr ? formatNumber(rr.estimate, 2) : 'not estimable'} /> (exact 95 % CI{' '}
        {interval(rr, 2)}). Over every shift period in view, not only those with incidents, the ratio is{' '}
        {c.allPeriods.rateRatio ? `${formatNumber(c.allPeriods.rateRatio.estimate, 2)} (${interval(c.allPeriods.rateRatio, 2)})` : 'not estimable'}: that
        one also carries how much more often incidents happen in periods with more of these staff on shift.
      </p>
    </ChartCard>
  );
}

function WhoView({ r }: { r: StaffInvolvementResult }) {
  const rec = r.recording;
  const al = r.allocation;
  return (
    <>
      <p className="headline" data-testid="who-headline">
        {r.agency.sentence}
      </p>
      <p className="exposure" data-testid="who-recording">
        {rec.sentence}
      </p>
      <div className="card warnings" data-testid="who-caveats">
        <ul>
          {r.caveats.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </div>

      <InvolvementCard id="who-agency" c={r.agency} group="agency staff" title="How often agency staff were named in incidents, per hour on shift" />
      <InvolvementCard id="who-unfamiliar" c={r.unfamiliar} group="unfamiliar staff" title="How often staff new to the unit were named in incidents, per hour on shift" />

      <ChartCard
        id="who-continuity"
        title="Incidents by staff continuity in the week before"
        sentence={r.continuity.sentence}
        chart={(ref) => (
          <CiBarChart
            chartRef={ref}
            sentence={r.continuity.sentence}
            yLabel="per 100 shift periods"
            digits={1}
            bars={r.continuity.bands.map((b) => ({ key: b.band, label: b.label.replace(/ \(.*\)$/, ''), colour: CONTINUITY_COLOURS[b.band], value: b.rate, lower: b.lower, upper: b.upper }))}
          />
        )}
        side
        table={{
          caption: 'Incidents per 100 shift periods by staff continuity',
          testids: true,
          rows: r.continuity.bands,
          columns: [
            { key: 'band', label: 'Continuity', value: (b) => b.label, left: true },
            { key: 'staff', label: 'Different staff in 7 days', value: (b) => (b.fewestStaff === null ? '–' : `${b.fewestStaff}–${b.mostStaff}`) },
            { key: 'periods', label: 'Person-periods', value: (b) => b.personPeriods },
            { key: 'incidents', label: 'Incidents', value: (b) => b.incidents },
            { key: 'rate', label: 'Per 100', value: (b) => b.rate, show: (b) => formatNumber(b.rate, 1) },
            { key: 'ci', label: '95 % CI', value: (b) => interval(b, 1), nowrap: true },
          ],
        }}
      >
        <p className="note">
          Least against most continuity: <Num testid="who-continuity-rr" value={r.continuity.rateRatio?.estimate} text={r.continuity.rateRatio ? formatNumber(r.continuity.rateRatio.estimate, 2) : 'not estimable'} />{' '}
          (exact 95 % CI {interval(r.continuity.rateRatio, 2)}).{' '}
          {r.continuity.personPeriodsWithoutValue > 0
            ? `${formatNumber(r.continuity.personPeriodsWithoutValue, 0)} person-periods have fewer than 7 days of rota before them and no band.`
            : ''}
        </p>
      </ChartCard>

      <ChartCard
        id="who-allocation"
        title="Incidents while the allocated 1:1 or 2:1 staff member was from an agency or new"
        sentence={al.sentence}
        table={{
          caption: 'Incidents per 100 allocated staff-hours',
          testids: true,
          rows: [
            ['Allocated staff from an agency', al.agency.incidents, al.agency.allocatedHours] as const,
            ['Other allocated staff', al.agency.comparisonIncidents, al.agency.comparisonAllocatedHours] as const,
            ['Allocated staff new to the unit', al.unfamiliar.incidents, al.unfamiliar.allocatedHours] as const,
            ['Allocated staff who knew the unit', al.unfamiliar.comparisonIncidents, al.unfamiliar.comparisonAllocatedHours] as const,
          ],
          columns: [
            { key: 'who', label: 'While on shift', value: ([label]) => label, left: true },
            { key: 'incidents', label: 'Incidents', value: ([, i]) => i },
            { key: 'hours', label: 'Allocated staff-hours', value: ([, , h]) => h, show: ([, , h]) => formatNumber(h, 0) },
            { key: 'rate', label: 'Per 100 staff-hours', value: ([, i, h]) => (h > 0 ? (100 * i) / h : null), show: ([, i, h]) => formatNumber(h > 0 ? (100 * i) / h : null, 2) },
          ],
        }}
      >
        <p className="note">
          Agency against other allocated staff: rate ratio {al.agency.rateRatio ? formatNumber(al.agency.rateRatio.estimate, 2) : 'not estimable'} (exact 95 % CI{' '}
          {interval(al.agency.rateRatio, 2)}); new against known: {al.unfamiliar.rateRatio ? formatNumber(al.unfamiliar.rateRatio.estimate, 2) : 'not estimable'} (
          {interval(al.unfamiliar.rateRatio, 2)}). With 2:1, an incident during two allocated shifts counts on each.
        </p>
      </ChartCard>
    </>
  );
}
