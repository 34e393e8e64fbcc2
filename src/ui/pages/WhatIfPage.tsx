import { useId, useState } from 'react';
import type { Estimate } from '../../analysis/types';
import { whatIfAnalysis, type PersonWhatIf, type ScenarioKey, type WhatIfResult } from '../../analysis/whatIf';
import type { ShareBand } from '../../model/settings';
import { ChartCard } from '../components/ChartCard';
import { CiBarChart, type CiBar } from '../components/CiBarChart';
import { OKABE_ITO } from '../components/palette';
import { formatCount, formatInterval, formatNumber } from '../format';
import { AnalysisFrame, Warnings, type PageProps } from './PageParts';

const CAPS: { band: ShareBand; label: string }[] = [
  { band: 'none', label: 'no agency staff' },
  { band: 'upTo25', label: 'at most 25 % of staff-hours' },
  { band: 'from25To50', label: 'at most 50 % of staff-hours' },
];

export default function WhatIfPage(props: PageProps) {
  const [cap, setCap] = useState<ShareBand>('upTo25');
  const capId = useId();
  const controls = (
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
  );
  return (
    <AnalysisFrame
      {...props}
      what="The what-if analysis"
      testid="what-if" warm="whatIf"
      deps={[cap]}
      controls={controls}
      run={(engine, filters) => whatIfAnalysis(engine.model, filters, engine.settings, { agencyCap: cap })}
    >
      {(r) => <WhatIfView r={r} />}
    </AnalysisFrame>
  );
}

const SHORT_NAMES: Record<ScenarioKey, string> = { fullStaffing: 'Fully staffed', agencyCap: 'Agency capped', both: 'Both' };

const SCENARIO_COLOURS: Record<ScenarioKey, string> = {
  fullStaffing: OKABE_ITO.blue,
  agencyCap: OKABE_ITO.skyBlue,
  both: OKABE_ITO.bluishGreen,
};

interface ScenarioRow {
  key: 'observed' | 'expected' | ScenarioKey;
  label: string;
  expected: number | null;
  interval: Estimate | null;
  fewer: Estimate | null;
}

function WhatIfView({ r }: { r: WhatIfResult }) {
  const keys: ScenarioKey[] = ['fullStaffing', 'agencyCap', 'both'];
  const s0 = r.scenarios.fullStaffing;
  const bars: CiBar[] = [
    { key: 'recorded', label: 'Recorded', value: s0.observed, lower: null, upper: null, colour: '#52606d' },
    ...keys.map((k) => {
      const c = r.scenarios[k].counterfactual;
      return { key: k, label: SHORT_NAMES[k], value: c?.estimate ?? null, lower: c?.lower ?? null, upper: c?.upper ?? null, colour: SCENARIO_COLOURS[k] };
    }),
  ];
  const chartSentence =
    `Bars: the ${formatCount(s0.observed)} incidents recorded, and the number the model expects under each scenario, with 95 % intervals. ` +
    `The model expects ${formatNumber(s0.expected, 0)} as the periods were actually staffed.`;
  const rows: ScenarioRow[] = [
    { key: 'observed', label: 'Recorded', expected: s0.observed, interval: null, fewer: null },
    { key: 'expected', label: 'As staffed (model)', expected: s0.expected, interval: null, fewer: null },
    ...keys.map((k) => {
      const s = r.scenarios[k];
      return { key: k, label: s.label.replace(/^./, (m) => m.toUpperCase()), expected: s.counterfactual?.estimate ?? null, interval: s.counterfactual, fewer: s.fewer };
    }),
  ];
  const scenario = (row: ScenarioRow) => row.key !== 'observed' && row.key !== 'expected';
  const ratios = [
    ['About one staff short', r.rateRatios.shortfall.one],
    ['Two or more short', r.rateRatios.shortfall.twoPlus],
    ['Agency up to 25 %', r.rateRatios.agency.upTo25],
    ['Agency 25–50 %', r.rateRatios.agency.from25To50],
    ['Agency over 50 %', r.rateRatios.agency.over50],
  ] as const;
  return (
    <>
      <p className="headline" data-testid="what-if-headline">
        {r.sentence}
      </p>
      <Warnings warnings={r.warnings} id="what-if" />
      <ChartCard
        id="wi-chart"
        title="Recorded and expected incidents"
        sentence={chartSentence}
        sentenceTestid="what-if-chart-sentence"
        side
        chart={(ref) => <CiBarChart chartRef={ref} sentence={chartSentence} yLabel="incidents" valueName="Incidents" digits={0} height={280} bars={bars} />}
        table={{
          caption: 'Recorded, expected and counterfactual incidents by scenario',
          testid: 'scenarios',
          rows,
          columns: [
            { key: 'scenario', label: 'Scenario', value: (x) => x.label },
            { key: 'expected', label: 'Expected', value: (x) => x.expected, show: (x) => formatNumber(x.expected, 0), testid: (x) => `what-if-${x.key}` },
            {
              key: 'ci',
              label: '95 % CI',
              nowrap: true,
              value: (x) => (x.interval ? formatInterval(x.interval.lower, x.interval.upper, 0) : null),
              show: (x) => (x.interval ? formatInterval(x.interval.lower, x.interval.upper, 0) : scenario(x) ? 'not estimable' : '–'),
            },
            { key: 'fewer', label: 'Fewer than recorded', value: (x) => x.fewer?.estimate ?? null, show: (x) => formatNumber(x.fewer?.estimate, 0), testid: (x) => `what-if-${x.key}-fewer` },
            { key: 'fewerLower', label: '95 % CI lower', value: (x) => x.fewer?.lower ?? null, show: (x) => formatNumber(x.fewer?.lower, 0), testid: (x) => `what-if-${x.key}-fewer-lower` },
            { key: 'fewerUpper', label: '95 % CI upper', value: (x) => x.fewer?.upper ?? null, show: (x) => formatNumber(x.fewer?.upper, 0), testid: (x) => `what-if-${x.key}-fewer-upper` },
          ],
        }}
      >
        <ul>
          {keys.slice(1).map((k) => (
            <li key={k} data-testid={`what-if-${k}-sentence`}>
              {r.scenarios[k].sentence}
            </li>
          ))}
        </ul>
      </ChartCard>

      {r.people.length > 1 && (
        <ChartCard
          id="wi-people"
          title="Person by person"
          sentence="Each person's recorded incidents and the number expected under each scenario, from the same model. Numbers for one person are smaller and their intervals relatively wider."
          json={() => r.people}
          csv={() => ({
            columns: [
              { key: 'person', label: 'Person' },
              { key: 'observed', label: 'Recorded' },
              ...(['fullStaffing', 'agencyCap', 'both'] as const).flatMap((k) => [
                { key: k, label: SHORT_NAMES[k] },
                { key: `${k}Lower`, label: `${SHORT_NAMES[k]}: 95 % CI lower` },
                { key: `${k}Upper`, label: `${SHORT_NAMES[k]}: 95 % CI upper` },
              ]),
            ],
            rows: r.people.map((p) => ({
              person: p.label,
              observed: p.observed,
              ...Object.fromEntries(
                (['fullStaffing', 'agencyCap', 'both'] as const).flatMap((k) => [
                  [k, p[k]?.estimate ?? null],
                  [`${k}Lower`, p[k]?.lower ?? null],
                  [`${k}Upper`, p[k]?.upper ?? null],
                ]),
              ),
            })),
          })}
          table={{
            caption: 'Recorded and expected incidents by person and scenario',
            testid: 'what-if-people',
            rows: r.people,
            columns: [
              { key: 'person', label: 'Person', value: (p) => p.label },
              { key: 'observed', label: 'Recorded', value: (p) => p.observed },
              ...(['fullStaffing', 'agencyCap', 'both'] as const).map((k) => ({
                key: k,
                label: SHORT_NAMES[k],
                value: (p: PersonWhatIf) => p[k]?.estimate ?? null,
                show: (p: PersonWhatIf) => estimateText(p[k]),
              })),
            ],
          }}
        />
      )}

      <ChartCard
        id="wi-model"
        title="The rate ratios behind these numbers"
        sentence={`From the staffing model fitted on ${r.fittedOn} (${formatCount(r.model.personPeriods)} person-periods), comparing the same person on the same kind of shift and weekday.${
          r.model.widened ? ` Intervals widened for over-dispersion (dispersion ${formatNumber(r.model.dispersion, 2)}).` : ''
        }`}
        table={{
          caption: 'Incidence rate ratios from the staffing model',
          rows: [...ratios],
          columns: [
            { key: 'condition', label: 'Condition', value: ([label]) => label },
            { key: 'rateRatio', label: 'Rate ratio', value: ([, e]) => e?.estimate ?? null, show: ([, e]) => (e ? formatNumber(e.estimate, 2) : 'not estimable') },
            { key: 'ci', label: '95 % CI', nowrap: true, value: ([, e]) => (e ? formatInterval(e.lower, e.upper, 2) : null) },
          ],
        }}
      />

      <section className="card caveats" aria-labelledby="wi-note-title">
        <h2 id="wi-note-title">Reading these numbers</h2>
        <p data-testid="what-if-note">{r.note}</p>
        {r.incidentsOutsideModel > 0 && <p>{formatCount(r.incidentsOutsideModel)} incidents in periods without known staffing are not included.</p>}
      </section>
    </>
  );
}

function estimateText(e: Estimate | null): string {
  return e ? `${formatNumber(e.estimate, 0)} (${formatInterval(e.lower, e.upper, 0)})` : 'not estimable';
}
