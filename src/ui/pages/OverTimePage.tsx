import { useId, useState } from 'react';
import { dayLabel, overTimeAnalysis, weekLabel, type OverTimeResult, type WeeklyChart } from '../../analysis/overTime';
import { EventText, EventsNotMarked, eventsShown } from '../components/markers';
import { SpcChart } from '../components/SpcChart';
import { AnalysisFrame, Num, Warnings, type PageProps } from './PageParts';

export default function OverTimePage(props: PageProps) {
  const [breaks, setBreaks] = useState<string[]>([]);
  const [gOf, setGOf] = useState<'restrictive' | 'incidents'>('restrictive');
  const addBreak = (date: string) => setBreaks((b) => (b.includes(date) ? b : [...b, date].sort()));
  return (
    <AnalysisFrame
      {...props}
      what="The charts over time"
      testid="over-time" warm="overTime"
      deps={[breaks.join(','), gOf]}
      controls={<Rebaseline breaks={breaks} onAdd={addBreak} onRemove={(d) => setBreaks((b) => b.filter((x) => x !== d))} />}
      run={(engine, filters) => overTimeAnalysis(engine.model, filters, engine.settings, { breaks, gChartOf: gOf })}
    >
      {(r) => <OverTimeView r={r} onBreak={addBreak} gOf={gOf} onGOf={setGOf} />}
    </AnalysisFrame>
  );
}

function Rebaseline(props: { breaks: string[]; onAdd: (d: string) => void; onRemove: (d: string) => void }) {
  const [date, setDate] = useState('');
  const inputId = useId();
  return (
    <form
      className="filters"
      aria-label="Re-baseline"
      onSubmit={(e) => {
        e.preventDefault();
        if (date) props.onAdd(date);
      }}
    >
      <div className="field">
        <label htmlFor={inputId}>Re-baseline from</label>
        <input id={inputId} type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="break-date" />
      </div>
      <button type="submit" disabled={!date} data-testid="add-break">
        Add re-baseline
      </button>
      {props.breaks.length > 0 && (
        <ul aria-label="Re-baselines" style={{ listStyle: 'none', display: 'flex', flexWrap: 'wrap', gap: '0.5rem', margin: 0, padding: 0 }}>
          {props.breaks.map((b) => (
            <li key={b}>
              <button type="button" onClick={() => props.onRemove(b)} aria-label={`Remove the re-baseline at ${dayLabel(b)}`}>
                {dayLabel(b)} ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

function OverTimeView(props: { r: OverTimeResult; onBreak: (d: string) => void; gOf: 'restrictive' | 'incidents'; onGOf: (g: 'restrictive' | 'incidents') => void }) {
  const { r, onBreak, gOf, onGOf } = props;
  const gId = useId();
  const first = r.weeks[0]?.week;
  const last = r.weeks[r.weeks.length - 1]?.week;
  const shown = r.events.filter((e) => first !== undefined && last !== undefined && e.week >= first && e.week <= last);
  const { listed, more, markers } = eventsShown(shown);
  const chart = (c: WeeklyChart, digits: number, floor: boolean) => (
    <SpcChart
      id={`spc-${c.key}`}
      title={c.title}
      sentence={c.sentence}
      points={c.points.map((p) => ({ ...p, x: p.week }))}
      xLabel={weekLabel}
      xHeader="Week"
      valueHeader={c.measure.replace(/^./, (m) => m.toUpperCase())}
      digits={digits}
      floorAtZero={floor}
      markers={markers}
      warnings={c.warnings}
      icon={c.icon}
    />
  );
  return (
    <>
      <p className="exposure">
        <Num testid="weeks-charted" value={r.weeks.length} /> full weeks charted
        {r.droppedWeeks.length > 0 && `; ${r.droppedWeeks.map((w) => `${weekLabel(w.week)} (${w.days} days)`).join(' and ')} left off as incomplete`}.
      </p>
      <Warnings warnings={r.warnings} id="over-time" />
      {shown.length > 0 && (
        <section className="card" aria-labelledby="ot-events-title">
          <h2 id="ot-events-title">Events on the charts</h2>
          <ol data-testid="events">
            {listed.map((e, i) => (
              <li key={`${e.date}-${i}`}>
                <EventText date={e.date} type={e.type} description={e.description} />
                {e.personLabel ? (
                  <>
                    {' ('}
                    <bdi>{e.personLabel}</bdi>)
                  </>
                ) : e.unit ? (
                  <>
                    {' ('}
                    <bdi>{e.unit}</bdi>, unit-wide)
                  </>
                ) : null}{' '}
                <button type="button" className="link-button" onClick={() => onBreak(e.date)}>
                  Re-baseline from here
                </button>
              </li>
            ))}
          </ol>
          <EventsNotMarked more={more} marked={markers.length} />
        </section>
      )}
      {chart(r.charts.incidents, 1, true)}
      {chart(r.charts.restrictive, 1, true)}
      {chart(r.charts.rate, 1, true)}
      {chart(r.charts.shortfall, 2, true)}
      <div className="filters" style={{ marginTop: 0 }}>
        <div className="field">
          <label htmlFor={gId}>G chart of days between</label>
          <select id={gId} value={gOf} onChange={(e) => onGOf(e.target.value as 'restrictive' | 'incidents')}>
            <option value="restrictive">incidents with a restrictive intervention</option>
            <option value="incidents">all incidents</option>
          </select>
        </div>
      </div>
      <SpcChart
        id="spc-g"
        title={`Days between ${gOf === 'restrictive' ? 'incidents with a restrictive intervention' : 'incidents'} (G chart)`}
        sentence={r.gChart.sentence}
        points={r.gChart.points.map((p) => ({ ...p, x: p.to }))}
        xLabel={dayLabel}
        xHeader="Gap ending"
        things="gaps"
        valueHeader="Days since the one before"
        digits={1}
        floorAtZero
        warnings={r.gChart.warnings}
        icon={r.gChart.icon}
      />
      <section className="card caveats" aria-labelledby="ot-note-title">
        <h2 id="ot-note-title">Reading these charts</h2>
        <p data-testid="over-time-note">{r.note}</p>
        <p>For a G chart a long gap is good news: points above the upper limit are unusually long stretches without an event.</p>
      </section>
    </>
  );
}
