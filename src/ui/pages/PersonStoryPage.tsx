import { Fragment, type ReactNode } from 'react';
import { dayLabel } from '../../analysis/overTime';
import type { Grain, Span } from '../../analysis/grain';
import { personStoryAnalysis, type PersonStory, type PersonWeek } from '../../analysis/personStory';
import type { RateCell } from '../../analysis/types';
import { SHORTFALL_BAND_LABELS } from '../../model/settings';
import { ChartCard } from '../components/ChartCard';
import { weekColumn } from '../components/DataTable';
import { INTERVENTION_COLOURS, OKABE_ITO, SEVERITY_COLOURS } from '../components/palette';
import { EventText, EventsNotMarked, eventsShown, type Marker } from '../components/markers';
import { WeeklyChart } from '../components/WeeklyChart';
import { formatCount, formatInterval, formatNumber, formatPercent } from '../format';
import { AnalysisFrame, Num, Warnings, type PageProps } from './PageParts';
import { TableScroll } from '../components/TableScroll';

export default function PersonStoryPage(props: PageProps) {
  const { filters, onFilters } = props;
  return (
    <AnalysisFrame {...props} what="The person's story" testid="person" warm="personStory" run={(engine, f) => personStoryAnalysis(engine.model, f, engine.settings)}>
      {(r) =>
        r.kind === 'choosePerson' ? (
          <ChartCard
            id="choose"
            title="Choose a person"
            sentence={r.sentence}
            sentenceTestid="choose-sentence"
            table={{
              caption: 'People in this selection',
              testid: 'people',
              testids: true,
              rows: r.people,
              columns: [
                { key: 'person', label: 'Person', value: (p) => p.label },
                { key: 'unit', label: 'Unit', value: (p) => p.unit, left: true },
                { key: 'personPeriods', label: 'Person-periods', value: (p) => p.personPeriods },
                { key: 'incidents', label: 'Incidents', value: (p) => p.incidents },
                {
                  key: 'show',
                  label: 'Timeline',
                  screenOnly: true,
                  value: () => null,
                  show: (p) => (
                    <button type="button" onClick={() => onFilters({ ...filters, personId: p.personId })}>
                      Show <bdi>{p.label}</bdi>'s story
                    </button>
                  ),
                },
              ],
            }}
          />
        ) : (
          <StoryView s={r} />
        )
      }
    </AnalysisFrame>
  );
}

const GROUP_COLOURS: Record<string, string> = { ...INTERVENTION_COLOURS, otherRestrictive: INTERVENTION_COLOURS.other };

interface Series {
  key: keyof PersonWeek;
  label: string;
  colour: string;
  format?: (v: number | null) => string;
  /** Draw against a second axis on the right (for a measure on another scale). */
  right?: boolean;
}

/** One timeline chart: stacked bars or lines by week, events as numbered lines, a sentence and a table. */
function Timeline(props: {
  id: string;
  title: string;
  sentence: string;
  weeks: PersonWeek[];
  series: Series[];
  kind: 'bars' | 'lines';
  markers: Marker[];
  yLabel: string;
  yMax?: number;
  /** Label of the right axis, when a series uses it. */
  yRightLabel?: string;
  transform?: (k: keyof PersonWeek, v: number | null) => number | null;
  grain: Grain;
  /** The dates shown: a month they cut is labelled a part month, in the tooltip and the table. */
  span: Span | null;
}) {
  const { id, sentence, weeks, series, grain } = props;
  const title = `${props.title}, by ${grain}`;
  const t = props.transform ?? ((_k, v) => v);
  const fmt = (s: Series, v: number | null) => (s.format ? s.format(v) : formatCount(v));
  return (
    <ChartCard
      id={id}
      title={title}
      sentence={sentence}
      testid={`timeline-${id}`}
      sentenceTestid={`summary-${id}`}
      chart={(ref) => (
        <WeeklyChart
          chartRef={ref}
          weeks={weeks}
          sentence={sentence}
          yLabel={props.yLabel}
          yMax={props.yMax}
          yRightLabel={props.yRightLabel}
          markers={props.markers}
          height={260}
          grain={grain}
          span={props.span}
          series={series.map((s) => ({
            key: String(s.key),
            label: s.label,
            colour: s.colour,
            kind: props.kind === 'bars' ? 'bar' : 'line',
            stack: props.kind === 'bars' ? 'a' : undefined,
            right: s.right,
            value: (w: PersonWeek) => t(s.key, w[s.key] as number | null),
          }))}
        />
      )}
      table={{
        summary: 'Numbers behind the chart',
        caption: title,
        rows: weeks,
        columns: [
          weekColumn(false, grain, props.span),
          ...series.map((s) => ({
            key: String(s.key),
            label: s.label,
            value: (w: PersonWeek) => w[s.key] as number | null,
            show: (w: PersonWeek) => fmt(s, w[s.key] as number | null),
            testid: (_w: PersonWeek, i: number) => `${id}-${String(s.key)}-${i}`,
          })),
        ],
      }}
    />
  );
}

function StoryView({ s }: { s: PersonStory }) {
  const first = s.weeks[0]?.week;
  const last = s.weeks[s.weeks.length - 1]?.week;
  const shown = s.events.filter((e) => first !== undefined && last !== undefined && e.week >= first && e.week <= last);
  const { listed, more, markers } = eventsShown(shown);
  // What every timeline of the person shares: the weeks, the grain and the events marked.
  const onTimeline = { weeks: s.weeks, grain: s.grain, span: s.span, markers };
  const withPlan = s.weeks.some((w) => w.planned > 0);
  return (
    <>
      <p className="headline" data-testid="story-headline">
        {s.sentences.incidents}
      </p>
      <p className="exposure">
        <bdi>{s.person.label}</bdi>, <bdi>{s.person.unit ?? 'unit unknown'}</bdi>
        {s.person.commissionedRatio ? `, commissioned ${s.person.commissionedRatio}` : ''}. In exposure{' '}
        {s.person.from ? dayLabel(s.person.from) : '–'}
        {s.person.admissionInferred ? ' (first record; no admission date)' : ''} to {s.person.to ? dayLabel(s.person.to) : '–'}
        {s.person.dischargeOpen ? ' (end of the rota; not discharged)' : ' (discharged)'}:{' '}
        <Num testid="story-person-periods" value={s.totals.personPeriods} /> person-periods, <Num testid="story-incidents" value={s.totals.incidents} />{' '}
        incidents.
      </p>
      {s.readyForDischarge && (
        <section className="card" aria-labelledby="ready-title" style={{ borderLeft: `6px solid ${OKABE_ITO.orange}` }}>
          <h2 id="ready-title">Ready for discharge</h2>
          <p data-testid="ready-sentence">{s.readyForDischarge.sentence}</p>
          <p className="note">
            Days: <Num testid="ready-days" value={s.readyForDischarge.days} />
          </p>
        </section>
      )}
      <Warnings warnings={s.warnings} id="story" />
      {shown.length > 0 && (
        <section className="card" aria-labelledby="story-events-title">
          <h2 id="story-events-title">Events</h2>
          <p className="summary">{s.sentences.events}</p>
          <ol data-testid="events">
            {listed.map((e, i) => (
              <li key={`${e.date}-${i}`}>
                <EventText date={e.date} type={e.type} description={e.description} />
                {e.personId ? '' : ' (unit-wide)'}
              </li>
            ))}
          </ol>
          <EventsNotMarked more={more} marked={markers.length} />
        </section>
      )}
      {s.weeks.length > 0 && (
        <>
          <Timeline
            {...onTimeline}
            id="severity"
            title="Incidents by severity"
            sentence={s.sentences.incidents}
            kind="bars"
            yLabel="incidents"
            series={[
              { key: 'severity1', label: '1 no harm', colour: SEVERITY_COLOURS[0]! },
              { key: 'severity2', label: '2 low', colour: SEVERITY_COLOURS[1]! },
              { key: 'severity3', label: '3 moderate', colour: SEVERITY_COLOURS[2]! },
              { key: 'severity4', label: '4 severe', colour: SEVERITY_COLOURS[3]! },
              { key: 'severity5', label: '5 death', colour: SEVERITY_COLOURS[4]! },
              { key: 'severityUnknown', label: 'not recorded', colour: SEVERITY_COLOURS[5]! },
            ]}
          />
          <Timeline
            {...onTimeline}
            id="restrictive"
            title="Restrictive interventions"
            sentence={s.sentences.restrictive}
            kind="bars"
            yLabel="interventions"
            series={s.interventions
              .filter((g) => g.count > 0)
              .map((g) => {
                const key = (g.group === 'other' ? 'otherRestrictive' : g.group) as keyof PersonWeek;
                return { key, label: g.label, colour: GROUP_COLOURS[key]! };
              })}
          />
          <Timeline
            {...onTimeline}
            id="staffing"
            title="Staffing of this person's periods"
            sentence={s.sentences.staffing}
            kind="lines"
            yLabel="staff short (solid)"
            yRightLabel="% agency (dashed)"
            transform={(k, v) => (v === null ? null : k === 'meanAgencyShare' ? 100 * v : v)}
            series={[
              { key: 'meanShortfall', label: 'Mean staff short', colour: OKABE_ITO.vermillion, format: (v) => formatNumber(v, 2) },
              { key: 'meanAgencyShare', label: 'Agency share of staff-hours (%)', colour: OKABE_ITO.blue, format: (v) => formatPercent(v, 0), right: true },
            ]}
          />
          {withPlan && (
            <Timeline
              {...onTimeline}
              id="plan"
              title="Proactive plan delivered"
              sentence={s.sentences.plan}
              kind="lines"
              yLabel="% delivered"
              yMax={100}
              transform={(k, v) => (v === null ? null : k === 'deliveredShare' ? 100 * v : v)}
              series={[{ key: 'deliveredShare', label: 'Strategies delivered (%)', colour: OKABE_ITO.bluishGreen, format: (v) => formatPercent(v, 0) }]}
            />
          )}
          {!withPlan && <ChartCard id="plan" title="Proactive plan delivered" sentence={s.sentences.plan} />}
          <LaggedCard s={s} />
        </>
      )}
    </>
  );
}

function LaggedCard({ s }: { s: PersonStory }) {
  const l = s.lagged;
  const cells = (c: { incidents: number; personPeriods: number; rate: number | null; lower: number | null; upper: number | null }, testid: string): ReactNode => (
    <>
      <td>{formatCount(c.incidents)}</td>
      <td>{formatCount(c.personPeriods)}</td>
      <td data-testid={testid} data-value={c.rate ?? ''}>
        {formatNumber(c.rate)}
      </td>
      <td style={{ whiteSpace: 'nowrap' }}>{formatInterval(c.lower, c.upper)}</td>
    </>
  );
  const csvRow = (timing: 'same' | 'previous', c: RateCell) => ({
    [`${timing}Incidents`]: c.incidents,
    [`${timing}PersonPeriods`]: c.personPeriods,
    [`${timing}Rate`]: c.rate,
    [`${timing}Lower`]: c.lower,
    [`${timing}Upper`]: c.upper,
  });
  const csvColumns = (timing: 'same' | 'previous', words: string) => [
    { key: `${timing}Incidents`, label: `${words}: incidents` },
    { key: `${timing}PersonPeriods`, label: `${words}: person-periods` },
    { key: `${timing}Rate`, label: `${words}: rate per 100` },
    { key: `${timing}Lower`, label: `${words}: 95 % CI lower` },
    { key: `${timing}Upper`, label: `${words}: 95 % CI upper` },
  ];
  const csv = () => ({
    columns: [{ key: 'band', label: 'Shortfall band' }, ...csvColumns('same', 'Same period'), ...csvColumns('previous', 'Previous period')],
    rows: l.rows.map((row) => ({ band: SHORTFALL_BAND_LABELS[row.band], ...csvRow('same', row.same), ...csvRow('previous', row.previous) })),
  });
  return (
    <ChartCard id="lagged" title="Does distress follow a short shift?" sentence={l.sentence} sentenceTestid="lagged-sentence" csv={csv} json={() => l}>
      <TableScroll caption="Incidents per 100 person-periods by the staffing of the same period and of the period before">
        <table className="numbers" data-testid="lagged">
          <caption className="visually-hidden">Incidents per 100 person-periods by the staffing of the same period and of the period before</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Shortfall band
              </th>
              <th scope="colgroup" colSpan={4}>
                Same period
              </th>
              <th scope="colgroup" colSpan={4}>
                Previous period
              </th>
            </tr>
            <tr>
              {['same', 'previous'].map((k) => (
                <Fragment key={k}>
                  <th scope="col">
                    Incidents
                  </th>
                  <th scope="col">
                    Person-periods
                  </th>
                  <th scope="col">
                    Rate per 100
                  </th>
                  <th scope="col">
                    95 % CI
                  </th>
                </Fragment>
              ))}
            </tr>
          </thead>
          <tbody>
            {l.rows.map((row) => (
              <tr key={row.band}>
                <th scope="row">{SHORTFALL_BAND_LABELS[row.band]}</th>
                {cells(row.same, `lagged-same-${row.band}`)}
                {cells(row.previous, `lagged-previous-${row.band}`)}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className="note">
        The previous period is the shift just before on the same unit (for a Late shift, that day's Early). Person-periods with an unknown band
        are left out: {formatCount(l.unknown.same)} in the same-period view, {formatCount(l.unknown.previous)} in the previous-period view.
      </p>
    </ChartCard>
  );
}
