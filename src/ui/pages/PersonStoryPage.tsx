import { Fragment, type ReactNode } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { dayLabel, weekLabel } from '../../analysis/overTime';
import { personStoryAnalysis, type PersonStory, type PersonStoryResult, type PersonWeek } from '../../analysis/personStory';
import type { Filters } from '../../analysis/types';
import type { Engine } from '../../engine';
import { SHORTFALL_BAND_LABELS } from '../../model/settings';
import { FilterBar } from '../components/FilterBar';
import { OKABE_ITO } from '../components/palette';
import { formatCount, formatInterval, formatNumber, formatPercent } from '../format';
import { useAsync } from '../useAsync';

interface Props {
  engine: Engine | null;
  hasData: boolean;
  dataVersion: number;
  filters: Filters;
  onFilters: (f: Filters) => void;
  onStart: () => void;
}

export default function PersonStoryPage({ engine, hasData, dataVersion, filters, onFilters, onStart }: Props) {
  const ready = engine && hasData ? engine : null;
  const options = useAsync(ready ? () => ready.filterOptions() : null, [ready, dataVersion]);
  const result = useAsync<PersonStoryResult>(
    ready
      ? async () => {
          await ready.ready();
          return personStoryAnalysis(ready.db, filters, ready.settings);
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
  const r = result.value;
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
        <div className="error" role="alert" data-testid="person-error">
          The person's story failed: {result.error}
        </div>
      )}
      {r?.kind === 'choosePerson' && (
        <section className="card" aria-labelledby="choose-title">
          <h2 id="choose-title">Choose a person</h2>
          <p className="summary" data-testid="choose-sentence">
            {r.sentence}
          </p>
          <div className="table-scroll">
            <table className="numbers" data-testid="people">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col" className="left">
                    Unit
                  </th>
                  <th scope="col">Person-periods</th>
                  <th scope="col">Incidents</th>
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.people.map((p) => (
                  <tr key={p.personId}>
                    <th scope="row">{p.label}</th>
                    <td className="left">{p.unit ?? '–'}</td>
                    <td>{formatCount(p.personPeriods)}</td>
                    <td>{formatCount(p.incidents)}</td>
                    <td>
                      <button type="button" onClick={() => onFilters({ ...filters, personId: p.personId })}>
                        Show {p.label}'s story
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {r?.kind === 'story' && <StoryView s={r} stale={result.loading} />}
    </>
  );
}

const SEVERITY_COLOURS = [OKABE_ITO.skyBlue, OKABE_ITO.bluishGreen, OKABE_ITO.yellow, OKABE_ITO.orange, OKABE_ITO.vermillion, '#9aa5b1'];
const GROUP_COLOURS: Record<string, string> = {
  physical: OKABE_ITO.vermillion,
  mechanical: OKABE_ITO.black,
  seclusion: OKABE_ITO.blue,
  segregation: OKABE_ITO.skyBlue,
  chemical: OKABE_ITO.reddishPurple,
  prn: OKABE_ITO.orange,
  otherRestrictive: '#9aa5b1',
};

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
  markers: { x: string }[];
  yLabel: string;
  yMax?: number;
  /** Label of the right axis, when a series uses it. */
  yRightLabel?: string;
  transform?: (k: keyof PersonWeek, v: number | null) => number | null;
}) {
  const { id, title, sentence, weeks, series, kind, markers, yLabel } = props;
  const t = props.transform ?? ((_k, v) => v);
  const data = weeks.map((w) => Object.fromEntries([['week', w.week], ...series.map((s) => [s.key, t(s.key, w[s.key] as number | null)])]));
  const fmt = (s: Series, v: number | null) => (s.format ? s.format(v) : formatCount(v));
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={`timeline-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="summary" data-testid={`summary-${id}`}>
        {sentence}
      </p>
      <div className="chart" role="img" tabIndex={0} aria-label={`Chart by week. ${sentence} The table below gives the numbers.`}>
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={data} margin={{ top: 20, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d0d4da" />
            <XAxis dataKey="week" tick={{ fill: '#1f2933', fontSize: 12 }} tickFormatter={weekLabel} minTickGap={24} />
            <YAxis
              tick={{ fill: '#1f2933', fontSize: 12 }}
              width={56}
              domain={props.yMax !== undefined ? [0, props.yMax] : [0, 'auto']}
              label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4, style: { fill: '#3e4c59', fontSize: 12, textAnchor: 'middle' } }}
            />
            {props.yRightLabel && (
              <YAxis
                yAxisId="right"
                orientation="right"
                tick={{ fill: '#1f2933', fontSize: 12 }}
                width={56}
                domain={[0, 'auto']}
                label={{ value: props.yRightLabel, angle: 90, position: 'insideRight', offset: 4, style: { fill: '#3e4c59', fontSize: 12, textAnchor: 'middle' } }}
              />
            )}
            <Tooltip labelFormatter={(x) => weekLabel(String(x))} />
            <Legend formatter={(v) => <span style={{ color: '#1f2933' }}>{v}</span>} />
            {series.map((s) =>
              kind === 'bars' ? (
                <Bar key={s.key} dataKey={s.key} name={s.label} stackId="a" fill={s.colour} isAnimationActive={false} />
              ) : (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  yAxisId={s.right ? 'right' : 0}
                  stroke={s.colour}
                  strokeWidth={2}
                  strokeDasharray={s.right ? '6 3' : undefined}
                  dot={false}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ),
            )}
            {markers.map((m, i) => (
              <ReferenceLine key={`${m.x}-${i}`} x={m.x} stroke={OKABE_ITO.reddishPurple} strokeDasharray="2 3" label={{ value: String(i + 1), position: 'top', fontSize: 11 }} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Numbers behind the chart</summary>
        <div className="table-scroll">
          <table className="numbers">
            <caption className="visually-hidden">{title}, by week</caption>
            <thead>
              <tr>
                <th scope="col">Week</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((w, i) => (
                <tr key={w.week}>
                  <th scope="row">{weekLabel(w.week)}</th>
                  {series.map((s) => (
                    <td key={s.key} data-testid={`${id}-${String(s.key)}-${i}`} data-value={(w[s.key] as number | null) ?? ''}>
                      {fmt(s, w[s.key] as number | null)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

function StoryView({ s, stale }: { s: PersonStory; stale: boolean }) {
  const first = s.weeks[0]?.week;
  const last = s.weeks[s.weeks.length - 1]?.week;
  const shown = s.events.filter((e) => first !== undefined && last !== undefined && e.week >= first && e.week <= last);
  const markers = shown.map((e) => ({ x: e.week }));
  const withPlan = s.weeks.some((w) => w.planned > 0);
  return (
    <div className={stale ? 'results stale' : 'results'} aria-busy={stale}>
      <p className="headline" data-testid="story-headline">
        {s.sentences.incidents}
      </p>
      <p className="exposure">
        {s.person.label}, {s.person.unit ?? 'unit unknown'}
        {s.person.commissionedRatio ? `, commissioned ${s.person.commissionedRatio}` : ''}. In exposure{' '}
        {s.person.from ? dayLabel(s.person.from) : '–'}
        {s.person.admissionInferred ? ' (first record; no admission date)' : ''} to {s.person.to ? dayLabel(s.person.to) : '–'}
        {s.person.dischargeOpen ? ' (end of the rota; not discharged)' : ' (discharged)'}:{' '}
        <span data-testid="story-person-periods" data-value={s.totals.personPeriods}>
          {formatCount(s.totals.personPeriods)}
        </span>{' '}
        person-periods,{' '}
        <span data-testid="story-incidents" data-value={s.totals.incidents}>
          {formatCount(s.totals.incidents)}
        </span>{' '}
        incidents.
      </p>
      {s.readyForDischarge && (
        <section className="card" aria-labelledby="ready-title" style={{ borderLeft: `6px solid ${OKABE_ITO.orange}` }}>
          <h2 id="ready-title">Ready for discharge</h2>
          <p data-testid="ready-sentence">{s.readyForDischarge.sentence}</p>
          <p className="note">
            Days:{' '}
            <span data-testid="ready-days" data-value={s.readyForDischarge.days}>
              {formatCount(s.readyForDischarge.days)}
            </span>
          </p>
        </section>
      )}
      {s.warnings.length > 0 && (
        <section className="warnings" aria-labelledby="story-warnings-title">
          <h2 id="story-warnings-title">Warnings</h2>
          <ul data-testid="warnings">
            {s.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      {shown.length > 0 && (
        <section className="card" aria-labelledby="story-events-title">
          <h2 id="story-events-title">Events</h2>
          <p className="summary">{s.sentences.events}</p>
          <ol data-testid="events">
            {shown.map((e, i) => (
              <li key={`${e.date}-${i}`}>
                {dayLabel(e.date)}: {e.type}
                {e.description ? ` — ${e.description}` : ''}
                {e.personId ? '' : ' (unit-wide)'}
              </li>
            ))}
          </ol>
        </section>
      )}
      {s.weeks.length > 0 && (
        <>
          <Timeline
            id="severity"
            title="Incidents by severity, by week"
            sentence={s.sentences.incidents}
            weeks={s.weeks}
            kind="bars"
            markers={markers}
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
            id="restrictive"
            title="Restrictive interventions, by week"
            sentence={s.sentences.restrictive}
            weeks={s.weeks}
            kind="bars"
            markers={markers}
            yLabel="interventions"
            series={s.interventions
              .filter((g) => g.count > 0)
              .map((g) => {
                const key = (g.group === 'other' ? 'otherRestrictive' : g.group) as keyof PersonWeek;
                return { key, label: g.label, colour: GROUP_COLOURS[key]! };
              })}
          />
          <Timeline
            id="staffing"
            title="Staffing of this person's periods, by week"
            sentence={s.sentences.staffing}
            weeks={s.weeks}
            kind="lines"
            markers={markers}
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
              id="plan"
              title="Proactive plan delivered, by week"
              sentence={s.sentences.plan}
              weeks={s.weeks}
              kind="lines"
              markers={markers}
              yLabel="% delivered"
              yMax={100}
              transform={(k, v) => (v === null ? null : k === 'deliveredShare' ? 100 * v : v)}
              series={[{ key: 'deliveredShare', label: 'Strategies delivered (%)', colour: OKABE_ITO.bluishGreen, format: (v) => formatPercent(v, 0) }]}
            />
          )}
          {!withPlan && (
            <section className="card">
              <h2>Proactive plan delivered</h2>
              <p className="summary">{s.sentences.plan}</p>
            </section>
          )}
          <LaggedCard s={s} />
        </>
      )}
    </div>
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
      <td>{formatInterval(c.lower, c.upper)}</td>
    </>
  );
  return (
    <section className="card" aria-labelledby="lagged-title">
      <h2 id="lagged-title">Does distress follow a short shift?</h2>
      <p className="summary" data-testid="lagged-sentence">
        {l.sentence}
      </p>
      <div className="table-scroll">
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
      </div>
      <p className="note">
        The previous period is the shift just before on the same unit (for a Late shift, that day's Early). Person-periods with an unknown band
        are left out: {formatCount(l.unknown.same)} in the same-period view, {formatCount(l.unknown.previous)} in the previous-period view.
      </p>
    </section>
  );
}
