import { useId, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Estimate, Filters } from '../../analysis/types';
import { whatIfAnalysis, type ScenarioKey, type WhatIfResult } from '../../analysis/whatIf';
import type { Engine } from '../../engine';
import type { ShareBand } from '../../model/settings';
import { FilterBar } from '../components/FilterBar';
import { OKABE_ITO } from '../components/palette';
import { formatCount, formatInterval, formatNumber } from '../format';
import { useAsync } from '../useAsync';

interface Props {
  engine: Engine | null;
  hasData: boolean;
  dataVersion: number;
  filters: Filters;
  onFilters: (f: Filters) => void;
  onStart: () => void;
}

const CAPS: { band: ShareBand; label: string }[] = [
  { band: 'none', label: 'no agency staff' },
  { band: 'upTo25', label: 'at most 25 % of staff-hours' },
  { band: 'from25To50', label: 'at most 50 % of staff-hours' },
];

export default function WhatIfPage({ engine, hasData, dataVersion, filters, onFilters, onStart }: Props) {
  const ready = engine && hasData ? engine : null;
  const [cap, setCap] = useState<ShareBand>('upTo25');
  const capId = useId();
  const options = useAsync(ready ? () => ready.filterOptions() : null, [ready, dataVersion]);
  const result = useAsync(
    ready
      ? async () => {
          await ready.ready();
          return whatIfAnalysis(ready.db, filters, ready.settings, { agencyCap: cap });
        }
      : null,
    [ready, dataVersion, filters.from, filters.to, filters.unit, filters.personId, cap],
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
      <form className="filters" aria-label="Scenario" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={capId}>Agency share kept to</label>
          <select id={capId} value={cap} onChange={(e) => setCap(e.target.value as ShareBand)} data-testid="agency-cap">
            {CAPS.map((c) => (
              <option key={c.band} value={c.band}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      {result.loading && (
        <p className="progress" role="status" data-testid="calculating">
          <span className="spinner" aria-hidden="true" />
          Calculating…
        </p>
      )}
      {result.error && (
        <div className="error" role="alert" data-testid="what-if-error">
          The what-if analysis failed: {result.error}
        </div>
      )}
      {result.value && <WhatIfView r={result.value} stale={result.loading} />}
    </>
  );
}

const SHORT_NAMES: Record<ScenarioKey, string> = { fullStaffing: 'Fully staffed', agencyCap: 'Agency capped', both: 'Both' };

const SCENARIO_COLOURS: Record<ScenarioKey, string> = {
  fullStaffing: OKABE_ITO.blue,
  agencyCap: OKABE_ITO.skyBlue,
  both: OKABE_ITO.bluishGreen,
};

function Num({ testid, value, digits = 0 }: { testid: string; value: number | null | undefined; digits?: number }) {
  return (
    <span data-testid={testid} data-value={value ?? ''}>
      {formatNumber(value ?? null, digits)}
    </span>
  );
}

function WhatIfView({ r, stale }: { r: WhatIfResult; stale: boolean }) {
  const keys: ScenarioKey[] = ['fullStaffing', 'agencyCap', 'both'];
  const s0 = r.scenarios.fullStaffing;
  const data = [
    { name: 'Recorded', value: s0.observed, ci: null as [number, number] | null, colour: '#52606d' },
    ...keys.map((k) => {
      const c = r.scenarios[k].counterfactual;
      return {
        name: SHORT_NAMES[k],
        value: c?.estimate ?? null,
        ci: c ? ([c.estimate - c.lower, c.upper - c.estimate] as [number, number]) : null,
        colour: SCENARIO_COLOURS[k],
      };
    }),
  ];
  const chartSentence =
    `Bars: the ${formatCount(s0.observed)} incidents recorded, and the number the model expects under each scenario, with 95 % intervals. ` +
    `The model expects ${formatNumber(s0.expected, 0)} as the periods were actually staffed.`;
  return (
    <div className={stale ? 'results stale' : 'results'} aria-busy={stale}>
      <p className="headline" data-testid="what-if-headline">
        {r.sentence}
      </p>
      {r.warnings.length > 0 && (
        <section className="warnings" aria-labelledby="wi-warnings-title">
          <h2 id="wi-warnings-title">Warnings</h2>
          <ul data-testid="warnings">
            {r.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="wi-chart-title">
        <h2 id="wi-chart-title">Recorded and expected incidents</h2>
        <p className="summary" data-testid="what-if-chart-sentence">
          {chartSentence}
        </p>
        <div className="chart-and-table">
          <div className="chart" role="img" tabIndex={0} aria-label={`Bar chart. ${chartSentence} The table gives the numbers.`}>
            <ResponsiveContainer width="100%" height={280}>
              <BarChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d0d4da" />
                <XAxis dataKey="name" tick={{ fill: '#1f2933', fontSize: 12 }} interval={0} />
                <YAxis tick={{ fill: '#1f2933', fontSize: 12 }} width={56} />
                <Tooltip formatter={(v) => [formatNumber(typeof v === 'number' ? v : null, 0), 'Incidents']} />
                <Bar dataKey="value" isAnimationActive={false} stroke="#1f2933" strokeWidth={1}>
                  {data.map((d) => (
                    <Cell key={d.name} fill={d.colour} />
                  ))}
                  <ErrorBar dataKey="ci" width={10} stroke="#000000" strokeWidth={1.5} direction="y" />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="table-scroll">
            <table className="numbers" data-testid="scenarios">
              <caption className="visually-hidden">Recorded, expected and counterfactual incidents by scenario</caption>
              <thead>
                <tr>
                  <th scope="col">Scenario</th>
                  <th scope="col">Expected</th>
                  <th scope="col">95 % CI</th>
                  <th scope="col">Fewer than recorded</th>
                  <th scope="col">95 % CI</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Recorded</th>
                  <td>
                    <Num testid="what-if-observed" value={s0.observed} />
                  </td>
                  <td>–</td>
                  <td>–</td>
                  <td>–</td>
                </tr>
                <tr>
                  <th scope="row">As staffed (model)</th>
                  <td>
                    <Num testid="what-if-expected" value={s0.expected} />
                  </td>
                  <td>–</td>
                  <td>–</td>
                  <td>–</td>
                </tr>
                {keys.map((k) => {
                  const s = r.scenarios[k];
                  return (
                    <tr key={k}>
                      <th scope="row">{s.label.replace(/^./, (m) => m.toUpperCase())}</th>
                      <td>
                        <Num testid={`what-if-${k}`} value={s.counterfactual?.estimate} />
                      </td>
                      <td>{s.counterfactual ? formatInterval(s.counterfactual.lower, s.counterfactual.upper, 0) : 'not estimable'}</td>
                      <td>
                        <Num testid={`what-if-${k}-fewer`} value={s.fewer?.estimate} />
                      </td>
                      <td>
                        {s.fewer ? (
                          <>
                            <Num testid={`what-if-${k}-fewer-lower`} value={s.fewer.lower} /> to <Num testid={`what-if-${k}-fewer-upper`} value={s.fewer.upper} />
                          </>
                        ) : (
                          '–'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
        <ul>
          {keys.slice(1).map((k) => (
            <li key={k} data-testid={`what-if-${k}-sentence`}>
              {r.scenarios[k].sentence}
            </li>
          ))}
        </ul>
      </section>

      {r.people.length > 1 && (
        <section className="card" aria-labelledby="wi-people-title">
          <h2 id="wi-people-title">Person by person</h2>
          <p className="summary">
            Each person's recorded incidents and the number expected under each scenario, from the same model. Numbers for one person are
            smaller and their intervals relatively wider.
          </p>
          <div className="table-scroll">
            <table className="numbers" data-testid="what-if-people">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Fully staffed</th>
                  <th scope="col">Agency capped</th>
                  <th scope="col">Both</th>
                </tr>
              </thead>
              <tbody>
                {r.people.map((p) => (
                  <tr key={p.personId}>
                    <th scope="row">{p.label}</th>
                    <td>{formatCount(p.observed)}</td>
                    <EstimateCell e={p.fullStaffing} />
                    <EstimateCell e={p.agencyCap} />
                    <EstimateCell e={p.both} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section className="card" aria-labelledby="wi-model-title">
        <h2 id="wi-model-title">The rate ratios behind these numbers</h2>
        <p className="summary">
          From the staffing model fitted on {r.fittedOn} ({formatCount(r.model.personPeriods)} person-periods), comparing the same person on the
          same kind of shift and weekday.
          {r.model.widened && ` Intervals widened for over-dispersion (dispersion ${formatNumber(r.model.dispersion, 2)}).`}
        </p>
        <div className="table-scroll">
          <table className="numbers">
            <thead>
              <tr>
                <th scope="col">Condition</th>
                <th scope="col">Rate ratio</th>
                <th scope="col">95 % CI</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['About one staff short', r.rateRatios.shortfall.one],
                  ['Two or more short', r.rateRatios.shortfall.twoPlus],
                  ['Agency up to 25 %', r.rateRatios.agency.upTo25],
                  ['Agency 25–50 %', r.rateRatios.agency.from25To50],
                  ['Agency over 50 %', r.rateRatios.agency.over50],
                ] as const
              ).map(([label, e]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{e ? formatNumber(e.estimate, 2) : 'not estimable'}</td>
                  <td>{e ? formatInterval(e.lower, e.upper, 2) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card caveats" aria-labelledby="wi-note-title">
        <h2 id="wi-note-title">Reading these numbers</h2>
        <p data-testid="what-if-note">{r.note}</p>
        {r.incidentsOutsideModel > 0 && <p>{formatCount(r.incidentsOutsideModel)} incidents in periods without known staffing are not included.</p>}
      </section>
    </div>
  );
}

function EstimateCell({ e }: { e: Estimate | null }) {
  return <td>{e ? `${formatNumber(e.estimate, 0)} (${formatInterval(e.lower, e.upper, 0)})` : 'not estimable'}</td>;
}
